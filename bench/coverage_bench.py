"""Coverage of a 100,000-commitment plan: from scratch, and again after each single edit.

    python bench/coverage_bench.py                        # 1,048,575 then 100,000 people
    python bench/coverage_bench.py --people 100000 --edits 50

The organisation is bench/trees.py's random tree, in breadth-first sheet order and again with
the rows shuffled (a real export is in no particular order). The plan: commitments of random
managers, 70% serving all reports and 30% one to three chosen ones, statuses mixed, some
dropped and some overdue.

Timed (best of a few, or the median and worst over random edits):
- baseline: ``np.bincount(parent[parent >= 0])``, one pass over the parent links;
- the chart part built once per chart (breadth-first order, masks, totals);
- ``compute_coverage`` from scratch (chart part cached);
- one edit: the edit goes through an ``UndoStack`` on a project and the tracker's observer
  updates coverage, then takes a snapshot and reads every figure: the level table, the served
  share overall, per department and per location, and the top 20 gaps. Edits: the status of a
  random commitment, a new commitment for a random manager, the chief executive's only
  commitment dropped and restored, and the worst case: the same in a plan where every manager
  has committed, so that every front-line person's chain flips between served and not;
- the per-node arrays and ``colour_by_coverage``, which a window showing the colours also needs.

Goal: the one-edit recompute under 16 ms at 1,048,575 people.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from trees import random_parents  # noqa: E402

from pyramid_app.model.colouring import colour_by_coverage  # noqa: E402
from pyramid_app.model.commands import UndoStack, add_commitment, edit_commitment  # noqa: E402
from pyramid_app.model.coverage import Coverage, CoverageTracker, compute_coverage  # noqa: E402
from pyramid_app.model.coverage_frame import chart_frame  # noqa: E402
from pyramid_app.model.org import OrgChart  # noqa: E402
from pyramid_app.model.plan import Commitment, Plan, Status  # noqa: E402
from pyramid_app.model.project import Change, OrgSource, Project  # noqa: E402

TODAY = dt.date(2025, 7, 1)
NOW = dt.datetime(2025, 7, 1, 9, 0)
DEPARTMENTS = [f"Department {i}" for i in range(12)]
LOCATIONS = [f"Site {i}" for i in range(6)]


def best_of(repeats: int, run: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best


def make_chart(people: int, shuffled: bool, rng: random.Random) -> OrgChart:
    parent = random_parents(people)
    if shuffled:
        # Row r of the sheet holds tree node where[r]: same tree, rows in random order.
        where = np.random.default_rng(11).permutation(people)
        row_of = np.empty(people, dtype=np.int64)
        row_of[where] = np.arange(people)
        parent = np.where(parent[where] >= 0, row_of[parent[where].clip(min=0)], -1)
    ids = [f"E{i:07d}" for i in range(people)]
    return OrgChart.from_parents(
        ids,
        parent,
        departments=[rng.choice(DEPARTMENTS) for _ in range(people)],
        locations=[rng.choice(LOCATIONS) for _ in range(people)],
    )


def make_plan(chart: OrgChart, count: int, rng: random.Random) -> Plan:
    managers = chart.managers().tolist()
    commitments = []
    for number in range(1, count + 1):
        manager = rng.choice(managers)
        serves: tuple[str, ...] = ()
        if rng.random() < 0.3:
            reports = chart.children(manager).tolist()
            chosen = rng.sample(reports, min(len(reports), rng.randint(1, 3)))
            serves = tuple(chart.ids[i] for i in chosen)
        roll = rng.random()
        status = (
            Status.DROPPED
            if roll < 0.05
            else Status.DONE
            if roll < 0.25
            else Status.IN_PROGRESS
            if roll < 0.5
            else Status.PLANNED
        )
        due = TODAY + dt.timedelta(days=rng.randint(-30, 90))  # about a quarter overdue
        commitments.append(
            Commitment(
                f"C-{number:06d}",
                chart.ids[manager],
                "serve",
                serves=serves,
                status=status,
                due=due,
                created=NOW,
                changed=NOW,
            )
        )
    return Plan({c.id: c for c in commitments}, next_number=count + 1)


def read_figures(coverage: Coverage) -> None:
    coverage.level_table()
    coverage.served_share()
    coverage.served_share_by("departments")
    coverage.served_share_by("locations")
    coverage.gaps(20)


def run(people: int, commitments: int, edits: int, repeats: int, shuffled: bool) -> float:
    rng = random.Random(5)
    order = "shuffled rows" if shuffled else "breadth-first rows"
    print(f"\n{people:,} people ({order}), {commitments:,} commitments")
    chart = make_chart(people, shuffled, rng)
    plan = make_plan(chart, commitments, rng)
    parent = chart.parent

    base = best_of(repeats, lambda: np.bincount(parent[parent >= 0]))
    started = time.perf_counter()
    chart_frame(chart)
    chart.index_of(chart.ids[0])  # the id lookup is the chart's own, built once too
    frame_time = time.perf_counter() - started
    full = best_of(max(1, repeats // 2), lambda: read_figures(compute_coverage(chart, plan, TODAY)))

    project = Project(chart, OrgSource("bench.xlsx"), plan=plan)
    stack = UndoStack(project)
    tracker = CoverageTracker(chart, plan, TODAY)
    timings: dict[str, list[float]] = {"status": [], "new": [], "root": []}
    kind = ["status"]

    def observe(changed: Project, change: Change) -> None:
        started = time.perf_counter()
        tracker.update(changed.chart, changed.plan, change)
        read_figures(tracker.coverage())
        timings[kind[0]].append(time.perf_counter() - started)

    project.subscribe(observe)
    ids = list(plan.commitments)
    managers = [chart.ids[i] for i in chart.managers().tolist()]
    for _ in range(edits):
        kind[0] = "status"
        target = plan[rng.choice(ids)]
        status = rng.choice([s for s in Status if s is not target.status])
        stack.push(edit_commitment(project, target.id, now=NOW, status=status))
        kind[0] = "new"
        stack.push(add_commitment(project, rng.choice(managers), "serve", now=NOW))

    root_id = chart.ids[chart.root]
    for commitment in list(project.plan.of_manager(root_id)):
        project.plan.remove([commitment.id])
    tracker = CoverageTracker(chart, project.plan, TODAY)
    stack.push(add_commitment(project, root_id, "serve the heads of department", now=NOW))
    root_commitment = project.plan.of_manager(root_id)[0].id
    kind[0] = "root"
    for _ in range(max(3, repeats)):
        stack.push(edit_commitment(project, root_commitment, now=NOW, status="dropped"))
        stack.push(edit_commitment(project, root_commitment, now=NOW, status="planned"))

    coverage = tracker.coverage()
    served = coverage.served_share()

    # The true worst case: every manager committed, so every chain is served, and then the
    # chief executive's commitment goes and comes back: every front-line person changes.
    full_plan = Plan(
        {
            f"C-{number:07d}": Commitment(f"C-{number:07d}", manager_id, "serve")
            for number, manager_id in enumerate(managers, 1)
        }
    )
    saturated = CoverageTracker(chart, full_plan, TODAY)
    everyone = saturated.coverage().served_share()
    root_all = full_plan.of_manager(root_id)[0]
    timings["saturated"] = []
    for _ in range(max(3, repeats)):
        for status in (Status.DROPPED, Status.PLANNED):
            full_plan.put([Commitment(root_all.id, root_id, "serve", status=status)])
            started = time.perf_counter()
            saturated.update(chart, full_plan, Change(commitments=frozenset({root_all.id})))
            read_figures(saturated.coverage())
            timings["saturated"].append(time.perf_counter() - started)

    def per_node() -> None:
        fresh = tracker.coverage()
        _ = fresh.first_broken, fresh.served

    arrays = best_of(repeats, per_node)
    colours = best_of(repeats, lambda: colour_by_coverage(chart, tracker.coverage()))

    def line(label: str, seconds: float) -> None:
        print(f"  {label:<44} {seconds * 1e3:9.2f} ms   x{seconds / base:7.1f}")

    print(
        f"  front line served {served.served:,} of {served.total:,}; in the plan where every "
        f"manager commits, {everyone.served:,}"
    )
    line("baseline np.bincount(parent[parent >= 0])", base)
    line("chart part, once per chart", frame_time)
    line("compute_coverage from scratch + figures", full)
    for name, label in (
        ("status", "one edit: a status changed"),
        ("new", "one edit: a new commitment"),
        ("root", "one edit: the CEO's commitment"),
        ("saturated", "one edit: CEO, every chain flips (worst)"),
    ):
        line(f"{label}, median", statistics.median(timings[name]))
        line(f"{label}, worst", max(timings[name]))
    line("per-node arrays (first broken, served)", arrays)
    line("colour_by_coverage", colours)
    return max(max(values) for values in timings.values())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, nargs="*", default=[1_048_575, 100_000])
    parser.add_argument("--commitments", type=int, default=100_000)
    parser.add_argument("--edits", type=int, default=100, help="random edits of each kind")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    print("times in ms; x = ratio to the baseline bincount over the same organisation")
    worst = 0.0
    for people in args.people:
        for shuffled in (False, True):
            worst = max(worst, run(people, args.commitments, args.edits, args.repeats, shuffled))
    verdict = "met" if worst < 0.016 else "NOT met"
    print(f"\ngoal one-edit recompute < 16 ms: {verdict} (worst {worst * 1e3:.1f} ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
