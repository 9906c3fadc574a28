"""The walk back's touches, kept as columns, and long runs of the two commonest edits read as
whole arrays (:mod:`pyramid_app.model.plan_walk` walks; this is where its time goes).

A touch is a commitment's value just before an edit changed it. The walk's cost is reading
the history's objects, scattered in memory by the time it walks: the edits, the commands that
take them back, the old commitments and what these point to. So what the walk reads of an
edit is taken when the edit is made or read back, while its objects are at hand
(:func:`edit_facts`, kept with the :class:`~pyramid_app.model.plan_history.Edit`), and only
what the edit changed: the command taking back a field change names the fields it puts back,
and the old value's other facts are the value's after the edit, known from the newer touch (or
the plan as it is now). That is the rule the walk always had for an edit changing no fact at
all (a text edited: no new value), taken field by field. A touch keeps a fact it did not read
as :data:`CARRIED`, and :func:`carried` fills it in once the touches are sorted.

Most edits are one of two kinds, a field change (undone by putting the old commitment back) and
an addition (undone by taking commitments away); a run of them, between the rarer kinds, is
read here with one C-level ``map`` per attribute and a few numpy steps. Whether each old value
is a new one depends on whether the commitment is there just after the edit: for each
commitment the run's first edit asks the plan as the walk has it, the later ones the edit
before them in the run. The plan is brought up to the run's end afterwards, from each
commitment's last edit in the run.

Managers, whom a commitment serves and the needs it answers are kept once per value read, in
lists ("values") the touches point into by index: the counts look each up once, not once per
version.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections import deque
from collections.abc import Callable, Sequence
from itertools import chain, count, repeat
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from pyramid_app.model.commands import (
    RemoveCommitments,
    # The inverse of every field change: it puts the whole old commitment back.
    _Restore,
)
from pyramid_app.model.plan import Commitment, Status

IntArray = npt.NDArray[np.int64]
Int8Array = npt.NDArray[np.int8]
BoolArray = npt.NDArray[np.bool_]

STATUS_CODES = {status: code for code, status in enumerate(Status)}
ABSENT = -1  # the status code of a commitment that is not there
CODES: dict[Status | None, int] = {None: ABSENT}
for _status, _code in STATUS_CODES.items():
    CODES[_status] = _code
DONE = STATUS_CODES[Status.DONE]
DROPPED = STATUS_CODES[Status.DROPPED]

# What the measures read of a commitment; an edit changing none of it changes no measure.
FACT_FIELDS = frozenset({"manager_id", "serves", "status", "due", "needs"})
# The facts a touch may carry from the value after it (the status it always reads).
DUE, MANAGER, SERVES, NEEDS = 1, 2, 4, 8
EVERY_FACT = DUE | MANAGER | SERVES | NEEDS
_BITS = {"due": DUE, "manager_id": MANAGER, "serves": SERVES, "needs": NEEDS, "status": 16}
CARRIED = -1  # a fact a touch did not read: the value's after it

# What the measures read of a value: status, due, manager, whom it serves, the needs it answers.
facts_of: Callable[[Any], tuple[Any, ...]] = operator.attrgetter(
    "status", "due", "manager_id", "serves", "needs"
)
# A status is one of a handful of objects (None for a commitment not there): told apart by
# identity, without the Python-level hash an enum member has.
_STATUS_OBJECTS = sorted(CODES, key=id)
_STATUS_IDS = np.asarray([id(status) for status in _STATUS_OBJECTS], dtype=np.uint64)
_STATUS_BY_ID = np.asarray([CODES[status] for status in _STATUS_OBJECTS], dtype=np.int8)

# The kinds of edit: passed over (it changed nothing the plan's measures read), a field
# change, an addition, any other (read one at a time), and one whose undo was not kept.
SKIP, RESTORE, REMOVAL, OTHER, STOP = 0, 1, 2, 3, 4
# What the walk reads of an edit (:func:`edit_facts`), by place.
_KIND, _ID, _BITS_READ, _STATUS, _DUE = (operator.itemgetter(k) for k in range(5))
_AT, _FACTS = operator.attrgetter("at"), operator.attrgetter("facts")
_POINTED = ("manager_id", "serves", "needs")


class _Gone(NamedTuple):
    """A commitment that is not there, read like one that is."""

    status: None = None
    due: None = None
    manager_id: str = ""
    serves: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()


GONE = _Gone()


class DueDays(dict[dt.date | None, int]):
    """Each due date's ordinal (0 for none), computed once: a plan repeats its dates."""

    def __missing__(self, due: dt.date | None) -> int:
        day = self[due] = 0 if due is None else due.toordinal()
        return day


class _FactBits(dict[tuple[str, ...], int]):
    """The facts (bits) among the fields an edit changed; 0 for none. Edits change one of a
    few sets of fields: each set is worked out once."""

    def __missing__(self, fields: tuple[str, ...]) -> int:
        bits = 0
        for name in fields:
            bits |= _BITS.get(name, 0)
        self[fields] = bits
        return bits


_FACT_BITS = _FactBits()


def status_codes(statuses: Sequence[Any]) -> Int8Array:
    """The code of each status (None: ABSENT)."""
    found = np.fromiter(map(id, statuses), np.uint64, len(statuses))
    at = np.searchsorted(_STATUS_IDS, found).clip(max=_STATUS_IDS.shape[0] - 1)
    if not np.array_equal(_STATUS_IDS[at], found):  # anything else: as a dict tells it
        return np.fromiter(map(CODES.__getitem__, statuses), np.int8, len(statuses))
    codes: Int8Array = _STATUS_BY_ID[at]
    return codes


def edit_facts(inverse: object, touches_plan: bool) -> tuple[Any, ...]:
    """What the walk back reads of an edit: its kind; for a field change the commitment's
    id, the facts the edit changed (bits), the old value's status code and, of its due day
    (ordinal), manager, serves and needs, those the edit changed (CARRIED, None for the
    others); for an addition, the ids it takes away. Anything unusual is OTHER: the walk
    reads its command as it is."""
    if not touches_plan:
        return _SKIP_FACTS
    if type(inverse) is _Restore:
        try:
            old = inverse.old
            bits = _FACT_BITS[tuple(inverse.fields_changed)]
            status = CODES[old.status]
            due = old.due
            day = CARRIED if not bits & DUE else 0 if due is None else due.toordinal()
        except (AttributeError, KeyError, TypeError):
            return _OTHER_FACTS
        if type(old.id) is not str:
            return _OTHER_FACTS
        return (RESTORE, old.id, bits, status, day,
                old.manager_id if bits & MANAGER else None,
                old.serves if bits & SERVES else None,
                old.needs if bits & NEEDS else None)  # fmt: skip
    if type(inverse) is RemoveCommitments:
        return (REMOVAL, inverse.ids)
    return _STOP_FACTS if inverse is None else _OTHER_FACTS


_SKIP_FACTS, _OTHER_FACTS, _STOP_FACTS = (SKIP,), (OTHER,), (STOP,)


def kinds(facts: Sequence[tuple[Any, ...]]) -> Int8Array:
    """Per edit: its kind (SKIP, RESTORE, REMOVAL, OTHER or STOP)."""
    return np.fromiter(map(_KIND, facts), np.int8, len(facts))


def carried(own: IntArray, heads: IntArray, now: IntArray) -> IntArray:
    """A fact of every value after a touch, the touches sorted by commitment, newest first
    (``heads``: each commitment's newest): ``own`` is each touch's fact before it, or
    CARRIED, the same as after it; ``now`` the fact each commitment has now."""
    values = own.copy()
    newest = values[heads]
    values[heads] = np.where(newest != CARRIED, newest, now)
    read = np.where(values != CARRIED, np.arange(values.shape[0]), 0)
    # Every commitment's newest touch has a value (its own or now's): a fact is carried from
    # the nearest newer touch of the same commitment.
    np.maximum.accumulate(read, out=read)
    before = values[read]
    after = np.empty_like(before)
    after[1:] = before[:-1]
    after[heads] = now
    return after


# Single touches wait as tuples of Python numbers (about 270 bytes each) until they are made a
# block of arrays (72 bytes each): the walk over a million commitments' first values touches
# each once, which held 270 MB of tuples at once.
_SINGLE_BLOCK = 2**16


class Columns(NamedTuple):
    """Every touch, in the order stored: the commitment's code, the walk's order (smaller:
    newer), the first point seeing the value after the edit, the edit's day (ordinal), and
    the value before it as the measures read it (due, manager, serves and needs CARRIED or,
    but for due, an index into the touches' values)."""

    code: IntArray
    key: IntArray
    point: IntArray
    day: IntArray
    status: Int8Array
    due: IntArray
    manager: IntArray
    serves: IntArray
    needs: IntArray


class Touches:
    """The touches as columns, in blocks (a run of edits) and single ones (any other edit).

    A commitment's code is its place in ``ids``, the ids in the order the walk met them (a
    commitment met again keeps its first code). ``managers``, ``serves`` and ``needs`` hold
    the values read, the first of each a commitment's that is not there (GONE)."""

    def __init__(self, due_days: DueDays) -> None:
        self.due_days = due_days
        self.codes: dict[str, int] = {}
        self.ids: list[str] = []
        self.size = 0  # touches stored, single ones waiting included
        self.next_key = 0
        self._blocks: list[Columns] = []
        self._single: list[tuple[int, ...]] = []
        self.managers: list[str] = [GONE.manager_id]
        self.serves: list[tuple[str, ...]] = [GONE.serves]
        self.needs: list[tuple[str, ...]] = [GONE.needs]

    @property
    def lists(self) -> tuple[list[Any], list[Any], list[Any]]:
        """The managers, serves and needs read."""
        return self.managers, self.serves, self.needs

    def code_all(self, ids: list[str]) -> IntArray:
        """The code of each commitment id, a new one for an id not met before."""
        codes = np.fromiter(
            map(self.codes.setdefault, ids, count(len(self.ids))), np.int64, len(ids)
        )
        self.ids.extend(ids)
        return codes

    def add(self, cid: str, point: int, day: int, before: Commitment | None) -> int:
        """One touch, the value read whole; where it is stored."""
        status, due, manager, serves, needs = facts_of(GONE if before is None else before)
        code = self.codes.setdefault(cid, len(self.ids))
        if code == len(self.ids):
            self.ids.append(cid)
        self._single.append(
            (code, self.next_key, point, day, CODES[status], self.due_days[due],
             len(self.managers), len(self.serves), len(self.needs))
        )  # fmt: skip
        self.managers.append(manager)
        self.serves.append(serves)
        self.needs.append(needs)
        self.next_key += 1
        self.size += 1
        if len(self._single) >= _SINGLE_BLOCK:
            self._flush()
        return self.size - 1

    def _flush(self) -> None:
        if self._single:
            rows = zip(*self._single, strict=True)
            parts = [np.asarray(column, dtype=np.int64) for column in rows]
            code, key, point, day, status, *rest = parts
            self._blocks.append(Columns(code, key, point, day, status.astype(np.int8), *rest))
            self._single = []

    def add_block(self, block: Columns) -> None:
        self._flush()
        self._blocks.append(block)
        self.size += block.code.shape[0]

    def columns(self) -> Columns:
        self._flush()
        if not self._blocks:
            empty = np.zeros(0, np.int64)
            return Columns(empty, empty, empty, empty, np.zeros(0, np.int8), *[empty] * 4)
        return Columns(*(np.concatenate(column) for column in zip(*self._blocks, strict=True)))


def read_run(
    touches: Touches,
    state: dict[str, Any],
    edits: Sequence[Any],
    facts: Sequence[tuple[Any, ...]],
    found: Int8Array,
    points: IntArray,
    days: IntArray,
) -> list[str]:
    """Undo a run of field changes and additions (``found`` says which edit is which; others
    are passed over) as one, on ``state`` (the plan as the walk has it): the same touches,
    one edit at a time, as :meth:`pyramid_app.model.plan_walk.Walk.run` makes. A commitment
    a field change leaves in ``state`` is held as the edit (its old value read when asked
    for): the ids of those are returned."""
    restore_at = np.flatnonzero(found == RESTORE)
    removal_at = np.flatnonzero(found == REMOVAL)
    restores = list(map(facts.__getitem__, restore_at.tolist()))
    removals = list(map(facts.__getitem__, removal_at.tolist()))
    bits = np.fromiter(map(_BITS_READ, restores), np.int64, len(restores))
    removed_ids = list(map(_ID, removals))
    per_removal = np.fromiter(map(len, removed_ids), np.int64, len(removals))
    ids = [*map(_ID, restores), *chain.from_iterable(removed_ids)]
    restored = len(restores)
    events = len(ids)
    edit = np.concatenate([restore_at, np.repeat(removal_at, per_removal)])
    code = touches.code_all(ids)
    puts = np.zeros(events, dtype=bool)
    puts[:restored] = True
    # The walk's order: by edit (the ids of one removal in their order).
    walk = np.argsort(edit, kind="stable")
    rank = np.empty(events, dtype=np.int64)
    rank[walk] = np.arange(events)
    # Whether each commitment is there just after each edit: after the one before it in the
    # run (for the same commitment), or in the plan as the run began.
    by_commitment = np.argsort(code * events + rank)  # unique keys: quicker than lexsort
    grouped = code[by_commitment]
    first = np.ones(events, dtype=bool)
    first[1:] = grouped[1:] != grouped[:-1]
    there_sorted = np.empty(events, dtype=bool)
    there_sorted[1:] = puts[by_commitment[:-1]]
    firsts = by_commitment[first].tolist()
    there_sorted[first] = np.fromiter(
        map(state.__contains__, map(ids.__getitem__, firsts)), bool, len(firsts)
    )
    there = np.empty(events, dtype=bool)
    there[by_commitment] = there_sorted
    # A change of no fact is no new value, if the commitment is there.
    kept = np.zeros(events, dtype=bool)
    kept[:restored] = (bits == 0) & there[:restored]
    touched = ~kept
    chosen = np.flatnonzero(touched[:restored])
    read = list(map(restores.__getitem__, chosen.tolist()))
    block = Columns(
        code[touched],
        touches.next_key + rank[touched],
        points[edit[touched]],
        days[edit[touched]],
        np.fromiter(map(_STATUS, read), np.int8, len(read)),
        np.fromiter(map(_DUE, read), np.int64, len(read)),
        *(_pointed(read, bits[chosen] & bit, place, into) for bit, place, into in
          ((MANAGER, 5, touches.managers), (SERVES, 6, touches.serves),
           (NEEDS, 7, touches.needs))),
    )  # fmt: skip
    # One that was not there after the edit has nothing to carry facts from: read whole.
    for at in np.flatnonzero(~there[:restored][chosen]).tolist():
        old = edits[int(restore_at[chosen[at]])].inverse.old
        _read_whole(touches, block, at, old)
    gone = events - restored
    touches.add_block(
        Columns(
            *block[:4],
            np.concatenate([block.status, np.full(gone, ABSENT, np.int8)]),
            *(np.concatenate([column, np.zeros(gone, np.int64)]) for column in block[5:]),
        )
    )
    touches.next_key += events
    # The plan at the run's end: each commitment as its last edit in the run left it.
    last = np.ones(events, dtype=bool)
    last[:-1] = grouped[1:] != grouped[:-1]
    lasts = by_commitment[last]
    put_last = lasts[lasts < restored]
    put_ids = list(map(ids.__getitem__, put_last.tolist()))
    state.update(zip(put_ids, map(edits.__getitem__, restore_at[put_last].tolist()), strict=True))
    gone_last = lasts[lasts >= restored].tolist()
    deque(map(state.pop, map(ids.__getitem__, gone_last), repeat(None)), maxlen=0)
    return put_ids


def _pointed(
    read: list[tuple[Any, ...]], wanted: IntArray, place: int, into: list[Any]
) -> IntArray:
    """One of manager, serves, needs of these field changes' old values: CARRIED, or where
    ``wanted``, the value's index once added to ``into``."""
    found = np.full(len(read), CARRIED, dtype=np.int64)
    at = np.flatnonzero(wanted)
    found[at] = np.arange(len(into), len(into) + at.shape[0])
    into += map(operator.itemgetter(place), map(read.__getitem__, at.tolist()))
    return found


def _read_whole(touches: Touches, block: Columns, at: int, old: Commitment) -> None:
    """The touch at ``at`` of ``block`` read whole from its old value."""
    status, due, manager, serves, needs = facts_of(old)
    block.status[at] = CODES[status]
    block.due[at] = touches.due_days[due]
    for column, into, value in zip(block[6:], touches.lists, (manager, serves, needs), strict=True):
        column[at] = len(into)
        into.append(value)


def read_edits(edits: Sequence[Any]) -> tuple[list[tuple[Any, ...]], list[dt.datetime]]:
    """What the walk reads of a slice of the history, and the edits' times. A pass per
    attribute: quicker than rows of both taken apart (measured)."""
    return list(map(_FACTS, edits)), list(map(_AT, edits))


def read_values(values: Sequence[Any], due_days: DueDays) -> tuple[Int8Array, IntArray, list[Any]]:
    """The facts of these values (commitments, or GONE): status codes, due days, and the
    managers, serves and needs as lists, a pass per attribute."""
    statuses = status_codes(list(map(operator.attrgetter("status"), values)))
    dues = map(due_days.__getitem__, map(operator.attrgetter("due"), values))
    pointed = [list(map(operator.attrgetter(name), values)) for name in _POINTED]
    return statuses, np.fromiter(dues, np.int64, len(values)), pointed
