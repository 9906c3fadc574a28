"""The project file keeps everything, edit by edit: round trips through real SQLite files."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
from pathlib import Path

import numpy as np
import pytest
from project_samples import SHIPPED, assert_same_project, sample_chart, sample_project

from pyramid_app.io.project import file as project_file
from pyramid_app.io.project.file import (
    HistoryEntry,
    ProjectExistsError,
    ProjectFile,
    ProjectFileError,
    ProjectSaveError,
)
from pyramid_app.io.project.unsaved import project_from_import
from pyramid_app.io.spreadsheet.org_import import read_org
from pyramid_app.model.commands import (
    ReplaceOrganisation,
    UndoStack,
    add_commitment,
    add_progress_note,
    add_user_family,
    add_user_suggestion,
    bulk_add,
    delete_commitments,
    duplicate_commitment,
    edit_commitment,
)
from pyramid_app.model.library import Suggestion
from pyramid_app.model.org import OrgChart
from pyramid_app.model.project import OrgSource, Project

NOW = dt.datetime(2025, 5, 2, 10, 0)


def reopened(path: Path) -> Project:
    opened, project = ProjectFile.open(path, shipped=SHIPPED)
    opened.close()
    return project


def test_a_created_project_opens_equal(tmp_path: Path) -> None:
    original = sample_project()
    path = tmp_path / "plan.pyramid"
    created = ProjectFile.create(path, original)
    assert original.journal is created and created.project is original
    created.close()

    opened, project = ProjectFile.open(path, shipped=SHIPPED)
    with opened:
        assert_same_project(original, project)
        assert project.library.shipped == SHIPPED
        assert project.journal is opened
        assert project.read_only_reason is None
        assert project.chart.person(project.chart.index_of("D")).attributes == {
            "Cost centre": "CC2",
            "Grade": "3",
        }
        (entry,) = opened.history()
        assert (entry.seq, entry.label, entry.detail) == (
            1,
            "Create project",
            "10 people, 4 commitments",
        )
        assert entry.at.tzinfo is not None


def test_the_shipped_library_comes_from_the_app_unless_given(tmp_path: Path) -> None:
    path = tmp_path / "plan.pyramid"
    ProjectFile.create(path, sample_project()).close()
    opened, project = ProjectFile.open(path)
    opened.close()
    assert project.library.shipped, "the app's practices.json should give some families"
    assert all(family.shipped for family in project.library.shipped)


def test_an_empty_plan_and_a_one_person_chart(tmp_path: Path) -> None:
    chart = OrgChart.from_parents(["solo"], [-1])
    original = Project(chart, OrgSource("one.csv"))
    ProjectFile.create(tmp_path / "one.pyramid", original).close()
    assert_same_project(original, reopened(tmp_path / "one.pyramid"))


def test_values_with_nul_characters_survive(tmp_path: Path) -> None:
    original = sample_project()
    original.chart.names[1] = "Ann\x00Abe"
    original.chart.attributes["Grade"][2] = "\x00"
    original.chart.titles[3] = "lone \udcff surrogate"
    ProjectFile.create(tmp_path / "nul.pyramid", original).close()
    project = reopened(tmp_path / "nul.pyramid")
    assert project.chart.names[1] == "Ann\x00Abe"
    assert project.chart.attributes["Grade"][2] == "\x00"
    assert_same_project(original, project)


def _edits(project: Project, stack: UndoStack) -> None:
    """Every kind of edit the window makes, through the same undo stack."""
    stack.push(add_commitment(project, "B", "Join the morning huddle", now=NOW, serves=["E"]))
    stack.push(edit_commitment(project, "C-0001", NOW, status="done", due=dt.date(2025, 7, 1)))
    stack.push(add_progress_note(project, "C-0002", "Went in March", dt.date(2025, 3, 30), NOW))
    stack.push(duplicate_commitment(project, "C-0004", NOW))
    stack.push(delete_commitments(project, ["C-0010"]))
    stack.push(bulk_add(project, ["A", "B", "C"], Suggestion("Ask what gets in the way"), now=NOW))
    stack.push(add_user_family(project, "Recognition", "Celebrate service"))
    stack.push(add_user_suggestion(project, "Recognition", Suggestion("Thank someone weekly")))
    stack.push(edit_commitment(project, "C-0012", NOW, text="Join the huddle", serves=[]))


def test_edits_through_the_undo_stack_are_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "plan.pyramid"
    project = sample_project()
    file = ProjectFile.create(path, project)
    stack = UndoStack(project)
    _edits(project, stack)
    assert len(project.plan) == 8
    file.close()
    assert_same_project(project, reopened(path))


def test_undo_and_redo_are_saved_too(tmp_path: Path) -> None:
    path = tmp_path / "plan.pyramid"
    project = sample_project()
    file = ProjectFile.create(path, project)
    stack = UndoStack(project)
    _edits(project, stack)
    for _ in range(5):
        stack.undo()
    stack.redo()
    file.close()
    saved = reopened(path)
    assert_same_project(project, saved)
    assert "Recognition" not in saved.library.user_families  # both library steps undone
    assert "C-0014" not in saved.plan  # the bulk add was undone
    assert "C-0010" not in saved.plan  # the delete was undone, then redone
    assert saved.plan["C-0012"].text == "Join the morning huddle"  # its edit was undone

    file, project = ProjectFile.open(path, shipped=SHIPPED)
    stack = UndoStack(project)  # a new session: undo history starts empty, the file goes on
    stack.push(edit_commitment(project, "C-0002", NOW, status="in progress"))
    stack.undo()
    stack.redo()
    file.close()
    again = reopened(path)
    assert_same_project(project, again)
    assert again.plan["C-0002"].status.value == "in progress"


def test_organisation_update_and_its_undo_rewrite_the_snapshot(tmp_path: Path) -> None:
    path = tmp_path / "plan.pyramid"
    project = sample_project()
    old_chart = sample_chart()
    file = ProjectFile.create(path, project)
    stack = UndoStack(project)
    new_chart = OrgChart.from_parents(
        ["A", "B", "D", "Q"], [-1, 0, 1, 1], ["Ann Abe", "Bob Berg", "Zoë Diaz", "Quinn New"]
    )
    new_source = OrgSource("export June.xlsx", "Staff", 1, {"id": "ID"}, dt.datetime(2025, 6, 1))
    stack.push(ReplaceOrganisation(new_chart, new_source, ("Guests",)))
    (entry, *_rest) = file.history()
    assert entry.label == "Update organisation"
    assert "organisation replaced" in entry.detail
    file.close()
    updated = reopened(path)
    assert updated.chart.ids == ["A", "B", "D", "Q"]
    # Customers from the new export join the segments already there (which keep touchpoints).
    assert updated.source == new_source
    assert updated.customers == ["Hotel guests", "Travel agents", "Event planners", "Guests"]
    assert updated.chart.attributes == {}

    file, project = ProjectFile.open(path, shipped=SHIPPED)
    stack = UndoStack(project)
    stack.push(ReplaceOrganisation(old_chart, sample_project().source, ("Hotel guests",)))
    file.close()
    assert reopened(path).chart.attributes == old_chart.attributes


def test_history_lists_each_saved_step_newest_first(tmp_path: Path) -> None:
    project = sample_project()
    file = ProjectFile.create(tmp_path / "plan.pyramid", project)
    stack = UndoStack(project)
    stack.push(add_commitment(project, "B", "Join the morning huddle", now=NOW))
    stack.push(delete_commitments(project, ["C-0001", "C-0002"]))
    stack.undo()
    stack.push(add_user_family(project, "Recognition"))
    history = file.history()
    assert [(e.seq, e.label, e.detail) for e in history] == [
        (5, "Add practice family Recognition", "practice library changed"),
        (4, "Undo Delete 2 commitments", "2 commitments saved"),
        (3, "Delete 2 commitments", "2 commitments deleted"),
        (2, "Add commitment for Bob Berg", "1 commitment saved"),
        (1, "Create project", "10 people, 4 commitments"),
    ]
    assert file.history(limit=2) == history[:2]
    assert all(isinstance(e, HistoryEntry) for e in history)
    assert history[0].at >= history[-1].at
    file.close()
    assert file.history() == []


def test_create_refuses_to_replace_unless_asked(tmp_path: Path) -> None:
    path = tmp_path / "plan.pyramid"
    path.write_text("someone's notes")
    with pytest.raises(ProjectExistsError, match=r"plan\.pyramid already exists; choose"):
        ProjectFile.create(path, sample_project())
    assert path.read_text() == "someone's notes"
    ProjectFile.create(path, sample_project(), overwrite=True).close()
    assert_same_project(sample_project(), reopened(path))


def test_a_failed_create_leaves_no_file_behind(tmp_path: Path) -> None:
    """Written under a temporary name and renamed: a failure never shows half a file."""
    folder = tmp_path / "projects"
    folder.mkdir()
    path = folder / "plan.pyramid"
    ProjectFile.create(path, sample_project()).close()
    good = path.read_bytes()
    broken = sample_project()
    broken.chart.attributes["Grade"].pop()  # a column one value short cannot be written
    with pytest.raises(ProjectSaveError, match=r"plan\.pyramid was not saved"):
        ProjectFile.create(path, broken, overwrite=True)
    with pytest.raises(ProjectSaveError):
        ProjectFile.create(folder / "new.pyramid", broken)
    assert path.read_bytes() == good
    assert sorted(p.name for p in folder.iterdir()) == ["plan.pyramid"]


def test_create_into_a_missing_folder_says_so(tmp_path: Path) -> None:
    with pytest.raises(ProjectFileError, match=r"The folder .*nowhere does not exist"):
        ProjectFile.create(tmp_path / "nowhere" / "plan.pyramid", sample_project())


def test_save_as_copies_history_and_moves_the_project(tmp_path: Path) -> None:
    first_path, second_path = tmp_path / "first.pyramid", tmp_path / "second.pyramid"
    project = sample_project()
    first = ProjectFile.create(first_path, project)
    stack = UndoStack(project)
    stack.push(add_commitment(project, "B", "Join the morning huddle", now=NOW))
    second = first.save_as(second_path)
    assert first.closed and project.journal is second and second.project is project
    stack.push(edit_commitment(project, "C-0012", NOW, status="done"))
    assert [e.seq for e in second.history()] == [3, 2, 1]
    second.close()
    assert reopened(first_path).plan["C-0012"].status.value == "planned"
    assert_same_project(project, reopened(second_path))
    # The first file is free again: nothing holds it.
    ProjectFile.open(first_path, shipped=SHIPPED)[0].close()


def test_save_as_over_an_existing_file_and_onto_itself(tmp_path: Path) -> None:
    project = sample_project()
    file = ProjectFile.create(tmp_path / "a.pyramid", project)
    (tmp_path / "b.pyramid").write_text("old")
    (tmp_path / "b.pyramid-wal").write_bytes(b"a log left by a crash of the old b")
    copy = file.save_as(tmp_path / "b.pyramid")
    assert copy.save_as(tmp_path / "b.pyramid") is copy
    with pytest.raises(ProjectExistsError):
        copy.save_as(tmp_path / "a.pyramid", overwrite=False)
    copy.close()
    assert_same_project(project, reopened(tmp_path / "b.pyramid"))


def test_migrations_upgrade_an_older_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "old.pyramid"
    ProjectFile.create(path, sample_project()).close()
    ran: list[int] = []

    def add_tags(connection: sqlite3.Connection) -> None:
        ran.append(1)
        connection.execute("CREATE TABLE tag (name TEXT PRIMARY KEY)")

    # Pretend the newest version gains a tag table on top of the real migrations.
    real = list(project_file.MIGRATIONS)
    newest = len(real) + 2
    monkeypatch.setattr(project_file, "MIGRATIONS", [*real, add_tags])
    assert project_file.schema_version() == newest
    before = path.read_bytes()
    read_only, project = ProjectFile.open(path, read_only=True, shipped=SHIPPED)
    read_only.close()
    assert ran == [1] and path.read_bytes() == before  # upgraded in memory only
    assert_same_project(sample_project(), project)

    ProjectFile.open(path, shipped=SHIPPED)[0].close()
    assert ran == [1, 1]
    connection = sqlite3.connect(path)
    meta = dict(connection.execute("SELECT key, value FROM meta"))
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    connection.close()
    assert meta["schema_version"] == str(newest) and "tag" in tables
    ProjectFile.open(path, shipped=SHIPPED)[0].close()
    assert ran == [1, 1], "an upgraded file is not upgraded again"
    ProjectFile.create(tmp_path / "new.pyramid", sample_project()).close()
    assert ran == [1, 1, 1], "a new file goes through the same migrations"


def test_project_from_an_imported_spreadsheet(tmp_path: Path, xlsx_file) -> None:  # type: ignore[no-untyped-def]
    path = xlsx_file(
        sheets={
            "Staff": [
                ["Employee ID", "Manager ID", "Name", "Title", "Cost centre"],
                ["1", "", "Ann", "CEO", "C1"],
                ["2", "1", "Bob", "Head", "C2"],
                ["3", "2", "Cy", "Agent", "C2"],
            ],
            "Customers": [["Segment"], ["Guests"], ["Agencies"]],
        },
        name="Harbour staff.xlsx",
    )
    result = read_org(path)
    project = project_from_import(result, now=NOW, shipped=SHIPPED)
    assert project.name == "Harbour staff"
    assert project.customers == ["Guests", "Agencies"]
    assert project.source.file_name == "Harbour staff.xlsx"
    assert project.source.sheet == "Staff" and project.source.header_row == 1
    assert project.source.mapping["id"] == "Employee ID"
    assert project.source.mapping["manager"] == "Manager ID"
    assert project.source.imported_at == NOW
    assert project.library.shipped == SHIPPED
    assert project_from_import(result).library.shipped, "the app's own library by default"
    ProjectFile.create(tmp_path / "p.pyramid", project).close()
    assert_same_project(project, reopened(tmp_path / "p.pyramid"))


def test_a_large_plan_loads_in_number_order(tmp_path: Path) -> None:
    project = sample_project()
    commitment = project.plan["C-0002"]
    many = [dataclasses.replace(commitment, id=f"C-{n:04d}") for n in range(5_000, 8, -1)]
    project.plan.put(many)
    ProjectFile.create(tmp_path / "big.pyramid", project).close()
    loaded = reopened(tmp_path / "big.pyramid")
    numbers = [c.number for c in loaded.plan]
    assert numbers == sorted(numbers) and len(numbers) == len(project.plan)
    assert loaded.plan.next_number == 5_001
    assert np.all(loaded.chart.depth == project.chart.depth)


def test_a_plan_read_as_it_is_listed_is_the_plan_read_whole(tmp_path: Path) -> None:
    """Opened without its plan, a project's commitments stream from the file in number order,
    each with its notes; one manager's alone when asked."""
    project = sample_project()
    path = tmp_path / "p.pyramid"
    ProjectFile.create(path, project).close()
    opened, without = ProjectFile.open(path, read_only=True, shipped=SHIPPED, with_plan=False)
    with opened:
        assert not without.plan and without.plan.next_number == project.plan.next_number
        in_order = sorted(project.plan, key=lambda c: c.number)
        assert list(opened.commitments()) == in_order
        assert any(commitment.notes for commitment in in_order)
        manager = in_order[-1].manager_id
        assert list(opened.commitments(manager)) == project.plan.of_manager(manager)
        assert list(opened.commitments("nobody")) == []
    with pytest.raises(ValueError, match="needs its plan"):
        ProjectFile.open(path, shipped=SHIPPED, with_plan=False)


def test_repeated_values_are_read_back_as_one_string_each(tmp_path: Path) -> None:
    """Titles, departments, locations, extra columns and a plan's managers, practices and
    wordings repeat over thousands of rows: read back, each distinct value is one string, so a
    million people and commitments fit in memory; the values themselves are unchanged."""
    original = sample_project()
    path = tmp_path / "plan.pyramid"
    ProjectFile.create(path, original).close()
    project = reopened(path)
    assert_same_project(original, project)
    chart = project.chart
    for column in (chart.titles, chart.departments, chart.locations):
        for value in set(column):
            assert len({id(v) for v in column if v == value}) == 1, value
    grades = [person.attributes["Grade"] for person in map(chart.person, range(len(chart)))]
    assert len(set(grades)) < len(grades)
    commitments = list(project.plan)
    for field in ("manager_id", "practice", "text"):
        values = [getattr(c, field) for c in commitments]
        assert len({id(v) for v in values}) == len(set(values)), field
