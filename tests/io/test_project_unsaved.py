"""A new project is saved from its first edit, in the data folder, until the user names it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from project_samples import SHIPPED, assert_same_project, sample_project

from pyramid_app.io.project.file import ProjectFile, ProjectFileError
from pyramid_app.io.project.unsaved import (
    DeferredProjectFile,
    default_data_folder,
    safe_file_name,
    unsaved_projects,
)
from pyramid_app.model.commands import UndoStack, add_commitment, edit_commitment

NOW = dt.datetime(2025, 5, 2, 10, 0)


def reopened(path: Path):  # type: ignore[no-untyped-def]
    file, project = ProjectFile.open(path, shipped=SHIPPED)
    file.close()
    return project


def test_no_file_until_the_first_edit_then_every_edit_is_saved(tmp_path: Path) -> None:
    created: list[ProjectFile] = []
    project = sample_project()
    deferred = DeferredProjectFile(tmp_path, "Harbourlight plan", on_created=created.append)
    project.journal = deferred
    assert deferred.file is None and deferred.path is None
    assert unsaved_projects(tmp_path) == []
    assert deferred.history() == []

    stack = UndoStack(project)
    stack.push(add_commitment(project, "B", "Join the morning huddle", now=NOW))
    path = tmp_path / "projects" / "Harbourlight plan (unsaved 1).pyramid"
    assert deferred.path == path and created == [deferred.file]
    assert project.journal is deferred, "it stays the journal and passes edits on"
    stack.push(edit_commitment(project, "C-0012", NOW, status="done"))
    stack.undo()
    assert [(e.label, e.detail) for e in deferred.history()] == [
        ("Undo Set C-0012 (Bob Berg) done", "1 commitment saved"),
        ("Set C-0012 (Bob Berg) done", "1 commitment saved"),
        ("Add commitment for Bob Berg", "1 commitment saved"),
        ("Create project", "10 people, 5 commitments"),
    ]
    deferred.close()
    assert unsaved_projects(tmp_path) == [path]
    assert_same_project(project, reopened(path))


def test_a_refused_first_edit_leaves_no_file(tmp_path: Path) -> None:
    blocker = tmp_path / "projects"
    blocker.write_text("a file where the folder should be")
    project = sample_project()
    project.journal = DeferredProjectFile(tmp_path, "plan")
    with pytest.raises(ProjectFileError, match=r"folder .*projects for unsaved projects cannot"):
        UndoStack(project).push(add_commitment(project, "B", "Join the huddle", now=NOW))
    assert "C-0012" not in project.plan


def test_two_unsaved_projects_of_one_name_get_their_own_numbers(tmp_path: Path) -> None:
    paths = []
    for _ in range(2):
        project = sample_project()
        deferred = DeferredProjectFile(tmp_path, 'HR: "all" staff/2025')
        project.journal = deferred
        UndoStack(project).push(add_commitment(project, "B", "Join the huddle", now=NOW))
        assert deferred.path is not None
        paths.append(deferred.path)
        deferred.close()
    assert [p.name for p in paths] == [
        "HR all staff 2025 (unsaved 1).pyramid",
        "HR all staff 2025 (unsaved 2).pyramid",
    ]
    assert set(unsaved_projects(tmp_path)) == set(paths)


def test_save_as_moves_the_unsaved_project_where_the_user_wants(tmp_path: Path) -> None:
    project = sample_project()
    deferred = DeferredProjectFile(tmp_path / "data", "plan")
    project.journal = deferred
    stack = UndoStack(project)
    stack.push(add_commitment(project, "B", "Join the huddle", now=NOW))
    unsaved = deferred.path
    assert unsaved is not None
    chosen = tmp_path / "My plan.pyramid"
    saved = deferred.save_as(chosen, project)
    assert project.journal is saved and saved.path == chosen
    assert not unsaved.exists() and unsaved_projects(tmp_path / "data") == []
    stack.push(edit_commitment(project, "C-0012", NOW, status="done"))
    saved.close()
    assert_same_project(project, reopened(chosen))
    with ProjectFile.open(chosen, shipped=SHIPPED)[0] as file:
        assert len(file.history()) == 3


def test_save_as_before_any_edit_and_discard(tmp_path: Path) -> None:
    project = sample_project()
    deferred = DeferredProjectFile(tmp_path, "plan")
    project.journal = deferred
    saved = deferred.save_as(tmp_path / "early.pyramid", project)
    saved.close()
    assert_same_project(project, reopened(tmp_path / "early.pyramid"))

    other = sample_project()
    dropped = DeferredProjectFile(tmp_path, "dropped")
    other.journal = dropped
    UndoStack(other).push(add_commitment(other, "B", "Join the huddle", now=NOW))
    assert len(unsaved_projects(tmp_path)) == 1
    dropped.discard()
    assert unsaved_projects(tmp_path) == []
    assert sorted(p.name for p in (tmp_path / "projects").iterdir()) == []


def test_default_data_folder_follows_xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_data_folder() == tmp_path / "data" / "Pyramid Planner"
    monkeypatch.setenv("XDG_DATA_HOME", "relative/data")  # invalid by the spec: ignored
    assert default_data_folder() == Path.home() / ".local" / "share" / "Pyramid Planner"
    monkeypatch.delenv("XDG_DATA_HOME")
    assert default_data_folder() == Path.home() / ".local" / "share" / "Pyramid Planner"
    deferred = DeferredProjectFile(name_hint="x")
    assert deferred.folder == default_data_folder()


def test_safe_file_names() -> None:
    assert safe_file_name("Sales: Q3/Q4 <draft>?") == "Sales Q3 Q4 draft"
    assert safe_file_name("  ...  ") == "Project"
    assert safe_file_name("a\x00b\tc") == "a b c"
    assert len(safe_file_name("x" * 500)) == 80
