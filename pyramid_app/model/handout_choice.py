"""Which managers get a handout, in which order, and what each one's file is called.

A handout pack goes to every manager, to one level of the pyramid, to a department or a
location, to a team (a manager and every manager under them) or to a list of person ids.
Handouts are for managers: real people with at least one report. The pack follows the
organisation (a manager, then the managers of their team, depth first), so the pages of one
team stay together when printed; a list of ids keeps the order it was given in.

A choice nobody matches is an error that says what was asked and what there is, never an
empty pack.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from pyramid_app.model.org import OrgChart
from pyramid_app.model.tree import IntArray

SHOWN_IN_A_MESSAGE = 8  # values or ids listed in an error before "and N more"
FILE_STEM_LENGTH = 80
# Names Windows keeps for devices: a file called "Con.pdf" cannot be made there.
_DEVICE_NAMES = frozenset(
    ["con", "prn", "aux", "nul"]
    + [f"com{i}" for i in range(1, 10)]
    + [f"lpt{i}" for i in range(1, 10)]
)


class HandoutChoiceError(ValueError):
    """The managers asked for cannot be found; the message says what was asked and what
    there is to choose from."""


class ChoiceKind(StrEnum):
    ALL = "all"
    LEVEL = "level"
    DEPARTMENT = "department"
    LOCATION = "location"
    TEAM = "team"
    IDS = "ids"


@dataclass(frozen=True)
class HandoutChoice:
    """The managers a pack is for: ``value`` is the level, department, location or the head
    of the team; ``ids`` the list of person ids (kind ``ids``)."""

    kind: ChoiceKind = ChoiceKind.ALL
    value: str = ""
    ids: tuple[str, ...] = ()

    def describe(self) -> str:
        """Words for a title or a message: "every manager", "managers in Housekeeping"."""
        if self.kind is ChoiceKind.ALL:
            return "every manager"
        if self.kind is ChoiceKind.LEVEL:
            return f"the managers on level {self.value}"
        if self.kind is ChoiceKind.DEPARTMENT:
            return f"the managers in the {self.value} department"
        if self.kind is ChoiceKind.LOCATION:
            return f"the managers at {self.value}"
        if self.kind is ChoiceKind.TEAM:
            return f"the team of {self.value}"
        return f"{len(self.ids):,} chosen manager{'' if len(self.ids) == 1 else 's'}"


def parse_ids(text: str) -> tuple[str, ...]:
    """Person ids as a user writes them: separated by commas (spaces and new lines too)."""
    return tuple(part for part in re.split(r"[,\s;]+", text) if part)


def chosen_managers(chart: OrgChart, choice: HandoutChoice) -> IntArray:
    """Node indexes of the managers ``choice`` picks, in the pack's order.

    Raises :class:`HandoutChoiceError` when nobody matches, naming what there is.
    """
    if choice.kind is ChoiceKind.IDS:
        return _by_ids(chart, choice.ids)
    if choice.kind is ChoiceKind.TEAM:
        head = _one_manager(chart, choice.value.strip())
        return _managers_depth_first(chart, head)
    every = _managers_depth_first(chart, chart.root) if len(chart) else _empty()
    if choice.kind is ChoiceKind.ALL:
        if every.shape[0] == 0:
            raise HandoutChoiceError("nobody in the organisation has reports: no handouts")
        return every
    if choice.kind is ChoiceKind.LEVEL:
        return _on_level(chart, every, choice.value)
    column = chart.departments if choice.kind is ChoiceKind.DEPARTMENT else chart.locations
    wanted = choice.value.strip().casefold()
    matches = (column[i].strip().casefold() == wanted for i in every.tolist())
    picked = every[np.fromiter(matches, dtype=bool, count=every.shape[0])]
    if picked.shape[0] == 0:
        what = choice.kind.value
        have = _listed(manager_values(chart, column)) or "none"
        raise HandoutChoiceError(
            f"no manager in the {what} {choice.value.strip()!r}; the {what}s with managers: {have}"
        )
    return np.asarray(picked, dtype=np.int64)


def manager_values(chart: OrgChart, column: Sequence[str]) -> list[str]:
    """The distinct values of ``column`` (departments, locations) among the managers, sorted:
    what a pack can be chosen by."""
    values = {column[i].strip() for i in chart.managers().tolist()}
    values.discard("")
    return sorted(values, key=lambda value: (value.casefold(), value))


def manager_levels(chart: OrgChart) -> list[int]:
    """The levels that have managers, from the chief executive (0) up."""
    levels = chart.levels[chart.managers()]
    return sorted(set(levels[levels >= 0].tolist()))


def _empty() -> IntArray:
    return np.zeros(0, dtype=np.int64)


def _is_manager(chart: OrgChart, node: int) -> bool:
    return bool(chart.real[node] and chart.span_of_control[node] > 0)


def _managers_depth_first(chart: OrgChart, head: int) -> IntArray:
    """``head`` (if a manager) and every manager under it, each before their own team's.

    Only managers are walked (front-line people have no one under them), so a million-person
    organisation costs its managers, not its people.
    """
    offsets, children = chart.child_offsets, chart.child_index
    spans, real = chart.span_of_control, chart.real
    order: list[int] = []
    stack = [head]
    while stack:
        node = stack.pop()
        if real[node]:
            order.append(node)
        reports = children[offsets[node] : offsets[node + 1]]
        # Reversed onto the stack, so the first report in the sheet comes out first.
        stack.extend(reports[spans[reports] > 0][::-1].tolist())
    return np.asarray(order, dtype=np.int64)


def _on_level(chart: OrgChart, every: IntArray, text: str) -> IntArray:
    try:
        level = int(text.strip())
    except ValueError:
        raise HandoutChoiceError(f"level {text.strip()!r} is not a whole number") from None
    picked = every[chart.levels[every] == level]
    if picked.shape[0] == 0:
        have = ", ".join(map(str, manager_levels(chart))) or "none"
        raise HandoutChoiceError(
            f"no manager on level {level} (0 is the chief executive); levels with managers: {have}"
        )
    return np.asarray(picked, dtype=np.int64)


def _one_manager(chart: OrgChart, person_id: str) -> int:
    try:
        node = chart.index_of(person_id)
    except KeyError:
        raise HandoutChoiceError(f"nobody has the id {person_id!r}") from None
    if not _is_manager(chart, node):
        raise HandoutChoiceError(f"{_who(chart, node)} has no reports: a handout is for a manager")
    return node


def _by_ids(chart: OrgChart, ids: Iterable[str]) -> IntArray:
    wanted = list(dict.fromkeys(person_id.strip() for person_id in ids if person_id.strip()))
    if not wanted:
        raise HandoutChoiceError("no person id given")
    nodes = chart.indices_of(wanted)
    unknown = [person_id for person_id, node in zip(wanted, nodes, strict=True) if node is None]
    found = [node for node in nodes if node is not None]
    not_managers = [_who(chart, node) for node in found if not _is_manager(chart, node)]
    problems = []
    if unknown:
        problems.append(f"nobody has the id{'s' if len(unknown) > 1 else ''} {_listed(unknown)}")
    if not_managers:
        problems.append(f"no reports, so no handout: {_listed(not_managers)}")
    if problems:
        raise HandoutChoiceError("; ".join(problems))
    return np.asarray(found, dtype=np.int64)


def _who(chart: OrgChart, node: int) -> str:
    name, person_id = chart.names[node], chart.ids[node]
    return f"{name} ({person_id})" if name and name != person_id else person_id


def _listed(values: Sequence[str]) -> str:
    shown = ", ".join(values[:SHOWN_IN_A_MESSAGE])
    more = len(values) - SHOWN_IN_A_MESSAGE
    return f"{shown} and {more:,} more" if more > 0 else shown


# -- file names ----------------------------------------------------------------------------


def safe_file_stem(text: str) -> str:
    """``text`` as part of a file name any mail program and file system takes: letters
    without accents, digits, spaces, dots, hyphens and underscores; never a device name."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    kept = re.sub(r"[^A-Za-z0-9 ._-]+", " ", plain)
    stem = " ".join(kept.split()).strip(" .")[:FILE_STEM_LENGTH].strip(" .")
    if stem.split(".")[0].casefold() in _DEVICE_NAMES:
        stem = f"{stem} handout"
    return stem


def handout_file_names(chart: OrgChart, nodes: Iterable[int], suffix: str = ".pdf") -> list[str]:
    """One file name per manager, from their name, unique ignoring case: a second "Anna Berg"
    gets her id added, and a number if that is taken too."""
    names: list[str] = []
    taken: set[str] = set()
    for node in nodes:
        base = safe_file_stem(chart.names[node]) or safe_file_stem(chart.ids[node]) or "Manager"
        candidates = [base, f"{base} {safe_file_stem(chart.ids[node])}".strip()]
        stem = next((c for c in candidates if c.casefold() not in taken), "")
        number = 2
        while not stem:
            numbered = f"{base} {number}"
            stem = numbered if numbered.casefold() not in taken else ""
            number += 1
        taken.add(stem.casefold())
        names.append(stem + suffix)
    return names
