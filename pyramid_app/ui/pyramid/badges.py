"""Keeps the pyramid's commitment badges in step with the plan.

The counts live per person of the whole organisation (an array over the project's chart); the
view gets the slice for the chart it shows, so a focus on one team costs one gather. An edit
recounts only the managers it touched.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from pyramid_app.model.org import OrgChart
from pyramid_app.model.plan import Plan
from pyramid_app.model.project import Change, Project

if TYPE_CHECKING:
    from pyramid_app.ui.context import WindowContext

# Past this many managers in one edit (a bulk add to a whole level), one pass over the plan is
# cheaper than recounting each manager.
RECOUNT_ALL_ABOVE = 2_000


def active_counts(plan: Plan, chart: OrgChart) -> npt.NDArray[np.int32]:
    """Active (not dropped) commitments per node of ``chart``; people not in it are skipped."""
    counts = np.zeros(len(chart), dtype=np.int32)
    tally = Counter(c.manager_id for c in plan if c.active)
    for manager_id, count in tally.items():
        try:
            counts[chart.index_of(manager_id)] = count
        except KeyError:
            continue  # a manager who left the organisation keeps their plan, unshown
    return counts


def active_count_of(plan: Plan, manager_id: str) -> int:
    return sum(1 for c in plan.of_manager(manager_id) if c.active)


class CommitmentBadges:
    """Feeds ``window.view`` the active commitment count of every person it shows."""

    def __init__(self, context: WindowContext) -> None:
        self.context = context
        self.counts: npt.NDArray[np.int32] | None = None  # per node of project.chart
        self._counted: tuple[Project, OrgChart] | None = None
        context.chart_shown.connect(self._chart_shown)
        context.project_shown.connect(self._chart_shown)
        context.project_edited.connect(self._edited)

    def _chart_shown(self) -> None:
        project = self.context.project
        if project is None:
            self.counts, self._counted = None, None
            return
        recounted = self._counted != (project, project.chart)
        if recounted:
            self.counts = active_counts(project.plan, project.chart)
            self._counted = (project, project.chart)
        if recounted or self.context.view.commitment_counts is None:
            self._show_all()

    def _show_all(self) -> None:
        focus, counts = self.context.shown.focus, self.counts
        if focus is None or counts is None or self.context.view.data is None:
            return
        shown = counts.copy() if focus.original is None else counts[focus.original]
        self.context.view.set_commitment_counts(shown)

    def _edited(self, change: Change) -> None:
        project = self.context.project
        if project is None or not change.managers or change.org:
            return  # a new organisation is recounted when its chart is shown
        if self.counts is None or self._counted != (project, project.chart):
            self._chart_shown()
            return
        if len(change.managers) > RECOUNT_ALL_ABOVE:
            self.counts = active_counts(project.plan, project.chart)
            self._show_all()
            return
        nodes: list[int] = []
        values: list[int] = []
        for manager_id in change.managers:
            node = self.context.shown.node_in_project(manager_id)
            if node is None:
                continue
            count = active_count_of(project.plan, manager_id)
            self.counts[node] = count
            shown = self.context.shown.node_of(manager_id)
            if shown is not None:
                nodes.append(shown)
                values.append(count)
        if self.context.view.commitment_counts is None:
            self._show_all()
        elif nodes:
            self.context.view.update_commitment_counts(np.array(nodes), np.array(values))


def install_badges(context: WindowContext) -> CommitmentBadges:
    """Badges for managers with commitments on the window's pyramid."""
    return CommitmentBadges(context)
