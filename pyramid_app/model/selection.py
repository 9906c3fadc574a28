"""Choosing many managers at once: at a level, in a department or location, or under someone.

The bulk "apply a commitment to many managers" works on these groups. Everything is numpy over
the whole organisation's chart (never a focused subtree, whose node indexes differ), and the
results are person ids, because the plan is keyed by person id.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from pyramid_app.model.org import OrgChart
from pyramid_app.model.tree import IntArray, levels_down

BoolArray = npt.NDArray[np.bool_]


class ScopeKind(StrEnum):
    LEVEL = "level"
    DEPARTMENT = "department"
    LOCATION = "location"
    SUBTREE = "subtree"


_COLUMNS = {ScopeKind.DEPARTMENT: "departments", ScopeKind.LOCATION: "locations"}

# Text columns turned into integer codes once per chart: a chart is never changed in place
# (an update from HR builds a new one), so its codes stay valid while it lives.
_codes: weakref.WeakKeyDictionary[OrgChart, dict[str, tuple[IntArray, list[str]]]] = (
    weakref.WeakKeyDictionary()
)


def manager_mask(chart: OrgChart) -> BoolArray:
    """Real people with at least one direct report: the ones who can hold a commitment."""
    return chart.real & (chart.span_of_control > 0)


def column_codes(chart: OrgChart, column: str) -> tuple[IntArray, list[str]]:
    """``(codes, values)`` with ``values[codes[i]]`` the text of ``column`` for person ``i``."""
    per_chart = _codes.setdefault(chart, {})
    found = per_chart.get(column)
    if found is None:
        index: dict[str, int] = {}
        texts: list[str] = getattr(chart, column)
        codes = np.fromiter(
            (index.setdefault(text, len(index)) for text in texts),
            dtype=np.int64,
            count=len(texts),
        )
        found = (codes, list(index))
        per_chart[column] = found
    return found


def managers_at_level(chart: OrgChart, level: int) -> IntArray:
    """Node indexes of the managers at ``level`` (0 is the chief executive), in sheet order."""
    return np.flatnonzero(manager_mask(chart) & (chart.levels == level))


def managers_with(chart: OrgChart, column: str, value: str) -> IntArray:
    """Node indexes of the managers whose ``column`` ("departments", "locations") is ``value``."""
    codes, values = column_codes(chart, column)
    try:
        code = values.index(value)
    except ValueError:
        return np.zeros(0, dtype=np.int64)
    return np.flatnonzero(manager_mask(chart) & (codes == code))


def subtree_nodes(chart: OrgChart, index: int) -> IntArray:
    """``index`` and everyone under them, level by level (each level one numpy step)."""
    start = np.asarray([index], dtype=np.int64)
    return np.concatenate(levels_down(chart.child_offsets, chart.child_index, start))


def managers_under(chart: OrgChart, person_id: str) -> IntArray:
    """Node indexes of the managers in ``person_id``'s subtree, the person included, sorted."""
    nodes = subtree_nodes(chart, chart.index_of(person_id))
    return np.sort(nodes[manager_mask(chart)[nodes]])


def level_manager_counts(chart: OrgChart) -> list[tuple[int, int]]:
    """``(level, managers)`` for every level that has at least one manager."""
    levels = chart.levels[manager_mask(chart)]
    counts = np.bincount(levels[levels >= 0], minlength=chart.level_count)
    return [(level, int(count)) for level, count in enumerate(counts.tolist()) if count]


def manager_counts_by(chart: OrgChart, column: str) -> list[tuple[str, int]]:
    """``(value, managers)`` for each department (or location) with managers, by name."""
    codes, values = column_codes(chart, column)
    counts = np.bincount(codes[manager_mask(chart)], minlength=len(values))
    found = [(values[code], int(counts[code])) for code in np.flatnonzero(counts).tolist()]
    return sorted(found, key=lambda pair: (pair[0].casefold(), pair[0]))


def ids_of(chart: OrgChart, nodes: IntArray) -> list[str]:
    ids = chart.ids
    return [ids[node] for node in nodes.tolist()]


@dataclass(frozen=True)
class ManagerScope:
    """Which managers a bulk edit reaches: a level, a department, a location or a subtree.

    ``value`` is the level number, the department or location text, or the person id at the
    head of the subtree.
    """

    kind: ScopeKind
    value: int | str

    def nodes(self, chart: OrgChart) -> IntArray:
        """Node indexes of the managers in scope, in sheet order; none if the value is unknown."""
        if self.kind is ScopeKind.LEVEL:
            return managers_at_level(chart, int(self.value))
        if self.kind is ScopeKind.SUBTREE:
            try:
                return managers_under(chart, str(self.value))
            except KeyError:
                return np.zeros(0, dtype=np.int64)
        return managers_with(chart, _COLUMNS[self.kind], str(self.value))

    def manager_ids(self, chart: OrgChart) -> list[str]:
        return ids_of(chart, self.nodes(chart))

    def count(self, chart: OrgChart) -> int:
        return int(self.nodes(chart).shape[0])

    def describe(self, chart: OrgChart) -> str:
        """Words that follow "N managers": "at level 3", "in Housekeeping", "under Ann Archer"."""
        if self.kind is ScopeKind.LEVEL:
            return f"at level {self.value}"
        if self.kind is ScopeKind.SUBTREE:
            person_id = str(self.value)
            try:
                name = chart.names[chart.index_of(person_id)] or person_id
            except KeyError:
                name = person_id
            return f"under and including {name}"
        if not self.value:
            return f"with no {self.kind.value}"
        return f"in {self.value}"
