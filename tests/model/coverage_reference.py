"""Coverage the slow, obvious way: plain Python walks over the chart, person by person.

The property tests hold the real (vectorised, incremental) coverage to this, so it follows the
definitions word by word and nothing else.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pyramid_app.model.org import ROOT_ID, OrgChart
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
    gaps: list[tuple[int, str, int, int]]  # every gap, best first: index, id, count, level
    not_connected: list[bool]


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

    connected = _connected(chart, parent, real)
    offset = 1 if n and not real[depth.index(0)] else 0

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
    served = [b < 0 and connected[i] for i, b in enumerate(first_broken)]
    front = [front[i] and connected[i] for i in range(n)]

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
        at = [i for i in range(n) if depth[i] - offset == level and manager[i] and connected[i]]
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
        ((m, chart.ids[m], count, depth[m] - offset) for m, count in counts.items()),
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
        not_connected=[real[i] and not connected[i] for i in range(n)],
    )


def _connected(chart: OrgChart, parent: list[int], real: list[bool]) -> list[bool]:
    """The definition word by word: a real person whose chain reaches the chief executive (the
    real top heading over ten times as many as any other real top, under the synthetic
    Organisation root) through real people; with several tops, any real top."""
    n = len(parent)
    if not n:
        return []
    root = parent.index(-1)

    def top(i: int) -> int:
        while i != root and parent[i] != root:
            i = parent[i]
        return i

    if real[root]:
        return list(real)
    heads = {t: sum(1 for i in range(n) if top(i) == t) for t in range(n) if parent[t] == root}
    real_heads = {t: size for t, size in heads.items() if real[t]}
    chief = None
    if chart.ids[root] == ROOT_ID and real_heads:
        best = max(real_heads, key=lambda t: (real_heads[t], -t))
        others = [size for t, size in real_heads.items() if t != best]
        if all(10 * size < real_heads[best] for size in others):
            chief = best
    if chief is not None:
        return [top(i) == chief for i in range(n)]
    return [real[i] and real[top(i)] for i in range(n)]
