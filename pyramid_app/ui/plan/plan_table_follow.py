"""The Plan table following the project, at the least cost to the window.

Shown, the table takes every edit as it comes (a large one rebuilds its rows). Hidden, it keeps
its rows current through small edits (a few rows each); a new project or a large edit (an
organisation update, a practice given to hundreds of managers) has the rows rebuilt a slice at a
time once the window is idle (:mod:`pyramid_app.ui.idle_work`). Switching to the Plan workspace
then shows rows made ahead of time: 10,000 commitments cost several frames to turn into cells,
more than a switch may take. Rows being built are never shown: any edit starts them again, and
a dock shown before they are done builds what is left at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import NamedTuple

from PySide6.QtWidgets import QDockWidget

from pyramid_app.model.project import Change, Project
from pyramid_app.ui.idle_work import IdleWork
from pyramid_app.ui.plan.plan_table_model import RESET_ABOVE, PlanRows, PlanTableModel

_END = object()  # a build's steps are over


class _Building(NamedTuple):
    project: Project
    rows: PlanRows
    steps: Iterator[None]


class PlanTableFollower:
    """Keeps ``model`` the rows of the project shown (``project()``), built ahead while hidden."""

    def __init__(
        self,
        dock: QDockWidget,
        model: PlanTableModel,
        project: Callable[[], Project | None],
        idle: IdleWork,
    ) -> None:
        self.dock, self.model, self.project, self.idle = dock, model, project, idle
        self._building: _Building | None = None
        dock.visibilityChanged.connect(self._visibility_changed)

    @property
    def behind(self) -> bool:
        """The rows are being built (the model's are not the project's until they are)."""
        return self._building is not None

    def project_shown(self) -> None:
        self._follow(None)

    def edited(self, change: Change) -> None:
        self._follow(change)

    def _follow(self, change: Change | None) -> None:
        project, model, hidden = self.project(), self.model, self.dock.isHidden()
        if (
            change is not None
            and project is not None
            and model.project is project
            and not self.behind
            and (not hidden or _small(change))
        ):
            model.apply_change(project, change)
            return
        self._stop()
        if project is None or not hidden:
            model.set_project(project)
            return
        if model.project is not None:
            model.set_project(None)  # nothing of an older plan is kept, or shown
        rows = PlanRows()
        self._building = _Building(project, rows, rows.building(project))
        self.idle.add(self, self._slice)

    def _slice(self) -> bool:
        if self._building is None:
            return True
        if next(self._building.steps, _END) is _END:
            self._finish()
            return True
        return False

    def _finish(self) -> None:
        building = self._building
        if building is None:
            return
        for _ in building.steps:  # what is left, at once
            pass
        self._stop()
        self.model.take_rows(building.project, building.rows)

    def _stop(self) -> None:
        self._building = None
        self.idle.drop(self)

    def _visibility_changed(self, visible: bool) -> None:
        if visible and not self.dock.isHidden():
            self._finish()


def _small(change: Change) -> bool:
    """An edit the rows take row by row (a larger one rebuilds them)."""
    return not change.org and len(change.commitments) <= RESET_ABOVE
