"""Targets, results and the history of edits in the project file (schema 4): saved edit by edit,
read back the same, undone after a restart; the history read back walks to the same series as
the one kept in memory; a file holding anything else in those tables is damaged."""

from __future__ import annotations

import datetime as dt
import random
import shutil
import sqlite3
from pathlib import Path

import pytest
from hostile_projects import edited, saved_project
from progress_samples import BEGAN, LISBON, Clock, hotel, hotel_edits, versions_as_rows
from project_samples import SHIPPED

from pyramid_app.cli.main import main
from pyramid_app.io.project.command_codec import CodecError, decode_command, encode_command
from pyramid_app.io.project.edit_history import read_step
from pyramid_app.io.project.file import DamagedProjectError, ProjectFile, schema_version
from pyramid_app.model import plan_walk
from pyramid_app.model.commands import (
    Command,
    RemoveCommitments,
    UndoStack,
    _Restore,
    add_commitment,
    delete_commitments,
    edit_commitment,
)
from pyramid_app.model.plan import Commitment, ProgressNote, Status
from pyramid_app.model.plan_history import HistoryRecorder
from pyramid_app.model.plan_past import replay
from pyramid_app.model.progress import PlanSeries
from pyramid_app.model.project import Project
from pyramid_app.model.result_commands import set_result
from pyramid_app.model.results import Period
from pyramid_app.model.targets import Measure
from pyramid_app.model.units import Unit, UnitKind

TODAY = dt.date(2025, 2, 3)


def saved_with_history(
    path: Path, project: Project, clock: Clock
) -> tuple[ProjectFile, HistoryRecorder]:
    """``project`` saved at ``path``, each edit kept in memory too, as the window keeps them."""
    file = ProjectFile.create(path, project, clock=clock)
    recorder = HistoryRecorder(clock, began=BEGAN, then=file)
    project.journal = recorder
    return file, recorder


def test_targets_results_and_history_are_saved_edit_by_edit(tmp_path: Path):
    clock = Clock()
    project = hotel()
    path = tmp_path / "hotel.pyramid"
    file, recorder = saved_with_history(path, project, clock)
    hotel_edits(project, clock)
    file.close()

    reopened_file, reopened = ProjectFile.open(path, shipped=SHIPPED)
    try:
        assert list(reopened.targets) == list(project.targets)
        assert list(reopened.results) == list(project.results)
        entries = reopened_file.history()
        assert entries[-1].at.replace(tzinfo=None) == BEGAN  # the file's creation, on its clock
        assert entries[0].detail == "1 commitment saved"
        assert entries[1].detail == "targets changed"
        assert entries[2].detail == "1 result saved"
        # The file's history walks to the same series as the one kept in memory.
        from_file = replay(reopened, reopened_file.plan_history(), TODAY)
        in_memory = replay(project, recorder.history(), TODAY)
        assert from_file.days == in_memory.days
        series = PlanSeries(reopened.chart, reopened.customer_map, from_file)
        expected = PlanSeries(project.chart, project.customer_map, in_memory)
        assert series.front_line_served().part == expected.front_line_served().part == [
            0, 0, 2, 2, 0
        ]  # fmt: skip
        assert series.must_needs_answered().part == [0, 0, 1, 1, 0]
        # Undo goes on after a restart: the result, then the target.
        stack = UndoStack(reopened)
        stack.done = [(command, inverse) for command, inverse in reopened_file.undo_steps()]
        stack.undo()  # the dropped commitment
        stack.undo()  # the Lisbon target
        assert reopened.targets.get("Guest satisfaction", LISBON) is None
        stack.undo()  # January's result
        assert len(reopened.results) == 2
    finally:
        reopened_file.close()
    _again, again = ProjectFile.open(path, read_only=True, shipped=SHIPPED)
    assert len(again.results) == 2 and len(again.targets) == 2
    assert [t.measure for t in again.targets] == ["front-line-served", "must-needs-answered"]


def test_a_long_history_read_back_walks_as_the_one_kept_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Two hundred edits saved to the file (statuses, due dates, texts, several fields at once,
    deletions and their undo): read back, newest first, the history walks to the same values
    as the one kept in memory, its runs of edits read together or one edit at a time."""
    clock = Clock()
    project = hotel()
    path = tmp_path / "hotel.pyramid"
    file, recorder = saved_with_history(path, project, clock)
    stack = UndoStack(project)
    rng = random.Random(7)
    for step in range(200):
        clock.now += dt.timedelta(hours=rng.choice([1, 5, 30]))
        ids = sorted(project.plan.commitments)
        roll = rng.random()
        if roll < 0.2 or not ids:
            manager = rng.choice("ABC")
            stack.push(add_commitment(project, manager, f"serve {step}", now=clock.now))
        elif roll < 0.55:
            status = rng.choice(list(Status))
            stack.push(edit_commitment(project, rng.choice(ids), clock.now, status=status))
        elif roll < 0.7:
            due = clock.now.date() + dt.timedelta(days=rng.randint(1, 40))
            stack.push(edit_commitment(project, rng.choice(ids), clock.now, due=due, text="due"))
        elif roll < 0.8:
            stack.push(edit_commitment(project, rng.choice(ids), clock.now, text=f"text {step}"))
        elif roll < 0.9:
            stack.push(delete_commitments(project, [rng.choice(ids)]))
        elif stack.done:
            stack.undo()
    file.close()
    today = clock.now.date()
    reopened_file, reopened = ProjectFile.open(path, read_only=True, shipped=SHIPPED)
    try:
        for batch in (1, 10**9):
            monkeypatch.setattr(plan_walk, "BATCH_EDITS", batch)
            from_file = replay(reopened, reopened_file.plan_history(), today)
            in_memory = replay(project, recorder.history(), today)
            assert versions_as_rows(from_file) == versions_as_rows(in_memory)
            series = PlanSeries(reopened.chart, reopened.customer_map, from_file)
            expected = PlanSeries(project.chart, project.customer_map, in_memory)
            for measure in Measure:
                assert series.counted(measure) == expected.counted(measure)
    finally:
        reopened_file.close()
    assert len(from_file.versions) > 100


def test_a_result_edit_writes_only_its_row(tmp_path: Path):
    project = hotel()
    path = tmp_path / "hotel.pyramid"
    file = ProjectFile.create(path, project)
    for month in range(1, 13):
        project.execute(set_result(project, LISBON, "NPS", Period.month(2025, month), month))
    file.close()
    connection = sqlite3.connect(path)
    rows = connection.execute("SELECT period, value FROM result ORDER BY period").fetchall()
    connection.close()
    assert rows == [(f"2025-{month:02d}", float(month)) for month in range(1, 13)]


def test_an_older_file_opens_with_no_targets_and_no_results(tmp_path: Path):
    old = Path(__file__).resolve().parents[1] / "data" / "project_v1.pyramid"
    path = tmp_path / "old.pyramid"
    shutil.copyfile(old, path)
    file, project = ProjectFile.open(path, shipped=())
    try:
        assert len(project.targets) == 0 and len(project.results) == 0
        project.execute(
            set_result(project, Unit(UnitKind.ORGANISATION), "NPS", Period.month(2025, 1), 40)
        )
    finally:
        file.close()
    connection = sqlite3.connect(path)
    version = connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    connection.close()
    assert version == (str(schema_version()),) == ("4",)


def test_an_undo_step_that_cannot_be_read_ends_the_history_there(tmp_path: Path):
    clock = Clock()
    project = hotel()
    path = tmp_path / "hotel.pyramid"
    file = ProjectFile.create(path, project, clock=clock)
    hotel_edits(project, clock)
    file.close()
    edited(path, lambda c: c.execute("UPDATE undo_step SET inverse = '{' WHERE history_seq = 3"))
    file, reopened = ProjectFile.open(path, read_only=True, shipped=SHIPPED)
    try:
        past = replay(reopened, file.plan_history(), TODAY)
    finally:
        file.close()
    # Bob's commitment (the second edit) is estimated from its own times instead.
    series = PlanSeries(reopened.chart, reopened.customer_map, past)
    assert series.front_line_served().part == [0, 0, 2, 2, 0]


HOSTILE = {
    "target value as text": (
        "UPDATE target SET value = 'high' WHERE position = 0",
        "the value of target 0 is not a number",
    ),
    "target of an unknown kind of unit": (
        "UPDATE target SET unit_kind = 'planet' WHERE position = 0",
        "target 0 belongs to an unknown kind of unit",
    ),
    "target share over one": (
        "UPDATE target SET value = 75 WHERE position = 0",
        "target 0 is not a share from 0 to 1",
    ),
    "target date garbled": (
        "UPDATE target SET by_date = 'midsummer' WHERE position = 0",
        "midsummer",
    ),
    "result period garbled": (
        "UPDATE result SET period = 'soon' WHERE period = '2025-01'",
        "a result of Guest satisfaction has the period 'soon'",
    ),
    "result value BLOB": (
        "UPDATE result SET value = CAST('8' AS BLOB) WHERE period = '2025-01'",
        "the value of a result of Guest satisfaction is not a number",
    ),
    "result measure spelled two ways": (
        "UPDATE result SET measure = 'GUEST SATISFACTION' WHERE period = '2025-01'",
        "spell the measure",
    ),
    "result of the organisation named": (
        "UPDATE result SET unit_kind = 'organisation' WHERE period = '2025-01'",
        "the unit of a result is not one the app writes",
    ),
}


def hostile(tmp_path: Path, case: str) -> Path:
    clock = Clock()
    project = hotel()
    path = tmp_path / f"{case.replace(' ', '-')}.pyramid"
    file = ProjectFile.create(path, project, clock=clock)
    hotel_edits(project, clock)
    file.close()
    statement, _words = HOSTILE[case]
    return edited(path, lambda connection: connection.execute(statement))


@pytest.mark.parametrize("case", list(HOSTILE))
def test_targets_and_results_that_are_not_what_the_app_writes_are_damage(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    path = hostile(tmp_path, case)
    before = path.read_bytes()
    for read_only in (False, True):
        with pytest.raises(DamagedProjectError) as caught:
            ProjectFile.open(path, read_only=read_only, shipped=SHIPPED)
        assert HOSTILE[case][1] in str(caught.value)
    for command in (["progress", str(path)], ["target", "list", str(path)]):
        assert main(command) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "Traceback" not in err
        assert f"{path} is damaged and cannot be opened (" in err
    assert path.read_bytes() == before


def test_the_sample_project_file_has_empty_progress_tables(tmp_path: Path):
    path = saved_project(tmp_path / "sample.pyramid")
    connection = sqlite3.connect(path)
    counts = [
        connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("target", "result")
    ]
    connection.close()
    assert counts == [0, 0]


def _restores() -> list[Command]:
    old = Commitment(
        "C-0042", "B", "Fix the «room» board\n", practice="Get it done", serves=("D", "E"),
        measure="boards fixed", cadence="weekly", due=dt.date(2025, 3, 1), status=Status.DONE,
        owner_note="ask Di", notes=(ProgressNote(dt.date(2025, 2, 1), "half done"),),
        created=dt.datetime(2025, 1, 8, 9, 30), changed=dt.datetime(2025, 2, 1, 17, 5, 12),
        needs=("N-0001",),
    )  # fmt: skip
    return [
        _Restore(old, {"status": Status.IN_PROGRESS}, "Set C-0042 (Bob) done"),
        _Restore(old, {"serves": (), "due": None, "notes": (), "text": "x"}, "Edit"),
        _Restore(old, {}, "Nothing"),
        RemoveCommitments(("C-0042", "C-0043"), "Add commitments"),
    ]


def test_the_commonest_undo_steps_read_quickly_are_what_the_codec_reads():
    for command in _restores():
        text = encode_command(command)
        assert read_step(text) == decode_command(text) == command


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('"v":"done"', '"v":"finished"'),
        ('"v":"done"', '"v":["done"]'),
        ('{"$date":"2025-03-01"}', '{"$date":"March"}'),
        ('"manager_id":"B"', '"manager_id":7'),
        ('["D","E"]', '["D",7]'),
        ('"label":', '"extra":1,"label":'),
        ('{"$datetime":"2025-01-08T09:30:00"}', '"2025-01-08"'),
    ],
)
def test_a_damaged_undo_step_is_refused_as_the_codec_refuses_it(old: str, new: str):
    text = encode_command(_restores()[0])
    assert old in text
    with pytest.raises(CodecError):
        read_step(text.replace(old, new, 1))
