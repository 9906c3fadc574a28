"""What the pyramid's graphics items share: the arrays they paint from and the pixel frame.

No item is created per person. Each item paints in view-widget pixels. How each person is drawn
(a card, a name, a mark) is chosen per person from the room they have where they stand (see
:mod:`pyramid_app.ui.pyramid.forms`), so a frame's cost follows what is readable in view.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPainter, QTransform

from pyramid_app.model.colouring import LINK_COLOURS
from pyramid_app.model.layout import PyramidLayout
from pyramid_app.model.org import OrgChart
from pyramid_app.ui.pyramid.sizes import CARD_HEIGHT as CARD_HEIGHT
from pyramid_app.ui.pyramid.sizes import CARD_WIDTH as CARD_WIDTH
from pyramid_app.ui.pyramid.sizes import NORMAL, TextSizes

# The pixel sizes that follow from the text are in :mod:`sizes` (they grow with View > Text
# size); the normal ones are named here too, for whoever draws at the normal size.
MAX_CARDS = 400  # per frame, the people with most room first; past it, names
MAX_NAMES = 1500  # across and upright each; past it, marks
MAX_LINKS = 60_000
MIN_LINK_SLOT_PIXELS = 2.5  # links of people closer than this on their row are only grey noise
MIN_LINK_ROW_PIXELS = 6.0
MAX_STRIPS = 64  # rows of marks painted as stretched one-pixel strips
BAND_FILLS = ("#eef3f8", "#e3ebf3")
CUSTOMER_FILL = "#f6c85f"
CUSTOMER_EDGE = "#c9962a"
CUSTOMER_CHOSEN = "#f2a900"  # the segment whose journey is open
CUSTOMER_CHOSEN_EDGE = "#6a1b9a"  # the colour of the people lit for its touchpoint
HIGHLIGHT = QColor("#d1495b")
# The people serving the touchpoint chosen in the journey: a halo around each, in a deep
# violet no department colour and no coverage colour uses.
LIT = QColor("#6a1b9a")
FADE_KEEP = 30  # percent of their colour the people not lit keep while some are
BADGE = QColor("#0f6b66")  # managers with commitments: a ring on marks, a count on cards
HIDDEN_BADGE = QColor("#37474f")  # a collapsed manager's "+351"
UNSERVED_LINK = QColor(*LINK_COLOURS["link not served"])  # coloured by coverage

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
IndexArray = npt.NDArray[np.intp]  # what np.searchsorted returns


def _rows_apart(layout: PyramidLayout, order: IntArray) -> tuple[IntArray, FloatArray]:
    """Visible nodes sorted by row, then x (``order`` is sorted by x), and the y of each."""
    ys = layout.y[order]
    whole = ys.shape[0] == 0 or bool(np.all(ys == np.rint(ys)))
    if whole:
        # Rows are whole numbers in every arrangement so far: a radix sort of small integers.
        rows = np.rint(ys).astype(np.int64)
        span = int(rows.max() - rows.min()) if rows.shape[0] else 0
        narrow = (rows - (rows.min() if rows.shape[0] else 0)).astype(
            np.int16 if span < 32_000 else np.int32
        )
        by_row = np.argsort(narrow, kind="stable")
    else:
        by_row = np.argsort(ys, kind="stable")
    return order[by_row], ys[by_row]


def opaque_argb(rgb: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint32]:
    """Opaque ARGB pixels of 0-255 red, green and blue columns."""
    argb = (0xFF << 24) | (rgb[:, 0] << 16) | (rgb[:, 1] << 8) | rgb[:, 2]
    # uint32 already (no copy is made): numpy's stubs type a shift by an int as signed.
    return argb.astype(np.uint32, copy=False)


class RowRoom(NamedTuple):
    """Per node, who and what is around them on their row (see :func:`room_on_rows`)."""

    room: FloatArray  # slots to the nearest neighbour on the same row (inf: alone)
    room_y: FloatArray  # rows to the nearest other row holding anyone
    left: IntArray  # the neighbour on the left on the same row (-1: none)
    right: IntArray  # the neighbour on the right on the same row (-1: none)
    odd: npt.NDArray[np.bool_]  # every other person along a row, counted from its left end


def room_on_rows(layout: PyramidLayout, order: IntArray) -> RowRoom:
    """Per node: slots to the nearest neighbour on the same row, rows to the nearest other
    row holding anyone (inf when there is none; NaN for hidden nodes), the neighbours on
    either side and whether the node is an odd one along its row (names under the marks that
    alternate between two lines take the line of their parity).

    Computed once per layout; a frame multiplies by the zoom, so choosing each person's form is
    a few vectorised compares.
    """
    n = layout.x.shape[0]
    room = np.full(n, np.nan)
    room_y = np.full(n, np.nan)
    left = np.full(n, -1, dtype=np.int64)
    right = np.full(n, -1, dtype=np.int64)
    odd = np.zeros(n, dtype=bool)
    if order.shape[0] == 0:
        return RowRoom(room, room_y, left, right, odd)
    seq, ys = _rows_apart(layout, order)
    xs = layout.x[seq]
    same = ys[1:] == ys[:-1]
    gaps = np.where(same, np.diff(xs), np.inf)
    room[seq] = np.minimum(np.r_[np.inf, gaps], np.r_[gaps, np.inf])
    left[seq[1:]] = np.where(same, seq[:-1], -1)
    right[seq[:-1]] = np.where(same, seq[1:], -1)
    starts = np.flatnonzero(np.r_[True, ~same])
    counts = np.diff(np.r_[starts, ys.shape[0]])
    odd[seq] = ((np.arange(seq.shape[0]) - np.repeat(starts, counts)) & 1).astype(bool)
    row_ys = ys[starts]
    apart = np.abs(np.diff(row_ys))
    row_room = np.minimum(np.r_[np.inf, apart], np.r_[apart, np.inf])
    room_y[seq] = np.repeat(row_room, counts)
    return RowRoom(room, room_y, left, right, odd)


class LinkIndex:
    """The manager-to-report links, found by the rectangle spanned by both ends.

    Links are grouped by how wide they are (powers of two) and sorted by their left end within
    each group, so a query is two binary searches a group: a link whose manager or report is
    outside the view is still found while any of it crosses the view.
    """

    def __init__(self, layout: PyramidLayout) -> None:
        n = layout.x.shape[0]
        managers, reports = layout.edges[:, 0], layout.edges[:, 1]
        xm, xr = layout.x[managers], layout.x[reports]
        ym, yr = layout.y[managers], layout.y[reports]
        # Per node (the report's end), so a few chosen links are checked by a gather.
        self.lo, self.hi = np.full(n, np.nan), np.full(n, np.nan)
        self.y_lo, self.y_hi = np.full(n, np.nan), np.full(n, np.nan)
        self.lo[reports], self.hi[reports] = np.minimum(xm, xr), np.maximum(xm, xr)
        # The elbow turns half a row beyond the manager, toward the report.
        self.y_lo[reports], self.y_hi[reports] = np.minimum(ym, yr), np.maximum(ym, yr)
        self.reports = reports
        self._groups: tuple[IntArray, FloatArray, IndexArray, FloatArray] | None = None

    def _grouped(self) -> tuple[IntArray, FloatArray, IndexArray, FloatArray]:
        if self._groups is None:
            reports = self.reports
            lo = self.lo[reports]
            span = self.hi[reports] - lo
            group = np.floor(np.log2(span + 1.0)).astype(np.int64)
            order = np.lexsort((lo, group))
            group = group[order]
            count = int(group.max()) + 1 if group.shape[0] else 0
            starts = np.searchsorted(group, np.arange(count + 1))
            widest = 2.0 ** np.arange(1.0, count + 1.0)  # every span in a group is narrower
            self._groups = (reports[order], lo[order], starts, widest)
        return self._groups

    def ranges(self, left: float, right: float) -> list[tuple[int, int]]:
        """Slices of the grouped links whose left end may lie close enough to reach the view."""
        _nodes, lo, starts, widest = self._grouped()
        found = []
        for group in range(widest.shape[0]):
            first, last = int(starts[group]), int(starts[group + 1])
            if first == last:
                continue
            part = lo[first:last]
            a = first + int(np.searchsorted(part, left - widest[group], side="left"))
            b = first + int(np.searchsorted(part, right, side="right"))
            if b > a:
                found.append((a, b))
        return found

    def in_rect(self, rect: QRectF, ranges: list[tuple[int, int]] | None = None) -> IntArray:
        """Reports whose link (manager to report) crosses ``rect``, in layout coordinates."""
        if ranges is None:
            ranges = self.ranges(rect.left(), rect.right())
        if not ranges:
            return np.zeros(0, dtype=np.int64)
        nodes = self._grouped()[0]
        candidates = np.concatenate([nodes[a:b] for a, b in ranges])
        return candidates[self.crosses(candidates, rect)]

    def crosses(self, reports: IntArray, rect: QRectF) -> npt.NDArray[np.bool_]:
        """Whether each report's link reaches into ``rect``."""
        return (
            (self.hi[reports] >= rect.left())
            & (self.lo[reports] <= rect.right())
            & (self.y_hi[reports] >= rect.top() - 0.5)
            & (self.y_lo[reports] <= rect.bottom() + 0.5)
        )


@dataclass(frozen=True)
class Geometry:
    """The zoom, the view and the text size a choice of forms was made for."""

    left: float
    right: float
    top: float
    bottom: float
    slot_px: float  # pixels a slot
    row_px: float  # pixels a row
    y_down: float = -1.0  # the sign of screen y per layout y (the view box's y grows upward)
    sizes: TextSizes = NORMAL

    @classmethod
    def of(
        cls,
        rect: QRectF,
        slot_px: float,
        row_px: float,
        y_down: float = -1.0,
        sizes: TextSizes = NORMAL,
    ) -> Geometry:
        return cls(
            rect.left(), rect.right(), rect.top(), rect.bottom(), slot_px, row_px, y_down, sizes
        )

    def close_to(self, other: Geometry) -> bool:
        """The same view, up to rounding (a paint and a click measure the zoom differently)."""
        here = np.array([self.left, self.right, self.top, self.bottom])
        there = np.array([other.left, other.right, other.top, other.bottom])
        tolerance = 1e-6 * max(1.0, float(np.abs(here).max()))
        return (
            self.sizes == other.sizes
            and bool(np.all(np.abs(here - there) <= tolerance))
            and abs(self.slot_px - other.slot_px) <= 1e-6 * self.slot_px
            and abs(self.row_px - other.row_px) <= 1e-6 * self.row_px
        )

    def grown(self, x_pixels: float, y_pixels: float) -> QRectF:
        """The view widened by this many pixels on each side, in layout coordinates."""
        dx, dy = x_pixels / self.slot_px, y_pixels / self.row_px
        return QRectF(
            self.left - dx,
            self.top - dy,
            self.right - self.left + 2 * dx,
            self.bottom - self.top + 2 * dy,
        )


@dataclass
class SceneData:
    """Arrays the items paint from, shared by both items and rebuilt on every layout."""

    chart: OrgChart
    layout: PyramidLayout
    rgb: npt.NDArray[np.uint8]
    order: npt.NDArray[np.int64]  # visible nodes sorted by x, for range queries
    xs: npt.NDArray[np.float64]  # x of ``order``
    argb: npt.NDArray[np.uint32] = field(init=False)  # rgb packed as opaque ARGB pixels
    # What the marks are painted with: ``argb``, or with people lit, everyone else faded.
    paint_argb: npt.NDArray[np.uint32] = field(init=False)
    # Active commitments per node (None: not known), and the visible nodes that have any,
    # sorted by x like ``order`` so a frame finds the badges in view without a full scan.
    counts: npt.NDArray[np.int32] | None = None
    badged: npt.NDArray[np.int64] = field(init=False)
    badged_xs: npt.NDArray[np.float64] = field(init=False)
    # Per node, whether the link from its manager is served (None: links are not coloured).
    link_served: npt.NDArray[np.bool_] | None = None
    # The visible people lit by the journey (serving a touchpoint), sorted by x like ``order``.
    lit: npt.NDArray[np.int64] = field(init=False)
    lit_xs: npt.NDArray[np.float64] = field(init=False)
    # Per node, slots to the nearest neighbour on its row and rows to the nearest other row
    # (see :func:`room_on_rows`); the visible nodes with most room first, and minus their room
    # (ascending, for binary searches); the same for the reports whose link is drawn.
    room: FloatArray = field(init=False)
    room_y: FloatArray = field(init=False)
    # Per node, the neighbours either side on the row (-1: none) and whether it is an odd one
    # along its row.
    left: IntArray = field(init=False)
    right: IntArray = field(init=False)
    odd: npt.NDArray[np.bool_] = field(init=False)
    by_room: IntArray = field(init=False)
    less_room: FloatArray = field(init=False)
    reports_by_room: IntArray = field(init=False)
    reports_less_room: FloatArray = field(init=False)
    # Placeholders (managers not in the file) and collapsed managers, sorted by x like
    # ``order``: each frame finds the few in view with two binary searches.
    dashed: IntArray = field(init=False)
    dashed_xs: FloatArray = field(init=False)
    folded: IntArray = field(init=False)
    folded_xs: FloatArray = field(init=False)
    widest_row_room: float = field(init=False)  # rows from the roomiest row to its neighbour
    # Bumped whenever what the marks and links look like changes (colours, badges, lit
    # people), so a cached picture of them knows it is out of date.
    version: int = 0
    _links: LinkIndex | None = None
    # The last query: every item of a frame asks for the same rectangle.
    _last_query: tuple[tuple[float, float, float, float], npt.NDArray[np.int64]] | None = None

    def __post_init__(self) -> None:
        self.lit = np.zeros(0, dtype=np.int64)
        self.set_colours(self.rgb)
        self.set_counts(self.counts)
        self.set_lit(None)
        layout = self.layout
        around = room_on_rows(layout, self.order)
        self.room, self.room_y = around.room, around.room_y
        self.left, self.right, self.odd = around.left, around.right, around.odd
        self.by_room = self.order[np.argsort(-self.room[self.order], kind="stable")]
        self.less_room = -self.room[self.by_room]
        reports = layout.edges[:, 1]
        self.reports_by_room = reports[np.argsort(-self.room[reports], kind="stable")]
        self.reports_less_room = -self.room[self.reports_by_room]
        self.dashed = self.order[self.chart.placeholders[self.order]]
        self.dashed_xs = layout.x[self.dashed]
        self.folded = self.order[layout.hidden_below[self.order] > 0]
        self.folded_xs = layout.x[self.folded]
        shown_rows = self.room_y[self.order]
        self.widest_row_room = float(shown_rows.max()) if shown_rows.shape[0] else 0.0

    def snapshot(self) -> SceneData:
        """A copy sharing every array, for a drawing on another thread: the setters here
        replace arrays rather than change them, so the copy keeps what it was given while the
        view goes on. The link index is built first and shared (a copy building its own would
        build it again for every picture)."""
        _ = self.links
        shot = copy.copy(self)
        shot._last_query = None
        return shot

    @property
    def links(self) -> LinkIndex:
        """The links found by rectangle; built when first asked for (marks alone need none)."""
        if self._links is None:
            self._links = LinkIndex(self.layout)
        return self._links

    def set_link_served(self, served: npt.NDArray[np.bool_] | None) -> None:
        self.link_served = served
        self.version += 1

    def set_colours(self, rgb: npt.NDArray[np.uint8]) -> None:
        self.rgb = rgb
        self.version += 1
        self.argb = opaque_argb(rgb.astype(np.uint32))
        self._fade_unlit()

    def _fade_unlit(self) -> None:
        """With people lit, the others' marks fade toward white: a spotlight, not a recolouring
        (their hue stays, so the legend still reads)."""
        if self.lit.shape[0] == 0:
            self.paint_argb = self.argb
            return
        faded = (255 - (255 - self.rgb.astype(np.uint32)) * FADE_KEEP // 100).astype(np.uint32)
        self.paint_argb = opaque_argb(faded)
        self.paint_argb[self.lit] = self.argb[self.lit]

    def set_counts(self, counts: npt.NDArray[np.int32] | None) -> None:
        self.counts = counts
        self.version += 1
        if counts is None:
            self.badged = np.zeros(0, dtype=np.int64)
        else:
            self.badged = np.flatnonzero((counts > 0) & self.layout.visible)
            self.badged = self.badged[np.argsort(self.layout.x[self.badged], kind="stable")]
        self.badged_xs = self.layout.x[self.badged]

    def badged_in_rect(self, rect: QRectF) -> npt.NDArray[np.int64]:
        """Visible nodes with commitments inside a rectangle of layout coordinates."""
        return self._within(self.badged, self.badged_xs, rect)

    def set_lit(self, nodes: npt.NDArray[np.int64] | None) -> None:
        """Light these nodes (None or empty: nobody); hidden ones are skipped."""
        if nodes is None or nodes.shape[0] == 0:
            self.lit = np.zeros(0, dtype=np.int64)
        else:
            # Picked out of ``order`` (visible, sorted by x) with a mask: O(n), no sort.
            wanted = np.zeros(len(self.chart), dtype=bool)
            wanted[nodes] = True
            self.lit = self.order[wanted[self.order]]
        self.lit_xs = self.layout.x[self.lit]
        self.version += 1
        self._fade_unlit()

    def lit_in_rect(self, rect: QRectF) -> npt.NDArray[np.int64]:
        """Lit visible nodes inside a rectangle of layout coordinates."""
        return self._within(self.lit, self.lit_xs, rect)

    def dashed_in_rect(self, rect: QRectF) -> IntArray:
        """Visible placeholders inside a rectangle of layout coordinates."""
        return self._within(self.dashed, self.dashed_xs, rect)

    def folded_in_rect(self, rect: QRectF) -> IntArray:
        """Visible collapsed managers inside a rectangle of layout coordinates."""
        return self._within(self.folded, self.folded_xs, rect)

    def count_across(self, left: float, right: float) -> int:
        """How many visible nodes lie between two x values (on any row): two binary searches,
        an upper bound of the people in a view."""
        low = np.searchsorted(self.xs, left - 0.5, side="left")
        high = np.searchsorted(self.xs, right + 0.5, side="right")
        return int(high - low)

    def _within(
        self, nodes: npt.NDArray[np.int64], xs: npt.NDArray[np.float64], rect: QRectF
    ) -> npt.NDArray[np.int64]:
        """Of ``nodes`` (sorted by x, ``xs``), those inside ``rect``: two binary searches."""
        low = np.searchsorted(xs, rect.left() - 0.5, side="left")
        high = np.searchsorted(xs, rect.right() + 0.5, side="right")
        candidates = nodes[low:high]
        y = self.layout.y[candidates]
        return candidates[(y >= rect.top() - 0.5) & (y <= rect.bottom() + 0.5)]

    @classmethod
    def build(cls, chart: OrgChart, layout: PyramidLayout, rgb: npt.NDArray[np.uint8]) -> SceneData:
        shown = layout.visible_index
        order = shown[np.argsort(layout.x[shown], kind="stable")]
        return cls(chart=chart, layout=layout, rgb=rgb, order=order, xs=layout.x[order])

    def in_rect(self, rect: QRectF) -> npt.NDArray[np.int64]:
        """Visible nodes inside a rectangle of layout coordinates."""
        key = (rect.left(), rect.right(), rect.top(), rect.bottom())
        if self._last_query is not None and self._last_query[0] == key:
            return self._last_query[1]
        low = np.searchsorted(self.xs, rect.left() - 0.5, side="left")
        high = np.searchsorted(self.xs, rect.right() + 0.5, side="right")
        candidates = self.order[low:high]
        y = self.layout.y[candidates]
        nodes = candidates[(y >= rect.top() - 0.5) & (y <= rect.bottom() + 0.5)]
        self._last_query = (key, nodes)
        return nodes


def enter_pixel_space(item: pg.GraphicsObject, painter: QPainter) -> tuple[QTransform, int, int]:
    """Make the painter draw in view-widget pixels; return item->pixel transform and size.

    On screen the pixels are the device; when the view is rendered into an image, an SVG or a
    PDF page, the painter's own scaling to that target is kept, so pictures match the screen.
    """
    original = painter.transform()
    widget = item.getViewWidget()
    if widget is None:
        device = painter.device()
        return original, device.width(), device.height()
    # Not QGraphicsItem.deviceTransform(): called from paint() it crashes this PySide6 build.
    to_pixels = item.sceneTransform() * widget.viewportTransform()
    inverse, _invertible = to_pixels.inverted()
    painter.setTransform(inverse * original)
    viewport = widget.viewport()
    return to_pixels, viewport.width(), viewport.height()


@dataclass
class Frame:
    """What one paint of one item works with, in view-widget pixels."""

    original: QTransform  # the painter's transform, restored after painting
    rect: QRectF  # the view in layout coordinates
    transform: QTransform  # layout coordinates -> pixels
    width: int
    height: int
    data: SceneData
    slot_px: float  # pixels between neighbouring slots
    row_px: float  # pixels between rows
    _nodes: IntArray | None = None

    @property
    def nodes(self) -> IntArray:
        """Visible people inside the view; found when first asked for (a cached picture of the
        marks needs none)."""
        if self._nodes is None:
            self._nodes = self.data.in_rect(self.rect)
        return self._nodes

    def people_across(self) -> int:
        """An upper bound of the people in view, without looking at them."""
        return self.data.count_across(self.rect.left(), self.rect.right())

    def geometry(self, sizes: TextSizes = NORMAL) -> Geometry:
        """The view and zoom, as forms are chosen for, with text of ``sizes``."""
        down = -1.0 if self.transform.m22() < 0 else 1.0
        return Geometry.of(self.rect, self.slot_px, self.row_px, down, sizes)

    def pixels(self, nodes: IntArray) -> tuple[FloatArray, FloatArray]:
        """Where these nodes are in view-widget pixels."""
        layout, t = self.data.layout, self.transform
        return t.m11() * layout.x[nodes] + t.dx(), t.m22() * layout.y[nodes] + t.dy()


class SceneItem(pg.GraphicsObject):
    """An item that paints from the shared SceneData and covers the whole pyramid."""

    def frame(self, painter: QPainter) -> Frame | None:
        """Switch the painter to pixels and find the people in view."""
        if self.scene_data is None:
            return None
        view = self.getViewBox()
        rect = view.viewRect() if view is not None else self.boundingRect()
        original = painter.transform()
        transform, width, height = enter_pixel_space(self, painter)
        return Frame(
            original=original,
            rect=rect,
            transform=transform,
            width=width,
            height=height,
            data=self.scene_data,
            slot_px=abs(transform.m11()),
            row_px=abs(transform.m22()),
        )

    def __init__(self) -> None:
        super().__init__()
        self.scene_data: SceneData | None = None

    def set_data(self, data: SceneData | None) -> None:
        self.prepareGeometryChange()
        self.scene_data = data
        self.update()

    def boundingRect(self) -> QRectF:
        if self.scene_data is None:
            return QRectF()
        x0, x1, y0, y1 = self.scene_data.layout.bounds()
        return QRectF(x0 - 1, y0 - 1, x1 - x0 + 2, y1 - y0 + 2)
