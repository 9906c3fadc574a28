"""The rows of big sheets written as text are the cells openpyxl would write: the same workbook,
value for value and style for style, read back by openpyxl and by the reading library."""

from __future__ import annotations

import datetime as dt
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
