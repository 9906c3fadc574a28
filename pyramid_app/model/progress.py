"""The built-in measures over time, counted from one walk back through the history.

:func:`~pyramid_app.model.plan_history.replay` gives every value each commitment had and the
points (a day a week) that saw it. Each value then becomes a row of bits, one bit per point,
and everything the measures ask is a few whole-array steps over those rows:

- a link from a manager to a report is served at a point when some active commitment seen
  there serves all the manager's reports or names that report (the definitions are
  :mod:`pyramid_app.model.coverage`'s, word for word): the OR of the rows of those commitments;
- a front-line person is served at a point when every link down to the chief executive is:
  the AND of the link rows along the chain, one level at a time (the chart's breadth-first
  frame, as coverage walks it);
- a manager has an active commitment at a point: the OR of their commitments' rows;
- a must-need is answered at a point: the OR of the rows of the active commitments naming it,
  counted against the needs the customer map had there;
- a commitment counts for "done on time" from its due date on: done then, on or before it.

So 104 weeks cost about as much as one coverage count, however many edits made them.
"""

from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt

from pyramid_app.model.coverage_frame import chart_frame
from pyramid_app.model.customers import CustomerMap
from pyramid_app.model.org import OrgChart
from pyramid_app.model.plan_past import DONE, DROPPED, PlanPast
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

Bits = npt.NDArray[np.uint64]
IntArray = npt.NDArray[np.int64]

_ALL = np.uint64(0xFFFF_FFFF_FFFF_FFFF)
_CHUNK = 1 << 16  # rows unpacked at a time when bits are counted


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
        count = len(versions)
        first, last = versions.first, versions.last
        dropped = versions.status == DROPPED
        self._managers = _indices(self.chart, versions.managers)
        self._active_anytime = ~dropped
        self._active = (first < last) & ~dropped
        self._first, self._last = first, last
        self._counted = np.flatnonzero(self._active & (self._managers >= 0))
        self._bits = _range_bits(first[self._counted], last[self._counted], self.words)
        self._serve_all = np.fromiter(map(operator.not_, versions.serves), bool, count)

    @cached_property
    def active_managers(self) -> Bits:
        """Per node: the points at which the person had an active commitment."""
        rows = np.zeros((len(self.chart), self.words), dtype=np.uint64)
        np.bitwise_or.at(rows, self._managers[self._counted], self._bits)
        return rows

    @cached_property
    def served(self) -> Bits:
        """Per position of the chart's frame: the points at which the chain down to the chief
        executive was served all the way."""
        chart, frame = self.chart, self._frame
        n = len(chart)
        counted = self._counted
        managers = self._managers[counted]
        serve_all = self._serve_all[counted]
        all_rows = self._all_rows = np.zeros((n, self.words), dtype=np.uint64)
        np.bitwise_or.at(all_rows, managers[serve_all], self._bits[serve_all])
        at, rows = self._named(counted[~serve_all], np.flatnonzero(~serve_all))
        link = all_rows[frame.parent_node.clip(min=0)]
        # The links served only by the manager's commitments to all their reports.
        self._plain = ~frame.free
        if at.shape[0]:
            named = np.zeros((n, self.words), dtype=np.uint64)
            np.bitwise_or.at(named, at, self._bits[rows])
            link |= named
            self._plain[at] = False
        link[frame.free] = _ALL
        served: Bits = np.empty_like(link)
        starts = frame.level_start
        for level in range(len(starts) - 1):
            lo, hi = starts[level], starts[level + 1]
            if level == 0:
                served[lo:hi] = link[lo:hi]
            else:
                np.bitwise_and(link[lo:hi], served[frame.parent_position[lo:hi]], out=served[lo:hi])
        return served

    def _named(self, versions: IntArray, rows: IntArray) -> tuple[IntArray, IntArray]:
        """For the versions naming whom they serve: the frame positions of the named reports
        that are the manager's direct reports, and the row of bits of each."""
        every = self.past.versions.serves
        serves = [every[version] for version in versions.tolist()]
        names = [name for named in serves for name in named]  # a name twice is ORed twice
        found = _indices(self.chart, names)
        owner = np.repeat(rows, np.fromiter(map(len, serves), np.int64, len(serves)))
        manager_of_row = self._managers[self._counted]
        ok = found >= 0
        ok[ok] = self.chart.parent[found[ok]] == manager_of_row[owner[ok]]
        return self._frame.position[found[ok]], owner[ok]

    # -- the measures --------------------------------------------------------------------------

    def front_line_served(self, unit: Unit = WHOLE_ORGANISATION) -> Counted:
        frame = self._frame
        front = frame.front
        if unit != WHOLE_ORGANISATION:
            front = front & unit_people(self.chart, self.customer_map, unit)[frame.order]
        served = self.served
        # Front-line people whose link is served only by their manager's commitments to all
        # reports are served exactly when their manager's own chain and those commitments
        # are: counted once per manager, times how many such people the manager has.
        plain = front & self._plain
        weights = np.bincount(frame.parent_position[plain], minlength=served.shape[0])
        managers = np.flatnonzero(weights)
        chains = self._all_rows[frame.order[managers]] & served[managers]
        counts = _bit_counts(served[front & ~plain], self.points)
        counts += _bit_counts(chains, self.points, weights[managers])
        total = int(np.count_nonzero(front))
        return Counted(counts.tolist(), [total] * self.points)

    def level_series(self) -> list[LevelSeries]:
        """Per level with managers (connected to the chief executive): how many managers had
        an active commitment at each point."""
        frame = self._frame
        levels = frame.level
        found = []
        for level, managers in enumerate(frame.level_managers.tolist()):
            if not managers:
                continue
            nodes = frame.manager & (levels == level)
            counts = _bit_counts(self.active_managers[nodes], self.points)
            found.append(LevelSeries(level, int(managers), counts.tolist()))
        return found

    def managers_committed(self, unit: Unit = WHOLE_ORGANISATION) -> Counted:
        frame = self._frame
        nodes = frame.manager & (frame.level >= 0)
        if unit != WHOLE_ORGANISATION:
            nodes = nodes & unit_people(self.chart, self.customer_map, unit)
        rows = self.active_managers[nodes]
        total = int(rows.shape[0])
        return Counted(_bit_counts(rows, self.points).tolist(), [total] * self.points)

    @cached_property
    def _need_rows(self) -> dict[str, Bits]:
        needs = self.past.versions.needs
        answering = [i for i in np.flatnonzero(self._active).tolist() if needs[i]]
        index = np.asarray(answering, dtype=np.int64)
        rows = _range_bits(self._first[index], self._last[index], self.words)
        found: dict[str, Bits] = {}
        for row, version in enumerate(answering):
            for need in needs[version]:
                bits = found.get(need)
                found[need] = rows[row].copy() if bits is None else bits | rows[row]
        return found

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
            counts = _bit_counts(rows.reshape(-1, self.words), self.points)
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
            _interval_counts(start[on_time], stop[on_time], self.points).tolist(),
            _interval_counts(start, stop, self.points).tolist(),
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
            answers = versions.needs
            for i in np.flatnonzero(~reach).tolist():
                if answers[i] and needs.intersection(answers[i]):
                    reach[i] = True
        serves = versions.serves
        for i in np.flatnonzero(~reach & known & ~self._serve_all).tolist():
            found = chart.indices_of(serves[i])
            reach[i] = any(j is not None and people[j] for j in found)
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


def _indices(chart: OrgChart, person_ids: list[str]) -> IntArray:
    """The node of each person id, -1 for an id nobody has: each distinct id looked up once
    (a few thousand managers hold a hundred thousand commitments)."""
    distinct = list(dict.fromkeys(person_ids))
    nodes = {
        person: -1 if node is None else node
        for person, node in zip(distinct, chart.indices_of(distinct), strict=True)
    }
    return np.fromiter(map(nodes.__getitem__, person_ids), np.int64, len(person_ids))


def _ones(count: IntArray) -> Bits:
    """``(1 << count) - 1`` for counts from 0 to 64."""
    shift = np.minimum(count, 63).astype(np.uint64)
    low = np.left_shift(np.uint64(1), shift) - np.uint64(1)
    return np.where(count >= 64, _ALL, low).astype(np.uint64)


def _range_bits(first: IntArray, last: IntArray, words: int) -> Bits:
    """Per pair, the bits ``first`` to before ``last`` set, over ``words`` words."""
    rows = np.empty((first.shape[0], words), dtype=np.uint64)
    for word in range(words):
        low = np.clip(first - 64 * word, 0, 64)
        high = np.clip(last - 64 * word, 0, 64)
        rows[:, word] = _ones(high) & ~_ones(low)
    return rows


def _bit_counts(rows: Bits, points: int, weights: IntArray | None = None) -> IntArray:
    """How many rows have each bit set (each counting ``weights`` times when given), for the
    first ``points`` bits."""
    words = rows.shape[1] if rows.ndim == 2 else 1
    total = np.zeros(64 * words, dtype=np.int64)
    for start in range(0, rows.shape[0], _CHUNK):
        block = np.ascontiguousarray(rows[start : start + _CHUNK], dtype="<u8").view(np.uint8)
        bits = np.unpackbits(block, axis=1, bitorder="little")
        if weights is None:
            total += bits.sum(axis=0, dtype=np.int64)
        else:
            # Exact in float64: a count is at most the number of people.
            chunk = weights[start : start + _CHUNK].astype(np.float64)
            total += np.rint(chunk @ bits.astype(np.float64)).astype(np.int64)
    return total[:points]


def _interval_counts(start: IntArray, stop: IntArray, points: int) -> IntArray:
    """At each point, how many of the intervals ``start`` to before ``stop`` hold it."""
    keep = start < stop
    change = np.zeros(points + 1, dtype=np.int64)
    np.add.at(change, start[keep], 1)
    np.add.at(change, stop[keep], -1)
    return np.cumsum(change[:points])
