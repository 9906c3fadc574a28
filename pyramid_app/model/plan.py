"""The plan: "how I serve my reports" commitments, each belonging to one manager by person id.

Commitments are immutable values; every edit replaces one through a command
(:mod:`pyramid_app.model.commands`), so an undo is the old value put back and a redo is exact.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum
from typing import Any

COMMITMENT_ID = re.compile(r"C-(\d{4,})")
STANDARD_CADENCES = ("weekly", "fortnightly", "monthly", "quarterly")


class Status(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in progress"
    DONE = "done"
    DROPPED = "dropped"


DEFAULT_STATUS = Status.PLANNED  # what a new commitment is unless it says otherwise


@dataclass(frozen=True, slots=True)
class ProgressNote:
    """A dated line of progress: what happened, in the planner's words."""

    on: dt.date
    text: str


# Slots: a plan of a million commitments is a million of these, and a dict each would add
# about 100 MB.
@dataclass(frozen=True, slots=True)
class Commitment:
    """One manager's promise of how they serve their reports.

    ``serves`` empty means all direct reports; otherwise the person ids of the chosen ones.
    ``cadence`` is one of :data:`STANDARD_CADENCES` or free text. ``needs`` are the ids of
    the touchpoint needs (:class:`~pyramid_app.model.customers.Need`) it answers, if any.
    """

    id: str
    manager_id: str
    text: str
    practice: str = ""
    serves: tuple[str, ...] = ()
    measure: str = ""
    cadence: str = ""
    due: dt.date | None = None
    status: Status = DEFAULT_STATUS
    owner_note: str = ""
    notes: tuple[ProgressNote, ...] = ()
    created: dt.datetime = dt.datetime(1970, 1, 1)
    changed: dt.datetime = dt.datetime(1970, 1, 1)
    needs: tuple[str, ...] = ()

    @property
    def serves_all(self) -> bool:
        return not self.serves

    @property
    def number(self) -> int:
        return commitment_number(self.id)

    @property
    def active(self) -> bool:
        return self.status is not Status.DROPPED

    def is_overdue(self, today: dt.date) -> bool:
        return (
            self.due is not None
            and self.due < today
            and self.status in (Status.PLANNED, Status.IN_PROGRESS)
        )

    @property
    def last_note(self) -> ProgressNote | None:
        return max(self.notes, key=lambda note: note.on) if self.notes else None


EDITABLE_FIELDS = frozenset(
    {
        "text",
        "practice",
        "serves",
        "measure",
        "cadence",
        "due",
        "status",
        "owner_note",
        "notes",
        "needs",
    }
)
_FIELD_NAMES = frozenset(f.name for f in fields(Commitment))


def commitment_number(commitment_id: str) -> int:
    # What COMMITMENT_ID matches, tested without the expression: sorting a million commitments
    # by number asks for every one's.
    digits = commitment_id[2:]
    if commitment_id[:2] != "C-" or len(digits) < 4 or not digits.isdecimal():
        raise ValueError(f"{commitment_id!r} is not a commitment id like C-0042")
    return int(digits)


def format_commitment_id(number: int) -> str:
    return f"C-{number:04d}"


def check_fields(changes: dict[str, Any]) -> None:
    """Refuse a field that does not exist or may not be edited (id, owner, timestamps)."""
    unknown = set(changes) - _FIELD_NAMES
    if unknown:
        raise KeyError(f"a commitment has no field {', '.join(sorted(unknown))}")
    fixed = set(changes) - EDITABLE_FIELDS
    if fixed:
        raise KeyError(f"{', '.join(sorted(fixed))} cannot be edited")


def with_changes(commitment: Commitment, changes: dict[str, Any], now: dt.datetime) -> Commitment:
    check_fields(changes)
    values = dict(changes)
    if "status" in values:
        values["status"] = Status(values["status"])
    if "serves" in values:
        values["serves"] = tuple(values["serves"])
    if "notes" in values:
        values["notes"] = tuple(values["notes"])
    if "needs" in values:
        values["needs"] = tuple(values["needs"])
    return replace(commitment, changed=now, **values)


@dataclass
class Plan:
    """Every commitment by id, and the number the next new one gets (ids are never reused)."""

    commitments: dict[str, Commitment] = field(default_factory=dict)
    next_number: int = 1
    _ids_of_manager: dict[str, dict[str, None]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    @property
    def _of_manager(self) -> dict[str, dict[str, None]]:
        """Each manager's commitment ids, made when first asked for: a command that never
        asks (an export) does without them, 40 MB for a million commitments."""
        if self._ids_of_manager is None:
            grouped: dict[str, dict[str, None]] = {}
            for commitment in self.commitments.values():
                grouped.setdefault(commitment.manager_id, {})[commitment.id] = None
            self._ids_of_manager = grouped
        return self._ids_of_manager

    def __len__(self) -> int:
        return len(self.commitments)

    def __iter__(self) -> Iterator[Commitment]:
        return iter(self.commitments.values())

    def __contains__(self, commitment_id: object) -> bool:
        return commitment_id in self.commitments

    def __getitem__(self, commitment_id: str) -> Commitment:
        return self.commitments[commitment_id]

    def get(self, commitment_id: str) -> Commitment | None:
        return self.commitments.get(commitment_id)

    def new_ids(self, count: int) -> list[str]:
        """Ids for the next ``count`` new commitments. Nothing is reserved: building a command
        changes nothing; the ids are taken when it is applied (:meth:`put`), so a refused edit
        uses up no id. Undoing does not give them back: an id never means two commitments."""
        first = self.next_number
        return [format_commitment_id(number) for number in range(first, first + count)]

    def put(self, commitments: Iterable[Commitment]) -> None:
        for commitment in commitments:
            old = self.commitments.get(commitment.id)
            if old is not None and old.manager_id != commitment.manager_id:
                self._forget(old)
            self.commitments[commitment.id] = commitment
            if self._ids_of_manager is not None:
                self._ids_of_manager.setdefault(commitment.manager_id, {})[commitment.id] = None
            self.next_number = max(self.next_number, commitment.number + 1)

    def remove(self, commitment_ids: Iterable[str]) -> list[Commitment]:
        removed = [self.commitments.pop(commitment_id) for commitment_id in commitment_ids]
        for commitment in removed:
            self._forget(commitment)
        return removed

    def _forget(self, commitment: Commitment) -> None:
        if self._ids_of_manager is None:
            return
        ids = self._ids_of_manager[commitment.manager_id]
        del ids[commitment.id]
        if not ids:
            del self._ids_of_manager[commitment.manager_id]

    def managers(self) -> set[str]:
        """Person ids of everyone who owns at least one commitment."""
        return set(self._of_manager)

    def count_of(self, manager_id: str) -> int:
        return len(self._of_manager.get(manager_id, ()))

    def by_manager(self) -> dict[str, list[Commitment]]:
        """Each manager's commitments in id order."""
        grouped: dict[str, list[Commitment]] = {}
        for commitment in sorted(self.commitments.values(), key=lambda c: c.number):
            grouped.setdefault(commitment.manager_id, []).append(commitment)
        return grouped

    def of_manager(self, manager_id: str) -> list[Commitment]:
        ids = self._of_manager.get(manager_id, {})
        return sorted((self.commitments[i] for i in ids), key=lambda c: c.number)
