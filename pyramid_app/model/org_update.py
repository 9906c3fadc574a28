"""A new HR export for a project that already has a plan: what changed, and what no longer fits.

The plan is keyed by person id and is never touched by an organisation update; instead the
commitments that stop making sense (their owner left, has no reports any more, or serves someone
who moved) are *flagged*. Flags are computed from the project as it is, every time they are
asked for, so an undo of the update makes them disappear with nothing to clean up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import repeat
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from pyramid_app.model.org import OrgChart
from pyramid_app.model.plan import Commitment
from pyramid_app.model.project import Project
from pyramid_app.model.tree import IntArray

# Person fields compared between two exports, in the order changes are listed for one person.
COMPARED_FIELDS = ("name", "title", "department", "location", "email")
_COLUMNS = {
    "name": "names",
    "title": "titles",
    "department": "departments",
    "location": "locations",
    "email": "emails",
}
_NO_MANAGER = -1  # at the top, or under a synthetic group: nobody real manages them
_MANAGER_LEFT = -2  # the old manager is not in the new chart, so cannot equal any new one


class Move(NamedTuple):
    """Someone who reports to a different manager; ``""`` stands for no manager."""

    person_id: str
    old_manager_id: str
    new_manager_id: str


class FieldChange(NamedTuple):
    person_id: str
    field: str  # one of COMPARED_FIELDS
    old: str
    new: str


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


@dataclass(frozen=True)
class OrgUpdate:
    """Differences between two charts by person id; synthetic nodes never appear."""

    joiners: tuple[str, ...] = ()  # in the new sheet's order
    leavers: tuple[str, ...] = ()  # in the old sheet's order
    moves: tuple[Move, ...] = ()
    changes: tuple[FieldChange, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.joiners or self.leavers or self.moves or self.changes)

    def counts(self) -> dict[str, int]:
        return {
            "joiners": len(self.joiners),
            "leavers": len(self.leavers),
            "moves": len(self.moves),
            "changes": len(self.changes),
        }

    def describe(self) -> str:
        """``"3 joiners, 1 leaver, 2 moves"``, plus changed details when there are any."""
        parts = [
            plural(len(self.joiners), "joiner"),
            plural(len(self.leavers), "leaver"),
            plural(len(self.moves), "move"),
        ]
        if self.changes:
            parts.append(plural(len(self.changes), "changed detail"))
        return ", ".join(parts)


def compare_orgs(old: OrgChart, new: OrgChart) -> OrgUpdate:
    """Who joined, left, moved to another manager, or had a name/title/... changed.

    One dict lookup per person to pair the two charts, then whole-array comparisons; about a
    second for a million people.
    """
    old_people = np.flatnonzero(old.real)
    new_people = np.flatnonzero(new.real)
    old_ids = [old.ids[i] for i in old_people.tolist()]
    new_ids = [new.ids[i] for i in new_people.tolist()]
    position_in_old = dict(zip(old_ids, old_people.tolist(), strict=True))
    paired_old = np.fromiter(
        map(position_in_old.get, new_ids, repeat(-1)), dtype=np.int64, count=len(new_ids)
    )
    stayed = paired_old >= 0
    new_index = new_people[stayed]
    old_index = paired_old[stayed]

    joiners = tuple(new.ids[i] for i in new_people[~stayed].tolist())
    kept_in_old = np.zeros(len(old), dtype=bool)
    kept_in_old[old_index] = True
    leavers = tuple(old.ids[i] for i in np.flatnonzero(old.real & ~kept_in_old).tolist())

    old_to_new = np.full(len(old), _MANAGER_LEFT, dtype=np.int64)
    old_to_new[old_index] = new_index
    old_manager = _real_managers(old)[old_index]
    old_manager_in_new = np.where(
        old_manager >= 0, old_to_new[old_manager.clip(min=0)], _NO_MANAGER
    )
    new_manager = _real_managers(new)[new_index]
    moved = np.flatnonzero(old_manager_in_new != new_manager)
    moves = tuple(
        Move(new.ids[person], _id_or_blank(old, before), _id_or_blank(new, after))
        for person, before, after in zip(
            new_index[moved].tolist(),
            old_manager[moved].tolist(),
            new_manager[moved].tolist(),
            strict=True,
        )
    )
    return OrgUpdate(joiners, leavers, moves, _field_changes(old, new, old_index, new_index))


def _real_managers(chart: OrgChart) -> IntArray:
    """Each node's manager index, or -1 where the manager is missing or synthetic."""
    parent = chart.parent
    has_real_manager = (parent >= 0) & chart.real[parent.clip(min=0)]
    return np.where(has_real_manager, parent, _NO_MANAGER)


def _id_or_blank(chart: OrgChart, index: int) -> str:
    return chart.ids[index] if index >= 0 else ""


def _field_changes(
    old: OrgChart, new: OrgChart, old_index: IntArray, new_index: IntArray
) -> tuple[FieldChange, ...]:
    rows: list[IntArray] = []
    ranks: list[IntArray] = []
    olds: list[npt.NDArray[np.object_]] = []
    news: list[npt.NDArray[np.object_]] = []
    for field_rank, name in enumerate(COMPARED_FIELDS):
        column = _COLUMNS[name]
        before = _objects(getattr(old, column))[old_index]
        after = _objects(getattr(new, column))[new_index]
        differs = np.flatnonzero(before != after)
        if differs.size:
            rows.append(differs)
            ranks.append(np.full(differs.size, field_rank, dtype=np.int64))
            olds.append(before[differs])
            news.append(after[differs])
    if not rows:
        return ()
    row = np.concatenate(rows)
    field_of_row = np.concatenate(ranks)
    order = np.lexsort((field_of_row, row))  # person by person in the new sheet's order
    people = new_index[row[order]].tolist()
    return tuple(
        FieldChange(new.ids[person], COMPARED_FIELDS[rank], was, now)
        for person, rank, was, now in zip(
            people,
            field_of_row[order].tolist(),
            np.concatenate(olds)[order].tolist(),
            np.concatenate(news)[order].tolist(),
            strict=True,
        )
    )


def _objects(values: list[str]) -> npt.NDArray[np.object_]:
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array


# -- flags on the plan ---------------------------------------------------------------------


class FlagKind(StrEnum):
    OWNER_LEFT = "owner left"
    NO_REPORTS = "no reports now"
    SERVES_MOVED = "serves someone who moved"
    SERVES_LEFT = "serves someone who left"


@dataclass(frozen=True)
class Flag:
    """Something about a commitment that no longer fits the organisation.

    ``person_id`` is whom it is about (the owner, or the person served); ``reports_to`` is the
    served person's manager now, for :attr:`FlagKind.SERVES_MOVED`. Two flags with the same
    :attr:`key` describe the same situation even if a name in the message was changed.
    """

    kind: FlagKind
    message: str
    person_id: str = ""
    reports_to: str = ""

    @property
    def key(self) -> tuple[FlagKind, str, str]:
        return (self.kind, self.person_id, self.reports_to)


Flags = dict[str, list[Flag]]


def plan_flags(project: Project) -> Flags:
    """Per commitment id (in id order), the flags it raises against the current organisation.

    Commitments that fit get no entry. Nothing is stored or deleted: the planner decides.
    """
    return commitment_flags(project.plan, project.chart)


def commitment_flags(commitments: Iterable[Commitment], chart: OrgChart) -> Flags:
    """:func:`plan_flags` of these commitments alone, against ``chart``: each commitment's
    flags depend on it alone, so a caller may read a plan a block at a time."""
    return _flags(commitments, chart, _namer(chart))


def _namer(*charts: OrgChart) -> Callable[[str], str]:
    """ "Name (id)" from the first chart that knows the person, or the bare id."""

    def describe(person_id: str) -> str:
        for chart in charts:
            try:
                index = chart.index_of(person_id)
            except KeyError:
                continue
            name = chart.names[index]
            if name and name != person_id:
                return f"{name} ({person_id})"
        return person_id

    return describe


def _flags(commitments: Iterable[Commitment], chart: OrgChart, who: Callable[[str], str]) -> Flags:
    managers = _real_managers(chart)
    real = chart.real
    span = chart.span_of_control

    def real_index(person_id: str) -> int:
        try:
            index = chart.index_of(person_id)
        except KeyError:
            return -1
        return index if real[index] else -1

    flagged: Flags = {}
    for commitment in sorted(commitments, key=lambda c: c.number):
        owner = real_index(commitment.manager_id)
        found: list[Flag] = []
        if owner < 0:
            found.append(
                Flag(
                    FlagKind.OWNER_LEFT,
                    f"owner {who(commitment.manager_id)} left the organisation",
                    commitment.manager_id,
                )
            )
        else:
            if span[owner] == 0:
                found.append(
                    Flag(
                        FlagKind.NO_REPORTS,
                        f"{who(commitment.manager_id)} has no direct reports now",
                        commitment.manager_id,
                    )
                )
            for person_id in commitment.serves:
                flag = _serves_flag(chart, managers, who, person_id, real_index(person_id), owner)
                if flag is not None:
                    found.append(flag)
        if found:
            flagged[commitment.id] = found
    return flagged


def _serves_flag(
    chart: OrgChart,
    managers: IntArray,
    who: Callable[[str], str],
    person_id: str,
    index: int,
    owner: int,
) -> Flag | None:
    """The flag for one person named in ``serves``, or None while they still report to owner."""
    if index < 0:
        return Flag(FlagKind.SERVES_LEFT, f"serves {who(person_id)}, who left", person_id)
    manager = int(managers[index])
    if manager == owner:
        return None
    if manager < 0:
        return Flag(
            FlagKind.SERVES_MOVED, f"serves {who(person_id)}, who now has no manager", person_id
        )
    manager_id = chart.ids[manager]
    return Flag(
        FlagKind.SERVES_MOVED,
        f"serves {who(person_id)}, who now reports to {who(manager_id)}",
        person_id,
        manager_id,
    )


def flag_counts(flags: Mapping[str, list[Flag]]) -> dict[FlagKind, int]:
    """How many commitments carry each kind of flag (a commitment counts once per kind)."""
    counts = dict.fromkeys(FlagKind, 0)
    for found in flags.values():
        for kind in {flag.kind for flag in found}:
            counts[kind] += 1
    return {kind: count for kind, count in counts.items() if count}


# -- preview -------------------------------------------------------------------------------


@dataclass(frozen=True)
class UpdatePreview:
    """What an update would do: the differences, and the flags it would newly raise."""

    update: OrgUpdate
    new_flags: Flags = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        return {**self.update.counts(), "flagged_commitments": len(self.new_flags)}

    def summary(self) -> str:
        """One sentence for a dialog or the CLI."""
        if self.update.empty:
            return "The new export has the same people, managers and details."
        sentence = self.update.describe()
        if not self.new_flags:
            return f"{sentence}; no commitment is newly flagged."
        kinds = ", ".join(
            f"{count:,} {kind}" for kind, count in flag_counts(self.new_flags).items()
        )
        return f"{sentence}; {plural(len(self.new_flags), 'commitment')} newly flagged ({kinds})."


def preview_update(
    project: Project, new_chart: OrgChart, update: OrgUpdate | None = None
) -> UpdatePreview:
    """Compare the project's organisation with ``new_chart`` without changing anything.

    ``update`` may be passed when the comparison was already made. Flags the project already
    has are not repeated; names of people who would leave come from the current chart.
    """
    if update is None:
        update = compare_orgs(project.chart, new_chart)
    before = plan_flags(project)
    after = _flags(project.plan, new_chart, _namer(new_chart, project.chart))
    newly: Flags = {}
    for commitment_id, found in after.items():
        known = {flag.key for flag in before.get(commitment_id, [])}
        fresh = [flag for flag in found if flag.key not in known]
        if fresh:
            newly[commitment_id] = fresh
    return UpdatePreview(update, newly)
