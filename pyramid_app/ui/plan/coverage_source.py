"""The window's coverage: one tracker per project, kept up to date edit by edit.

Everything that shows coverage (the colours, the dashboard, the details) reads it from here and
listens to :attr:`WindowCoverage.changed`, never to ``project_edited`` directly: Qt calls slots
in connection order, so a panel listening to the window could otherwise read coverage before the
tracker took the edit in.

The tracker is made the first time someone asks (a million-person organisation costs a moment
to lay out for coverage) and then follows every edit, undo and redo through the model's
:class:`~pyramid_app.model.project.Change`. ``today`` is the computer's date, checked on every
read and every few minutes, so commitments become overdue while the window stays open.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from pyramid_app.model.colouring import ColourBy, Colouring, colour_by_coverage, colour_nodes
from pyramid_app.model.coverage import Coverage, CoverageTracker
from pyramid_app.model.org import OrgChart
from pyramid_app.model.project import Change, Project

if TYPE_CHECKING:
    from pyramid_app.ui.main_window import MainWindow

DAY_CHECK_MS = 5 * 60 * 1000


class WindowCoverage(QObject):
    """Coverage of the window's project; ``changed`` after an edit, a new project or a new day."""

    changed = Signal()

    def __init__(self, window: MainWindow, today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(window)
        self.window = window
        self.today = today
        self.tracker: CoverageTracker | None = None
        self._project: Project | None = None
        self._snapshot: Coverage | None = None
        window.project_shown.connect(self._project_shown)
        window.project_edited.connect(self._edited)
        self._day_timer = QTimer(self)
        self._day_timer.setInterval(DAY_CHECK_MS)
        self._day_timer.timeout.connect(self.check_day)
        self._day_timer.start()

    # -- reading ---------------------------------------------------------------------------

    def coverage(self) -> Coverage | None:
        """Coverage of the project shown now (None without a project); made on first use."""
        project = self.window.project
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

    # -- following the window --------------------------------------------------------------

    def _project_shown(self) -> None:
        if self._project is not self.window.project:
            # The figures of a closed project are no use; the next read starts afresh.
            self.tracker, self._project, self._snapshot = None, None, None
        self.changed.emit()

    def _edited(self, change: Change) -> None:
        project, tracker = self.window.project, self.tracker
        self._snapshot = None
        if tracker is not None and project is not None and self._project is project:
            if tracker.chart is not project.chart:
                self.tracker = None  # another organisation: made again when next read
            elif change.org:
                # The same chart object with ``org`` set: the tracker was made for it during
                # this very edit (the window colours a new organisation before it says it was
                # edited) or only the customers changed. Taking in a commitment's current
                # value again changes nothing, so this is right either way, and no restart.
                tracker.apply(project.plan, change.commitments)
            else:
                tracker.update(project.chart, project.plan, change)
        self.changed.emit()

    def check_day(self) -> None:
        """Another day since the figures were made: commitments may have become overdue."""
        if self.tracker is not None and self.tracker.today != self.today():
            self._snapshot = None
            self.changed.emit()


class CoverageColours:
    """Coverage as a colouring of the window: recoloured after each edit, links included."""

    def __init__(self, window: MainWindow, source: WindowCoverage) -> None:
        self.window, self.source = window, source
        self._used: Coverage | None = None  # the snapshot the window is coloured from
        window.colour_provider = self.colour
        source.changed.connect(self._changed)
        window.chart_shown.connect(self.show_links)

    def colour(self, chart: OrgChart, by: ColourBy) -> Colouring:
        """The window's colouring provider: coverage colours come from this project's plan."""
        if by is ColourBy.COVERAGE:
            coverage = self.source.coverage()
            if coverage is not None and coverage.chart is chart:
                self._used = coverage
                return colour_by_coverage(chart, coverage)
        return colour_nodes(chart, by)

    def _changed(self) -> None:
        window = self.window
        if window.state.colour_by is not ColourBy.COVERAGE or window.project is None:
            return
        # A project just shown was coloured from these very figures: no second pass.
        if self.source.coverage() is not self._used:
            window.recolour()
            self.show_links()

    def show_links(self) -> None:
        """Hand the view the served flag of each link shown (none unless coloured by coverage)."""
        window, view = self.window, self.window.view
        colouring, focus = window.colouring, window.focus
        if view.data is None:
            return
        served = colouring.link_served if colouring is not None else None
        if served is not None and focus is not None and focus.original is not None:
            served = served[focus.original]
        if served is not None and served.shape != (len(view.data.chart),):
            served = None  # a colouring of another chart: never colour links wrongly
        view.set_link_served(served)
