"""The Summary sheet: what the organisation is, how far the plan reaches, and the picture.

Figures are values as of the export (stamped with the day), not formulas: the sheet reads the
same in Excel, in LibreOffice, on paper and in a file viewer that computes nothing. Coverage
per level also feeds a native Excel bar chart; the pyramid picture (a PNG the app rendered)
sits beside the figures.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Any

from openpyxl.chart import BarChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.text import RichText, Text
from openpyxl.chart.title import Title
from openpyxl.drawing.image import Image
from openpyxl.drawing.text import (
    CharacterProperties,
    Paragraph,
    ParagraphProperties,
    RegularTextRun,
)

from pyramid_app.io.workbook.columns import (
    MANAGERS_SHEET,
    ORGANISATION_SHEET,
    PLAN_COLUMNS,
    PLAN_SHEET,
    TOUCHPOINTS_SHEET,
)
from pyramid_app.io.workbook.sheets import SheetContext
from pyramid_app.io.workbook.style import BLUE, NAVY, set_print, set_widths, split_words
from pyramid_app.model.plan import Status

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PICTURE_WIDTH = 620  # pixels on the sheet; the image keeps its own resolution
_ROW_PIXELS = 20  # a default row is 15 points
_WIDTHS = (40, 17, 14, 13, 13, 13, 3)
PICTURE_COLUMN = "H"
_NOTE_WIDTH = 105  # characters of a note line: about the width of columns A to F


class PngImage(Image):  # type: ignore[misc]  # openpyxl has no types: a subclass of Any
    """A PNG given as bytes, placed without Pillow (openpyxl only needs its size and bytes)."""

    def __init__(self, data: bytes) -> None:
        if not data.startswith(PNG_SIGNATURE) or data[12:16] != b"IHDR":
            raise ValueError("the picture is not a PNG image")
        self.ref = None
        self.data = data
        self.format = "png"
        self.width = int.from_bytes(data[16:20], "big")
        self.height = int.from_bytes(data[20:24], "big")
        if not self.width or not self.height:
            raise ValueError("the picture has no size")

    def _data(self) -> bytes:
        return self.data


@dataclass
class _Rows:
    """Appends rows to the Summary sheet and remembers the row number reached."""

    context: SheetContext
    sheet: Any
    row: int = 0

    def add(self, values: list[Any], styles: list[str | None] | None = None) -> int:
        maker = self.context.maker
        if styles and styles[0] == "th":
            self.sheet.row_dimensions[self.row + 1].height = 30
        self.sheet.append(maker.row(self.sheet, values, styles))
        self.row += 1
        return self.row

    def blank(self) -> None:
        self.add([])

    def heading(self, text: str) -> None:
        self.blank()
        self.add([text, *[""] * 6], ["heading"] * 7)

    def pair(self, label: str, value: Any, style: str = "value") -> None:
        self.add([label, value], ["label", style])

    def note(self, text: str) -> None:
        for line in split_words(text, _NOTE_WIDTH):
            self.add([line], ["note_plain"])


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def write_summary_sheet(context: SheetContext, sheet: Any, picture_png: bytes | None) -> bool:
    """Fill the Summary sheet; True if the picture was placed."""
    project, coverage, today = context.project, context.coverage, context.today
    maker = context.maker
    chart = project.chart
    set_widths(sheet, _WIDTHS)
    sheet.sheet_properties.tabColor = NAVY
    sheet.sheet_view.showGridLines = False
    set_print(sheet, title=context.title, one_page=True, repeat_header=False)
    rows = _Rows(context, sheet)
    name = maker.text(project.name, f"{sheet.title}!A1", "project name")
    rows.add([f"Action plan: {name}"], ["title"])
    rows.add(
        ["How every manager serves their reports, so that their reports can serve the customers."],
        ["subtitle"],
    )

    rows.heading("The organisation")
    source = project.source
    where = f"{source.file_name}, sheet {source.sheet}" if source.sheet else source.file_name
    rows.pair("Organisation", name)
    rows.pair("Imported from", maker.text(where, f"{sheet.title}!B{rows.row + 1}", "source"))
    if source.imported_at.year > 1970:  # 1970: a project that never recorded it
        rows.pair("Imported (UTC)", source.imported_at, "value_time")
    rows.pair("Exported (UTC)", context.exported_at, "value_time")
    rows.pair("Figures as of", today, "value_date")
    managers = int(chart.managers().shape[0])
    rows.pair("People", chart.people_count, "value_count")
    rows.pair("Managers", managers, "value_count")
    rows.pair("Front line (people without reports)", coverage.front_line_total, "value_count")
    loose = coverage.not_connected_total
    if loose:
        rows.pair("Front line not connected to the chief executive", loose, "value_count")

    rows.heading("Commitments by status")
    figures = context.rows.figures
    by_status, overdue = figures.by_status, figures.overdue
    rows.add(["Status", "Commitments"], ["th", "th_number"])
    for status in Status:
        rows.add([status.value.capitalize(), by_status.get(status, 0)], ["td", "td_count"])
    rows.add(["All commitments", figures.commitments], ["total", "total_count"])
    rows.add([f"Of which overdue on {today:%d %b %Y}", overdue], ["label", "count_right"])

    rows.heading("Coverage by level")
    header = rows.add(
        ["Level (0 is the chief executive's)", "Managers", "With an active commitment", "Share"],
        ["th", "th_number", "th_number", "th_number"],
    )
    for level in coverage.level_table():
        rows.add(
            [f"Level {level.level}", level.managers, level.with_active, level.share],
            ["td", "td_count", "td_count", "td_percent"],
        )
    share = coverage.served_share()
    last = rows.add(
        ["Front line served", share.total, share.served, share.fraction],
        ["total", "total_count", "total_count", "total_percent"],
    )
    rows.note(
        "Front line served: people without reports whose managers, from their own down to the "
        "chief executive, all have an active commitment serving them. That row counts "
        "front-line people, not managers."
    )
    if loose:
        rows.note(
            f"Not counted above: {loose:,} front-line "
            f"{'person' if loose == 1 else 'people'} not connected to the chief executive "
            "(their manager is not in the file, or their chain has no manager at its top). "
            "No commitment can serve them until the organisation file says who they report to."
        )
    coverage_rows = (header, last)

    rows.heading("Commitments by practice")
    rows.add(
        ["Practice", *[s.value.capitalize() for s in Status], "Total"],
        ["th", *["th_number"] * (len(Status) + 1)],
    )
    by_practice: dict[str, Counter[Status]] = {}
    for (practice, status), count in figures.by_practice.items():
        by_practice.setdefault(practice, Counter())[status] += count
    ordered = sorted(by_practice.items(), key=lambda item: (-sum(item[1].values()), item[0]))
    practice_names = maker.texts(
        [practice or "(no practice given)" for practice, _counts in ordered],
        lambda i: (f"{sheet.title}!A{rows.row + 2 + i}", "practice"),
    )
    for practice_name, (_practice, counts) in zip(practice_names, ordered, strict=True):
        rows.add(
            [practice_name, *[counts.get(s, 0) for s in Status], sum(counts.values())],
            ["td", *["td_count"] * (len(Status) + 1)],
        )
    rows.add(
        ["All practices", *[by_status.get(s, 0) for s in Status], figures.commitments],
        ["total", *["total_count"] * (len(Status) + 1)],
    )

    rows.heading("Customers' needs")
    tally = context.needs.overall
    rows.pair("Segments", len(project.customer_map), "value_count")
    rows.pair("Touchpoints", project.customer_map.touchpoint_count, "value_count")
    rows.pair("Needs answered by an active commitment", f"{tally.answered:,} of {tally.total:,}")
    rows.pair("Must-needs answered", f"{tally.must_answered:,} of {tally.must_total:,}")

    rows.heading("Updating this plan")
    editable = [c.header for c in PLAN_COLUMNS if c.editable]
    for line in (
        f"In the {PLAN_SHEET} sheet you may change: {', '.join(editable)}. Sort and filter "
        "freely; the commitment id is how each row is matched.",
        "To add a commitment, add a row with the manager's id and the commitment, and leave "
        "the commitment id empty. Deleted rows are listed when the plan is read back; they are "
        "not deleted from the plan unless the planner chooses to.",
        "A new progress note: type it over the last one (with its date, or leave the date for "
        "the day it is read back). Other columns are for reference: change them in Pyramid "
        "Planner. Keep the hidden sheet as it is: it lets the planner see what changed where.",
    ):
        rows.note(line)

    rows.heading("On paper")
    rows.note(
        f"Printing the workbook prints this page and the {PLAN_SHEET} sheet: who, the "
        "commitment, whom it serves, its measure, dates, status and last note (the other "
        f"columns are for reference on screen). The {MANAGERS_SHEET}, {TOUCHPOINTS_SHEET} and "
        f"{ORGANISATION_SHEET} sheets are left out, as they run to many pages: to print one, "
        "select it and clear its print area (Excel: Page Layout > Print Area > Clear Print "
        "Area; LibreOffice: Format > Print Ranges > Clear)."
    )

    placed = False
    chart_anchor_row = 2
    if picture_png is not None:
        image = PngImage(picture_png)
        ratio = PICTURE_WIDTH / image.width
        image.width, image.height = PICTURE_WIDTH, round(image.height * ratio)
        image.anchor = f"{PICTURE_COLUMN}2"
        sheet.add_image(image)
        placed = True
        chart_anchor_row = 3 + math.ceil(image.height / _ROW_PIXELS)
    _coverage_chart(sheet, coverage_rows, f"{PICTURE_COLUMN}{chart_anchor_row}")
    return placed


def _title(text: str) -> Title:
    """A chart title in 12-point navy: openpyxl's default is larger than the bars."""
    run = RegularTextRun(rPr=CharacterProperties(sz=1200, b=True, solidFill=NAVY), t=text)
    paragraph = Paragraph(pPr=ParagraphProperties(defRPr=CharacterProperties(sz=1200)), r=[run])
    return Title(tx=Text(rich=RichText(p=[paragraph])), overlay=False)


def _coverage_chart(sheet: Any, rows: tuple[int, int], anchor: str) -> None:
    header, last = rows
    bars = BarChart()
    bars.type = "bar"
    bars.style = 2
    bars.title = _title("Coverage by level: share with an active commitment")
    bars.legend = None
    bars.height = 9
    bars.width = 16.4
    values = Reference(sheet, min_col=4, min_row=header, max_row=last)
    labels = Reference(sheet, min_col=1, min_row=header + 1, max_row=last)
    bars.add_data(values, titles_from_data=True)
    bars.set_categories(labels)
    bars.y_axis.scaling.min = 0
    bars.y_axis.scaling.max = 1
    bars.y_axis.number_format = "0%"
    bars.y_axis.majorGridlines = None
    # openpyxl marks axes deleted by default; Excel then draws none.
    bars.x_axis.delete = False
    bars.y_axis.delete = False
    series = bars.series[0]
    series.graphicalProperties.solidFill = BLUE
    series.graphicalProperties.line.solidFill = BLUE
    series.dLbls = DataLabelList()
    series.dLbls.showVal = True
    series.dLbls.numFmt = "0%"
    for flag in ("showSerName", "showCatName", "showLegendKey", "showPercent"):
        setattr(series.dLbls, flag, False)
    bars.gapWidth = 60
    sheet.add_chart(bars, anchor)
