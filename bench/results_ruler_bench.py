"""The tiers' standings in the ruler at a million people: what they add to a frame, and to a
recolouring.

    python bench/results_ruler_bench.py               # 1,048,575 people, 5 runs
    python bench/results_ruler_bench.py --people 100000 --runs 7

The hotel group of results_colour_bench.py (20 hotels, guest satisfaction met, close, missed or
without a result), in a 1400x860 pyramid view at fit and zoomed in.

- Ruler: one paint of the ruler alone (best of 10, the empty view's paint taken off), without
  standings (the baseline: coloured by anything else) then with them, alternately, ``--runs``
  times: the ratio of each run, and what the standings add as a share of the whole frame
  (every item painted). Goal: at most 5% of a frame; the counts are found before, never in a
  paint.
- Counting: ``standing_rows`` and ``count_standings`` (one bincount a tier), done when the
  colours or the layout change, against ``results_colouring`` itself (the baseline). Goal: a
  small share of it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from results_colour_bench import SIZE, best_time, hotel_project, spread  # noqa: E402

REPEATS = 10


def best_paint(view, image) -> float:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QPainter

    fastest = float("inf")
    for _ in range(REPEATS):
        painter = QPainter(image)
        started = time.perf_counter()
        view.render(painter)
        fastest = min(fastest, time.perf_counter() - started)
        painter.end()
    return fastest * 1000


def ruler_ms(view, image) -> float:  # type: ignore[no-untyped-def]
    """The ruler's own paint: the view with only the ruler, less the view with nothing."""

    def best() -> float:
        return best_paint(view, image)

    items = [view.bands, view.people, view.labels, view.ruler]
    for item in items:
        item.setVisible(item is view.ruler)
    alone = best()
    view.ruler.setVisible(False)
    empty = best()
    for item in items:
        item.setVisible(True)
    return max(alone - empty, 1e-6)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1_048_575)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QApplication

    from pyramid_app.model.layout import layout_inverted
    from pyramid_app.model.result_colouring import people_standings, results_colouring
    from pyramid_app.model.result_tiers import count_standings, standing_rows
    from pyramid_app.ui.app import application
    from pyramid_app.ui.pyramid.band_ruler import show_standings
    from pyramid_app.ui.pyramid.view import PyramidView

    application(headless=True)
    project = hotel_project(args.people)
    chart = project.chart
    layout = layout_inverted(chart)
    colouring = results_colouring(project)
    rows = standing_rows(chart, people_standings(project))
    view = PyramidView()
    view.resize(*SIZE)
    view.show_layout(chart, layout, colouring.rgb)
    view.show()
    QApplication.processEvents()
    image = QImage(view.size(), QImage.Format.Format_ARGB32)

    print(f"{args.people:,} people; ruler alone, {args.runs} runs alternating")
    print("| view | frame | ruler without standings | with | ratio, each run | added / frame |")
    print("|---|---:|---:|---:|---|---:|")
    x0, _x1, y0, y1 = layout.bounds()
    for name in ("fit", "zoomed"):
        if name == "fit":
            view.fit()
        else:
            middle = y0 + (y1 - y0) / 2
            view.view_box.setRange(xRange=(x0 / 100, x0 / 100 + 30), yRange=(middle, middle + 5))
        QApplication.processEvents()
        timed: dict[str, list[float]] = {"without": [], "with": [], "frame": []}
        for _run in range(args.runs):
            for kind, shown in (("without", None), ("with", rows)):
                show_standings(view, shown)
                timed[kind].append(ruler_ms(view, image))
            timed["frame"].append(best_paint(view, image))
        ratios = [w / b for b, w in zip(timed["without"], timed["with"], strict=True)]
        without, with_, frame = (statistics.median(timed[k]) for k in ("without", "with", "frame"))
        print(
            f"| {name} | {frame:.2f} ms | {without:.2f} ms | {with_:.2f} ms | {spread(ratios)} | "
            f"{(with_ - without) / frame:.3f} |"
        )
    written = [label.lines for label in view.ruler.painted]
    view.close()
    print("ruler, last paint:", written[:3])

    counting, colouring_s = [], []
    for _run in range(args.runs):
        counting.append(
            best_time(lambda: count_standings(chart, layout, standing_rows(chart, None)), 3)
        )
        colouring_s.append(best_time(lambda: results_colouring(project), 3))
    ratios = [c / r for c, r in zip(counting, colouring_s, strict=True)]
    print("\nCounting the standings per tier (best of 3 a run), once a recolouring or layout")
    print("| results_colouring | standing_rows + count_standings | ratio, each run |")
    print("|---:|---:|---|")
    print(
        f"| {statistics.median(colouring_s) * 1000:.1f} ms | "
        f"{statistics.median(counting) * 1000:.1f} ms | {spread(ratios)} |"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
