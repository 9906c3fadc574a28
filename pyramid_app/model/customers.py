"""Customers, the touchpoints of their day, and what the front line needs at each one.

The workshop behind the app (see PRACTICES.md) walks through a typical customer's day, lists
every touchpoint the customer has with the staff, and writes down for each what the employee
there needs to **be** (a quality), **do** (an action) and **have** (a tool, information,
authority). Managers then commit to providing those needs; a commitment names the needs it
answers by their ids (:attr:`pyramid_app.model.plan.Commitment.needs`).

The shape is a :class:`CustomerMap`: ordered :class:`Segment` values, each with ordered
:class:`Touchpoint` values, each with its :class:`ServeRule` list (who on the front line stands
there) and its ordered :class:`Need` list. Segments, touchpoints and needs are immutable
values; the map is the only mutable part and only commands change it
(:mod:`pyramid_app.model.customer_commands`).

Identity: a segment is known by its name, unique ignoring case (the layout draws the names as
the customer band). Touchpoints and needs have ids, ``T-001`` and ``N-0001``, handed out by the
map's counters and never reused, so a commitment's link to a need survives renames and moves
and an undone removal brings the same id back.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import NamedTuple

import numpy as np

from pyramid_app.model.org import OrgChart
from pyramid_app.model.selection import BoolArray, column_codes
from pyramid_app.model.tree import IntArray

TOUCHPOINT_ID = re.compile(r"T-(\d{3,})")
NEED_ID = re.compile(r"N-(\d{4,})")


class NeedKind(StrEnum):
    """What a need is: a quality to *be*, an action to *do*, or something to *have*."""

    BE = "be"
    DO = "do"
    HAVE = "have"


class Importance(StrEnum):
    MUST = "must"
    SHOULD = "should"
    NICE = "nice"


class RuleField(StrEnum):
    """The person field a :class:`ServeRule` compares; ``person`` compares the person id."""

    DEPARTMENT = "department"
    TITLE = "title"
    LOCATION = "location"
    PERSON = "person"


# The chart column each field reads (a person rule reads ids, matched exactly).
_RULE_COLUMNS = {
    RuleField.DEPARTMENT: "departments",
    RuleField.TITLE: "titles",
    RuleField.LOCATION: "locations",
}


@dataclass(frozen=True)
class Need:
    """What the employee at a touchpoint needs, in a few words, tagged be/do/have."""

    id: str
    text: str
    kind: NeedKind = NeedKind.DO
    importance: Importance = Importance.SHOULD


@dataclass(frozen=True)
class ServeRule:
    """Front-line people whose ``field`` equals ``value`` (ignoring case and outer spaces)."""

    field: RuleField
    value: str

    def describe(self) -> str:
        """Words for a list of rules: "department Housekeeping", "person HL0042"."""
        return f"{self.field.value} {self.value}"


@dataclass(frozen=True)
class Touchpoint:
    """A moment of the customer's day ("checks in"), who serves it and what they need there."""

    id: str
    name: str
    rules: tuple[ServeRule, ...] = ()
    needs: tuple[Need, ...] = ()
    note: str = ""

    def need(self, need_id: str) -> Need | None:
        return next((need for need in self.needs if need.id == need_id), None)


@dataclass(frozen=True)
class Segment:
    """A group of customers (a band of the pyramid's top) and the touchpoints of their day.

    ``share`` is the fraction of the business the segment stands for (0 to 1), or None when
    nobody said.
    """

    name: str
    description: str = ""
    share: float | None = None
    touchpoints: tuple[Touchpoint, ...] = ()


class NeedPlace(NamedTuple):
    """A need with the segment and touchpoint it belongs to."""

    segment: Segment
    touchpoint: Touchpoint
    need: Need


def name_key(name: str) -> str:
    """Segment names are the same when they differ only in case or outer spaces."""
    return name.strip().casefold()


def touchpoint_number(touchpoint_id: str) -> int:
    match = TOUCHPOINT_ID.fullmatch(touchpoint_id)
    if match is None:
        raise ValueError(f"{touchpoint_id!r} is not a touchpoint id like T-007")
    return int(match.group(1))


def need_number(need_id: str) -> int:
    match = NEED_ID.fullmatch(need_id)
    if match is None:
        raise ValueError(f"{need_id!r} is not a need id like N-0042")
    return int(match.group(1))


def format_touchpoint_id(number: int) -> str:
    return f"T-{number:03d}"


def format_need_id(number: int) -> str:
    return f"N-{number:04d}"


def merged_segments(segments: Sequence[Segment], names: Iterable[str]) -> tuple[Segment, ...]:
    """``segments`` with a new empty segment for each name not there yet, in the names' order.

    This is how customers from a spreadsheet's ``Customers`` sheet join a map: existing
    segments (and their touchpoints) are never dropped or reordered, blank names are skipped,
    and a name repeated in the sheet makes one segment.
    """
    seen = {name_key(segment.name) for segment in segments}
    added: list[Segment] = []
    for name in names:
        key = name_key(name)
        if key and key not in seen:
            seen.add(key)
            added.append(Segment(name.strip()))
    return (*segments, *added)


class _Where(NamedTuple):
    segment: int
    touchpoint: int


@dataclass(eq=False)
class CustomerMap:
    """The project's customer segments in order, with their touchpoints and needs.

    ``next_touchpoint`` and ``next_need`` are the numbers the next new ids get; they only ever
    grow, so an id is never handed out twice, even after the item it named was removed.
    Change it through commands only: they keep undo exact and tell the observers.
    """

    segments: tuple[Segment, ...] = ()
    next_touchpoint: int = 1
    next_need: int = 1
    _places: dict[str, _Where] | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.set_segments(self.segments)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CustomerMap):
            return NotImplemented
        return (self.segments, self.next_touchpoint, self.next_need) == (
            other.segments,
            other.next_touchpoint,
            other.next_need,
        )

    __hash__ = None  # type: ignore[assignment]  # mutable, like a list

    # -- reading -------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.segments)

    def __iter__(self) -> Iterator[Segment]:
        return iter(self.segments)

    def names(self) -> list[str]:
        """The segment names in order: the customer band of the pyramid."""
        return [segment.name for segment in self.segments]

    def segment_position(self, name: str) -> int | None:
        key = name_key(name)
        return next(
            (i for i, segment in enumerate(self.segments) if name_key(segment.name) == key), None
        )

    def segment(self, name: str) -> Segment | None:
        position = self.segment_position(name)
        return None if position is None else self.segments[position]

    def _where(self) -> dict[str, _Where]:
        if self._places is None:
            places: dict[str, _Where] = {}
            for s, segment in enumerate(self.segments):
                for t, touchpoint in enumerate(segment.touchpoints):
                    places[touchpoint.id] = _Where(s, t)
                    for need in touchpoint.needs:
                        places[need.id] = _Where(s, t)
            self._places = places
        return self._places

    def touchpoint(self, touchpoint_id: str) -> Touchpoint | None:
        where = self._where().get(touchpoint_id)
        if where is None or not touchpoint_id.startswith("T-"):
            return None
        return self.segments[where.segment].touchpoints[where.touchpoint]

    def segment_of(self, item_id: str) -> Segment | None:
        """The segment holding this touchpoint or need id."""
        where = self._where().get(item_id)
        return None if where is None else self.segments[where.segment]

    def touchpoint_of(self, need_id: str) -> Touchpoint | None:
        """The touchpoint holding this need id."""
        where = self._where().get(need_id)
        if where is None or not need_id.startswith("N-"):
            return None
        return self.segments[where.segment].touchpoints[where.touchpoint]

    def touchpoint_position(self, touchpoint_id: str) -> tuple[int, int] | None:
        """(segment position, position within the segment) of a touchpoint."""
        where = self._where().get(touchpoint_id)
        if where is None or not touchpoint_id.startswith("T-"):
            return None
        return where.segment, where.touchpoint

    def need(self, need_id: str) -> Need | None:
        touchpoint = self.touchpoint_of(need_id)
        return None if touchpoint is None else touchpoint.need(need_id)

    def has_need(self, need_id: str) -> bool:
        return need_id.startswith("N-") and need_id in self._where()

    def touchpoints(self) -> Iterator[tuple[Segment, Touchpoint]]:
        for segment in self.segments:
            for touchpoint in segment.touchpoints:
                yield segment, touchpoint

    def needs(self) -> Iterator[NeedPlace]:
        for segment in self.segments:
            for touchpoint in segment.touchpoints:
                for need in touchpoint.needs:
                    yield NeedPlace(segment, touchpoint, need)

    @property
    def touchpoint_count(self) -> int:
        return sum(len(segment.touchpoints) for segment in self.segments)

    @property
    def need_count(self) -> int:
        return sum(len(t.needs) for segment in self.segments for t in segment.touchpoints)

    # -- new ids -------------------------------------------------------------------------

    def new_touchpoint_ids(self, count: int) -> list[str]:
        """Ids for the next ``count`` new touchpoints. Nothing is reserved: building a command
        changes nothing; :meth:`set_segments` takes the ids when the command is applied."""
        first = self.next_touchpoint
        return [format_touchpoint_id(number) for number in range(first, first + count)]

    def new_need_ids(self, count: int) -> list[str]:
        first = self.next_need
        return [format_need_id(number) for number in range(first, first + count)]

    # -- changing (for commands) ---------------------------------------------------------

    def set_segments(self, segments: Iterable[Segment]) -> None:
        """Make the map hold exactly ``segments``; the counters move past every id in them.

        Raises ValueError for a repeated segment name or id, or an id of the wrong form.
        """
        segments = tuple(segments)
        names: set[str] = set()
        ids: set[str] = set()
        highest_touchpoint = highest_need = 0
        for segment in segments:
            key = name_key(segment.name)
            if not key:
                raise ValueError("a customer segment needs a name")
            if key in names:
                raise ValueError(f"there are two customer segments called {segment.name!r}")
            names.add(key)
            for touchpoint in segment.touchpoints:
                highest_touchpoint = max(highest_touchpoint, touchpoint_number(touchpoint.id))
                for item_id in (touchpoint.id, *(need.id for need in touchpoint.needs)):
                    if item_id in ids:
                        raise ValueError(f"{item_id} is used twice in the customer map")
                    ids.add(item_id)
                for need in touchpoint.needs:
                    highest_need = max(highest_need, need_number(need.id))
        self.segments = segments
        self._places = None
        self.next_touchpoint = max(self.next_touchpoint, highest_touchpoint + 1)
        self.next_need = max(self.next_need, highest_need + 1)

    def replace_segment(self, position: int, segment: Segment) -> None:
        segments = list(self.segments)
        segments[position] = segment
        self.set_segments(segments)

    def replace_touchpoint(self, touchpoint: Touchpoint) -> Touchpoint:
        """Put ``touchpoint`` in place of the one with its id; returns the old value."""
        place = self.touchpoint_position(touchpoint.id)
        if place is None:
            raise KeyError(touchpoint.id)
        s, t = place
        segment = self.segments[s]
        old = segment.touchpoints[t]
        touchpoints = list(segment.touchpoints)
        touchpoints[t] = touchpoint
        self.replace_segment(s, replace(segment, touchpoints=tuple(touchpoints)))
        return old


# -- who stands at a touchpoint ------------------------------------------------------------


def front_line_mask(chart: OrgChart) -> BoolArray:
    """Real people with no reports: the only people a touchpoint rule can pick."""
    mask: BoolArray = chart.real & (chart.span_of_control == 0)
    return mask


def rule_mask(chart: OrgChart, rule: ServeRule) -> BoolArray:
    """Everyone (front line or not) whose field matches ``rule``."""
    mask = np.zeros(len(chart), dtype=bool)
    wanted = rule.value.strip()
    if rule.field is RuleField.PERSON:
        # Someone who left the organisation serves nowhere now.
        with contextlib.suppress(KeyError):
            mask[chart.index_of(wanted)] = True
        return mask
    codes, values = column_codes(chart, _RULE_COLUMNS[rule.field])
    key = wanted.casefold()
    # One comparison per distinct value, then one gather over the whole column.
    matching = np.fromiter(
        (value.strip().casefold() == key for value in values), dtype=bool, count=len(values)
    )
    if matching.any():
        mask = matching[codes]
    return mask


def served_people(chart: OrgChart, touchpoint: Touchpoint) -> IntArray:
    """Node indexes (sorted) of the front-line people any of the touchpoint's rules match."""
    mask = np.zeros(len(chart), dtype=bool)
    for rule in touchpoint.rules:
        mask |= rule_mask(chart, rule)
    return np.flatnonzero(mask & front_line_mask(chart))


def unmatched_rules(chart: OrgChart, touchpoint: Touchpoint) -> list[ServeRule]:
    """The rules that pick nobody on the front line (a typo, a team that left, a manager)."""
    front_line = front_line_mask(chart)
    return [rule for rule in touchpoint.rules if not (rule_mask(chart, rule) & front_line).any()]
