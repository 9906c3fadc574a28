"""The journey at scale: lighting a touchpoint's people and finding their managers.

    python bench/journey_bench.py              # 100k and 1,048,575 people
    python bench/journey_bench.py --sizes 10000

For each size (the random organisation of bench/trees.py, five departments): choosing a
touchpoint served by one department (a fifth of the front line) costs matching the rule
(``served_people``), handing the people to the view (``set_highlight``: picked out of the
visible people sorted by x, no sort, and everyone else's colour faded) and the managers down
their chains (``managers_serving``, step 4 of the workshop). Each is set against a bare numpy
pass over the same chart (``front_line_mask``), the floor of anything that looks at every
person (goal: each within 20x of it). Then the frame: the whole pyramid in view with those
people lit (a halo around each of their marks), against the same frame with nobody lit (goal:
within 1.5x), and zoomed in on a lit team (cards with outlines; goal: within 25%).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SIZE = (1400, 860)
DEPARTMENTS = ("Sales", "Service", "Operations", "Finance", "Support")


def best_of(work: Callable[[], object], repeats: int) -> float:
    work()
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


def frame_time(widget: object, repeats: int) -> float:
    return best_of(widget.grab, repeats)  # type: ignore[attr-defined]


def measure(n: int) -> None:
    from trees import random_parents

    from pyramid_app.model.colouring import ColourBy, colour_nodes
    from pyramid_app.model.customers import (
        RuleField,
        ServeRule,
        Touchpoint,
        front_line_mask,
        served_people,
    )
    from pyramid_app.model.layout import layout_inverted
    from pyramid_app.model.org import OrgChart
    from pyramid_app.ui.plan.touchpoint_people import front_line_values, managers_serving
    from pyramid_app.ui.pyramid.view import PyramidView

    repeats = 9 if n <= 200_000 else 3
    parent = random_parents(n)
    departments = [DEPARTMENTS[i % 5] for i in range(n)]
    chart = OrgChart.from_parents([f"E{i:07d}" for i in range(n)], parent, departments=departments)
    touchpoint = Touchpoint("T-001", "Checks in", (ServeRule(RuleField.DEPARTMENT, "service"),))

    floor = best_of(lambda: front_line_mask(chart).nonzero(), repeats)
    match = best_of(lambda: served_people(chart, touchpoint), repeats)
    people = served_people(chart, touchpoint)
    managers = best_of(lambda: managers_serving(chart, people), repeats)
    values_first = time.perf_counter()
    front_line_values(chart, RuleField.DEPARTMENT)
    values_first = time.perf_counter() - values_first

    layout = layout_inverted(chart)
    view = PyramidView()
    view.resize(*SIZE)
    view.show_layout(chart, layout, colour_nodes(chart, ColourBy.DEPARTMENT).rgb)
    view.show()
    light = best_of(lambda: view.set_highlight(people), repeats)
    view.set_highlight(None)
    plain = frame_time(view, repeats)
    view.set_highlight(people)
    lit = frame_time(view, repeats)
    view.centre_on(int(people[people.shape[0] // 2]), readable=True)
    lit_zoomed = frame_time(view, repeats)
    mode = view.people.last_mode
    view.set_highlight(None)
    plain_zoomed = frame_time(view, repeats)
    view.close()

    print(f"\n{n:,} people, {people.shape[0]:,} lit (one department of the front line)")
    print(f"  bare pass over the chart (front_line_mask)  {floor * 1000:8.1f} ms   1.00x")
    for name, seconds in (
        ("served_people (match the rule)", match),
        ("set_highlight (index by x, fade the rest)", light),
        ("managers_serving (down the chains)", managers),
        ("front_line_values (first, then cached)", values_first),
    ):
        print(f"  {name:<43} {seconds * 1000:8.1f} ms {seconds / floor:6.2f}x")
    print(f"  whole view, nobody lit                      {plain * 1000:8.1f} ms")
    print(f"  whole view, lit                             {lit * 1000:8.1f} ms {lit / plain:6.2f}x")
    print(f"  zoomed in ({mode}), nobody lit              {plain_zoomed * 1000:8.1f} ms")
    print(
        f"  zoomed in ({mode}), lit                     {lit_zoomed * 1000:8.1f} ms "
        f"{lit_zoomed / plain_zoomed:6.2f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_048_575])
    args = parser.parse_args()
    from pyramid_app.ui.app import application

    application(headless=True)
    for n in args.sizes:
        measure(n)


if __name__ == "__main__":
    main()
