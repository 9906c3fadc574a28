"""The first page of the printed organisation: the whole shape, each page's people in a
colour of their own with the page's number, the colour key and the list of pages."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPen

from pyramid_app.model.colouring import LegendRow
from pyramid_app.model.paging import PartKind
from pyramid_app.model.paging_text import (
    part_heading,
    people_words,
    person_name,
    printed_number,
)
from pyramid_app.ui.paper.part_paint import FAINT, INK, LINE_MM, PartPainter
from pyramid_app.ui.paper.sheet import HEADER_MM, MARGIN_MM, font

KEY_COLUMN_MM = 78.0  # the key and the list of pages, right of the shape


class FirstPage:
    """Paints the first page with the painter and sizes of ``parts``."""

    def __init__(self, parts: PartPainter) -> None:
        self.parts = parts
        self.painter = parts.painter
        self.mm = parts.mm
        self.size = parts.size
        self.chart = parts.chart
        self.plan = parts.plan
        self.whole = parts.whole
        self.text_metrics = parts.text_metrics
        self.text_font = parts.text_font

    def paint(self, key_heading: str, key: list[LegendRow]) -> None:
        p, mm = self.painter, self.mm
        parts = len(self.plan.pages)
        self.parts.header(
            1,
            "The whole organisation",
            f"{people_words(self.chart.people_count)} on {self.parts.total:,} pages of "
            f"{self.parts.paper.label}: the whole shape, each page's people in its colour with "
            f"its number; pages {printed_number(0)}\u2013{printed_number(parts - 1)} hold "
            "everyone by name."
            if parts
            else "Nobody to draw.",
        )
        top = MARGIN_MM + HEADER_MM
        area = QRectF(
            MARGIN_MM,
            top,
            self.size.width() - 2 * MARGIN_MM - KEY_COLUMN_MM - 4,
            self.size.height() - top - MARGIN_MM,
        )
        numbered = self.whole.paint_overview(p, mm.rect(area), printed_number(0), mm)
        if numbered < parts:
            p.setFont(font(7))
            p.setPen(QPen(FAINT))
            p.drawText(
                mm.rect(QRectF(area.left(), area.bottom() - 4, area.width(), 4)),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                f"Each page's people are in its own colour; {parts - numbered:,} pages too "
                "small here to carry their number are in the list on the right and in the "
                "locator at the foot of every page.",
            )
        column = QRectF(area.right() + 4, top, KEY_COLUMN_MM, area.height())
        y = self._key(column, key_heading, key)
        self._contents(QRectF(column.left(), y + 4, column.width(), column.bottom() - y - 4))

    def _key(self, column: QRectF, heading: str, key: list[LegendRow]) -> float:
        """The colours, as many rows as a third of the column holds; returns where it ends."""
        if not key:
            return column.top()
        p, mm = self.painter, self.mm
        p.setFont(font(8, bold=True))
        p.setPen(QPen(INK))
        p.drawText(
            QRectF(mm(column.left()), mm(column.top()), mm(column.width()), mm(5)),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            heading or "Colours",
        )
        y = column.top() + 6
        most = max(1, int((column.height() / 3) // LINE_MM))
        p.setFont(self.text_font)
        for i, (label, colour, count) in enumerate(key):
            if i == most - 1 and len(key) > most:
                p.setPen(QPen(FAINT))
                p.drawText(
                    QRectF(mm(column.left()), mm(y), mm(column.width()), mm(LINE_MM)),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    f"\u2026 and {len(key) - i:,} more",
                )
                y += LINE_MM
                break
            p.fillRect(QRectF(mm(column.left()), mm(y + 0.8), mm(2.6), mm(2.6)), QColor(*colour))
            p.setPen(QPen(INK))
            text = f"{label} \u00b7 {count:,}"
            p.drawText(
                QRectF(mm(column.left() + 4), mm(y), mm(column.width() - 4), mm(LINE_MM)),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                self.text_metrics.elidedText(
                    text, Qt.TextElideMode.ElideRight, int(mm(column.width() - 4))
                ),
            )
            y += LINE_MM
        return y

    def _contents(self, column: QRectF) -> None:
        """The pages in order, as many as the column holds."""
        p, mm = self.painter, self.mm
        p.setFont(font(8, bold=True))
        p.setPen(QPen(INK))
        p.drawText(
            QRectF(mm(column.left()), mm(column.top()), mm(column.width()), mm(5)),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            "Pages",
        )
        rows = int((column.height() - 6) // LINE_MM)
        pages = self.plan.pages
        p.setFont(self.text_font)
        for i, part in enumerate(pages[:rows]):
            y = column.top() + 6 + i * LINE_MM
            if i == rows - 1 and len(pages) > rows:
                text = f"\u2026 and {len(pages) - i:,} more pages"
            else:
                text = f"{printed_number(i)}  {part_heading(self.chart, part)}"
                if part.kind is PartKind.TOP and part.heads.size:
                    text += f" ({person_name(self.chart, int(part.heads[0]))})"
            p.setPen(QPen(INK))
            p.drawText(
                QRectF(mm(column.left()), mm(y), mm(column.width()), mm(LINE_MM)),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                self.text_metrics.elidedText(
                    text, Qt.TextElideMode.ElideRight, int(mm(column.width()))
                ),
            )
