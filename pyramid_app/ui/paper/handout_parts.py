"""Two blocks of a handout's page: ruled lines to write on, and the key of the team's picture."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QFontMetricsF, QPaintDevice, QPainter, QPen

from pyramid_app.ui.paper.page_flow import INK, RULE, Block, font, points


class WritingLines(Block):
    """Ruled lines to write on."""

    def __init__(self, count: int, spacing: float, section: str = "") -> None:
        self.count, self.spacing = count, spacing
        self.height = count * spacing
        self.section = section

    def paint(self, painter: QPainter, x: float, y: float, width: float) -> None:
        painter.setPen(QPen(RULE, max(points(painter.device(), 0.5), 1.0)))
        for i in range(1, self.count + 1):
            at = y + i * self.spacing
            painter.drawLine(QPointF(x, at), QPointF(x + width, at))


class KeyBlock(Block):
    """The picture's colour key: swatch and words, one after another, wrapping as needed."""

    def __init__(
        self, items: list[tuple[str, QColor, str]], width: float, device: QPaintDevice
    ) -> None:
        self.face = font(7.5)
        metrics = QFontMetricsF(self.face, device)
        self.row = metrics.lineSpacing() * 1.3
        self.swatch = points(device, 7)
        gap, x, y = points(device, 12), 0.0, 0.0
        self.placed: list[tuple[float, float, str, QColor, str]] = []
        for text, colour, kind in items:
            need = self.swatch + points(device, 3) + metrics.horizontalAdvance(text)
            if x and x + need > width:
                x, y = 0.0, y + self.row
            self.placed.append((x, y, text, colour, kind))
            x += need + gap
        self.ascent = metrics.ascent()
        self.height = y + self.row + points(device, 4)

    def paint(self, painter: QPainter, x: float, y: float, width: float) -> None:
        painter.setFont(self.face)
        device = painter.device()
        for left, top, text, colour, kind in self.placed:
            box = QRectF(x + left, y + top + (self.row - self.swatch) / 2, self.swatch, self.swatch)
            if kind == "mark":
                painter.fillRect(box, colour)
            elif kind == "ring":
                painter.setPen(QPen(colour, points(device, 1.5)))
                painter.drawRect(box.adjusted(1, 1, -1, -1))
            else:
                painter.setPen(QPen(colour, points(device, 2)))
                middle = box.center().y()
                painter.drawLine(QPointF(box.left(), middle), QPointF(box.right(), middle))
            painter.setPen(QPen(INK))
            baseline = y + top + (self.row + self.ascent) / 2 - points(device, 1)
            painter.drawText(QPointF(box.right() + points(device, 3), baseline), text)
