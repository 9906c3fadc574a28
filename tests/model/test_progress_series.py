"""The weekly series of the plan's own measures, rebuilt from the history of edits.

A hotel group (tests/model/progress_samples.py) whose commitments are made, done and dropped on
chosen days: every figure of the series is known, and each point equals a plain recomputation
of coverage (``compute_coverage``, ``needs_coverage``) over the plan as it was that day
(``plan_on``).
"""

from __future__ import annotations

import datetime as dt

import pytest
from progress_samples import BEGAN, Clock, hotel_chart, hotel_project

from pyramid_app.model.commands import UndoStack, add_commitment, edit_commitment
from pyramid_app.model.coverage import compute_coverage
from pyramid_app.model.customer_commands import add_need
from pyramid_app.model.needs_coverage import needs_coverage
from pyramid_app.model.plan import Commitment, Plan, Status
from pyramid_app.model.plan_history import Edit, PlanHistory, plan_on
from pyramid_app.model.plan_past import replay
from pyramid_app.model.progress import PlanSeries
from pyramid_app.model.project import OrgSource, Project
from pyramid_app.model.targets import Measure
from pyramid_app.model.units import Unit, UnitKind

TODAY = dt.date(2025, 2, 17)
DAYS = [BEGAN.date() + dt.timedelta(weeks=week) for week in range(7)]


def day(month: int, number: int) -> dt.date:
    return dt.date(2025, month, number)


@pytest.fixture
def hotel() -> tuple[Project, PlanHistory]:
    """The hotel group's plan, edit by edit:

    - 8 Jan: Ann commits to all her reports, due 7 Feb;
    - 15 Jan: Bob commits to all his reports, due 31 Jan, answering need N-0001;
    - 22 Jan: Cy commits to Flo only, answering N-0002;
    - 29 Jan: Bob's commitment is done (on time);
    - 3 Feb: a third must-need, N-0004, is added at "Checks in";
    - 5 Feb: Cy's commitment is dropped;
    - 12 Feb: Ann's commitment is done (late: it was due on 7 Feb).
    """
    clock = Clock()
    project, recorder = hotel_project(clock)
    stack = UndoStack(project)
    clock.at(day(1, 8))
    ann = add_commitment(project, "A", "Meet each head weekly", now=clock.now, due=day(2, 7))
    stack.push(ann)
    clock.at(day(1, 15))
    bob = add_commitment(
        project, "B", "Fix the room board", now=clock.now, due=day(1, 31), needs=["N-0001"]
    )
    stack.push(bob)
    clock.at(day(1, 22))
    cy = add_commitment(project, "C", "Coach Flo", now=clock.now, serves=["F"], needs=["N-0002"])
    stack.push(cy)
    clock.at(day(1, 29))
    stack.push(edit_commitment(project, bob.commitments[0].id, clock.now, status="done"))
    clock.at(day(2, 3))
    stack.push(add_need(project, "T-001", "a quiet room", "have", "must"))
    clock.at(day(2, 5))
    stack.push(edit_commitment(project, cy.commitments[0].id, clock.now, status="dropped"))
    clock.at(day(2, 12))
    stack.push(edit_commitment(project, ann.commitments[0].id, clock.now, status="done"))
    return project, recorder.history()


def series_of(project: Project, history: PlanHistory, today: dt.date = TODAY) -> PlanSeries:
    past = replay(project, history, today)
    return PlanSeries(project.chart, project.customer_map, past)


def test_the_points_are_weekly_from_the_first_day_to_today(hotel: tuple[Project, PlanHistory]):
    project, history = hotel
    assert series_of(project, history).days == DAYS


def test_every_built_in_measure_is_known_week_by_week(hotel: tuple[Project, PlanHistory]):
    series = series_of(*hotel)
    served = series.front_line_served()
    assert served.part == [0, 0, 2, 3, 3, 2, 2]
    assert served.whole == [4] * 7
    assert series.managers_committed().part == [0, 1, 2, 3, 3, 2, 2]
    levels = series.level_series()
    assert [(row.level, row.managers, row.with_active) for row in levels] == [
        (0, 1, [0, 1, 1, 1, 1, 1, 1]),
        (1, 2, [0, 0, 1, 2, 2, 1, 1]),
    ]
    needs = series.must_needs_answered()
    assert needs.part == [0, 0, 1, 2, 2, 1, 1]
    assert needs.whole == [2, 2, 2, 2, 3, 3, 3]
    on_time = series.done_on_time()
    # Bob's (due 31 Jan, done 29 Jan) counts from 3 Feb; Ann's (due 7 Feb, done 12 Feb) from
    # 10 Feb, late; Cy's was dropped and has no due date.
    assert on_time.values() == [None, None, None, None, 1.0, 0.5, 0.5]


def test_each_point_equals_coverage_counted_afresh_over_the_plan_that_day(
    hotel: tuple[Project, PlanHistory],
):
    project, history = hotel
    series = series_of(project, history)
    served = series.front_line_served().part
    levels = series.level_series()
    musts = series.must_needs_answered()
    for point, when in enumerate(DAYS):
        plan, customer_map = plan_on(project, history, when)
        coverage = compute_coverage(project.chart, plan, when)
        assert coverage.front_line_served == served[point]
        assert [row.with_active for row in coverage.level_table()] == [
            row.with_active[point] for row in levels
        ]
        then = Project(project.chart, project.source, plan=plan, customer_map=customer_map)
        tally = needs_coverage(then).overall
        assert (tally.must_answered, tally.must_total) == (musts.part[point], musts.whole[point])


def test_the_last_point_is_today_s_coverage(hotel: tuple[Project, PlanHistory]):
    project, history = hotel
    series = series_of(project, history)
    coverage = compute_coverage(project.chart, project.plan, TODAY)
    assert series.front_line_served().part[-1] == coverage.front_line_served


def test_per_unit_series(hotel: tuple[Project, PlanHistory]):
    series = series_of(*hotel)
    lisbon = Unit(UnitKind.LOCATION, "Lisbon")
    porto = Unit(UnitKind.LOCATION, "Porto")
    checks_in = Unit(UnitKind.TOUCHPOINT, "T-001")
    assert series.front_line_served(lisbon).part == [0, 0, 2, 2, 2, 2, 2]
    assert series.front_line_served(porto).part == [0, 0, 0, 1, 1, 0, 0]
    assert series.front_line_served(checks_in).values() == [0, 0, 1, 1, 1, 1, 1]
    # Managers in Lisbon: Bob alone.
    assert series.managers_committed(lisbon).part == [0, 0, 1, 1, 1, 1, 1]
    assert series.must_needs_answered(checks_in).part == [0, 0, 1, 2, 2, 1, 1]
    # Ann's commitment (late) serves Bob, in Lisbon, as Bob's (on time) does.
    assert series.counted(Measure.DONE_ON_TIME, lisbon).values()[-1] == 0.5
    assert series.counted(Measure.DONE_ON_TIME, checks_in).values()[-1] == 1.0


def test_marks_and_first_commitments(hotel: tuple[Project, PlanHistory]):
    series = series_of(*hotel)
    marks = [(mark.on, mark.kind, mark.manager_id) for mark in series.past.marks]
    assert marks == [
        (day(1, 8), "made", "A"),
        (day(1, 15), "made", "B"),
        (day(1, 22), "made", "C"),
        (day(1, 29), "done", "B"),
        (day(2, 12), "done", "A"),
    ]
    # Ann's commitment to all her reports reaches both hotels; only Bob's reaches the
    # people at "Checks in" (and answers its need).
    assert series.first_touch(Unit(UnitKind.LOCATION, "Porto")) == day(1, 8)
    assert series.first_touch(Unit(UnitKind.TOUCHPOINT, "T-001")) == day(1, 15)
    assert series.first_touch(Unit(UnitKind.SEGMENT, "Guests")) == day(1, 15)


def test_an_undone_edit_is_undone_in_the_past_too():
    """Undo is an edit of its own: the weeks after it show the commitment gone, the week
    before still has it; a redo brings it back."""
    clock = Clock()
    project, recorder = hotel_project(clock)
    stack = UndoStack(project)
    clock.at(day(1, 8))
    stack.push(add_commitment(project, "A", "serve", now=clock.now))
    clock.at(day(1, 15))
    stack.push(add_commitment(project, "B", "serve", now=clock.now))
    clock.at(day(1, 22))
    stack.undo()
    clock.at(day(1, 29))
    stack.redo()
    series = series_of(project, recorder.history(), day(2, 3))
    assert series.front_line_served().part == [0, 0, 2, 0, 2]
    marks = [(mark.on, mark.kind) for mark in series.past.marks]
    assert marks == [(day(1, 8), "made"), (day(1, 15), "made"), (day(1, 29), "made")]


def test_a_plan_older_than_its_history_is_taken_from_its_own_times():
    """Commitments there before the history began exist from their ``created`` time; a done
    one was planned until its last change."""
    made = dt.datetime(2024, 12, 2, 9, 0)
    plan = Plan(
        {
            "C-0001": Commitment("C-0001", "A", "serve", created=made, changed=made),
            "C-0002": Commitment(
                "C-0002", "B", "serve", status=Status.DONE, due=dt.date(2024, 12, 20),
                created=made, changed=dt.datetime(2024, 12, 18, 15, 0),
            ),
            # Made before timestamps were kept: there all along.
            "C-0003": Commitment("C-0003", "C", "serve", serves=("F",)),
        }
    )  # fmt: skip
    project = Project(hotel_chart(), OrgSource("hotel.xlsx"), plan=plan)
    history = PlanHistory(began=dt.datetime(2025, 1, 6, 8, 0))
    today = dt.date(2025, 1, 6)
    assert replay(project, history, today).began == dt.date(2024, 12, 2)  # the first made
    past = replay(project, history, today, since=dt.date(2024, 11, 25))
    assert past.days[:2] == [dt.date(2024, 11, 25), dt.date(2024, 12, 2)]
    series = PlanSeries(project.chart, project.customer_map, past)
    # Before 2 December only Cy's (made at an unknown time) was there, serving Flo, whose
    # chain breaks at Ann.
    assert series.managers_committed().part == [1, 3, 3, 3, 3, 3, 3]
    assert series.front_line_served().part == [0, 3, 3, 3, 3, 3, 3]
    # Due 20 Dec, done 18 Dec: counted from the point after its due day, on time.
    assert series.done_on_time().values() == [None, None, None, None, 1.0, 1.0, 1.0]
    for point, when in enumerate(past.days):
        then, _map = plan_on(project, history, when)
        coverage = compute_coverage(project.chart, then, when)
        assert coverage.front_line_served == series.front_line_served().part[point]
        statuses = {c.id: c.status for c in then}
        done = when >= dt.date(2024, 12, 18)
        expected = Status.DONE if done else Status.PLANNED if when >= made.date() else None
        assert statuses.get("C-0002") == expected


def test_an_edit_the_history_did_not_keep_ends_the_walk_there(hotel: tuple[Project, PlanHistory]):
    """Older than an edit without its undo step, the plan is estimated from its own times."""
    project, history = hotel
    edits = list(history.edits)
    # The fourth newest edit (Bob done, 29 Jan) lost its undo step.
    edits[3] = Edit(edits[3].at, None, True)
    broken = PlanHistory(history.began, edits)
    series = series_of(project, broken)
    # Before 29 Jan every commitment there then is estimated: Ann's and Cy's from when they
    # were made; Bob's done one planned until its last change (done on 29 Jan).
    assert series.front_line_served().part == [0, 0, 2, 3, 3, 2, 2]
    for point, when in enumerate(DAYS):
        plan, _map = plan_on(project, broken, when)
        coverage = compute_coverage(project.chart, plan, when)
        assert coverage.front_line_served == series.front_line_served().part[point]


def test_a_clock_set_back_does_not_reorder_the_history(hotel: tuple[Project, PlanHistory]):
    project, history = hotel
    edits = list(history.edits)  # newest first
    # The newest edit says it was saved before all the others: it is taken as made no later
    # than the one before it.
    edits[0] = Edit(dt.datetime(2024, 1, 1), edits[0].inverse, edits[0].touches_plan)
    skewed = PlanHistory(history.began, edits)
    series = series_of(project, skewed)
    for point, when in enumerate(DAYS):
        plan, _map = plan_on(project, skewed, when)
        coverage = compute_coverage(project.chart, plan, when)
        assert coverage.front_line_served == series.front_line_served().part[point]
