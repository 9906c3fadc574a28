"""Manager-to-report links as elbow connectors, drawn in bulk for any number of them.

Each elbow is three straight lines, computed for all links at once with numpy. Into pixels
(the screen, the kept picture, a PNG) they go as one array QPainter reads as it is
(``drawLines`` of a QLineF array), less the elbows wholly outside the frame: 60,000 links cost
little more than their drawing. Building a QPainterPath of them cost three times that, for the same
pixels (a one-pixel pen strokes each line of a path on its own). Into SVG and PDF, which keep
what they are given, they still go as one path a style, as compact as before.
"""

from __future__ import annotations

from typing import cast

import numpy as np
import numpy.typing as npt
import pyqtgraph as pg
import shiboken6
from PySide6.QtCore import QLineF, Qt
from PySide6.QtGui import QColor, QPaintEngine, QPainter, QPainterPath, QPen, QTransform

from pyramid_app.model.layout import PyramidLayout
from pyramid_app.ui.pyramid.scene import UNSERVED_LINK, SceneData
from pyramid_app.ui.pyramid.sizes import NAME_ROOM_PIXELS

FloatArray = npt.NDArray[np.float64]
REACH = 2.0  # pixels a link's pen reaches beyond its line, at most


def paint_links(
    painter: QPainter,
    data: SceneData,
    transform: QTransform,
    reports: npt.NDArray[np.int64],
    slot_px: float,
    window: tuple[float, float] | None = None,
) -> None:
    """Elbow links from each report's manager up to the report, one batch per style, in the
    pixels of ``transform``; with ``window`` (width, height), the frame's pixels, lines wholly
    outside it are not drawn.

    Where the reports have room for their names, the links are firm; in crowded rows they are
    faint, so the marks stay in front. Links coloured by coverage draw the unserved ones in
    orange over the served ones.
    """
    if reports.shape[0] == 0:
        return
    painter.setBrush(Qt.BrushStyle.NoBrush)
    engine = painter.paintEngine()
    raster = engine is not None and engine.type() == QPaintEngine.Type.Raster
    firm = data.room[reports] * slot_px >= NAME_ROOM_PIXELS
    served = data.link_served

    def draw(group: npt.NDArray[np.int64]) -> None:
        if raster:
            draw_lines(painter, elbows(data.layout, data.chart.parent, transform, group, window))
        else:
            painter.drawPath(elbow_path(data.layout, data.chart.parent, transform, group))

    for strong in (False, True):
        group = reports[firm == strong]
        if group.shape[0] == 0:
            continue
        # Whole-pixel pens: a fractional width is stroked as a shape, several times slower.
        grey = QPen(QColor(90, 100, 115, 170 if strong else 60), 1)
        if served is None:
            painter.setPen(grey)
            draw(group)
            continue
        broken = ~served[group]
        if not broken.all():
            painter.setPen(grey)
            draw(group[~broken])
        if broken.any():
            warning = QColor(UNSERVED_LINK)
            warning.setAlpha(255 if strong else 150)
            painter.setPen(QPen(warning, 2 if strong else 1))
            draw(group[broken])


def _ends(
    layout: PyramidLayout,
    parent: npt.NDArray[np.int64],
    transform: QTransform,
    reports: npt.NDArray[np.int64],
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray]:
    """In pixels: each report's x and y, its manager's, and the y the elbow runs across at
    (half a row beyond the manager, or half a row short of a report tiers above them)."""
    managers = parent[reports]
    m11, m22, dx, dy = transform.m11(), transform.m22(), transform.dx(), transform.dy()
    cx, cy = m11 * layout.x[reports] + dx, m22 * layout.y[reports] + dy
    mx, my = m11 * layout.x[managers] + dx, m22 * layout.y[managers] + dy
    half = m22 * layout.sign * 0.5
    mid = np.where(layout.tier[reports] > layout.tier[managers] + 1, cy - half, my + half)
    return cx, cy, mx, my, mid


def elbows(
    layout: PyramidLayout,
    parent: npt.NDArray[np.int64],
    transform: QTransform,
    reports: npt.NDArray[np.int64],
    window: tuple[float, float] | None = None,
) -> FloatArray:
    """Three lines a report, (x1, y1, x2, y2) in pixels a row: up from the manager, across,
    up to the report; none that goes nowhere, and with ``window`` (width, height) none of an
    elbow wholly outside those pixels (Qt would clip them away one by one, at a cost a line).

    All the lines of one call share a pen, so their order does not change the pixels: the
    upward ones come first, then those across.
    """
    cx, cy, mx, my, mid = _ends(layout, parent, transform, reports)
    if window is not None:
        width, height = window
        low_y = np.minimum(np.minimum(my, cy), mid)
        high_y = np.maximum(np.maximum(my, cy), mid)
        reach = (
            (np.maximum(mx, cx) >= -REACH)
            & (np.minimum(mx, cx) <= width + REACH)
            & (high_y >= -REACH)
            & (low_y <= height + REACH)
        )
        if not reach.all():
            cx, cy, mx, my, mid = cx[reach], cy[reach], mx[reach], my[reach], mid[reach]
    # A path skips a line that goes nowhere (across, for a report straight above its
    # manager); a line array would draw it as a dot, once more over the line through it.
    across = mx != cx
    count = cx.shape[0]
    lines = np.empty((2 * count + int(np.count_nonzero(across)), 4), dtype=np.float64)
    up, rest = lines[:count], lines[count : 2 * count]
    up[:, 0], up[:, 1], up[:, 2], up[:, 3] = mx, my, mx, mid
    rest[:, 0], rest[:, 1], rest[:, 2], rest[:, 3] = cx, mid, cx, cy
    side = lines[2 * count :]
    side[:, 0], side[:, 2] = mx[across], cx[across]
    side[:, 1] = side[:, 3] = mid[across]
    upward = lines[: 2 * count]
    still = upward[:, 1] == upward[:, 3]
    return np.delete(lines, np.flatnonzero(still), axis=0) if still.any() else lines


def elbow_path(
    layout: PyramidLayout,
    parent: npt.NDArray[np.int64],
    transform: QTransform,
    reports: npt.NDArray[np.int64],
) -> QPainterPath:
    """The same elbows as one path (for SVG and PDF: one element, not a line each)."""
    cx, cy, mx, my, mid = _ends(layout, parent, transform, reports)
    xs = np.stack([mx, mx, mx, cx, cx, cx], axis=1).ravel()
    ys = np.stack([my, mid, mid, mid, mid, cy], axis=1).ravel()
    path: QPainterPath = pg.arrayToQPath(xs, ys, connect="pairs")
    return path


def draw_lines(painter: QPainter, lines: FloatArray) -> None:
    """Draw (x1, y1, x2, y2) rows as lines, QPainter reading the array in place.

    A QLineF is four doubles, so a C-contiguous float64 array of rows is a QLineF array; the
    binding takes a pointer to its first and a count (a list of QLineF objects would cost a
    Python object a line).
    """
    if lines.shape[0] == 0:
        return
    lines = np.ascontiguousarray(lines, dtype=np.float64)
    first = cast(QLineF, shiboken6.wrapInstance(lines.ctypes.data, QLineF))
    painter.drawLines(first, lines.shape[0])
    del first  # a view of ``lines``: gone before the array may be
