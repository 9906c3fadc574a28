"""Zoom about the pointer: the point under the mouse stays where it is, on both axes.

pyqtgraph's ViewBox scales the range about the pointer and then applies the view's limits. When
one axis reaches its smallest range (the vertical one does first: a pyramid is far wider than
it is tall) the range is widened again about its own middle, not about the pointer, so the
picture slides up or down by up to a tenth of the window at each wheel step near the top or
the bottom. Here each axis stops at its limit where the pointer is instead, and the zoom the
user asked for is remembered per axis, so zooming back out retraces the same views: the axis
that stopped early waits until the other has come back to where they parted.
"""

from __future__ import annotations

import math
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QPointF


class PointerZoomViewBox(pg.ViewBox):
    """A ViewBox whose wheel and right-drag zoom keep the point under the pointer fixed.

    Only where the range has to stop at the edge of the drawing (zooming out past the whole
    pyramid) does the view move, as the limits given with ``setLimits`` require.
    """

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        # Spans asked for by the zoom in progress, before the limits: [x, y].
        self._wanted: list[float] | None = None
        # The range the last zoom step set; any other change of range ends the zoom in progress.
        self._zoomed_range: list[list[float]] | None = None

    def scaleBy(
        self,
        s: Any = None,
        center: Any = None,
        x: float | None = None,
        y: float | None = None,
    ) -> None:
        if s is not None:
            x, y = float(s[0]), float(s[1])
        if (x is None and y is None) or self.state["aspectLocked"] is not False:
            super().scaleBy(s, center, x, y)
            return
        current = [list(map(float, axis_range)) for axis_range in self.viewRange()]
        if self._wanted is None or self._zoomed_range != current:
            self._wanted = [hi - lo for lo, hi in current]
        anchor = QPointF(center) if center is not None else self.viewRect().center()
        ranges: list[tuple[float, float] | None] = []
        for axis, factor in enumerate((x, y)):
            lo, hi = current[axis]
            if factor is None or not math.isfinite(factor) or factor <= 0 or hi <= lo:
                ranges.append(None)
                continue
            self._wanted[axis] *= factor
            span = self._allowed_span(axis, self._wanted[axis])
            ratio = span / (hi - lo)
            middle = anchor.x() if axis == 0 else anchor.y()
            ranges.append((middle + (lo - middle) * ratio, middle + (hi - middle) * ratio))
        if ranges[0] is None and ranges[1] is None:
            return
        self.setRange(xRange=ranges[0], yRange=ranges[1], padding=0)
        self._zoomed_range = [list(map(float, axis_range)) for axis_range in self.viewRange()]

    def show_exactly(self, x_range: tuple[float, float], y_range: tuple[float, float]) -> None:
        """Show this range as it is, widening the limits just enough to hold it.

        A collapse shrinks the drawing, and the view that keeps the manager where they were can
        reach past its new edge; the limits of the next layout (``setLimits``) replace these.
        """
        limits = self.state["limits"]
        widened: dict[str, float | None] = {}
        for (low_key, high_key), name, (low, high) in (
            (("xMin", "xMax"), "xLimits", x_range),
            (("yMin", "yMax"), "yLimits", y_range),
        ):
            old_low, old_high = limits[name]
            widened[low_key] = None if old_low is None else min(float(old_low), low)
            widened[high_key] = None if old_high is None else max(float(old_high), high)
        self.setLimits(**widened)
        self.setRange(xRange=x_range, yRange=y_range, padding=0)

    def _allowed_span(self, axis: int, wanted: float) -> float:
        """``wanted`` kept between the smallest and largest range the limits allow on ``axis``."""
        limits = self.state["limits"]
        key = "xRange" if axis == 0 else "yRange"
        smallest, largest = limits[key]
        low, high = limits["xLimits" if axis == 0 else "yLimits"]
        if low is not None and high is not None:
            whole = float(high) - float(low)
            largest = whole if largest is None else min(float(largest), whole)
        span = wanted
        if largest is not None:
            span = min(span, float(largest))
        if smallest is not None:
            span = max(span, float(smallest))
        return span
