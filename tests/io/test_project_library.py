"""The shipped practice library loader: the real file, and clear errors for broken ones."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pyramid_app.io.library import (
    PracticeLibraryError,
    load_shipped_library,
    shipped_library_path,
)
from pyramid_app.io.project.file import ProjectFile, ProjectFileError
from pyramid_app.model.library import PracticeFamily, Suggestion


def write(tmp_path: Path, document: Any) -> Path:
    path = tmp_path / "practices.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_the_shipped_file_loads() -> None:
    families = load_shipped_library()
    assert families and all(isinstance(f, PracticeFamily) and f.shipped for f in families)
    assert all(f.suggestions for f in families)
    raw = json.loads(shipped_library_path().read_text(encoding="utf-8"))
    assert [f.name for f in families] == [f["name"] for f in raw["families"]]
    first = raw["families"][0]["suggestions"][0]
    assert families[0].suggestions[0] == Suggestion(
        first["text"], first["measure"], first["cadence"]
    )


def test_a_small_library_in_order(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        {
            "version": 1,
            "families": [
                {
                    "name": "Listening",
                    "description": "Hear first",
                    "suggestions": [{"text": "Ask", "measure": "asked", "cadence": "weekly"}],
                },
                {"name": "Recognition", "description": "", "suggestions": [{"text": "Thank"}]},
            ],
        },
    )
    assert load_shipped_library(path) == (
        PracticeFamily("Listening", "Hear first", (Suggestion("Ask", "asked", "weekly"),), True),
        PracticeFamily("Recognition", "", (Suggestion("Thank"),), True),
    )


def test_a_missing_file_says_reinstall(tmp_path: Path) -> None:
    missing = tmp_path / "practices.json"
    with pytest.raises(PracticeLibraryError) as caught:
        load_shipped_library(missing)
    assert str(caught.value) == (
        f"The practice library {missing} is missing; reinstall Pyramid Planner to get it back."
    )


def test_not_json(tmp_path: Path) -> None:
    path = tmp_path / "practices.json"
    path.write_text('{"families": [\n  {"name": "A",,}\n]}', encoding="utf-8")
    with pytest.raises(PracticeLibraryError, match=r"is not valid JSON \(line 2, column 16"):
        load_shipped_library(path)


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ([], "the top level should be an object with 'families'"),
        ({"families": []}, "'families' should be a non-empty list"),
        ({"families": ["Leadership"]}, "family 1 should be an object"),
        ({"families": [{"description": "x"}]}, "family 1 has no name"),
        ({"families": [{"name": "A"}, {"name": "A"}]}, r"family 2 \(A\) repeats the name"),
        (
            {"families": [{"name": "A", "suggestions": {}}]},
            r"family 1 \(A\) has 'suggestions' that",
        ),
        ({"families": [{"name": "A", "suggestions": [{"text": ""}]}]}, "suggestion 1, has no text"),
        (
            {"families": [{"name": "A", "suggestions": [{"text": "t", "cadence": 7}]}]},
            "suggestion 1, has a 'cadence' that is not text",
        ),
    ],
)
def test_malformed_libraries_name_the_place(tmp_path: Path, document: Any, message: str) -> None:
    path = write(tmp_path, document)
    with pytest.raises(PracticeLibraryError, match=message) as caught:
        load_shipped_library(path)
    assert str(caught.value).startswith(f"The practice library {path} is malformed: ")
    assert str(caught.value).endswith("; reinstall Pyramid Planner.")


def test_a_newer_library_version(tmp_path: Path) -> None:
    path = write(tmp_path, {"version": 2, "families": [{"name": "A"}]})
    with pytest.raises(PracticeLibraryError, match="has version 2, but this Pyramid Planner reads"):
        load_shipped_library(path)


def test_opening_a_project_without_its_library_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from project_samples import sample_project

    from pyramid_app.io import library

    path = tmp_path / "plan.pyramid"
    ProjectFile.create(path, sample_project()).close()
    monkeypatch.setattr(library, "SHIPPED_LIBRARY", "no-such-practices.json")
    with pytest.raises(ProjectFileError, match=r"plan\.pyramid was not opened: The practice lib"):
        ProjectFile.open(path)
