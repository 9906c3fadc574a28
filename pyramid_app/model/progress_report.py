"""Progress against target: every measure, its targets, its latest value per unit, whether the
target is met, its series, and for the customers' results a before and after.

Built-in measures are counted at a day a week (:mod:`pyramid_app.model.progress`), for the
whole organisation and for every unit that has a target for them. Results measures are shown
as the client measured them, per unit with results (and per unit with a target, whether it has
results or not).

Before and after (results only): the mean of the periods that ended before the first active
commitment reaching the unit (:meth:`PlanSeries.touching`) against the mean of the periods
since. It says what moved, not why: the figures are the client's, side by side.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from statistics import fmean
from typing import Any

from pyramid_app.model.plan_history import PlanHistory
from pyramid_app.model.plan_past import Mark, replay
from pyramid_app.model.progress import LevelSeries, PlanSeries
from pyramid_app.model.project import Project
from pyramid_app.model.results import Period
from pyramid_app.model.targets import Measure, Standing, Target, standing
from pyramid_app.model.units import WHOLE_ORGANISATION, Unit, unit_label


@dataclass(frozen=True)
class BeforeAfter:
    """The mean of a unit's results before its first commitment, and since."""

    first_commitment: dt.date | None
    before: float | None
    before_periods: int
    after: float | None
    after_periods: int

    @property
    def change(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    def improved(self, lower_is_better: bool) -> bool | None:
        change = self.change
        if change is None or change == 0:
            return None
        return change < 0 if lower_is_better else change > 0


def before_after(series: list[tuple[Period, float]], first: dt.date | None) -> BeforeAfter:
    """Periods that ended before ``first`` are before; the rest (the one it falls in too) are
    after. Without a first commitment everything is before."""
    before = [value for period, value in series if first is None or period.end < first]
    after = [value for period, value in series if first is not None and period.end >= first]
    return BeforeAfter(
        first,
        fmean(before) if before else None,
        len(before),
        fmean(after) if after else None,
        len(after),
    )


@dataclass(frozen=True)
class UnitProgress:
    """One measure at one unit: its target, its latest value, and its series, oldest first
    (``at`` is a day for a built-in measure, a period for a result)."""

    unit: Unit
    label: str
    target: Target | None
    latest: float | None
    latest_at: str
    standing: Standing | None  # None without a target
    series: list[tuple[str, float | None]]
    before_after: BeforeAfter | None = None


@dataclass(frozen=True)
class MeasureProgress:
    key: str  # a built-in's key, or the results measure's name
    title: str
    built_in: bool
    units: list[UnitProgress]

    @property
    def share(self) -> bool:
        """Whether the values are shares from 0 to 1 (every built-in measure)."""
        return self.built_in


@dataclass
class ProgressReport:
    today: dt.date
    began: dt.date
    days: list[dt.date]
    measures: list[MeasureProgress]
    levels: list[LevelSeries]
    marks: list[Mark]
    series: PlanSeries

    def measure(self, key: str) -> MeasureProgress | None:
        return next((m for m in self.measures if m.key == key), None)


def progress_report(
    project: Project, history: PlanHistory, today: dt.date, since: dt.date | None = None
) -> ProgressReport:
    """Every measure of ``project`` against its targets, on ``today``."""
    past = replay(project, history, today, since)
    series = PlanSeries(project.chart, project.customer_map, past)
    days = [day.isoformat() for day in past.days]
    measures = [_built_in(project, series, measure, days) for measure in Measure]
    measures += [_from_results(project, series, name) for name in project.results.measures()]
    known = {m.key for m in measures}
    for target in project.targets:
        if target.measure not in known:  # a measure whose results were all taken away
            known.add(target.measure)
            measures.append(_from_results(project, series, target.measure))
    return ProgressReport(
        today, past.began, past.days, measures, series.level_series(), past.marks, series
    )


def _built_in(
    project: Project, series: PlanSeries, measure: Measure, days: list[str]
) -> MeasureProgress:
    units = [WHOLE_ORGANISATION]
    units += [t.unit for t in project.targets.of_measure(measure.value) if t.unit not in units]
    rows = []
    for unit in units:
        values = series.counted(measure, unit).values()
        target = project.targets.get(measure.value, unit)
        latest = values[-1] if values else None
        rows.append(
            UnitProgress(
                unit,
                unit_label(unit, project.customer_map),
                target,
                latest,
                days[-1] if days else "",
                standing(target, latest) if target is not None else None,
                list(zip(days, values, strict=True)),
            )
        )
    return MeasureProgress(measure.value, measure.label, True, rows)


def _from_results(project: Project, series: PlanSeries, name: str) -> MeasureProgress:
    results = project.results
    units = results.units(name)
    units += [t.unit for t in project.targets.of_measure(name) if t.unit not in units]
    rows = []
    for unit in units:
        values = results.series(name, unit)
        target = project.targets.get(name, unit)
        latest = values[-1] if values else None
        rows.append(
            UnitProgress(
                unit,
                unit_label(unit, project.customer_map),
                target,
                latest[1] if latest is not None else None,
                latest[0].text if latest is not None else "",
                standing(target, latest[1] if latest else None) if target is not None else None,
                [(period.text, value) for period, value in values],
                before_after(values, series.first_touch(unit)),
            )
        )
    return MeasureProgress(name, name, False, rows)


# -- as plain JSON values ------------------------------------------------------------------


def progress_document(report: ProgressReport) -> dict[str, Any]:
    """The report as plain JSON values (``pyramid-app progress --json``)."""
    return {
        "today": report.today.isoformat(),
        "began": report.began.isoformat(),
        "days": [day.isoformat() for day in report.days],
        "measures": [
            {
                "measure": measure.key,
                "title": measure.title,
                "from": "plan" if measure.built_in else "results",
                "share": measure.share,
                "units": [_unit_document(row) for row in measure.units],
            }
            for measure in report.measures
        ],
        "managers_by_level": [
            {"level": row.level, "managers": row.managers, "with_active": row.with_active}
            for row in report.levels
        ],
        "marks": [
            {
                "on": mark.on.isoformat(),
                "kind": mark.kind,
                "commitment_id": mark.commitment_id,
                "manager_id": mark.manager_id,
            }
            for mark in sorted(report.marks, key=lambda m: (m.on, m.kind, m.commitment_id))
        ],
    }


def _unit_document(row: UnitProgress) -> dict[str, Any]:
    target = row.target
    document: dict[str, Any] = {
        "unit": {"kind": row.unit.kind.value, "name": row.unit.name},
        "label": row.label,
        "target": None
        if target is None
        else {
            "value": target.value,
            "lower_is_better": target.lower_is_better,
            "by": target.by.isoformat() if target.by else None,
        },
        "latest": row.latest,
        "latest_at": row.latest_at,
        "met": None if row.standing is None else row.standing is Standing.MET,
        "standing": None if row.standing is None else row.standing.value,
        "series": [{"at": at, "value": value} for at, value in row.series],
    }
    if row.before_after is not None:
        figures = row.before_after
        lower = target.lower_is_better if target is not None else False
        document["before_after"] = {
            "first_commitment": figures.first_commitment.isoformat()
            if figures.first_commitment
            else None,
            "before": figures.before,
            "before_periods": figures.before_periods,
            "after": figures.after,
            "after_periods": figures.after_periods,
            "change": figures.change,
            "improved": figures.improved(lower) if target is not None else None,
        }
    return document
