"""Coverage kept up to date edit by edit; :mod:`pyramid_app.model.coverage` says what it means."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import numpy as np
import numpy.typing as npt

from pyramid_app.model.coverage_frame import COLUMNS, BoolArray, Int32Array, chart_frame
from pyramid_app.model.coverage_report import Coverage, Int8Array, commitment_state
from pyramid_app.model.org import OrgChart
from pyramid_app.model.plan import Commitment, Plan
from pyramid_app.model.project import Change

# More dirty runs than this on one level are recomputed as the one run that spans them all:
# a bulk edit touching thousands of managers then costs a few whole-level numpy steps instead
# of thousands of small ones.
_MAX_RUNS = 32
# Below this share of the target's size, np.add.at beats a full-length bincount.
_SPARSE_SHARE = 64


class CoverageTracker:
    """Coverage kept up to date edit by edit.

    Holds, per manager node, the number of active commitments (in total, per state, and serving
    all reports) and, per link, the number of active commitments naming that report. An edit
    moves those counts for the commitments it touched (their previous value is kept here, by
    id), and only links whose served-ness flipped send a recompute up the tree; the recompute
    goes level by level over contiguous runs of the breadth-first order and stops where the
    first broken link no longer changes.
    """

    def __init__(
        self,
        chart: OrgChart,
        plan: Iterable[Commitment],
        today: dt.date,
        follows_edits: bool = True,
    ) -> None:
        # A tracker that follows no edits (one coverage, then gone) keeps no copy of the plan's
        # commitments to compare edits with: 50 MB for a million commitments.
        self._follows_edits = follows_edits
        self._reset(chart, plan, today)

    @property
    def chart(self) -> OrgChart:
        return self._chart

    @property
    def today(self) -> dt.date:
        return self._today

    # -- building ----------------------------------------------------------------------------

    def _reset(self, chart: OrgChart, plan: Iterable[Commitment], today: dt.date) -> None:
        self._chart = chart
        self._today = today
        frame = self._frame = chart_frame(chart)
        n = len(chart)
        self._seen: dict[str, Commitment] = {}
        managers: list[int] = []
        states: list[int] = []
        serving_all: list[int] = []
        named: list[int] = []
        lookup = self._lookup
        parent = chart.parent
        seen, follows = self._seen, self._follows_edits
        for commitment in plan:
            if follows:
                seen[commitment.id] = commitment
            if not commitment.active:
                continue
            manager = lookup(commitment.manager_id)
            if manager < 0:
                continue
            managers.append(manager)
            states.append(commitment_state(commitment, today) - 1)
            if commitment.serves_all:
                serving_all.append(manager)
                continue
            for report_id in set(commitment.serves):
                report = lookup(report_id)
                if report >= 0 and parent[report] == manager:
                    named.append(report)
        manager_array = np.asarray(managers, dtype=np.int64)
        self._active = np.bincount(manager_array, minlength=n).astype(np.int32)
        self._states = (
            np.bincount(manager_array * 4 + np.asarray(states, dtype=np.int64), minlength=4 * n)
            .astype(np.int32)
            .reshape(n, 4)
        )
        self._all = np.bincount(np.asarray(serving_all, dtype=np.int64), minlength=n).astype(
            np.int32
        )
        self._named = np.bincount(
            frame.position[np.asarray(named, dtype=np.int64)], minlength=n
        ).astype(np.int32)
        self._state = np.where(frame.manager, _states_of(self._states), 0).astype(np.int8)
        with_active = frame.manager & (self._active > 0) & (frame.level >= 0)
        self._with_active = np.bincount(
            frame.level[with_active], minlength=frame.level_managers.shape[0]
        )
        self._link = frame.free | (self._all[frame.parent_node.clip(min=0)] > 0) | (self._named > 0)
        # Start from "everyone served" and let the full pass below account every difference.
        self._first_broken = np.full(n, -1, dtype=np.int32)
        self._served_total = frame.front_total
        self._served_by = {column: frame.front_by_value[column].copy() for column in COLUMNS}
        self._gap_count = np.zeros(frame.manager_nodes.shape[0], dtype=np.int32)
        starts = frame.level_start
        self._recompute(
            {level: [(starts[level], starts[level + 1])] for level in range(1, len(starts) - 1)}
        )

    def _lookup(self, person_id: str) -> int:
        try:
            return self._chart.index_of(person_id)
        except KeyError:
            return -1

    # -- updating ----------------------------------------------------------------------------

    def update(self, chart: OrgChart, plan: Plan, change: Change) -> None:
        """Bring coverage up to ``plan`` after the edit ``change`` (an observer's arguments).

        A new chart (``change.org``, or any other chart object) means starting afresh.
        """
        self._check_follows()
        if chart is not self._chart or change.org:
            self._reset(chart, plan, self._today)
            return
        self.apply(plan, change.commitments)

    def apply(self, plan: Plan, commitment_ids: Iterable[str]) -> None:
        """Take in the current value of each commitment named (added, changed or removed)."""
        self._check_follows()
        dirty: dict[int, list[tuple[int, int]]] = {}
        touched: set[int] = set()
        for commitment_id in commitment_ids:
            old = self._seen.pop(commitment_id, None)
            new = plan.get(commitment_id)
            if old is not None:
                self._count(old, -1, dirty, touched)
            if new is not None:
                self._seen[commitment_id] = new
                self._count(new, 1, dirty, touched)
        for manager in touched:
            self._state[manager] = _state_of(self._states[manager])
        self._recompute(dirty)

    def set_today(self, today: dt.date) -> None:
        """Move to another day: only which commitments are overdue can change."""
        if today == self._today:
            return
        self._check_follows()
        self._today = today
        n = len(self._chart)
        managers: list[int] = []
        states: list[int] = []
        for commitment in self._seen.values():
            if commitment.active:
                manager = self._lookup(commitment.manager_id)
                if manager >= 0:
                    managers.append(manager)
                    states.append(commitment_state(commitment, today) - 1)
        flat = np.asarray(managers, dtype=np.int64) * 4 + np.asarray(states, dtype=np.int64)
        self._states = np.bincount(flat, minlength=4 * n).astype(np.int32).reshape(n, 4)
        self._state = np.where(self._frame.manager, _states_of(self._states), 0).astype(np.int8)

    def _check_follows(self) -> None:
        if not self._follows_edits:
            raise RuntimeError("this coverage tracker was made for one count, not to follow edits")

    def _count(
        self,
        commitment: Commitment,
        sign: int,
        dirty: dict[int, list[tuple[int, int]]],
        touched: set[int],
    ) -> None:
        if not commitment.active:
            return
        manager = self._lookup(commitment.manager_id)
        if manager < 0:
            return
        frame = self._frame
        depth = int(self._chart.depth[manager])
        had = self._active[manager] > 0
        self._active[manager] += sign
        level = int(frame.level[manager])
        if (self._active[manager] > 0) != had and frame.manager[manager] and level >= 0:
            self._with_active[level] += sign
        self._states[manager, commitment_state(commitment, self._today) - 1] += sign
        if frame.manager[manager]:
            touched.add(manager)
        if commitment.serves_all:
            had = self._all[manager] > 0
            self._all[manager] += sign
            if (self._all[manager] > 0) != had:
                lo, hi = frame.children_range(manager)
                self._relink(lo, hi)
                dirty.setdefault(depth + 1, []).append((lo, hi))
            return
        for report_id in set(commitment.serves):
            report = self._lookup(report_id)
            if report < 0 or self._chart.parent[report] != manager:
                continue
            at = int(frame.position[report])
            had = self._named[at] > 0
            self._named[at] += sign
            if (self._named[at] > 0) != had:
                self._relink(at, at + 1)
                dirty.setdefault(depth + 1, []).append((at, at + 1))

    def _relink(self, lo: int, hi: int) -> None:
        frame = self._frame
        self._link[lo:hi] = (
            frame.free[lo:hi]
            | (self._all[frame.parent_node[lo:hi].clip(min=0)] > 0)
            | (self._named[lo:hi] > 0)
        )

    # -- the walk toward the customers -----------------------------------------------------

    def _recompute(self, dirty: dict[int, list[tuple[int, int]]]) -> None:
        """Recompute first broken links in ``dirty`` runs (per level) and wherever that leads."""
        if not dirty:
            return
        frame = self._frame
        last = len(frame.level_start) - 2
        level = max(1, min(dirty))
        carried: list[tuple[int, int]] = []
        while level <= last:
            runs = _merge(carried + dirty.pop(level, []))
            if not runs:
                if not dirty:
                    return
                level = min(dirty)
                continue
            if len(runs) > _MAX_RUNS:
                runs = [(runs[0][0], runs[-1][1])]
            carried = []
            for lo, hi in runs:
                changed = self._recompute_run(lo, hi)
                if changed is not None:
                    carried.append(
                        (int(frame.child_start[changed[0]]), int(frame.child_start[changed[1]]))
                    )
            level += 1

    def _recompute_run(self, lo: int, hi: int) -> tuple[int, int] | None:
        """First broken links of positions ``lo:hi``; the span that changed, if any."""
        frame = self._frame
        broken = self._first_broken
        old = broken[lo:hi]
        new = np.where(
            self._link[lo:hi], broken[frame.parent_position[lo:hi]], frame.parent_slot[lo:hi]
        )
        moved = new != old
        first = int(np.argmax(moved))
        if not moved[first]:
            return None
        last = hi - lo - int(np.argmax(moved[::-1]))
        self._account(lo, hi, moved & frame.front[lo:hi], old, new)
        broken[lo:hi] = new
        return lo + first, lo + last

    def _account(
        self, lo: int, hi: int, moved: BoolArray, old: Int32Array, new: Int32Array
    ) -> None:
        """Move served counts and gap counts of the ``moved`` front line in ``lo:hi``."""
        # Masks over the run rather than index arrays: the same O(run) as the pass itself, and
        # several times cheaper than gathers when a whole level flips at once.
        if not moved.any():
            return
        was, now = old < 0, new < 0
        gained, lost = moved & now & ~was, moved & was & ~now
        self._served_total += int(np.count_nonzero(gained)) - int(np.count_nonzero(lost))
        for column in COLUMNS:
            codes = self._frame.codes[column][lo:hi]
            counts = self._served_by[column]
            _bump(counts, codes[gained], 1)
            _bump(counts, codes[lost], -1)
        _bump(self._gap_count, old[moved & ~was], -1)
        _bump(self._gap_count, new[moved & ~now], 1)

    # -- reading -----------------------------------------------------------------------------

    def coverage(self) -> Coverage:
        """A snapshot of the figures now (copies, so later edits leave it as it is)."""
        frame = self._frame
        return Coverage(
            chart=self._chart,
            today=self._today,
            manager_state=self._state.copy(),
            level_managers=frame.level_managers,
            level_with_active=self._with_active.copy(),
            front_line_total=frame.front_total,
            front_line_served=self._served_total,
            _frame=frame,
            _first_broken=self._first_broken.copy(),
            _link_served=self._link.copy(),
            _gap_count=self._gap_count.copy(),
            _served_by={column: counts.copy() for column, counts in self._served_by.items()},
        )


def _states_of(counts: Int32Array) -> Int8Array:
    """Per row of per-state counts, the highest state present (NONE when none)."""
    present = counts > 0
    highest = 4 - np.argmax(present[:, ::-1], axis=1)
    return np.where(present.any(axis=1), highest, 0).astype(np.int8)


def _state_of(counts: Int32Array) -> int:
    present = np.flatnonzero(counts > 0)
    return int(present[-1]) + 1 if present.shape[0] else 0


def _merge(runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-empty, non-overlapping runs covering the same positions."""
    merged: list[tuple[int, int]] = []
    for lo, hi in sorted(runs):
        if hi <= lo:
            continue
        if merged and lo <= merged[-1][1]:
            if hi > merged[-1][1]:
                merged[-1] = (merged[-1][0], hi)
        else:
            merged.append((lo, hi))
    return merged


def _bump(counts: npt.NDArray[np.signedinteger[Any]], indexes: npt.NDArray[Any], step: int) -> None:
    if indexes.shape[0] == 0:
        return
    if indexes.shape[0] * _SPARSE_SHARE < counts.shape[0]:
        np.add.at(counts, indexes, step)
    else:
        counts += (step * np.bincount(indexes, minlength=counts.shape[0])).astype(counts.dtype)
