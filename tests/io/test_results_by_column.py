"""The column-at-a-time reading of a results sheet against the careful row-by-row one.

The same rows are read twice: as they are (every row as wide as the header: the column path),
and with one blank short row added at the end, which sends the whole sheet down the careful
path (a blank row is passed over, so it adds nothing). Everything read must be the same: the
results and their rows, the problems in their words and order, the notes, and what they would
change in a project that already has some of them.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from typing import Any

import pytest
from progress_samples import Clock, hotel_project
from results_reads import LISBON, assert_read_alike, read_both_ways

from pyramid_app.io.spreadsheet.results_import import (
    ResultsRead,
    preview_results,
)
from pyramid_app.model.project import Project
from pyramid_app.model.result_commands import SetResults
from pyramid_app.model.results import Period, Result


@pytest.fixture
def project() -> Project:
    made, _recorder = hotel_project(Clock())
    made.journal = None
    # Some results already there: rows of the sheet will be unchanged, corrected or new.
    made.execute(
        SetResults(
            (
                Result(LISBON, "Guest satisfaction", Period.month(2025, 1), 8.1),
                Result(LISBON, "Guest satisfaction", Period.month(2025, 2), 7.0),
            )
        )
    )
    return made


def both_ways(project: Project, rows: list[list[Any]]) -> tuple[ResultsRead, ResultsRead]:
    by_column, careful = read_both_ways(project, rows)
    assert by_column.columns is not None and careful.columns is None
    return by_column, careful


def assert_same(project: Project, first: ResultsRead, second: ResultsRead) -> None:
    assert_read_alike(project, first, second)
    one, other = preview_results(project, first), preview_results(project, second)
    assert one.unknown_units == other.unknown_units


MESSY: list[list[Any]] = [
    [dt.datetime(2025, 1, 1), "Lisbon", "Guest satisfaction", 8.1],  # as the project has it
    [dt.datetime(2025, 2, 1), "lisbon", "guest  satisfaction", "8,3"],  # a correction, as text
    [dt.datetime(2025, 3, 1), "Lisboa", "Guest satisfaction", 8.0],  # unknown unit
    ["sometime", "Porto", "Guest satisfaction", 7.0],  # not a period
    [dt.datetime(2025, 1, 1), "Porto", "Guest satisfaction", "n/a"],  # not a number
    [dt.datetime(2025, 1, 1), "Lisbon", "GUEST SATISFACTION", 8.2],  # the same key again
    [dt.datetime(2025, 1, 1), "Porto", "", 3],  # no measure
    [dt.datetime(2025, 1, 1), "Porto", "Front line served", 0.3],  # a built-in measure
    [dt.datetime(2025, 1, 1), "Porto", "First-contact resolution", "71%"],
    ["", "", "", ""],  # blank
    [dt.datetime(2025, 2, 1), "", "Guest satisfaction", 7.9],  # no unit
    [dt.datetime(2025, 3, 1), "Porto", "Guest satisfaction", True],  # a boolean
    [dt.datetime(2025, 3, 1), "Porto", "NPS", math.inf],  # endless
    [dt.datetime(2025, 4, 1), "All", "NPS", 41],  # the whole organisation, an int
    [dt.datetime(2025, 4, 1), "Porto", "NPS", -3.5],
]


def test_a_messy_sheet_reads_the_same_either_way(project: Project) -> None:
    by_column, careful = both_ways(project, MESSY)
    assert_same(project, by_column, careful)
    # And it is the sheet's story: read, corrected, left out.
    assert len(by_column.results) == 5
    assert "Every period is the first day of a month" in by_column.notes[0]
    assert len(preview_results(project, by_column).update.corrected) == 1


def test_text_periods_and_a_changed_order_read_the_same(project: Project) -> None:
    rows = [
        [period, unit, measure, value]
        for period in ("2025-01", "2025-W05", "2025-02-14", "Feb 2025")
        for unit in ("Lisbon", "Porto", "whole organisation")
        for measure, value in (("Guest satisfaction", 8.4), ("Complaints", 3))
    ]
    rows.insert(3, rows[0])  # a repeat
    random.Random(4).shuffle(rows)
    by_column, careful = both_ways(project, rows)
    assert_same(project, by_column, careful)
    assert not by_column.notes  # not every period is a month's first day


def test_rows_of_only_problems_read_the_same(project: Project) -> None:
    rows = [["when", "Atlantis", "", "x"], ["", "", "", ""], [1, True, 2.0, None]]
    by_column, careful = both_ways(project, rows)
    assert_same(project, by_column, careful)
    assert by_column.results == [] and len(by_column.problems) > 3
