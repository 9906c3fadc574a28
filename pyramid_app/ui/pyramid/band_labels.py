"""The customer segments' names in the band above the pyramid, and the caption over the people
not connected to the chief executive: text written over the shading (band_items.py), above
the people so no mark hides it.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QTransform

from pyramid_app.model.layout import PyramidLayout
from pyramid_app.ui.pyramid.band_items import (
    APART_CAPTION_WIDTH,
    APART_TEXT,
    MAX_SEGMENT_LINES,
    apart_rect,
)
from pyramid_app.ui.pyramid.scene import SceneData, SceneItem, enter_pixel_space
from pyramid_app.ui.pyramid.sizes import NORMAL, TextSizes
from pyramid_app.ui.pyramid.standing_counts import ShownStandings, fit_counts, paint_counts


def wrap_to_lines(text: str, metrics: QFontMetrics, width: float, lines: int) -> list[str]:
    """Words onto at most ``lines`` lines of ``width`` pixels; only what still does not fit is
    elided (a long word, or the rest after the last line). A no-break space holds words together.
    """
    if lines <= 0 or width <= 0:
        return []
    result: list[str] = []
    current = ""
    for word in filter(None, text.split(" ")):
        trial = f"{current} {word}" if current else word
        if not current or metrics.horizontalAdvance(trial) <= width:
            current = trial
        else:
            result.append(current)
            current = word
    if current:
        result.append(current)
    if len(result) > lines:
        result = [*result[: lines - 1], " ".join(result[lines - 1 :])]
    return [metrics.elidedText(line, Qt.TextElideMode.ElideRight, int(width)) for line in result]


# A segment's name that does not fit whole is written smaller, down to this share of its size,
# before any of it is cut: "Corpo... clients" tells a room nothing.
SMALLEST_SEGMENT_FONT = 0.75


def fit_segment_name(
    label: str, font: QFont, width: float, height: float
) -> tuple[QFont, list[str]]:
    """The font (``font`` or smaller) and the lines ``label`` is written in within a box of
    ``width`` x ``height`` pixels: the largest size at which it is whole, else the smallest
    size, cut."""
    size = font.pointSizeF()
    fitted, text = font, []
    for share in (1.0, 0.9, 0.82, SMALLEST_SEGMENT_FONT):
        fitted = QFont(font)
        fitted.setPointSizeF(size * share)
        metrics = QFontMetrics(fitted)
        most = MAX_SEGMENT_LINES if share == 1.0 else MAX_SEGMENT_LINES + 1  # smaller: one more
        lines = min(most, int(height // metrics.lineSpacing()))
        text = wrap_to_lines(label, metrics, width, lines)
        if " ".join(text) == label:
            break
    return fitted, text


class BandLabelsItem(SceneItem):
    """The customer segments' names, above the people so marks never hide them."""

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(10)
        self.chosen_segment: str | None = None
        self.segment_lines: dict[str, list[str]] = {}  # what the last paint wrote, per segment
        self.apart_lines: list[str] = []  # the caption of the people kept apart, as written
        self.apart_count_lines: list[str] = []  # and their standings below it, as written
        self.standings = ShownStandings()  # while coloured by results
        self.sizes = NORMAL
        self._segment_font = NORMAL.font(9.5, bold=True)
        self._caption_font = NORMAL.font(9.0, bold=True)
        self._count_font = NORMAL.font(8.5)

    def set_sizes(self, sizes: TextSizes) -> None:
        """Write the segments' names and the caption with text of ``sizes``."""
        self.sizes = sizes
        self._segment_font = sizes.font(9.5, bold=True)
        self._caption_font = sizes.font(9.0, bold=True)
        self._count_font = sizes.font(8.5)
        self.update()

    def set_data(self, data: SceneData | None) -> None:
        super().set_data(data)
        self.standings.recount(data)

    def set_standings(self, rows: npt.NDArray[np.int8] | None) -> None:
        """Each node's standing (``result_tiers.standing_rows``, of the chart shown): those of
        the people kept apart are written under their caption; None: not coloured by results."""
        self.standings.hold(self.scene_data, rows)
        self.update()

    def set_chosen_segment(self, label: str | None) -> None:
        self.chosen_segment = label  # the shading marks it; the name reads the same

    def paint(self, painter: QPainter, *_args: object) -> None:
        if self.scene_data is None:
            return
        layout = self.scene_data.layout
        original = painter.transform()
        transform, width, _height = enter_pixel_space(self, painter)
        font = self._segment_font
        painter.setFont(font)
        painter.setPen(QColor("#5a3d00"))
        customer = layout.customer_band
        sy, dy = transform.m22() * layout.sign, transform.dy()
        low, high = sorted((sy * customer.y_low + dy, sy * customer.y_high + dy))
        self.segment_lines = {}
        for segment in layout.customer_segments:
            left = max(transform.m11() * segment.x_low + transform.dx(), 0.0)
            right = min(transform.m11() * segment.x_high + transform.dx(), float(width))
            box = QRectF(left + 4, low + 2, right - left - 8, high - low - 4)
            if box.width() <= 30:
                continue
            fitted, text = fit_segment_name(segment.label, font, box.width(), box.height())
            if not text:
                continue
            self.segment_lines[segment.label] = text
            painter.setFont(fitted)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, "\n".join(text))
        painter.setFont(font)
        self._paint_apart_caption(painter, layout, transform, float(width))
        painter.setTransform(original)

    def _shown_left(self) -> float:
        """Where the view box begins on the view widget (the tier ruler lies left of it)."""
        widget, box = self.getViewWidget(), self.getViewBox()
        if widget is None or box is None:
            return 0.0
        return float(widget.mapFromScene(box.sceneBoundingRect().topLeft()).x()) + 4

    def _paint_apart_caption(
        self, painter: QPainter, layout: PyramidLayout, transform: QTransform, view_width: float
    ) -> None:
        """ "Not connected to the chief executive · 3" over the box of those people."""
        scale = (transform.m11(), transform.dx(), transform.m22() * layout.sign, transform.dy())
        box = apart_rect(layout, scale, self.sizes)
        if box is None or layout.apart is None:
            return
        font = self._caption_font
        painter.setFont(font)
        painter.setPen(APART_TEXT)
        metrics = QFontMetrics(font)
        # Wrapped into the room right of the box's left edge, up to the caption's own width.
        caption_width = APART_CAPTION_WIDTH * self.sizes.scale
        room = max(box.width(), min(caption_width, view_width - box.left() - 4))
        width = max(room, 60.0)
        lines = wrap_to_lines(layout.apart.caption, metrics, width - 8, 4)
        # While coloured by results, their standings under the caption: with the tiers' own,
        # they hold every front-line person the colour key counts.
        counted = self.standings.counts
        count_metrics = QFontMetrics(self._count_font)
        below = (
            fit_counts(counted.of_apart(), count_metrics, width - 8, 2)
            if counted is not None
            else []
        )
        below_height = count_metrics.lineSpacing() * len(below)
        height = metrics.lineSpacing() * len(lines) + below_height + 4
        self.apart_lines = lines
        self.apart_count_lines = [line.text for line in below]
        # From the box's left edge outward, away from the pyramid, so it never covers anyone;
        # when that edge is scrolled out of the view box, from the first pixel shown, as long
        # as the caption still fits over the box.
        text_width = max(metrics.horizontalAdvance(line) for line in lines) + 8
        left = max(box.left(), min(self._shown_left(), box.right() - text_width))
        caption = QRectF(left, box.top() - height, width, height - below_height)
        painter.drawText(
            caption, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, "\n".join(lines)
        )
        painter.setFont(self._count_font)
        for index, line in enumerate(below):
            row = QRectF(
                left,
                caption.bottom() + index * count_metrics.lineSpacing(),
                width,
                count_metrics.lineSpacing(),
            )
            paint_counts(painter, line, count_metrics, row, APART_TEXT)
