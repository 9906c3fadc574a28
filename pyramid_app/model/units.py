"""The units a target or a result belongs to: the whole organisation, a department, a location,
a customer segment or a touchpoint.

A unit is named the way the client names it in a results sheet ("Lisbon", "Housekeeping",
"Leisure guests", "Checks out") and found among the project's own: the departments and
locations of the organisation's people, the customer segments and their touchpoints. Names are
compared ignoring case and spacing; a touchpoint is also found by its id (``T-006``). A name
that is both a department and a location (or two touchpoints) is ambiguous: the caller says so
and asks for the kind, ``location: Lisbon``.

A :class:`Unit` keeps the department or location as the organisation spells it, the segment's
name, and a touchpoint's id (so a renamed touchpoint keeps its results and targets).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from pyramid_app.model.customers import (
    TOUCHPOINT_ID,
    CustomerMap,
    front_line_mask,
    served_people,
)
from pyramid_app.model.org import OrgChart
from pyramid_app.model.selection import BoolArray, column_codes


class UnitKind(StrEnum):
    ORGANISATION = "organisation"
    DEPARTMENT = "department"
    LOCATION = "location"
    SEGMENT = "segment"
    TOUCHPOINT = "touchpoint"


@dataclass(frozen=True, order=True)
class Unit:
    """``name`` is "" for the whole organisation, a touchpoint's id for a touchpoint."""

    kind: UnitKind
    name: str = ""


WHOLE_ORGANISATION = Unit(UnitKind.ORGANISATION)

# The chart column of each kind a person belongs to.
PEOPLE_COLUMNS = {UnitKind.DEPARTMENT: "departments", UnitKind.LOCATION: "locations"}
# Words that name the whole organisation in a results sheet or on the command line.
_WHOLE_WORDS = frozenset(
    {
        "all",
        "total",
        "overall",
        "everyone",
        "company",
        "organisation",
        "organization",
        "whole organisation",
        "whole organization",
        "the organisation",
        "the organization",
    }
)
# The prefixes a name may carry to say its kind: "location: Lisbon", "hotel: Lisbon".
_KIND_WORDS = {
    "organisation": UnitKind.ORGANISATION,
    "organization": UnitKind.ORGANISATION,
    "department": UnitKind.DEPARTMENT,
    "dept": UnitKind.DEPARTMENT,
    "team": UnitKind.DEPARTMENT,
    "location": UnitKind.LOCATION,
    "site": UnitKind.LOCATION,
    "hotel": UnitKind.LOCATION,
    "office": UnitKind.LOCATION,
    "segment": UnitKind.SEGMENT,
    "customer segment": UnitKind.SEGMENT,
    "customers": UnitKind.SEGMENT,
    "touchpoint": UnitKind.TOUCHPOINT,
}
_PREFIX = re.compile(r"^\s*([A-Za-z][A-Za-z ]*?)\s*:\s*(.*)$", re.S)


def unit_key(text: str) -> str:
    """Names are the same when they differ only in case and spacing."""
    return " ".join(text.split()).casefold()


class UnitNames:
    """The units of one project (its organisation and customer map), found by name."""

    def __init__(self, chart: OrgChart, customer_map: CustomerMap, project_name: str = "") -> None:
        self.chart = chart
        self.customer_map = customer_map
        self._project_key = unit_key(project_name)
        self._by_key: dict[str, list[Unit]] = {}
        real = chart.real
        for kind, column in PEOPLE_COLUMNS.items():
            codes, values = column_codes(chart, column)
            present = np.bincount(codes[real], minlength=len(values)) > 0
            for code in np.flatnonzero(present).tolist():
                value = values[code]
                if value.strip():
                    self._add(unit_key(value), Unit(kind, value))
        for segment in customer_map.segments:
            self._add(unit_key(segment.name), Unit(UnitKind.SEGMENT, segment.name))
        for _segment, touchpoint in customer_map.touchpoints():
            unit = Unit(UnitKind.TOUCHPOINT, touchpoint.id)
            self._add(unit_key(touchpoint.name), unit)
            self._add(unit_key(touchpoint.id), unit)

    def _add(self, key: str, unit: Unit) -> None:
        found = self._by_key.setdefault(key, [])
        # One unit per kind and key: "Housekeeping" and "housekeeping" are one department.
        if unit not in found and all(other.kind is not unit.kind for other in found):
            found.append(unit)

    def find(self, text: str) -> list[Unit]:
        """Every unit ``text`` can mean: none (unknown), one, or several (ambiguous)."""
        kind: UnitKind | None = None
        prefixed = _PREFIX.match(text)
        if prefixed is not None and unit_key(prefixed.group(1)) in _KIND_WORDS:
            kind = _KIND_WORDS[unit_key(prefixed.group(1))]
            text = prefixed.group(2)
        key = unit_key(text)
        if kind is UnitKind.ORGANISATION:
            return [WHOLE_ORGANISATION]
        found = [unit for unit in self._by_key.get(key, []) if kind is None or unit.kind is kind]
        if kind is UnitKind.TOUCHPOINT and not found and TOUCHPOINT_ID.fullmatch(text.strip()):
            return []
        if not found and kind is None and (key in _WHOLE_WORDS or key == self._project_key):
            return [WHOLE_ORGANISATION]
        return found

    def exists(self, unit: Unit) -> bool:
        if unit.kind is UnitKind.ORGANISATION:
            return True
        if unit.kind is UnitKind.TOUCHPOINT:
            return self.customer_map.touchpoint(unit.name) is not None
        return unit in self._by_key.get(unit_key(unit.name), [])

    def label(self, unit: Unit) -> str:
        return unit_label(unit, self.customer_map)


def unit_label(unit: Unit, customer_map: CustomerMap | None = None) -> str:
    """Words for a unit: "the whole organisation", "location Lisbon", "touchpoint Checks out
    (T-006)" (a touchpoint no longer in the map is named by its id)."""
    if unit.kind is UnitKind.ORGANISATION:
        return "the whole organisation"
    if unit.kind is UnitKind.TOUCHPOINT:
        touchpoint = customer_map.touchpoint(unit.name) if customer_map is not None else None
        if touchpoint is not None:
            return f"touchpoint {touchpoint.name} ({touchpoint.id})"
    return f"{unit.kind.value} {unit.name}"


def ambiguity_words(text: str, units: list[Unit], customer_map: CustomerMap) -> str:
    """Why ``text`` names no single unit, and how to say which: for a message."""
    shown = " and ".join(unit_label(unit, customer_map) for unit in units[:3])
    example = f"{units[0].kind.value}: {units[0].name}"
    return f"{text.strip()!r} could be {shown}; write the kind before it, e.g. {example!r}"


def unit_people(chart: OrgChart, customer_map: CustomerMap, unit: Unit) -> BoolArray:
    """Per node: the person belongs to ``unit``. A department or location holds everyone with
    that value (case and spacing aside); a touchpoint its front-line people (its rules, as the
    map says now); a segment those of its touchpoints; the organisation every real person."""
    if unit.kind is UnitKind.ORGANISATION:
        mask: BoolArray = chart.real.copy()
        return mask
    if unit.kind in PEOPLE_COLUMNS:
        codes, values = column_codes(chart, PEOPLE_COLUMNS[unit.kind])
        key = unit_key(unit.name)
        matching = np.fromiter(
            (unit_key(value) == key for value in values), dtype=bool, count=len(values)
        )
        return matching[codes] & chart.real if len(values) else np.zeros(len(chart), bool)
    mask = np.zeros(len(chart), dtype=bool)
    if unit.kind is UnitKind.TOUCHPOINT:
        touchpoint = customer_map.touchpoint(unit.name)
        touchpoints = [touchpoint] if touchpoint is not None else []
    else:
        segment = customer_map.segment(unit.name)
        touchpoints = list(segment.touchpoints) if segment is not None else []
    for touchpoint in touchpoints:
        mask[served_people(chart, touchpoint)] = True
    return mask & front_line_mask(chart)


def unit_needs(customer_map: CustomerMap, unit: Unit) -> set[str] | None:
    """The need ids of a segment or touchpoint; None for the other kinds (no needs of their
    own)."""
    if unit.kind is UnitKind.TOUCHPOINT:
        touchpoint = customer_map.touchpoint(unit.name)
        return {need.id for need in touchpoint.needs} if touchpoint is not None else set()
    if unit.kind is UnitKind.SEGMENT:
        segment = customer_map.segment(unit.name)
        if segment is None:
            return set()
        return {need.id for touchpoint in segment.touchpoints for need in touchpoint.needs}
    return None
