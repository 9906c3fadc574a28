"""What the shaded tiers and the ruler of tier names cost in a frame.

    python bench/band_paint_bench.py

For a 200,000-level chain (tiers thinner than a pixel, summed per pixel row) and a random
1,048,575-person organisation, at fit and zoomed in: the best of ten paints of the bands item
and of the ruler alone, against the whole frame (every item) painted in the same script, as a
share of it. Goal: the bands and the ruler together a small part of a frame, at every size.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QImage, QPainter  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from trees import random_parents  # noqa: E402

from pyramid_app.model.layout import layout_inverted  # noqa: E402
from pyramid_app.model.org import OrgChart  # noqa: E402
from pyramid_app.ui.pyramid.view import PyramidView  # noqa: E402

REPEATS = 10


def best_render(view: PyramidView, image: QImage) -> float:
    best = float("inf")
    for _ in range(REPEATS):
        painter = QPainter(image)
        started = time.perf_counter()
        view.render(painter)
        best = min(best, time.perf_counter() - started)
        painter.end()
    return best * 1000


def measure(view: PyramidView, what: str) -> None:
    image = QImage(view.size(), QImage.Format.Format_ARGB32)
    items = [view.bands, view.people, view.labels, view.ruler]
    frame = best_render(view, image)
    alone = {}
    for name, item in (("bands", view.bands), ("ruler", view.ruler)):
        for other in items:
            other.setVisible(other is item)
        alone[name] = best_render(view, image)
    for other in items:
        other.setVisible(False)
    empty = best_render(view, image)
    for other in items:
        other.setVisible(True)
    bands, ruler = alone["bands"] - empty, alone["ruler"] - empty
    print(
        f"{what:24} frame {frame:7.2f} ms   bands {bands:6.2f} ms   ruler {ruler:6.2f} ms   "
        f"ratio (bands + ruler) / frame {(bands + ruler) / frame:.2f}"
    )


def main() -> None:
    app = QApplication.instance() or QApplication([])
    charts = {
        "chain 200,000 levels": OrgChart.from_parents(
            [str(i) for i in range(200_000)], np.arange(-1, 199_999)
        ),
        "random 1,048,575": OrgChart.from_parents(
            [str(i) for i in range(1_048_575)], random_parents(1_048_575)
        ),
    }
    for name, chart in charts.items():
        layout = layout_inverted(chart)
        view = PyramidView()
        view.resize(1200, 800)
        view.show()
        view.show_layout(chart, layout, np.full((len(chart), 3), 100, dtype=np.uint8))
        app.processEvents()
        measure(view, f"{name}, fit")
        x0, _x1, y0, y1 = layout.bounds()
        middle = y0 + (y1 - y0) / 2
        view.view_box.setRange(
            xRange=(x0 / 100, x0 / 100 + 30), yRange=(middle, middle + 5), padding=0
        )
        app.processEvents()
        measure(view, f"{name}, zoomed")


if __name__ == "__main__":
    main()
