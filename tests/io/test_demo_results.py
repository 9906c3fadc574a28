"""The demo's twelve months of hotel results and its targets: a story the window opens on."""

from __future__ import annotations

import datetime as dt

from pyramid_app.io.demo import demo_project
from pyramid_app.model.plan_history import PlanHistory
from pyramid_app.model.progress_report import progress_report
from pyramid_app.model.targets import Measure
from pyramid_app.model.units import Unit, UnitKind

HOTELS = ["Copenhagen", "Edinburgh", "Lisbon", "Valencia"]
MEASURES = ["Complaints per 1,000 stays", "First-contact resolution (%)", "Guest satisfaction"]


def test_twelve_months_of_three_measures_for_every_hotel():
    project = demo_project()
    results = project.results
    assert results.measures() == MEASURES
    assert len(results) == 12 * 4 * 3
    for measure in MEASURES:
        assert [unit.name for unit in results.units(measure)] == HOTELS
        periods = [period.text for period, _value in results.series(measure, Unit(
            UnitKind.LOCATION, "Lisbon"))]  # fmt: skip
        assert periods == [f"2024-{m}" for m in ("10", "11", "12")] + [
            f"2025-{m:02d}" for m in range(1, 10)
        ]
    # Every hotel is one of the organisation's locations.
    assert set(HOTELS) <= set(project.chart.locations)


def test_the_targets_cover_the_plan_and_every_hotel():
    project = demo_project()
    built_in = [t.measure for t in project.targets if t.unit.kind is UnitKind.ORGANISATION]
    assert built_in == [
        Measure.FRONT_LINE_SERVED.value,
        Measure.MANAGERS_COMMITTED.value,
        Measure.MUST_NEEDS_ANSWERED.value,
    ]
    complaints = project.targets.get(MEASURES[0], Unit(UnitKind.LOCATION, "Lisbon"))
    assert complaints is not None and complaints.lower_is_better
    assert len(project.targets) == 3 + 4 * 3


def test_every_hotel_improved_since_its_first_commitment_copenhagen_most():
    project = demo_project()
    report = progress_report(project, PlanHistory(), dt.date(2025, 10, 6))
    changes: dict[str, dict[str, float]] = {}
    for measure in MEASURES:
        progress = report.measure(measure)
        assert progress is not None
        for row in progress.units:
            figures = row.before_after
            assert figures is not None and row.target is not None
            assert figures.first_commitment is not None
            assert figures.improved(row.target.lower_is_better), (measure, row.label)
            changes.setdefault(measure, {})[row.unit.name] = abs(figures.change or 0)
    for measure, by_hotel in changes.items():
        assert max(by_hotel, key=by_hotel.__getitem__) == "Copenhagen", measure
        assert min(by_hotel, key=by_hotel.__getitem__) == "Valencia", measure
    served = report.measure(Measure.FRONT_LINE_SERVED.value)
    assert served is not None and len(served.units[0].series) > 10  # weeks since July


def test_the_demo_moved_to_today_keeps_its_results_a_month_behind():
    today = dt.date(2026, 5, 13)
    project = demo_project(today=today)
    latest = project.results.latest("Guest satisfaction", Unit(UnitKind.LOCATION, "Lisbon"))
    assert latest is not None
    assert latest[0].text == "2026-04"
    assert all(t.by is None or t.by > today for t in project.targets)
