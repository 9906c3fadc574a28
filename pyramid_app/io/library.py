"""The practice library shipped with the app: ``resources/practices.json``.

A project stores only its own families (see :mod:`pyramid_app.io.project.file`); the shipped
ones are read from here every time a project is made or opened, so an update of the app brings
new suggestions to old projects. A missing or malformed file is an installation problem and is
reported as one, never replaced by an empty library without a word.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from pyramid_app.model.library import PracticeFamily, Suggestion

SHIPPED_LIBRARY = "practices.json"
LIBRARY_VERSION = 1


class PracticeLibraryError(ValueError):
    """The shipped practice library cannot be used; the message names the file and the place."""


def shipped_library_path() -> Path:
    """Where ``practices.json`` is: in the installed package, or in a checkout's resources/."""
    try:
        return Path(str(resources.files("pyramid_app.resources") / SHIPPED_LIBRARY))
    except ModuleNotFoundError:
        # A source checkout keeps resources/ beside the package rather than inside it.
        return Path(__file__).resolve().parents[2] / "resources" / SHIPPED_LIBRARY


def load_shipped_library(path: str | Path | None = None) -> tuple[PracticeFamily, ...]:
    """The shipped practice families, in file order, each marked ``shipped=True``.

    Raises :class:`PracticeLibraryError` when the file is missing, is not JSON, or does not have
    the expected shape; the message says which file, where in it, and to reinstall the app.
    """
    file = Path(path) if path is not None else shipped_library_path()
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PracticeLibraryError(
            f"The practice library {file} is missing; reinstall Pyramid Planner to get it back."
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise PracticeLibraryError(
            f"The practice library {file} cannot be read ({reason}); "
            "reinstall Pyramid Planner or check the file's permissions."
        ) from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise PracticeLibraryError(
            f"The practice library {file} is not valid JSON (line {error.lineno}, column "
            f"{error.colno}: {error.msg}); reinstall Pyramid Planner."
        ) from None
    return families_from_document(document, str(file))


def families_from_document(document: Any, where: str) -> tuple[PracticeFamily, ...]:
    """Check and convert the parsed JSON of a practice library."""

    def fail(place: str, problem: str) -> PracticeLibraryError:
        return PracticeLibraryError(
            f"The practice library {where} is malformed: {place} {problem}; "
            "reinstall Pyramid Planner."
        )

    if not isinstance(document, dict):
        raise fail("the top level", "should be an object with 'families'")
    version = document.get("version", LIBRARY_VERSION)
    if version != LIBRARY_VERSION:
        raise PracticeLibraryError(
            f"The practice library {where} has version {version!r}, but this Pyramid Planner "
            f"reads version {LIBRARY_VERSION}; reinstall or update the app."
        )
    raw_families = document.get("families")
    if not isinstance(raw_families, list) or not raw_families:
        raise fail("'families'", "should be a non-empty list")
    families: list[PracticeFamily] = []
    seen: set[str] = set()
    for number, raw in enumerate(raw_families, 1):
        place = f"family {number}"
        if not isinstance(raw, dict):
            raise fail(place, "should be an object with 'name', 'description' and 'suggestions'")
        name = raw.get("name")
        if not isinstance(name, str) or not name.strip():
            raise fail(place, "has no name")
        place = f"family {number} ({name})"
        if name in seen:
            raise fail(place, "repeats the name of an earlier family")
        seen.add(name)
        description = raw.get("description", "")
        if not isinstance(description, str):
            raise fail(place, "has a description that is not text")
        raw_suggestions = raw.get("suggestions", [])
        if not isinstance(raw_suggestions, list):
            raise fail(place, "has 'suggestions' that are not a list")
        suggestions: list[Suggestion] = []
        for index, item in enumerate(raw_suggestions, 1):
            spot = f"{place}, suggestion {index},"
            if not isinstance(item, dict):
                raise fail(spot, "should be an object with 'text', 'measure' and 'cadence'")
            values = {key: item.get(key, "") for key in ("text", "measure", "cadence")}
            for key, value in values.items():
                if not isinstance(value, str):
                    raise fail(spot, f"has a '{key}' that is not text")
            if not values["text"].strip():
                raise fail(spot, "has no text")
            suggestions.append(Suggestion(values["text"], values["measure"], values["cadence"]))
        families.append(PracticeFamily(name, description, tuple(suggestions), shipped=True))
    return tuple(families)
