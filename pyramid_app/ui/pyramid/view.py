"""The pyramid view: pan with the mouse, zoom with the wheel, click to select."""

from __future__ import annotations

import html

import numpy as np
import pyqtgraph as pg
from pyqtgraph.GraphicsScene import GraphicsScene
from pyqtgraph.GraphicsScene.mouseEvents import MouseClickEvent
from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QFontMetrics, QMouseEvent, QPainter, QRegion, QResizeEvent
from PySide6.QtWidgets import QGraphicsView, QToolTip

from pyramid_app.model.layout import PyramidLayout
from pyramid_app.model.org import OrgChart
from pyramid_app.ui.pyramid.backdrop import Backdrop
from pyramid_app.ui.pyramid.band_items import APART_CAPTION_WIDTH, BandsItem, apart_padding
from pyramid_app.ui.pyramid.band_labels import BandLabelsItem
from pyramid_app.ui.pyramid.band_ruler import install_band_ruler
from pyramid_app.ui.pyramid.forms import SIDE_GAP, Forms, box_hits, choose_forms
from pyramid_app.ui.pyramid.marks import mark_size, named_mark_size
from pyramid_app.ui.pyramid.people_items import PeopleItem
from pyramid_app.ui.pyramid.scene import Geometry, SceneData, SceneItem
from pyramid_app.ui.pyramid.sizes import TextSizes
from pyramid_app.ui.pyramid.zoom import PointerZoomViewBox

pg.setConfigOptions(antialias=False)
FIT_PADDING = 0.03  # of the pyramid's size, around it at fit


class PyramidView(pg.GraphicsView):
    """Shows one layout; says which person was clicked, double-clicked or right-clicked, and
    which customer segment of the top band was clicked."""

    person_clicked = Signal(int)
    person_activated = Signal(int)
    context_requested = Signal(int, QPoint)
    segment_clicked = Signal(str)  # the segment's name as the band shows it

    def __init__(self) -> None:
        super().__init__(background="w")
        self.view_box = PointerZoomViewBox(enableMenu=False, defaultPadding=0.02)
        self.setCentralItem(self.view_box)
        self.bands = BandsItem()
        self.people = PeopleItem()
        self.labels = BandLabelsItem()
        for item in self._items():
            self.view_box.addItem(item)
        # A big view's kept picture of the marks is opaque, background and shading painted in
        # (backdrop.py): what it covers is neither filled nor shaded again each frame. So the
        # background is painted each frame, around it, rather than copied whole from a cache,
        # and the viewport is not filled before the view paints (the view paints every pixel).
        self.people.backdrop = self._backdrop
        self.bands.covered = self.people.covered
        self.setCacheMode(QGraphicsView.CacheModeFlag.CacheNone)
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        # The tiers' names, left of the view box.
        self.ruler = install_band_ruler(self, self.view_box, self.bands)
        self.data: SceneData | None = None
        scene = self.scene()
        assert isinstance(scene, GraphicsScene)  # pyqtgraph's, which says where the mouse is
        scene.sigMouseClicked.connect(self._on_click)
        scene.sigMouseMoved.connect(self._on_move)
        self._hovered: int | str | tuple[str, str] | None = None
        self.commitment_counts: np.ndarray | None = None
        self.link_served: np.ndarray | None = None
        # Nodes of the chart shown that are lit (the people at a touchpoint), sorted; None: none.
        self.highlighted: np.ndarray | None = None
        # Owned by the view, so it cannot fire once the view is gone.
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(0)
        self._refit.timeout.connect(self._fit_again)

    # -- text size -------------------------------------------------------------------------

    @property
    def text_sizes(self) -> TextSizes:
        """The size of the text on cards, names, the ruler and the bands, and all it sizes."""
        return self.people.sizes

    @property
    def text_scale(self) -> float:
        return self.people.sizes.scale

    def set_text_scale(self, scale: float) -> None:
        """Draw all text ``scale`` times its normal size (1.0, 1.35 and 1.75 are offered):
        cards, names, the tiers' ruler and the bands together. The people stay where they
        are; what fits at this zoom is chosen again, and a view showing the whole pyramid is
        fitted again, as its margins hold the outermost cards."""
        if not 0.5 <= scale <= 3.0:
            raise ValueError(f"a text scale of {scale:g} is outside 0.5-3")
        if scale == self.text_scale:
            return
        sizes = TextSizes(scale)
        self.people.set_sizes(sizes)
        self.bands.set_sizes(sizes)
        self.labels.set_sizes(sizes)
        self.ruler.set_sizes(sizes)
        fitted = getattr(self, "_fitted_rect", None)
        if fitted is not None and self.data is not None and self.view_box.viewRect() == fitted:
            self._refit.start()  # once the ruler's new width has reached the view box

    # -- content ---------------------------------------------------------------------------

    def show_layout(
        self, chart: OrgChart, layout: PyramidLayout, rgb: np.ndarray, keep_view: bool = False
    ) -> None:
        same_chart = self.data is not None and self.data.chart is chart
        self.data = SceneData.build(chart, layout, rgb)
        # Counts are per node of a chart: a new chart (a focus, an update) needs new ones.
        if not same_chart:
            self.commitment_counts = None
            self.link_served = None
            self.highlighted = None
        self.data.set_counts(self.commitment_counts)
        self.data.set_link_served(self.link_served)
        self.data.set_lit(self.highlighted)
        for item in self._items():
            item.set_data(self.data)
        x0, x1, y0, y1 = layout.bounds()
        pad_x, pad_y = max(2.0, (x1 - x0) * 0.05), 2.0
        # The box of the people kept apart reaches past them by pixels: the pan limit leaves
        # room for it, so a redraw that keeps the view does not cut it off.
        right = max(pad_x, 1.5 * self._apart_margin(x1 - x0))
        self.view_box.setLimits(
            xMin=x0 - pad_x,
            xMax=x1 + right,
            yMin=y0 - pad_y,
            yMax=y1 + pad_y,
            minXRange=2.0,
            minYRange=1.5,
        )
        if not keep_view:
            self.fit()

    def clear(self) -> None:
        """Show nothing (no project open)."""
        self.data = None
        self.commitment_counts = None
        self.link_served = None
        self.highlighted = None
        for item in self._items():
            item.set_data(None)

    def _items(self) -> tuple[SceneItem, ...]:
        """Back to front: bands, people (with the links between them), band names."""
        return (self.bands, self.people, self.labels)

    def resizeEvent(self, event: QResizeEvent | None) -> None:
        # pyqtgraph calls this with None while the view is still being built, and again while
        # close() takes the scene (and the ruler with it) down.
        ruler = getattr(self, "ruler", None)
        if ruler is not None and not getattr(self, "closed", False):
            ruler.fit_to(self.width())
        super().resizeEvent(event)
        fitted = getattr(self, "_fitted_rect", None)
        timer = getattr(self, "_refit", None)
        closing = getattr(self, "closed", False)  # close() takes the view box down first
        if timer is not None and fitted is not None and self.data is not None and not closing:
            timer.start()  # once the new size has reached the view box

    def _fit_again(self) -> None:
        if getattr(self, "closed", False):
            return
        fitted = getattr(self, "_fitted_rect", None)
        if fitted is not None and self.data is not None and self.view_box.viewRect() == fitted:
            self.fit()

    def _backdrop(self) -> Backdrop | None:
        """What lies under the marks now; None over a background that is not one colour."""
        brush = self.backgroundBrush()
        if brush.style() != Qt.BrushStyle.SolidPattern:
            return None
        return Backdrop.of(self.bands, brush.color())

    def drawBackground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        """The background, around the kept picture where it covers part of the view (and
        around the ruler, which fills its own strip)."""
        covered = self.people.covered(painter)
        if covered is None:
            super().drawBackground(painter, rect)
            return
        painter.save()
        painter.resetTransform()  # view pixels, as ``covered`` is
        # The picture shows within the view box only (it clips its items): its whole pixels.
        box = self.viewportTransform().mapRect(self.view_box.sceneBoundingRect())
        covered = covered.intersected(box.adjusted(1, 1, -1, -1).toAlignedRect())
        around = QRegion(self.viewport().rect()).subtracted(QRegion(covered))
        if self.ruler.isVisible():
            strip = self.viewportTransform().mapRect(self.ruler.sceneBoundingRect())
            around = around.subtracted(QRegion(strip.adjusted(1, 1, -1, -1).toAlignedRect()))
        painter.setClipRegion(around, Qt.ClipOperation.IntersectClip)
        painter.fillRect(self.viewport().rect(), self.backgroundBrush())
        painter.restore()

    def viewportEvent(self, event: QEvent) -> bool:
        # Wheel turns and drags move the picture many times a second: the people item may
        # show its kept picture of the marks, scaled, until they stop.
        kind = event.type()
        if kind in (QEvent.Type.Wheel, QEvent.Type.NativeGesture) or (
            kind == QEvent.Type.MouseMove
            and isinstance(event, QMouseEvent)
            and event.buttons() != Qt.MouseButton.NoButton
        ):
            self.people.note_zooming()
        return super().viewportEvent(event)

    def set_colours(self, rgb: np.ndarray) -> None:
        if self.data is not None:
            self.data.set_colours(rgb)
            self.people.update()

    def set_link_served(self, served: np.ndarray | None) -> None:
        """Per node shown, whether the link from its manager is served (None: plain links)."""
        if served is not None:
            served = np.asarray(served, dtype=bool)
            if self.data is None or served.shape != (len(self.data.chart),):
                raise ValueError(f"expected one flag per node shown, got shape {served.shape}")
        self.link_served = served
        if self.data is not None:
            self.data.set_link_served(served)
            self.people.update()

    def set_commitment_counts(self, counts: np.ndarray | None) -> None:
        """Active commitments per node of the chart shown (None: no badges)."""
        if counts is not None:
            counts = np.asarray(counts, dtype=np.int32)
            if self.data is None or counts.shape != (len(self.data.chart),):
                raise ValueError(f"expected one count per node shown, got shape {counts.shape}")
        self.commitment_counts = counts
        if self.data is not None:
            self.data.set_counts(counts)
            self.people.update()

    def update_commitment_counts(self, nodes: np.ndarray, counts: np.ndarray) -> None:
        """Set the counts of a few nodes; the badge index is rebuilt only if one appears or goes."""
        if self.data is None or self.commitment_counts is None:
            return
        nodes = np.asarray(nodes, dtype=np.int64)
        counts = np.asarray(counts, dtype=np.int32)
        had = self.commitment_counts[nodes] > 0
        self.commitment_counts[nodes] = counts
        if not np.array_equal(had, counts > 0):
            self.data.set_counts(self.commitment_counts)
        self.people.update()

    def set_selection(self, index: int | None, chain: list[int]) -> None:
        self.people.set_selection(index, chain)

    def set_highlight(self, nodes: np.ndarray | None) -> None:
        """Light these nodes of the chart shown (a touchpoint's people); None or empty: nobody.

        Only the lit people in view are painted each frame, so a million lit costs little.
        """
        if nodes is not None:
            nodes = np.asarray(nodes, dtype=np.int64)
            if nodes.shape[0] > 1 and not (nodes[1:] > nodes[:-1]).all():
                nodes = np.unique(nodes)  # touchpoints hand them over sorted: no sort then
            size = len(self.data.chart) if self.data is not None else 0
            if nodes.shape[0] and (nodes[0] < 0 or nodes[-1] >= size):
                raise ValueError(f"a lit node is outside the chart shown ({size} nodes)")
            if nodes.shape[0] == 0:
                nodes = None
        self.highlighted = nodes
        if self.data is not None:
            self.data.set_lit(nodes)
            self.people.update()

    def set_chosen_segment(self, label: str | None) -> None:
        """Emphasise one customer segment of the top band (the journey shown), or none."""
        self.bands.set_chosen_segment(label)
        self.labels.set_chosen_segment(label)

    # -- navigation ------------------------------------------------------------------------

    def fit(self) -> None:
        """Show the whole pyramid, customers included."""
        if self.data is None:
            return
        x0, x1, y0, y1 = self.data.layout.bounds()
        left, right = self._edge_margins(x0, x1, y1 - y0)  # layout units
        right = max(right, self._apart_margin(x1 - x0))
        limits = self.view_box.state["limits"]["xLimits"]
        spare = (x1 - x0) * FIT_PADDING * 1.5
        if limits[0] is not None and limits[0] > x0 - left - spare:
            self.view_box.setLimits(xMin=x0 - left - spare)
        if limits[1] is not None and limits[1] < x1 + right + spare:
            self.view_box.setLimits(xMax=x1 + right + spare)
        self.view_box.setRange(xRange=(x0 - left, x1 + right), yRange=(y0, y1), padding=FIT_PADDING)
        # The margins above are in pixels: when the view changes size while it shows the whole
        # pyramid (a dock opened, the window sent to a projector), it is fitted again.
        self._fitted_rect: QRectF | None = self.view_box.viewRect()

    def _edge_margins(self, x0: float, x1: float, height: float) -> tuple[float, float]:
        """Room beside the pyramid at fit for the cards and names that reach past its edges
        (a card reaches half its width beyond its person), on the left and on the right."""
        assert self.data is not None
        data, sizes = self.data, self.text_sizes
        pixels = self.view_box.size()
        room_w = pixels.width() / (1 + 2 * FIT_PADDING)
        room_h = pixels.height() / (1 + 2 * FIT_PADDING)
        width = x1 - x0
        if width <= 0 or room_w <= 2 * sizes.card_room or data.by_room.shape[0] == 0:
            return 0.0, 0.0
        row_px = room_h / max(height, 1e-9)
        _bx0, _bx1, y0, y1 = data.layout.bounds()
        left = right = 0.0  # pixels
        for _round in range(2):  # the margins shrink the scale, which moves the reach a little
            slot_px = (room_w - left - right) / width
            # The forms chosen for the whole pyramid at that scale: only the few with room for
            # a name can reach past a mark's width.
            spare = 2 * sizes.card_width / slot_px
            whole = Geometry(x0 - spare, x1 + spare, y0, y1, slot_px, row_px, sizes=sizes)
            forms = choose_forms(data, whole, self.people.measure_names)
            nodes, reach = self._reach(forms)
            x = data.layout.x[nodes]
            left = float(np.max(reach - (x - x0) * slot_px, initial=0.0))
            right = float(np.max(reach - (x1 - x) * slot_px, initial=0.0))
        slot_px = (room_w - left - right) / width
        return left / slot_px, right / slot_px

    def _reach(self, forms: Forms) -> tuple[np.ndarray, np.ndarray]:
        """The people drawn as cards or with names across, and how many pixels each reaches
        either side of their middle. A name counts centred under its mark: where it would
        reach past the view's edge it leans inward instead, so the margins never grow for a
        long name at the pyramid's edge (which would shrink the whole pyramid)."""
        sizes = forms.geometry.sizes
        full, _first = self.people.measure_names(forms.names)
        room, left = forms.names_room, forms.names_left
        centred = 2 * np.minimum(left, room - left)
        names = np.minimum(full, centred) / 2 + 4
        cards = np.full(forms.cards.shape[0], sizes.card_width / 2 + 6)
        return np.concatenate([forms.cards, forms.names]), np.concatenate([cards, names])

    def _apart_margin(self, width: float) -> float:
        """Room on the right at fit for the box of the people not connected to the chief
        executive and its caption, which reach past them by a fixed number of pixels."""
        assert self.data is not None
        group = self.data.layout.apart
        room_w = self.view_box.size().width() / (1 + 2 * FIT_PADDING)
        caption = APART_CAPTION_WIDTH * self.text_scale
        if group is None or width <= 0 or room_w <= 2 * caption:
            return 0.0
        padding = apart_padding(self.text_sizes)
        reach = padding + 4  # pixels
        slot_px = (room_w - 2 * reach) / width
        box_px = (group.x_high - group.x_low) * slot_px + 2 * padding
        reach += max(0.0, caption - box_px)  # the caption starts at the box's left
        return reach / max((room_w - reach) / width, 1e-9)

    def centre_on(self, index: int, readable: bool = True) -> None:
        """Centre the view on a person; with ``readable``, zoom in until cards show."""
        if self.data is None or not self.data.layout.visible[index]:
            return
        x = float(self.data.layout.x[index])
        y = float(self.data.layout.y[index])
        view = self.view_box.viewRect()
        width, height = view.width(), view.height()
        if readable:
            pixels = self.view_box.size()
            sizes = self.text_sizes
            width = min(width, pixels.width() / (sizes.card_room * 1.15))
            # Rows tall enough for a card plus the band's name above it.
            height = min(height, pixels.height() / max(sizes.card_row * 1.15, 92.0 * sizes.scale))
        self.view_box.setRange(
            xRange=(x - width / 2, x + width / 2),
            yRange=(y - height / 2, y + height / 2),
            padding=0,
        )

    def zoom_to(self, nodes: np.ndarray) -> None:
        """Fit the view around a set of people (a team, a selection)."""
        if self.data is None or nodes.shape[0] == 0:
            return
        layout = self.data.layout
        xs, ys = layout.x[nodes], layout.y[nodes]
        self.view_box.setRange(
            xRange=(np.nanmin(xs) - 1, np.nanmax(xs) + 1),
            yRange=(np.nanmin(ys) - 1, np.nanmax(ys) + 1),
            padding=0.02,
        )

    # -- hit testing -----------------------------------------------------------------------

    def node_at(self, scene_pos: QPointF) -> int | None:
        """The visible person drawn under a scene position, if any: a card anywhere on it, a
        name on its mark or its text, a mark within a few pixels."""
        if self.data is None:
            return None
        point = self.view_box.mapSceneToView(scene_pos)
        pixel_w, pixel_h = self.view_box.viewPixelSize()
        if pixel_w <= 0 or pixel_h <= 0:
            return None
        slot_px, row_px = 1.0 / pixel_w, 1.0 / pixel_h
        # In view-widget pixels, y growing downward like the painted frame.
        flip = -1.0 if self.view_box.yInverted() else 1.0
        sizes = self.text_sizes
        geometry = Geometry.of(self.view_box.viewRect(), slot_px, row_px, -flip, sizes)
        forms = self.people.forms_for(geometry)
        data, layout = self.data, self.data.layout

        def pixels(nodes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            return (
                (layout.x[nodes] - point.x()) * slot_px,
                (point.y() - layout.y[nodes]) * row_px * flip,
            )

        # The "+351" pills of collapsed managers are drawn over everything.
        folded, pills = self.people.hidden_badges(forms, pixels)
        for node, pill in zip(folded.tolist(), pills, strict=True):
            if pill.contains(QPointF(0.0, 0.0)):
                return int(node)
        cards = forms.cards
        if cards.shape[0]:
            dx, dy = pixels(cards)
            half_w, half_h = sizes.card_width / 2, sizes.card_height / 2
            hit = box_hits(dx, dy, -half_w, half_w, -half_h, half_h, 0, 0)
            if hit.any():
                return int(cards[hit][np.argmin((dx * dx + dy * dy)[hit])])
        named_w, named_h = named_mark_size(*mark_size(slot_px, row_px))
        metrics = QFontMetrics(self.people.label_font)
        line_h = metrics.height()
        column = np.full(forms.upright.shape[0], line_h / 2 + 1)
        across = (
            forms.names,
            -forms.names_left,
            forms.names_room - forms.names_left,
            ((forms.names_line + 1) * line_h + 1.0).astype(np.float64),
        )
        upright = (forms.upright, -column, column, forms.upright_room)
        for nodes, low, high, length in (across, upright):
            if nodes.shape[0] == 0:
                continue
            dx, dy = pixels(nodes)
            low, high = np.minimum(low, -7.0), np.maximum(high, 7.0)
            hit = box_hits(dx, dy, low, high, -7.0, named_h / 2 + 2 + length, 0, 0)
            if hit.any():
                return int(nodes[hit][np.argmin((dx * dx + dy * dy)[hit])])
        if forms.side.shape[0]:
            nodes, rooms = forms.side, forms.side_room
            dx, dy = pixels(nodes)
            hit = box_hits(
                dx, dy, -7.0, named_w / 2 + SIDE_GAP + rooms, -line_h / 2, line_h / 2, 0, 0
            )
            for index in np.flatnonzero(hit)[np.argsort(np.abs(dx[hit]))].tolist():
                text = self.people.names.side_text(int(nodes[index]), float(rooms[index]), metrics)
                if -dx[index] <= named_w / 2 + SIDE_GAP + metrics.horizontalAdvance(text):
                    return int(nodes[index])
        half_w, half_h = 7 * pixel_w, 7 * pixel_h
        box = QRectF(point.x() - half_w, point.y() - half_h, 2 * half_w, 2 * half_h)
        candidates = data.in_rect(box)
        if candidates.shape[0] == 0:
            return None
        dx = np.abs(layout.x[candidates] - point.x()) / pixel_w
        dy = np.abs(layout.y[candidates] - point.y()) / pixel_h
        inside = (dx <= 7) & (dy <= 7)
        if not inside.any():
            return None
        distance = np.where(inside, dx * dx + dy * dy, np.inf)
        return int(candidates[int(np.argmin(distance))])

    def _chain_tip(self, person_id: str) -> str:
        """What the tooltip says of a grey manager below a focused team."""
        assert self.data is not None and self.data.layout.context is not None
        chain = self.data.layout.context
        index = chain.ids.index(person_id)
        name, title = chain.names[index] or person_id, chain.titles[index]
        lines = [f"<b>{html.escape(name)}</b>", html.escape(title)]
        lines.append("Below the team in focus: click to go to them in the whole organisation")
        return "<br>".join(line for line in lines if line)

    def segment_at(self, scene_pos: QPointF) -> str | None:
        """The customer segment of the top band under a scene position, if any."""
        if self.data is None:
            return None
        point = self.view_box.mapSceneToView(scene_pos)
        layout = self.data.layout
        band = layout.customer_band
        low, high = sorted((layout.sign * band.y_low, layout.sign * band.y_high))
        if not low <= point.y() <= high:
            return None
        for segment in layout.customer_segments:
            if segment.x_low <= point.x() < segment.x_high:
                return segment.label
        return None

    def segment_centre(self, label: str) -> QPointF | None:
        """The middle of a customer segment in layout coordinates (None: not in the band)."""
        if self.data is None:
            return None
        layout = self.data.layout
        band = layout.customer_band
        y = layout.sign * (band.y_low + band.y_high) / 2
        for segment in layout.customer_segments:
            if segment.label == label:
                return QPointF((segment.x_low + segment.x_high) / 2, y)
        return None

    def _on_click(self, event: MouseClickEvent) -> None:
        node = self.node_at(event.scenePos())
        button = event.button()
        if node is None:
            segment = self.segment_at(event.scenePos())
            if segment is not None and button == Qt.MouseButton.LeftButton:
                self.segment_clicked.emit(segment)
                event.accept()
            return
        if button == Qt.MouseButton.RightButton:
            self.context_requested.emit(node, event.screenPos().toPoint())
        elif event.double():
            self.person_activated.emit(node)
        else:
            self.person_clicked.emit(node)
        event.accept()

    def _on_move(self, scene_pos: QPointF) -> None:
        node = self.node_at(scene_pos)
        hovered: int | str | tuple[str, str] | None = node
        if node is None:
            hovered = self.segment_at(scene_pos)
        if hovered is None:
            point = self.mapFromScene(scene_pos)
            below = self.bands.context_at(point.x(), point.y())
            hovered = ("chain", below) if below is not None else None
        if hovered == self._hovered:
            return
        self._hovered = hovered
        where = self.mapToGlobal(self.mapFromScene(scene_pos))
        if isinstance(hovered, str):
            QToolTip.showText(
                where, f"<b>{html.escape(hovered)}</b><br>Click to walk through their day", self
            )
            return
        if isinstance(hovered, tuple):
            QToolTip.showText(where, self._chain_tip(hovered[1]), self)
            return
        if node is None or self.data is None:
            QToolTip.hideText()
            return
        chart = self.data.chart
        person = chart.person(node)
        # Text from the file goes into rich text: escaped, so a name cannot be markup.
        lines = [
            f"<b>{html.escape(person.name or person.id)}</b>",
            html.escape(person.title),
            html.escape(person.department),
        ]
        span = int(chart.span_of_control[node])
        if span:
            lines.append(
                f"{span} direct report{'s' if span != 1 else ''}, "
                f"{int(chart.subtree_size[node]) - 1:,} in all"
            )
        counts = self.data.counts
        if counts is not None and counts[node] > 0:
            lines.append(f"{int(counts[node])} commitment{'s' if counts[node] != 1 else ''}")
        text = "<br>".join(line for line in lines if line)
        QToolTip.showText(self.mapToGlobal(self.mapFromScene(scene_pos)), text, self)
