"""The shaded tiers behind the people, the customer band on top, and a focused team's chain.

Everything is painted in view pixels from arrays computed once per layout: a polygon per tier
clipped to the view (coordinates far outside it would overflow the rasteriser zoomed in), or,
where tiers are thinner than a pixel (a 200,000-level chain), one rectangle per pixel row.
The tiers' names are not drawn here but in the ruler beside the view (band_ruler.py), so they
never cover anyone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from pyqtgraph.GraphicsScene.mouseEvents import MouseClickEvent
from PySide6.QtCore import QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QPainter,
    QPen,
    QPolygonF,
    QRegion,
)

from pyramid_app.model.layout import PyramidLayout, outline_knots
from pyramid_app.ui.pyramid.scene import (
    BAND_FILLS,
    CUSTOMER_CHOSEN,
    CUSTOMER_CHOSEN_EDGE,
    CUSTOMER_EDGE,
    CUSTOMER_FILL,
    SceneData,
    SceneItem,
    enter_pixel_space,
)
from pyramid_app.ui.pyramid.sizes import CARD_WIDTH, NORMAL, TextSizes
from pyramid_app.ui.pyramid.standing_counts import ShownStandings

FloatArray = npt.NDArray[np.float64]
Point = tuple[float, float]

EDGE_PIXELS = 3.0  # shading beyond the outermost person's middle, whatever the zoom
MARGIN = 8.0  # pixels beyond the view that shapes are clipped to
CONTEXT_MARK = QColor(150, 156, 163)  # the chain below a focused team: present, not counted
CONTEXT_LINK = QColor(175, 180, 186)
CONTEXT_TEXT = QColor(120, 126, 133)
CONTEXT_HIT_PIXELS = 9.0
MAX_SEGMENT_LINES = 3
APART_FILL = QColor(236, 236, 236)  # the people not connected to the chief executive
APART_EDGE = QColor(120, 120, 120)
APART_TEXT = QColor(70, 70, 70)
APART_PADDING = CARD_WIDTH / 2 + 6  # the most pixels around the outermost people: a card fits
APART_CAPTION_WIDTH = 190.0  # the caption wraps to at least this many pixels


def apart_rect(
    layout: PyramidLayout, scale: tuple[float, float, float, float], sizes: TextSizes = NORMAL
) -> QRectF | None:
    """The box of the people not connected to the chief executive, in view pixels, with room
    for their cards at text of ``sizes``."""
    group = layout.apart
    if group is None:
        return None
    sx, dx, sy, dy = scale
    left, right = sorted((sx * group.x_low + dx, sx * group.x_high + dx))
    top, bottom = sorted((sy * group.y_low + dy, sy * group.y_high + dy))
    # Room for a card where people are drawn as cards; a few pixels where they are marks, so
    # the box never reaches into the pyramid's shading across the gap between them.
    pad_x = min(apart_padding(sizes), max(6.0, 1.2 * abs(sx)))
    pad_y = min(sizes.card_height / 2 + 2, max(4.0, 0.1 * abs(sy)))  # rows are half a row apart
    return QRectF(QPointF(left - pad_x, top - pad_y), QPointF(right + pad_x, bottom + pad_y))


def apart_padding(sizes: TextSizes) -> float:
    """The most pixels around the outermost people kept apart: a card fits."""
    return APART_PADDING - CARD_WIDTH / 2 + sizes.card_width / 2


@dataclass
class TierOutline:
    """The shading of every tier, from the layout, in layout rows (not oriented)."""

    y: FloatArray  # four knots a tier, see outline_knots
    left: FloatArray
    right: FloatArray
    y_low: FloatArray  # per tier
    y_high: FloatArray
    left_min: FloatArray  # per tier, the outermost of its knots
    right_max: FloatArray
    gap_low: FloatArray  # per tier, slots from the outermost person to the next one in
    gap_high: FloatArray

    @classmethod
    def of(cls, layout: PyramidLayout) -> TierOutline:
        y, left, right = outline_knots(layout.spans)
        return cls(
            y=y,
            left=left,
            right=right,
            y_low=layout.spans.y_low,
            y_high=layout.spans.y_high,
            left_min=left.reshape(-1, 4).min(axis=1),
            right_max=right.reshape(-1, 4).max(axis=1),
            gap_low=layout.spans.gap_low,
            gap_high=layout.spans.gap_high,
        )

    def widened(
        self, first: int, last: int, slot_px: float, row_px: float, sizes: TextSizes = NORMAL
    ) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Knots of tiers ``first..last`` (y, left, right in layout units) grown to hold what
        is drawn at this zoom: the outermost person of a tier may be a card or a name as wide as
        the room to their neighbour (up to half a card), and a card is taller than a point."""
        tiers = slice(first, last + 1)
        reach_px = np.array([EDGE_PIXELS, sizes.card_width / 2 + 4])
        low_px = np.clip(self.gap_low[tiers] * slot_px / 2, *reach_px)
        high_px = np.clip(self.gap_high[tiers] * slot_px / 2, *reach_px)
        # Beyond the half slot the model's span already has.
        grow_low = np.maximum(low_px / slot_px - 0.5, 0.0)
        grow_high = np.maximum(high_px / slot_px - 0.5, 0.0)
        # Where two tiers meet, both grow halfway, so their shapes still meet edge to edge.
        before = max(first - 1, 0)
        after = min(last + 1, self.gap_low.shape[0] - 1)
        edges_low = np.clip(self.gap_low[[before, after]] * slot_px / 2, *reach_px)
        edges_high = np.clip(self.gap_high[[before, after]] * slot_px / 2, *reach_px)
        grow_edges_low = np.maximum(edges_low / slot_px - 0.5, 0.0)
        grow_edges_high = np.maximum(edges_high / slot_px - 0.5, 0.0)
        below_low = np.concatenate([[grow_edges_low[0]], grow_low[:-1]])
        above_low = np.concatenate([grow_low[1:], [grow_edges_low[1]]])
        below_high = np.concatenate([[grow_edges_high[0]], grow_high[:-1]])
        above_high = np.concatenate([grow_high[1:], [grow_edges_high[1]]])
        if first == 0:
            below_low[0], below_high[0] = grow_low[0], grow_high[0]
        if last == self.gap_low.shape[0] - 1:
            above_low[-1], above_high[-1] = grow_low[-1], grow_high[-1]
        grow_left = np.stack(
            [(below_low + grow_low) / 2, grow_low, grow_low, (above_low + grow_low) / 2], axis=1
        ).ravel()
        grow_right = np.stack(
            [(below_high + grow_high) / 2, grow_high, grow_high, (above_high + grow_high) / 2],
            axis=1,
        ).ravel()
        knots = slice(4 * first, 4 * last + 4)
        y = self.y[knots].copy()
        # The people's rows stay at full width a card's half height up and down.
        # Zoomed in, a tier stays square most of its height and bevels near its edges only.
        rise = min(0.45, max((sizes.card_height / 2 + 2) / row_px, 0.3)) if row_px > 0 else 0.0
        y[1::4] -= rise
        y[2::4] += rise
        return y, self.left[knots] - grow_left, self.right[knots] + grow_right


def runs_a_pixel_tall(heights: FloatArray) -> list[tuple[int, int]]:
    """(first, last) of consecutive tiers drawn as one shape: a tier at least a pixel tall alone,
    thinner ones together until their run reaches the next whole pixel (a 200,000-level chain
    would otherwise cost 200,000 polygons for a few hundred pixels)."""
    first, last = pixel_runs(heights)
    return list(zip(first.tolist(), last.tolist(), strict=True))


def pixel_runs(heights: FloatArray) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The runs of :func:`runs_a_pixel_tall` as two arrays, first and last tier of each."""
    count = heights.shape[0]
    if count == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    tall = heights >= 1.0
    total = np.cumsum(heights)
    crosses = np.floor(total[1:]) > np.floor(total[:-1])
    ends = np.zeros(count, dtype=bool)
    ends[:-1] = crosses | tall[:-1] | tall[1:]
    ends[0] |= bool(tall[0])
    ends[-1] = True
    last = np.flatnonzero(ends)
    first = np.concatenate([[0], last[:-1] + 1])
    return first, last


def clip_polygon(points: list[Point], x0: float, y0: float, x1: float, y1: float) -> list[Point]:
    """The part of a polygon inside a rectangle (Sutherland-Hodgman: the window is convex)."""

    def cut(
        points: list[Point], keep: Callable[[Point], bool], cross: Callable[[Point, Point], Point]
    ) -> list[Point]:
        result: list[Point] = []
        for index, current in enumerate(points):
            previous = points[index - 1]
            current_in, previous_in = keep(current), keep(previous)
            if current_in:
                if not previous_in:
                    result.append(cross(previous, current))
                result.append(current)
            elif previous_in:
                result.append(cross(previous, current))
        return result

    def at_x(x: float) -> Callable[[Point, Point], Point]:
        def cross(a: Point, b: Point) -> Point:
            return x, a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0])

        return cross

    def at_y(y: float) -> Callable[[Point, Point], Point]:
        def cross(a: Point, b: Point) -> Point:
            return a[0] + (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]), y

        return cross

    for keep, cross in (
        (lambda p: p[0] >= x0, at_x(x0)),
        (lambda p: p[0] <= x1, at_x(x1)),
        (lambda p: p[1] >= y0, at_y(y0)),
        (lambda p: p[1] <= y1, at_y(y1)),
    ):
        if not points:
            break
        points = cut(points, keep, cross)
    return points


# What the shading is painted from: the tiers' outline, the layout, the text size and the
# chosen customer segment. Anything else that changes how it looks belongs here too, as a
# picture of it (backdrop.py) is kept for as long as these stay the same.
ShadingLook = tuple[TierOutline, PyramidLayout, TextSizes, str | None]


def paint_shading(
    painter: QPainter,
    look: ShadingLook,
    scale: tuple[float, float, float, float],
    window: tuple[float, float, float, float],
) -> None:
    """The tiers' shading, the customer band and the box of the people kept apart, in pixels
    (``scale``: x and y layout -> pixels, ``window``: the pixels to fill, a margin beyond the
    view). Touches no item, so it may run on any thread."""
    outline, layout, sizes, chosen_segment = look
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)  # big flat shapes
    painter.setPen(Qt.PenStyle.NoPen)
    x0, y0, x1, y1 = window
    _paint_tiers(painter, outline, scale, window, sizes)
    _paint_customers(painter, layout, scale, window, chosen_segment)
    box = apart_rect(layout, scale, sizes)
    if box is not None:
        pen = QPen(APART_EDGE, 1.2)
        pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(APART_FILL)
        painter.drawRect(box.intersected(QRectF(QPointF(x0, y0), QPointF(x1, y1))))
        painter.setPen(Qt.PenStyle.NoPen)


def _paint_tiers(
    painter: QPainter,
    outline: TierOutline,
    scale: tuple[float, float, float, float],
    window: tuple[float, float, float, float],
    sizes: TextSizes,
) -> None:
    sx, dx, sy, dy = scale
    x0, y0, x1, y1 = window
    if not sy:
        return
    # Tiers go up in layout rows, so those in view are found by two binary searches.
    row_a, row_b = (y0 - dy) / sy, (y1 - dy) / sy
    first_shown = int(np.searchsorted(outline.y_high, min(row_a, row_b), side="left"))
    last_shown = int(np.searchsorted(outline.y_low, max(row_a, row_b), side="right")) - 1
    if last_shown < first_shown:
        return
    shown_tiers = slice(first_shown, last_shown + 1)
    edge_a, edge_b = sy * outline.y_low[shown_tiers] + dy, sy * outline.y_high[shown_tiers] + dy
    top, bottom = np.minimum(edge_a, edge_b), np.maximum(edge_a, edge_b)
    # Each tier in view is a run of its own, or merged with its neighbours when thin.
    heights = bottom - top
    tall = heights >= 1.0
    if tall.any():
        tall_first = first_shown + int(np.argmax(tall))
        tall_last = last_shown - int(np.argmax(tall[::-1]))
        y_knots, left_knots, right_knots = outline.widened(
            tall_first, tall_last, abs(sx), abs(sy), sizes
        )
    # A mark is a few pixels wide however far out the view is: keep it on the shading.
    pad = max(0.0, EDGE_PIXELS - abs(sx) / 2) / abs(sx) if sx else 0.0
    fills = [QColor(BAND_FILLS[0]), QColor(BAND_FILLS[1])]
    blend = QColor(
        (fills[0].red() + fills[1].red()) // 2,
        (fills[0].green() + fills[1].green()) // 2,
        (fills[0].blue() + fills[1].blue()) // 2,
    )
    first, last = pixel_runs(heights)
    alone = (first == last) & tall[first]
    for tier in (first[alone] + first_shown).tolist():
        knots = slice(4 * (tier - tall_first), 4 * (tier - tall_first) + 4)
        ys = (sy * y_knots[knots] + dy).tolist()
        lefts = (sx * left_knots[knots] + dx).tolist()
        rights = (sx * right_knots[knots] + dx).tolist()
        points = [*zip(lefts, ys, strict=True), *zip(rights[::-1], ys[::-1], strict=True)]
        clipped = clip_polygon(points, x0, y0, x1, y1)
        if len(clipped) >= 3:
            painter.setBrush(fills[tier % 2])
            painter.drawPolygon(QPolygonF([QPointF(x, y) for x, y in clipped]))
    if alone.all():
        return
    # Thin tiers: one rectangle a run, as wide as its widest tier, from whole-array sums.
    lefts = np.minimum.reduceat(outline.left_min[shown_tiers], first)[~alone]
    rights = np.maximum.reduceat(outline.right_max[shown_tiers], first)[~alone]
    lows = np.minimum.reduceat(top, first)[~alone]
    highs = np.maximum.reduceat(bottom, first)[~alone]
    a, b = sx * (lefts - pad) + dx, sx * (rights + pad) + dx
    lefts, rights = np.clip(np.minimum(a, b), x0, x1), np.clip(np.maximum(a, b), x0, x1)
    lows, highs = np.clip(lows, y0, y1), np.clip(highs, y0, y1)
    keep = (rights > lefts) & (highs > lows)
    painter.setBrush(blend)
    painter.drawRects(
        [
            QRectF(left, low, right - left, high - low)
            for left, low, right, high in zip(
                lefts[keep].tolist(),
                lows[keep].tolist(),
                rights[keep].tolist(),
                highs[keep].tolist(),
                strict=True,
            )
        ]
    )


def _paint_customers(
    painter: QPainter,
    layout: PyramidLayout,
    scale: tuple[float, float, float, float],
    window: tuple[float, float, float, float],
    chosen_segment: str | None,
) -> None:
    sx, dx, sy, dy = scale
    x0, y0, x1, y1 = window
    customer = layout.customer_band
    low, high = sorted((sy * customer.y_low + dy, sy * customer.y_high + dy))
    if high < y0 or low > y1:
        return
    chosen = None
    painter.setPen(QPen(QColor(CUSTOMER_EDGE), 0))
    for i, segment in enumerate(layout.customer_segments):
        left, right = sorted((sx * segment.x_low + dx, sx * segment.x_high + dx))
        if right < x0 or left > x1:
            continue
        painter.setBrush(QColor(CUSTOMER_FILL).lighter(100 + 8 * (i % 2)))
        box = QRectF(QPointF(max(left, x0), low), QPointF(min(right, x1), high))
        painter.drawRect(box)
        if chosen_segment is not None and segment.label == chosen_segment:
            chosen = box
    if chosen is not None:
        # Drawn last, so its neighbours' edges do not cut through the emphasis.
        painter.setBrush(QColor(CUSTOMER_CHOSEN))
        painter.setPen(QPen(QColor(CUSTOMER_CHOSEN_EDGE), 3))
        painter.drawRect(chosen)
    painter.setPen(Qt.PenStyle.NoPen)


class BandsItem(SceneItem):
    """The tiers' shading, the customer band on top, and a focused team's chain of managers."""

    data_shown = Signal()  # a new layout (or none), or new standings: the ruler follows it
    context_clicked = Signal(str)  # the person id of a manager of the chain below a focus

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(-10)
        self.chosen_segment: str | None = None  # the segment whose journey is open
        self.outline: TierOutline | None = None
        self.sizes = NORMAL
        self._context_font = NORMAL.font(8.5, italic=True)
        # Given the painter of a frame, the view pixels an opaque picture of the shading covers
        # in it (None: none); set by the view.
        self.covered: Callable[[QPainter], QRect | None] | None = None
        # While coloured by results: the front line's standings counted per tier, for the ruler.
        self.standings = ShownStandings()

    def set_sizes(self, sizes: TextSizes) -> None:
        """Shade for cards and names of ``sizes``, and name the chain below a focus with it."""
        self.sizes = sizes
        self._context_font = sizes.font(8.5, italic=True)
        self.update()

    def set_data(self, data: SceneData | None) -> None:
        self.outline = TierOutline.of(data.layout) if data is not None else None
        super().set_data(data)
        self.standings.recount(data)
        self.data_shown.emit()

    def set_standings(self, rows: npt.NDArray[np.int8] | None) -> None:
        """Each node's standing (``result_tiers.standing_rows``, of the chart shown), counted
        per tier for the ruler; None while the pyramid is not coloured by results."""
        self.standings.hold(self.scene_data, rows)
        self.data_shown.emit()

    def set_chosen_segment(self, label: str | None) -> None:
        if label != self.chosen_segment:
            self.chosen_segment = label
            self.update()

    def paint(self, painter: QPainter, *_args: object) -> None:
        if self.scene_data is None or self.outline is None:
            return
        layout = self.scene_data.layout
        original = painter.transform()
        # An opaque picture of the shading (the people's kept picture) may go over part of
        # the view this frame: the shading is painted only around it.
        covered = self.covered(painter) if self.covered is not None else None
        transform, width, height = enter_pixel_space(self, painter)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)  # big flat shapes
        painter.setPen(Qt.PenStyle.NoPen)
        sx, dx = transform.m11(), transform.dx()
        sy, dy = transform.m22() * layout.sign, transform.dy()
        window = (-MARGIN, -MARGIN, width + MARGIN, height + MARGIN)
        look = (self.outline, layout, self.sizes, self.chosen_segment)
        if covered is None:
            paint_shading(painter, look, (sx, dx, sy, dy), window)
        else:
            # Where this item shows: the view box (it clips its children), within the view.
            shown = QRect(0, 0, width, height)
            box, widget = self.getViewBox(), self.getViewWidget()
            if box is not None and widget is not None:
                clip = widget.viewportTransform().mapRect(box.sceneBoundingRect())
                shown = shown.intersected(clip.toAlignedRect())
            around = QRegion(shown).subtracted(QRegion(covered))
            if not around.isEmpty():
                painter.save()
                painter.setClipRegion(around, Qt.ClipOperation.IntersectClip)
                paint_shading(painter, look, (sx, dx, sy, dy), window)
                painter.restore()
        if layout.context is not None:
            self._paint_context(painter, layout, (sx, dx, sy, dy), width, height)
        painter.setTransform(original)

    def context_pixels(self) -> tuple[float, FloatArray] | None:
        """Where the chain below a focused team is on the view widget: x and each one's y."""
        if self.scene_data is None or self.scene_data.layout.context_y is None:
            return None
        widget = self.getViewWidget()
        if widget is None:
            return None
        layout = self.scene_data.layout
        to_pixels = self.sceneTransform() * widget.viewportTransform()
        x = to_pixels.m11() * layout.context_x + to_pixels.dx()
        return x, to_pixels.m22() * layout.context_y + to_pixels.dy()

    def _paint_context(
        self,
        painter: QPainter,
        layout: PyramidLayout,
        scale: tuple[float, float, float, float],
        width: int,
        height: int,
    ) -> None:
        """The managers below a focused team, grey: a line from the team's manager down to the
        chief executive, a mark each where they are apart, and their names where rows allow."""
        assert layout.context is not None and layout.context_y is not None
        assert self.scene_data is not None
        sx, dx, sy, dy = scale
        x = sx * layout.context_x + dx
        if not -MARGIN <= x <= width + MARGIN:
            return
        ys = (sy * layout.sign) * layout.context_y + dy  # context_y is already oriented
        root_y = sy * layout.sign * float(np.nan_to_num(layout.y[self.scene_data.chart.root])) + dy
        end_y = float(ys[-1])
        link = QPen(CONTEXT_LINK, 1.5)
        painter.setPen(link)
        painter.drawLine(
            QPointF(x, float(np.clip(root_y, -MARGIN, height + MARGIN))),
            QPointF(x, float(np.clip(end_y, -MARGIN, height + MARGIN))),
        )
        row_px = abs(sy)
        if row_px < 4:
            return  # a grey line is all a dense chain can show
        inside = np.flatnonzero((ys >= -MARGIN) & (ys <= height + MARGIN))
        mark_w, mark_h = min(10.0, max(4.0, row_px * 0.4)), min(8.0, max(3.0, row_px * 0.25))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(CONTEXT_MARK)
        painter.drawRects(
            [QRectF(x - mark_w / 2, float(ys[i]) - mark_h / 2, mark_w, mark_h) for i in inside]
        )
        metrics = QFontMetrics(self._context_font)
        if row_px < metrics.height() + 2:
            return
        painter.setFont(self._context_font)
        painter.setPen(CONTEXT_TEXT)
        context = layout.context
        room = max(0.0, width - x - mark_w - 8)
        for i in inside.tolist():
            text = " · ".join(part for part in (context.names[i], context.titles[i]) if part)
            text = metrics.elidedText(
                text or context.ids[i], Qt.TextElideMode.ElideRight, int(room)
            )
            painter.drawText(
                QRectF(x + mark_w, float(ys[i]) - metrics.height() / 2, room, metrics.height()),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                text,
            )

    def context_at(self, view_x: float, view_y: float) -> str | None:
        """The id of the chain's manager drawn at a point of the view widget, if any."""
        where = self.context_pixels()
        if where is None or self.scene_data is None or self.scene_data.layout.context is None:
            return None
        x, ys = where
        if abs(view_x - x) > CONTEXT_HIT_PIXELS or ys.shape[0] == 0:
            return None
        nearest = int(np.argmin(np.abs(ys - view_y)))
        if abs(float(ys[nearest]) - view_y) > CONTEXT_HIT_PIXELS:
            return None
        spacing = abs(float(ys[1] - ys[0])) if ys.shape[0] > 1 else CONTEXT_HIT_PIXELS
        if spacing < 4:
            return None  # too dense to tell who was meant
        return self.scene_data.layout.context.ids[nearest]

    def mouseClickEvent(self, event: MouseClickEvent) -> None:
        """A click on a manager of the chain below a focused team goes to that person."""
        widget = self.getViewWidget()
        if widget is None or event.button() != Qt.MouseButton.LeftButton or event.double():
            event.ignore()
            return
        point = widget.mapFromScene(event.scenePos())
        person = self.context_at(point.x(), point.y())
        if person is None:
            event.ignore()
            return
        event.accept()
        self.context_clicked.emit(person)
