"""The figures of coverage at one moment: :class:`Coverage` and the rows it reports.

The definitions are in :mod:`pyramid_app.model.coverage`; :class:`CoverageTracker` in
``coverage_tracker.py`` makes these snapshots.
"""

from __future__ import annotations

import datetime as dt
import heapq
from dataclasses import dataclass
from enum import IntEnum
from functools import cached_property
from typing import Any, NamedTuple, TypeVar

import numpy as np
import numpy.typing as npt

from pyramid_app.model.coverage_frame import COLUMNS, BoolArray, ChartFrame, Column, Int32Array
from pyramid_app.model.org import UNASSIGNED_ID, OrgChart
from pyramid_app.model.plan import Commitment, Status
from pyramid_app.model.tree import IntArray

Int8Array = npt.NDArray[np.int8]
_Item = TypeVar("_Item", bound=np.generic)


class ManagerState(IntEnum):
    """A manager's commitments at a glance; a higher value wins when several apply."""

    NONE = 0
    DONE = 1
    PLANNED = 2
    IN_PROGRESS = 3
    OVERDUE = 4

    @property
    def label(self) -> str:
        return "no commitment" if self is ManagerState.NONE else self.name.lower().replace("_", " ")


# The order people read the states in: nothing yet, then the way a commitment goes.
STATE_ORDER = (
    ManagerState.NONE,
    ManagerState.PLANNED,
    ManagerState.IN_PROGRESS,
    ManagerState.DONE,
    ManagerState.OVERDUE,
)

_STATE_OF_STATUS = {
    Status.DONE: ManagerState.DONE,
    Status.PLANNED: ManagerState.PLANNED,
    Status.IN_PROGRESS: ManagerState.IN_PROGRESS,
}


def commitment_state(commitment: Commitment, today: dt.date) -> ManagerState:
    """What one active commitment contributes to its manager's state."""
    if commitment.is_overdue(today):
        return ManagerState.OVERDUE
    return _STATE_OF_STATUS[commitment.status]


class LevelRow(NamedTuple):
    level: int
    managers: int
    with_active: int  # managers with at least one active commitment

    @property
    def share(self) -> float:
        return self.with_active / self.managers if self.managers else 0.0


class Share(NamedTuple):
    served: int
    total: int

    @property
    def fraction(self) -> float | None:
        """``served / total``, or None when there is nobody to serve."""
        return self.served / self.total if self.total else None


class Gap(NamedTuple):
    manager_index: int
    manager_id: str
    unserved_count: int  # front-line people whose first broken link is this manager
    depth: int  # the manager's level (-1 when not connected to the chief executive)


class Break(NamedTuple):
    """The top of a part not connected to the chief executive, and its front line."""

    top_index: int
    top_id: str
    front_line: int


# -- the snapshot ---------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Coverage:
    """Coverage at one moment; it does not change when the tracker that made it moves on.

    Per-node arrays (:attr:`link_served`, :attr:`served`, :attr:`first_broken`) are in the
    chart's node order and made on first use; the figures are ready at once.
    """

    chart: OrgChart
    today: dt.date
    manager_state: Int8Array  # per node, a ManagerState value (NONE for everyone but managers)
    level_managers: IntArray  # managers per level
    level_with_active: IntArray  # managers with an active commitment per level
    front_line_total: int
    front_line_served: int
    _frame: ChartFrame
    _first_broken: Int32Array  # per position, the manager slot of the first broken link or -1
    _link_served: BoolArray  # per position
    _gap_count: Int32Array  # per manager slot
    _served_by: dict[str, IntArray]  # column -> served front line per code

    # -- per node ---------------------------------------------------------------------------

    @cached_property
    def first_broken(self) -> IntArray:
        """Per node, the manager whose link nearest the customer is unserved; -1 if served."""
        # Slot -1 (served) takes the -1 appended after the managers.
        node_of_slot = np.append(self._frame.manager_nodes, -1)
        return self._to_nodes(node_of_slot.take(self._first_broken))

    @cached_property
    def served(self) -> BoolArray:
        """Per node: connected to the chief executive, and every link on the chain down to them
        is served."""
        return self._to_nodes(self._first_broken < 0) & self.chart.connected

    @cached_property
    def not_connected(self) -> BoolArray:
        """Per node: a front-line person not connected to the chief executive (neither served
        nor unserved: their chain breaks where nobody can commit)."""
        return self._frame.not_connected_front

    @property
    def not_connected_total(self) -> int:
        return int(np.count_nonzero(self._frame.not_connected_front))

    def breaks(self) -> list[Break]:
        """Where the not-connected front line hangs apart: one row per group at the top of a
        loose part (the Unassigned group, a placeholder, a person with no manager), the
        largest first."""
        chart = self.chart
        loose = self._frame.not_connected_front
        if not loose.any():
            return []
        counts = np.bincount(chart.tops[loose], minlength=len(chart))
        tops = np.flatnonzero(counts).tolist()
        rows = [Break(top, chart.ids[top], int(counts[top])) for top in tops]
        return sorted(rows, key=lambda row: (-row.front_line, row.top_id))

    @cached_property
    def link_served(self) -> BoolArray:
        """Per node: the link from its manager to it is served (True for the root)."""
        return self._to_nodes(self._link_served)

    @cached_property
    def front_line(self) -> BoolArray:
        """Per node: a real person without reports."""
        return self._frame.front_line

    @cached_property
    def gap_counts(self) -> IntArray:
        """Per node, how many front-line people have it as their first broken link."""
        counts = np.zeros(len(self.chart), dtype=np.int64)
        counts[self._frame.manager_nodes] = self._gap_count
        return counts

    def _to_nodes(self, by_position: npt.NDArray[_Item]) -> npt.NDArray[_Item]:
        if self._frame.identity:
            return by_position
        by_node = np.empty_like(by_position)
        by_node[self._frame.order] = by_position
        return by_node

    # -- figures ----------------------------------------------------------------------------

    def level_table(self) -> list[LevelRow]:
        """One row per level that has managers, from the root up."""
        return [
            LevelRow(level, int(managers), int(self.level_with_active[level]))
            for level, managers in enumerate(self.level_managers.tolist())
            if managers
        ]

    def served_share(self) -> Share:
        return Share(self.front_line_served, self.front_line_total)

    def served_share_by(self, column: Column) -> list[tuple[str, int, int]]:
        """``(value, served, total)`` for each department (or location) with front-line people,
        in alphabetical order."""
        if column not in COLUMNS:
            raise ValueError(f"coverage is counted by {' or '.join(COLUMNS)}, not {column!r}")
        totals = self._frame.front_by_value[column]
        served = self._served_by[column]
        values = self._frame.values[column]
        rows = [
            (values[code], int(served[code]), int(totals[code]))
            for code in np.flatnonzero(totals).tolist()
        ]
        return sorted(rows, key=lambda row: (row[0].casefold(), row[0]))

    def state_counts(self) -> dict[ManagerState, int]:
        """How many managers are in each state, in :data:`STATE_ORDER`."""
        counts = np.bincount(
            self.manager_state[self._frame.manager_nodes], minlength=len(ManagerState)
        )
        return {state: int(counts[state]) for state in STATE_ORDER}

    def gaps(self, limit: int = 20) -> list[Gap]:
        """The managers whose missing commitment leaves the most front-line people unserved."""
        if limit <= 0:
            return []
        counts = self._gap_count
        slots = np.flatnonzero(counts > 0)
        if slots.shape[0] > limit:
            kth = np.partition(counts[slots], slots.shape[0] - limit)[slots.shape[0] - limit]
            slots = slots[counts[slots] >= kth]
        nodes = self._frame.manager_nodes[slots]
        depth = self.chart.levels[nodes]
        ranked = np.lexsort((depth, -counts[slots]))
        nodes, depth, count = nodes[ranked], depth[ranked], counts[slots][ranked]
        if nodes.shape[0] > limit:
            # Many managers can tie on count and depth (every front-line team of 12 with no
            # commitment); only the tied group at the cut needs its ids compared.
            last = limit - 1
            tied = np.flatnonzero((count == count[last]) & (depth == depth[last]))
            ids = self.chart.ids
            keep = heapq.nsmallest(
                limit - int(tied[0]), nodes[tied].tolist(), key=lambda node: ids[node]
            )
            nodes = np.concatenate([nodes[: tied[0]], np.asarray(keep, dtype=np.int64)])
            depth, count = depth[: nodes.shape[0]], count[: nodes.shape[0]]
        gaps = [
            Gap(node, self.chart.ids[node], c, d)
            for node, c, d in zip(nodes.tolist(), count.tolist(), depth.tolist(), strict=True)
        ]
        return sorted(gaps, key=lambda gap: (-gap.unserved_count, gap.depth, gap.manager_id))

    def unserved_reason(self, index: int) -> str | None:
        """Why ``index`` is not served, in a sentence; None when their chain is served."""
        if self.chart.not_connected[index]:
            return not_connected_reason(self.chart, index)
        frame = self._frame
        slot = int(self._first_broken[frame.position[index]])
        if slot < 0:
            return None
        manager = int(frame.manager_nodes[slot])
        chart = self.chart
        report = index
        while int(chart.parent[report]) != manager:
            report = int(chart.parent[report])
        whom = _name(chart, report)
        if report != index:
            whom = f"{_who(chart, report)}, on the chain serving {_name(chart, index)}"
        lo, hi = frame.children_range(manager)
        chosen = frame.order[lo:hi][self._link_served[lo:hi]].tolist()
        if not chosen:
            return f"not served: {_who(chart, manager)} has no active commitment serving {whom}"
        names = [_name(chart, node) for node in chosen[:3]]
        if len(chosen) > 3:
            names.append(f"{len(chosen) - 3} more")
        listed = ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]
        return f"not served: {_who(chart, manager)} serves only {listed}, not {whom}"

    def summary(self, gaps: int = 20) -> dict[str, Any]:
        """Every figure as plain JSON values."""
        chart = self.chart
        share = self.served_share()
        by = {
            column: [
                {
                    column.removesuffix("s"): value,
                    "served": served,
                    "total": total,
                    "share": served / total,
                }
                for value, served, total in self.served_share_by(column)
            ]
            for column in COLUMNS
        }
        return {
            "today": self.today.isoformat(),
            "people": chart.people_count,
            "managers": int(self._frame.manager_nodes.shape[0]),
            "front_line": self.front_line_total,
            "levels": [
                {
                    "level": row.level,
                    "managers": row.managers,
                    "with_active_commitment": row.with_active,
                    "share": row.share,
                }
                for row in self.level_table()
            ],
            "served": {"served": share.served, "total": share.total, "share": share.fraction},
            "served_by_department": by["departments"],
            "served_by_location": by["locations"],
            "manager_states": {state.label: count for state, count in self.state_counts().items()},
            "gaps": [
                {
                    "manager_id": gap.manager_id,
                    "manager_name": chart.names[gap.manager_index],
                    "level": gap.depth,
                    "unserved_front_line": gap.unserved_count,
                    "has_active_commitment": bool(self.manager_state[gap.manager_index]),
                }
                for gap in self.gaps(gaps)
            ],
            "not_connected": {
                "front_line": self.not_connected_total,
                "breaks": [
                    {
                        "top_id": row.top_id,
                        "top_name": chart.names[row.top_index],
                        "top_is_person": bool(chart.real[row.top_index]),
                        "front_line": row.front_line,
                        "reason": break_words(chart, row.top_index),
                    }
                    for row in self.breaks()
                ],
            },
        }


NOT_CONNECTED = "not connected to the chief executive"


def not_connected_reason(chart: OrgChart, index: int) -> str:
    """ "not connected to the chief executive: " and :func:`break_words`."""
    return f"{NOT_CONNECTED}: {break_words(chart, index)}"


def break_words(chart: OrgChart, index: int) -> str:
    """Where the chain of ``index`` (not connected to the chief executive) breaks."""
    top = int(chart.tops[index])
    if chart.ids[top] == UNASSIGNED_ID:
        return "the manager named on their row was not found in the file"
    if chart.placeholders[top]:
        return f"their manager {_name(chart, top)} is not in the file"
    if top == index:
        return "no manager is named on their row"
    return f"{_who(chart, top)}, at the top of their chain, has no manager in the file"


def _name(chart: OrgChart, index: int) -> str:
    return chart.names[index] or chart.ids[index]


def _who(chart: OrgChart, index: int) -> str:
    name, person_id = chart.names[index], chart.ids[index]
    return f"{name} ({person_id})" if name and name != person_id else person_id
