"""Edits of a project's targets: set one (new or in place of the old), change some of its
fields, take it away. Each is a command whose ``apply`` returns its exact inverse, as every edit
(:mod:`pyramid_app.model.commands`); the functions below build them the way the window and the
command line ask, and refuse what makes no sense with a :class:`PlanError` that says why.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, replace

from pyramid_app.model.commands import Command, PlanError
from pyramid_app.model.project import Change, Project
from pyramid_app.model.targets import Measure, Target, built_in, measure_title
from pyramid_app.model.units import WHOLE_ORGANISATION, Unit, UnitKind, UnitNames, unit_label


@dataclass(frozen=True)
class PutTarget(Command):
    """Set ``target``; it replaces the one of its measure and unit where that one was, or goes
    in at ``position`` (at the end when None)."""

    target: Target
    position: int | None = None
    label: str = "Set target"

    def apply(self, project: Project) -> tuple[Command, Change]:
        old, where = project.targets.put(self.target, self.position)
        inverse: Command
        if old is None:
            inverse = RemoveTarget(self.target.measure, self.target.unit, self.label)
        else:
            inverse = PutTarget(old, where, self.label)
        return inverse, Change(targets=True)


@dataclass(frozen=True)
class RemoveTarget(Command):
    measure: str
    unit: Unit
    label: str = "Remove target"

    def apply(self, project: Project) -> tuple[Command, Change]:
        removed = project.targets.remove(self.measure, self.unit)
        if removed is None:
            raise PlanError(
                f"there is no target for {measure_title(self.measure)} at "
                f"{unit_label(self.unit, project.customer_map)}"
            )
        old, where = removed
        return PutTarget(old, where, self.label), Change(targets=True)


# -- building the commands -----------------------------------------------------------------


def known_measure(project: Project, measure: str) -> str:
    """``measure`` as the project knows it: a built-in's key, or the project's spelling of a
    results measure. Raises :class:`PlanError` listing the measures there are."""
    found = built_in(measure)
    if found is not None:
        return found.value
    name = project.results.measure_name(measure)
    if name is not None:
        return name
    measures = [m.label.casefold() for m in Measure]
    from_results = project.results.measures()
    listed = ", ".join(measures)
    if from_results:
        listed += " and, from the results, " + ", ".join(from_results)
    raise PlanError(f"there is no measure called {measure.strip()!r}; the measures are {listed}")


def checked_unit(project: Project, unit: Unit) -> Unit:
    """``unit`` if the project has it; :class:`PlanError` otherwise."""
    names = UnitNames(project.chart, project.customer_map, project.name)
    if not names.exists(unit):
        raise PlanError(f"there is no {unit.kind.value} {unit.name!r} in {project.name}")
    return unit


def _checked(project: Project, target: Target) -> Target:
    measure = known_measure(project, target.measure)
    checked_unit(project, target.unit)
    value = target.value
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise PlanError(f"a target needs a number, not {value!r}")
    title = measure_title(measure)
    found = built_in(measure)
    if found is not None:
        if not 0 <= value <= 1:
            raise PlanError(f"{title} is a share from 0 to 1 (0% to 100%), not {value:g}")
        if target.lower_is_better:
            raise PlanError(f"{title} is better higher; its target cannot be lower-is-better")
        if target.unit.kind not in found.unit_kinds:
            kinds = [f"a {kind.value}" for kind in UnitKind if kind in found.unit_kinds][1:]
            places = ", ".join(kinds[:-1]) + f" or {kinds[-1]}" if len(kinds) > 1 else kinds[0]
            raise PlanError(
                f"{title} is not counted per {target.unit.kind.value}; set its target for the "
                f"whole organisation, {places}"
            )
    return replace(target, measure=measure, value=float(value))


def _words(project: Project, target: Target) -> str:
    where = "" if target.unit == WHOLE_ORGANISATION else f" at {_short(project, target.unit)}"
    return f"{target.title}{where}"


def _short(project: Project, unit: Unit) -> str:
    if unit.kind is UnitKind.TOUCHPOINT:
        touchpoint = project.customer_map.touchpoint(unit.name)
        return touchpoint.name if touchpoint is not None else unit.name
    return unit.name


def set_target(
    project: Project,
    measure: str,
    value: float,
    unit: Unit = WHOLE_ORGANISATION,
    *,
    by: dt.date | None = None,
    lower_is_better: bool = False,
) -> PutTarget:
    """The target of ``measure`` at ``unit``: a new one, or in place of the one there is."""
    target = _checked(project, Target(measure, unit, value, lower_is_better, by))
    verb = "Change" if project.targets.get(target.measure, unit) is not None else "Set"
    return PutTarget(target, None, f"{verb} target for {_words(project, target)}")


def change_target(
    project: Project,
    measure: str,
    unit: Unit = WHOLE_ORGANISATION,
    *,
    value: float | None = None,
    by: dt.date | None = None,
    clear_by: bool = False,
    lower_is_better: bool | None = None,
) -> PutTarget:
    """Change some fields of the target there is; ``clear_by`` takes its date away."""
    old = project.targets.get(measure, unit)
    if old is None:
        raise PlanError(
            f"there is no target for {measure_title(measure)} at "
            f"{unit_label(unit, project.customer_map)}"
        )
    new = replace(
        old,
        value=old.value if value is None else value,
        by=None if clear_by else by or old.by,
        lower_is_better=old.lower_is_better if lower_is_better is None else lower_is_better,
    )
    target = _checked(project, new)
    return PutTarget(target, None, f"Change target for {_words(project, target)}")


def remove_target(project: Project, measure: str, unit: Unit = WHOLE_ORGANISATION) -> RemoveTarget:
    old = project.targets.get(measure, unit)
    if old is None:
        raise PlanError(
            f"there is no target for {measure_title(measure)} at "
            f"{unit_label(unit, project.customer_map)}"
        )
    return RemoveTarget(old.measure, unit, f"Remove target for {_words(project, old)}")
