"""Where each unit, and each front-line person, stands against the target of a results measure:
what "Colour by > Results against target" paints.

A unit stands by its latest result against its own target (met, close, missed), or has no
result to judge. A front-line person takes the standing of the most specific unit they belong
to that has a target for the measure: their touchpoint, their department, their location, their
customer segment, then the whole organisation. Everyone else (managers, synthetic nodes) and a
person in no such unit has :attr:`Standing.NO_VALUE`.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from pyramid_app.model.customers import front_line_mask
from pyramid_app.model.project import Project
from pyramid_app.model.targets import Standing, standing
from pyramid_app.model.units import Unit, UnitKind, unit_people

# The code of each standing in :func:`person_standings`, worst first after "no value".
STANDING_CODES = {Standing.NO_VALUE: 0, Standing.MISSED: 1, Standing.CLOSE: 2, Standing.MET: 3}
# The most specific kind of unit first: a person's touchpoint says more than their hotel.
_SPECIFIC_FIRST = (
    UnitKind.TOUCHPOINT,
    UnitKind.DEPARTMENT,
    UnitKind.LOCATION,
    UnitKind.SEGMENT,
    UnitKind.ORGANISATION,
)


def unit_standings(project: Project, measure: str) -> dict[Unit, Standing]:
    """Each unit with a target for ``measure``: its latest result against that target."""
    found: dict[Unit, Standing] = {}
    for target in project.targets.of_measure(measure):
        latest = project.results.latest(measure, target.unit)
        found[target.unit] = standing(target, latest[1] if latest is not None else None)
    return found


def person_standings(project: Project, measure: str) -> npt.NDArray[np.int8]:
    """Per node, the :data:`STANDING_CODES` of the unit the front-line person stands with."""
    chart = project.chart
    codes = np.zeros(len(chart), dtype=np.int8)
    decided = ~front_line_mask(chart)
    standings = unit_standings(project, measure)
    for kind in _SPECIFIC_FIRST:
        for unit, found in sorted(standings.items()):
            if unit.kind is not kind:
                continue
            people = unit_people(chart, project.customer_map, unit) & ~decided
            codes[people] = STANDING_CODES[found]
            decided |= people
    return codes
