"""People and the links between them, each person drawn in the form that fits where they stand.

* The base layer: every person in view is a coloured mark rasterised with numpy, and links are
  elbow connectors wherever they can be told apart. Past a few tens of thousands of people in
  view the layer is a picture kept per zoom level (:mod:`layer_cache`).
* Over it, the people with room (:mod:`forms`): names, across or upright, and cards with name and
  title; then the selection and the badges.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QPointF, QRectF, Qt, QTimer
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

from pyramid_app.ui.pyramid.badge_paint import (
    BADGE_HEIGHT,
    hidden_badge_boxes,
    paint_card_badges,
    paint_hidden_counts,
    paint_rings,
)
from pyramid_app.ui.pyramid.forms import (
    SIDE_GAP,
    Forms,
    choose_forms,
    choose_links,
    name_width,
    side_width,
    upright_length,
)
from pyramid_app.ui.pyramid.layer_cache import CACHE_ABOVE, SETTLE_MS, LayerCache
from pyramid_app.ui.pyramid.links import paint_links
from pyramid_app.ui.pyramid.marks import mark_size, paint_marks
from pyramid_app.ui.pyramid.scene import (
    CARD_HEIGHT,
    CARD_WIDTH,
    HIGHLIGHT,
    LIT,
    FloatArray,
    Frame,
    Geometry,
    SceneData,
    SceneItem,
)

LIT_ARGB = np.uint32(0xFF000000 | (LIT.red() << 16) | (LIT.green() << 8) | LIT.blue())
NAME_INK = QColor("#2b3640")
NAME_BACKING = QColor(255, 255, 255, 210)  # under a name, so a link crossing it does not
ELIDED_KEPT = 50_000  # names cut to fit, remembered between frames
PLACEHOLDER_INK = QColor("#5f6b76")
PLACEHOLDER_PEN = QPen(PLACEHOLDER_INK, 1.2, Qt.PenStyle.DashLine)
PLACEHOLDER_FACE = QColor("#f7f8fa")
PLACEHOLDER_TITLE = "not in the file"
MAX_DASHED = 5_000  # placeholders in view drawn dashed as marks; past it, plain marks
# Where a name goes: its backing, the box its text is written in, and the text's alignment.
Placed = tuple[QRectF, QRectF, Qt.AlignmentFlag]
Placement = Callable[[float, float, float, float, int], Placed]


def paint_dashed_marks(
    painter: QPainter, px: FloatArray, py: FloatArray, mark_w: int, mark_h: int
) -> None:
    """A placeholder's mark: a dotted outline on white instead of a solid block (a dotted
    stroke when the mark is too narrow to be hollow)."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    pen = QPen(PLACEHOLDER_INK, 1, Qt.PenStyle.DotLine)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for x, y in zip(px.tolist(), py.tolist(), strict=True):
        left, top = int(x + 0.5 - mark_w / 2), int(y + 0.5 - mark_h / 2)
        painter.fillRect(left, top, mark_w, mark_h, QColor(255, 255, 255))
        painter.setPen(pen)
        if mark_w >= 4:
            painter.drawRect(left, top, mark_w - 1, mark_h - 1)
        else:
            centre = left + mark_w // 2
            painter.drawLine(centre, top, centre, top + mark_h - 1)


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
        self._zooming = False
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._settled)
        self._name_font = QFont()
        self._name_font.setPointSizeF(9)
        self._name_font.setBold(True)
        self._title_font = QFont()
        self._title_font.setPointSizeF(8)
        self._label_font = QFont(self._title_font)
        self._placeholder_font = QFont(self._label_font)
        self._placeholder_font.setItalic(True)
        self._placeholder_name_font = QFont(self._name_font)
        self._placeholder_name_font.setItalic(True)
        self._badge_font = QFont()
        self._badge_font.setPointSizeF(8)
        self._badge_font.setBold(True)
        self._elided: dict[tuple[int, int, int], str] = {}

    def set_data(self, data: SceneData | None) -> None:
        self.cache.clear()
        self.forms = None
        self._elided.clear()
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
            self.forms = choose_forms(self.scene_data, geometry)
        return self.forms

    def paint(self, painter: QPainter, *_args: object) -> None:
        frame = self.frame(painter)
        if frame is None or self.scene_data is None:
            return
        forms = self.forms_for(frame.geometry())
        mark_w, mark_h = mark_size(frame.slot_px, frame.row_px)
        self._paint_base_layer(painter, frame)
        # The chain runs behind names and cards, so it never crosses a card's title; the
        # selected person's outline goes over everything.
        self._paint_chain(painter, frame)
        self._paint_names(painter, frame, forms.names, mark_w, mark_h)
        self._paint_upright(painter, frame, forms, mark_w, mark_h)
        self._paint_side(painter, frame, forms.side, mark_w, mark_h)
        self._paint_cards(painter, frame, forms.cards)
        self._paint_selection(painter, frame, forms)
        # Over the selection's outline, so a selected manager's count stays readable.
        data = frame.data
        if forms.cards.shape[0] and data.counts is not None and data.badged.shape[0]:
            px, py = frame.pixels(forms.cards)
            paint_card_badges(painter, forms.cards, px, py, data.counts, self._badge_font)
        folded, boxes = self.hidden_badges(forms, frame.pixels)
        paint_hidden_counts(painter, boxes, data.layout.hidden_below[folded], self._badge_font)
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
        geometry = forms.geometry
        folded = data.folded_in_rect(geometry.grown(CARD_WIDTH, CARD_HEIGHT + BADGE_HEIGHT))
        if folded.shape[0] == 0:
            return folded, []
        px, py = to_pixels(folded)
        _mark_w, mark_h = mark_size(geometry.slot_px, geometry.row_px)
        named = np.isin(folded, forms.named())
        reach = np.where(named, max(mark_h, 6) / 2, mark_h / 2)
        reach = np.where(np.isin(folded, forms.cards), CARD_HEIGHT / 2, reach)
        # The reports of a manager lie toward the customers: up the screen when inverted.
        outward = -1.0 if geometry.y_down * data.layout.sign < 0 else 1.0
        metrics = QFontMetrics(self._badge_font)
        counts = data.layout.hidden_below[folded]
        return folded, hidden_badge_boxes(px, py + outward * reach, counts, metrics, outward)

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

    def _paint_base_layer(self, painter: QPainter, frame: Frame) -> None:
        """Links and marks: drawn afresh for a small view or a picture for a file, else from
        the picture kept for this zoom."""
        assert self.scene_data is not None
        small = frame.people_across() <= CACHE_ABOVE
        if small or not self.keep_picture or not self._on_screen(painter):
            self._paint_base(painter, frame)
            return
        content = (id(self.scene_data), self.scene_data.version)
        bounds = self.boundingRect()
        placed = self.cache.placed(frame, content)
        if placed is not None:
            rect, same = placed
            if (same or self._zooming) and self.cache.covers(rect, frame, bounds):
                self.cache.draw(painter, rect, same)
                if not same:
                    self._settle.start()  # redrawn crisply once the zoom stops
                return
        self.cache.render(frame, bounds, content, self._paint_base)
        placed = self.cache.placed(frame, content)
        assert placed is not None
        self.cache.draw(painter, placed[0], True)

    def _paint_base(self, painter: QPainter, frame: Frame) -> None:
        data = frame.data
        reports = choose_links(data, frame.geometry())
        paint_links(painter, data, frame.transform, reports, frame.slot_px)
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

    # -- names -----------------------------------------------------------------------------

    def _elide(self, node: int, width: float, metrics: QFontMetrics, italic: int = 0) -> str:
        key = (node, int(width), italic)
        text = self._elided.get(key)
        if text is None:
            assert self.scene_data is not None
            chart = self.scene_data.chart
            full = chart.names[node] or chart.ids[node]
            text = metrics.elidedText(full, Qt.TextElideMode.ElideRight, int(width))
            if len(self._elided) > ELIDED_KEPT:
                self._elided.clear()
            self._elided[key] = text
        return text

    def _paint_named_marks(
        self,
        painter: QPainter,
        nodes: npt.NDArray[np.int64],
        px: npt.NDArray[np.float64],
        py: npt.NDArray[np.float64],
        mark_w: int,
        mark_h: int,
    ) -> tuple[int, int]:
        """A person with a name gets a mark big enough to see beside it; returns its size."""
        assert self.scene_data is not None
        width, height = min(max(mark_w, 6), 10), max(mark_h, 6)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setPen(Qt.PenStyle.NoPen)
        rgb = self.scene_data.rgb
        solid = ~self.scene_data.chart.placeholders[nodes]
        for node, x, y in zip(
            nodes[solid].tolist(), px[solid].tolist(), py[solid].tolist(), strict=True
        ):
            r, g, b = (int(c) for c in rgb[node])
            painter.fillRect(
                QRectF(round(x - width / 2), round(y - height / 2), width, height), QColor(r, g, b)
            )
        if not solid.all():
            paint_dashed_marks(painter, px[~solid], py[~solid], width, height)
        return width, height

    def _label_groups(
        self, nodes: npt.NDArray[np.int64]
    ) -> list[tuple[QFont, npt.NDArray[np.bool_]]]:
        """People's names in the label font; placeholders' (managers not in the file) in
        italics. As two groups, so the font changes once a frame, not once a name."""
        assert self.scene_data is not None
        dashed = self.scene_data.chart.placeholders[nodes]
        groups = [(self._label_font, ~dashed), (self._placeholder_font, dashed)]
        return [(font, group) for font, group in groups if group.any()]

    def _write_names(
        self,
        painter: QPainter,
        nodes: npt.NDArray[np.int64],
        xs: FloatArray,
        ys: FloatArray,
        rooms: FloatArray,
        place: Placement,
        text: Callable[[int, float, QFontMetrics, int], str] | None = None,
    ) -> None:
        """Each person's name (or ``text``), cut to its room, on a white backing where ``place``
        puts it; placeholders' (managers not in the file) in italics. Grouped by font, so the
        font changes once a frame, not once a name."""
        label_of = text or self._elide
        # Whole-pixel backings: antialiased, each would cost ten times as much.
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for font, group in self._label_groups(nodes):
            metrics = QFontMetrics(font)
            line_h = metrics.height()
            painter.setFont(font)
            italic = int(font.italic())
            for node, x, y, room in zip(
                nodes[group].tolist(), xs[group].tolist(), ys[group].tolist(),
                rooms[group].tolist(), strict=True,
            ):  # fmt: skip
                label = label_of(node, room, metrics, italic)
                backing, box, alignment = place(
                    x, y, room, metrics.horizontalAdvance(label), line_h
                )
                painter.fillRect(backing, NAME_BACKING)
                painter.setPen(NAME_INK)
                painter.drawText(box, alignment, label)

    def _paint_names(
        self,
        painter: QPainter,
        frame: Frame,
        nodes: npt.NDArray[np.int64],
        mark_w: int,
        mark_h: int,
    ) -> None:
        """Each name under its mark, cut to the room it has on its row."""
        if nodes.shape[0] == 0:
            return
        assert self.scene_data is not None
        px, py = frame.pixels(nodes)
        _w, height = self._paint_named_marks(painter, nodes, px, py, mark_w, mark_h)
        widths = name_width(self.scene_data.room[nodes] * frame.slot_px)

        def under(x: float, y: float, room: float, advance: float, line_h: int) -> Placed:
            return (
                QRectF(x - advance / 2 - 2, y, advance + 4, line_h),
                QRectF(x - room / 2, y, room, line_h),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
            )

        self._write_names(painter, nodes, px, py + height / 2 + 1, widths, under)

    def _paint_upright(
        self, painter: QPainter, frame: Frame, forms: Forms, mark_w: int, mark_h: int
    ) -> None:
        """Names written upright, hanging from the mark: narrow columns with tall rows."""
        nodes = forms.upright
        if nodes.shape[0] == 0:
            return
        assert self.scene_data is not None
        px, py = frame.pixels(nodes)
        _w, height = self._paint_named_marks(painter, nodes, px, py, mark_w, mark_h)
        lengths = upright_length(self.scene_data, forms.geometry, nodes, forms.cards, height)

        # Turned a quarter clockwise: a point (x, y) on screen is (y, -x) in the painter's terms.
        def hanging(x: float, top: float, length: float, advance: float, line_h: int) -> Placed:
            return (
                QRectF(top - 1, -x - line_h / 2, advance + 2, line_h),
                QRectF(top, -x - line_h / 2, length, line_h),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            )

        painter.save()
        painter.setTransform(QTransform().rotate(90) * painter.transform())
        self._write_names(painter, nodes, px, py + height / 2 + 2, lengths, hanging)
        painter.restore()

    def _paint_side(
        self,
        painter: QPainter,
        frame: Frame,
        nodes: npt.NDArray[np.int64],
        mark_w: int,
        mark_h: int,
    ) -> None:
        """Each name beside its mark on one line, with the title after it when there is room:
        rows too short for a name under the mark."""
        if nodes.shape[0] == 0:
            return
        assert self.scene_data is not None
        px, py = frame.pixels(nodes)
        width, _h = self._paint_named_marks(painter, nodes, px, py, mark_w, mark_h)
        rooms = side_width(self.scene_data.room[nodes] * frame.slot_px, width)
        lefts = px + width / 2 + SIDE_GAP
        # Cut at the view's edge rather than run off it unfinished.
        rooms = np.minimum(rooms, frame.width - lefts - 2)

        def beside(left: float, y: float, room: float, advance: float, line_h: int) -> Placed:
            return (
                QRectF(left - 1, y - line_h / 2, advance + 3, line_h),
                QRectF(left, y - line_h / 2, room, line_h),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            )

        self._write_names(painter, nodes, lefts, py, rooms, beside, self.side_text)

    def side_text(self, node: int, room: float, metrics: QFontMetrics, _italic: int = 0) -> str:
        """ "Name · Title" when both fit in ``room`` pixels, else the name, cut to fit."""
        assert self.scene_data is not None
        chart = self.scene_data.chart
        name = chart.names[node] or chart.ids[node]
        title = PLACEHOLDER_TITLE if chart.placeholders[node] else chart.titles[node]
        both = f"{name} · {title}" if title else name
        if metrics.horizontalAdvance(both) <= room:
            return both
        return metrics.elidedText(name, Qt.TextElideMode.ElideRight, int(room))

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
        for node, x, y in zip(nodes.tolist(), px.tolist(), py.tolist(), strict=True):
            box = QRectF(x - CARD_WIDTH / 2, y - CARD_HEIGHT / 2, CARD_WIDTH, CARD_HEIGHT)
            r, g, b = (int(c) for c in self.scene_data.rgb[node])
            accent = QColor(r, g, b)
            dashed = bool(placeholders[node])
            if dashed:
                # A manager the file does not have: a dashed outline on a pale face.
                painter.setPen(PLACEHOLDER_PEN)
                painter.setBrush(QBrush(PLACEHOLDER_FACE))
                painter.drawRoundedRect(box, 6, 6)
            else:
                painter.setPen(QPen(accent.darker(130), 1))
                painter.setBrush(QBrush(QColor(255, 255, 255)))
                painter.drawRoundedRect(box, 6, 6)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(accent)
                painter.drawRoundedRect(QRectF(box.left(), box.top(), 6, CARD_HEIGHT), 3, 3)
            painter.setPen(QColor("#1d2733"))
            painter.setFont(self._placeholder_name_font if dashed else self._name_font)
            text_box = box.adjusted(12, 4, -6, -CARD_HEIGHT / 2)
            name = name_metrics.elidedText(
                chart.names[node] or chart.ids[node],
                Qt.TextElideMode.ElideRight,
                int(text_box.width()),
            )
            painter.drawText(
                text_box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name
            )
            painter.setPen(QColor("#56606b"))
            painter.setFont(self._title_font)
            title = chart.titles[node] or (PLACEHOLDER_TITLE if dashed else "")
            title_box = box.adjusted(12, CARD_HEIGHT / 2, -6, -4)
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
        for x, y in zip(lx.tolist(), ly.tolist(), strict=True):
            painter.drawRoundedRect(
                QRectF(x - CARD_WIDTH / 2 - 4, y - CARD_HEIGHT / 2 - 4, CARD_WIDTH + 8,
                       CARD_HEIGHT + 8),
                8,
                8,
            )  # fmt: skip

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
            painter.drawRoundedRect(
                QRectF(
                    x - CARD_WIDTH / 2 - 3, y - CARD_HEIGHT / 2 - 3, CARD_WIDTH + 6, CARD_HEIGHT + 6
                ),
                8,
                8,
            )
            return
        room = min(frame.data.room[node] * frame.slot_px, frame.data.room_y[node] * frame.row_px)
        radius = float(np.clip(room * 0.3, 6.0, 14.0))
        painter.drawEllipse(QPointF(x, y), radius, radius)
