"""The units and measures a planner picks from when typing a target or a result.

A target or a result belongs to a unit the project has: the whole organisation, a department or
a location of its people, a customer segment or a touchpoint. The lists here offer exactly
those (so nothing typed can miss), named the way the tables show them, and the measures: the
plan's own and the client's, as the project spells them.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QComboBox

from pyramid_app.model.customers import CustomerMap
from pyramid_app.model.project import Project
from pyramid_app.model.selection import column_codes
from pyramid_app.model.targets import Measure, built_in
from pyramid_app.model.units import PEOPLE_COLUMNS, WHOLE_ORGANISATION, Unit, UnitKind, unit_key

KIND_WORDS = {
    UnitKind.DEPARTMENT: "Department",
    UnitKind.LOCATION: "Location",
    UnitKind.SEGMENT: "Segment",
    UnitKind.TOUCHPOINT: "Touchpoint",
}
WHOLE_WORDS = "Whole organisation"


def project_units(project: Project) -> list[Unit]:
    """Every unit of ``project``: the whole organisation, its departments and locations (as
    its people spell them, each once), its segments and touchpoints in the map's order."""
    chart = project.chart
    units = [WHOLE_ORGANISATION]
    for kind, column in PEOPLE_COLUMNS.items():
        codes, values = column_codes(chart, column)
        present = np.bincount(codes[chart.real], minlength=len(values)) > 0
        seen: set[str] = set()
        names = []
        for code in np.flatnonzero(present).tolist():
            value = values[code]
            if value.strip() and unit_key(value) not in seen:
                seen.add(unit_key(value))
                names.append(value)
        units += [Unit(kind, name) for name in sorted(names, key=unit_key)]
    units += [Unit(UnitKind.SEGMENT, segment.name) for segment in project.customer_map.segments]
    units += [
        Unit(UnitKind.TOUCHPOINT, touchpoint.id)
        for _segment, touchpoint in project.customer_map.touchpoints()
    ]
    return units


def unit_text(unit: Unit, customer_map: CustomerMap | None = None) -> str:
    """ "Whole organisation", "Location: Lisbon", "Touchpoint: Checks out" (its id when the
    map no longer has it)."""
    if unit.kind is UnitKind.ORGANISATION:
        return WHOLE_WORDS
    name = unit.name
    if unit.kind is UnitKind.TOUCHPOINT and customer_map is not None:
        touchpoint = customer_map.touchpoint(unit.name)
        name = touchpoint.name if touchpoint is not None else unit.name
    return f"{KIND_WORDS[unit.kind]}: {name}"


def fill_units(box: QComboBox, project: Project | None, units: list[Unit] | None = None) -> None:
    """``box`` offers ``units`` (every unit of the project by default), each carrying its
    :class:`Unit`; the one chosen stays chosen when it is still there."""
    chosen = box.currentData()
    if units is None:
        units = project_units(project) if project is not None else []
    customer_map = project.customer_map if project is not None else None
    box.blockSignals(True)
    box.clear()
    for unit in units:
        box.addItem(unit_text(unit, customer_map), unit)
    found = box.findData(chosen) if chosen is not None else -1
    box.setCurrentIndex(max(found, 0))
    box.blockSignals(False)


def measure_names(project: Project | None, with_built_in: bool) -> list[str]:
    """The measures offered: the plan's own (by title, when ``with_built_in``), then the
    client's from the results."""
    names = [measure.label for measure in Measure] if with_built_in else []
    if project is not None:
        names += project.results.measures()
    return names


def value_text(measure: str, value: float) -> str:
    """A value as the tables show it: a built-in measure's share as a percentage."""
    if built_in(measure) is not None:
        return f"{value * 100:.4g}%"
    return f"{value:,.6g}" if abs(value) >= 1000 else f"{value:.6g}"
