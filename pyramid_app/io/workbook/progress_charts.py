"""The Progress sheet's native Excel line charts, and the tables of figures they draw.

One chart of the plan's own measures for the whole organisation, a point a week, as shares;
then one per measure of the client's, a line per unit (the first eight), with the target as a
dashed line where the units share one. Each chart reads a table of figures at the foot of the
sheet, so the charts stay live in Excel and LibreOffice and every point can be checked. Four
charts a printed page, two side by side; the tables of figures stay off paper. The colours
are Okabe and Ito's, told apart by people with any kind of colour vision, as the app's own
charts.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from openpyxl.chart import LineChart, Reference
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.drawing.line import LineProperties

from pyramid_app.io.workbook.printing import print_columns
from pyramid_app.io.workbook.progress_cells import WIDTHS, ProgressRows, finite
from pyramid_app.io.workbook.style import LINE_HEIGHT, line_capacity, text_lines
from pyramid_app.model.progress_report import MeasureProgress, ProgressReport
from pyramid_app.model.units import WHOLE_ORGANISATION

SERIES_COLOURS = ("0072B2", "E69F00", "009E73", "CC79A7", "56B4E9", "D55E00", "000000", "F0E442")
TARGET_COLOUR = "595959"
GRID = "E4E4E4"
MAX_CHARTS = 7  # the plan's measures and the first six of the client's
MAX_CHART_UNITS = len(SERIES_COLOURS)
# Charts sit two side by side, at columns A and D (each about 14 cm of the sheet's width);
# a row of them takes CHART_ROWS rows with a blank one under it, and two rows of charts and a
# heading fit on a landscape page of A4 or Letter at the scale the sheet is printed at.
CHART_COLUMNS = ("A", "D")
CHART_ROWS = 15
CHART_ROWS_PER_PAGE = 2
CHART_WIDTH_CM = 13.6
CHART_HEIGHT_CM = 7.0
MAX_AXIS_LABELS = 7  # labels of periods along a chart's width, every other one or fewer
PLAN_CHART_TITLE = "The plan's own measures, a point a week"
WEEK_LABEL_FORMAT = "d mmm"


@dataclass
class _Series:
    """One chart's figures: its title, the points' labels, and named columns of values."""

    title: str
    share: bool
    categories: list[str] | list[dt.date]  # periods as written, or the weeks' days
    columns: list[tuple[str, list[float | None]]]
    dashed: set[str]


def _plan_series(report: ProgressReport) -> _Series | None:
    columns = []
    for measure in report.measures:
        if not measure.built_in:
            continue
        whole = next((u for u in measure.units if u.unit == WHOLE_ORGANISATION), None)
        if whole is not None and any(value is not None for _at, value in whole.series):
            columns.append((measure.title, [value for _at, value in whole.series]))
    if not columns or not report.days:
        return None
    return _Series(PLAN_CHART_TITLE, True, list(report.days), columns, set())


def _results_series(measure: MeasureProgress) -> _Series | None:
    units = [unit for unit in measure.units if unit.series][:MAX_CHART_UNITS]
    if not units:
        return None
    periods = sorted({at for unit in units for at, _value in unit.series})
    columns: list[tuple[str, list[float | None]]] = []
    for unit in units:
        values = dict(unit.series)
        columns.append((unit.label, [values.get(period) for period in periods]))
    dashed = set()
    targets = {(u.target.value, u.target.lower_is_better) for u in units if u.target is not None}
    if len(targets) == 1:
        value, lower = next(iter(targets))
        name = f"Target (at {'most' if lower else 'least'} {value:,.6g})"
        columns.append((name, [value] * len(periods)))
        dashed.add(name)
    return _Series(measure.title, False, periods, columns, dashed)


def write_charts(rows: ProgressRows, report: ProgressReport) -> int:
    wanted = [_plan_series(report)]
    wanted += [_results_series(m) for m in report.measures if not m.built_in]
    charted = [series for series in wanted if series is not None][:MAX_CHARTS]
    if not charted:
        return 0
    rows.page_break()
    rows.heading("Over time")
    rows.note(
        "The plan's measures a point a week, counted from the plan as it stood each week; the "
        "customers' results a point a period, a line per unit (the dashed line is the target "
        "where the units share one). The figures are in the tables under the charts."
    )
    anchors = []
    per_row = len(CHART_COLUMNS)
    for at in range(0, len(charted), per_row):
        if at and at % (per_row * CHART_ROWS_PER_PAGE) == 0:
            rows.page_break()
        anchors += [f"{column}{rows.row + 1}" for column in CHART_COLUMNS][: len(charted) - at]
        rows.blank(CHART_ROWS)
    # On paper: the tables and the charts; the charts' figures are for the screen.
    print_columns(rows.sheet, 1, len(WIDTHS), rows.row)
    rows.page_break()
    rows.heading("The charts' figures")
    for series, anchor in zip(charted, anchors, strict=True):
        rows.blank()
        rows.add([series.title], ["label"])
        names = [rows.text(name, "B", "series name") for name, _values in series.columns]
        lines = max(
            text_lines(name, line_capacity(WIDTHS[min(1 + at, len(WIDTHS) - 1)]))
            for at, name in enumerate(names)
        )
        rows.sheet.row_dimensions[rows.row + 1].height = max(30, LINE_HEIGHT * lines + 4)
        top = rows.add(["Week" if series.share else "Period", *names], ["th"] * (len(names) + 1))
        value_style = "td_percent" if series.share else "td_number"
        for at, category in enumerate(series.categories):
            rows.add(
                [category, *[finite(values[at]) for _name, values in series.columns]],
                ["td_date" if series.share else "td", *[value_style] * len(names)],
            )
        chart = _line_chart(rows.sheet, series, top, rows.row)
        rows.sheet.add_chart(chart, anchor)
    return len(charted)


def axis_floor(values: list[float]) -> float | None:
    """Where the value axis of results far from zero starts, so that their movement shows (a
    satisfaction score between 7.6 and 8.7 from 7); None (zero, or the program's choice) for
    values whose spread reaches down near zero."""
    finite = [value for value in values if math.isfinite(value)]
    if not finite:
        return None
    low, high = min(finite), max(finite)
    span = high - low
    if low <= 0 or span <= 0 or low < span:
        return None
    step = 10.0 ** math.floor(math.log10(span))
    return float(math.floor((low - span / 10) / step) * step)


def _line_chart(sheet: Any, series: _Series, header: int, last: int) -> LineChart:
    from pyramid_app.io.workbook.summary import _title

    chart = LineChart()
    chart.title = _title(series.title)
    chart.style = 2
    chart.height = CHART_HEIGHT_CM
    chart.width = CHART_WIDTH_CM
    values = Reference(
        sheet, min_col=2, max_col=1 + len(series.columns), min_row=header, max_row=last
    )
    chart.add_data(values, titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=header + 1, max_row=last))
    chart.legend.position = "b"
    # openpyxl marks axes deleted by default; Excel then draws none.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    if series.share:  # weeks, given as days: short labels
        chart.x_axis.number_format = WEEK_LABEL_FORMAT
    chart.x_axis.tickLblSkip = max(1, math.ceil(len(series.categories) / MAX_AXIS_LABELS))
    chart.y_axis.number_format = "0%" if series.share else "General"
    if series.share:
        chart.y_axis.scaling.min = 0
        chart.y_axis.scaling.max = 1
    else:
        chart.y_axis.scaling.min = axis_floor(
            [v for _name, values in series.columns for v in values if v is not None]
        )
    chart.y_axis.majorGridlines.spPr = GraphicalProperties(ln=LineProperties(solidFill=GRID))
    names = [name for name, _values in series.columns]
    for at, line in enumerate(chart.series):
        name = names[at]
        colour = TARGET_COLOUR if name in series.dashed else SERIES_COLOURS[at % MAX_CHART_UNITS]
        line.smooth = False
        line.graphicalProperties.line.solidFill = colour
        line.graphicalProperties.line.width = 22_000  # EMU: about 1.75 points
        if name in series.dashed:
            line.graphicalProperties.line.dashStyle = "dash"
            line.marker.symbol = "none"
        else:
            line.marker.symbol = "circle"
            line.marker.size = 5
            line.marker.graphicalProperties.solidFill = colour
            line.marker.graphicalProperties.line.solidFill = colour
    return chart
