"""The columns hidden from the audience are kept in the project file, through an undo after a
reopen, and a value there that is not a list of names is the damaged-file message."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from project_samples import sample_project

from pyramid_app.io.project.file import DamagedProjectError, ProjectFile
from pyramid_app.model.audience import hide_columns
from pyramid_app.model.commands import UndoStack


def _hideable(path: Path) -> tuple[ProjectFile, str]:
    project = sample_project()
    project.chart.attributes["Salary"] = ["1"] * len(project.chart)
    ProjectFile.create(path, project).close()
    return ProjectFile.open(path)[0], "Salary"


def test_hidden_columns_survive_a_reopen_and_undo_after_it(tmp_path: Path) -> None:
    path = tmp_path / "p.pyramid"
    store, column = _hideable(path)
    store.close()
    store, project = ProjectFile.open(path)
    UndoStack(project).push(hide_columns(project, [column]))
    store.close()
    store, project = ProjectFile.open(path)
    assert project.hidden == {column}
    store.close()


@pytest.mark.parametrize("stored", ["[1, 2]", "not json", '{"Salary": true}'])
def test_a_garbled_hidden_list_is_a_damaged_file(tmp_path: Path, stored: str) -> None:
    path = tmp_path / "p.pyramid"
    store, _column = _hideable(path)
    store.close()
    with sqlite3.connect(path) as connection:
        connection.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('hidden_columns', ?)", (stored,)
        )
    connection.close()
    with pytest.raises(DamagedProjectError, match="hidden from the audience"):
        ProjectFile.open(path, read_only=True)
