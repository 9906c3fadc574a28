"""The built-in measures over time, counted from one walk back through the history.

:func:`~pyramid_app.model.plan_past.replay` gives every value each commitment had and the
points (a day a week) that saw it. Each value then becomes a row of bits, one bit per point,
and everything the measures ask is a few whole-array steps over those rows:

- a link from a manager to a report is served at a point when some active commitment seen
  there serves all the manager's reports or names that report (the definitions are
  :mod:`pyramid_app.model.coverage`'s, word for word): the OR of the rows of those commitments;
- a front-line person is served at a point when every link down to the chief executive is:
  the AND of the link rows along the chain, one level at a time (the chart's breadth-first
  frame, as coverage walks it), over the people with reports alone, the front line counted
  from their managers (:mod:`pyramid_app.model.progress_bits`);
- a manager has an active commitment at a point: the OR of their commitments' rows;
- a must-need is answered at a point: the OR of the rows of the active commitments naming it,
  counted against the needs the customer map had there;
- a commitment counts for "done on time" from its due date on: done then, on or before it.

What a version's manager, serves and needs say (a node, named reports, needs) is worked out once
per value the walk read (many versions share one), not once per version. So 104 weeks cost
about as much as one coverage count, however many edits made them.
"""

from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass
from functools import cached_property
from itertools import chain, count

import numpy as np
import numpy.typing as npt

from pyramid_app.model.coverage_frame import chart_frame
from pyramid_app.model.customers import CustomerMap
from pyramid_app.model.org import OrgChart
from pyramid_app.model.plan_past import PlanPast
from pyramid_app.model.plan_touches import DONE, DROPPED
from pyramid_app.model.progress_bits import (
    Bits,
    bit_counts,
    chains_of,
    chains_served,
    front_counts,
    interval_counts,
    range_bits,
)
from pyramid_app.model.selection import BoolArray
from pyramid_app.model.targets import Measure
from pyramid_app.model.units import (
    WHOLE_ORGANISATION,
    Unit,
    UnitKind,
    unit_key,
    unit_needs,
    unit_people,
)

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Counted:
    """A share at every point: ``part`` of ``whole`` (None where there is nothing to count)."""

    part: list[int]
    whole: list[int]

    def values(self) -> list[float | None]:
        return [p / w if w else None for p, w in zip(self.part, self.whole, strict=True)]


@dataclass(frozen=True)
class LevelSeries:
    level: int
    managers: int
    with_active: list[int]


class PlanSeries:
    """The built-in measures at every point of a :class:`PlanPast`, for the organisation and,
    asked for, per unit."""

    def __init__(self, chart: OrgChart, customer_map: CustomerMap, past: PlanPast) -> None:
        self.chart = chart
        self.customer_map = customer_map
        self.past = past
        self.days = past.days
        self.points = len(past.days)
        self.words = max(1, -(-self.points // 64))
        self._frame = chart_frame(chart)
        self._prepare()

    # -- the rows of bits --------------------------------------------------------------------

    def _prepare(self) -> None:
        versions = self.past.versions
        first, last = versions.first, versions.last
        dropped = versions.status == DROPPED
        self._managers = _indices(self.chart, versions.manager_ids)[versions.manager]
        self._active_anytime = ~dropped
        self._active = (first < last) & ~dropped
        self._first, self._last = first, last
        self._counted = np.flatnonzero(self._active & (self._managers >= 0))
        self._bits = range_bits(first[self._counted], last[self._counted], self.words)
        lists = versions.serves_lists
        self._serve_all = np.fromiter(map(operator.not_, lists), bool, len(lists))[versions.serves]

    @cached_property
    def _served_people(self) -> tuple[IntArray, IntArray, IntArray]:
        """Everyone named in the versions' lists of whom they serve: their nodes (-1 for an
        id nobody has), with where each list's names begin and how many it has."""
        names, starts, sizes = _flattened(self.past.versions.serves_lists)
        return _indices(self.chart, names), starts, sizes

    @cached_property
    def _active_slots(self) -> Bits:
        """Per manager (the frame's manager slots): the points at which they had an active
        commitment."""
        frame = self._frame
        rows = np.zeros((frame.manager_nodes.shape[0], self.words), dtype=np.uint64)
        slots = frame.slot[self._managers[self._counted]]
        held = slots >= 0
        np.bitwise_or.at(rows, slots[held], self._bits[held])
        return rows

    @cached_property
    def _links(self) -> tuple[Bits, Bits, IntArray, Bits]:
        """Per head (someone with reports, :class:`~pyramid_app.model.progress_bits.Chains`):
        the points with an active commitment to all their reports, and those at which their
        chain down to the chief executive was served; and the front-line people named by
        active commitments (front-line index), with the points of each naming."""
        chains = chains_of(self.chart)
        heads = chains.node.shape[0]
        counted = self._counted
        serve_all = self._serve_all[counted]
        head = chains.head_at[self._frame.position[self._managers[counted]]]
        to_all = serve_all & (head >= 0)
        all_rows = np.zeros((heads, self.words), dtype=np.uint64)
        np.bitwise_or.at(all_rows, head[to_all], self._bits[to_all])
        at, rows = self._named(counted[~serve_all], np.flatnonzero(~serve_all))
        named_head = chains.head_at[at]
        inner = named_head >= 0
        served = chains_served(chains, all_rows, named_head[inner], self._bits[rows[inner]])
        front = chains.front_at[at]
        outer = front >= 0
        return all_rows, served, front[outer], self._bits[rows[outer]]

    def _named(self, versions: IntArray, rows: IntArray) -> tuple[IntArray, IntArray]:
        """For the versions naming whom they serve: the frame positions of the named reports
        that are the manager's direct reports, and the row of bits of each."""
        nodes, starts, sizes = self._served_people
        at, of = _spread(self.past.versions.serves[versions], starts, sizes)
        found = nodes[at]  # a name twice is ORed twice
        owner = rows[of]
        manager_of_row = self._managers[self._counted]
        ok = found >= 0
        ok[ok] = self.chart.parent[found[ok]] == manager_of_row[owner[ok]]
        return self._frame.position[found[ok]], owner[ok]

    # -- the measures --------------------------------------------------------------------------

    def front_line_served(self, unit: Unit = WHOLE_ORGANISATION) -> Counted:
        chains = chains_of(self.chart)
        chosen = np.ones(chains.front_node.shape[0], dtype=bool)
        if unit != WHOLE_ORGANISATION:
            chosen = unit_people(self.chart, self.customer_map, unit)[chains.front_node]
        all_rows, served, named_front, named = self._links
        counts = front_counts(chains, chosen, all_rows, served, named_front, named, self.points)
        total = int(np.count_nonzero(chosen))
        return Counted(counts.tolist(), [total] * self.points)

    def level_series(self) -> list[LevelSeries]:
        """Per level with managers (connected to the chief executive): how many managers had
        an active commitment at each point."""
        frame = self._frame
        levels = frame.level[frame.manager_nodes]
        found = []
        for level, managers in enumerate(frame.level_managers.tolist()):
            if not managers:
                continue
            counts = bit_counts(self._active_slots[levels == level], self.points)
            found.append(LevelSeries(level, int(managers), counts.tolist()))
        return found

    def managers_committed(self, unit: Unit = WHOLE_ORGANISATION) -> Counted:
        frame = self._frame
        nodes = frame.manager_nodes
        chosen = frame.level[nodes] >= 0
        if unit != WHOLE_ORGANISATION:
            chosen &= unit_people(self.chart, self.customer_map, unit)[nodes]
        rows = self._active_slots[chosen]
        total = int(rows.shape[0])
        return Counted(bit_counts(rows, self.points).tolist(), [total] * self.points)

    @cached_property
    def _need_rows(self) -> dict[str, Bits]:
        """Per need answered: the points at which an active commitment answered it."""
        versions = self.past.versions
        names, starts, sizes = _flattened(versions.needs_lists)
        codes: dict[str, int] = {}
        code = np.fromiter(map(codes.setdefault, names, count()), np.int64, len(names))
        distinct, slot = np.unique(code, return_inverse=True)
        answering = np.flatnonzero(self._active)
        at, of = _spread(versions.needs[answering], starts, sizes)
        index = answering[of]
        rows = np.zeros((distinct.shape[0], self.words), dtype=np.uint64)
        bits = range_bits(self._first[index], self._last[index], self.words)
        np.bitwise_or.at(rows, slot.reshape(-1)[at], bits)
        return {names[int(first)]: rows[k] for k, first in enumerate(distinct.tolist())}

    def must_needs_answered(self, unit: Unit = WHOLE_ORGANISATION) -> Counted:
        part = [0] * self.points
        whole = [0] * self.points
        need_rows = self._need_rows
        empty = np.zeros(self.words, dtype=np.uint64)
        key = unit_key(unit.name)
        for version in self.past.needs:
            musts = [
                need
                for need, place in version.needs.items()
                if place.must
                and (
                    unit.kind is UnitKind.ORGANISATION
                    or (unit.kind is UnitKind.TOUCHPOINT and place.touchpoint_id == unit.name)
                    or (unit.kind is UnitKind.SEGMENT and unit_key(place.segment) == key)
                )
            ]
            rows = np.asarray([need_rows.get(need, empty) for need in musts], dtype=np.uint64)
            counts = bit_counts(rows.reshape(-1, self.words), self.points)
            for point in range(version.first, version.last):
                part[point] = int(counts[point])
                whole[point] = len(musts)
        return Counted(part, whole)

    def done_on_time(self, unit: Unit = WHOLE_ORGANISATION) -> Counted:
        """Of the active commitments due by each point's day, those done on or before their
        due date."""
        versions = self.past.versions
        chosen = self._active if unit == WHOLE_ORGANISATION else self._active & self.touching(unit)
        index = np.flatnonzero(chosen & (versions.due > 0))
        due = versions.due[index]
        days = np.asarray([day.toordinal() for day in self.days], dtype=np.int64)
        start = np.maximum(self._first[index], np.searchsorted(days, due, side="left"))
        stop = self._last[index]
        on_time = (versions.status[index] == DONE) & (versions.done_on[index] <= due)
        return Counted(
            interval_counts(start[on_time], stop[on_time], self.points).tolist(),
            interval_counts(start, stop, self.points).tolist(),
        )

    def touching(self, unit: Unit) -> BoolArray:
        """Per version: its commitment reaches ``unit``: its manager, or a report it serves, is
        one of the unit's people, or it answers one of the unit's needs (a segment's or a
        touchpoint's, as the customer map is now)."""
        versions = self.past.versions
        count = len(versions)
        if unit.kind is UnitKind.ORGANISATION:
            return np.ones(count, dtype=bool)
        chart = self.chart
        people = unit_people(chart, self.customer_map, unit)
        has_people = people & (chart.parent >= 0)
        team = people.copy()
        team[chart.parent[has_people]] = True  # a manager with someone of the unit reporting
        managers = self._managers
        known = managers >= 0
        reach = np.zeros(count, dtype=bool)
        reach[known] = people[managers[known]] | (team[managers[known]] & self._serve_all[known])
        needs = unit_needs(self.customer_map, unit)
        if needs:
            lists = versions.needs_lists
            answers = ~np.fromiter(map(needs.isdisjoint, lists), bool, len(lists))
            reach |= answers[versions.needs]
        # A commitment naming one of the unit's people (a report of its manager or not).
        nodes, _, sizes = self._served_people
        named = (nodes >= 0) & people[nodes.clip(min=0)]
        of_list = np.repeat(np.arange(sizes.shape[0]), sizes)
        names_one = np.bincount(of_list[named], minlength=sizes.shape[0]) > 0
        reach |= known & ~self._serve_all & names_one[versions.serves]
        return reach

    def first_touch(self, unit: Unit) -> dt.date | None:
        """The day the first active commitment reaching ``unit`` was there (the project's
        first day for one there before its history)."""
        reaching = self.touching(unit) & self._active_anytime
        if not reaching.any():
            return None
        since = self.past.versions.since[reaching]
        began = self.past.began.toordinal()
        return dt.date.fromordinal(int(np.where(since > 0, since, began).min()))

    def counted(self, measure: Measure, unit: Unit = WHOLE_ORGANISATION) -> Counted:
        if measure is Measure.FRONT_LINE_SERVED:
            return self.front_line_served(unit)
        if measure is Measure.MANAGERS_COMMITTED:
            return self.managers_committed(unit)
        if measure is Measure.MUST_NEEDS_ANSWERED:
            return self.must_needs_answered(unit)
        return self.done_on_time(unit)


def _flattened(lists: list[tuple[str, ...]]) -> tuple[list[str], IntArray, IntArray]:
    """Every item of ``lists`` in one list, with where each list's items begin and how many
    it has."""
    sizes = np.fromiter(map(len, lists), np.int64, len(lists))
    return list(chain.from_iterable(lists)), np.cumsum(sizes) - sizes, sizes


def _spread(chosen: IntArray, starts: IntArray, sizes: IntArray) -> tuple[IntArray, IntArray]:
    """For rows pointing at ``chosen`` lists (flattened by :func:`_flattened`): where each
    item of each row's list is, and which row it is of."""
    per_row = sizes[chosen]
    of = np.repeat(np.arange(chosen.shape[0]), per_row)
    within = np.arange(of.shape[0]) - np.repeat(np.cumsum(per_row) - per_row, per_row)
    return starts[chosen][of] + within, of


def _indices(chart: OrgChart, person_ids: list[str]) -> IntArray:
    """The node of each person id, -1 for an id nobody has. The chart's look-up gives None
    for those, which numpy reads as NaN in floats (exact for any node index): one pass in C."""
    found = np.array(chart.indices_of(person_ids), dtype=np.float64).reshape(-1)
    return np.where(np.isnan(found), -1, found).astype(np.int64)
