"""What coverage needs of a chart alone, computed once per chart and kept while the chart lives.

Coverage walks the tree from the root toward the customers, level by level. Doing that over the
chart's own node order would gather and scatter at random places; in breadth-first order every
level is one contiguous slice, its parents sit in the slice before it, and the descendants of any
contiguous run of nodes are again a contiguous run one level up. So the chart is laid out once in
that order (a "position" per node) and the per-plan part works on slices.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import numpy.typing as npt

from pyramid_app.model.org import OrgChart
from pyramid_app.model.selection import column_codes, manager_mask
from pyramid_app.model.tree import IntArray, levels_down

BoolArray = npt.NDArray[np.bool_]
Int32Array = npt.NDArray[np.int32]

Column = Literal["departments", "locations"]
# The text columns whose front-line coverage is counted per value.
COLUMNS: tuple[Column, ...] = ("departments", "locations")


@dataclass(eq=False)
class ChartFrame:
    """The chart in breadth-first order, plus the masks and totals coverage reads."""

    order: IntArray  # position -> node; roots first, then each level, children in sheet order
    position: IntArray  # node -> position
    identity: bool  # the chart's node order already is breadth-first (no reordering needed)
    level_start: list[int]  # level d holds positions level_start[d]:level_start[d + 1]
    parent_position: IntArray  # per position, the parent's position (0 for a root: never read)
    parent_node: Int32Array  # per position, the parent's node index, -1 for a root
    parent_slot: Int32Array  # per position, the parent's manager slot, -1 if not a manager
    child_start: IntArray  # per position (n + 1 entries), where its children begin
    free: BoolArray  # per position: the link above needs no commitment (root, synthetic parent)
    front: BoolArray  # per position: a connected real person without reports
    front_line: BoolArray  # per node: a real person without reports, connected or not
    not_connected_front: BoolArray  # per node: front line not connected to the chief executive
    manager: BoolArray  # per node: a real person with reports
    level: IntArray  # per node: its level (chart.levels), -1 where not connected
    manager_nodes: IntArray  # node indexes of the managers, ascending
    slot: Int32Array  # per node: its index in manager_nodes, -1 for everyone else
    level_managers: IntArray  # connected managers per level
    front_total: int  # connected front line
    codes: dict[str, Int32Array] = field(default_factory=dict)  # column -> code per position
    values: dict[str, list[str]] = field(default_factory=dict)  # column -> text of each code
    front_by_value: dict[str, IntArray] = field(default_factory=dict)  # column -> front per code

    def children_range(self, node: int) -> tuple[int, int]:
        """Positions of ``node``'s direct reports: one contiguous run."""
        at = int(self.position[node])
        return int(self.child_start[at]), int(self.child_start[at + 1])

    def level_of_position(self, at: int) -> int:
        return int(np.searchsorted(self.level_start, at, side="right")) - 1


_frames: weakref.WeakKeyDictionary[OrgChart, ChartFrame] = weakref.WeakKeyDictionary()


def chart_frame(chart: OrgChart) -> ChartFrame:
    """The frame of ``chart``, built on first use; a chart is never changed in place."""
    frame = _frames.get(chart)
    if frame is None:
        frame = _build(chart)
        _frames[chart] = frame
    return frame


def breadth_first_order(chart: OrgChart) -> list[IntArray]:
    """Nodes level by level; within a level, grouped by parent in the previous level's order."""
    roots = np.flatnonzero(chart.parent < 0).astype(np.int64)
    return levels_down(chart.child_offsets, chart.child_index, roots)


def _build(chart: OrgChart) -> ChartFrame:
    n = len(chart)
    levels = breadth_first_order(chart)
    order = np.concatenate(levels) if n else np.zeros(0, dtype=np.int64)
    position = np.empty(n, dtype=np.int64)
    position[order] = np.arange(n)
    level_start = [0, *np.cumsum([level.shape[0] for level in levels]).tolist()]

    parent_of = chart.parent[order]
    has_parent = parent_of >= 0
    parent_position = np.where(has_parent, position[parent_of.clip(min=0)], 0)
    spans = chart.span_of_control[order]
    child_start = np.empty(n + 1, dtype=np.int64)
    child_start[0] = level_start[1] if n else 0
    np.cumsum(spans, out=child_start[1:])
    child_start[1:] += child_start[0]

    synthetic_parent = chart.synthetic[parent_of.clip(min=0)] & has_parent
    manager = manager_mask(chart)
    manager_nodes = np.flatnonzero(manager)
    slot = np.full(n, -1, dtype=np.int32)
    slot[manager_nodes] = np.arange(manager_nodes.shape[0], dtype=np.int32)
    front_line = chart.real & (chart.span_of_control == 0)
    # Only the front line connected to the chief executive can be served; the rest is counted
    # apart (a chain through the Unassigned group or a placeholder has nobody who can commit).
    front = (front_line & chart.connected)[order]
    level_of = chart.levels
    counted = manager & chart.connected
    frame = ChartFrame(
        order=order,
        position=position,
        identity=bool(np.array_equal(order, np.arange(n))),
        level_start=level_start,
        parent_position=parent_position,
        parent_node=parent_of.astype(np.int32),
        parent_slot=np.where(has_parent, slot[parent_of.clip(min=0)], -1).astype(np.int32),
        child_start=child_start,
        free=~has_parent | synthetic_parent,
        front=front,
        front_line=front_line,
        not_connected_front=front_line & chart.not_connected,
        manager=manager,
        level=level_of,
        manager_nodes=manager_nodes,
        slot=slot,
        level_managers=np.bincount(level_of[counted], minlength=1),
        front_total=int(front.sum()),
    )
    for column in COLUMNS:
        codes, values = column_codes(chart, column)
        by_position = codes[order].astype(np.int32)
        frame.codes[column] = by_position
        frame.values[column] = values
        frame.front_by_value[column] = np.bincount(by_position[front], minlength=len(values))
    # Shared by every tracker and snapshot of this chart (a snapshot hands some out as they
    # are): a caller writing into one must fail rather than change everyone's figures.
    arrays = [value for value in vars(frame).values() if isinstance(value, np.ndarray)]
    for extra in (frame.codes, frame.front_by_value):
        arrays.extend(extra.values())
    for array in arrays:
        array.flags.writeable = False
    return frame
