"""Every value each commitment had, and the weekly points that saw it: one walk back through
the history (the rules are :mod:`pyramid_app.model.plan_history`'s, the walk
:mod:`pyramid_app.model.plan_walk`).

:func:`replay` returns a :class:`PlanPast`; :mod:`pyramid_app.model.progress` counts from it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from pyramid_app.model.collector import cycle_collection_paused
from pyramid_app.model.plan_history import PlanHistory, day_end, first_day, weekly_days
from pyramid_app.model.plan_versions import NeedsVersion, Versions
from pyramid_app.model.plan_walk import Walk
from pyramid_app.model.project import Project

IntArray = npt.NDArray[np.int64]


class Mark(NamedTuple):
    """A commitment made or done on a day: marks on the time axis."""

    on: dt.date
    kind: str  # "made" or "done"
    commitment_id: str
    manager_id: str


@dataclass
class PlanPast:
    """What :func:`replay` found: the points' days, the versions of every commitment and of
    the customers' needs, and the days commitments were made and done."""

    days: list[dt.date]
    versions: Versions
    needs: list[NeedsVersion]
    began: dt.date
    _made: IntArray  # the versions a commitment began with
    _done: IntArray  # the versions a done run began with

    @cached_property
    def marks(self) -> list[Mark]:
        """Every commitment made and done (on a known day), by day."""
        versions = self.versions

        def mark(kind: str, day: int, version: int) -> Mark:
            return Mark(
                _day(day), kind, versions.commitment_id(version), versions.manager_id(version)
            )

        since, done_on = versions.since, versions.done_on
        found = [mark("made", int(since[i]), i) for i in self._made.tolist()]
        found += [mark("done", int(done_on[i]), i) for i in self._done.tolist()]
        return sorted(found)


def replay(
    project: Project,
    history: PlanHistory,
    today: dt.date,
    since: dt.date | None = None,
    days: Sequence[dt.date] | None = None,
) -> PlanPast:
    """Walk the history once, newest edit first, and find every value each commitment had with
    the points that saw it: ``days``, by default one a week ending on ``today`` and starting on
    ``since`` (the project's first day when None)."""
    began = since if since is not None else first_day(project, history, today)
    points = list(days) if days is not None else weekly_days(today, began)
    walk = Walk(project, [day_end(day) for day in points])
    with cycle_collection_paused():
        base_time = walk.run(history)
        walk.estimate(base_time)
        versions, made, done = walk.versions()
    return PlanPast(points, versions, walk.needs_versions(), began, made, done)


def _day(ordinal: int) -> dt.date:
    return dt.date.fromordinal(ordinal)
