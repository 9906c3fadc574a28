"""Colour by > Results against target, for a project: which results measures can colour the
pyramid, which one does unless the planner picks another, and the colouring itself.

The pyramid is coloured by one measure at a time: a front-line person in Lisbon cannot be
green for guest satisfaction and red for complaints in one mark. The measures offered are the
client's results measures that have a target somewhere (the built-in ones, counted from the
plan, have the coverage colours), in the order their first target was set: the one the planner
set first is the one they care about first (guest satisfaction, in the demo).
"""

from __future__ import annotations

import numpy as np

from pyramid_app.model.colouring import Colouring, PeopleStandings, colour_by_results
from pyramid_app.model.project import Project
from pyramid_app.model.result_standing import person_standings
from pyramid_app.model.targets import built_in, measure_key


def results_measures(project: Project) -> list[str]:
    """The results measures with a target, as the project spells them, first set first."""
    found: dict[str, str] = {}
    for target in project.targets:
        if built_in(target.measure) is not None:
            continue
        key = measure_key(target.measure)
        if key not in found:
            found[key] = project.results.measure_name(target.measure) or target.measure
    return list(found.values())


def measure_shown(project: Project, chosen: str | None = None) -> str | None:
    """The measure the pyramid is coloured by: ``chosen`` while the project has a target for it
    (in the project's spelling), else the first results measure with a target, else None."""
    measures = results_measures(project)
    if chosen is not None:
        key = measure_key(chosen)
        picked = next((name for name in measures if measure_key(name) == key), None)
        if picked is not None:
            return picked
    return measures[0] if measures else None


class UnknownMeasureError(ValueError):
    """A measure asked for by name that the project cannot colour by; says which it can."""


def chosen_measure(project: Project, name: str) -> str:
    """The results measure ``name`` names (case and spacing aside), in the project's spelling;
    :class:`UnknownMeasureError` naming the measures there are when it has no target."""
    measures = results_measures(project)
    key = measure_key(name)
    found = next((measure for measure in measures if measure_key(measure) == key), None)
    if found is not None:
        return found
    if built_in(name) is not None:
        raise UnknownMeasureError(
            f"{name!r} is counted from the plan and has the coverage colours; the results "
            f"measures are {_listed(measures)}"
        )
    if not measures:
        raise UnknownMeasureError(
            f"{name!r}: this project has no results measure with a target yet (set one with "
            "`pyramid-app target set P.pyramid --measure M --value V`)"
        )
    only = "" if len(measures) > 1 else " only"
    raise UnknownMeasureError(
        f"{name!r} is not a results measure with a target in this project; it has{only} "
        f"{_listed(measures)}"
    )


def _listed(measures: list[str]) -> str:
    return ", ".join(repr(measure) for measure in measures) if measures else "none yet"


def people_standings(project: Project, chosen: str | None = None) -> PeopleStandings:
    """Where each front-line person stands on the measure shown (see :func:`measure_shown`)."""
    measure = measure_shown(project, chosen)
    if measure is None:
        return PeopleStandings(None, np.zeros(len(project.chart), dtype=np.int8))
    return PeopleStandings(measure, person_standings(project, measure))


def results_colouring(project: Project, chosen: str | None = None) -> Colouring:
    """The project's people coloured by their units' latest results against target."""
    return colour_by_results(project.chart, people_standings(project, chosen))
