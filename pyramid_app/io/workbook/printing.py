"""How the workbook prints: which columns go on paper, and which sheets stay off it.

Excel and LibreOffice print every visible sheet of a workbook, each fitted to the page width
(:func:`~pyramid_app.io.workbook.style.set_print`). Fitted, a sheet of seventeen columns
prints its text at about five points; so a sheet says which of its columns are for reading on
paper (:func:`print_columns`: a print area over them, with the row of headers repeated on
every page) and the others stay on screen for reference. A
sheet that would take dozens of pages (the whole organisation) is left out of printing
(:func:`leave_out_of_print`) but stays as it is on screen.

The widths here are Excel's column widths (characters of the default font's digits);
:func:`fitted_points` says what size 11-point text prints at once a set of columns is fitted
to the narrower of A4 and Letter paper on its side.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from openpyxl.utils import get_column_letter

# Landscape, inside set_print's margins (0.3 inch left and right): Letter is the narrower.
PRINTABLE_WIDTH_POINTS = (11.0 - 0.6) * 72
BODY_POINTS = 11.0
LEAST_PRINTED_POINTS = 8.0
# A bold header word takes about this many widths a character (wide faces such as DejaVu
# Sans, which LibreOffice uses where Calibri is missing, included), plus the cell's padding.
_BOLD_WIDTH_PER_CHARACTER = 1.1
_CELL_PADDING = 1.5


def column_points(width: float) -> float:
    """Points a column of Excel width ``width`` takes at 100%: seven pixels a character of
    Calibri 11 plus five of padding, at 96 pixels an inch."""
    return (width * 7 + 5) * 0.75


def fitted_points(widths: Sequence[float], body: float = BODY_POINTS) -> float:
    """The printed size of ``body``-point text when columns of ``widths`` are fitted to the
    page width (never enlarged)."""
    total = sum(column_points(width) for width in widths)
    return body * min(1.0, PRINTABLE_WIDTH_POINTS / total) if total else body


def header_widths(headers: Sequence[str], widths: Sequence[float]) -> list[float]:
    """``widths``, each widened where needed so that its header's longest word fits on one
    line: a wrapped header breaks between words, never inside one. A hyphen may end a line."""
    fitted = []
    for header, width in zip(headers, widths, strict=True):
        words = header.replace("-", "- ").split()
        longest = max((len(word) for word in words), default=0)
        fitted.append(max(width, round(longest * _BOLD_WIDTH_PER_CHARACTER + _CELL_PADDING, 1)))
    return fitted


def print_columns(sheet: Any, first: int, last: int, last_row: int) -> None:
    """Print columns ``first``..``last`` (1-based, side by side) of rows 1..``last_row`` only.

    The columns printed are one block: a column repeated at the left of every page (Excel's
    print titles) outside the print area makes LibreOffice add a blank page and print
    smaller, so the sheet's columns are ordered for the block instead.
    """
    sheet.print_area = f"{get_column_letter(first)}1:{get_column_letter(last)}{last_row}"


def leave_out_of_print(sheet: Any, empty_column: int) -> None:
    """Printing the workbook leaves this sheet out; on screen it stays as it is.

    Its print area is one cell that stays empty (row 1 of ``empty_column``, right of its
    table): Excel and LibreOffice print no page for a print area with nothing in it. Clearing
    the print area (Excel: Page Layout > Print Area > Clear Print Area; LibreOffice: Format >
    Print Ranges > Clear) prints the sheet again. A hidden sheet would not print either, but
    people would not find it; a print area of a note would cost a page of its own.
    """
    letter = get_column_letter(empty_column)
    sheet.print_area = f"{letter}1"
