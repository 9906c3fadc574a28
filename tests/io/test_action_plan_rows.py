"""The rows of big sheets written as text are the cells openpyxl would write: the same workbook,
value for value and style for style, read back by openpyxl and by the reading library."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pytest

import pyramid_app.io.workbook.sheets as sheets
from pyramid_app.io.workbook.writer import read_action_plan_updates, write_action_plan
from pyramid_app.model.org import OrgChart
from pyramid_app.model.plan import Commitment, Plan, ProgressNote, Status
from pyramid_app.model.project import OrgSource, Project

TODAY = dt.date(2026, 12, 6)
NOW = dt.datetime(2026, 12, 6, 9, 0)
# Text of every kind a plan holds: plain, like a formula, white space at the ends, XML's own
# characters, line breaks, other scripts, an underscore escape look-alike.
TEXTS = [
    "Hold a one-to-one with each report",
    "=SUM(A1:A9)",
    "+44 20 7946 0000",
    "-5 days",
    "@everyone",
    "\tindented",
    "  spaced out  ",
    "Fish & chips < 5 > 3",
    "two\nlines",
    "Ça va · 日本語 · ☕",
    "_x0041_ stays as written",
    "",
]


def big_project(people: int = 3_000, count: int = 2_500) -> Project:
    rng = np.random.default_rng(8)
    parent = [-1] + [int(rng.integers(0, max(1, i // 4 + 1))) for i in range(1, people)]
    chart = OrgChart.from_parents(
        [f"E{i:05d}" for i in range(people)],
        parent,
        [f"{TEXTS[i % len(TEXTS)] or 'Person'} {i}" for i in range(people)],
        titles=[TEXTS[(i + 3) % len(TEXTS)] for i in range(people)],
        departments=[["Rooms", "Food", "Spa & Co"][i % 3] for i in range(people)],
    )
    managers = [chart.ids[i] for i in chart.managers().tolist()]
    commitments = [
        Commitment(
            id=f"C-{number:04d}",
            manager_id=managers[number % len(managers)],
            text=TEXTS[number % len(TEXTS)] or "Serve",
            practice=TEXTS[(number + 1) % len(TEXTS)],
            measure=TEXTS[(number + 2) % len(TEXTS)],
            cadence=["weekly", "monthly", ""][number % 3],
            due=None if number % 5 == 0 else dt.date(2026, 1, 1) + dt.timedelta(days=number % 400),
            status=list(Status)[number % len(Status)],
            notes=(ProgressNote(dt.date(2026, 11, 1 + number % 28), TEXTS[number % 11]),)
            if number % 2
            else (),
            created=NOW - dt.timedelta(days=40),
            changed=NOW - dt.timedelta(days=number % 30),
        )
        for number in range(1, count + 1)
    ]
    plan = Plan()
    plan.put(commitments)
    return Project(chart, OrgSource("org.xlsx"), plan=plan, name="Big plan")


def cells(path: Path) -> dict[str, list[list[tuple[Any, ...]]]]:
    """Every cell of every sheet: its value and how it looks."""
    book = openpyxl.load_workbook(path)
    return {
        sheet.title: [
            [
                (
                    cell.value,
                    cell.number_format,
                    cell.quotePrefix,
                    cell.font.b,
                    cell.alignment.wrap_text,
                    cell.alignment.vertical,
                    cell.fill.fgColor.rgb,
                )
                for cell in row
            ]
            for row in sheet.iter_rows()
        ]
        for sheet in book.worksheets
    } | {
        f"{sheet.title} heights": [
            [(number, dim.height)]
            for number, dim in sorted(sheet.row_dimensions.items())
            if dim.height is not None
        ]
        for sheet in book.worksheets
    }


def test_big_sheets_written_as_text_are_the_same_workbook(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = big_project()
    assert len(project.plan) >= sheets.FAST_ROWS  # the Action plan sheet takes the fast way
    # Every sheet's rows as text, the small ones too (the Managers' shares, the export record).
    monkeypatch.setattr(sheets, "FAST_ROWS", 1)
    fast = tmp_path / "fast.xlsx"
    write_action_plan(project, fast, today=TODAY, now=NOW)
    monkeypatch.setattr(sheets, "FAST_ROWS", 10**9)  # every row through openpyxl
    ordinary = tmp_path / "ordinary.xlsx"
    write_action_plan(project, ordinary, today=TODAY, now=NOW)
    expected, found = cells(ordinary), cells(fast)
    assert found.keys() == expected.keys()
    for title in expected:
        assert found[title] == expected[title], title
    # Read back as a returned workbook: nothing changed, nothing to complain about.
    preview = read_action_plan_updates(project, fast)
    assert preview.unchanged == len(project.plan)
    assert not (preview.changed or preview.new or preview.problems or preview.conflicts)


def test_big_sheets_made_a_block_at_a_time_are_the_same_workbook(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The plan, organisation and record sheets made in many small blocks: the same cells, the
    same heights and the same text changes reported as when made whole."""
    project = big_project(people=1_200, count=1_100)
    # A bell in a commitment of every other block: cleaned, and reported with its cell.
    belled = [c for c in project.plan if c.number % 600 == 7]
    project.plan.put([replace(c, text=c.text + "\x07") for c in belled])
    monkeypatch.setattr(sheets, "FAST_ROWS", 1)
    whole = tmp_path / "whole.xlsx"
    whole_report = write_action_plan(project, whole, today=TODAY, now=NOW)
    monkeypatch.setattr(sheets, "ROW_BLOCK", 333)
    monkeypatch.setattr(sheets, "RECORD_BLOCK", 2)
    blocks = tmp_path / "blocks.xlsx"
    blocks_report = write_action_plan(project, blocks, today=TODAY, now=NOW)
    assert cells(blocks) == cells(whole)
    assert len(whole_report.cleaned) == len(belled) > 1
    assert blocks_report.cleaned == whole_report.cleaned
    assert blocks_report.cut == whole_report.cut
    assert len(project.plan) > 333 * 3 and len(project.chart) > 333 * 3


def test_a_block_that_must_go_the_ordinary_way_sends_the_whole_sheet_that_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A date in a column without a date style is left to openpyxl: met in the third block, the
    sheet is written the ordinary way from its first row, each text change reported once."""
    from openpyxl import Workbook

    from pyramid_app.io.workbook.rows import FastRows, splice_rows
    from pyramid_app.io.workbook.style import CellMaker, TextIssues

    monkeypatch.setattr(sheets, "FAST_ROWS", 1)
    project = big_project(people=50, count=10)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Rows")
    maker = CellMaker(sheet, TextIssues())
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    context = sheets.SheetContext(
        project=project,
        coverage=None,  # type: ignore[arg-type]  # not read by the rows' writer
        needs=None,  # type: ignore[arg-type]
        today=TODAY,
        exported_at=NOW,
        maker=maker,
        title="Rows",
        rows=None,  # type: ignore[arg-type]
        fast=FastRows(scratch, maker.style_id),
    )
    made: list[int] = []

    def block(first: int, stop: int) -> list[list[Any]]:
        made.append(first)
        texts = [f"row {i}\x07" for i in range(first, stop)]  # a bell: cleaned and reported
        later = [dt.date(2026, 1, 1) if i == 25 else i for i in range(first, stop)]
        where = sheets._where("Rows", 1, lambda i: f"row {first + i}", first)
        return [maker.texts(texts, where), later]

    count = sheets.write_row_blocks(context, sheet, 30, block, [None, None], block_rows=10)
    workbook.save(tmp_path / "rows.xlsx")
    splice_rows(tmp_path / "rows.xlsx", context.fast.deferred)
    assert count == 30
    assert made == [0, 10, 20, 0, 10, 20]  # the fast way stopped at the third block
    assert context.fast.deferred == [] and list(scratch.iterdir()) == []
    rows = list(openpyxl.load_workbook(tmp_path / "rows.xlsx")["Rows"].iter_rows(values_only=True))
    assert [row[0] for row in rows] == [f"row {i}" for i in range(30)]
    assert rows[25][1] == dt.datetime(2026, 1, 1) and rows[26][1] == 26
    assert [cell for cell, _what, _removed in maker.issues.cleaned] == [
        f"Rows!A{i + 2}" for i in range(30)
    ]
