"""Manager-to-report links as elbow connectors, a few paths for any number of them."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QTransform

from pyramid_app.model.layout import PyramidLayout
from pyramid_app.ui.pyramid.scene import UNSERVED_LINK, SceneData
from pyramid_app.ui.pyramid.sizes import NAME_ROOM_PIXELS

FloatArray = npt.NDArray[np.float64]


def paint_links(
    painter: QPainter,
    data: SceneData,
    transform: QTransform,
    reports: npt.NDArray[np.int64],
    slot_px: float,
) -> None:
    """Elbow links from each report's manager up to the report, as one path per style.

    Where the reports have room for their names, the links are firm; in crowded rows they are
    faint, so the marks stay in front. Links coloured by coverage draw the unserved ones in
    orange over the served ones.
    """
    if reports.shape[0] == 0:
        return
    painter.setBrush(Qt.BrushStyle.NoBrush)
    firm = data.room[reports] * slot_px >= NAME_ROOM_PIXELS
    served = data.link_served
    for strong in (False, True):
        group = reports[firm == strong]
        if group.shape[0] == 0:
            continue
        # Whole-pixel pens: a fractional width is stroked as a shape, several times slower.
        grey = QPen(QColor(90, 100, 115, 170 if strong else 60), 1)
        if served is None:
            painter.setPen(grey)
            painter.drawPath(elbows(data.layout, data.chart.parent, transform, group))
            continue
        broken = ~served[group]
        if not broken.all():
            painter.setPen(grey)
            painter.drawPath(elbows(data.layout, data.chart.parent, transform, group[~broken]))
        if broken.any():
            warning = QColor(UNSERVED_LINK)
            warning.setAlpha(255 if strong else 150)
            painter.setPen(QPen(warning, 2 if strong else 1))
            painter.drawPath(elbows(data.layout, data.chart.parent, transform, group[broken]))


def elbows(
    layout: PyramidLayout,
    parent: npt.NDArray[np.int64],
    transform: QTransform,
    reports: npt.NDArray[np.int64],
) -> QPainterPath:
    """One path: up from the manager, across half a row beyond it, up to the report (across
    half a row short of the report when the report sits tiers above its manager)."""
    managers = parent[reports]
    m11, m22, dx, dy = transform.m11(), transform.m22(), transform.dx(), transform.dy()
    cx, cy = m11 * layout.x[reports] + dx, m22 * layout.y[reports] + dy
    mx, my = m11 * layout.x[managers] + dx, m22 * layout.y[managers] + dy
    half = m22 * layout.sign * 0.5
    mid = np.where(layout.tier[reports] > layout.tier[managers] + 1, cy - half, my + half)
    xs = np.stack([mx, mx, mx, cx, cx, cx], axis=1).ravel()
    ys = np.stack([my, mid, mid, mid, mid, cy], axis=1).ravel()
    path: QPainterPath = pg.arrayToQPath(xs, ys, connect="pairs")
    return path
