"""How long comparing two HR exports takes, against a plain per-person Python loop.

    python bench/org_update_bench.py               # 1,048,575 people
    python bench/org_update_bench.py --size 100000

The second export has 1% leavers (their reports moved to the leaver's manager), 1% joiners,
1% moved people and 1% changed titles. Ours: ``compare_orgs``. Baseline: the loop one would write
first (a dict of per-person tuples, compared person by person), run on the same charts. Both best
of three; ratio = ours / loop, goal < 1 and ours under 2 s at 1,048,575 people.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from trees import random_parents  # noqa: E402

from pyramid_app.model.org import OrgChart  # noqa: E402
from pyramid_app.model.org_update import compare_orgs  # noqa: E402


def charts(n: int) -> tuple[OrgChart, OrgChart]:
    rng = np.random.default_rng(11)
    parent = random_parents(n)
    ids = [f"E{i:07d}" for i in range(n)]
    titles = [f"Title {i % 97}" for i in range(n)]
    old = OrgChart.from_parents(ids, parent, titles=titles)

    leaving = np.zeros(n, dtype=bool)
    leaving[rng.choice(np.arange(1, n), size=n // 100, replace=False)] = True
    new_parent = parent.copy()
    # Reports of a leaver go to the nearest manager above who stays.
    for _ in range(64):
        under_leaver = (new_parent >= 0) & leaving[new_parent.clip(min=0)]
        if not under_leaver.any():
            break
        new_parent[under_leaver] = new_parent[new_parent[under_leaver]]
    movers = rng.choice(np.flatnonzero(~leaving & (parent >= 0)), size=n // 100, replace=False)
    targets = new_parent[new_parent[movers].clip(min=0)]  # up one level: never into own team
    new_parent[movers] = np.where(targets >= 0, targets, new_parent[movers])
    kept = np.flatnonzero(~leaving)
    renumber = np.full(n, -1, dtype=np.int64)
    renumber[kept] = np.arange(kept.shape[0])
    kept_parent = np.where(new_parent[kept] >= 0, renumber[new_parent[kept].clip(min=0)], -1)
    joiners = n // 100
    joiner_parent = rng.choice(kept.shape[0], size=joiners)
    new_titles = [titles[i] for i in kept.tolist()] + ["New starter"] * joiners
    for i in rng.choice(kept.shape[0], size=n // 100, replace=False).tolist():
        new_titles[i] = "Promoted"
    new = OrgChart.from_parents(
        [ids[i] for i in kept.tolist()] + [f"J{i:07d}" for i in range(joiners)],
        np.concatenate([kept_parent, joiner_parent]),
        titles=new_titles,
    )
    return old, new


def loop_compare(old: OrgChart, new: OrgChart) -> tuple[int, int, int, int]:
    def people(chart: OrgChart) -> dict[str, tuple[str, ...]]:
        return {
            chart.ids[i]: (
                chart.ids[chart.parent[i]] if chart.parent[i] >= 0 else "",
                chart.names[i],
                chart.titles[i],
                chart.departments[i],
                chart.locations[i],
                chart.emails[i],
            )
            for i in range(len(chart))
        }

    before, after = people(old), people(new)
    joiners = [i for i in after if i not in before]
    leavers = [i for i in before if i not in after]
    moves = changes = 0
    for person_id, values in after.items():
        was = before.get(person_id)
        if was is None:
            continue
        moves += was[0] != values[0]
        changes += sum(a != b for a, b in zip(was[1:], values[1:], strict=True))
    return len(joiners), len(leavers), moves, changes


def best_of(repeats: int, run) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_048_575)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    old, new = charts(args.size)
    update = compare_orgs(old, new)
    counts = update.counts()
    expected = loop_compare(old, new)
    found = (counts["joiners"], counts["leavers"], len(update.moves), counts["changes"])
    if found != expected:
        raise SystemExit(f"the two comparisons disagree: ours {found}, loop {expected}")
    ours = best_of(args.repeats, lambda: compare_orgs(old, new))
    loop = best_of(args.repeats, lambda: loop_compare(old, new))
    print(f"{args.size:,} people: {update.describe()}")
    print(f"compare_orgs {ours:.2f} s · plain loop {loop:.2f} s · ratio {ours / loop:.2f}")


if __name__ == "__main__":
    main()
