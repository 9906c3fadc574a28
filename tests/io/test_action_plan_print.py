"""The action-plan workbook on paper, read back with openpyxl: the Action plan prints a block
of at most ten columns fitted to the page width at 8 points or more, headers break between
words, rows are as tall as their text; the big reference sheets are left out of printing.
tests/io/test_action_plan_libreoffice.py prints the demo's workbook for real."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import column_index_from_string, get_column_letter

from pyramid_app.io.demo import demo_project
from pyramid_app.io.workbook import sheets
from pyramid_app.io.workbook.columns import (
    COLUMN_BY_KEY,
    MANAGERS_SHEET,
    ORGANISATION_SHEET,
    PLAN_COLUMNS,
    PLAN_SHEET,
    PRINTED_PLAN_KEYS,
    SUMMARY_SHEET,
    TOUCHPOINTS_SHEET,
)
from pyramid_app.io.workbook.printing import LEAST_PRINTED_POINTS, fitted_points, header_widths
from pyramid_app.io.workbook.style import LINE_HEIGHT, line_capacity, text_lines
from pyramid_app.io.workbook.writer import write_action_plan
from pyramid_app.model.plan import Plan
from pyramid_app.model.project import Project

TODAY = dt.date(2026, 12, 6)
AREA = re.compile(
    r"^'?(?P<sheet>[^'!]+)'?!\$(?P<first>[A-Z]+)\$1:\$(?P<last>[A-Z]+)\$(?P<rows>\d+)$"
)


@pytest.fixture(scope="module")
def demo_workbook(tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    path = tmp_path_factory.mktemp("print") / "plan.xlsx"
    write_action_plan(demo_project(today=TODAY), path, today=TODAY)
    return openpyxl.load_workbook(path)


def printed_columns(sheet: openpyxl.worksheet.worksheet.Worksheet) -> list[str]:
    found = AREA.match(sheet.print_area)
    assert found is not None, sheet.print_area
    first, last = (column_index_from_string(found[key]) for key in ("first", "last"))
    return [get_column_letter(i) for i in range(first, last + 1)]


def test_the_action_plan_prints_ten_columns_at_eight_points_or_more(
    demo_workbook: openpyxl.Workbook,
) -> None:
    sheet = demo_workbook[PLAN_SHEET]
    letters = printed_columns(sheet)
    headers = [sheet[f"{letter}1"].value for letter in letters]
    assert headers == [COLUMN_BY_KEY[key].header for key in PRINTED_PLAN_KEYS]
    assert len(letters) <= 10
    # The reference columns stay on screen, left out of the print area.
    for key in ("id", "manager_id", "department", "location", "level", "title", "needs"):
        assert COLUMN_BY_KEY[key].header not in headers
    assert sheet.print_area.endswith(f"${sheet.max_row}")  # every commitment
    assert sheet.print_title_rows == "$1:$1" and not sheet.print_title_cols
    setup = sheet.page_setup
    assert setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert setup.fitToWidth == 1 and setup.fitToHeight == 0
    widths = [sheet.column_dimensions[letter].width for letter in letters]
    body = {sheet[f"{letter}2"].font.sz for letter in letters}
    assert body == {11}
    assert fitted_points(widths, body=11) >= LEAST_PRINTED_POINTS
    # Seventeen columns fitted to the page would print at about five points.
    every = [sheet.column_dimensions[get_column_letter(i)].width for i in range(1, 18)]
    assert fitted_points(every) < LEAST_PRINTED_POINTS


def test_headers_wrap_between_words(demo_workbook: openpyxl.Workbook) -> None:
    for name in (PLAN_SHEET, MANAGERS_SHEET, TOUCHPOINTS_SHEET, ORGANISATION_SHEET):
        sheet = demo_workbook[name]
        cells = [cell for cell in sheet[1] if cell.value]
        headers = [cell.value for cell in cells]
        widths = [sheet.column_dimensions[cell.column_letter].width for cell in cells]
        assert all(cell.alignment.wrap_text for cell in cells), name
        # Each column is as wide as its header's longest word needs, already.
        assert header_widths(headers, widths) == widths, name
    # A narrow column is widened for its header's longest word, not left to break it.
    assert header_widths(["Front-line people", "Commitment id"], [4, 4]) == [8.1, 12.5]


def test_rows_are_as_tall_as_their_printed_text(demo_workbook: openpyxl.Workbook) -> None:
    sheet = demo_workbook[PLAN_SHEET]
    letters = printed_columns(sheet)
    tall = 0
    for row in range(2, sheet.max_row + 1):
        lines = max(
            text_lines(value, line_capacity(sheet.column_dimensions[letter].width))
            for letter in letters
            if isinstance(value := sheet[f"{letter}{row}"].value, str)
        )
        height = sheet.row_dimensions[row].height
        if height is None:
            assert lines == 1  # Excel's one line
        else:
            assert height >= lines * LINE_HEIGHT
            tall += lines > 1
    assert tall > 10  # the demo's commitments take several lines


def test_big_sheets_stay_on_screen_but_off_paper(demo_workbook: openpyxl.Workbook) -> None:
    for name in (MANAGERS_SHEET, TOUCHPOINTS_SHEET, ORGANISATION_SHEET):
        sheet = demo_workbook[name]
        area = sheet.print_area
        cell = area.split("!")[1].replace("$", "")
        assert re.fullmatch(r"[A-Z]+1", cell), area  # one cell ...
        assert sheet[cell].value is None  # ... that holds nothing: no page printed
        table = sheet.tables[next(iter(sheet.tables))].ref
        assert column_index_from_string(cell[:-1]) > column_index_from_string(
            table.split(":")[1].rstrip("0123456789")
        )  # right of the table
        assert sheet.sheet_state == "visible" and sheet.max_row > 2  # still all there
    summary = demo_workbook[SUMMARY_SHEET]
    words = " ".join(str(cell.value) for row in summary.iter_rows() for cell in row if cell.value)
    assert "clear its print area" in words and ORGANISATION_SHEET in words


def test_the_fast_rows_of_a_big_plan_keep_the_print_setup(tmp_path: Path) -> None:
    demo = demo_project(today=TODAY)
    first = next(iter(demo.plan))
    long_text = "Walk the floor with each new starter and write down what slows them down. " * 2
    commitments = [
        dataclasses.replace(
            first,
            id=f"C-{number:04d}",
            text=long_text.strip() if number % 2 else "Go",
            practice="Leadership",
            measure="",
            serves=(),
            needs=(),
            notes=(),
        )
        for number in range(1, sheets.FAST_ROWS + 2)
    ]
    plan = Plan()
    plan.put(commitments)
    project = Project(demo.chart, demo.source, plan=plan, name="Big plan")
    path = tmp_path / "big.xlsx"
    write_action_plan(project, path, today=TODAY)
    sheet = openpyxl.load_workbook(path)[PLAN_SHEET]
    assert sheet.print_area.endswith(f"${len(commitments) + 1}")
    assert printed_columns(sheet) == printed_columns_of_the_plan()
    assert sheet.page_setup.fitToWidth == 1 and sheet.print_title_rows == "$1:$1"
    # The rows written as text keep their heights: the long ones several lines, "Go" one.
    capacity = line_capacity(COLUMN_BY_KEY["text"].width)
    lines = text_lines(long_text.strip(), capacity)
    assert lines >= 3
    assert {sheet.row_dimensions[row].height for row in range(2, 40, 2)} == {
        lines * LINE_HEIGHT + 2
    }
    assert sheet.row_dimensions[3].height is None


def printed_columns_of_the_plan() -> list[str]:
    keys = [column.key for column in PLAN_COLUMNS]
    return [get_column_letter(keys.index(key) + 1) for key in PRINTED_PLAN_KEYS]
