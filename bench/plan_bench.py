"""A bulk add to 10,000 managers in a 100,000-person organisation, against plain Python.

    python bench/plan_bench.py                 # 100k people, 10k managers
    python bench/plan_bench.py --people 1048575 --managers 100000

Ours: ``bulk_add`` (checks every manager, reserves ids, builds the commitments) and pushing the
command through the model's ``UndoStack`` (in memory, no journal), then undo and redo. Baseline:
building a list of the same number of plain dicts with the same fields, the least any plan
could do. Best of five each; ratio = ours / baseline. Goal: build + push well under 1 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from trees import random_parents  # noqa: E402

from pyramid_app.model.commands import UndoStack, bulk_add  # noqa: E402
from pyramid_app.model.library import Suggestion  # noqa: E402
from pyramid_app.model.org import OrgChart  # noqa: E402
from pyramid_app.model.project import OrgSource, Project  # noqa: E402

NOW = dt.datetime(2025, 7, 1, 9, 0)
SUGGESTION = Suggestion(
    "Meet each direct report one to one for thirty minutes every two weeks",
    "one-to-ones held / one-to-ones planned, looked at every month",
    "fortnightly",
)


def best_of(repeats: int, run: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best


def baseline(manager_ids: list[str]) -> list[dict[str, object]]:
    return [
        {
            "id": f"C-{number:04d}",
            "manager_id": manager_id,
            "text": SUGGESTION.text,
            "practice": "Open communication",
            "measure": SUGGESTION.measure,
            "cadence": SUGGESTION.cadence,
            "created": NOW,
            "changed": NOW,
        }
        for number, manager_id in enumerate(manager_ids, 1)
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--managers", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    parent = random_parents(args.people)
    ids = [f"E{i:07d}" for i in range(args.people)]
    chart = OrgChart.from_parents(ids, parent)
    manager_ids = [ids[int(i)] for i in chart.managers()[: args.managers]]
    if len(manager_ids) < args.managers:
        print(f"only {len(manager_ids):,} managers in {args.people:,} people", file=sys.stderr)
        return 2
    count = len(manager_ids)

    base = best_of(args.repeats, lambda: baseline(manager_ids))

    build = push = undo = redo = float("inf")
    for _ in range(args.repeats):
        project = Project(chart, OrgSource("bench.xlsx"))
        stack = UndoStack(project)
        started = time.perf_counter()
        command = bulk_add(project, manager_ids, SUGGESTION, "Open communication", now=NOW)
        built = time.perf_counter()
        stack.push(command)
        pushed = time.perf_counter()
        stack.undo()
        undone = time.perf_counter()
        stack.redo()
        redone = time.perf_counter()
        assert len(project.plan) == count and len(stack.done) == 1
        build = min(build, built - started)
        push = min(push, pushed - built)
        undo = min(undo, undone - pushed)
        redo = min(redo, redone - undone)

    ours = build + push
    print(f"{args.people:,} people, bulk add to {count:,} managers (best of {args.repeats})")
    print(f"  baseline: {count:,} plain dicts        {base * 1000:8.1f} ms")
    print(f"  bulk_add (checks, ids, commitments) {build * 1000:8.1f} ms")
    print(f"  UndoStack.push                      {push * 1000:8.1f} ms")
    print(f"  undo                                {undo * 1000:8.1f} ms")
    print(f"  redo                                {redo * 1000:8.1f} ms")
    print(f"  build + push: {ours * 1000:.1f} ms = {ours / base:.1f}x baseline (goal < 1 s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
