"""What "better" means: a target per measure and unit, by a date.

The workshop's last step is to measure against target. A :class:`Target` says, for one
measure at one unit (the whole organisation, a department, a location, a customer segment or a
touchpoint), which value counts as good, whether higher or lower is better, and optionally the
date it should be reached by. There is at most one target per measure and unit.

Measures are either built in, counted from the plan itself (:class:`Measure`, all shares from
0 to 1), or the client's own, named by their results (guest satisfaction, complaints per 1,000
stays): those are known by name, compared ignoring case, spacing and punctuation.

The edits (:mod:`pyramid_app.model.target_commands`) keep the :class:`Targets` of a project.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum

from pyramid_app.model.units import Unit, UnitKind


class Measure(StrEnum):
    """The measures the plan gives by itself; every one a share from 0 to 1, higher is better."""

    FRONT_LINE_SERVED = "front-line-served"
    MANAGERS_COMMITTED = "managers-committed"
    MUST_NEEDS_ANSWERED = "must-needs-answered"
    DONE_ON_TIME = "done-on-time"

    @property
    def label(self) -> str:
        return _TITLES[self]

    @property
    def meaning(self) -> str:
        return _MEANINGS[self]

    @property
    def unit_kinds(self) -> frozenset[UnitKind]:
        """The kinds of unit it is counted for."""
        return _KINDS[self]


_TITLES = {
    Measure.FRONT_LINE_SERVED: "Front line served",
    Measure.MANAGERS_COMMITTED: "Managers with an active commitment",
    Measure.MUST_NEEDS_ANSWERED: "Must-needs answered",
    Measure.DONE_ON_TIME: "Commitments done on time",
}
_MEANINGS = {
    Measure.FRONT_LINE_SERVED: "front-line people whose every manager down to the chief "
    "executive has an active commitment serving them",
    Measure.MANAGERS_COMMITTED: "managers with at least one active (not dropped) commitment",
    Measure.MUST_NEEDS_ANSWERED: "the customers' must-needs at the touchpoints that an active "
    "commitment answers",
    Measure.DONE_ON_TIME: "of the active commitments due by then, those done on or before "
    "their due date",
}
_EVERY_KIND = frozenset(UnitKind)
_KINDS = {
    Measure.FRONT_LINE_SERVED: _EVERY_KIND,
    Measure.MANAGERS_COMMITTED: frozenset(
        {UnitKind.ORGANISATION, UnitKind.DEPARTMENT, UnitKind.LOCATION}
    ),
    Measure.MUST_NEEDS_ANSWERED: frozenset(
        {UnitKind.ORGANISATION, UnitKind.SEGMENT, UnitKind.TOUCHPOINT}
    ),
    Measure.DONE_ON_TIME: _EVERY_KIND,
}

_NOT_WORD = re.compile(r"[\W_]+")


def fold_measure(name: str) -> str:
    """Measure names are the same ignoring case, spacing and punctuation: "Complaints per
    1,000 stays" is "complaints per 1000 stays"."""
    return _NOT_WORD.sub("", name.casefold())


_BUILT_IN_KEYS: dict[str, Measure] = {}
for _measure in Measure:
    _BUILT_IN_KEYS[fold_measure(_measure.value)] = _measure
    _BUILT_IN_KEYS[fold_measure(_measure.label)] = _measure
_BUILT_IN_KEYS[fold_measure("managers committed")] = Measure.MANAGERS_COMMITTED
_BUILT_IN_KEYS[fold_measure("done on time")] = Measure.DONE_ON_TIME


def built_in(name: str) -> Measure | None:
    """The built-in measure ``name`` means (its key "front-line-served" or its title), if any."""
    return _BUILT_IN_KEYS.get(fold_measure(name))


def measure_key(name: str) -> str:
    """What a measure is known by: a built-in's key, or the folded name of the client's."""
    found = built_in(name)
    return found.value if found is not None else fold_measure(name)


def measure_title(name: str) -> str:
    """A measure as people read it: a built-in's title, or the client's own name."""
    found = built_in(name)
    return found.label if found is not None else name


@dataclass(frozen=True)
class Target:
    """``value`` to reach for ``measure`` at ``unit`` (by ``by`` when given).

    ``measure`` is a built-in's key (:class:`Measure` value) or a results measure's name as the
    project spells it; a built-in's value is a share from 0 to 1.
    """

    measure: str
    unit: Unit
    value: float
    lower_is_better: bool = False
    by: dt.date | None = None

    @property
    def key(self) -> tuple[str, Unit]:
        return measure_key(self.measure), self.unit

    @property
    def title(self) -> str:
        return measure_title(self.measure)

    def is_met(self, value: float) -> bool:
        return value <= self.value if self.lower_is_better else value >= self.value


class Standing(StrEnum):
    """Where a value stands against its target."""

    MET = "met"
    CLOSE = "close"  # missed by at most CLOSE_SHARE of the target's value
    MISSED = "missed"
    NO_VALUE = "no value"


CLOSE_SHARE = 0.05


def standing(target: Target, value: float | None, close: float = CLOSE_SHARE) -> Standing:
    """Met, close (missed by no more than ``close`` of the target's own size), missed, or no
    value to judge."""
    if value is None or not math.isfinite(value):
        return Standing.NO_VALUE
    if target.is_met(value):
        return Standing.MET
    if abs(value - target.value) <= close * abs(target.value):
        return Standing.CLOSE
    return Standing.MISSED


class Targets:
    """A project's targets in the order they were set; one per measure and unit. Change it
    through commands only (:mod:`pyramid_app.model.target_commands`)."""

    def __init__(self, targets: Iterable[Target] = ()) -> None:
        self._items: dict[tuple[str, Unit], Target] = {}
        for target in targets:
            if target.key in self._items:
                raise ValueError(f"two targets for {target.title} at the same unit")
            self._items[target.key] = target

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Targets):
            return NotImplemented
        return list(self._items.values()) == list(other._items.values())

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[Target]:
        return iter(list(self._items.values()))

    def get(self, measure: str, unit: Unit) -> Target | None:
        return self._items.get((measure_key(measure), unit))

    def position(self, measure: str, unit: Unit) -> int | None:
        key = (measure_key(measure), unit)
        return next((i for i, other in enumerate(self._items) if other == key), None)

    def of_measure(self, measure: str) -> list[Target]:
        key = measure_key(measure)
        return [target for (k, _unit), target in self._items.items() if k == key]

    # -- changing (for commands) ---------------------------------------------------------

    def put(self, target: Target, position: int | None = None) -> tuple[Target | None, int]:
        """Set ``target`` (replacing the one of its measure and unit in place, or at
        ``position``, at the end when None); returns the one replaced and where it was."""
        old = self._items.get(target.key)
        where = self.position(target.measure, target.unit)
        if old is not None and (position is None or position == where):
            self._items[target.key] = target
            return old, where if where is not None else len(self._items) - 1
        items = [(k, t) for k, t in self._items.items() if k != target.key]
        at = len(items) if position is None else max(0, min(position, len(items)))
        items.insert(at, (target.key, target))
        self._items = dict(items)
        return old, where if where is not None else at

    def remove(self, measure: str, unit: Unit) -> tuple[Target, int] | None:
        """Take the target of ``measure`` at ``unit`` away; it and its position, or None."""
        where = self.position(measure, unit)
        if where is None:
            return None
        return self._items.pop((measure_key(measure), unit)), where
