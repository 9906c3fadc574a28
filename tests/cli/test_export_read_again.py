"""``pyramid-app export`` without the plan in memory: coverage and the plan's figures counted
as the commitments are read, then the commitments read again from the file a block at a time in
the Action plan sheet's order (``rows_counted``, ``ProjectFile.commitments_numbered``)."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import openpyxl
import pytest
from on_disk import damaged_copy
from random_plans import NOW, TODAY, planned_at_random

from pyramid_app.cli import main
from pyramid_app.cli.plan_count import rows_counted
from pyramid_app.io.project.file import DamagedProjectError, ProjectFile
from pyramid_app.io.workbook import sheets
from pyramid_app.io.workbook.writer import write_action_plan


def sheet_values(path: Path) -> dict[str, list[tuple[object, ...]]]:
    workbook = openpyxl.load_workbook(path)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook}


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("fast", [True, False], ids=["rows as text", "rows by openpyxl"])
def test_the_plan_read_again_a_block_at_a_time_writes_every_sheet_as_the_plan_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int, fast: bool
) -> None:
    monkeypatch.setattr(sheets, "ROW_BLOCK", 7)  # many blocks, each read from the file
    if fast:
        monkeypatch.setattr(sheets, "FAST_ROWS", 1)
    project = planned_at_random(random.Random(seed))
    path = tmp_path / "random.pyramid"
    ProjectFile.create(path, project).close()

    store, whole = ProjectFile.open(path, read_only=True)
    try:
        write_action_plan(whole, tmp_path / "whole.xlsx", today=TODAY, now=NOW)
    finally:
        store.close()
    store, opened = ProjectFile.open(path, read_only=True, with_plan=False)
    try:
        assert len(opened.plan) == 0
        coverage, rows = rows_counted(store, opened, TODAY)
        report = write_action_plan(
            opened, tmp_path / "read.xlsx", today=TODAY, now=NOW, coverage=coverage, rows=rows
        )
    finally:
        store.close()

    assert report.commitments == len(project.plan)
    read, expected = sheet_values(tmp_path / "read.xlsx"), sheet_values(tmp_path / "whole.xlsx")
    assert read.keys() == expected.keys()
    for title in expected:
        assert read[title] == expected[title], title
    # What the comparison went through: commitments of people who left (last), notes, needs
    # answered with the commitment's words, every practice and status counted on the Summary.
    header, *plan_rows = read["Action plan"]
    assert len(plan_rows) == len(project.plan) > 2 * sheets.ROW_BLOCK
    manager = header.index("Manager")
    assert "not in the organisation now" in str(plan_rows[-1][manager])
    header, *touchpoints = read["Touchpoints"]
    answered_by = header.index("Answered by")
    assert any(": commitment " in str(row[answered_by]) for row in touchpoints)


def test_commitments_read_again_by_number_come_in_the_order_asked(tmp_path: Path) -> None:
    project = planned_at_random(random.Random(7), count=40)
    path = tmp_path / "random.pyramid"
    ProjectFile.create(path, project).close()
    wanted = random.Random(1).sample(sorted(c.number for c in project.plan), 25)
    store, _opened = ProjectFile.open(path, read_only=True, with_plan=False)
    try:
        read = store.commitments_numbered(wanted)
        assert [c.number for c in read] == wanted
        assert read == [project.plan[f"C-{number:04d}"] for number in wanted]
        with pytest.raises(DamagedProjectError, match="could not be read again"):
            store.commitments_numbered([*wanted[:3], 999_999])
    finally:
        store.close()


@pytest.mark.parametrize("picture", [[], ["--no-picture"]])
def test_damage_the_counting_does_not_read_is_found_when_the_rows_are_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], qapp: object, picture: list[str]
) -> None:
    """A commitment's text the counting leaves unread, damaged: found as the Action plan sheet
    reads its block, before anything is written."""
    path = tmp_path / "random.pyramid"
    ProjectFile.create(path, planned_at_random(random.Random(2), count=30)).close()
    damaged, _commitment = damaged_copy(path, tmp_path, "text", b"\x00\xff")  # type: ignore[arg-type]
    output = tmp_path / "plan.xlsx"
    assert main(["export", str(damaged), "-o", str(output), *picture]) == 2
    err = capsys.readouterr().err
    assert "damaged" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not output.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".plan.xlsx")]
    with sqlite3.connect(damaged) as connection:  # the file itself untouched by the export
        assert connection.execute("SELECT count(*) FROM commitment").fetchone() == (30,)
    connection.close()
