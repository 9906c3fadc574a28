"""The look of the action-plan workbook, and the one place its cells are made.

Every style is built once per workbook and then shared by reference, so a styled cell costs
little more than a plain one. Every cell that holds text comes from :class:`CellMaker`, which
sets the data type explicitly (text is never sniffed into a formula) and, for text that starts
like a formula, adds Excel's quote prefix.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any

import numpy as np
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.worksheet.header_footer import HeaderFooter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties

from pyramid_app.io.workbook.columns import (
    EXCEL_MAX_TEXT,
    RISKY_FIRST,
    any_suspect,
    clean_text,
    excel_escaped,
)

# Colours: a navy for headings, the Okabe-Ito blue the app uses for "served", soft fills.
NAVY = "1F3864"
BLUE = "0072B2"
GREY_TEXT = "595959"
RULE = "BFBFBF"
HEADER_FILL = "DCE6F1"
HEADER_BLUE = "4472C4"  # the header colour of the tables' style (TableStyleMedium2)
OVERDUE_FILL, OVERDUE_TEXT = "FFC7CE", "9C0006"
DONE_FILL, DONE_TEXT = "C6EFCE", "006100"
GAP_FILL, GAP_TEXT = "FCE4D6", "833C0B"
DROPPED_TEXT = "808080"
DATE_FORMAT = "d mmm yyyy"
TIME_FORMAT = "d mmm yyyy h:mm"
PERCENT_FORMAT = "0%"
COUNT_FORMAT = "#,##0"
TABLE_STYLE = "TableStyleMedium2"

_TOP = Alignment(vertical="top")
FONT_NAME = "Calibri"


def font(**options: Any) -> Font:
    """A font that names its face: without a name, programs other than Excel pick a serif."""
    options.setdefault("size", 11)
    return Font(name=FONT_NAME, **options)


_TYPES: dict[type, str] = {
    str: "s",
    int: "n",
    float: "n",
    bool: "b",
    dt.date: "d",
    dt.datetime: "d",
}

STYLE_SPECS: dict[str, dict[str, Any]] = {
    # Table cells: top-aligned so a row with a long wrapped cell still reads across.
    "text": {"alignment": _TOP},
    "wrap": {"alignment": Alignment(vertical="top", wrap_text=True)},
    "date": {"alignment": Alignment(vertical="top", horizontal="left"), "format": DATE_FORMAT},
    "number": {"alignment": Alignment(vertical="top", horizontal="center")},
    "count": {"alignment": _TOP, "format": COUNT_FORMAT},
    "percent": {"alignment": _TOP, "format": PERCENT_FORMAT},
    # Also set on the cells, not only by the table style: LibreOffice draws no table styles.
    "header": {
        "font": font(bold=True, color="FFFFFF"),
        "fill": PatternFill("solid", start_color=HEADER_BLUE, end_color=HEADER_BLUE),
        "alignment": Alignment(vertical="center", wrap_text=True),
    },
    "centre": {"alignment": Alignment(horizontal="center")},
    # The Summary sheet.
    "title": {"font": font(size=18, bold=True, color=NAVY)},
    "subtitle": {"font": font(italic=True, color=GREY_TEXT)},
    "heading": {
        "font": font(size=13, bold=True, color=NAVY),
        "border": Border(bottom=Side(style="medium", color=NAVY)),
    },
    "label": {"font": font(color=GREY_TEXT), "alignment": _TOP},
    "value": {"font": font(bold=True), "alignment": Alignment(vertical="top", horizontal="left")},
    "value_count": {
        "font": font(bold=True),
        "alignment": Alignment(vertical="top", horizontal="left"),
        "format": COUNT_FORMAT,
    },
    "value_time": {
        "font": font(bold=True),
        "alignment": Alignment(vertical="top", horizontal="left"),
        "format": TIME_FORMAT,
    },
    "value_date": {
        "font": font(bold=True),
        "alignment": Alignment(vertical="top", horizontal="left"),
        "format": DATE_FORMAT,
    },
    "th": {
        "font": font(bold=True, color=NAVY),
        "fill": PatternFill("solid", start_color=HEADER_FILL, end_color=HEADER_FILL),
        "border": Border(bottom=Side(style="thin", color=NAVY)),
        "alignment": Alignment(vertical="center", wrap_text=True),
    },
    "th_number": {
        "font": font(bold=True, color=NAVY),
        "fill": PatternFill("solid", start_color=HEADER_FILL, end_color=HEADER_FILL),
        "border": Border(bottom=Side(style="thin", color=NAVY)),
        "alignment": Alignment(vertical="center", horizontal="right", wrap_text=True),
    },
    # Summary table rows keep Excel's bottom alignment: the text sits on its own rule.
    "td": {"border": Border(bottom=Side(style="hair", color=RULE))},
    "td_count": {"border": Border(bottom=Side(style="hair", color=RULE)), "format": COUNT_FORMAT},
    "td_percent": {
        "border": Border(bottom=Side(style="hair", color=RULE)),
        "format": PERCENT_FORMAT,
    },
    "count_right": {"font": font(bold=True), "format": COUNT_FORMAT},
    "total": {"font": font(bold=True), "border": Border(top=Side(style="thin", color=NAVY))},
    "total_count": {
        "font": font(bold=True),
        "border": Border(top=Side(style="thin", color=NAVY)),
        "format": COUNT_FORMAT,
    },
    "total_percent": {
        "font": font(bold=True),
        "border": Border(top=Side(style="thin", color=NAVY)),
        "format": PERCENT_FORMAT,
    },
    "note": {"font": font(color=GREY_TEXT), "alignment": Alignment(vertical="top", wrap_text=True)},
    "note_plain": {"font": font(color=GREY_TEXT)},
}


@dataclass
class TextIssues:
    """Where text had to be changed to fit a cell, for the export report."""

    cut: list[tuple[str, str, int]] = field(default_factory=list)  # where, what, length
    cleaned: list[tuple[str, str, int]] = field(default_factory=list)  # where, what, removed


class CellMaker:
    """Makes the cells of one workbook: explicit data types, shared style arrays."""

    def __init__(self, any_sheet: Any, issues: TextIssues) -> None:
        self.issues = issues
        self._arrays: dict[tuple[str | None, bool], StyleArray] = {}
        self._ids: dict[tuple[str | None, bool], int] = {}
        template_sheet = any_sheet
        for key, spec in STYLE_SPECS.items():
            for quoted in (False, True):
                self._arrays[(key, quoted)], self._ids[(key, quoted)] = _style_array(
                    template_sheet, spec, quoted
                )
        self._arrays[(None, True)], self._ids[(None, True)] = _style_array(template_sheet, {}, True)

    def style_id(self, style: str | None, quoted: bool) -> int:
        """The workbook's index of a cell style (0: none), for rows written as text."""
        return self._ids[(style, quoted)] if style is not None or quoted else 0

    def cell(self, sheet: Any, value: Any, style: str | None = None) -> Any:
        """A cell holding ``value`` (already safe text, a number, a date or None)."""
        kind = _TYPES.get(type(value))
        if kind is None:
            if value is None:
                kind = "n"
            elif isinstance(value, str):
                value, kind = str(value), "s"
            else:
                raise TypeError(f"cannot write {type(value).__name__} values to the workbook")
        quoted = kind == "s" and value[:1] in RISKY_FIRST
        if style is None and not quoted:
            return value
        made = Cell(sheet, row=1, column=1)
        made._value = value
        made.data_type = kind
        made._style = self._arrays[(style, quoted)]
        return made

    def row(
        self, sheet: Any, values: Sequence[Any], styles: Sequence[str | None] | None = None
    ) -> list[Any]:
        if styles is None:
            return [self.cell(sheet, value) for value in values]
        return [self.cell(sheet, value, style) for value, style in zip(values, styles, strict=True)]

    def texts(self, values: list[str], where: Callable[[int], tuple[str, str]]) -> list[str]:
        """``values`` as they can be stored: cleaned, cut, escaped; changes go to the report.

        ``where(i)`` names the cell and what it holds, e.g. ("Action plan!I7", "C-0042
        commitment"). A column without anything suspicious (the usual case) is returned as is
        after a search over its texts joined.
        """
        if not values:
            return values
        if max(map(len, values)) <= EXCEL_MAX_TEXT and not any_suspect(values):
            return values
        stored = []
        for i, value in enumerate(values):
            clean = clean_text(value)
            if clean.removed or clean.cut_from:
                cell, what = where(i)
                if clean.removed:
                    self.issues.cleaned.append((cell, what, clean.removed))
                if clean.cut_from:
                    self.issues.cut.append((cell, what, clean.cut_from))
            stored.append(excel_escaped(clean.value))
        return stored

    def text(self, value: str, cell: str, what: str) -> str:
        return self.texts([value], lambda _i: (cell, what))[0]


def _style_array(sheet: Any, spec: dict[str, Any], quoted: bool) -> tuple[StyleArray, int]:
    template = Cell(sheet)
    if "font" in spec:
        template.font = spec["font"]
    if "fill" in spec:
        template.fill = spec["fill"]
    if "border" in spec:
        template.border = spec["border"]
    if "alignment" in spec:
        template.alignment = spec["alignment"]
    if "format" in spec:
        template.number_format = spec["format"]
    if quoted:
        template.quotePrefix = True
    array: StyleArray = template._style
    # Registers the array with the workbook once, so each cell's lookup is a plain dict hit.
    style_id = int(template.style_id)
    return array, style_id


def set_widths(sheet: Any, widths: Iterable[float]) -> None:
    from openpyxl.utils import get_column_letter

    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def set_print(
    sheet: Any,
    *,
    title: str,
    landscape: bool = True,
    one_page: bool = False,
    repeat_header: bool = True,
) -> None:
    """Printable as people expect: fit to the page width, the header row on every page,
    the sheet's name and the project on top, page numbers at the bottom.

    Must run before the sheet's first row is written (write-only sheets write their
    properties first).
    """
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    setup = sheet.page_setup
    setup.orientation = "landscape" if landscape else "portrait"
    setup.fitToWidth = 1
    setup.fitToHeight = 1 if one_page else 0
    sheet.page_margins = PageMargins(
        left=0.3, right=0.3, top=0.55, bottom=0.5, header=0.25, footer=0.25
    )
    sheet.print_options.horizontalCentered = False
    if repeat_header:
        sheet.print_title_rows = "1:1"
    footer = HeaderFooter()
    # & starts a code in a header; a literal ampersand in the project name must be doubled.
    footer.oddHeader.left.text = "&A"
    footer.oddHeader.right.text = title.replace("&", "&&")
    footer.oddFooter.left.text = "Pyramid Planner"
    footer.oddFooter.right.text = "Page &P of &N"
    sheet.HeaderFooter = footer


# -- row heights -----------------------------------------------------------------------------
# Excel stores row heights and does not grow a row for wrapped text it did not lay out itself,
# nor does LibreOffice when converting; so rows with wrapped text get a height estimated here.
LINE_HEIGHT = 15.0  # points per line of 11-point Calibri
MAX_ROW_HEIGHT = 409.0  # Excel's limit
_CHARS_PER_WIDTH = 1.15  # Calibri's average character is narrower than the width unit ("0")


def line_capacity(width: float) -> int:
    return max(4, int(width * _CHARS_PER_WIDTH) - 1)


def text_lines(text: str, capacity: int) -> int:
    """Lines ``text`` takes when wrapped at word boundaries in ``capacity`` characters."""
    if "\n" not in text:
        return _paragraph_lines(text, capacity)
    return sum(_paragraph_lines(paragraph, capacity) for paragraph in text.split("\n"))


def _paragraph_lines(paragraph: str, capacity: int) -> int:
    """Lines of one paragraph: each holds the most whole words that fit, one space apart.

    A paragraph of single spaces between words no longer than a line (nearly all of them) is
    cut where the last space within reach of each line's start is, a search per line; any
    other goes word by word, a long word running over as many lines as it needs.
    """
    end = len(paragraph)
    if end <= capacity:
        return 1
    if "  " not in paragraph and paragraph[0] != " ":
        lines, start = 1, 0
        while end - start > capacity:
            cut = paragraph.rfind(" ", start, start + capacity + 1)
            if cut <= start:  # a word longer than a line
                return _lines_word_by_word(paragraph, capacity)
            lines += 1
            start = cut + 1
        return lines
    return _lines_word_by_word(paragraph, capacity)


def _lines_word_by_word(paragraph: str, capacity: int) -> int:
    count, used = 1, -1
    for word in paragraph.split(" "):
        size = len(word)
        if used >= 0 and used + 1 + size <= capacity:
            used += 1 + size
            continue
        if used >= 0:
            count += 1
        count += (size - 1) // capacity if size else 0
        used = size % capacity if size > capacity else size
    return count


def row_heights(columns: Sequence[Sequence[Any]], capacities: Sequence[int]) -> list[float | None]:
    """Per row, the height its wrapped cells need (the columns' cells wrapped in
    ``capacities`` characters), or None when one line is enough.

    Worked out a column at a time: only cells longer than their column's capacity, or holding
    a line break, are measured, and in a column that repeats its texts (a plan's measures and
    practices, a manager's name on each of their commitments) each distinct one once.
    """
    lines = np.ones(len(columns[0]) if columns else 0, dtype=np.int64)
    for column, capacity in zip(columns, capacities, strict=True):
        rows = [
            row
            for row, text in enumerate(column)
            if type(text) is str and (len(text) > capacity or "\n" in text)
        ]
        if not rows:
            continue
        texts = [column[row] for row in rows]
        sample = texts[:_SAMPLE]
        if len(set(sample)) * 2 <= len(sample):
            distinct = dict.fromkeys(texts, 0)
            for text in distinct:
                distinct[text] = text_lines(text, capacity)
            taken = list(map(distinct.__getitem__, texts))
        else:
            taken = list(map(text_lines, texts, repeat(capacity)))
        where = np.asarray(rows, dtype=np.int64)
        lines[where] = np.maximum(lines[where], taken)
    heights = np.minimum(MAX_ROW_HEIGHT, LINE_HEIGHT * lines + 2).tolist()
    return [
        None if taken == 1 else height
        for taken, height in zip(lines.tolist(), heights, strict=True)
    ]


# Texts a column's first long cells are looked at for whether it repeats them.
_SAMPLE = 1_000


def split_words(text: str, width: int) -> list[str]:
    """``text`` cut at word boundaries into lines of at most ``width`` characters."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return lines
