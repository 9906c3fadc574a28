"""Colour by results against target at a million people: the frame and the colouring itself.

    python bench/results_colour_bench.py               # 1,048,575 people, 5 runs
    python bench/results_colour_bench.py --people 100000 --runs 7

One organisation (the random tree every bench uses) spread over 20 hotels and 5 departments, a
project with guest satisfaction targets at 16 hotels and results at 12 of them (met, close and
missed in turn; four with a target and no result; four with no target), in one 1400x860
pyramid view with the whole organisation in view.

- Frame: one render of the view into a pixmap (``grab``), best of 5 after a warm-up, coloured
  by department (the baseline) then by results, alternately, ``--runs`` times: the ratio of
  each run, median and spread. Once with the people item's kept picture (what a window shows)
  and once drawn afresh every frame (the drawing itself). Goal: at most 1.1x.
- Colouring: ``results_colouring`` (where each front-line person stands, and the colours),
  against ``colour_nodes`` by department, alternately, the same runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SIZE = (1400, 860)
HOTELS = [f"Hotel {i:02d}" for i in range(20)]
DEPARTMENTS = ("Front desk", "Housekeeping", "Kitchen", "Spa", "Finance")
MEASURE = "Guest satisfaction"


def best_time(action: Callable[[], object], repeats: int) -> float:
    action()  # warm-up: caches, first layout
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - started)
    return best


def hotel_project(n: int):  # type: ignore[no-untyped-def]
    """The organisation as a project with targets and results (built directly, not edited)."""
    from trees import random_parents

    from pyramid_app.model.org import OrgChart
    from pyramid_app.model.project import OrgSource, Project
    from pyramid_app.model.results import Period, Result, Results
    from pyramid_app.model.targets import Target, Targets
    from pyramid_app.model.units import Unit, UnitKind

    chart = OrgChart.from_parents(
        [f"E{i:07d}" for i in range(n)],
        random_parents(n),
        departments=[DEPARTMENTS[i % len(DEPARTMENTS)] for i in range(n)],
        locations=[HOTELS[(i * 7) % len(HOTELS)] for i in range(n)],
    )
    targets, results = [], []
    for number, hotel in enumerate(HOTELS[:16]):
        unit = Unit(UnitKind.LOCATION, hotel)
        targets.append(Target(MEASURE, unit, 8.0))
        if number < 12:
            value = (8.4, 7.8, 6.5)[number % 3]  # met, close, missed
            results += [Result(unit, MEASURE, Period.month(2025, m), value) for m in (1, 2, 3)]
    return Project(
        chart, OrgSource("bench.xlsx"), targets=Targets(targets), results=Results(results)
    )


def spread(values: list[float]) -> str:
    return f"median {statistics.median(values):.2f}, min {min(values):.2f}, max {max(values):.2f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1_048_575)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication

    from pyramid_app.model.colouring import ColourBy, colour_nodes
    from pyramid_app.model.layout import layout_inverted
    from pyramid_app.model.result_colouring import results_colouring
    from pyramid_app.ui.app import application
    from pyramid_app.ui.pyramid.view import PyramidView

    application(headless=True)
    started = time.perf_counter()
    project = hotel_project(args.people)
    chart = project.chart
    layout = layout_inverted(chart)
    print(f"{args.people:,} people, project and layout in {time.perf_counter() - started:.1f} s")
    by_department = colour_nodes(chart, ColourBy.DEPARTMENT)
    by_results = results_colouring(project)
    print("legend, by results:", [(label, count) for label, _c, count in by_results.legend])

    view = PyramidView()
    view.resize(*SIZE)
    view.show_layout(chart, layout, by_department.rgb)
    view.show()
    QApplication.processEvents()
    view.fit()
    frames: dict[str, dict[str, list[float]]] = {"kept picture": {}, "drawn afresh": {}}
    for kind, kept in (("kept picture", True), ("drawn afresh", False)):
        view.people.keep_picture = kept
        for _run in range(args.runs):
            for name, rgb in (("department", by_department.rgb), ("results", by_results.rgb)):
                view.set_colours(rgb)
                frames[kind].setdefault(name, []).append(best_time(view.grab, 5))
    view.close()

    colouring: dict[str, list[float]] = {}
    for _run in range(args.runs):
        colouring.setdefault("department", []).append(
            best_time(lambda: colour_nodes(chart, ColourBy.DEPARTMENT), 3)
        )
        colouring.setdefault("results", []).append(best_time(lambda: results_colouring(project), 3))

    print(f"\nWhole-view frame, {args.runs} runs alternating (goal: results <= 1.1x department)")
    print("| frame | by department | by results | ratio, each run |")
    print("|---|---:|---:|---|")
    for kind, timed in frames.items():
        ratios = [r / d for d, r in zip(timed["department"], timed["results"], strict=True)]
        print(
            f"| {kind} | {statistics.median(timed['department']) * 1000:.1f} ms | "
            f"{statistics.median(timed['results']) * 1000:.1f} ms | {spread(ratios)} |"
        )
    ratios = [r / d for d, r in zip(colouring["department"], colouring["results"], strict=True)]
    print("\nComputing the colouring (best of 3 a run)")
    print("| colour_nodes by department | results_colouring | ratio, each run |")
    print("|---:|---:|---|")
    print(
        f"| {statistics.median(colouring['department']) * 1000:.1f} ms | "
        f"{statistics.median(colouring['results']) * 1000:.1f} ms | {spread(ratios)} |"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
