"""People and the links between them, each person drawn in the form that fits where they stand.

* The base layer: every person in view is a coloured mark rasterised with numpy, and links are
  elbow connectors wherever they can be told apart. Past a few tens of thousands of people in
  view the layer is a picture kept per zoom level (:mod:`layer_cache`).
* Over it, the people with room (:mod:`forms`): names (:mod:`names`), across, beside or upright,
  and cards with name and title; then the selection and the badges. Their sizes follow the text
  size (:meth:`PeopleItem.set_sizes`).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QPointF, QRect, QRectF, Qt, QTimer
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPen,
    QPolygonF,
    QTransform,
)

from pyramid_app.ui.pyramid.backdrop import Backdrop
from pyramid_app.ui.pyramid.badge_paint import (
    hidden_badge_boxes,
    paint_card_badges,
    paint_hidden_counts,
    paint_rings,
)
from pyramid_app.ui.pyramid.crisp import CrispRenderer
from pyramid_app.ui.pyramid.forms import Forms, choose_forms, choose_links
from pyramid_app.ui.pyramid.layer_cache import CACHE_ABOVE, SETTLE_MS, LayerCache
from pyramid_app.ui.pyramid.links import paint_links
from pyramid_app.ui.pyramid.marks import (
    PLACEHOLDER_INK,
    mark_size,
    named_mark_size,
    paint_dashed_marks,
    paint_marks,
)
from pyramid_app.ui.pyramid.names import (
    PLACEHOLDER_TITLE,
    DrawnLabel,
    NamePainter,
    fit_name,
    name_of,
)
from pyramid_app.ui.pyramid.scene import (
    HIGHLIGHT,
    LIT,
    FloatArray,
    Frame,
    Geometry,
    SceneData,
    SceneItem,
)
from pyramid_app.ui.pyramid.sizes import NORMAL, TextSizes

LIT_ARGB = np.uint32(0xFF000000 | (LIT.red() << 16) | (LIT.green() << 8) | LIT.blue())
PLACEHOLDER_PEN = QPen(PLACEHOLDER_INK, 1.2, Qt.PenStyle.DashLine)
PLACEHOLDER_FACE = QColor("#f7f8fa")
MAX_DASHED = 5_000  # placeholders in view drawn dashed as marks; past it, plain marks


class PeopleItem(SceneItem):
    """Every person, in the form that fits where they stand, and the selected chain."""

    def __init__(self) -> None:
        super().__init__()
        self.selected: int | None = None
        self.chain: npt.NDArray[np.int64] = np.zeros(0, dtype=np.int64)
        self.last_mode = ""  # what most people in the last frame were drawn as
        self.forms: Forms | None = None  # the last choice; hit testing asks for the same
        self.cache = LayerCache()
        self.keep_picture = True  # False draws every frame afresh (benchmarks compare)
        # The kept picture redrawn at a new zoom on another thread, the scaled one shown
        # meanwhile; False redraws it here, within the frame (benchmarks compare).
        self.crisp_in_background = True
        self.crisp = CrispRenderer(self.cache, self)
        # What lies under the marks (background and shading), painted into the kept picture,
        # which is then opaque; set by the view (None: the picture stays see-through).
        self.backdrop: Callable[[], Backdrop | None] = lambda: None
        self.crisp.arrived.connect(self.update)
        self._zooming = False
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._settled)
        self.sizes = NORMAL
        self.names = NamePainter()
        self._name_font = self._title_font = self._placeholder_name_font = QFont()
        self._badge_font = QFont()
        self.set_sizes(NORMAL)

    def set_sizes(self, sizes: TextSizes) -> None:
        """Draw cards, names and badges with text of ``sizes``; what fits is chosen again."""
        self.sizes = sizes
        self._name_font = sizes.font(9, bold=True)
        self._title_font = sizes.font(8)
        self._placeholder_name_font = sizes.font(9, bold=True, italic=True)
        self._badge_font = sizes.font(8, bold=True)
        self.names.set_sizes(sizes)
        self.forms = None
        self.update()

    @property
    def drawn_labels(self) -> list[DrawnLabel]:
        """The names the last paint wrote (cards not included), where and how."""
        return list(self.names.drawn)

    @property
    def label_font(self) -> QFont:
        """The font names beside the marks are written in."""
        return self.names.font

    def measure_names(self, nodes: npt.NDArray[np.int64]) -> tuple[FloatArray, FloatArray]:
        """Pixels of these people's whole names and first names, as names are written."""
        return self.names.measure(nodes)

    def set_data(self, data: SceneData | None) -> None:
        self.crisp.cancel()
        self.cache.clear()
        self.forms = None
        self.names.set_data(data)
        super().set_data(data)

    def set_selection(self, index: int | None, chain: list[int]) -> None:
        self.selected = index
        self.chain = np.asarray(chain, dtype=np.int64)
        self.update()

    # -- zooming ---------------------------------------------------------------------------

    def note_zooming(self) -> None:
        """The user is zooming or panning: a scaled picture of the marks will do until the
        timer runs out."""
        self._zooming = True
        self._settle.start()

    def _settled(self) -> None:
        self._zooming = False
        self.update()

    # -- forms -----------------------------------------------------------------------------

    def forms_for(self, geometry: Geometry) -> Forms:
        """Each person's form for this view; the last frame's when the view is the same."""
        assert self.scene_data is not None
        if self.forms is None or not self.forms.geometry.close_to(geometry):
            self.forms = choose_forms(self.scene_data, geometry, self.names.measure, self.forms)
        return self.forms

    def paint(self, painter: QPainter, *_args: object) -> None:
        frame = self.frame(painter)
        if frame is None or self.scene_data is None:
            return
        forms = self.forms_for(frame.geometry(self.sizes))
        mark_w, mark_h = mark_size(frame.slot_px, frame.row_px)
        self._paint_base_layer(painter, frame)
        # The chain runs behind names and cards, so it never crosses a card's title; the
        # selected person's outline goes over everything.
        self._paint_chain(painter, frame)
        self.names.paint(painter, frame, forms, mark_w, mark_h)
        self._paint_cards(painter, frame, forms.cards)
        self._paint_selection(painter, frame, forms)
        # Over the selection's outline, so a selected manager's count stays readable.
        data = frame.data
        if forms.cards.shape[0] and data.counts is not None and data.badged.shape[0]:
            px, py = frame.pixels(forms.cards)
            paint_card_badges(
                painter, forms.cards, px, py, data.counts, self._badge_font, self.sizes
            )
        folded, boxes = self.hidden_badges(forms, frame.pixels)
        paint_hidden_counts(
            painter, boxes, data.layout.hidden_below[folded], self._badge_font, self.sizes
        )
        self.last_mode = self._mode(frame, forms)
        painter.setTransform(frame.original)

    def hidden_badges(
        self,
        forms: Forms,
        to_pixels: Callable[[npt.NDArray[np.int64]], tuple[FloatArray, FloatArray]],
    ) -> tuple[npt.NDArray[np.int64], list[QRectF]]:
        """The collapsed managers near the view and their "+351" pills, on the side of their
        card, name or mark where their reports would be."""
        data = self.scene_data
        assert data is not None
        geometry, sizes = forms.geometry, forms.geometry.sizes
        folded = data.folded_in_rect(
            geometry.grown(sizes.card_width, sizes.card_height + sizes.badge_height)
        )
        if folded.shape[0] == 0:
            return folded, []
        px, py = to_pixels(folded)
        mark_w, mark_h = mark_size(geometry.slot_px, geometry.row_px)
        named = np.isin(folded, forms.named())
        reach = np.where(named, named_mark_size(mark_w, mark_h)[1] / 2, mark_h / 2)
        reach = np.where(np.isin(folded, forms.cards), sizes.card_height / 2, reach)
        # The reports of a manager lie toward the customers: up the screen when inverted.
        outward = -1.0 if geometry.y_down * data.layout.sign < 0 else 1.0
        metrics = QFontMetrics(self._badge_font)
        counts = data.layout.hidden_below[folded]
        return folded, hidden_badge_boxes(
            px, py + outward * reach, counts, metrics, outward, sizes.badge_height
        )

    @staticmethod
    def _mode(frame: Frame, forms: Forms) -> str:
        """What most people in view are drawn as: "cards", "labels" or "dots"."""
        across = frame.people_across()
        in_view = frame.nodes.shape[0] if across <= 4 * CACHE_ABOVE else across
        counts = {
            "cards": forms.cards.shape[0],
            "labels": forms.names.shape[0] + forms.upright.shape[0] + forms.side.shape[0],
        }
        counts["dots"] = in_view - counts["cards"] - counts["labels"]
        return max(("cards", "labels", "dots"), key=lambda mode: counts[mode])

    # -- the base layer: links and marks ---------------------------------------------------

    def _on_screen(self, painter: QPainter) -> bool:
        widget = self.getViewWidget()
        return widget is not None and painter.device() is widget.viewport()

    def _content(self) -> tuple[int, int, Backdrop | None]:
        """What the kept picture shows: the data and its version, and what lies under it."""
        assert self.scene_data is not None
        return (id(self.scene_data), self.scene_data.version, self.backdrop())

    def _kept(self, frame: Frame) -> tuple[QRectF, bool] | None:
        """Where the kept picture lands in an on-screen ``frame`` and whether at its own zoom,
        when the frame shows it as it is; None when the frame draws the marks afresh (a small
        view) or draws the picture afresh first."""
        if frame.people_across() <= CACHE_ABOVE or not self.keep_picture:
            return None
        placed = self.cache.placed(frame, self._content())
        if placed is None or not self.cache.covers(placed[0], frame, self.boundingRect()):
            return None
        # At another zoom, the scaled picture does while the user zooms, or while the crisp
        # one is drawn on the worker; else it is drawn here and now.
        if placed[1] or self._zooming or self.crisp_in_background:
            return placed
        return None

    def screen_frame(self) -> Frame | None:
        """The frame a paint on screen works with, found without a painter."""
        widget, box = self.getViewWidget(), self.getViewBox()
        if self.scene_data is None or widget is None or box is None:
            return None
        viewport = widget.viewport()
        transform = self.sceneTransform() * widget.viewportTransform()  # as enter_pixel_space
        return Frame(
            original=QTransform(),
            rect=box.viewRect(),
            transform=transform,
            width=viewport.width(),
            height=viewport.height(),
            data=self.scene_data,
            slot_px=abs(transform.m11()),
            row_px=abs(transform.m22()),
        )

    def covered(self, painter: QPainter) -> QRect | None:
        """The view pixels an opaque kept picture is drawn over in the frame ``painter`` is
        painting (on screen), so what lies under it need not be painted; None: none. Like
        every item of the view box, the picture shows only within the box.

        Asked by the view before its background and by the bands before the shading; this
        item's paint comes after both and makes the same choice, from the same state.
        """
        widget = self.getViewWidget()
        if widget is None or painter.device() is not widget.viewport():
            return None
        frame = self.screen_frame()
        if frame is None or self.backdrop() is None:
            return None
        placed = self._kept(frame)
        return None if placed is None else self.cache.covered(*placed)

    def _paint_base_layer(self, painter: QPainter, frame: Frame) -> None:
        """Links and marks: drawn afresh for a small view or a picture for a file, else from
        the picture kept for this zoom (scaled while the picture at this zoom is drawn), which
        has the backdrop under them when there is one."""
        assert self.scene_data is not None
        small = frame.people_across() <= CACHE_ABOVE
        if small or not self.keep_picture or not self._on_screen(painter):
            self.paint_base(painter, frame)
            return
        content, bounds = self._content(), self.boundingRect()
        backdrop = content[2]
        placed = self._kept(frame)
        if placed is not None:
            rect, same = placed
            self.cache.draw(painter, rect, same)
            if not same and self._zooming:
                self._settle.start()  # redrawn crisply once the zoom stops
            elif not same:
                self.crisp.request(frame, bounds, content, self.paint_base, backdrop)
            return
        # Nothing kept shows this view: drawn here, and whatever was asked for is stale.
        self.crisp.cancel()
        self.cache.render(frame, bounds, content, self.paint_base, backdrop)
        placed = self.cache.placed(frame, content)
        assert placed is not None
        self.cache.draw(painter, placed[0], True)

    @staticmethod
    def paint_base(painter: QPainter, frame: Frame) -> None:
        """Links, rings, halos and marks of ``frame``, from its data alone: the kept picture is
        drawn with it on another thread."""
        data = frame.data
        reports = choose_links(data, frame.geometry())
        window = (float(frame.width), float(frame.height))
        paint_links(painter, data, frame.transform, reports, frame.slot_px, window)
        mark_w, mark_h = mark_size(frame.slot_px, frame.row_px)
        if data.badged.shape[0]:
            badged = data.badged_in_rect(frame.rect)
            if badged.shape[0]:
                bx, by = frame.pixels(badged)
                paint_rings(painter, bx, by, mark_w, mark_h, frame.width, frame.height)
        if data.lit.shape[0]:
            lit = data.lit_in_rect(frame.rect)
            if lit.shape[0]:
                lx, ly = frame.pixels(lit)
                pad = 2 if mark_w < 6 else 3
                halo = np.full(lit.shape[0], LIT_ARGB, dtype=np.uint32)
                paint_marks(
                    painter, lx, ly, halo, mark_w + 2 * pad, mark_h + 2 * pad, frame.width,
                    frame.height,
                )  # fmt: skip
        nodes = frame.nodes
        px, py = frame.pixels(nodes)
        paint_marks(
            painter, px, py, data.paint_argb[nodes], mark_w, mark_h, frame.width, frame.height
        )
        if data.dashed.shape[0]:
            dashed = data.dashed_in_rect(frame.rect)[:MAX_DASHED]
            if dashed.shape[0]:
                dx, dy = frame.pixels(dashed)
                paint_dashed_marks(painter, dx, dy, mark_w, mark_h)

    # -- cards -----------------------------------------------------------------------------

    def _paint_cards(self, painter: QPainter, frame: Frame, nodes: npt.NDArray[np.int64]) -> None:
        if nodes.shape[0] == 0:
            return
        assert self.scene_data is not None
        px, py = frame.pixels(nodes)
        chart = self.scene_data.chart
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        name_metrics = QFontMetrics(self._name_font)
        title_metrics = QFontMetrics(self._title_font)
        placeholders = self.scene_data.chart.placeholders
        s, width, height = self.sizes.scale, self.sizes.card_width, self.sizes.card_height
        for node, x, y in zip(nodes.tolist(), px.tolist(), py.tolist(), strict=True):
            box = QRectF(x - width / 2, y - height / 2, width, height)
            r, g, b = (int(c) for c in self.scene_data.rgb[node])
            accent = QColor(r, g, b)
            dashed = bool(placeholders[node])
            if dashed:
                # A manager the file does not have: a dashed outline on a pale face.
                painter.setPen(PLACEHOLDER_PEN)
                painter.setBrush(QBrush(PLACEHOLDER_FACE))
                painter.drawRoundedRect(box, 6 * s, 6 * s)
            else:
                painter.setPen(QPen(accent.darker(130), 1))
                painter.setBrush(QBrush(QColor(255, 255, 255)))
                painter.drawRoundedRect(box, 6 * s, 6 * s)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(accent)
                painter.drawRoundedRect(QRectF(box.left(), box.top(), 6 * s, height), 3 * s, 3 * s)
            painter.setPen(QColor("#1d2733"))
            painter.setFont(self._placeholder_name_font if dashed else self._name_font)
            text_box = box.adjusted(12 * s, 4 * s, -6 * s, -height / 2)
            full = name_of(chart, node)
            room = int(text_box.width())
            name = fit_name(full, room, name_metrics) or name_metrics.elidedText(
                full, Qt.TextElideMode.ElideRight, room
            )
            painter.drawText(
                text_box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name
            )
            painter.setPen(QColor("#56606b"))
            painter.setFont(self._title_font)
            title = chart.titles[node] or (PLACEHOLDER_TITLE if dashed else "")
            title_box = box.adjusted(12 * s, height / 2, -6 * s, -4 * s)
            title = title_metrics.elidedText(
                title, Qt.TextElideMode.ElideRight, int(title_box.width())
            )
            painter.drawText(
                title_box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title
            )
        lit = self.scene_data.lit_in_rect(frame.rect) if self.scene_data.lit.shape[0] else None
        if lit is not None and lit.shape[0]:
            self._paint_lit_cards(painter, frame, nodes[np.isin(nodes, lit)])

    def _paint_lit_cards(self, painter: QPainter, frame: Frame, lit: npt.NDArray[np.int64]) -> None:
        """A thick outline around the card of each lit person."""
        if lit.shape[0] == 0:
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(LIT, 3.0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        lx, ly = frame.pixels(lit)
        width, height = self.sizes.card_width, self.sizes.card_height
        for x, y in zip(lx.tolist(), ly.tolist(), strict=True):
            painter.drawRoundedRect(
                QRectF(x - width / 2 - 4, y - height / 2 - 4, width + 8, height + 8), 8, 8
            )

    # -- the selection ---------------------------------------------------------------------

    def _shown_chain(self) -> npt.NDArray[np.int64]:
        if self.selected is None or self.scene_data is None:
            return np.zeros(0, dtype=np.int64)
        return self.chain[self.scene_data.layout.visible[self.chain]]

    def _paint_chain(self, painter: QPainter, frame: Frame) -> None:
        """The chain of managers who serve the selected person, down to the root, as the
        same elbows as the links: up from the manager, across, up to the report."""
        chain = self._shown_chain()
        if chain.shape[0] < 2 or self.scene_data is None:
            return
        xs, ys = frame.pixels(chain)
        half = frame.transform.m22() * self.scene_data.layout.sign * 0.5
        points = [QPointF(xs[0], ys[0])]
        steps = itertools.pairwise(zip(xs.tolist(), ys.tolist(), strict=True))
        for (x_report, _y_report), (x_manager, y_manager) in steps:
            middle = y_manager + half
            points += [
                QPointF(x_report, middle),
                QPointF(x_manager, middle),
                QPointF(x_manager, y_manager),
            ]
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(HIGHLIGHT, 2.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPolyline(QPolygonF(points))

    def _paint_selection(self, painter: QPainter, frame: Frame, forms: Forms) -> None:
        """An outline around the selected person: their card, or a ring around their mark."""
        chain = self._shown_chain()
        if chain.shape[0] == 0 or self.scene_data is None:
            return
        node = int(chain[0])
        xs, ys = frame.pixels(chain[:1])
        x, y = float(xs[0]), float(ys[0])
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(HIGHLIGHT, 2.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if node in forms.cards:
            width, height = self.sizes.card_width, self.sizes.card_height
            painter.drawRoundedRect(
                QRectF(x - width / 2 - 3, y - height / 2 - 3, width + 6, height + 6), 8, 8
            )
            return
        room = min(frame.data.room[node] * frame.slot_px, frame.data.room_y[node] * frame.row_px)
        radius = float(np.clip(room * 0.3, 6.0, 14.0))
        painter.drawEllipse(QPointF(x, y), radius, radius)
