"""The weekly series against plain recomputation, for random edit sessions.

Random organisations and customer maps; a plan partly there before the history began (made on
random days, or at an unknown time, some of it done or dropped); then a session of random edits
through the undo stack on random days (new commitments, statuses, whom they serve, due dates,
deletions, needs added and removed, undo and redo). The series must end on today's coverage,
and every point must equal coverage counted afresh over the plan as it was that day.
"""

from __future__ import annotations

import datetime as dt
import random

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from progress_samples import versions_as_rows

from pyramid_app.model import plan_touches, plan_walk
from pyramid_app.model.commands import (
    AddCommitments,
    PlanError,
    UndoStack,
    add_commitment,
    delete_commitments,
    edit_commitment,
)
from pyramid_app.model.coverage import ManagerState, compute_coverage
from pyramid_app.model.customer_commands import add_need, remove_need
from pyramid_app.model.customers import (
    CustomerMap,
    Importance,
    Need,
    NeedKind,
    RuleField,
    Segment,
    ServeRule,
    Touchpoint,
)
from pyramid_app.model.needs_coverage import needs_coverage
from pyramid_app.model.org import OrgChart
from pyramid_app.model.plan import Commitment, Plan, Status
from pyramid_app.model.plan_history import Edit, HistoryRecorder, PlanHistory, plan_on
from pyramid_app.model.plan_past import PlanPast, replay
from pyramid_app.model.progress import PlanSeries
from pyramid_app.model.project import OrgSource, Project
from pyramid_app.model.selection import manager_mask
from pyramid_app.model.target_commands import set_target
from pyramid_app.model.targets import Measure
from pyramid_app.model.units import Unit, UnitKind, unit_needs, unit_people

BEGAN = dt.datetime(2025, 3, 3, 9, 0)
STATUSES = list(Status)


def random_chart(rng: random.Random) -> OrgChart:
    n = rng.randint(2, 18)
    parent = [-1] + [rng.randrange(i) for i in range(1, n)]
    ids = [f"P{i}" for i in range(n)]
    departments = [rng.choice(["Rooms", "Kitchen", "rooms"]) for _ in range(n)]
    chart = OrgChart.from_parents(ids, parent, departments=departments)
    if rng.random() < 0.3:  # the root is a synthetic "Organisation": its links need no one
        chart.synthetic[0] = True
    return chart


def random_map(rng: random.Random) -> CustomerMap:
    needs = tuple(
        Need(f"N-{k:04d}", f"need {k}", NeedKind.DO, rng.choice(list(Importance)))
        for k in range(1, rng.randint(1, 5))
    )
    rooms = (ServeRule(RuleField.DEPARTMENT, "Rooms"),)
    touchpoint = Touchpoint("T-001", "Checks in", rooms, needs)
    return CustomerMap((Segment("Guests", touchpoints=(touchpoint,)),))


def random_day(rng: random.Random, around: dt.datetime) -> dt.date:
    return (around + dt.timedelta(days=rng.randint(-20, 40))).date()


def base_plan(rng: random.Random, chart: OrgChart, needs: list[str]) -> Plan:
    """Commitments made before the history began, some at an unknown time."""
    plan = Plan()
    managers = [chart.ids[i] for i in chart.managers().tolist()]
    for number in range(1, rng.randint(0, 4) + 1 if managers else 1):
        manager = rng.choice(managers)
        created = BEGAN - dt.timedelta(days=rng.randint(0, 30), hours=rng.randint(0, 12))
        changed = created + dt.timedelta(days=rng.randint(0, 10))
        if rng.random() < 0.3:
            created = changed = dt.datetime(1970, 1, 1)
        plan.put(
            [
                Commitment(
                    f"C-{number:04d}", manager, "served before", status=rng.choice(STATUSES),
                    serves=_some_reports(rng, chart, manager),
                    due=random_day(rng, BEGAN) if rng.random() < 0.6 else None,
                    needs=tuple(rng.sample(needs, rng.randint(0, len(needs)))),
                    created=created, changed=changed,
                )
            ]
        )  # fmt: skip
    return plan


def _some_reports(rng: random.Random, chart: OrgChart, manager: str) -> tuple[str, ...]:
    if rng.random() < 0.6:
        return ()
    reports = [chart.ids[int(i)] for i in chart.children(chart.index_of(manager))]
    return tuple(rng.sample(reports, rng.randint(1, len(reports))))


def edit_session(
    rng: random.Random, project: Project, clock: list[dt.datetime], most: int = 25
) -> None:
    stack = UndoStack(project)
    chart = project.chart
    managers = [chart.ids[i] for i in chart.managers().tolist()]
    for _ in range(rng.randint(0, most)):
        clock[0] += dt.timedelta(days=rng.choice([0, 0, 1, 2, 5, 9]), hours=rng.randint(0, 5))
        now = clock[0]
        ids = sorted(project.plan.commitments)
        needs = [place.need.id for place in project.customer_map.needs()]
        action = rng.random()
        try:
            if most > 25 and rng.random() < 0.25 and ids:  # several fields at once
                target = project.plan[rng.choice(ids)]
                changes = {
                    "status": rng.choice(STATUSES),
                    "due": random_day(rng, now),
                    "needs": tuple(rng.sample(needs, rng.randint(0, len(needs)))),
                    "serves": _some_reports(rng, chart, target.manager_id),
                    "text": "reworded again",
                }
                chosen = rng.sample(sorted(changes), rng.randint(1, 3))
                stack.push(
                    edit_commitment(project, target.id, now, **{k: changes[k] for k in chosen})
                )
            elif action < 0.3 and managers:
                manager = rng.choice(managers)
                stack.push(
                    add_commitment(
                        project, manager, "serve", now=now,
                        serves=_some_reports(rng, chart, manager),
                        status=rng.choice(STATUSES),
                        due=random_day(rng, now) if rng.random() < 0.7 else None,
                        needs=rng.sample(needs, rng.randint(0, len(needs))),
                    )
                )  # fmt: skip
            elif action < 0.5 and ids:
                target = rng.choice(ids)
                stack.push(edit_commitment(project, target, now, status=rng.choice(STATUSES)))
            elif action < 0.58 and ids:
                target = project.plan[rng.choice(ids)]
                serves = _some_reports(rng, chart, target.manager_id)
                stack.push(edit_commitment(project, target.id, now, serves=serves))
            elif action < 0.64 and ids:
                stack.push(edit_commitment(project, rng.choice(ids), now, due=random_day(rng, now)))
            elif action < 0.68 and ids:
                stack.push(edit_commitment(project, rng.choice(ids), now, text="reworded"))
            elif action < 0.74 and ids:
                stack.push(delete_commitments(project, [rng.choice(ids)]))
            elif action < 0.8:
                importance = rng.choice(list(Importance))
                stack.push(add_need(project, "T-001", "another need", "do", importance))
            elif action < 0.85 and needs:
                stack.push(remove_need(project, rng.choice(needs), now=now))
            elif action < 0.88:  # an edit the plan's measures never read
                stack.push(set_target(project, "front line served", rng.random()))
            elif action < 0.95 and stack.done:
                stack.undo()
            elif stack.undone:
                stack.redo()
        except PlanError:
            pass


def edited_at_random(
    rng: random.Random, most: int = 25
) -> tuple[OrgChart, Project, PlanHistory, dt.date]:
    """A random organisation, customer map and plan, a session of edits recorded on it, and a
    day a little after the last: the chart, the project, its history and that day."""
    chart = random_chart(rng)
    customer_map = random_map(rng)
    needs = [place.need.id for place in customer_map.needs()]
    clock = [BEGAN]
    project = Project(
        chart,
        OrgSource("random.xlsx"),
        plan=base_plan(rng, chart, needs),
        customer_map=customer_map,
    )
    recorder = HistoryRecorder(lambda: clock[0], began=BEGAN)
    project.journal = recorder
    edit_session(rng, project, clock, most=most)
    today = (clock[0] + dt.timedelta(days=rng.randint(0, 10))).date()
    return chart, project, recorder.history(), today


@settings(max_examples=30, deadline=None)
@given(st.randoms(use_true_random=False))
def test_the_series_ends_on_today_s_coverage_and_follows_the_plan_of_each_day(
    rng: random.Random,
) -> None:
    chart, project, history, today = edited_at_random(rng)

    past = replay(project, history, today)
    series = PlanSeries(project.chart, project.customer_map, past)
    served = series.front_line_served().part
    levels = series.level_series()
    musts = series.must_needs_answered()

    now = compute_coverage(chart, project.plan, today)
    assert past.days[-1] == today
    assert served[-1] == now.front_line_served
    assert [row.with_active[-1] for row in levels] == [row.with_active for row in now.level_table()]
    tally = needs_coverage(project).overall
    assert (musts.part[-1], musts.whole[-1]) == (tally.must_answered, tally.must_total)

    for point, day in enumerate(past.days):
        plan, then_map = plan_on(project, history, day)
        then = compute_coverage(chart, plan, day)
        assert served[point] == then.front_line_served, day
        assert [row.with_active[point] for row in levels] == [
            row.with_active for row in then.level_table()
        ], day
        counted = needs_coverage(Project(chart, project.source, plan=plan, customer_map=then_map))
        assert musts.part[point] == counted.overall.must_answered, day
        assert musts.whole[point] == counted.overall.must_total, day
    assert np.all(np.diff([d.toordinal() for d in past.days]) == 7)


def replayed_with(
    module: object, name: str, value: int, project: Project, history: PlanHistory, today: dt.date
) -> PlanPast:
    """:func:`replay` with ``module``'s constant ``name`` set to ``value`` meanwhile."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(module, name, value)
        return replay(project, history, today)


UNITS = [
    Unit(UnitKind.DEPARTMENT, "Rooms"),
    Unit(UnitKind.DEPARTMENT, "Kitchen"),
    Unit(UnitKind.TOUCHPOINT, "T-001"),
    Unit(UnitKind.SEGMENT, "Guests"),
]


def reaching(series: PlanSeries, unit: Unit) -> list[bool]:
    """Per version, whether its commitment reaches ``unit``, the definition taken word for
    word, one version at a time."""
    chart, versions = series.chart, series.past.versions
    people = unit_people(chart, series.customer_map, unit)
    needs = unit_needs(series.customer_map, unit) or set()
    found = []
    for i in range(len(versions)):
        manager = chart.indices_of([versions.manager_id(i)])[0]
        serves = versions.serves_lists[int(versions.serves[i])]
        answers = versions.needs_lists[int(versions.needs[i])]
        reports = [] if manager is None else chart.children(manager).tolist()
        found.append(
            (manager is not None and bool(people[manager]))
            or (manager is not None and not serves and any(people[j] for j in reports))
            or bool(needs.intersection(answers))
            or (
                manager is not None
                and any(j is not None and people[j] for j in chart.indices_of(serves))
            )
        )
    return found


@settings(max_examples=30, deadline=None)
@given(st.randoms(use_true_random=False), st.sampled_from([1, 3]), st.booleans())
def test_runs_of_edits_read_together_find_what_one_edit_at_a_time_finds(
    rng: random.Random, batch: int, passed_over: bool
) -> None:
    """Long sessions, their runs of field changes and additions read as whole arrays
    (``batch``: the shortest run read so) or one edit at a time: the same versions, marks and
    series, and each point equals coverage counted afresh over the plan of its day. With
    ``passed_over``, some deletions are marked as if they did not touch the plan: the history
    no longer agrees with itself (older edits change a commitment that is not there, read
    whole), and both ways of reading it must still agree."""
    chart, project, history, today = edited_at_random(rng, most=140)
    if passed_over:
        edits = [
            Edit(edit.at, edit.inverse, False)
            if isinstance(edit.inverse, AddCommitments) and rng.random() < 0.5
            else edit
            for edit in history.edits
        ]
        history = PlanHistory(history.began, edits)

    together = replayed_with(plan_walk, "BATCH_EDITS", batch, project, history, today)
    one_by_one = replayed_with(plan_walk, "BATCH_EDITS", 10**9, project, history, today)
    assert versions_as_rows(together) == versions_as_rows(one_by_one)
    assert together.marks == one_by_one.marks
    assert together.days == one_by_one.days

    series = PlanSeries(project.chart, project.customer_map, together)
    plain = PlanSeries(project.chart, project.customer_map, one_by_one)
    for measure in Measure:
        assert series.counted(measure) == plain.counted(measure)
    for unit in UNITS:
        assert series.touching(unit).tolist() == reaching(series, unit)
    if passed_over:
        return
    served = series.front_line_served().part
    musts = series.must_needs_answered()
    done = series.done_on_time()
    front = chart.real & (chart.span_of_control == 0) & chart.connected
    managers = manager_mask(chart) & (chart.levels >= 0)
    people = {unit: unit_people(chart, project.customer_map, unit) for unit in UNITS}
    for point, day in enumerate(together.days):
        plan, then_map = plan_on(project, history, day)
        then = compute_coverage(chart, plan, day)
        assert served[point] == then.front_line_served, day
        committed = then.manager_state != ManagerState.NONE
        for unit, theirs in people.items():
            in_unit = series.front_line_served(unit)
            assert in_unit.part[point] == np.count_nonzero(then.served & front & theirs), unit
            assert in_unit.whole[point] == np.count_nonzero(front & theirs), unit
            with_one = series.managers_committed(unit).part[point]
            assert with_one == np.count_nonzero(committed & managers & theirs), unit
        counted = needs_coverage(Project(chart, project.source, plan=plan, customer_map=then_map))
        assert musts.part[point] == counted.overall.must_answered, day
        due = [c for c in plan if c.due and c.due <= day and c.status != Status.DROPPED]
        on_time = [c for c in due if c.status == Status.DONE]
        assert done.whole[point] == len(due), day
        assert done.part[point] <= len(on_time), day


@settings(max_examples=20, deadline=None)
@given(st.randoms(use_true_random=False), st.sampled_from([1, 2, 5]))
def test_single_touches_kept_in_small_blocks_find_what_one_block_finds(
    rng: random.Random, block: int
) -> None:
    """The touches read one at a time are made arrays a block at a time (a million of them
    held as tuples took 270 MB): with blocks of ``block`` touches, the same versions, marks and
    days as with all of them in one block."""
    _chart, project, history, today = edited_at_random(rng, most=140)
    assume(len(project.plan) + len(history.edits) > block)  # more touches than one block
    in_blocks = replayed_with(plan_touches, "_SINGLE_BLOCK", block, project, history, today)
    whole = replayed_with(plan_touches, "_SINGLE_BLOCK", 10**9, project, history, today)
    assert versions_as_rows(in_blocks) == versions_as_rows(whole)
    assert in_blocks.marks == whole.marks
    assert in_blocks.days == whole.days
