"""How the Progress sheet's rows are written: the Summary's look (its title, headings, tables
with a hair rule under each row, grey notes), plus the number and date cells the Summary has
no style for, built once and shared by reference as the cell maker's are."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.worksheet.pagebreak import Break

from pyramid_app.io.workbook.sheets import SheetContext
from pyramid_app.io.workbook.style import DATE_FORMAT, PERCENT_FORMAT, RULE, split_words

NUMBER_FORMAT = "#,##0.0##"
WIDTHS = (34, 26, 14, 14, 14, 14, 14, 11, 9)
NOTE_WIDTH = 130


def finite(value: float | None) -> float | None:
    """A figure as a cell holds it: none for a value that is not a finite number."""
    return value if value is not None and math.isfinite(value) else None


class ProgressStyles:
    """The sheet's own number and date cells (the Summary's styles have no decimals or dates),
    built once and shared by reference as the cell maker's are."""

    _SPECS: ClassVar[dict[str, tuple[str, bool]]] = {
        "td_number": (NUMBER_FORMAT, False),
        "td_percent": (PERCENT_FORMAT, False),
        "td_date": (DATE_FORMAT, False),
        "td_count": ("#,##0", False),
        "td_signed": ("+#,##0.0##;-#,##0.0##;0", False),
        "td_centre": ("General", True),
    }

    def __init__(self, sheet: Any) -> None:
        self.sheet = sheet
        self.arrays: dict[str, StyleArray] = {}
        border = Border(bottom=Side(style="hair", color=RULE))
        for key, (number_format, centred) in self._SPECS.items():
            template = Cell(sheet)
            template.border = border
            template.number_format = number_format
            if centred:
                template.alignment = Alignment(horizontal="center")
            self.arrays[key] = template._style

    def cell(self, value: Any, style: str) -> Any:
        if value is None:
            return None
        made = Cell(self.sheet, row=1, column=1)
        made._value = value
        made.data_type = "s" if isinstance(value, str) else "d" if style == "td_date" else "n"
        made._style = self.arrays[style]
        return made


@dataclass
class ProgressRows:
    """Appends the Progress sheet's rows, the Summary's look, and counts them."""

    context: SheetContext
    sheet: Any
    styles: ProgressStyles
    row: int = 0

    def add(self, values: Sequence[Any], styles: Sequence[str | None] | None = None) -> int:
        maker = self.context.maker
        if styles and styles[0] == "th" and self.row + 1 not in self.sheet.row_dimensions:
            self.sheet.row_dimensions[self.row + 1].height = 30
        cells = []
        for at, value in enumerate(values):
            style = styles[at] if styles is not None else None
            if style is not None and style in self.styles.arrays:
                cells.append(self.styles.cell(value, style))
            else:
                cells.append(maker.cell(self.sheet, value, style))
        self.sheet.append(cells)
        self.row += 1
        return self.row

    def blank(self, count: int = 1) -> None:
        for _ in range(count):
            self.add([])

    def heading(self, text: str) -> None:
        self.blank()
        self.add([text, *[""] * (len(WIDTHS) - 1)], ["heading"] * len(WIDTHS))

    def note(self, text: str) -> None:
        for line in split_words(text, NOTE_WIDTH):
            self.add([line], ["note_plain"])

    def page_break(self) -> None:
        """A printed page ends under the last row written."""
        if self.row:
            self.sheet.row_breaks.append(Break(id=self.row))

    def text(self, value: str, column: str, what: str) -> str:
        return self.context.maker.text(value, f"{self.sheet.title}!{column}{self.row + 1}", what)
