"""People's names on the pyramid, written where :mod:`forms` placed them.

A name is written across under its mark (on the first or the second line), beside its mark, or
upright, cut to the room its placement has, but never to less than its first name: "Giulia R…"
or "Giulia", never "Gi…". The names of the people near the view are measured once (whole and
first name) and kept, so choosing who is named costs a few array lookups a frame. Each paint
records what it wrote (:attr:`NamePainter.drawn`), which hit testing and tests read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QTransform

from pyramid_app.model.org import OrgChart
from pyramid_app.ui.pyramid.forms import SIDE_GAP, Forms
from pyramid_app.ui.pyramid.marks import named_mark_size, paint_dashed_marks
from pyramid_app.ui.pyramid.scene import FloatArray, Frame, IntArray, SceneData
from pyramid_app.ui.pyramid.sizes import LABEL_POINTS, NORMAL, TextSizes

NAME_INK = QColor("#2b3640")
NAME_BACKING = QColor(255, 255, 255, 210)  # under a name, so a link crossing it does not
CUT_KEPT = 50_000  # names cut to fit, remembered between frames
PLACEHOLDER_TITLE = "not in the file"
ELLIPSIS = "\u2026"
# Where a name goes: its backing, the box its text is written in, and the text's alignment,
# from the person's place, the room the name has (and how much of it lies left of the place),
# the width of the text and its line's height.
Placed = tuple[QRectF, QRectF, Qt.AlignmentFlag]
Placement = Callable[[float, float, float, float, float, int], Placed]
TURNED = QTransform().rotate(90)  # upright names: a quarter turn clockwise


class DrawnLabel(NamedTuple):
    """One name the last paint wrote."""

    node: int
    text: str
    box: QRectF  # its white backing on the view widget, in pixels
    upright: bool
    font: QFont


def name_of(chart: OrgChart, node: int) -> str:
    """What a person is called on the pyramid: their name, or their id when it is empty."""
    return chart.names[node] or chart.ids[node]


def first_name(name: str) -> str:
    """The first word of a name: the least of it ever written."""
    words = name.split()
    return words[0] if words else name


def fit_name(name: str, room: float, metrics: QFontMetrics) -> str:
    """``name`` whole where it fits in ``room`` pixels, else cut with an ellipsis but never to
    less than its first name; "" where even the first name does not fit."""
    if metrics.horizontalAdvance(name) <= room:
        return name
    first = first_name(name)
    cut = metrics.elidedText(name, Qt.TextElideMode.ElideRight, int(room))
    if cut.endswith(ELLIPSIS):
        cut = cut[:-1].rstrip() + ELLIPSIS  # "Ana…", not "Ana …"
    if cut.startswith(first):
        return cut
    return first if metrics.horizontalAdvance(first) <= room else ""


class NameMeasure:
    """Pixels of each person's whole name and first name in the fonts names are written in
    (placeholders' in italics): measured when first asked for, kept until the chart or the
    text size changes. Zoomed out only the few with room are ever measured."""

    def __init__(self) -> None:
        self.chart: OrgChart | None = None
        self.fonts = (QFont(), QFont())
        self._full: FloatArray | None = None
        self._first: FloatArray | None = None

    def reset(self, chart: OrgChart | None, font: QFont, placeholder_font: QFont) -> None:
        self.chart = chart
        self.fonts = (font, placeholder_font)
        self._full = self._first = None

    def __call__(self, nodes: IntArray) -> tuple[FloatArray, FloatArray]:
        chart = self.chart
        if chart is None:
            raise RuntimeError("no chart to measure names in")
        if self._full is None or self._first is None:
            self._full = np.full(len(chart), np.nan)
            self._first = np.full(len(chart), np.nan)
        full, first = self._full, self._first
        missing = nodes[np.isnan(full[nodes])]
        if missing.shape[0]:
            plain, italic = (QFontMetrics(font) for font in self.fonts)
            placeholders = chart.placeholders
            for node in missing.tolist():
                metrics = italic if placeholders[node] else plain
                name = name_of(chart, node)
                full[node] = metrics.horizontalAdvance(name)
                first[node] = metrics.horizontalAdvance(first_name(name))
        return full[nodes], first[nodes]


class NamePainter:
    """Writes the names of a frame's forms, each on a white backing, and remembers them."""

    def __init__(self) -> None:
        self.data: SceneData | None = None
        self.font = QFont()
        self.placeholder_font = QFont()
        self.measure = NameMeasure()
        self.drawn: list[DrawnLabel] = []
        self._cut: dict[tuple[int, int, int], str] = {}
        self.set_sizes(NORMAL)

    def set_data(self, data: SceneData | None) -> None:
        self.data = data
        self._reset()

    def set_sizes(self, sizes: TextSizes) -> None:
        """Write names in the label font of ``sizes``; their widths are measured anew."""
        self.font = sizes.label_font
        self.placeholder_font = sizes.font(LABEL_POINTS, italic=True)
        self._reset()

    def _reset(self) -> None:
        self.measure.reset(
            self.data.chart if self.data is not None else None, self.font, self.placeholder_font
        )
        self._cut.clear()
        self.drawn = []

    def line_height(self) -> int:
        return QFontMetrics(self.font).height()

    def paint(
        self, painter: QPainter, frame: Frame, forms: Forms, mark_w: int, mark_h: int
    ) -> None:
        """Every name of ``forms``: across, upright, beside the marks."""
        self.drawn = []
        if self.data is None:
            return
        named_w, named_h = named_mark_size(mark_w, mark_h)
        self._paint_across(painter, frame, forms, named_w, named_h)
        self._paint_upright(painter, frame, forms, named_w, named_h)
        self._paint_side(painter, frame, forms, named_w, named_h)

    def _cut_name(self, node: int, room: float, metrics: QFontMetrics, italic: int = 0) -> str:
        key = (node, int(room), italic)
        text = self._cut.get(key)
        if text is None:
            assert self.data is not None
            text = fit_name(name_of(self.data.chart, node), room, metrics)
            if len(self._cut) > CUT_KEPT:
                self._cut.clear()
            self._cut[key] = text
        return text

    def side_text(self, node: int, room: float, metrics: QFontMetrics, _italic: int = 0) -> str:
        """ "Name · Title" when both fit in ``room`` pixels, else the name, cut to fit."""
        assert self.data is not None
        chart = self.data.chart
        name = name_of(chart, node)
        title = PLACEHOLDER_TITLE if chart.placeholders[node] else chart.titles[node]
        both = f"{name} · {title}" if title else name
        if metrics.horizontalAdvance(both) <= room:
            return both
        return fit_name(name, room, metrics)

    def _paint_named_marks(
        self,
        painter: QPainter,
        nodes: IntArray,
        px: FloatArray,
        py: FloatArray,
        size: tuple[int, int],
    ) -> None:
        """A person with a name gets a mark big enough to see beside it."""
        assert self.data is not None
        width, height = size
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setPen(Qt.PenStyle.NoPen)
        rgb = self.data.rgb
        solid = ~self.data.chart.placeholders[nodes]
        for node, x, y in zip(
            nodes[solid].tolist(), px[solid].tolist(), py[solid].tolist(), strict=True
        ):
            r, g, b = (int(c) for c in rgb[node])
            painter.fillRect(
                QRectF(round(x - width / 2), round(y - height / 2), width, height), QColor(r, g, b)
            )
        if not solid.all():
            paint_dashed_marks(painter, px[~solid], py[~solid], width, height)

    def _write(
        self,
        painter: QPainter,
        nodes: IntArray,
        xs: FloatArray,
        ys: FloatArray,
        rooms: tuple[FloatArray, FloatArray],
        place: Placement,
        text: Callable[[int, float, QFontMetrics, int], str] | None = None,
        upright: bool = False,
    ) -> None:
        """Each person's name (or ``text``), cut to its room, on a white backing where ``place``
        puts it; placeholders' (managers not in the file) in italics. Grouped by font, so the
        font changes once a frame, not once a name."""
        assert self.data is not None
        label_of = text or self._cut_name
        # Whole-pixel backings: antialiased, each would cost ten times as much.
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        dashed = self.data.chart.placeholders[nodes]
        for font, group in ((self.font, ~dashed), (self.placeholder_font, dashed)):
            if not group.any():
                continue
            metrics = QFontMetrics(font)
            line_h = metrics.height()
            painter.setFont(font)
            italic = int(font.italic())
            for node, x, y, room, left in zip(
                nodes[group].tolist(), xs[group].tolist(), ys[group].tolist(),
                rooms[0][group].tolist(), rooms[1][group].tolist(), strict=True,
            ):  # fmt: skip
                label = label_of(node, room, metrics, italic)
                if not label:
                    continue
                backing, box, alignment = place(
                    x, y, room, left, metrics.horizontalAdvance(label), line_h
                )
                painter.fillRect(backing, NAME_BACKING)
                painter.setPen(NAME_INK)
                painter.drawText(box, alignment, label)
                shown = TURNED.mapRect(backing) if upright else backing
                self.drawn.append(DrawnLabel(node, label, shown, upright, font))

    def _paint_across(
        self, painter: QPainter, frame: Frame, forms: Forms, named_w: int, named_h: int
    ) -> None:
        """Each name under its mark, on its line, cut to the room it has on its row."""
        nodes = forms.names
        if nodes.shape[0] == 0:
            return
        px, py = frame.pixels(nodes)
        self._paint_named_marks(painter, nodes, px, py, (named_w, named_h))
        line_h = self.line_height()
        tops = py + named_h / 2 + 1 + forms.names_line * line_h

        def under(
            x: float, y: float, room: float, left: float, advance: float, line_h: int
        ) -> Placed:
            # Centred under the mark where the room allows, else as near it as the room goes.
            middle = min(max(x, x - left + advance / 2), x - left + room - advance / 2)
            return (
                QRectF(middle - advance / 2 - 2, y, advance + 4, line_h),
                QRectF(middle - advance / 2 - 1, y, advance + 2, line_h),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
            )

        rooms = (forms.names_room, forms.names_left)
        self._write(painter, nodes, px, tops, rooms, under)

    def _paint_upright(
        self, painter: QPainter, frame: Frame, forms: Forms, named_w: int, named_h: int
    ) -> None:
        """Names written upright, hanging from the mark: narrow columns with tall rows, where
        no name across fits."""
        nodes = forms.upright
        if nodes.shape[0] == 0:
            return
        px, py = frame.pixels(nodes)
        self._paint_named_marks(painter, nodes, px, py, (named_w, named_h))

        # Turned a quarter clockwise: a point (x, y) on screen is (y, -x) in the painter's terms.
        def hanging(
            x: float, top: float, length: float, _left: float, advance: float, line_h: int
        ) -> Placed:
            return (
                QRectF(top - 1, -x - line_h / 2, advance + 2, line_h),
                QRectF(top, -x - line_h / 2, length, line_h),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            )

        painter.save()
        painter.setTransform(TURNED * painter.transform())
        tops = py + named_h / 2 + 2
        rooms = (forms.upright_room, np.zeros(nodes.shape[0]))
        self._write(painter, nodes, px, tops, rooms, hanging, upright=True)
        painter.restore()

    def _paint_side(
        self, painter: QPainter, frame: Frame, forms: Forms, named_w: int, named_h: int
    ) -> None:
        """Each name beside its mark on one line, with the title after it when there is room."""
        nodes = forms.side
        if nodes.shape[0] == 0:
            return
        px, py = frame.pixels(nodes)
        self._paint_named_marks(painter, nodes, px, py, (named_w, named_h))
        lefts = px + named_w / 2 + SIDE_GAP

        def beside(
            left: float, y: float, room: float, _left: float, advance: float, line_h: int
        ) -> Placed:
            return (
                QRectF(left - 1, y - line_h / 2, advance + 3, line_h),
                QRectF(left, y - line_h / 2, room, line_h),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            )

        rooms = (forms.side_room, np.zeros(nodes.shape[0]))
        self._write(painter, nodes, lefts, py, rooms, beside, self.side_text)
