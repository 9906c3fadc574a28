"""The whole organisation drawn small: the first page's picture and every page's locator.

One picture of the whole shape (the tiers' shading, the customers on top, everyone as a dot
in their colour) is made once as an image; the PDF writer stores an image drawn many times
once, so the locator on each of a thousand pages costs one copy. Page outlines and numbers are
drawn over it as lines and text.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QImage, QPainter, QPen, QPolygonF

from pyramid_app.model.layout import PyramidLayout, outline_knots
from pyramid_app.model.paging import PagePart, PagePlan
from pyramid_app.model.tree import IntArray
from pyramid_app.ui.paper.sheet import Millimetres, font
from pyramid_app.ui.pyramid.scene import BAND_FILLS, CUSTOMER_EDGE, CUSTOMER_FILL

IMAGE_WIDTH = 2000  # pixels of the whole shape's picture across
ACCENT = QColor("#d1495b")
GREY = (150, 156, 166)
# Neighbouring pages (one after the other in reading order) in colours told apart easily.
PAGE_COLOURS = (
    (0, 114, 178),
    (230, 159, 0),
    (0, 158, 115),
    (204, 121, 167),
    (86, 180, 233),
    (213, 94, 0),
    (120, 94, 240),
    (90, 90, 90),
)


class WholeShape:
    """Maps the whole layout (slots, rows) into a rectangle and draws it there: everyone as a
    dot in the colour of their page (the first page), or grey with one page's people marked
    (a locator)."""

    def __init__(self, layout: PyramidLayout, plan: PagePlan, aspect: float) -> None:
        self.layout = layout
        self.plan = plan
        x_low, x_high, _y_low, _y_high = layout.bounds()
        self.x_low, self.x_high = x_low, max(x_high, x_low + 1)
        self.row_low = layout.bands[0].y_low if layout.bands else -0.5
        self.row_high = layout.customer_band.y_high
        self.inverted = layout.options.inverted
        self.width = IMAGE_WIDTH
        self.height = max(120, min(2000, round(IMAGE_WIDTH / max(aspect, 0.1))))
        shown = np.flatnonzero(layout.visible)
        page = plan.page_of[shown]
        palette = np.asarray(PAGE_COLOURS, dtype=np.uint8)
        self.by_page = self._picture(shown, palette[page % len(palette)])
        grey = np.broadcast_to(np.asarray(GREY, dtype=np.uint8), (shown.shape[0], 3))
        self.grey = self._picture(shown, grey)

    # -- where things go ------------------------------------------------------------------

    def point(self, x: float, row: float, rect: QRectF) -> QPointF:
        fx = (x - self.x_low) / (self.x_high - self.x_low)
        fy = (row - self.row_low) / (self.row_high - self.row_low)
        if self.inverted:
            fy = 1.0 - fy
        return QPointF(rect.left() + fx * rect.width(), rect.top() + fy * rect.height())

    def box(self, box: tuple[float, float, float, float], rect: QRectF) -> QRectF:
        x_low, x_high, row_low, row_high = box
        return QRectF(
            self.point(x_low, row_low, rect), self.point(x_high, row_high, rect)
        ).normalized()

    # -- the pictures ---------------------------------------------------------------------

    def _picture(self, shown: IntArray, rgb: npt.NDArray[np.uint8]) -> QImage:
        width, height = self.width, self.height
        image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(QColor(255, 255, 255, 0))
        rect = QRectF(0, 0, width, height)
        painter = QPainter(image)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setPen(Qt.PenStyle.NoPen)
            y, left, right = outline_knots(self.layout.spans)
            for tier in range(y.shape[0] // 4):
                knots = slice(4 * tier, 4 * tier + 4)
                points = [
                    self.point(a, b, rect) for a, b in zip(left[knots], y[knots], strict=True)
                ]
                points += [
                    self.point(a, b, rect)
                    for a, b in zip(right[knots][::-1], y[knots][::-1], strict=True)
                ]
                painter.setBrush(QColor(BAND_FILLS[tier % 2]))
                painter.drawPolygon(QPolygonF(points))
            band = self.layout.customer_band
            painter.setBrush(QColor(CUSTOMER_FILL))
            painter.setPen(QPen(QColor(CUSTOMER_EDGE), 1))
            painter.drawRect(self.box((band.x_low, band.x_high, band.y_low, band.y_high), rect))
        finally:
            painter.end()
        self._dots(image, shown, rgb)
        return image

    def _dots(self, image: QImage, shown: IntArray, rgb: npt.NDArray[np.uint8]) -> None:
        """Everyone as a square dot in their colour, painted with numpy: as large as the room
        between neighbours allows, from 2 to 12 pixels."""
        if not shown.size:
            return
        layout, width, height = self.layout, self.width, self.height
        slot = width / (self.x_high - self.x_low)
        row = height / (self.row_high - self.row_low)
        size = int(np.clip(min(slot, row) * 0.6, 2, 12))
        rows = layout.y[shown] * layout.sign
        fx = (layout.x[shown] - self.x_low) / (self.x_high - self.x_low)
        fy = (rows - self.row_low) / (self.row_high - self.row_low)
        if self.inverted:
            fy = 1.0 - fy
        px = np.clip((fx * width).astype(np.int64) - size // 2, 0, width - size)
        py = np.clip((fy * height).astype(np.int64) - size // 2, 0, height - size)
        colours = rgb.astype(np.uint32)
        argb = np.uint32(0xFF000000) | (colours[:, 0] << 16) | (colours[:, 1] << 8) | colours[:, 2]
        pixels = np.frombuffer(
            image.bits(), dtype=np.uint32, count=height * image.bytesPerLine() // 4
        )
        pixels = pixels.reshape(height, image.bytesPerLine() // 4)
        for dx in range(size):
            for dy in range(size):
                pixels[py + dy, px + dx] = argb

    # -- on paper -------------------------------------------------------------------------

    def paint_locator(
        self, painter: QPainter, rect: QRectF, part: PagePart, mm: Millimetres
    ) -> None:
        """The whole shape in grey in ``rect``, with ``part``'s people in the accent colour
        and the rectangle they lie in."""
        painter.save()
        painter.setPen(QPen(QColor(190, 195, 205), mm(0.2)))
        painter.setBrush(QBrush(QColor(255, 255, 255)))
        painter.drawRect(rect)
        inner = rect.adjusted(mm(1.5), mm(1.5), -mm(1.5), -mm(1.5))
        painter.drawImage(inner, self.grey)
        mark = self.box(part.box, inner)
        least = mm(1.6)  # a page far smaller than the locator still shows
        if mark.width() < least:
            mark.adjust(-(least - mark.width()) / 2, 0, (least - mark.width()) / 2, 0)
        if mark.height() < least:
            mark.adjust(0, -(least - mark.height()) / 2, 0, (least - mark.height()) / 2)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(ACCENT, mm(0.35)))
        painter.drawRect(mark.intersected(rect))
        layout = self.layout
        if part.nodes.size:
            dot = mm(0.7)
            xs = layout.x[part.nodes].tolist()
            rows = (layout.y[part.nodes] * layout.sign).tolist()
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(ACCENT)
            painter.drawRects(
                [
                    QRectF(centre.x() - dot / 2, centre.y() - dot / 2, dot, dot)
                    for centre in (
                        self.point(x, row, inner) for x, row in zip(xs, rows, strict=True)
                    )
                ]
            )
        painter.restore()

    def paint_overview(
        self, painter: QPainter, rect: QRectF, first_number: int, mm: Millimetres
    ) -> int:
        """Everyone in the colour of their page, and each page's number at the foot of its
        part (where its first people stand) wherever it has room; returns how many pages got
        their number."""
        painter.save()
        painter.drawImage(rect, self.by_page)
        number_font = font(7, bold=True)
        painter.setFont(number_font)
        metrics = QFontMetricsF(number_font, painter.device())
        layout = self.layout
        taken: list[QRectF] = []
        for i, part in enumerate(self.plan.pages):
            anchors = part.heads if part.heads.size else part.nodes
            if not anchors.size:
                continue
            x = float(layout.x[anchors].mean())
            row = float((layout.y[anchors] * layout.sign).min())
            at = self.point(x, row, rect)
            text = str(first_number + i)
            width = metrics.horizontalAdvance(text) + mm(1)
            label = QRectF(at.x() - width / 2, at.y() + mm(0.8), width, metrics.height())
            if self.inverted:
                label.moveBottom(at.y() - mm(0.8))
            if not rect.contains(label) or any(label.intersects(other) for other in taken):
                continue
            taken.append(label)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(255, 255, 255, 215))
            painter.drawRoundedRect(label, mm(0.6), mm(0.6))
            painter.setPen(QPen(QColor(20, 30, 50)))
            painter.drawText(label, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()
        return len(taken)
