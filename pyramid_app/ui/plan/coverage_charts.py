"""Bars per level: the share of managers at each level with an active commitment."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from pyqtgraph.GraphicsScene import GraphicsScene
from PySide6.QtCore import QPointF
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import QToolTip, QVBoxLayout, QWidget

from pyramid_app.model.coverage import LevelRow
from pyramid_app.ui.pyramid.scene import BADGE

BAR_WIDTH = 0.7
MAX_LABELLED = 12  # more levels than this: counts only in the tooltips, or the labels collide
# The badge colour: on the pyramid it marks the managers with a commitment, as the bars count.
FILLED = (BADGE.red(), BADGE.green(), BADGE.blue())
EMPTY = (228, 232, 237)


def level_name(level: int) -> str:
    return "chief executive" if level == 0 else f"level {level}"


class LevelBars(QWidget):
    """One bar per level with managers, its height the share of them with a commitment.

    A pale bar behind each one marks 100%, so an empty level still shows it has managers; the
    counts sit on top of the bars (and in a tooltip on each bar). The chart itself is made when
    it is first shown or read: the dashboard is hidden when the window starts, and making a
    plot would cost that start about 10 ms.
    """

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[LevelRow] = []
        self._chart: _BarsChart | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.setMinimumSize(220, 150)

    @property
    def made(self) -> bool:
        """Whether the chart has been made."""
        return self._chart is not None

    def chart(self) -> _BarsChart:
        """The chart, made now if it was not, showing the levels given last."""
        if self._chart is None:
            self._chart = _BarsChart(self.tooltip_of)
            self._layout.addWidget(self._chart)
            self._chart.show_levels(self.rows)
        return self._chart

    def showEvent(self, event: QShowEvent) -> None:
        self.chart()
        super().showEvent(event)

    def show_levels(self, rows: list[LevelRow]) -> None:
        self.rows = rows
        if self._chart is not None:
            self._chart.show_levels(rows)

    def heights(self) -> list[float]:
        """The bars' heights (shares), level by level: what the chart shows."""
        return self.chart().heights()

    def tooltip_of(self, level: int) -> str:
        for row in self.rows:
            if row.level == level:
                return (
                    f"{level_name(level).capitalize()}: {row.with_active:,} of {row.managers:,} "
                    f"managers have an active commitment ({row.share:.0%})"
                )
        return ""


class _BarsChart(pg.PlotWidget):
    """The plot of :class:`LevelBars`; ``tooltip_of`` says what a level's bar holds."""

    def __init__(self, tooltip_of: Callable[[int], str]) -> None:
        super().__init__(background="w")
        self.tooltip_of = tooltip_of
        plot = self.getPlotItem()
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.setMouseEnabled(x=False, y=False)
        plot.showGrid(y=True, alpha=0.15)
        left = plot.getAxis("left")
        left.setTicks([[(0.0, "0%"), (0.5, "50%"), (1.0, "100%")]])
        left.setWidth(40)
        small = QFont()
        small.setPointSizeF(8)
        for axis in ("left", "bottom"):
            plot.getAxis(axis).setStyle(tickFont=small)
            plot.getAxis(axis).setTextPen("#3b4652")
        self.whole = pg.BarGraphItem(
            x=[], height=[], width=BAR_WIDTH, brush=pg.mkBrush(EMPTY), pen=pg.mkPen(None)
        )
        self.bars = pg.BarGraphItem(
            x=[], height=[], width=BAR_WIDTH, brush=pg.mkBrush(FILLED), pen=pg.mkPen(None)
        )
        plot.addItem(self.whole)
        plot.addItem(self.bars)
        self.labels: list[pg.TextItem] = []
        self._font = small
        scene = self.scene()
        assert isinstance(scene, GraphicsScene)  # pyqtgraph's, which says where the mouse is
        scene.sigMouseMoved.connect(self._hover)

    def show_levels(self, rows: list[LevelRow]) -> None:
        x = np.array([row.level for row in rows], dtype=float)
        shares = np.array([row.share for row in rows], dtype=float)
        self.whole.setOpts(x=x, height=np.ones_like(x), width=BAR_WIDTH)
        self.bars.setOpts(x=x, height=shares, width=BAR_WIDTH)
        plot = self.getPlotItem()
        for label in self.labels:
            plot.removeItem(label)
        self.labels = []
        if len(rows) <= MAX_LABELLED:
            for row in rows:
                label = pg.TextItem(
                    f"{row.with_active:,}/{row.managers:,}", color="#1d2733", anchor=(0.5, 1.0)
                )
                label.setFont(self._font)
                label.setPos(row.level, 1.0)
                plot.addItem(label)
                self.labels.append(label)
        names = [(row.level, "CEO" if row.level == 0 else f"L{row.level}") for row in rows]
        plot.getAxis("bottom").setTicks([names])
        if rows:
            plot.setXRange(rows[0].level - 0.6, rows[-1].level + 0.6, padding=0)
        plot.setYRange(0, 1.18, padding=0)

    def heights(self) -> list[float]:
        height = self.bars.opts["height"]
        return [] if height is None else [float(h) for h in height]

    def _hover(self, scene_pos: QPointF) -> None:
        plot = self.getPlotItem()
        if not plot.sceneBoundingRect().contains(scene_pos):
            return
        point = plot.vb.mapSceneToView(scene_pos)
        level = round(point.x())
        inside = abs(point.x() - level) <= BAR_WIDTH / 2 and 0 <= point.y() <= 1.0
        text = self.tooltip_of(level) if inside else ""
        if text:
            QToolTip.showText(self.mapToGlobal(self.mapFromScene(scene_pos)), text, self)
        else:
            QToolTip.hideText()
