"""Every value each commitment had, and the weekly points that saw it: one walk back through
the history (the rules are :mod:`pyramid_app.model.plan_history`'s).

The walk goes from the newest edit to the oldest and notes, for every commitment an edit
touched, the value it had before that edit: the command taking an edit back holds it whole
(the old commitment of a field change, the commitments of a removal), so one look at the
command is enough; only the rarer kinds are applied to a copy of the plan. Grouped by
commitment afterwards, each value runs from the edit that made it to the next one touching the
same commitment, and the points (a day a week) whose end falls in between saw it. Values the
measures read the same (a text edited) are not noted at all.

:func:`replay` returns a :class:`PlanPast`; :mod:`pyramid_app.model.progress` counts from it.
"""

from __future__ import annotations

import bisect
import datetime as dt
import gc
import operator
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import cached_property
from itertools import repeat
from typing import Any, NamedTuple

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
    PlanHistory,
    changed_later,
    clamped,
    copy_map,
    day_end,
    first_day,
    weekly_days,
)
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
# What the measures read of a commitment; an edit changing none of it changes no measure.
FACT_FIELDS = frozenset({"manager_id", "serves", "status", "due", "needs"})


class NeedFacts(NamedTuple):
    touchpoint_id: str
    segment: str
    must: bool


@dataclass
class NeedsVersion:
    """The needs of the customer map, seen from point ``first`` to before point ``last``."""

    first: int
    last: int
    needs: dict[str, NeedFacts]


class Mark(NamedTuple):
    """A commitment made or done on a day: marks on the time axis."""

    on: dt.date
    kind: str  # "made" or "done"
    commitment_id: str
    manager_id: str


@dataclass
class Versions:
    """Each value a commitment had, as parallel sequences: seen at points ``first`` to before
    ``last`` (equal when no point saw it), from the day ``since`` (a date ordinal, 0 for one
    there before anything is known), and for a done one ``done_on``: the day (ordinal) it was
    last marked done. What the counts read of the values is read once, as they were found."""

    ids: list[str]
    first: IntArray
    last: IntArray
    since: IntArray
    done_on: IntArray
    status: Int8Array  # STATUS_CODES of each value
    due: IntArray  # the due day's ordinal, 0 for none
    managers: list[str]
    serves: list[tuple[str, ...]]
    needs: list[tuple[str, ...]]

    def __len__(self) -> int:
        return len(self.ids)


@dataclass
class PlanPast:
    """What :func:`replay` found: the points' days, the versions of every commitment and of
    the customers' needs, and the days commitments were made and done."""

    days: list[dt.date]
    versions: Versions
    needs: list[NeedsVersion]
    began: dt.date
    _made: IntArray  # the versions a commitment began with
    _done: IntArray  # the versions a done run began with

    @cached_property
    def marks(self) -> list[Mark]:
        """Every commitment made and done (on a known day), by day."""
        versions = self.versions

        def mark(kind: str, day: int, version: int) -> Mark:
            return Mark(_day(day), kind, versions.ids[version], versions.managers[version])

        since, done_on = versions.since, versions.done_on
        found = [mark("made", int(since[i]), i) for i in self._made.tolist()]
        found += [mark("done", int(done_on[i]), i) for i in self._done.tolist()]
        return sorted(found)


def replay(
    project: Project,
    history: PlanHistory,
    today: dt.date,
    since: dt.date | None = None,
    days: Sequence[dt.date] | None = None,
) -> PlanPast:
    """Walk the history once, newest edit first, and find every value each commitment had with
    the points that saw it: ``days``, by default one a week ending on ``today`` and starting on
    ``since`` (the project's first day when None)."""
    began = since if since is not None else first_day(project, history, today)
    points = list(days) if days is not None else weekly_days(today, began)
    walk = _Walk(project, [day_end(day) for day in points])
    with _collector_paused():
        base_time = walk.run(history)
        walk.estimate(base_time)
        versions, made, done = walk.versions()
    return PlanPast(points, versions, walk.needs_versions(), began, made, done)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while the walk makes its tuples: none is part of a
    cycle, yet every few hundred of them the collector would walk the young objects, and ever
    more often the whole history (millions of objects): most of the walk's time, measured."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# What the measures read of a value: status, due, manager, whom it serves, the needs it answers.
facts_of: Callable[[Commitment | _Gone], tuple[Any, ...]] = operator.attrgetter(
    "status", "due", "manager_id", "serves", "needs"
)


@dataclass(frozen=True)
class _Gone:
    """A commitment that is not there, read like one that is."""

    status: None = None
    due: None = None
    manager_id: str = ""
    serves: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()


_GONE = _Gone()


class _DueDays(dict[dt.date | None, int]):
    """Each due date's ordinal (0 for none), computed once: a plan repeats its dates."""

    def __missing__(self, due: dt.date | None) -> int:
        day = self[due] = 0 if due is None else due.toordinal()
        return day


# A touch, read while its value is at hand: the commitment (numbered in the order the walk
# meets them), the first point seeing the value after the edit, the day (ordinal) of the edit,
# and what the measures read of the value before it: status (code; ABSENT when it was not
# there), due day (ordinal), manager, whom it serves and the needs it answers.
_Touch = tuple[int, int, int, int, int, str, tuple[str, ...], tuple[str, ...]]


class _Walk:
    """The walk back (see :func:`replay`): every touch of a commitment, newest first."""

    def __init__(self, project: Project, cutoffs: list[dt.datetime]) -> None:
        self.project = project
        self.cutoffs = cutoffs
        self.state: dict[str, Commitment] = dict(project.plan.commitments)
        self.touches: list[_Touch] = []
        self.numbers: dict[str, int] = {}  # each commitment touched, in the order met
        self.due_days = _DueDays()
        self.done_days: dict[int, int] = {}  # touch -> the day a done run there began
        self.point = len(cutoffs)
        self.day = 0
        self.map_project: Project | None = None  # the customer map as the walk goes
        self.map_upper = len(cutoffs)
        self.map_versions: list[tuple[int, int, CustomerMap]] = []

    def run(self, history: PlanHistory) -> dt.datetime | None:
        """Undo every edit the history kept; the time the walk stopped at (None: the history
        holds no edit and no start)."""
        cutoffs = self.cutoffs
        state = self.state
        touch = self.touches.append
        number = self.numbers.setdefault
        numbers = self.numbers
        codes, due_days = _CODES, self.due_days
        base_time = history.began
        bound = dt.datetime.max
        point = self.point
        day, day_start = 0, dt.datetime.max
        restore, removal, facts = _Restore, RemoveCommitments, facts_of
        for edit in history.edits:
            # A clock set back must not reorder the history: an edit is never later than the
            # one saved after it.
            at = edit.at
            if at > bound:
                at = bound
            bound = base_time = at
            while point > 0 and cutoffs[point - 1] > at:
                point -= 1
            if at < day_start:  # hundreds of edits a day share one
                day = at.toordinal()
                day_start = dt.datetime.combine(at.date(), dt.time())
            if not edit.touches_plan:
                continue
            inverse = edit.inverse
            if inverse is None:
                break
            # The two commonest edits, a field changed and a commitment added, without detours.
            if type(inverse) is restore:
                old = inverse.old
                cid = old.id
                if cid in state and inverse.fields_changed.keys().isdisjoint(FACT_FIELDS):
                    state[cid] = old  # the same to every measure: no new value
                    continue
                status, due, manager, serves, needs = facts(old)
                touch((number(cid, len(numbers)), point, day, codes[status], due_days[due],
                       manager, serves, needs))  # fmt: skip
                state[cid] = old
            elif type(inverse) is removal:
                for cid in inverse.ids:
                    touch((number(cid, len(numbers)), point, day, ABSENT, 0, "", (), ()))
                    state.pop(cid, None)
            else:
                self.point, self.day = point, day
                self._undo(inverse)
        self.point = point
        return base_time

    def _touch(self, cid: str, before: Commitment | None) -> None:
        status, due, manager, serves, needs = facts_of(_GONE if before is None else before)
        self.touches.append(
            (self.numbers.setdefault(cid, len(self.numbers)), self.point, self.day,
             _CODES[status], self.due_days[due], manager, serves, needs)
        )  # fmt: skip
        if before is None:
            self.state.pop(cid, None)
        else:
            self.state[cid] = before

    def _undo(self, command: Command) -> None:
        if isinstance(command, _Restore):
            self._touch(command.old.id, command.old)
        elif isinstance(command, ChangeCommitment):
            current = self.state.get(command.id)
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
        plan = _RecordingPlan(dict(self.state) if with_plan else {}, project.plan.next_number)
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
        for cid, commitment in list(self.state.items()):
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
            self.done_days[len(self.touches)] = changed_day  # done before the history began
            self._touch(cid, None)

    def versions(self) -> tuple[Versions, IntArray, IntArray]:
        """Each touch's value after it, as the versions, with the versions that made a
        commitment and those that began a done run. Every step over the touches is one of
        C (``map``, ``zip``, numpy): a step in Python per touch costs more than the walk."""
        count = len(self.touches)
        if not count:
            return _no_versions(), np.zeros(0, np.int64), np.zeros(0, np.int64)
        columns = list(zip(*self.touches, strict=True))
        group = np.asarray(columns[0], dtype=np.int64)
        order = np.argsort(group, kind="stable")  # by commitment, newest touch first
        grouped = group[order]
        newest = np.ones(count, dtype=bool)
        newest[1:] = grouped[1:] != grouped[:-1]
        heads = np.flatnonzero(newest)
        # The value after a touch is the value before the next newer touch of the same
        # commitment, or for the newest touch the plan as it is now: both from one pool, the
        # touches' own first and the values now after them.
        current = self.project.plan.commitments
        ids = list(self.numbers)
        now = map(current.get, map(ids.__getitem__, grouped[heads].tolist()), repeat(_GONE))
        status_now, due_now, managers_now, serves_now, needs_now = zip(
            *map(facts_of, now), strict=True
        )
        heads_count = len(status_now)
        after_of = np.empty(count, dtype=np.int64)
        after_of[1:] = order[:-1]
        after_of[heads] = count + np.arange(heads.shape[0])
        pool_status = np.concatenate(
            [
                np.asarray(columns[3], dtype=np.int8),
                np.fromiter(map(_CODES.__getitem__, status_now), np.int8, heads_count),
            ]
        )
        status_before = pool_status[order]
        status_after = pool_status[after_of]
        points = np.asarray(columns[1], dtype=np.int64)[order]
        last = np.empty(count, dtype=np.int64)
        last[1:] = points[:-1]
        last[heads] = len(self.cutoffs)
        days = np.asarray(columns[2], dtype=np.int64)
        done_days = days.copy()
        for touch, day in self.done_days.items():
            done_days[touch] = day
        days, done_days = days[order], done_days[order]

        there = status_after != ABSENT
        done_after = status_after == DONE
        starts = done_after & (status_before != DONE)
        # A done value's run began at the nearest start at or after it (older, same commitment).
        position = np.where(starts, np.arange(count), count)
        nearest = np.minimum.accumulate(position[::-1])[::-1]
        done_on = np.where(done_after, np.append(done_days, 0)[nearest], 0)

        kept = np.flatnonzero(there)
        source = after_of[kept]
        due_days = self.due_days
        pool_due = np.concatenate(
            [
                np.asarray(columns[4], dtype=np.int64),
                np.fromiter(map(due_days.__getitem__, due_now), np.int64, heads_count),
            ]
        )

        def pooled(column: int, now_values: Sequence[object]) -> list[Any]:
            chosen: list[Any] = _objects((*columns[column], *now_values))[source].tolist()
            return chosen

        versions = Versions(
            ids=_objects(ids)[grouped[kept]].tolist(),
            first=points[kept],
            last=last[kept],
            since=days[kept],
            done_on=done_on[kept],
            status=status_after[kept],
            due=pool_due[source],
            managers=pooled(5, managers_now),
            serves=pooled(6, serves_now),
            needs=pooled(7, needs_now),
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


STATUS_CODES = {status: code for code, status in enumerate(Status)}
ABSENT = -1  # the status code of a commitment that is not there
_CODES: dict[Status | None, int] = {None: ABSENT}
for _status, _code in STATUS_CODES.items():
    _CODES[_status] = _code
DONE = STATUS_CODES[Status.DONE]
DROPPED = STATUS_CODES[Status.DROPPED]


def _objects(items: Sequence[object]) -> npt.NDArray[np.object_]:
    """``items`` as a one-dimensional array of objects (never read as rows of a table)."""
    return np.fromiter(items, dtype=object, count=len(items))


def _no_versions() -> Versions:
    empty = np.zeros(0, dtype=np.int64)
    return Versions([], empty, empty, empty, empty, np.zeros(0, np.int8), empty, [], [], [])


def _day(ordinal: int) -> dt.date:
    return dt.date.fromordinal(ordinal)
