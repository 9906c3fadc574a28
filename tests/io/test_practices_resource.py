"""The shipped practice library is well-formed data, and it travels with the installed package.

Read with the json module rather than the app's loader, so a broken file is caught here even if
the loader were lenient about it.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from pyramid_app.model.plan import STANDARD_CADENCES

NAME = "practices.json"
CHECKOUT = Path(__file__).resolve().parents[2] / "resources" / NAME


@pytest.fixture(scope="module")
def installed_text() -> str:
    entry = resources.files("pyramid_app.resources") / NAME
    assert entry.is_file(), f"{NAME} is not installed in pyramid_app.resources"
    return entry.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def library(installed_text: str) -> dict[str, Any]:
    document = json.loads(installed_text)
    assert isinstance(document, dict)
    return document


@pytest.fixture(scope="module")
def families(library: dict[str, Any]) -> list[dict[str, Any]]:
    assert isinstance(library["families"], list)
    return library["families"]


def test_installed_copy_is_the_checkout_copy(installed_text: str) -> None:
    if not CHECKOUT.is_file():
        pytest.skip("no checkout beside the tests: only the installed copy exists")
    assert installed_text == CHECKOUT.read_text(encoding="utf-8")


def test_top_level_shape(library: dict[str, Any]) -> None:
    assert set(library) == {"version", "families"}
    assert library["version"] == 1


def test_family_names_are_unique_and_described(families: list[dict[str, Any]]) -> None:
    names = [family["name"] for family in families]
    assert all(isinstance(name, str) and name.strip() == name and name for name in names)
    assert len(set(names)) == len(names), names
    # Differences in case alone would look like duplicates in a menu.
    assert len({name.casefold() for name in names}) == len(names)
    for family in families:
        assert set(family) == {"name", "description", "suggestions"}, family["name"]
        assert isinstance(family["description"], str) and family["description"].strip()


def test_every_suggestion_has_text_measure_and_a_standard_cadence(
    families: list[dict[str, Any]],
) -> None:
    for family in families:
        assert isinstance(family["suggestions"], list) and family["suggestions"], family["name"]
        for suggestion in family["suggestions"]:
            where = f"{family['name']}: {suggestion.get('text')!r}"
            assert set(suggestion) == {"text", "measure", "cadence"}, where
            assert isinstance(suggestion["text"], str) and suggestion["text"].strip(), where
            assert isinstance(suggestion["measure"], str) and suggestion["measure"].strip(), where
            assert suggestion["cadence"] in STANDARD_CADENCES, where


def test_suggestion_texts_are_not_repeated(families: list[dict[str, Any]]) -> None:
    texts = [s["text"].casefold() for family in families for s in family["suggestions"]]
    assert len(set(texts)) == len(texts)


def test_library_is_broad_enough_to_start_from(families: list[dict[str, Any]]) -> None:
    full = [family["name"] for family in families if len(family["suggestions"]) >= 4]
    assert len(full) >= 5, full
    names = {family["name"] for family in families}
    # The five areas of business service leadership are the backbone of the library.
    assert {
        "Leadership",
        "Customer advocacy",
        "Business service management",
        "Get it done",
        "Ambassadors",
    } <= names
