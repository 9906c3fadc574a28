"""The Progress sheet: every measure against its target, the customers' results before and
after the commitments, and native Excel line charts of their series.

It is the workbook's answer to the workshop's last step, measuring against target, and reads
like the Summary: a title, headed sections, figures as values of the export's day (not
formulas), a note under each table saying what its figures are. The figures are
:func:`~pyramid_app.model.progress_report.progress_report`'s, the same the window's Progress
dock and ``pyramid-app progress`` show. The charts' figures are tables at the foot of the
sheet, so the charts stay live in Excel and LibreOffice and a reader can check every point
(:mod:`~pyramid_app.io.workbook.progress_charts`).

:func:`write_measure_sheets` adds this sheet and the Results sheets
(:mod:`~pyramid_app.io.workbook.results_sheet`) to an export when the project has targets or
results.
"""

from __future__ import annotations

from typing import Any

from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Font, PatternFill

from pyramid_app.io.workbook.columns import PLAN_SHEET, SUMMARY_SHEET
from pyramid_app.io.workbook.progress_cells import (
    WIDTHS,
    ProgressRows,
    ProgressStyles,
    finite,
)
from pyramid_app.io.workbook.progress_charts import write_charts
from pyramid_app.io.workbook.results_record import (
    PROGRESS_SHEET,
    RESULTS_RECORD_SHEET,
    RESULTS_SHEET,
    has_measures,
)
from pyramid_app.io.workbook.sheets import SheetContext
from pyramid_app.io.workbook.style import (
    DONE_FILL,
    DONE_TEXT,
    GAP_FILL,
    GAP_TEXT,
    NAVY,
    OVERDUE_FILL,
    OVERDUE_TEXT,
    set_print,
    set_widths,
)
from pyramid_app.model.plan_history import PlanHistory
from pyramid_app.model.progress_report import MeasureProgress, ProgressReport, progress_report
from pyramid_app.model.targets import Standing, Target


def write_measure_sheets(workbook: Any, context: SheetContext, history: PlanHistory) -> list[str]:
    """The Progress, Results and Results record sheets, placed after the Summary and the Action
    plan, when the project has targets or results; sentences for the export report."""
    project = context.project
    if not has_measures(project):
        return []
    from pyramid_app.io.workbook.results_sheet import write_results_sheets

    progress = workbook.create_sheet(PROGRESS_SHEET)
    results = workbook.create_sheet(RESULTS_SHEET)
    record = workbook.create_sheet(RESULTS_RECORD_SHEET)
    _place_after(workbook, progress, SUMMARY_SHEET)
    _place_after(workbook, results, PLAN_SHEET)
    report = progress_report(project, history, context.today)
    charts = write_progress_sheet(context, progress, report)
    typed = write_results_sheets(context, results, record)
    measures = len(report.measures)
    return [
        f"Progress sheet: {measures:,} measure{'' if measures == 1 else 's'} against their "
        f"targets, {charts:,} chart{'' if charts == 1 else 's'}",
        typed,
    ]


def _place_after(workbook: Any, sheet: Any, name: str) -> None:
    sheets: list[Any] = workbook._sheets  # openpyxl's order of the sheets, as saved
    titles = [other.title for other in sheets]
    if name not in titles:
        return
    sheets.remove(sheet)
    sheets.insert(titles.index(name) + 1, sheet)


# -- the sheet ------------------------------------------------------------------------------


def write_progress_sheet(context: SheetContext, sheet: Any, report: ProgressReport) -> int:
    """Fill the Progress sheet from ``report``; returns the number of charts."""
    set_widths(sheet, WIDTHS)
    sheet.sheet_properties.tabColor = NAVY
    sheet.sheet_view.showGridLines = False
    set_print(sheet, title=context.title, repeat_header=False)
    rows = ProgressRows(context, sheet, ProgressStyles(sheet))
    name = rows.text(context.project.name, "A", "project name")
    rows.add([f"Progress against target: {name}"], ["title"])
    rows.add(
        [
            "Every measure against its target, and the customers' results before and after the "
            f"commitments. Figures as of {context.today:%d %b %Y}."
        ],
        ["subtitle"],
    )
    rows.note(
        f"This period's results: type each value into the {RESULTS_SHEET} sheet and send the "
        "workbook back; Pyramid Planner reads them with the plan's updates (File > Import plan "
        "updates, or pyramid-app apply-updates)."
    )
    _standing_table(rows, report)
    _before_after_table(rows, report)
    return write_charts(rows, report)


def _target_cells(measure: MeasureProgress, target: Target | None) -> list[Any]:
    if target is None:
        return [None, "no target", None]
    return [target.value, "lower" if target.lower_is_better else "higher", target.by]


def _standing_table(rows: ProgressRows, report: ProgressReport) -> None:
    rows.heading("Where each measure stands")
    first = rows.add(
        [
            "Measure",
            "Unit",
            "Target",
            "Better when",
            "Target date",
            "Latest",
            "Latest for",
            "Standing",
            "Met",
        ],
        ["th", "th", "th_number", "th", "th", "th_number", "th", "th", "th"],
    )
    for measure in report.measures:
        value_style = "td_percent" if measure.share else "td_number"
        for unit in measure.units:
            title = rows.text(measure.title, "A", "measure")
            label = rows.text(unit.label, "B", "unit")
            standing = unit.standing
            met = None if standing is None else "yes" if standing is Standing.MET else "no"
            latest_for = "now" if measure.built_in and unit.latest is not None else unit.latest_at
            rows.add(
                [
                    title,
                    label,
                    *_target_cells(measure, unit.target),
                    finite(unit.latest),
                    latest_for or None,
                    standing.value if standing is not None else None,
                    met,
                ],
                [
                    "td",
                    "td",
                    value_style,
                    "td_centre",
                    "td_date",
                    value_style,
                    "td_centre",
                    "td_centre",
                    "td_centre",
                ],
            )
    last = rows.row
    if last > first:
        _colour_standing(rows.sheet, f"H{first + 1}:I{last}")
    rows.note(
        "Met: the latest value reaches the target (at least it, or at most it where lower is "
        "better). Close: missed by no more than a twentieth of the target. The plan's own "
        "measures are counted from the plan on the day of the export; the customers' results "
        "are as the client reported them, for the latest period each unit has."
    )


def _colour_standing(sheet: Any, cells: str) -> None:
    for word, fill, text in (
        ("met", DONE_FILL, DONE_TEXT),
        ("yes", DONE_FILL, DONE_TEXT),
        ("close", GAP_FILL, GAP_TEXT),
        ("missed", OVERDUE_FILL, OVERDUE_TEXT),
        ("no", OVERDUE_FILL, OVERDUE_TEXT),
    ):
        sheet.conditional_formatting.add(
            cells,
            CellIsRule(
                operator="equal",
                formula=[f'"{word}"'],
                fill=PatternFill(bgColor=fill),
                font=Font(color=text),
            ),
        )


def _before_after_table(rows: ProgressRows, report: ProgressReport) -> None:
    results = [measure for measure in report.measures if not measure.built_in]
    if not any(unit.before_after is not None for m in results for unit in m.units):
        return
    rows.heading("The customers' results before and after the first commitment")
    rows.add(
        [
            "Measure",
            "Unit",
            "First commitment",
            "Mean before",
            "Periods before",
            "Mean since",
            "Periods since",
            "Change",
            "Moved",
        ],
        ["th", "th", "th", *["th_number"] * 5, "th"],
    )
    for measure in results:
        for unit in measure.units:
            figures = unit.before_after
            if figures is None:
                continue
            lower = unit.target.lower_is_better if unit.target is not None else None
            improved = figures.improved(lower) if lower is not None else None
            moved = None if improved is None else "better" if improved else "worse"
            if lower is None and figures.change:
                moved = "up" if figures.change > 0 else "down"
            rows.add(
                [
                    rows.text(measure.title, "A", "measure"),
                    rows.text(unit.label, "B", "unit"),
                    figures.first_commitment,
                    finite(figures.before),
                    figures.before_periods,
                    finite(figures.after),
                    figures.after_periods,
                    finite(figures.change),
                    moved,
                ],
                [
                    "td",
                    "td",
                    "td_date",
                    "td_number",
                    "td_count",
                    "td_number",
                    "td_count",
                    "td_signed",
                    "td_centre",
                ],
            )
    rows.note(
        "Before: the mean of the periods that ended before the first active commitment "
        "reaching the unit; since: the mean of the periods from then on. Better or worse as its "
        "target counts (lower or higher); up or down where it has no target. It says what "
        "moved, not why: the figures are the client's, side by side."
    )
