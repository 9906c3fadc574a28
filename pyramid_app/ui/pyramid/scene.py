"""What the pyramid's graphics items share: the arrays they paint from and the pixel frame.

No item is created per person. Each item paints in view-widget pixels with a level of detail
chosen per frame (see :class:`Frame`), so its cost follows the people in view.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPainter, QTransform

from pyramid_app.model.colouring import LINK_COLOURS
from pyramid_app.model.layout import PyramidLayout
from pyramid_app.model.org import OrgChart

CARD_WIDTH, CARD_HEIGHT = 150.0, 44.0  # pixels
CARD_MODE_SLOT_PIXELS = CARD_WIDTH + 12  # a card shows once a slot is this wide on screen
CARD_MODE_ROW_PIXELS = CARD_HEIGHT + 12
LABEL_SLOT_PIXELS = 40.0  # names under the marks once a slot is this wide
LABEL_ROW_PIXELS = 30.0
MAX_CARDS = 1500  # past this many in view, dots are clearer (and faster) than cards
MAX_LINKS = 60_000
MIN_LINK_SLOT_PIXELS = 2.5
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
UNSERVED_LINK = QColor(*LINK_COLOURS["link not served"])  # coloured by coverage


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
    # The last query: every item of a frame asks for the same rectangle.
    _last_query: tuple[tuple[float, float, float, float], npt.NDArray[np.int64]] | None = None

    def __post_init__(self) -> None:
        self.lit = np.zeros(0, dtype=np.int64)
        self.set_colours(self.rgb)
        self.set_counts(self.counts)
        self.set_lit(None)

    def set_colours(self, rgb: npt.NDArray[np.uint8]) -> None:
        self.rgb = rgb
        wide = rgb.astype(np.uint32)
        self.argb = (0xFF << 24) | (wide[:, 0] << 16) | (wide[:, 1] << 8) | wide[:, 2]
        self._fade_unlit()

    def _fade_unlit(self) -> None:
        """With people lit, the others' marks fade toward white: a spotlight, not a recolouring
        (their hue stays, so the legend still reads)."""
        if self.lit.shape[0] == 0:
            self.paint_argb = self.argb
            return
        faded = (255 - (255 - self.rgb.astype(np.uint32)) * FADE_KEEP // 100).astype(np.uint32)
        self.paint_argb = (0xFF << 24) | (faded[:, 0] << 16) | (faded[:, 1] << 8) | faded[:, 2]
        self.paint_argb[self.lit] = self.argb[self.lit]

    def set_counts(self, counts: npt.NDArray[np.int32] | None) -> None:
        self.counts = counts
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
        self._fade_unlit()

    def lit_in_rect(self, rect: QRectF) -> npt.NDArray[np.int64]:
        """Lit visible nodes inside a rectangle of layout coordinates."""
        return self._within(self.lit, self.lit_xs, rect)

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
    nodes: npt.NDArray[np.int64]  # visible people inside the view
    slot_px: float  # pixels between neighbouring slots
    row_px: float  # pixels between rows

    @property
    def cards(self) -> bool:
        """Zoomed in far enough, and few enough people, for readable cards."""
        return (
            self.slot_px >= CARD_MODE_SLOT_PIXELS
            and self.row_px >= CARD_MODE_ROW_PIXELS
            and self.nodes.shape[0] <= MAX_CARDS
        )


class SceneItem(pg.GraphicsObject):
    """An item that paints from the shared SceneData and covers the whole pyramid."""

    def frame(self, painter: QPainter) -> Frame | None:
        """Switch the painter to pixels and find the people in view."""
        if self.data is None:
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
            nodes=self.data.in_rect(rect),
            slot_px=abs(transform.m11()),
            row_px=abs(transform.m22()),
        )

    def __init__(self) -> None:
        super().__init__()
        self.data: SceneData | None = None

    def set_data(self, data: SceneData | None) -> None:
        self.prepareGeometryChange()
        self.data = data
        self.update()

    def boundingRect(self) -> QRectF:
        if self.data is None:
            return QRectF()
        x0, x1, y0, y1 = self.data.layout.bounds()
        return QRectF(x0 - 1, y0 - 1, x1 - x0 + 2, y1 - y0 + 2)
