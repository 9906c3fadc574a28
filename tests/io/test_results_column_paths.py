"""Sheets that take the column-at-a-time reader's less common turns read exactly as the
careful row-by-row reader reads them: TRUE beside 1 in the measure column, more measures than
are looked up one by one, more periods and measures than fit a count of every key."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from progress_samples import Clock, hotel_project
from results_reads import LISBON, assert_read_alike, read_both_ways

from pyramid_app.io.spreadsheet.results_import import (
    preview_results,
)
from pyramid_app.model.project import Project
from pyramid_app.model.result_commands import SetResults
from pyramid_app.model.results import Period, Result


@pytest.fixture
def project() -> Project:
    made, _recorder = hotel_project(Clock())
    made.journal = None
    made.execute(SetResults((Result(LISBON, "KPI 3", Period.day(dt.date(2025, 1, 4)), 1.0),)))
    return made


def test_true_beside_one_in_the_measure_column_reads_row_by_row(project: Project) -> None:
    rows = [["2025-01", "Lisbon", 1, 4.0], ["2025-01", "Lisbon", True, 5.0]]
    by_column, careful = read_both_ways(project, rows)
    assert by_column.columns is None  # TRUE and 1 would be one key: read row by row
    assert_read_alike(project, by_column, careful)
    assert [result.measure for result in by_column.results] == ["1", "TRUE"]


def test_one_as_a_number_and_as_a_whole_float_is_one_measure(project: Project) -> None:
    rows = [["2025-01", "Lisbon", 1, 4.0], ["2025-02", "Lisbon", 1.0, 5.0]]
    by_column, careful = read_both_ways(project, rows)
    assert by_column.columns is not None
    assert_read_alike(project, by_column, careful)


def test_many_measures_and_days_with_repeats(project: Project) -> None:
    # 100 measures (more than are looked up one by one) over 100 days: more keys than rows
    # by far, so repeats are found by sorting; every 7th row repeats an earlier one.
    rows: list[list[Any]] = []
    for at in range(100):
        day = dt.datetime(2025, 1, 1) + dt.timedelta(days=at)
        rows.append([day, "Lisbon", f"KPI {at}", float(at)])
        if at % 7 == 3:
            rows.append([day, "lisbon", f"kpi  {at}", float(at) + 0.5])
    by_column, careful = read_both_ways(project, rows)
    assert by_column.columns is not None
    assert_read_alike(project, by_column, careful)
    assert len(by_column.results) == 100
    assert len(by_column.problems) == 14
    assert by_column.problems[0].message == (
        "kpi 3 for Lisbon in 2025-01-04 is on row 5 already; this row is left out"
    )
    update = preview_results(project, by_column).update
    assert [(old.value, new.value) for old, new in update.corrected] == [(1.0, 3.0)]
    assert len(update.new) == 99
