"""Present mode on a 4K projector: a whole-view frame at 3840x2160 against the same view at
1400x860.

    python bench/present_frame_bench.py                # 1,048,575 people, 5 runs
    python bench/present_frame_bench.py --people 100000 --runs 7

One view of the organisation, fitted, resized back and forth between the planner's 1400x860
(normal text) and the projector's 3840x2160 (the text scale present mode chooses for 2160
lines), alternately, so both sizes see the same machine load. Per size and run:

* frame: one paint of the viewport (``repaint``), as the screen gets it, the kept picture drawn
  at its own zoom - median of 15;
* frame as before: the same, the way frames were painted before the kept picture carried the
  background and the shading (the viewport filled, the background copied from its cache, the
  shading painted, the see-through picture blended over them) - median of 15, alternating
  with the frame above in rounds of 5;
* grab: the view rendered into a pixmap (as draw_bench.py's whole view) - best of 5;
* first frame: a paint with no kept picture (as after fitting at a new size, or new colours),
  which draws the kept picture afresh, within the frame.

Goal: the 4K frame under 16 ms. Printed: the median over runs with the spread (min-max), and
the ratio of 4K to 1400x860.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SIZES = {"1400x860": (1400, 860), "3840x2160": (3840, 2160)}


def median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def as_before(view, before: bool) -> None:  # type: ignore[no-untyped-def]
    """Paint frames as before the backdrop went into the kept picture, or as now."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QGraphicsView

    if before:
        view.people.backdrop = lambda: None
        view.setCacheMode(QGraphicsView.CacheModeFlag.CacheBackground)
    else:
        view.people.backdrop = view._backdrop
        view.setCacheMode(QGraphicsView.CacheModeFlag.CacheNone)
    view.viewport().setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, not before)
    view.people.cache.clear()
    view.viewport().repaint()  # the kept picture drawn again, see-through or not


def measure_once(view, size: tuple[int, int], scale: float) -> dict[str, float]:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    view.set_text_scale(scale)
    view.resize(*size)
    QApplication.processEvents()
    view.fit()
    QApplication.processEvents()
    view.people.crisp.wait()  # a picture asked for on the way has arrived: nothing pending
    QApplication.processEvents()
    view.people.cache.clear()  # the first frame at this size draws the kept picture
    started = time.perf_counter()
    view.viewport().repaint()
    first = time.perf_counter() - started
    runs: dict[bool, list[float]] = {False: [], True: []}
    for _round in range(3):
        for before in (True, False):
            as_before(view, before)
            for _ in range(5):
                started = time.perf_counter()
                view.viewport().repaint()
                runs[before].append(time.perf_counter() - started)
    grabs = []
    for _ in range(5):
        started = time.perf_counter()
        view.grab()
        grabs.append(time.perf_counter() - started)
    return {
        "frame": median(runs[False]),
        "frame as before": median(runs[True]),
        "grab": min(grabs),
        "first frame": first,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1_048_575)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from pyramid_app.ui.app import application

    application(headless=True)
    from trees import random_parents

    from pyramid_app.model.colouring import ColourBy, colour_nodes
    from pyramid_app.model.layout import layout_inverted
    from pyramid_app.model.org import OrgChart
    from pyramid_app.ui.present import room_text_scale
    from pyramid_app.ui.pyramid.view import PyramidView

    n = args.people
    parent = random_parents(n)
    departments = [
        ("Sales", "Service", "Operations", "Finance", "Support")[i % 5] for i in range(n)
    ]
    chart = OrgChart.from_parents([f"E{i:07d}" for i in range(n)], parent, departments=departments)
    layout = layout_inverted(chart)
    view = PyramidView()
    view.resize(*SIZES["1400x860"])
    view.show_layout(chart, layout, colour_nodes(chart, ColourBy.DEPARTMENT).rgb)
    view.show()
    scales = {"1400x860": 1.0, "3840x2160": room_text_scale(2160)}
    measure_once(view, SIZES["1400x860"], 1.0)  # warm-up: indexes, fonts
    results: dict[str, list[dict[str, float]]] = {name: [] for name in SIZES}
    for _run in range(args.runs):
        for name, size in SIZES.items():
            results[name].append(measure_once(view, size, scales[name]))
    view.close()

    print(
        f"{n:,} people, whole view at fit, {args.runs} runs alternating; text scale at 4K "
        f"{scales['3840x2160']:.2f}\n"
    )
    print("| frame | 1400x860 median (min-max) | 3840x2160 median (min-max) | ratio 4K / 1400 |")
    print("|---|---:|---:|---:|")
    for key in ("frame", "frame as before", "grab", "first frame"):
        cells = []
        medians = []
        for name in SIZES:
            values = [run[key] * 1000 for run in results[name]]
            medians.append(median(values))
            cells.append(f"{median(values):.1f} ms ({min(values):.1f}-{max(values):.1f})")
        print(f"| {key} | {cells[0]} | {cells[1]} | {medians[1] / medians[0]:.2f} |")
    four_k = median([run["frame"] * 1000 for run in results["3840x2160"]])
    print(f"\n4K frame {four_k:.1f} ms: {'under' if four_k < 16 else 'OVER'} the 16 ms goal")
    for name in SIZES:
        ratios = [run["frame"] / run["frame as before"] for run in results[name]]
        print(
            f"{name}: frame / frame as before {median(ratios):.2f} "
            f"({min(ratios):.2f}-{max(ratios):.2f}) over {len(ratios)} runs"
        )
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    raise SystemExit(main())
