"""The plan as it was on any past day, rebuilt from the project's history of edits.

The project file keeps, with every saved edit, when it was saved and the command that takes it
back (:mod:`pyramid_app.io.project.undo_log`). Starting from the plan as it is and applying
those commands from the newest edit to the oldest gives the plan as it was before each edit, so
nothing is stored that could drift from the history: no snapshots.

What the history cannot say is taken from the commitments themselves. Before the oldest edit it
holds (the project's creation, or an edit it did not keep, such as a bulk edit too large for the
undo history), each commitment there was is taken to exist from its ``created`` time (always,
when that is unknown: the 1970 default), and one that is done or dropped to have been planned
until its last change (``changed``), and done or dropped since. Edits that change neither a
commitment nor a need (an update of the organisation, the practice library, targets, results)
are passed over: the organisation is always the one the project has now.

Times are the history's (UTC); a day ends at midnight, so "the plan on 3 March" holds every edit
saved on that day. The model reads no clock: the day is always a parameter.

:func:`plan_on` is the plain way, one day at a time, through the commands' own ``apply``;
:func:`pyramid_app.model.plan_past.replay` walks the history once for a whole series of days,
by the same rules (those shared are here), and :mod:`pyramid_app.model.progress` counts the
measures from what it finds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from pyramid_app.model.commands import Command
from pyramid_app.model.customers import CustomerMap
from pyramid_app.model.plan import Commitment, Plan, Status
from pyramid_app.model.plan_touches import edit_facts
from pyramid_app.model.project import Change, Journal, Project, UndoStep

# A commitment made before timestamps were kept says it was made at this moment: unknown.
UNKNOWN_TIME = dt.datetime(1970, 1, 1)


@dataclass(frozen=True, slots=True)
class Edit:
    """One saved edit: when (UTC), and the command that takes it back (None when the history
    did not keep it). ``touches_plan`` is False for an edit that changed neither a commitment
    nor the customers' needs.

    ``facts`` is what the walk back through the history reads of the edit
    (:func:`~pyramid_app.model.plan_touches.edit_facts`), taken as the edit is made or read
    back: its objects are at hand then, where the walk would find them scattered in memory
    (most of its time, measured)."""

    at: dt.datetime
    inverse: Command | None
    touches_plan: bool = True
    facts: tuple[Any, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "facts", edit_facts(self.inverse, self.touches_plan))


def touches_plan(change: Change) -> bool:
    """Whether an edit's change reaches what the plan's measures read: commitments, or the
    customer map (an organisation update only adds empty segments to it)."""
    return bool(change.commitments) or (change.customer_map_changed and not change.org)


@dataclass
class PlanHistory:
    """A project's history: when it began, and its edits, newest first."""

    began: dt.datetime | None = None
    edits: Iterable[Edit] = ()


class HistoryRecorder:
    """A journal that keeps every saved edit with the time ``clock`` says: the history of a
    project held in memory. ``then`` is the journal that saves the edit first, if any."""

    def __init__(
        self,
        clock: Callable[[], dt.datetime],
        began: dt.datetime | None = None,
        then: Journal | None = None,
    ) -> None:
        self.clock = clock
        self.began = began
        self.then = then
        self.edits: list[Edit] = []  # oldest first

    def record(
        self, project: Project, command: Command, change: Change, step: UndoStep | None = None
    ) -> None:
        if self.then is not None:
            self.then.record(project, command, change, step)
        inverse = step.inverse if step is not None else None
        self.edits.append(Edit(self.clock(), inverse, touches_plan(change)))

    def history(self) -> PlanHistory:
        return PlanHistory(self.began, list(reversed(self.edits)))


def day_end(day: dt.date) -> dt.datetime:
    """The first moment after ``day``: an edit saved before it is part of that day's plan."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time())


def copy_map(customer_map: CustomerMap) -> CustomerMap:
    return CustomerMap(customer_map.segments, customer_map.next_touchpoint, customer_map.next_need)


# -- the plain way: one day ------------------------------------------------------------------


def plan_on(project: Project, history: PlanHistory, day: dt.date) -> tuple[Plan, CustomerMap]:
    """The plan and the customer map as they were at the end of ``day``: the history's
    inverses applied one by one to a copy of the project, newest first, through the commands'
    own ``apply``; before the oldest edit the history holds, estimated (see the module)."""
    cut = day_end(day)
    scratch = Project(
        project.chart,
        project.source,
        plan=Plan(dict(project.plan.commitments), project.plan.next_number),
        customer_map=copy_map(project.customer_map),
    )
    base_time: dt.datetime | None = history.began
    bound = dt.datetime.max
    for edit in history.edits:
        at = bound = min(edit.at, bound)
        if at < cut:
            return scratch.plan, scratch.customer_map
        base_time = at
        if not edit.touches_plan:
            continue
        if edit.inverse is None:
            break
        edit.inverse.apply(scratch)
    estimated = (_estimated(c, cut, base_time) for c in scratch.plan)
    plan = Plan(next_number=scratch.plan.next_number)
    plan.put(c for c in estimated if c is not None)
    return plan, scratch.customer_map


def clamped(moment: dt.datetime, base_time: dt.datetime | None) -> dt.datetime:
    return moment if base_time is None else min(moment, base_time)


def _estimated(
    commitment: Commitment, cut: dt.datetime, base_time: dt.datetime | None
) -> Commitment | None:
    """A commitment the history starts with, as it was just before ``cut``."""
    created = commitment.created
    if created > UNKNOWN_TIME and clamped(created, base_time) >= cut:
        return None
    ended = commitment.status in (Status.DONE, Status.DROPPED)
    if (
        ended
        and changed_later(commitment, base_time)
        and clamped(commitment.changed, base_time) >= cut
    ):
        return replace(commitment, status=Status.PLANNED)
    return commitment


def changed_later(commitment: Commitment, base_time: dt.datetime | None) -> bool:
    """Whether a done or dropped commitment is taken to have been planned until it changed."""
    return commitment.created > UNKNOWN_TIME and clamped(commitment.changed, base_time) > clamped(
        commitment.created, base_time
    )


def weekly_days(today: dt.date, began: dt.date) -> list[dt.date]:
    """A day a week, ending on ``today`` and starting on or before ``began``."""
    weeks = max(0, -(-(today - began).days // 7))
    return [today - dt.timedelta(weeks=weeks - k) for k in range(weeks + 1)]


def first_day(project: Project, history: PlanHistory, today: dt.date) -> dt.date:
    """The day the project began: its history's first entry, or the first known ``created``
    of its commitments when earlier (a plan brought in with the organisation)."""
    days = [history.began.date()] if history.began is not None else []
    made = [c.created for c in project.plan if c.created > UNKNOWN_TIME]
    if made:
        days.append(min(made).date())
    return min([*days, today]) if days else today
