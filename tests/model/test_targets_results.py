"""Targets and results as edits of a project: built, refused with a reason, applied and taken
back exactly; the before and after of a unit's results; where a value stands against its
target."""

from __future__ import annotations

import datetime as dt

import pytest
from progress_samples import Clock, hotel_project

from pyramid_app.model.commands import PlanError, UndoStack, add_commitment
from pyramid_app.model.plan_history import PlanHistory
from pyramid_app.model.progress_report import before_after, progress_document, progress_report
from pyramid_app.model.project import Project
from pyramid_app.model.result_commands import (
    apply_results,
    compare_results,
    set_result,
    spelled,
)
from pyramid_app.model.result_standing import STANDING_CODES, person_standings
from pyramid_app.model.results import Period, PeriodKind, Result, ResultKey, Results, parse_period
from pyramid_app.model.target_commands import change_target, remove_target, set_target
from pyramid_app.model.targets import Measure, Standing, Target, standing
from pyramid_app.model.units import (
    WHOLE_ORGANISATION,
    Unit,
    UnitKind,
    UnitNames,
    unit_people,
)

LISBON = Unit(UnitKind.LOCATION, "Lisbon")
PORTO = Unit(UnitKind.LOCATION, "Porto")
CHECKS_IN = Unit(UnitKind.TOUCHPOINT, "T-001")
SATISFACTION = "Guest satisfaction"


@pytest.fixture
def project() -> Project:
    made, _recorder = hotel_project(Clock())
    made.journal = None
    return made


def snapshot(project: Project) -> tuple[list[Target], list[Result]]:
    return list(project.targets), list(project.results)


# -- units ---------------------------------------------------------------------------------


def test_units_are_found_by_name_kind_or_id(project: Project):
    names = UnitNames(project.chart, project.customer_map, project.name)
    assert names.find("lisbon") == [LISBON]
    assert names.find("  ROOMS ") == [Unit(UnitKind.DEPARTMENT, "Rooms")]
    assert names.find("guests") == [Unit(UnitKind.SEGMENT, "Guests")]
    assert names.find("Checks in") == names.find("t-001") == [CHECKS_IN]
    assert names.find("Total") == names.find("hotel") == [WHOLE_ORGANISATION]
    assert names.find("location: Porto") == [PORTO]
    assert names.find("Lisboa") == []
    people = unit_people(project.chart, project.customer_map, CHECKS_IN)
    assert [project.chart.ids[i] for i in people.nonzero()[0]] == ["D", "E"]


def test_a_name_of_two_units_is_ambiguous_until_its_kind_is_given(project: Project):
    chart = project.chart
    chart.locations[1] = "Rooms"  # Bob works at a place called Rooms: the name means two units
    names = UnitNames(chart, project.customer_map)
    assert {unit.kind for unit in names.find("Rooms")} == {UnitKind.DEPARTMENT, UnitKind.LOCATION}
    assert names.find("department: Rooms") == [Unit(UnitKind.DEPARTMENT, "Rooms")]


# -- targets -------------------------------------------------------------------------------


def test_a_target_is_set_changed_and_removed_each_an_exact_undo_step(project: Project):
    stack = UndoStack(project)
    empty = snapshot(project)
    stack.push(set_result(project, LISBON, SATISFACTION, Period.month(2025, 1), 8.1))
    with_result = snapshot(project)
    stack.push(set_target(project, "front line served", 0.6, by=dt.date(2025, 12, 31)))
    stack.push(set_target(project, "guest SATISFACTION", 8.5, LISBON))
    assert [(t.measure, t.unit) for t in project.targets] == [
        (Measure.FRONT_LINE_SERVED.value, WHOLE_ORGANISATION),
        (SATISFACTION, LISBON),  # the project's spelling of the measure
    ]
    before_change = snapshot(project)
    replaced = set_target(project, "Front-line-served", 0.7)
    assert replaced.label == "Change target for Front line served"
    stack.push(replaced)
    assert project.targets.get(Measure.FRONT_LINE_SERVED.value, WHOLE_ORGANISATION).by is None
    assert next(iter(project.targets)).unit == WHOLE_ORGANISATION  # kept in its place
    stack.push(change_target(project, SATISFACTION, LISBON, value=8.8))
    removal = remove_target(project, "front line served")
    assert removal.label == "Remove target for Front line served"
    stack.push(removal)
    assert [t.measure for t in project.targets] == [SATISFACTION]
    stack.undo()  # the removed target comes back first, where it was
    stack.undo()
    stack.undo()
    assert snapshot(project) == before_change
    stack.undo()
    stack.undo()
    assert snapshot(project) == with_result
    stack.undo()
    assert snapshot(project) == empty


@pytest.mark.parametrize(
    ("measure", "value", "unit", "lower", "words"),
    [
        ("happiness", 1.0, WHOLE_ORGANISATION, False, "there is no measure called 'happiness'"),
        ("front line served", 80.0, WHOLE_ORGANISATION, False, "a share from 0 to 1"),
        ("front line served", 0.8, WHOLE_ORGANISATION, True, "is better higher"),
        ("must-needs answered", 0.8, LISBON, False, "is not counted per location"),
        ("managers committed", 0.8, CHECKS_IN, False, "is not counted per touchpoint"),
        ("front line served", 0.8, Unit(UnitKind.LOCATION, "Oslo"), False, "no location 'Oslo'"),
        ("front line served", float("nan"), WHOLE_ORGANISATION, False, "needs a number"),
    ],
)
def test_a_target_that_makes_no_sense_is_refused_with_the_reason(
    project: Project, measure: str, value: float, unit: Unit, lower: bool, words: str
):
    with pytest.raises(PlanError, match=words):
        set_target(project, measure, value, unit, lower_is_better=lower)


def test_removing_a_target_there_is_not_is_refused(project: Project):
    with pytest.raises(PlanError, match="there is no target for Front line served"):
        remove_target(project, "front line served")


def test_standing_against_target():
    higher = Target(SATISFACTION, LISBON, 8.0)
    lower = Target("Complaints", LISBON, 2.0, lower_is_better=True)
    assert standing(higher, 8.2) is Standing.MET
    assert standing(higher, 7.7) is Standing.CLOSE  # within 5% of 8
    assert standing(higher, 7.5) is Standing.MISSED
    assert standing(lower, 1.5) is Standing.MET
    assert standing(lower, 2.05) is Standing.CLOSE
    assert standing(lower, None) is Standing.NO_VALUE


# -- results -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("2025-03", Period.month(2025, 3)),
        ("Mar 2025", Period.month(2025, 3)),
        ("March 2025", Period.month(2025, 3)),
        ("03/2025", Period.month(2025, 3)),
        ("Mar-25", Period.month(2025, 3)),
        ("2025 Mar", Period.month(2025, 3)),
        ("2025-W10", Period.week(2025, 10)),
        ("W10 2025", Period.week(2025, 10)),
        ("2025-03-15", Period.day(dt.date(2025, 3, 15))),
    ],
)
def test_periods_as_people_write_them(text: str, period: Period):
    assert parse_period(text) == period


@pytest.mark.parametrize("text", ["March", "03/04/2025", "2025-13", "2025-W54", "soon", ""])
def test_what_is_not_a_period(text: str):
    with pytest.raises(ValueError, match="is not a month, a week or a date"):
        parse_period(text)


def test_period_ends_and_texts():
    assert Period.month(2024, 2).end == dt.date(2024, 2, 29)
    assert Period.week(2025, 1).start == dt.date(2024, 12, 30)
    assert Period.week(2025, 1).text == "2025-W01"
    assert Period(dt.date(2025, 3, 1), PeriodKind.DAY).text == "2025-03-01"


def test_results_keep_the_first_spelling_of_a_measure():
    results = Results(
        [
            Result(LISBON, SATISFACTION, Period.month(2025, 1), 8),
            Result(PORTO, "guest satisfaction", Period.month(2025, 1), 7.5),
        ]
    )
    assert results.measures() == [SATISFACTION]
    assert results.units("GUEST satisfaction") == [LISBON, PORTO]
    assert results.latest(SATISFACTION, PORTO) == (Period.month(2025, 1), 7.5)
    results.remove([ResultKey(LISBON, SATISFACTION, Period.month(2025, 1))])
    results.remove([ResultKey(PORTO, SATISFACTION, Period.month(2025, 1))])
    assert len(results) == 0 and results.measures() == []


def test_a_re_import_adds_new_periods_and_corrects_values_as_one_step(project: Project):
    stack = UndoStack(project)
    first = [Result(LISBON, SATISFACTION, Period.month(2025, m), 8.0 + m / 10) for m in (1, 2)]
    stack.push(apply_results(project, compare_results(project, first), "january.xlsx"))
    before = snapshot(project)
    again = spelled(
        project,
        [
            Result(LISBON, "guest satisfaction", Period.month(2025, 2), 8.3),  # corrected
            Result(LISBON, "guest satisfaction", Period.month(2025, 1), 8.1),  # the same
            Result(LISBON, "guest satisfaction", Period.month(2025, 3), 8.4),  # new
        ],
    )
    update = compare_results(project, again)
    assert [r.period.text for r in update.new] == ["2025-03"]
    assert [(old.value, new.value) for old, new in update.corrected] == [(8.2, 8.3)]
    assert update.unchanged == 1
    assert update.new_periods == [Period.month(2025, 3)]
    command = apply_results(project, update, "february.xlsx")
    assert command.label == "Import results from february.xlsx (1 new, 1 corrected, 1 unchanged)"
    stack.push(command)
    assert [value for _p, value in project.results.series(SATISFACTION, LISBON)] == [8.1, 8.3, 8.4]
    stack.undo()
    assert snapshot(project) == before
    stack.redo()
    with pytest.raises(PlanError, match="nothing new"):
        apply_results(project, compare_results(project, again), "again.xlsx")


def test_a_result_is_typed_and_taken_away(project: Project):
    stack = UndoStack(project)
    stack.push(set_result(project, PORTO, SATISFACTION, Period.month(2025, 1), 7))
    assert project.results.get(ResultKey(PORTO, SATISFACTION, Period.month(2025, 1))) == 7.0
    stack.push(set_result(project, PORTO, SATISFACTION, Period.month(2025, 1), None))
    assert len(project.results) == 0
    stack.undo()
    assert len(project.results) == 1
    with pytest.raises(PlanError, match="a measure the plan counts itself"):
        set_result(project, PORTO, "Front line served", Period.month(2025, 1), 1)
    with pytest.raises(PlanError, match="needs a number"):
        set_result(project, PORTO, SATISFACTION, Period.month(2025, 1), float("inf"))


# -- before and after ----------------------------------------------------------------------


def test_before_and_after_split_at_the_first_commitment():
    months = [(Period.month(2024, m), v) for m, v in ((11, 70.0), (12, 72.0))]
    months += [(Period.month(2025, m), v) for m, v in ((1, 80.0), (2, 84.0))]
    figures = before_after(months, dt.date(2025, 1, 8))  # January holds it: January is after
    assert (figures.before, figures.before_periods) == (71.0, 2)
    assert (figures.after, figures.after_periods) == (82.0, 2)
    assert figures.change == 11.0
    assert figures.improved(lower_is_better=False) is True
    assert figures.improved(lower_is_better=True) is False
    nothing_yet = before_after(months, None)
    assert (nothing_yet.before_periods, nothing_yet.after_periods) == (4, 0)
    assert nothing_yet.change is None


def test_the_report_gives_each_unit_its_target_latest_value_and_before_and_after():
    """Complaints at "Checks in" by ISO week, lower is better: the first commitment reaching
    its people (Bob's, 15 January) splits them."""
    clock = Clock()
    project, recorder = hotel_project(clock)
    stack = UndoStack(project)
    clock.at(dt.date(2025, 1, 8))
    stack.push(add_commitment(project, "A", "Meet each head weekly", now=clock.now))
    clock.at(dt.date(2025, 1, 15))
    stack.push(add_commitment(project, "B", "Fix the room board", now=clock.now))
    weeks = {1: 4.0, 2: 4.4, 3: 3.0, 4: 2.0}
    for week, value in weeks.items():
        stack.push(set_result(project, CHECKS_IN, "Complaints", Period.week(2025, week), value))
    stack.push(set_target(project, "complaints", 2.5, CHECKS_IN, lower_is_better=True))
    stack.push(set_target(project, "front line served", 0.5))
    report = progress_report(project, recorder.history(), dt.date(2025, 1, 27))
    complaints = report.measure("Complaints")
    assert complaints is not None and not complaints.built_in
    (row,) = complaints.units
    assert (row.latest, row.latest_at, row.standing) == (2.0, "2025-W04", Standing.MET)
    assert row.before_after is not None
    assert row.before_after.first_commitment == dt.date(2025, 1, 15)
    assert (row.before_after.before, row.before_after.after) == (4.2, 2.5)
    served = report.measure(Measure.FRONT_LINE_SERVED.value)
    assert served is not None
    assert (served.units[0].latest, served.units[0].standing) == (0.5, Standing.MET)
    assert [value for _day, value in served.units[0].series] == [0, 0, 0.5, 0.5]
    document = progress_document(report)
    assert document["days"] == ["2025-01-06", "2025-01-13", "2025-01-20", "2025-01-27"]
    entry = next(m for m in document["measures"] if m["measure"] == "Complaints")
    assert entry["units"][0]["before_after"]["improved"] is True
    assert entry["units"][0]["met"] is True
    assert [mark["kind"] for mark in document["marks"]] == ["made", "made"]


def test_a_report_without_history_or_results():
    clock = Clock()
    project, _recorder = hotel_project(clock)
    report = progress_report(project, PlanHistory(), dt.date(2025, 1, 6))
    assert report.days == [dt.date(2025, 1, 6)]
    assert [m.key for m in report.measures] == [m.value for m in Measure]
    assert all(unit.target is None for m in report.measures for unit in m.units)


def test_front_line_people_stand_with_their_most_specific_unit(project: Project):
    stack = UndoStack(project)
    for unit, value in ((LISBON, 8.6), (PORTO, 7.0), (CHECKS_IN, 8.0)):
        stack.push(set_result(project, unit, SATISFACTION, Period.month(2025, 1), value))
        stack.push(set_target(project, SATISFACTION, 8.2, unit))
    painted = person_standings(project, SATISFACTION).tolist()
    codes = dict(zip(project.chart.ids, painted, strict=True))
    # Di and Ed are at "Checks in" (close) before they are in Lisbon (met); Flo and Gil in
    # Porto (missed); managers are not painted.
    assert codes == {
        "A": 0,
        "B": 0,
        "C": 0,
        "D": STANDING_CODES[Standing.CLOSE],
        "E": STANDING_CODES[Standing.CLOSE],
        "F": STANDING_CODES[Standing.MISSED],
        "G": STANDING_CODES[Standing.MISSED],
    }
