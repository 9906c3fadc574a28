"""Results sheets read for real (xlsx written with openpyxl, CSV with the csv module): columns
proposed by their headers, every problem listed by row, the rest read; a re-import previewed
and applied as one undoable step."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from progress_samples import Clock, hotel_project

from pyramid_app.io.spreadsheet.errors import UnreadableFileError
from pyramid_app.io.spreadsheet.results_import import (
    ResultsRead,
    number_of,
    period_of,
    preview_results,
    read_results,
)
from pyramid_app.model.commands import UndoStack
from pyramid_app.model.project import Project
from pyramid_app.model.result_commands import apply_results
from pyramid_app.model.results import Period, PeriodKind
from pyramid_app.model.units import WHOLE_ORGANISATION, Unit, UnitKind

LISBON = Unit(UnitKind.LOCATION, "Lisbon")
PORTO = Unit(UnitKind.LOCATION, "Porto")


@pytest.fixture
def project() -> Project:
    made, _recorder = hotel_project(Clock())
    made.journal = None
    return made


def messages(read: ResultsRead) -> list[tuple[int, str]]:
    return [(problem.row, problem.message) for problem in read.problems]


def test_a_long_sheet_with_every_problem_lists_each_by_row_and_reads_the_rest(
    project: Project, xlsx_file: Callable[..., Path]
):
    path = xlsx_file(
        sheets={
            "Notes": [["Results exported from the guest survey"]],
            "Results": [
                ["Monthly guest results"],
                [],
                ["Month", "Hotel", "KPI", "Score"],
                [dt.datetime(2025, 1, 1), "Lisbon", "Guest satisfaction", 8.1],  # row 4
                [dt.datetime(2025, 2, 1), "lisbon", "Guest satisfaction", "8,3"],
                [dt.datetime(2025, 3, 1), "Lisboa", "Guest satisfaction", 8.0],  # unknown unit
                ["sometime", "Porto", "Guest satisfaction", 7.0],  # not a period
                [dt.datetime(2025, 1, 1), "Porto", "Guest satisfaction", "n/a"],  # not a number
                [dt.datetime(2025, 1, 1), "Lisbon", "guest satisfaction", 8.2],  # twice
                [dt.datetime(2025, 1, 1), "Porto", "", 3],  # no measure
                [dt.datetime(2025, 1, 1), "Porto", "Front line served", 0.3],  # built in
                [dt.datetime(2025, 1, 1), "Porto", "First-contact resolution", "71%"],
                [],
                [dt.datetime(2025, 2, 1), "", "Guest satisfaction", 7.9],  # no unit
            ],
        },
        name="results.xlsx",
    )
    read = read_results(path, project)
    assert read.sheet == "Results"
    assert read.header_row == 3
    assert read.mapping.describe(read.headers) == {
        "period": "Month",
        "unit": "Hotel",
        "measure": "KPI",
        "value": "Score",
    }
    # Every period is the first of a month: read as months.
    assert {result.period.kind for result in read.results} == {PeriodKind.MONTH}
    assert [(r.unit.name, r.measure, r.period.text, r.value) for r in read.results] == [
        ("Lisbon", "Guest satisfaction", "2025-01", 8.1),
        ("Lisbon", "Guest satisfaction", "2025-02", 8.3),
        ("Porto", "First-contact resolution", "2025-01", 0.71),
    ]
    assert messages(read) == [
        (6, "the unit 'Lisboa' is not a department, a location, a customer segment or a "
            "touchpoint of Hotel"),
        (7, "the period 'sometime' is not a month, a week or a date"),
        (8, "the value 'n/a' is not a number"),
        (9, "guest satisfaction for Lisbon in 2025-01 is on row 4 already; this row is left out"),
        (10, "the measure is empty"),
        (11, "'Front line served' is a measure the plan counts itself (Front line served), not "
             "a result of the client's"),
        (14, "no unit is named: write a department, location, segment or touchpoint"),
    ]  # fmt: skip
    assert [read.where(problem) for problem in read.problems][:3] == [
        "Results!B6",
        "Results!A7",
        "Results!D8",
    ]


def test_a_csv_with_weeks_days_segments_and_touchpoints(project: Project, csv_file):
    path = csv_file(
        [
            ["Week", "Unit", "Metric", "Value"],
            ["2025-W02", "Guests", "Complaints per 1,000 stays", "3.2"],
            ["W3 2025", "Checks in", "Complaints per 1,000 stays", "2.9"],
            ["2025-01-20", "T-001", "Complaints per 1,000 stays", "1,234.5"],
            ["2025-W02", "Total", "Complaints per 1,000 stays", "4"],
            ["2025-W02", "Guests", "Complaints per 1,000 stays", "3.3"],
        ],
        name="weekly.csv",
    )
    read = read_results(path, project)
    found = [(r.unit, r.period.text, r.value) for r in read.results]
    checks_in = Unit(UnitKind.TOUCHPOINT, "T-001")
    assert found == [
        (Unit(UnitKind.SEGMENT, "Guests"), "2025-W02", 3.2),
        (checks_in, "2025-W03", 2.9),
        (checks_in, "2025-01-20", 1234.5),
        (WHOLE_ORGANISATION, "2025-W02", 4.0),
    ]
    assert messages(read) == [
        (
            6,
            "Complaints per 1,000 stays for Guests in 2025-W02 is on line 2 already; this "
            "line is left out",
        )
    ]
    assert read.where(read.problems[0]) == "line 6"


def test_a_wide_sheet_is_read_a_measure_per_column(project: Project, xlsx_file):
    path = xlsx_file(
        [
            ["Month", "Hotel", "Guest satisfaction", "Complaints per 1,000 stays"],
            ["2025-01", "Lisbon", 8.1, 4.4],
            ["2025-02", "Lisbon", 8.3, None],  # a blank cell: not measured that month
            ["2025-02", "Porto", 7.7, "many"],
        ]
    )
    read = read_results(path, project)
    assert read.mapping.wide
    assert sorted((r.unit.name, r.measure, r.period.text, r.value) for r in read.results) == [
        ("Lisbon", "Complaints per 1,000 stays", "2025-01", 4.4),
        ("Lisbon", "Guest satisfaction", "2025-01", 8.1),
        ("Lisbon", "Guest satisfaction", "2025-02", 8.3),
        ("Porto", "Guest satisfaction", "2025-02", 7.7),
    ]
    assert messages(read) == [(4, "Complaints per 1,000 stays: the value 'many' is not a number")]


def test_columns_named_on_the_command_line(project: Project, csv_file):
    path = csv_file([["When", "Where", "What", "How much"], ["2025-03", "Porto", "NPS", "41"]])
    with pytest.raises(UnreadableFileError, match="no column of periods"):
        read_results(path, project)
    read = read_results(
        path, project, overrides={"period": "When", "unit": "B", "measure": "What", "value": "D"}
    )
    assert [(r.unit, r.measure, r.value) for r in read.results] == [(PORTO, "NPS", 41.0)]


def test_a_file_that_is_no_table_is_refused(project: Project, tmp_path: Path):
    path = tmp_path / "letter.csv"
    path.write_text("Dear planner,\nthe results are late this month.\n", encoding="utf-8")
    with pytest.raises(UnreadableFileError, match="is a text file, not a spreadsheet"):
        read_results(path, project)


def test_a_re_import_is_previewed_then_applied_as_one_step(project: Project, csv_file):
    stack = UndoStack(project)
    january = csv_file(
        [
            ["Month", "Hotel", "Measure", "Value"],
            ["2025-01", "Lisbon", "Guest satisfaction", "8.1"],
            ["2025-01", "Porto", "Guest satisfaction", "7.4"],
        ],
        name="january.csv",
    )
    preview = preview_results(project, read_results(january, project))
    stack.push(apply_results(project, preview.update, january.name))
    february = csv_file(
        [
            ["Month", "Hotel", "Measure", "Value"],
            ["2025-01", "Lisbon", "guest satisfaction", "8.2"],  # corrected
            ["2025-01", "Porto", "Guest satisfaction", "7.4"],
            ["2025-02", "Lisbon", "Guest satisfaction", "8.4"],
            ["2025-02", "Porto", "Guest satisfaction", "7.6"],
            ["2025-02", "Faro", "Guest satisfaction", "9.0"],
            ["2025-03", "Faro", "Guest satisfaction", "9.1"],
        ],
        name="february.csv",
    )
    preview = preview_results(project, read_results(february, project))
    assert preview.update.new_periods == [Period.month(2025, 2)]
    assert [(old.value, new.value) for old, new in preview.update.corrected] == [(8.1, 8.2)]
    assert len(preview.update.new) == 2 and preview.update.unchanged == 1
    assert preview.unknown_units == {"Faro": 2}
    command = apply_results(project, preview.update, february.name)
    assert command.label == "Import results from february.csv (2 new, 1 corrected, 1 unchanged)"
    stack.push(command)
    assert len(project.results) == 4
    stack.undo()
    assert [value for _p, value in project.results.series("Guest satisfaction", LISBON)] == [8.1]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (4, 4.0),
        (4.5, 4.5),
        ("4.5", 4.5),
        ("4,5", 4.5),
        ("1,234", 1234.0),
        ("87%", 0.87),
        (" 12 ", 12.0),
        ("", None),
        (None, None),
        (True, "TRUE is not a number"),
        ("nan", "the value 'nan' is not a number"),
        (dt.datetime(2025, 1, 1), "'2025-01-01' is not a number"),
    ],
)
def test_values_as_cells_hold_them(cell: object, expected: object):
    assert number_of(cell) == expected


def test_periods_as_cells_hold_them():
    assert period_of(dt.datetime(2025, 3, 15, 0, 0)) == Period.day(dt.date(2025, 3, 15))
    assert period_of(dt.date(2025, 3, 15)) == Period.day(dt.date(2025, 3, 15))
    assert period_of("Mar 2025") == Period.month(2025, 3)
    assert period_of(45_000.0) is None
