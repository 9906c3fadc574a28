"""The walk back through the history (:func:`pyramid_app.model.plan_past.replay` runs it):
every value each commitment had, and the points that saw it.

The walk goes from the newest edit to the oldest and notes, for every commitment an edit
touched, the value it had before that edit: what the walk reads of each edit was taken as it
was made or read back (:func:`~pyramid_app.model.plan_touches.edit_facts`), long runs of the
commonest edits are read as whole arrays (:func:`~pyramid_app.model.plan_touches.read_run`),
and only the rarer kinds are applied to a copy of the plan. Grouped by commitment afterwards,
each value runs from the edit that made it to the next one touching the same commitment, and
the points (a day a week) whose end falls in between saw it. Values the measures read the
same (a text edited) are not noted at all.
"""

from __future__ import annotations

import bisect
import datetime as dt
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from itertools import islice, repeat
from typing import Any, cast

import numpy as np
import numpy.typing as npt

from pyramid_app.model import customer_commands
from pyramid_app.model.audience import SetHidden
from pyramid_app.model.commands import (
    AddCommitments,
    Batch,
    ChangeCommitment,
    Command,
    RemoveCommitments,
    SetUserFamily,
    # The inverse of every field change: it puts the whole old commitment back.
    _Restore,
)
from pyramid_app.model.customers import CustomerMap, Importance
from pyramid_app.model.plan import Commitment, Plan, Status, with_changes
from pyramid_app.model.plan_history import (
    UNKNOWN_TIME,
    Edit,
    PlanHistory,
    changed_later,
    clamped,
    copy_map,
)
from pyramid_app.model.plan_touches import (
    ABSENT,
    DONE,
    FACT_FIELDS,
    GONE,
    OTHER,
    STOP,
    DueDays,
    Touches,
    carried,
    kinds,
    read_edits,
    read_run,
    read_values,
)
from pyramid_app.model.plan_versions import NeedFacts, NeedsVersion, Versions, no_versions
from pyramid_app.model.project import Project
from pyramid_app.model.result_commands import SetResults
from pyramid_app.model.target_commands import PutTarget, RemoveTarget

IntArray = npt.NDArray[np.int64]
Int8Array = npt.NDArray[np.int8]

# Edits of what the plan's measures never read.
_ELSEWHERE = (SetUserFamily, SetHidden, PutTarget, RemoveTarget, SetResults)
_MAP_COMMANDS = tuple(
    value
    for value in vars(customer_commands).values()
    if isinstance(value, type)
    and issubclass(value, Command)
    and value.__module__ == customer_commands.__name__
)
# A run of field changes and additions this long or longer is read as whole arrays
# (:func:`~pyramid_app.model.plan_touches.read_run`); a shorter one, one edit at a time.
BATCH_EDITS = 48
# The history is read this many edits at a time: a walk that stops early reads little more.
_SLICE = 1 << 15


class Walk:
    """The walk back (:func:`~pyramid_app.model.plan_past.replay` runs it): every touch of a
    commitment, newest first."""

    def __init__(self, project: Project, cutoffs: list[dt.datetime]) -> None:
        self.project = project
        self.cutoffs = cutoffs
        # Every cutoff is a midnight: an edit is past one exactly when its day is.
        self.cutoff_days = np.asarray([cut.toordinal() for cut in cutoffs], dtype=np.int64)
        # The plan as the walk has it; a value :func:`read_run` left is its edit, until read.
        self.state: dict[str, Commitment | Edit] = dict(project.plan.commitments)
        self.unread: list[str] = []
        self.due_days = DueDays()
        self.touches = Touches(self.due_days)
        # The touches where a done run began on a day of its own, and those days (a million
        # commitments' first values each have one: as numbers, not a dict of a million).
        self.done_touches = array("q")
        self.done_days = array("q")
        self.point = len(cutoffs)
        self.day = 0
        self.map_project: Project | None = None  # the customer map as the walk goes
        self.map_upper = len(cutoffs)
        self.map_versions: list[tuple[int, int, CustomerMap]] = []

    def run(self, history: PlanHistory) -> dt.datetime | None:
        """Undo every edit the history kept; the time the walk stopped at (None: the history
        holds no edit and no start)."""
        base_time = history.began
        bound: dt.datetime | None = None
        for edits in _slices(history.edits):
            facts, times = read_edits(edits)
            found = kinds(facts)
            ends = np.flatnonzero(found == STOP)
            undone = int(ends[0]) if ends.shape[0] else len(edits)
            read = times[: undone + 1]
            # A clock set back must not reorder the history: an edit is never later than the
            # one saved after it.
            days = np.fromiter(map(dt.datetime.toordinal, read), np.int64, len(read))
            if bound is not None:
                days[0] = min(int(days[0]), bound.toordinal())
            days = np.minimum.accumulate(days)
            earliest = min(read)
            bound = base_time = earliest if bound is None or earliest < bound else bound
            points = self._points(days)
            self._undo_all(edits[:undone], facts[:undone], found[:undone], points, days)
            self.point, self.day = int(points[-1]), int(days[-1])
            if undone < len(edits):
                break
        return base_time

    def _points(self, days: IntArray) -> IntArray:
        """The first point seeing each edit's value after it: the points whose day ends
        after the edit's (the days never grow along the walk)."""
        cutoffs = self.cutoff_days
        if np.all(cutoffs[1:] >= cutoffs[:-1]):
            return np.searchsorted(cutoffs, days, side="right").astype(np.int64)
        found = []
        point = self.point
        for day in days.tolist():  # days given out of order: as the walk meets them
            while point > 0 and cutoffs[point - 1] > day:
                point -= 1
            found.append(point)
        return np.asarray(found, dtype=np.int64)

    def _undo_all(
        self,
        edits: Sequence[Edit],
        facts: list[tuple[Any, ...]],
        found: Int8Array,
        points: IntArray,
        days: IntArray,
    ) -> None:
        """Undo these edits: runs of the two commonest kinds together, any other alone."""
        start = 0
        for stop in [*np.flatnonzero(found == OTHER).tolist(), len(found)]:
            run = slice(start, stop)
            chosen = (np.flatnonzero(found[run]) + start).tolist()
            if len(chosen) >= BATCH_EDITS:
                self.unread += read_run(self.touches, self.state, edits[run], facts[run],
                                        found[run], points[run], days[run])  # fmt: skip
                chosen = []
            for at in chosen if stop == len(found) else [*chosen, stop]:
                self.point, self.day = int(points[at]), int(days[at])
                self._undo_one(edits[at].inverse)
            start = stop + 1

    def _undo_one(self, inverse: Command | None) -> None:
        """Undo one edit: a field change or an addition as :func:`read_run` would (the same
        touches), any other through :meth:`_undo`."""
        state = self.state
        if type(inverse) is _Restore:
            old = inverse.old
            cid = old.id
            if cid in state and inverse.fields_changed.keys().isdisjoint(FACT_FIELDS):
                state[cid] = old  # the same to every measure: no new value
                return
            self._touch(cid, old)
        elif type(inverse) is RemoveCommitments:
            for cid in inverse.ids:
                self._touch(cid, None)
        elif inverse is not None:
            self._undo(inverse)

    def _plan(self) -> dict[str, Commitment]:
        """The plan as the walk has it, the old values :func:`read_run` left as their edits
        read."""
        state = self.state
        for cid in self.unread:
            value = state.get(cid)
            if isinstance(value, Edit):
                state[cid] = cast(_Restore, value.inverse).old
        self.unread = []
        return cast(dict[str, Commitment], state)

    def _touch(self, cid: str, before: Commitment | None) -> int:
        """Note ``cid``'s value before the edit (None: not there); where the touch is kept."""
        at = self.touches.add(cid, self.point, self.day, before)
        if before is None:
            self.state.pop(cid, None)
        else:
            self.state[cid] = before
        return at

    def _undo(self, command: Command) -> None:
        if isinstance(command, _Restore):
            self._touch(command.old.id, command.old)
        elif isinstance(command, ChangeCommitment):
            current = self._plan().get(command.id)
            if current is not None:
                self._touch(command.id, with_changes(current, command.changes, command.now))
        elif isinstance(command, RemoveCommitments):
            for cid in command.ids:
                self._touch(cid, None)
        elif isinstance(command, AddCommitments):
            for commitment in command.commitments:
                self._touch(commitment.id, commitment)
        elif isinstance(command, Batch):
            for part in command.commands:
                self._undo(part)
        elif isinstance(command, _MAP_COMMANDS):
            self._undo_elsewhere(command, with_plan=False)
        elif not isinstance(command, _ELSEWHERE):
            self._undo_elsewhere(command, with_plan=True)

    def _undo_elsewhere(self, command: Command, with_plan: bool) -> None:
        """A command changing the customer map (``with_plan`` False), or one this walk has no
        quicker way for: applied to a copy of what it may touch; each commitment's value
        before it is what the copy's plan holds after it."""
        project = self.project
        if self.map_project is None:
            self.map_project = Project(
                project.chart, project.source, customer_map=copy_map(project.customer_map)
            )
        customer_map = self.map_project.customer_map
        plan = _RecordingPlan(dict(self._plan()) if with_plan else {}, project.plan.next_number)
        scratch = Project(project.chart, project.source, plan=plan, customer_map=customer_map)
        after = copy_map(customer_map)
        command.apply(scratch)
        for cid in plan.replaced:
            self._touch(cid, plan.commitments.get(cid))
        if customer_map != after:
            if self.point < self.map_upper:
                self.map_versions.append((self.point, self.map_upper, after))
            self.map_upper = self.point

    def estimate(self, base_time: dt.datetime | None) -> None:
        """The commitments the history starts with, from their own times: there since they
        were made (always, when that is unknown); a done or dropped one planned until its last
        change."""
        cutoffs = self.cutoffs
        plan = self._plan()
        for cid in list(plan):  # each is touched here, which changes its value in the plan
            commitment = plan[cid]
            known = commitment.created > UNKNOWN_TIME
            made = clamped(commitment.created, base_time)
            changed = clamped(commitment.changed, base_time)
            changed_day = changed.toordinal() if changed > UNKNOWN_TIME else 0
            if commitment.status in (Status.DONE, Status.DROPPED) and changed_later(
                commitment, base_time
            ):
                self.point, self.day = bisect.bisect_right(cutoffs, changed), changed_day
                self._touch(cid, replace(commitment, status=Status.PLANNED))
            self.point = bisect.bisect_right(cutoffs, made) if known else 0
            self.day = made.toordinal() if known else 0
            # Done (dropped) before the history began: from its last change.
            self.done_touches.append(self._touch(cid, None))
            self.done_days.append(changed_day)

    def versions(self) -> tuple[Versions, IntArray, IntArray]:
        """Each touch's value after it, as the versions, with the versions that made a
        commitment and those that began a done run. Every step over the touches is one of
        C (``map``, ``zip``, numpy): a step in Python per touch costs more than the walk.
        The facts a touch did not read are carried from the value after it."""
        columns = self.touches.columns()
        count = columns.code.shape[0]
        if not count:
            return no_versions(), np.zeros(0, np.int64), np.zeros(0, np.int64)
        # By commitment, newest touch first (the keys are unique: quicker than a lexsort).
        order = np.argsort(columns.code * (int(columns.key.max()) + 1) + columns.key)
        grouped = columns.code[order]
        newest = np.ones(count, dtype=bool)
        newest[1:] = grouped[1:] != grouped[:-1]
        heads = np.flatnonzero(newest)
        # The value after a touch is the value before the next newer touch of the same
        # commitment, or for the newest touch the plan as it is now.
        touches = self.touches
        current = self.project.plan.commitments
        ids = touches.ids
        now_values = list(
            map(current.get, map(ids.__getitem__, grouped[heads].tolist()), repeat(GONE))
        )
        status_now, due_now, pointed_now = read_values(now_values, self.due_days)
        after_of = np.empty(count, dtype=np.int64)
        after_of[1:] = order[:-1]
        after_of[heads] = count + np.arange(heads.shape[0])
        pool_status = np.concatenate([columns.status, status_now])
        status_before = pool_status[order]
        status_after = pool_status[after_of]
        points = columns.point[order]
        last = np.empty(count, dtype=np.int64)
        last[1:] = points[:-1]
        last[heads] = len(self.cutoffs)
        days = columns.day
        done_days = days.copy()
        done_days[np.frombuffer(self.done_touches, np.int64)] = np.frombuffer(
            self.done_days, np.int64
        )
        days, done_days = days[order], done_days[order]

        there = status_after != ABSENT
        done_after = status_after == DONE
        starts = done_after & (status_before != DONE)
        # A done value's run began at the nearest start at or after it (older, same commitment).
        position = np.where(starts, np.arange(count), count)
        nearest = np.minimum.accumulate(position[::-1])[::-1]
        done_on = np.where(done_after, np.append(done_days, 0)[nearest], 0)

        kept = np.flatnonzero(there)
        due = carried(columns.due[order], heads, due_now)
        # Manager, serves, needs: indexes into the values read, those now added after them.
        pointed = []
        for own, into, now in zip(
            (columns.manager, columns.serves, columns.needs),
            touches.lists,
            pointed_now,
            strict=True,
        ):
            listed = np.arange(len(into), len(into) + len(now))
            into += now
            pointed.append(carried(own[order], heads, listed)[kept])
        manager, serves, needs = pointed
        versions = Versions(
            commitment=grouped[kept],
            first=points[kept],
            last=last[kept],
            since=days[kept],
            done_on=done_on[kept],
            status=status_after[kept],
            due=due[kept],
            manager=manager,
            serves=serves,
            needs=needs,
            commitment_ids=ids,
            manager_ids=touches.managers,
            serves_lists=touches.serves,
            needs_lists=touches.needs,
        )
        renumber = np.cumsum(there) - 1
        made = there & (status_before == ABSENT) & (days > 0)
        return versions, renumber[made], renumber[starts & (done_on > 0)]

    def needs_versions(self) -> list[NeedsVersion]:
        """The customers' needs for every point, oldest first."""
        if self.map_project is None:
            found = [(0, len(self.cutoffs), self.project.customer_map)]
        else:
            found = [*self.map_versions, (0, self.map_upper, self.map_project.customer_map)]
        return [
            NeedsVersion(first, last, _need_facts(customer_map))
            for first, last, customer_map in sorted(found, key=lambda item: item[0])
            if first < last
        ]


def _slices(edits: Iterable[Any]) -> Iterator[Sequence[Any]]:
    """The history a slice at a time. One read as the walk asks for it (from the project file)
    is read no further than the edit that ends the walk, as one edit at a time would."""
    if isinstance(edits, list | tuple):
        if edits:
            yield edits  # held whole already: read at once, the fewest steps
        return
    reading = iter(edits)
    while True:
        part = []
        for edit in islice(reading, _SLICE):
            part.append(edit)
            if edit.inverse is None and edit.touches_plan:
                break
        if not part:
            return
        yield part


class _RecordingPlan(Plan):
    """A plan that remembers which commitments a command changed."""

    def __init__(self, commitments: dict[str, Commitment], next_number: int) -> None:
        super().__init__(commitments, next_number)
        self.replaced: dict[str, None] = {}

    def put(self, commitments: Iterable[Commitment]) -> None:
        items = list(commitments)
        self.replaced.update(dict.fromkeys(c.id for c in items))
        super().put(items)

    def remove(self, commitment_ids: Iterable[str]) -> list[Commitment]:
        ids = list(commitment_ids)
        self.replaced.update(dict.fromkeys(ids))
        return super().remove(ids)


def _need_facts(customer_map: CustomerMap) -> dict[str, NeedFacts]:
    return {
        place.need.id: NeedFacts(
            place.touchpoint.id, place.segment.name, place.need.importance is Importance.MUST
        )
        for place in customer_map.needs()
    }
