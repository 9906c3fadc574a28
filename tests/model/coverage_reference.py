"""Coverage the slow, obvious way: plain Python walks over the chart, person by person.

The property tests hold the real (vectorised, incremental) coverage to this, so it follows the
definitions word by word and nothing else.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pyramid_app.model.org import OrgChart
from pyramid_app.model.plan import Plan, Status

NONE, DONE, PLANNED, IN_PROGRESS, OVERDUE = range(5)


@dataclass
class Reference:
    link_served: list[bool]
    served: list[bool]
    first_broken: list[int]
    manager_state: list[int]
    levels: list[tuple[int, int, int]]  # level, managers, managers with an active commitment
    front_served: int
    front_total: int
    by: dict[str, list[tuple[str, int, int]]]
    gaps: list[tuple[int, str, int, int]]  # every gap, best first: index, id, count, depth


def reference_coverage(chart: OrgChart, plan: Plan, today: dt.date) -> Reference:
    n = len(chart)
    parent = [int(p) for p in chart.parent]
    real = [not bool(s) for s in chart.synthetic]
    reports = [0] * n
    for p in parent:
        if p >= 0:
            reports[p] += 1
    manager = [real[i] and reports[i] > 0 for i in range(n)]
    front = [real[i] and reports[i] == 0 for i in range(n)]
    depth = []
    for i in range(n):
        d, j = 0, i
        while parent[j] >= 0:
            j = parent[j]
            d += 1
        depth.append(d)

    active = [c for c in plan if c.status is not Status.DROPPED]
    of_manager: dict[str, list] = {}
    for c in active:
        of_manager.setdefault(c.manager_id, []).append(c)

    def link_ok(i: int) -> bool:
        p = parent[i]
        if p < 0 or not real[p]:
            return True
        return any(
            c.serves == () or chart.ids[i] in c.serves for c in of_manager.get(chart.ids[p], [])
        )

    link_served = [link_ok(i) for i in range(n)]
    first_broken = []
    for i in range(n):
        broken, j = -1, i
        while parent[j] >= 0:
            if not link_served[j]:
                broken = parent[j]
                break
            j = parent[j]
        first_broken.append(broken)
    served = [b < 0 for b in first_broken]

    def state(c) -> int:
        if c.due is not None and c.due < today and c.status in (Status.PLANNED, Status.IN_PROGRESS):
            return OVERDUE
        return {Status.DONE: DONE, Status.PLANNED: PLANNED, Status.IN_PROGRESS: IN_PROGRESS}[
            c.status
        ]

    manager_state = [
        max((state(c) for c in of_manager.get(chart.ids[i], [])), default=NONE)
        if manager[i]
        else NONE
        for i in range(n)
    ]
    levels = []
    for level in range(max(depth) + 1 if n else 0):
        at = [i for i in range(n) if depth[i] == level and manager[i]]
        if at:
            levels.append((level, len(at), sum(1 for i in at if chart.ids[i] in of_manager)))
    by: dict[str, list[tuple[str, int, int]]] = {}
    for column in ("departments", "locations"):
        totals: dict[str, list[int]] = {}
        for i in range(n):
            if front[i]:
                row = totals.setdefault(getattr(chart, column)[i], [0, 0])
                row[0] += served[i]
                row[1] += 1
        by[column] = sorted(
            ((value, s, t) for value, (s, t) in totals.items()),
            key=lambda r: (r[0].casefold(), r[0]),
        )
    counts: dict[int, int] = {}
    for i in range(n):
        if front[i] and not served[i]:
            counts[first_broken[i]] = counts.get(first_broken[i], 0) + 1
    gaps = sorted(
        ((m, chart.ids[m], count, depth[m]) for m, count in counts.items()),
        key=lambda g: (-g[2], g[3], g[1]),
    )
    return Reference(
        link_served=link_served,
        served=served,
        first_broken=first_broken,
        manager_state=manager_state,
        levels=levels,
        front_served=sum(1 for i in range(n) if front[i] and served[i]),
        front_total=sum(front),
        by=by,
        gaps=gaps,
    )
