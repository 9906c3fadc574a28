"""A small hotel group whose plan is made edit by edit on chosen days, for the progress tests.

    A  chief executive (Executive, Head Office)
    ├─ B  head of rooms (Rooms, Lisbon)  ── D, E  front desk (Rooms, Lisbon)
    └─ C  head of sales (Sales, Porto)   ── F, G  sales agents (Sales, Porto)

One customer segment, "Guests", with the touchpoint "Checks in" (T-001, served by the Rooms
department: D and E) and its needs: two must-needs and a should-need. The project's journal
keeps every edit with the time the test's clock says (``HistoryRecorder``).
"""

from __future__ import annotations

import datetime as dt

from pyramid_app.model.commands import UndoStack, add_commitment, edit_commitment
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
from pyramid_app.model.org import OrgChart
from pyramid_app.model.plan_history import HistoryRecorder
from pyramid_app.model.plan_past import PlanPast
from pyramid_app.model.project import OrgSource, Project
from pyramid_app.model.result_commands import set_result
from pyramid_app.model.results import Period
from pyramid_app.model.target_commands import set_target
from pyramid_app.model.units import Unit, UnitKind

BEGAN = dt.datetime(2025, 1, 6, 8, 0)  # a Monday


class Clock:
    """The time the journal gives each edit: set by the test."""

    def __init__(self, now: dt.datetime = BEGAN) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def at(self, day: dt.date, hour: int = 10) -> dt.datetime:
        self.now = dt.datetime.combine(day, dt.time(hour))
        return self.now


def hotel_chart() -> OrgChart:
    return OrgChart.from_parents(
        list("ABCDEFG"),
        [-1, 0, 0, 1, 1, 2, 2],
        names=["Ann", "Bob", "Cy", "Di", "Ed", "Flo", "Gil"],
        departments=["Executive", "Rooms", "Sales", "Rooms", "Rooms", "Sales", "Sales"],
        locations=["Head Office", "Lisbon", "Porto", "Lisbon", "Lisbon", "Porto", "Porto"],
    )


def guests() -> CustomerMap:
    checks_in = Touchpoint(
        "T-001",
        "Checks in",
        (ServeRule(RuleField.DEPARTMENT, "Rooms"),),
        (
            Need("N-0001", "a room ready on arrival", NeedKind.HAVE, Importance.MUST),
            Need("N-0002", "authority to upgrade", NeedKind.HAVE, Importance.MUST),
            Need("N-0003", "a warm welcome", NeedKind.BE, Importance.SHOULD),
        ),
    )
    return CustomerMap((Segment("Guests", touchpoints=(checks_in,)),))


def hotel_project(clock: Clock) -> tuple[Project, HistoryRecorder]:
    """The hotel group with an empty plan, its history beginning at :data:`BEGAN`."""
    project = Project(hotel_chart(), OrgSource("hotel.xlsx"), customer_map=guests(), name="Hotel")
    recorder = HistoryRecorder(clock, began=BEGAN)
    project.journal = recorder
    return project, recorder


def hotel() -> Project:
    """The hotel group with an empty plan and no journal."""
    return Project(hotel_chart(), OrgSource("hotel.xlsx"), customer_map=guests(), name="Hotel")


LISBON = Unit(UnitKind.LOCATION, "Lisbon")


def hotel_edits(project: Project, clock: Clock) -> None:
    """Commitments, targets and results on chosen days:

    - 8 Jan: Ann commits to all her reports; 15 Jan: Bob to all his, answering N-0001;
    - 20 Jan: targets (front line served 75% by 30 June; must-needs answered 50% for the
      Guests; guest satisfaction 8.5 in Lisbon) and Lisbon's results for November, December
      and January (7.6, 7.8, 8.4);
    - 29 Jan: Bob's commitment is dropped.
    """
    stack = UndoStack(project)
    clock.at(dt.date(2025, 1, 8))
    stack.push(add_commitment(project, "A", "Meet each head weekly", now=clock.now))
    clock.at(dt.date(2025, 1, 15))
    bob = add_commitment(project, "B", "Fix the room board", now=clock.now, needs=["N-0001"])
    stack.push(bob)
    clock.at(dt.date(2025, 1, 20))
    stack.push(set_target(project, "front line served", 0.75, by=dt.date(2025, 6, 30)))
    stack.push(set_target(project, "must-needs answered", 0.5, Unit(UnitKind.SEGMENT, "Guests")))
    for year, month, value in ((2024, 11, 7.6), (2024, 12, 7.8), (2025, 1, 8.4)):
        period = Period.month(year, month)
        stack.push(set_result(project, LISBON, "Guest satisfaction", period, value))
    stack.push(set_target(project, "guest satisfaction", 8.5, LISBON))
    clock.at(dt.date(2025, 1, 29))
    stack.push(edit_commitment(project, bob.commitments[0].id, clock.now, status="dropped"))


def versions_as_rows(past: PlanPast) -> list[tuple[object, ...]]:
    """Every version with what the counts read of it, in one order whatever the walk's."""
    v = past.versions
    return sorted(
        (v.commitment_id(i), int(v.first[i]), int(v.last[i]), int(v.since[i]),
         int(v.done_on[i]), int(v.status[i]), int(v.due[i]), v.manager_id(i),
         v.serves_lists[int(v.serves[i])], v.needs_lists[int(v.needs[i])])
        for i in range(len(v))
    )  # fmt: skip
