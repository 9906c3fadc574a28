"""The customers' part of the window: the journey, the workshop and the needs they answer.

:func:`install_customers` adds, in one call from the main window: the shared
:class:`~pyramid_app.ui.plan.journey_focus.JourneyFocus`; the Journey dock (View > Customer
journey, Ctrl+J), which a click on a segment of the pyramid's top band opens; the Workshop
dock (View > Workshop, Ctrl+Shift+W); and the touchpoint needs table of the coverage
dashboard.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDockWidget, QWidget

from pyramid_app.ui.menus import menu_titled
from pyramid_app.ui.plan.journey_focus import JourneyFocus
from pyramid_app.ui.plan.journey_panel import JourneyPanel
from pyramid_app.ui.plan.needs_table import NeedsTable
from pyramid_app.ui.plan.workshop_panel import WorkshopPanel

if TYPE_CHECKING:
    from pyramid_app.ui.context import WindowContext
    from pyramid_app.ui.plan.coverage_dock import CoverageDashboard

JOURNEY_SHORTCUT = "Ctrl+J"
WORKSHOP_SHORTCUT = "Ctrl+Shift+W"


def _dock(context: WindowContext, title: str, name: str, widget: QWidget) -> QDockWidget:
    dock = QDockWidget(title, context.host)
    dock.setObjectName(name)
    dock.setWidget(widget)
    context.host.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
    dock.hide()
    return dock


class CustomersPart:
    """What :func:`install_customers` made, and how the parts reach one another."""

    def __init__(
        self,
        context: WindowContext,
        dashboard: CoverageDashboard,
        open_commitment: Callable[[str], None],
    ) -> None:
        self.context = context
        self.focus = JourneyFocus(context, open_commitment)
        self.journey = JourneyPanel(context, self.focus)
        self.journey_dock = _dock(context, "Customer journey", "journey", self.journey)
        self.workshop = WorkshopPanel(context, self.focus)
        self.workshop_dock = _dock(context, "Workshop", "workshop", self.workshop)
        # One place on the left, as tabs: the workshop walks through what the journey shows.
        context.host.tabifyDockWidget(self.journey_dock, self.workshop_dock)
        # The forms wrap down to this width; wider, and on a 1024-wide laptop the customers'
        # band above the pyramid has too little room to name every segment whole.
        self.journey_dock.setMinimumWidth(360)
        self.workshop_dock.setMinimumWidth(360)

        menu = menu_titled(context.host, "View")
        menu.addSeparator()
        self.journey_action = self.journey_dock.toggleViewAction()
        self.journey_action.setText("Customer &journey")
        self.journey_action.setShortcut(QKeySequence(JOURNEY_SHORTCUT))
        self.journey_action.triggered.connect(self._journey_asked)
        menu.addAction(self.journey_action)
        self.workshop_action = self.workshop_dock.toggleViewAction()
        self.workshop_action.setText("Service &workshop")
        self.workshop_action.setStatusTip(
            "Step by step: the customer, their day, what our people need, who commits to it"
        )
        self.workshop_action.setShortcut(QKeySequence(WORKSHOP_SHORTCUT))
        self.workshop_action.triggered.connect(
            lambda checked: self.workshop_dock.raise_() if checked else None
        )
        menu.addAction(self.workshop_action)

        self.needs_table = NeedsTable(lambda: context.project, self.show_touchpoint)
        dashboard.set_needs_widget(self.needs_table)

        # Closing both docks puts the lights out: nothing left on screen says why they are on.
        self.journey_action.toggled.connect(self._docks_toggled)
        self.workshop_action.toggled.connect(self._docks_toggled)
        context.view.segment_clicked.connect(self.open_segment)
        self.focus.changed.connect(self.journey.focus_changed)
        self.focus.changed.connect(self.workshop.focus_changed)
        self.focus.edited.connect(self.journey.edited)
        self.focus.edited.connect(self.workshop.edited)
        context.project_shown.connect(self.workshop.project_shown)

    def _journey_asked(self, shown: bool) -> None:
        """View > Customer journey: in front, on the first segment if none is chosen yet."""
        if not shown:
            return
        self.journey_dock.raise_()
        project = self.context.project
        if self.focus.segment is None and project is not None and project.customers:
            self.focus.choose_segment(project.customers[0])

    def _docks_toggled(self, _shown: bool) -> None:
        if self.context.presenting:
            return  # hidden for the room, not closed: the lights stay on
        if not (self.journey_action.isChecked() or self.workshop_action.isChecked()):
            self.focus.choose_segment(None)

    def workshop_in_front(self) -> bool:
        return self.workshop_dock.isVisible() and not self.workshop.visibleRegion().isEmpty()

    def open_segment(self, name: str) -> None:
        """A click on the top band: that segment's journey (in the workshop, if it is open)."""
        self.focus.choose_segment(name)
        if self.workshop_in_front():
            self.workshop.segment_clicked()
            return
        self.show_journey()

    def show_journey(self) -> None:
        self.journey_dock.show()
        self.journey_dock.raise_()

    def show_touchpoint(self, touchpoint_id: str) -> None:
        """A touchpoint chosen elsewhere (the needs table): shown in the journey, people lit."""
        self.focus.choose_touchpoint(touchpoint_id)
        if not self.workshop_in_front():
            self.show_journey()


def install_customers(
    context: WindowContext, dashboard: CoverageDashboard, open_commitment: Callable[[str], None]
) -> CustomersPart:
    """Add the customers' part: its docks, its View actions, the dashboard's needs table."""
    return CustomersPart(context, dashboard, open_commitment)
