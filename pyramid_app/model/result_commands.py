"""Edits of a project's results: values put (new or corrected) and values taken away, as one
command with its exact inverse; and what a re-imported results sheet would change.

A re-import of next month's file adds its new periods and corrects the values that differ; a
result the file no longer holds is kept (last month's file is not expected to repeat a year).
:func:`compare_results` says what would change, :func:`apply_results` makes it one undoable
step.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from pyramid_app.model.commands import Command, PlanError
from pyramid_app.model.project import Change, Project
from pyramid_app.model.results import Period, Result, ResultKey
from pyramid_app.model.targets import built_in, fold_measure
from pyramid_app.model.units import Unit, UnitNames


@dataclass(frozen=True)
class SetResults(Command):
    """Put ``put`` (new values, or in place of the old) and take ``remove`` away."""

    put: tuple[Result, ...] = ()
    remove: tuple[ResultKey, ...] = ()
    label: str = "Edit results"

    def apply(self, project: Project) -> tuple[Command, Change]:
        results = project.results
        back: list[Result] = []
        gone: list[ResultKey] = []
        for key in dict.fromkeys([*(r.key for r in self.put), *self.remove]):
            old = results.get(key)
            if old is None:
                gone.append(key)
            else:
                back.append(Result(key.unit, key.measure, key.period, old))
        removed = set(self.remove)
        results.remove(self.remove)
        results.put(r for r in self.put if r.key not in removed)
        # Taken away first, then put back: a key both put and removed ends up removed.
        inverse = SetResults(tuple(back), tuple(gone), self.label)
        touched = frozenset(r.key for r in self.put) | frozenset(self.remove)
        return inverse, Change(results=touched)


def checked_measure(project: Project, measure: str) -> str:
    """A results measure's name as the project spells it (a new one as given, tidied);
    :class:`PlanError` for a blank one or one that is a built-in measure's name."""
    name = " ".join(measure.split())
    if not name:
        raise PlanError("a result needs the name of its measure")
    found = built_in(name)
    if found is not None:
        raise PlanError(
            f"{name!r} is the name of a measure the plan counts itself ({found.title}); "
            "give the client's measure another name"
        )
    return project.results.measure_name(name) or name


def checked_value(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise PlanError(f"a result needs a number, not {value!r}")
    return float(value)


def set_result(
    project: Project, unit: Unit, measure: str, period: Period, value: float | None
) -> SetResults:
    """Type one result (``None`` takes it away)."""
    if not UnitNames(project.chart, project.customer_map, project.name).exists(unit):
        raise PlanError(f"there is no {unit.kind.value} {unit.name!r} in {project.name}")
    name = checked_measure(project, measure)
    key = ResultKey(unit, name, period)
    if value is None:
        if project.results.get(key) is None:
            raise PlanError(f"there is no result of {name} for {period} at {unit.name or 'all'}")
        return SetResults((), (key,), f"Remove result {name} {period}")
    return SetResults(
        (Result(unit, name, period, checked_value(value)),), (), f"Set result {name} {period}"
    )


@dataclass
class ResultsUpdate:
    """What results read from a file would change: new values (``new_periods`` lists the
    periods the project had no value for at all), corrected values (old, new) and how many are
    the same already."""

    new: list[Result] = field(default_factory=list)
    corrected: list[tuple[Result, Result]] = field(default_factory=list)
    unchanged: int = 0
    new_periods: list[Period] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.new or self.corrected)

    def describe(self) -> str:
        parts = []
        if self.new:
            parts.append(f"{len(self.new):,} new")
        if self.corrected:
            parts.append(f"{len(self.corrected):,} corrected")
        if self.unchanged:
            parts.append(f"{self.unchanged:,} unchanged")
        return ", ".join(parts) or "nothing"


def compare_results(project: Project, incoming: Iterable[Result]) -> ResultsUpdate:
    """What putting ``incoming`` (a results file's rows, measures already spelled as the
    project spells them) into the project would change."""
    results = project.results
    update = ResultsUpdate()
    known_periods = {period for result in results for period in [result.period]}
    fresh: set[Period] = set()
    for result in incoming:
        old = results.get(result.key)
        if old is None:
            update.new.append(result)
            if result.period not in known_periods:
                fresh.add(result.period)
        elif old != result.value:
            was = Result(result.unit, result.measure, result.period, old)
            update.corrected.append((was, result))
        else:
            update.unchanged += 1
    update.new_periods = sorted(fresh)
    return update


def apply_results(project: Project, update: ResultsUpdate, source: str = "") -> SetResults:
    """One undoable step putting an update's new and corrected values in."""
    if update.empty:
        raise PlanError("the results hold nothing new: every value is in the project already")
    put = (*update.new, *(new for _old, new in update.corrected))
    where = f" from {source}" if source else ""
    return SetResults(tuple(put), (), f"Import results{where} ({update.describe()})")


def spelled(project: Project, rows: Sequence[Result]) -> list[Result]:
    """``rows`` with each measure spelled as the project (or the first row naming it) does."""
    names: dict[str, str] = {}
    spelled_rows: list[Result] = []
    for row in rows:
        folded = fold_measure(row.measure)
        name = names.get(folded)
        if name is None:
            name = names[folded] = checked_measure(project, row.measure)
        spelled_rows.append(Result(row.unit, name, row.period, row.value))
    return spelled_rows
