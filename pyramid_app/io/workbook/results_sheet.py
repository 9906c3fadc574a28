"""The Results sheet managers type this month's results into, and its hidden record.

The sheet is an Excel table of period, unit, measure and value, in the long shape a results
file has. Its first rows are this period's block: a row for every measure and unit the project
follows (with results or a target), period, unit and measure filled in and the value empty, so
a manager types only figures. Under them, the results the project has, newest period first (at
most :data:`PREFILL_ROWS`), which may be corrected in place. Drop-downs offer the units and
measures (typing another is allowed: a warning, not a refusal), the period column is text so
that "2026-11" stays a month rather than becoming a date, and the value column warns of
anything that is not a number.

``pyramid-app apply-updates`` and File > Import plan updates read it back
(:mod:`~pyramid_app.io.workbook.results_reader`). The hidden *Results record* keeps every value
prefilled here as it was at the export (and the drop-downs' lists).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment
from openpyxl.worksheet.datavalidation import DataValidation

from pyramid_app.io.workbook.printing import leave_out_of_print
from pyramid_app.io.workbook.results_record import (
    MEASURES_COLUMN,
    RECORD_HEADER_ROW,
    RECORD_HEADERS,
    RESULTS_HEADERS,
    RESULTS_MARK,
    RESULTS_RECORD_SHEET,
    RESULTS_RECORD_VERSION,
    RESULTS_TABLE,
    UNITS_COLUMN,
    client_measures,
    measured_units,
    unit_text,
)
from pyramid_app.io.workbook.sheets import SheetContext, add_table, start_sheet, write_rows
from pyramid_app.io.workbook.style import BLUE, set_widths
from pyramid_app.model.project import Project
from pyramid_app.model.results import Period, PeriodKind, Result, ResultKey
from pyramid_app.model.units import Unit, UnitKind, UnitNames

PREFILL_ROWS = 5_000  # results of the latest periods written, whole periods at a time
EMPTY_ROWS = 20  # blank rows at the table's foot, formatted for typing
VALIDATED_ROWS = 2_000  # the drop-downs and checks reach this far past the table
MAX_LIST = 2_000  # units offered in the drop-down
_WIDTHS = (12, 34, 34, 12)
# A sheet reference is allowed in a list only from Excel 2010 on; older ones show no arrow.
_RECORD_REFERENCE = "'" + RESULTS_RECORD_SHEET.replace("'", "''") + "'"


def current_period(latest: Period | None, today: dt.date) -> Period:
    """The period ``today`` falls in, of the kind of the project's latest results (a month
    when it has none)."""
    kind = latest.kind if latest is not None else PeriodKind.MONTH
    if kind is PeriodKind.WEEK:
        year, week, _day = today.isocalendar()
        return Period.week(year, week)
    if kind is PeriodKind.DAY:
        return Period.day(today)
    return Period.month(today.year, today.month)


def latest_results(project: Project, limit: int = PREFILL_ROWS) -> list[Result]:
    """The results of the latest periods, newest first, whole periods while they fit."""
    by_period: dict[Period, list[Result]] = {}
    for result in project.results:
        by_period.setdefault(result.period, []).append(result)
    kept: list[Result] = []
    for period in sorted(by_period, reverse=True):
        some = by_period[period]
        if kept and len(kept) + len(some) > limit:
            break
        kept.extend(some[:limit])
    return kept


def write_results_sheets(context: SheetContext, sheet: Any, record: Any) -> str:
    """Fill the Results sheet and its hidden record; a sentence for the export report."""
    project = context.project
    names = UnitNames(project.chart, project.customer_map, project.name)
    spelled: dict[Unit, str] = {}

    def text_of(unit: Unit) -> str:
        if unit not in spelled:
            spelled[unit] = unit_text(unit, names)
        return spelled[unit]

    prefilled = latest_results(project)
    this = current_period(prefilled[0].period if prefilled else None, context.today)
    measures = client_measures(project)
    block = [
        (measure, unit)
        for measure in measures
        for unit in measured_units(project, measure)
        if project.results.get(ResultKey(unit, measure, this)) is None
    ]
    periods = [this.text] * len(block) + [r.period.text for r in prefilled]
    units = [text_of(unit) for _m, unit in block] + [text_of(r.unit) for r in prefilled]
    measure_texts = [measure for measure, _u in block] + [r.measure for r in prefilled]
    values: list[float | None] = [None] * len(block) + [r.value for r in prefilled]

    maker = context.maker
    start_sheet(context, sheet, RESULTS_HEADERS, _WIDTHS, tab=BLUE)
    title = sheet.title
    units = maker.texts(units, lambda i: (f"{title}!B{i + 2}", "unit"))
    measure_texts = maker.texts(measure_texts, lambda i: (f"{title}!C{i + 2}", "measure"))
    period_style = _text_style(sheet)
    for period, unit, measure, value in zip(periods, units, measure_texts, values, strict=True):
        sheet.append(
            [
                _cell(sheet, period, period_style),
                maker.cell(sheet, unit),
                maker.cell(sheet, measure),
                value,
            ]
        )
    for _ in range(EMPTY_ROWS):
        sheet.append([_cell(sheet, None, period_style)])
    count = len(periods) + EMPTY_ROWS
    add_table(sheet, RESULTS_TABLE, RESULTS_HEADERS, count)
    # A table to type into, of every result: pages of figures on paper. The Progress sheet
    # prints them as the reader needs them.
    leave_out_of_print(sheet, len(RESULTS_HEADERS) + 2)
    unit_list = _unit_list(project, names, text_of)
    unit_list = maker.texts(unit_list, lambda i: (f"{RESULTS_RECORD_SHEET}!G{i + 4}", "unit"))
    measure_list = maker.texts(measures, lambda i: (f"{RESULTS_RECORD_SHEET}!H{i + 4}", "measure"))
    _validate(sheet, count + 1 + VALIDATED_ROWS, len(unit_list), len(measure_list), this)
    _write_record(context, record, prefilled, unit_list, measure_list)
    filled = len({r.period for r in prefilled})
    return (
        f"Results sheet: {len(prefilled):,} results of the latest {filled:,} "
        f"period{'' if filled == 1 else 's'}, and {len(block):,} "
        f"row{'' if len(block) == 1 else 's'} for {this} to fill in"
    )


def _text_style(sheet: Any) -> Any:
    template = Cell(sheet)
    template.number_format = "@"  # typed periods stay text: "2026-11" is a month, not a date
    template.alignment = Alignment(vertical="top", horizontal="left")
    return template._style


def _cell(sheet: Any, value: str | None, style: Any) -> Cell:
    made = Cell(sheet, row=1, column=1)
    made._value = value
    made.data_type = "s" if value is not None else "n"
    made._style = style
    return made


def _unit_list(project: Project, names: UnitNames, text_of: Any) -> list[str]:
    """The units offered: those followed (results or a target) first, then the customer
    segments, touchpoints, locations and departments, as far as the list goes."""
    followed: list[Unit] = []
    for measure in client_measures(project):
        followed += [u for u in measured_units(project, measure) if u not in followed]
    seen = set(followed)
    others: list[Unit] = [Unit(UnitKind.SEGMENT, s.name) for s in project.customer_map.segments]
    others += [
        Unit(UnitKind.TOUCHPOINT, touchpoint.id)
        for _segment, touchpoint in project.customer_map.touchpoints()
    ]
    chart = project.chart
    for values, kind in (
        (chart.locations, UnitKind.LOCATION),
        (chart.departments, UnitKind.DEPARTMENT),
    ):
        if len(others) > MAX_LIST:
            break
        others += [Unit(kind, name) for name in sorted(set(values)) if name.strip()]
    for unit in others:
        if unit not in seen and len(followed) < MAX_LIST and names.exists(unit):
            seen.add(unit)
            followed.append(unit)
    return list(dict.fromkeys(text_of(unit) for unit in followed))


def _validate(sheet: Any, last_row: int, units: int, measures: int, this: Period) -> None:
    first = RECORD_HEADER_ROW + 1
    periods = DataValidation(
        allow_blank=True,
        showInputMessage=True,
        promptTitle="Period",
        prompt=f"A month as {this.text}, a week as 2026-W05, or a day as 2026-03-31.",
    )
    periods.add(f"A2:A{last_row}")
    checks = [periods]
    if units:
        unit_choice = DataValidation(
            type="list",
            formula1=f"{_RECORD_REFERENCE}!${UNITS_COLUMN}${first}:${UNITS_COLUMN}"
            f"${first + units - 1}",
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="warning",
            errorTitle="Unit",
            error="Not one of the listed units. Keep it only if it is the name of a department, "
            "location, customer segment or touchpoint.",
        )
        unit_choice.add(f"B2:B{last_row}")
        checks.append(unit_choice)
    if measures:
        measure_choice = DataValidation(
            type="list",
            formula1=f"{_RECORD_REFERENCE}!${MEASURES_COLUMN}${first}:${MEASURES_COLUMN}"
            f"${first + measures - 1}",
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="warning",
            errorTitle="Measure",
            error="Not one of the listed measures: it will be a new measure of the project.",
        )
        measure_choice.add(f"C2:C{last_row}")
        checks.append(measure_choice)
    numbers = DataValidation(
        type="decimal",
        operator="between",
        formula1="-1E+15",
        formula2="1E+15",
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle="Value",
        error="Type the result as a number, such as 8.4 or 72.",
    )
    numbers.add(f"D2:D{last_row}")
    checks.append(numbers)
    for check in checks:
        sheet.data_validations.append(check)


def _write_record(
    context: SheetContext,
    record: Any,
    prefilled: list[Result],
    unit_list: list[str],
    measure_list: list[str],
) -> None:
    """Hidden: the values the Results sheet started with, and the drop-downs' lists."""
    maker = context.maker
    record.sheet_state = "hidden"
    set_widths(record, (10, 12, 30, 30, 14, 3, 34, 34))
    heading: list[list[Any]] = [
        [RESULTS_MARK, RESULTS_RECORD_VERSION],
        ["Note", "Pyramid Planner reads this sheet to tell what changed in Results."],
        [*RECORD_HEADERS, "", "Units", "Measures"],
    ]
    for values in heading:
        record.append(maker.row(record, values))
    unit_names = maker.texts(
        [r.unit.name for r in prefilled], lambda i: (f"{record.title}!C{i + 4}", "unit")
    )
    measures = maker.texts(
        [r.measure for r in prefilled], lambda i: (f"{record.title}!D{i + 4}", "measure")
    )
    count = max(len(prefilled), len(unit_list), len(measure_list))

    def padded(values: list[Any]) -> list[Any]:
        return values + [None] * (count - len(values))

    columns = [
        padded([r.period.text for r in prefilled]),
        padded([r.unit.kind.value for r in prefilled]),
        padded(unit_names),
        padded(measures),
        padded([r.value for r in prefilled]),
        [None] * count,
        padded(unit_list),
        padded(measure_list),
    ]
    # Big ones go as text, as the plan's rows do (rows.py).
    write_rows(context, record, columns, [None] * len(columns), first_row=len(heading) + 1)
