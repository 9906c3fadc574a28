"""People and the links between them, painted with a per-frame level of detail.

* Zoomed out, every person in view is a coloured mark rasterised with numpy: one stretched
  pixel strip per screen row (or one image when marks are stacked in many rows).
* Zoomed in far enough to read, people are cards with name and title, and links are elbow
  connectors.
"""

from __future__ import annotations

import itertools

import numpy as np
import numpy.typing as npt
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
)

from pyramid_app.ui.pyramid.badge_paint import paint_card_badges, paint_rings
from pyramid_app.ui.pyramid.scene import (
    CARD_HEIGHT,
    CARD_WIDTH,
    HIGHLIGHT,
    LABEL_ROW_PIXELS,
    LABEL_SLOT_PIXELS,
    LIT,
    MAX_CARDS,
    MAX_LINKS,
    MAX_STRIPS,
    MIN_LINK_SLOT_PIXELS,
    UNSERVED_LINK,
    Frame,
    SceneItem,
)

LIT_ARGB = np.uint32(0xFF000000 | (LIT.red() << 16) | (LIT.green() << 8) | LIT.blue())


class LinksItem(SceneItem):
    """Every manager-to-report link in view, as elbow connectors in one path."""

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(-5)

    def paint(self, painter: QPainter, *_args: object) -> None:
        frame = self.frame(painter)
        if frame is None:
            return
        # Links narrower than a few pixels apart are only grey noise; the bands carry the
        # structure there.
        if frame.nodes.shape[0] <= MAX_LINKS and frame.slot_px >= MIN_LINK_SLOT_PIXELS:
            self._paint_links(painter, frame.transform, frame.nodes, frame.cards)
        painter.setTransform(frame.original)

    def _paint_links(
        self, painter: QPainter, transform: object, nodes: npt.NDArray[np.int64], cards: bool
    ) -> None:
        """Elbow links from each manager in view up to its reports, as one path (two when the
        links are coloured served or not)."""
        assert self.data is not None
        layout = self.data.layout
        parent = self.data.chart.parent
        children = nodes[parent[nodes] >= 0]
        if children.shape[0] == 0:
            return
        managers = parent[children]
        m11, m22 = transform.m11(), transform.m22()  # type: ignore[attr-defined]
        dx, dy = transform.dx(), transform.dy()  # type: ignore[attr-defined]
        cx, cy = m11 * layout.x[children] + dx, m22 * layout.y[children] + dy
        mx, my = m11 * layout.x[managers] + dx, m22 * layout.y[managers] + dy
        mid = np.where(np.isnan(my), cy, (my + m22 * layout.sign * 0.5))
        mid = np.where(
            layout.tier[children] > layout.tier[managers] + 1, cy - m22 * layout.sign * 0.5, mid
        )
        painter.setBrush(Qt.BrushStyle.NoBrush)
        ordinary = QPen(QColor(90, 100, 115, 170 if cards else 60), 1.2 if cards else 0.7)
        served = self.data.link_served
        if served is None:
            painter.setPen(ordinary)
            painter.drawPath(_elbows(cx, cy, mx, my, mid))
            return
        # Served links in the ordinary grey, the unserved ones over them in orange.
        broken = ~served[children]
        if not broken.all():
            keep = ~broken
            painter.setPen(ordinary)
            painter.drawPath(_elbows(cx[keep], cy[keep], mx[keep], my[keep], mid[keep]))
        if broken.any():
            warning = QColor(UNSERVED_LINK)
            warning.setAlpha(255 if cards else 150)
            painter.setPen(QPen(warning, 2.0 if cards else 1.0))
            painter.drawPath(_elbows(cx[broken], cy[broken], mx[broken], my[broken], mid[broken]))


def _elbows(
    cx: npt.NDArray[np.float64],
    cy: npt.NDArray[np.float64],
    mx: npt.NDArray[np.float64],
    my: npt.NDArray[np.float64],
    mid: npt.NDArray[np.float64],
) -> QPainterPath:
    """One path of elbow links: up from the manager, across at ``mid``, up to the report."""
    xs = np.stack([mx, mx, mx, cx, cx, cx], axis=1).ravel()
    ys = np.stack([my, mid, mid, mid, mid, cy], axis=1).ravel()
    return pg.arrayToQPath(xs, ys, connect="pairs")


class PeopleItem(SceneItem):
    """Every person, painted with a per-frame level of detail, and the selected chain."""

    def __init__(self) -> None:
        super().__init__()
        self.selected: int | None = None
        self.chain: npt.NDArray[np.int64] = np.zeros(0, dtype=np.int64)
        self.last_mode = ""  # what the last frame drew, for tests and benchmarks
        self._name_font = QFont()
        self._name_font.setPointSizeF(9)
        self._name_font.setBold(True)
        self._title_font = QFont()
        self._title_font.setPointSizeF(8)
        self._badge_font = QFont()
        self._badge_font.setPointSizeF(8)
        self._badge_font.setBold(True)

    def set_selection(self, index: int | None, chain: list[int]) -> None:
        self.selected = index
        self.chain = np.asarray(chain, dtype=np.int64)
        self.update()

    def paint(self, painter: QPainter, *_args: object) -> None:
        frame = self.frame(painter)
        if frame is None or self.data is None:
            return
        transform, nodes = frame.transform, frame.nodes
        px = transform.m11() * self.data.layout.x[nodes] + transform.dx()
        py = transform.m22() * self.data.layout.y[nodes] + transform.dy()
        if frame.cards:
            self.last_mode = "cards"
            self._paint_cards(painter, nodes, px, py)
            if self.data.lit.shape[0]:
                self._paint_lit_cards(painter, self.data.lit_in_rect(frame.rect), transform)
        else:
            self.last_mode = "dots"
            # Zoomed out, slots are narrow and rows tall: short upright marks read best.
            mark_w = int(np.clip(frame.slot_px * 0.8, 1, 10))
            mark_h = int(np.clip(frame.row_px * 0.22, 2, 10))
            if self.data.badged.shape[0]:
                badged = self.data.badged_in_rect(frame.rect)
                if badged.shape[0]:
                    bx = transform.m11() * self.data.layout.x[badged] + transform.dx()
                    by = transform.m22() * self.data.layout.y[badged] + transform.dy()
                    paint_rings(painter, bx, by, mark_w, mark_h, frame.width, frame.height)
            if self.data.lit.shape[0]:
                self._paint_halos(painter, frame, mark_w, mark_h)
            self._paint_dots(painter, nodes, px, py, mark_w, mark_h, frame.width, frame.height)
            if (
                frame.slot_px >= LABEL_SLOT_PIXELS
                and frame.row_px >= LABEL_ROW_PIXELS
                and nodes.shape[0] <= MAX_CARDS
            ):
                self.last_mode = "labels"
                self._paint_names(painter, nodes, px, py + mark_h, frame.slot_px)
        self._paint_selection(painter, transform, frame.slot_px, frame.row_px, frame.cards)
        # Over the selection's outline, so a selected manager's count stays readable.
        if frame.cards and self.data.counts is not None and self.data.badged.shape[0]:
            paint_card_badges(painter, nodes, px, py, self.data.counts, self._badge_font)
        painter.setTransform(frame.original)

    def _paint_dots(
        self,
        painter: QPainter,
        nodes: npt.NDArray[np.int64],
        px: npt.NDArray[np.float64],
        py: npt.NDArray[np.float64],
        mark_w: int,
        mark_h: int,
        width: int,
        height: int,
        colour: np.uint32 | None = None,
    ) -> None:
        """Rasterise the marks into one image with numpy, then draw it once.

        The image only covers the marks' bounding box, so thin rows of people cost little.
        ``colour`` paints every mark in one colour instead of each person's own.
        """
        if width <= 0 or height <= 0 or nodes.shape[0] == 0:
            return
        assert self.data is not None
        # Adding 0.5 and truncating rounds every mark that can show (those left of the view
        # may land a pixel off, which nobody sees).
        x0 = (px + (0.5 - mark_w / 2)).astype(np.int64)
        y0 = (py + (0.5 - mark_h / 2)).astype(np.int64)
        inside = (x0 > -mark_w) & (x0 < width) & (y0 > -mark_h) & (y0 < height)
        if not inside.any():
            return
        if not inside.all():
            x0, y0, nodes = x0[inside], y0[inside], nodes[inside]
        if colour is None:
            argb = self.data.paint_argb[nodes]
        else:
            argb = np.full(nodes.shape[0], colour, dtype=np.uint32)
        left, top = max(int(x0.min()), 0), max(int(y0.min()), 0)
        right = min(int(x0.max()) + mark_w, width)
        bottom = min(int(y0.max()) + mark_h, height)
        box_w, box_h = right - left, bottom - top
        # Group marks by screen row without sorting: rows are small integers.
        row_counts = np.bincount(y0 - y0.min())
        present = row_counts > 0
        levels = np.flatnonzero(present) + y0.min()
        level_of = (np.cumsum(present) - 1)[y0 - y0.min()]
        if levels.shape[0] <= MAX_STRIPS:
            self._paint_strips(
                painter, levels, level_of, x0 - left, argb, left, box_w, mark_w, mark_h
            )
            return
        image = np.zeros(box_h * box_w, dtype=np.uint32)
        rows = (y0 - top)[:, None] + np.arange(mark_h)[None, :]
        cols = (x0 - left)[:, None] + np.arange(mark_w)[None, :]
        pixels = rows[:, :, None] * box_w + cols[:, None, :]  # every pixel of every mark
        colours = np.broadcast_to(argb[:, None, None], pixels.shape)
        if rows.min() < 0 or rows.max() >= box_h or cols.min() < 0 or cols.max() >= box_w:
            fits = ((rows >= 0) & (rows < box_h))[:, :, None] & ((cols >= 0) & (cols < box_w))[
                :, None, :
            ]
            pixels, colours = pixels[fits], colours[fits]
        image[pixels.ravel()] = colours.ravel()
        # Alpha is 0 or 255 only, so the values are already premultiplied.
        qimage = QImage(
            image.data, box_w, box_h, 4 * box_w, QImage.Format.Format_ARGB32_Premultiplied
        )
        painter.drawImage(left, top, qimage)

    def _paint_halos(self, painter: QPainter, frame: Frame, mark_w: int, mark_h: int) -> None:
        """A solid block a few pixels bigger than each lit mark, under the marks: a halo."""
        assert self.data is not None
        lit = self.data.lit_in_rect(frame.rect)
        if lit.shape[0] == 0:
            return
        layout, transform = self.data.layout, frame.transform
        lx = transform.m11() * layout.x[lit] + transform.dx()
        ly = transform.m22() * layout.y[lit] + transform.dy()
        pad = 2 if mark_w < 6 else 3
        size_w, size_h = mark_w + 2 * pad, mark_h + 2 * pad
        self._paint_dots(painter, lit, lx, ly, size_w, size_h, frame.width, frame.height, LIT_ARGB)

    def _paint_lit_cards(
        self, painter: QPainter, lit: npt.NDArray[np.int64], transform: object
    ) -> None:
        """A thick outline around the card of each lit person."""
        if lit.shape[0] == 0 or self.data is None:
            return
        layout = self.data.layout
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(LIT, 3.0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        m11, m22 = transform.m11(), transform.m22()  # type: ignore[attr-defined]
        dx, dy = transform.dx(), transform.dy()  # type: ignore[attr-defined]
        for x, y in zip(
            (m11 * layout.x[lit] + dx).tolist(), (m22 * layout.y[lit] + dy).tolist(), strict=True
        ):
            painter.drawRoundedRect(
                QRectF(x - CARD_WIDTH / 2 - 4, y - CARD_HEIGHT / 2 - 4, CARD_WIDTH + 8,
                       CARD_HEIGHT + 8),
                8,
                8,
            )  # fmt: skip

    def _paint_names(
        self,
        painter: QPainter,
        nodes: npt.NDArray[np.int64],
        px: npt.NDArray[np.float64],
        py: npt.NDArray[np.float64],
        slot_px: float,
    ) -> None:
        """Between marks and cards: each name under its mark, cut to the room it has."""
        assert self.data is not None
        chart = self.data.chart
        metrics = QFontMetrics(self._title_font)
        painter.setFont(self._title_font)
        painter.setPen(QColor("#2b3640"))
        room = int(slot_px - 4)
        for node, x, y in zip(nodes.tolist(), px.tolist(), py.tolist(), strict=True):
            name = metrics.elidedText(
                chart.names[node] or chart.ids[node], Qt.TextElideMode.ElideRight, room
            )
            box = QRectF(x - room / 2, y, room, metrics.height() + 2)
            painter.drawText(box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, name)

    @staticmethod
    def _paint_strips(
        painter: QPainter,
        levels: npt.NDArray[np.int64],
        level_of: npt.NDArray[np.int64],
        columns: npt.NDArray[np.int64],
        argb: npt.NDArray[np.uint32],
        left: int,
        box_w: int,
        mark_w: int,
        mark_h: int,
    ) -> None:
        """Marks that share a screen row: one pixel row per level, stretched to the mark height.

        Zoomed out, every level is one row of marks, so this paints a few thin images instead
        of one big mostly empty one.
        """
        strip = np.zeros((levels.shape[0], box_w), dtype=np.uint32)
        for dx in range(mark_w):
            cols = columns + dx
            fits = (cols >= 0) & (cols < box_w)
            strip[level_of[fits], cols[fits]] = argb[fits]
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        for index, y in enumerate(levels.tolist()):
            row = np.ascontiguousarray(strip[index])
            image = QImage(row.data, box_w, 1, 4 * box_w, QImage.Format.Format_ARGB32_Premultiplied)
            painter.drawImage(QRectF(left, y, box_w, mark_h), image)

    def _paint_cards(
        self,
        painter: QPainter,
        nodes: npt.NDArray[np.int64],
        px: npt.NDArray[np.float64],
        py: npt.NDArray[np.float64],
    ) -> None:
        assert self.data is not None
        chart = self.data.chart
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        name_metrics = QFontMetrics(self._name_font)
        title_metrics = QFontMetrics(self._title_font)
        hidden = self.data.layout.hidden_below
        for node, x, y in zip(nodes.tolist(), px.tolist(), py.tolist(), strict=True):
            box = QRectF(x - CARD_WIDTH / 2, y - CARD_HEIGHT / 2, CARD_WIDTH, CARD_HEIGHT)
            r, g, b = (int(c) for c in self.data.rgb[node])
            accent = QColor(r, g, b)
            painter.setPen(QPen(accent.darker(130), 1))
            painter.setBrush(QBrush(QColor(255, 255, 255)))
            painter.drawRoundedRect(box, 6, 6)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(accent)
            painter.drawRoundedRect(QRectF(box.left(), box.top(), 6, CARD_HEIGHT), 3, 3)
            painter.setPen(QColor("#1d2733"))
            painter.setFont(self._name_font)
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
            title = chart.titles[node]
            if hidden[node]:
                title = f"▸ {hidden[node]:,} hidden · {title}"
            title_box = box.adjusted(12, CARD_HEIGHT / 2, -6, -4)
            title = title_metrics.elidedText(
                title, Qt.TextElideMode.ElideRight, int(title_box.width())
            )
            painter.drawText(
                title_box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title
            )

    def _paint_selection(
        self, painter: QPainter, transform: object, slot_px: float, row_px: float, cards: bool
    ) -> None:
        """The selected person and the chain of managers who serve them, down to the root."""
        if self.selected is None or self.data is None:
            return
        layout = self.data.layout
        chain = self.chain[layout.visible[self.chain]]
        if chain.shape[0] == 0:
            return
        m11, m22 = transform.m11(), transform.m22()  # type: ignore[attr-defined]
        dx, dy = transform.dx(), transform.dy()  # type: ignore[attr-defined]
        xs = m11 * layout.x[chain] + dx
        ys = m22 * layout.y[chain] + dy
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(HIGHLIGHT, 2.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        # The same elbows as the links: up from the manager, across, up to the report.
        points = [QPointF(xs[0], ys[0])]
        steps = itertools.pairwise(zip(xs, ys, strict=True))
        for (x_report, _y_report), (x_manager, y_manager) in steps:
            middle = y_manager + m22 * layout.sign * 0.5
            points += [
                QPointF(x_report, middle),
                QPointF(x_manager, middle),
                QPointF(x_manager, y_manager),
            ]
        painter.drawPolyline(QPolygonF(points))
        x, y = xs[0], ys[0]
        if cards:
            painter.drawRoundedRect(
                QRectF(
                    x - CARD_WIDTH / 2 - 3, y - CARD_HEIGHT / 2 - 3, CARD_WIDTH + 6, CARD_HEIGHT + 6
                ),
                8,
                8,
            )
        else:
            radius = max(6.0, min(slot_px, row_px) * 0.6)
            painter.drawEllipse(QPointF(x, y), radius, radius)
