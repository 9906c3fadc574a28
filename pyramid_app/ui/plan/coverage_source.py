"""The window's coverage: one tracker per project, kept up to date edit by edit.

Everything that shows coverage (the colours, the dashboard, the details) reads it from here and
listens to :attr:`WindowCoverage.changed`. The window context tells the tracker of each edit
before anyone else (:meth:`WindowCoverage.take`), so whoever reads coverage after an edit reads
figures that include it.

The tracker is made the first time someone asks, or before that once the window is idle after
a project is shown (:attr:`WindowCoverage.idle`: a hundred thousand people cost a few frames to
lay out for coverage, which the first look at the coverage dashboard should not wait for), and
then follows every edit, undo and redo through the model's
:class:`~pyramid_app.model.project.Change`. ``today`` is the computer's date, checked on every
read and every few minutes, so commitments become overdue while the window stays open.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from pyramid_app.model.coverage import Coverage, CoverageTracker
from pyramid_app.model.coverage_frame import chart_frame
from pyramid_app.model.org import OrgChart
from pyramid_app.model.project import Change, Project
from pyramid_app.ui.idle_work import IdleWork

DAY_CHECK_MS = 5 * 60 * 1000


class WindowCoverage(QObject):
    """Coverage of the window's project; ``changed`` after an edit, a new project or a new day."""

    changed = Signal()

    def __init__(
        self,
        project: Callable[[], Project | None],
        parent: QObject,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(parent)
        self.shown_project = project
        self.today = today
        self.tracker: CoverageTracker | None = None
        self.idle: IdleWork | None = None  # where the tracker is made ahead of its first read
        self._framed: OrgChart | None = None  # the chart whose frame the idle work made
        self._project: Project | None = None
        self._snapshot: Coverage | None = None
        self._day_timer = QTimer(self)
        self._day_timer.setInterval(DAY_CHECK_MS)
        self._day_timer.timeout.connect(self.check_day)
        self._day_timer.start()

    # -- reading ---------------------------------------------------------------------------

    def coverage(self) -> Coverage | None:
        """Coverage of the project shown now (None without a project); made on first use."""
        project = self.shown_project()
        if project is None:
            return None
        today = self.today()
        tracker = self.tracker
        if tracker is None or self._project is not project or tracker.chart is not project.chart:
            self.tracker = CoverageTracker(project.chart, project.plan, today)
            self._project = project
            self._snapshot = None
        elif tracker.today != today:
            tracker.set_today(today)
            self._snapshot = None
        if self._snapshot is None:
            assert self.tracker is not None
            self._snapshot = self.tracker.coverage()
        return self._snapshot

    # -- following the window context ------------------------------------------------------

    def project_shown(self) -> None:
        if self._project is not self.shown_project():
            # The figures of a closed project are no use; the next read starts afresh.
            self.tracker, self._project, self._snapshot = None, None, None
            self._make_when_idle()
        self.changed.emit()

    def take(self, change: Change) -> None:
        """Take an edit in, without a word: the context emits ``changed`` once the pyramid
        was redrawn too."""
        project, tracker = self.shown_project(), self.tracker
        self._snapshot = None
        if tracker is not None and project is not None and self._project is project:
            if tracker.chart is not project.chart:
                self.tracker = None  # another organisation: made again when next read
                self._make_when_idle()
            elif change.org:
                # The same chart object with ``org`` set: the tracker was made for it during
                # this very edit (the window colours a new organisation before it says it was
                # edited) or only the customers changed. Taking in a commitment's current
                # value again changes nothing, so this is right either way, and no restart.
                tracker.apply(project.plan, change.commitments)
            else:
                tracker.update(project.chart, project.plan, change)

    def _make_when_idle(self) -> None:
        if self.idle is not None and self.shown_project() is not None:
            self.idle.add(self, self._make)

    def _make(self) -> bool:
        """Two slices: the chart's frame (kept with the chart), then the tracker and figures
        of the project shown now; each about as long as the other."""
        project = self.shown_project()
        if project is not None and self.tracker is None and self._framed is not project.chart:
            chart_frame(project.chart)  # built once per chart, kept by the model
            self._framed = project.chart
            return False
        self.coverage()
        return True

    def check_day(self) -> None:
        """Another day since the figures were made: commitments may have become overdue."""
        if self.tracker is not None and self.tracker.today != self.today():
            self._snapshot = None
            self.changed.emit()
