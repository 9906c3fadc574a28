"""The level bands (trapezoids with name and headcount) and the customer band on top."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen, QPolygonF

from pyramid_app.model.layout import Band
from pyramid_app.ui.pyramid.scene import (
    BAND_FILLS,
    CUSTOMER_CHOSEN,
    CUSTOMER_CHOSEN_EDGE,
    CUSTOMER_EDGE,
    CUSTOMER_FILL,
    SceneItem,
    enter_pixel_space,
)


class BandsItem(SceneItem):
    """Level bands (trapezoids with name and headcount) and the customer band on top."""

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(-10)
        self.chosen_segment: str | None = None  # the segment whose journey is open

    def set_chosen_segment(self, label: str | None) -> None:
        if label != self.chosen_segment:
            self.chosen_segment = label
            self.update()

    def paint(self, painter: QPainter, *_args: object) -> None:
        if self.data is None:
            return
        layout = self.data.layout
        sign = layout.sign
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)  # big flat shapes
        painter.setPen(Qt.PenStyle.NoPen)
        bands = layout.bands
        fills = [QColor(BAND_FILLS[0]), QColor(BAND_FILLS[1])]
        for first, last in _runs_a_pixel_tall(bands, abs(painter.transform().m22())):
            band, top = bands[first], bands[last]
            low, high = sign * band.y_low, sign * top.y_high
            next_centre = bands[last + 1].x_centre if last + 1 < len(bands) else top.x_centre
            polygon = QPolygonF(
                [
                    QPointF(band.x_centre - band.half_width_root_side, low),
                    QPointF(band.x_centre + band.half_width_root_side, low),
                    QPointF(next_centre + top.half_width_customer_side, high),
                    QPointF(next_centre - top.half_width_customer_side, high),
                ]
            )
            painter.setBrush(fills[band.tier % 2])
            painter.drawPolygon(polygon)
        customer = layout.customer_band
        low, high = sign * customer.y_low, sign * customer.y_high
        chosen = None
        for i, segment in enumerate(layout.customer_segments):
            colour = QColor(CUSTOMER_FILL).lighter(100 + 8 * (i % 2))
            painter.setBrush(colour)
            painter.setPen(QPen(QColor(CUSTOMER_EDGE), 0))
            box = QRectF(
                segment.x_low, min(low, high), segment.x_high - segment.x_low, abs(high - low)
            )
            painter.drawRect(box)
            if self.chosen_segment is not None and segment.label == self.chosen_segment:
                chosen = box
        if chosen is not None:
            # Drawn last, so its neighbours' edges do not cut through the emphasis.
            painter.setBrush(QColor(CUSTOMER_CHOSEN))
            edge = QPen(QColor(CUSTOMER_CHOSEN_EDGE), 3)
            edge.setCosmetic(True)  # three pixels at any zoom
            painter.setPen(edge)
            painter.drawRect(chosen)

    def _paint_labels(self, painter: QPainter) -> None:
        """Band and segment names in screen pixels, so they stay readable at any zoom."""
        assert self.data is not None
        layout = self.data.layout
        sign = layout.sign
        original = painter.transform()
        view = self.getViewBox()
        visible = view.viewRect() if view is not None else self.boundingRect()
        transform, width, height = enter_pixel_space(self, painter)
        font = QFont()
        font.setPointSizeF(9.5)
        painter.setFont(font)
        metrics = QFontMetrics(font)
        left_x = max(visible.left(), layout.bounds()[0])
        label_h = metrics.height() + 4
        # y on screen of a layout y at left_x, without a QTransform call per band.
        y_offset = transform.m12() * left_x + transform.m32()
        y_scale = transform.m22() * sign
        taken_low, taken_high = float("inf"), float("-inf")  # screen rows holding a label
        for band in layout.bands:
            # Just inside the band's upper edge on screen, where a row of cards leaves room;
            # kept on screen while any of the band is.
            edge_a = y_offset + y_scale * band.y_low
            edge_b = y_offset + y_scale * band.y_high
            upper, lower = min(edge_a, edge_b), max(edge_a, edge_b)
            if lower < 0 or upper > height:
                continue
            top = min(max(upper + 3, 3.0), lower - label_h - 1)
            if top < taken_high and top + label_h > taken_low:
                continue  # bands thinner than a label: the first label of a stretch stands
            taken_low, taken_high = min(taken_low, top), max(taken_high, top + label_h)
            x = transform.map(QPointF(left_x, 0)).x()
            text = f"{band.label} · {band.headcount:,}"
            box = QRectF(x + 4, top, metrics.horizontalAdvance(text) + 10, label_h)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(255, 255, 255, 215))
            painter.drawRoundedRect(box, 4, 4)
            painter.setPen(QColor("#4a5a6a"))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        bold = QFont(font)
        bold.setBold(True)
        painter.setFont(bold)
        metrics = QFontMetrics(bold)
        painter.setPen(QColor("#5a3d00"))
        customer = layout.customer_band
        y_mid = sign * (customer.y_low + customer.y_high) / 2
        for segment in layout.customer_segments:
            left = max(transform.map(QPointF(segment.x_low, y_mid)).x(), 0.0)
            right = min(transform.map(QPointF(segment.x_high, y_mid)).x(), float(width))
            centre_y = transform.map(QPointF(0, y_mid)).y()
            box = QRectF(left + 4, centre_y - 12, right - left - 8, 24)
            if box.width() > 30:
                text = metrics.elidedText(
                    segment.label, Qt.TextElideMode.ElideRight, int(box.width())
                )
                painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        painter.setTransform(original)


def _runs_a_pixel_tall(bands: Sequence[Band], pixels_per_row: float) -> list[tuple[int, int]]:
    """(first, last) band of each run drawn as one shape: every band alone when it is at least
    a pixel tall, else consecutive bands together until the run is (a 200,000-level chain
    would otherwise cost 200,000 polygons for a few hundred pixels)."""
    if len(bands) < 2_000:
        return [(index, index) for index in range(len(bands))]
    runs = []
    first, tall = 0, 0.0
    for index, band in enumerate(bands):
        tall += (band.y_high - band.y_low) * pixels_per_row
        if tall >= 1.0 or index == len(bands) - 1:
            runs.append((first, index))
            first, tall = index + 1, 0.0
    return runs


class BandLabelsItem(BandsItem):
    """Band names and headcounts, above the people so marks never hide them."""

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(10)

    def paint(self, painter: QPainter, *_args: object) -> None:
        if self.data is not None:
            self._paint_labels(painter)
