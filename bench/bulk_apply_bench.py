"""Applying one commitment to many managers: choosing them, building the command, doing it.

    python bench/bulk_apply_bench.py                  # 100,000 people, about 10,000 managers
    python bench/bulk_apply_bench.py --size 1048575
    python bench/bulk_apply_bench.py --window         # also through the window (offscreen Qt)

Ours: ``ManagerScope`` (numpy over the chart) for every level, department, location and the
biggest subtree, then ``bulk_add`` + ``Project.execute`` for the whole organisation's managers
and its undo. Baseline: the same choices made with a plain per-person Python loop over the
chart's lists, in the same process. Goal: the whole bulk add (choose + build + do) under 1 s at
100,000 people with 10,000 managers; ratio = ours / loop for the choosing.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pyramid_app.model.commands import UndoStack, bulk_add  # noqa: E402
from pyramid_app.model.library import Suggestion  # noqa: E402
from pyramid_app.model.org import OrgChart  # noqa: E402
from pyramid_app.model.project import OrgSource, Project  # noqa: E402
from pyramid_app.model.selection import (  # noqa: E402
    ManagerScope,
    ScopeKind,
    level_manager_counts,
    manager_counts_by,
)


def organisation(n: int) -> OrgChart:
    rng = np.random.default_rng(5)
    spans = rng.integers(5, 16, size=n)  # about one manager in ten
    parent = np.concatenate([[-1], np.repeat(np.arange(n), spans)[: n - 1]])
    departments = [f"Department {i}" for i in rng.integers(0, 60, size=n).tolist()]
    locations = [f"Site {i}" for i in rng.integers(0, 25, size=n).tolist()]
    return OrgChart.from_parents(
        [f"E{i:07d}" for i in range(n)], parent, departments=departments, locations=locations
    )


def best_of(repeats: int, work: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


def all_scopes(chart: OrgChart) -> list[ManagerScope]:
    scopes = [ManagerScope(ScopeKind.LEVEL, level) for level, _ in level_manager_counts(chart)]
    scopes += [
        ManagerScope(ScopeKind.DEPARTMENT, d) for d, _ in manager_counts_by(chart, "departments")
    ]
    scopes += [
        ManagerScope(ScopeKind.LOCATION, s) for s, _ in manager_counts_by(chart, "locations")
    ]
    scopes.append(ManagerScope(ScopeKind.SUBTREE, chart.ids[chart.root]))
    return scopes


def loop_choose(chart: OrgChart, scope: ManagerScope) -> list[str]:
    """What one would write first: a pass over every person per question."""
    span = chart.span_of_control.tolist()
    if scope.kind is ScopeKind.SUBTREE:
        picked, stack = [], [chart.index_of(str(scope.value))]
        while stack:
            node = stack.pop()
            if span[node] > 0:
                picked.append(node)
            stack.extend(chart.children(node).tolist())
        return [chart.ids[i] for i in sorted(picked)]
    if scope.kind is ScopeKind.LEVEL:
        depth = chart.depth.tolist()
        return [chart.ids[i] for i in range(len(chart)) if span[i] > 0 and depth[i] == scope.value]
    column = chart.departments if scope.kind is ScopeKind.DEPARTMENT else chart.locations
    return [chart.ids[i] for i in range(len(chart)) if span[i] > 0 and column[i] == scope.value]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--window", action="store_true", help="also push through the window")
    size = parser.parse_args().size
    window_too = parser.parse_args().window

    chart = organisation(size)
    managers = int(chart.managers().shape[0])
    print(f"{size:,} people, {managers:,} managers")

    started = time.perf_counter()
    scopes = all_scopes(chart)  # the first call also codes the department and location columns
    listing = time.perf_counter() - started
    print(f"  listing levels, departments, locations: {listing * 1000:.1f} ms (first call)")

    ours = best_of(3, lambda: [scope.manager_ids(chart) for scope in scopes])
    loop = best_of(1, lambda: [loop_choose(chart, scope) for scope in scopes])
    assert [s.manager_ids(chart) for s in scopes] == [loop_choose(chart, s) for s in scopes]
    print(
        f"  choosing managers for {len(scopes)} scopes: ours {ours * 1000:.1f} ms, "
        f"loop {loop * 1000:.1f} ms, ratio {ours / loop:.3f}"
    )

    everyone = ManagerScope(ScopeKind.SUBTREE, chart.ids[chart.root])
    project = Project(chart, OrgSource("bench.xlsx"))
    stack = UndoStack(project)
    suggestion = Suggestion(
        "Hold a monthly one-to-one with each report", "held / planned", "monthly"
    )

    def bulk() -> None:
        ids = everyone.manager_ids(chart)
        stack.push(bulk_add(project, ids, suggestion, "Leadership", what=everyone.describe(chart)))

    started = time.perf_counter()
    bulk()
    whole = time.perf_counter() - started
    started = time.perf_counter()
    stack.undo()
    undo = time.perf_counter() - started
    print(
        f"  bulk add to all {managers:,} managers (choose + build + do): {whole * 1000:.0f} ms "
        f"(goal < 1000 ms at 100,000 people); undo {undo * 1000:.0f} ms"
    )

    if window_too:
        from PySide6.QtWidgets import QApplication

        from pyramid_app.ui.main_window import MainWindow

        app = QApplication.instance() or QApplication([])
        window = MainWindow()
        window.resize(1400, 860)
        window.set_project(Project(chart, OrgSource("bench.xlsx")))
        window.show()
        window.select_person(chart.ids[chart.root])
        app.processEvents()
        started = time.perf_counter()
        ids = everyone.manager_ids(chart)
        window.push(bulk_add(window.project, ids, suggestion, "Leadership"))
        app.processEvents()
        pushed = time.perf_counter() - started
        started = time.perf_counter()
        window.undo_action.trigger()
        app.processEvents()
        undone = time.perf_counter() - started
        print(
            f"  through the window, root selected: push {pushed * 1000:.0f} ms, "
            f"undo {undone * 1000:.0f} ms"
        )

        from pyramid_app.ui.dialogs.bulk_dialog import open_bulk_dialog

        started = time.perf_counter()
        dialog = open_bulk_dialog(window)
        app.processEvents()
        opened = time.perf_counter() - started
        dialog.text.setPlainText(suggestion.text)  # counts the managers again, live
        started = time.perf_counter()
        dialog.ok_button.click()
        app.processEvents()
        applied = time.perf_counter() - started
        print(
            f"  the dialog: opens in {opened * 1000:.0f} ms; OK adds to "
            f"{len(window.project.plan):,} managers in {applied * 1000:.0f} ms"
        )
        window.close()


if __name__ == "__main__":
    main()
