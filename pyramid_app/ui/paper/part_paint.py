"""Painting one printed page: its header, its part of the pyramid, the locator and the
continuation lines."""

from __future__ import annotations

import itertools

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPainter, QPen

from pyramid_app.model.org import OrgChart
from pyramid_app.model.paging import PagePart, PagePlan
from pyramid_app.model.paging_text import (
    arrival_text,
    continuation,
    part_details,
    part_heading,
    person_name,
    printed_number,
    stub_label,
)
from pyramid_app.ui.paper.sheet import (
    ARRIVAL_MM,
    CARD_HEIGHT_MM,
    CARD_WIDTH_MM,
    FOOTER_MM,
    HEADER_MM,
    MARGIN_MM,
    NAME_POINTS,
    ROW_MM,
    RULER_MM,
    SLOT_MM,
    TITLE_POINTS,
    Millimetres,
    Paper,
    font,
)
from pyramid_app.ui.paper.whole import WholeShape
from pyramid_app.ui.pyramid.names import PLACEHOLDER_TITLE, fit_name

INK = QColor("#1d2733")
FAINT = QColor("#56606b")
RULE = QColor(200, 204, 212)
LINK = QColor(120, 128, 140)
STUB_INK = QColor("#0f4c81")
LOCATOR_MM = (70.0, 34.0)
LINE_MM = 4.0  # a continuation line
COLUMN_MM = 100.0  # a column of continuation lines


class PartPainter:
    """Paints the pages of one plan with one painter; sizes in millimetres via ``mm``."""

    def __init__(
        self,
        painter: QPainter,
        mm: Millimetres,
        paper: Paper,
        chart: OrgChart,
        rgb: npt.NDArray[np.uint8],
        plan: PagePlan,
        whole: WholeShape,
        title: str,
    ) -> None:
        self.painter = painter
        self.mm = mm
        self.paper = paper
        self.chart = chart
        self.rgb = rgb
        self.plan = plan
        self.whole = whole
        self.title = title
        self.total = len(plan.pages) + 1
        self.size = paper.size_mm()
        device = painter.device()
        self.name_font = font(NAME_POINTS, bold=True, condensed=True)
        self.placeholder_font = font(NAME_POINTS, italic=True, condensed=True)
        self.title_font = font(TITLE_POINTS, condensed=True)
        self.name_metrics = QFontMetrics(self.name_font, device)
        self.title_metrics = QFontMetrics(self.title_font, device)
        self.text_font = font(7.5)
        self.text_metrics = QFontMetrics(self.text_font, device)
        self.inverted = whole.inverted

    # -- frame ----------------------------------------------------------------------------

    def header(self, number: int, heading: str, details: str) -> None:
        p, mm = self.painter, self.mm
        width = self.size.width() - 2 * MARGIN_MM
        big = font(11, bold=True)
        p.setFont(big)
        p.setPen(QPen(INK))
        line = QRectF(mm(MARGIN_MM), mm(MARGIN_MM), mm(width), mm(6))
        page_text = f"Page {number:,} of {self.total:,}"
        metrics = QFontMetrics(big, p.device())
        p.drawText(line, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, page_text)
        room = int(line.width() - metrics.horizontalAdvance(page_text) - mm(8))
        # What the page holds first, whole; the organisation's title line under it.
        p.drawText(
            line,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            metrics.elidedText(heading, Qt.TextElideMode.ElideRight, room),
        )
        details = f"{self.title} \u00b7 {details}" if self.title else details
        small = font(8.5)
        p.setFont(small)
        p.setPen(QPen(FAINT))
        below = QRectF(mm(MARGIN_MM), mm(MARGIN_MM + 6.5), mm(width), mm(5))
        p.drawText(
            below,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            QFontMetrics(small, p.device()).elidedText(
                details, Qt.TextElideMode.ElideRight, int(below.width())
            ),
        )
        p.setPen(QPen(RULE, mm(0.3)))
        y = mm(MARGIN_MM + HEADER_MM - 2)
        p.drawLine(QLineF(mm(MARGIN_MM), y, mm(MARGIN_MM + width), y))

    def _footer(self, part: PagePart, lines: list[str]) -> None:
        p, mm = self.painter, self.mm
        top = self.size.height() - MARGIN_MM - FOOTER_MM + 3
        width, height = LOCATOR_MM
        locator = QRectF(mm(MARGIN_MM), mm(top + 3), mm(width), mm(height))
        p.setFont(font(6))
        p.setPen(QPen(FAINT))
        p.drawText(
            QRectF(mm(MARGIN_MM), mm(top - 0.5), mm(width), mm(3.5)),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            "Where this page is in the whole",
        )
        self.whole.paint_locator(p, locator, part, mm)
        if not lines:
            return
        left = MARGIN_MM + width + 6
        room = self.size.width() - MARGIN_MM - left
        per_column = int((FOOTER_MM - 4) // LINE_MM)
        # As many columns as the lines need, each as wide as the room allows.
        columns = max(1, min(int(room // COLUMN_MM), -(-len(lines) // per_column)))
        shown = lines
        if len(lines) > columns * per_column:
            keep = columns * per_column - 1
            shown = [
                *lines[:keep],
                f"\u2026 and {len(lines) - keep:,} more: each one's page is on its card above",
            ]
        column_width = room / columns
        p.setFont(self.text_font)
        p.setPen(QPen(INK))
        for i, text in enumerate(shown):
            column, row = divmod(i, per_column)
            cell = QRectF(
                mm(left + column * column_width),
                mm(top + row * LINE_MM),
                mm(column_width - 3),
                mm(LINE_MM),
            )
            p.drawText(
                cell,
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                self.text_metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(cell.width())),
            )

    # -- a part's page --------------------------------------------------------------------

    def paint_page(self, index: int) -> None:
        part = self.plan.pages[index]
        self.header(
            printed_number(index),
            part_heading(self.chart, part),
            part_details(self.chart, self.plan, index),
        )
        self._paint_part(part)
        lines = [continuation(self.chart, self.plan, stub) for stub in part.stubs]
        self._footer(part, lines)

    def _place(self, part: PagePart) -> tuple[float, float, float]:
        """(left edge of slot 0, y of row 0's centre, the direction rows go) in mm."""
        area = self.paper.part_area()
        left = area.left() + (area.width() - part.width * SLOT_MM) / 2
        if self.inverted:
            return left, area.bottom() - ARRIVAL_MM - ROW_MM / 2, -1.0
        return left, area.top() + ARRIVAL_MM + ROW_MM / 2, 1.0

    def _paint_part(self, part: PagePart) -> None:
        p, mm = self.painter, self.mm
        left, base, way = self._place(part)
        xs = (left + part.x * SLOT_MM).tolist()
        ys = (base + way * part.row * ROW_MM).tolist()
        nodes = part.nodes.tolist()
        where = {node: (x, y) for node, x, y in zip(nodes, xs, ys, strict=True)}
        self._paint_ruler(part, base, way)
        # Everything hanging from a manager on this page: reports and continuations.
        hanging: dict[int, list[tuple[float, float]]] = {}
        parent = self.chart.parent
        for node, x, y in zip(nodes, xs, ys, strict=True):
            up = int(parent[node])
            if up in where:
                hanging.setdefault(up, []).append((x, y))
        stubs = [(left + s.x * SLOT_MM, base + way * s.row * ROW_MM) for s in part.stubs]
        for stub, (x, y) in zip(part.stubs, stubs, strict=True):
            if stub.manager in where:
                hanging.setdefault(stub.manager, []).append((x, y))
        lines: list[QLineF] = []
        half = CARD_HEIGHT_MM / 2
        for manager, reports in hanging.items():
            mx, my = where[manager]
            self._links(lines, (mx, my), reports, way, half)
        heads = [where[int(h)] for h in part.heads.tolist() if int(h) in where]
        arrival = arrival_text(self.chart, part)
        if arrival and heads:
            below = base - way * (ROW_MM / 2 + ARRIVAL_MM * 0.35)
            self._links(lines, None, heads, way, half, elbow_y=below)
        p.setPen(QPen(LINK, mm(0.25)))
        p.drawLines([QLineF(mm(a.x1()), mm(a.y1()), mm(a.x2()), mm(a.y2())) for a in lines])
        if arrival and heads:
            p.setFont(self.text_font)
            p.setPen(QPen(INK))
            y = base - way * (ROW_MM / 2 + ARRIVAL_MM * 0.72)
            centre = sum(x for x, _y in heads) / len(heads)
            p.drawText(
                QRectF(mm(centre - 60), mm(y - 2), mm(120), mm(4)),
                Qt.AlignmentFlag.AlignCenter,
                arrival,
            )
        for node, x, y in zip(nodes, xs, ys, strict=True):
            self._card(node, x, y)
        for stub, (x, y) in zip(part.stubs, stubs, strict=True):
            self._stub_card(stub_label(self.plan, stub), x, y)

    def _links(
        self,
        lines: list[QLineF],
        manager: tuple[float, float] | None,
        reports: list[tuple[float, float]],
        way: float,
        half: float,
        elbow_y: float | None = None,
    ) -> None:
        """Elbow links from a manager to the lowest report of each column, and short links
        up each stacked column (mm, into ``lines``)."""
        columns: dict[float, list[float]] = {}
        for x, y in reports:
            columns.setdefault(round(x, 3), []).append(y)
        if manager is not None:
            mx, my = manager
            elbow = my + way * ROW_MM / 2
            lines.append(QLineF(mx, my + way * half, mx, elbow))
            xs = [*columns, mx]
        else:
            elbow = elbow_y if elbow_y is not None else 0.0
            xs = list(columns)
        lines.append(QLineF(min(xs), elbow, max(xs), elbow))
        for x, ys in columns.items():
            ys.sort(key=lambda y: way * y)  # nearest the manager first
            lines.append(QLineF(x, elbow, x, ys[0] - way * half))
            for lower, upper in itertools.pairwise(ys):
                lines.append(QLineF(x, lower + way * half, x, upper - way * half))

    def _paint_ruler(self, part: PagePart, base: float, way: float) -> None:
        """The level of each row where a level starts, left of the part."""
        levels = self.chart.levels[part.nodes]
        first: dict[int, float] = {}
        for level, row in zip(levels.tolist(), part.row.tolist(), strict=True):
            if level not in first or row < first[level]:
                first[level] = row
        p, mm = self.painter, self.mm
        p.setFont(font(6.5, bold=True))
        p.setPen(QPen(FAINT))
        for level, row in first.items():
            y = base + way * row * ROW_MM
            text = "Chief executive" if level == 0 else f"Level {level}" if level > 0 else "Apart"
            p.drawText(
                QRectF(mm(MARGIN_MM), mm(y - CARD_HEIGHT_MM / 2), mm(RULER_MM - 1), mm(7)),
                Qt.AlignmentFlag.AlignLeft
                | Qt.AlignmentFlag.AlignVCenter
                | Qt.TextFlag.TextWordWrap,
                text,
            )

    def _card(self, node: int, x: float, y: float) -> None:
        p, mm = self.painter, self.mm
        box = QRectF(
            mm(x - CARD_WIDTH_MM / 2), mm(y - CARD_HEIGHT_MM / 2), mm(CARD_WIDTH_MM), mm(7.0)
        )
        r, g, b = (int(c) for c in self.rgb[node])
        accent = QColor(r, g, b)
        dashed = bool(self.chart.placeholders[node]) or bool(self.chart.synthetic[node])
        if dashed:
            p.setPen(QPen(LINK, mm(0.25), Qt.PenStyle.DashLine))
            p.setBrush(QBrush(QColor("#f7f8fa")))
            p.drawRoundedRect(box, mm(1), mm(1))
        else:
            p.setPen(QPen(accent.darker(130), mm(0.2)))
            p.setBrush(QBrush(QColor(255, 255, 255)))
            p.drawRoundedRect(box, mm(1), mm(1))
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(accent)
            p.drawRect(QRectF(box.left(), box.top(), mm(1.2), box.height()))
        text_box = box.adjusted(mm(2), mm(0.4), -mm(0.8), -box.height() / 2)
        p.setPen(QPen(INK))
        p.setFont(self.placeholder_font if dashed else self.name_font)
        full = person_name(self.chart, node)
        room = int(text_box.width())
        name = fit_name(full, room, self.name_metrics) or self.name_metrics.elidedText(
            full, Qt.TextElideMode.ElideRight, room
        )
        p.drawText(text_box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name)
        title = self.chart.titles[node] or (PLACEHOLDER_TITLE if dashed else "")
        if title:
            title_box = box.adjusted(mm(2), box.height() / 2, -mm(0.8), -mm(0.4))
            p.setPen(QPen(FAINT))
            p.setFont(self.title_font)
            p.drawText(
                title_box,
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                self.title_metrics.elidedText(
                    title, Qt.TextElideMode.ElideRight, int(title_box.width())
                ),
            )

    def _stub_card(self, label: tuple[str, str], x: float, y: float) -> None:
        p, mm = self.painter, self.mm
        box = QRectF(
            mm(x - CARD_WIDTH_MM / 2),
            mm(y - CARD_HEIGHT_MM / 2),
            mm(CARD_WIDTH_MM),
            mm(CARD_HEIGHT_MM),
        )
        p.setPen(QPen(STUB_INK, mm(0.3), Qt.PenStyle.DashLine))
        p.setBrush(QBrush(QColor("#eef4fb")))
        p.drawRoundedRect(box, mm(1), mm(1))
        p.setPen(QPen(STUB_INK))
        p.setFont(self.name_font)
        p.drawText(
            box.adjusted(0, 0, 0, -box.height() / 2),
            Qt.AlignmentFlag.AlignCenter,
            label[0],
        )
        p.setFont(self.title_font)
        p.drawText(box.adjusted(0, box.height() / 2, 0, 0), Qt.AlignmentFlag.AlignCenter, label[1])
