"""The customer map and the needs commitments answer, in the project file: a round trip, each
edit saved as it is made, and version-1 files (written before touchpoints existed) upgraded.

``tests/data/project_v1.pyramid`` was written by ``ProjectFile.create(path, sample_project())``
with the code of schema version 1 (before commit 17b5033), then set to the rollback journal so
that it is one self-contained file.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import pytest
from project_samples import SHIPPED, assert_same_project, sample_project

from pyramid_app.io.project import store
from pyramid_app.io.project.file import DamagedProjectError, ProjectFile, schema_version
from pyramid_app.model.commands import UndoStack, edit_commitment
from pyramid_app.model.customer_commands import (
    add_need,
    add_segment,
    add_touchpoint,
    move_touchpoint,
    remove_need,
    remove_touchpoint,
    rename_segment,
    set_touchpoint_rules,
)
from pyramid_app.model.customers import (
    CustomerMap,
    Importance,
    Need,
    NeedKind,
    RuleField,
    Segment,
    ServeRule,
    Touchpoint,
)
from pyramid_app.model.project import Project

V1_FILE = Path(__file__).resolve().parents[1] / "data" / "project_v1.pyramid"
NOW = dt.datetime(2025, 7, 1, 9, 0)


def rich_map() -> CustomerMap:
    return CustomerMap(
        (
            Segment(
                "Hotel guests",
                "Families « on a break »\nmostly in summer",
                0.55,
                (
                    Touchpoint(
                        "T-001",
                        "Checks in",
                        (
                            ServeRule(RuleField.DEPARTMENT, "Service"),
                            ServeRule(RuleField.TITLE, "Agent, nights"),
                            ServeRule(RuleField.LOCATION, "東京"),
                            ServeRule(RuleField.PERSON, "E"),
                        ),
                        (
                            Need(
                                "N-0001",
                                "a tablet that stays signed in",
                                NeedKind.HAVE,
                                Importance.MUST,
                            ),
                            Need("N-0002", 'welcoming — "always"', NeedKind.BE, Importance.NICE),
                        ),
                        "busiest at 15:00",
                    ),
                    Touchpoint("T-007", "Leaves a review"),
                ),
            ),
            Segment("Travel agents", share=0.0),
            Segment(
                "Event planners",
                touchpoints=(
                    Touchpoint("T-003", "Books a room", needs=(Need("N-0009", "one contact"),)),
                ),
            ),
        ),
        next_touchpoint=12,
        next_need=40,
    )


def rich_project() -> Project:
    project = sample_project()
    project.customer_map = rich_map()
    plan = project.plan
    plan.put(
        [
            dataclasses.replace(plan["C-0001"], needs=("N-0001", "N-0009")),
            dataclasses.replace(plan["C-0010"], needs=("N-0002",)),
        ]
    )
    return project


def reopened(path: Path) -> Project:
    file, project = ProjectFile.open(path, shipped=SHIPPED)
    file.close()
    return project


def test_the_customer_map_and_answered_needs_round_trip(tmp_path: Path) -> None:
    project = rich_project()
    path = tmp_path / "plan.pyramid"
    ProjectFile.create(path, project).close()
    again = reopened(path)
    assert_same_project(project, again)
    assert again.customer_map == rich_map()
    assert (again.customer_map.next_touchpoint, again.customer_map.next_need) == (12, 40)
    assert again.plan["C-0001"].needs == ("N-0001", "N-0009")
    assert again.plan["C-0002"].needs == ()
    segment = again.customer_map.segments[0]
    assert segment.share == 0.55 and again.customer_map.segments[1].share == 0.0
    assert again.customer_map.segments[2].share is None


def test_each_customer_edit_is_saved_as_it_is_made(tmp_path: Path) -> None:
    path = tmp_path / "plan.pyramid"
    project = sample_project()
    file = ProjectFile.create(path, project)
    stack = UndoStack(project)
    stack.push(add_segment(project, "Wedding parties", description="Couples", share=0.1))
    stack.push(add_touchpoint(project, "Hotel guests", "checks in", rules=[("title", "Agent")]))
    stack.push(add_touchpoint(project, "Wedding parties", "tastes the menu"))
    stack.push(add_need(project, "T-001", "a tablet that stays signed in", "have", "must"))
    stack.push(add_need(project, "T-002", "knows every dish", "be"))
    stack.push(edit_commitment(project, "C-0002", NOW, needs=["N-0001", "N-0002"]))
    stack.push(set_touchpoint_rules(project, "T-001", [("department", "Service"), ("person", "D")]))
    stack.push(move_touchpoint(project, "T-002", 0, "Hotel guests"))
    stack.push(rename_segment(project, "Hotel guests", "Guests"))
    assert_same_project(project, _read_while_open(file, path))

    entry = file.history(1)[0]
    assert entry.label == "Rename customer segment “Hotel guests” to “Guests”"
    assert entry.detail == "customers and touchpoints changed"
    stack.push(remove_need(project, "N-0001", now=NOW))
    assert file.history(1)[0].detail == ("1 commitment saved, customers and touchpoints changed")
    assert_same_project(project, _read_while_open(file, path))
    while stack.done:
        stack.undo()
        assert_same_project(project, _read_while_open(file, path))
    file.close()
    again = reopened(path)
    assert again.customers == ["Hotel guests", "Travel agents", "Event planners"]
    assert again.customer_map.touchpoint_count == 0
    # The ids handed out before stay used up, in the file too.
    assert (again.customer_map.next_touchpoint, again.customer_map.next_need) == (3, 3)
    connection = sqlite3.connect(path)
    flags = [row[0] for row in connection.execute("SELECT customers_changed FROM history")]
    connection.close()
    assert flags[0] == 0 and sum(flags) == len(flags) - 1 - 2  # not the commitment-only edits


def _read_while_open(file: ProjectFile, path: Path) -> Project:
    """What the file holds now, read through its own connection (it is held exclusively)."""
    connection = file._connection
    assert connection is not None
    return store.read_project(connection, store.read_meta(connection))


def test_a_version_1_file_opens_with_no_touchpoints(tmp_path: Path) -> None:
    path = tmp_path / "old.pyramid"
    shutil.copyfile(V1_FILE, path)
    before = path.read_bytes()
    connection = sqlite3.connect(path)
    assert dict(connection.execute("SELECT key, value FROM meta"))["schema_version"] == "1"
    connection.close()

    read_only, old = ProjectFile.open(path, read_only=True, shipped=SHIPPED)
    read_only.close()
    assert path.read_bytes() == before  # upgraded in memory only
    assert_same_project(sample_project(), old)
    assert old.customer_map == CustomerMap(
        (Segment("Hotel guests"), Segment("Travel agents"), Segment("Event planners"))
    )
    assert all(commitment.needs == () for commitment in old.plan)

    file, project = ProjectFile.open(path, shipped=SHIPPED)
    assert_same_project(sample_project(), project)
    stack = UndoStack(project)
    stack.push(add_touchpoint(project, "Travel agents", "asks for a group rate"))
    stack.push(add_need(project, "T-001", "a rate within a day", "have", "must"))
    stack.push(edit_commitment(project, "C-0001", NOW, needs=["N-0001"]))
    history = file.history()
    file.close()
    assert [entry.label for entry in history][-1] == "Create project"  # v1 history kept
    connection = sqlite3.connect(path)
    meta = dict(connection.execute("SELECT key, value FROM meta"))
    connection.close()
    assert meta["schema_version"] == str(schema_version()) == "4"
    again = reopened(path)
    assert_same_project(project, again)
    assert again.customer_map.segments[1].touchpoints[0].needs[0].id == "N-0001"
    assert again.plan["C-0001"].needs == ("N-0001",)


def test_damaged_customer_rows_are_reported_not_raised(tmp_path: Path) -> None:
    path = tmp_path / "plan.pyramid"
    ProjectFile.create(path, rich_project()).close()
    for statement, words in [
        ("UPDATE touchpoint SET rules = '[[\"team\", \"x\"]]' WHERE id = 'T-001'", "rule"),
        ("UPDATE need SET kind = 'feel' WHERE id = 'N-0001'", "kind"),
        ("UPDATE need SET touchpoint = 'T-099' WHERE id = 'N-0009'", "without a place"),
        ("UPDATE commitment SET needs = '[7]' WHERE number = 1", "need id"),
    ]:
        broken = tmp_path / "broken.pyramid"
        shutil.copyfile(path, broken)
        connection = sqlite3.connect(broken)
        connection.execute(statement)
        connection.commit()
        connection.close()
        with pytest.raises(DamagedProjectError, match=words):
            ProjectFile.open(broken, shipped=SHIPPED)
        broken.unlink()


def test_removing_a_touchpoint_keeps_its_id_used_up_after_reopening(tmp_path: Path) -> None:
    path = tmp_path / "plan.pyramid"
    project = sample_project()
    file = ProjectFile.create(path, project)
    project.execute(add_touchpoint(project, "Hotel guests", "checks in"))
    project.execute(remove_touchpoint(project, "T-001"))
    file.close()
    file, project = ProjectFile.open(path, shipped=SHIPPED)
    command = add_touchpoint(project, "Hotel guests", "checks out")
    assert command.touchpoint.id == "T-002"
    file.close()
