"""The Targets and results dock, and File > Import results....

One dock at the bottom, tabbed with the Plan table and the coverage dashboard, with two tabs:
the targets (what "better" means) and the results (what the client measured). At the bottom a
table gets the window's whole width, which both need on a 1366x768 laptop; as tabs of one dock
they take no more height from the pyramid than one. View > Targets and results (Ctrl+Shift+T)
shows it; the Review workspace shows it behind the coverage dashboard.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMenu, QTabWidget

from pyramid_app.model.project import Change
from pyramid_app.ui.dialogs.results_importer import ResultsImporter
from pyramid_app.ui.idle_work import FollowAndWarm, idle_work
from pyramid_app.ui.menus import menu_titled
from pyramid_app.ui.plan.results_table import ResultsTable
from pyramid_app.ui.plan.targets_table import TargetsTable

if TYPE_CHECKING:
    from pyramid_app.ui.context import WindowContext

SHORTCUT = "Ctrl+Shift+T"
IMPORT_SHORTCUT = "Ctrl+Shift+I"
DOCK_NAME = "targets"


class TargetsAndResults:
    """What :func:`install_targets_and_results` made."""

    def __init__(self, context: WindowContext, beside: QDockWidget) -> None:
        self.context = context
        self.targets = TargetsTable(context.push_checked)
        self.results = ResultsTable(context.push_checked)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.targets, "Targets")
        self.tabs.addTab(self.results, "Results")
        host = context.host
        self.dock = QDockWidget("Targets and results", host)
        self.dock.setObjectName(DOCK_NAME)
        self.dock.setWidget(self.tabs)
        host.addDockWidget(host.dockWidgetArea(beside), self.dock)
        # Beside the Plan table and the dashboard as a tab: side by side, each is too narrow.
        host.tabifyDockWidget(beside, self.dock)
        self.dock.hide()
        self.toggle = self.dock.toggleViewAction()
        self.toggle.setText("&Targets and results")
        self.toggle.setShortcut(QKeySequence(SHORTCUT))
        # Shown from the menu while a tab beside it is open: in front, not behind.
        self.toggle.triggered.connect(lambda checked: self.dock.raise_() if checked else None)
        menu_titled(host, "View").addAction(self.toggle)

        self.importer = ResultsImporter(context)
        self.import_action = QAction("Import &results...", host)
        self.import_action.setShortcut(QKeySequence(IMPORT_SHORTCUT))
        self.import_action.setStatusTip(
            "Read the customers' results (satisfaction, complaints...) from a spreadsheet"
        )
        self.import_action.triggered.connect(self.importer.choose_file)
        _after_report(menu_titled(host, "File"), self.import_action)

        # Follows the project while the dock is shown; hidden, it catches up once the window is
        # idle (or when shown again, if sooner).
        self.follower = FollowAndWarm(self.dock, self.refresh, idle_work(host))
        context.project_shown.connect(self.follower.changed)
        context.project_edited.connect(self._edited)
        self.refresh()

    def refresh(self) -> None:
        project = self.context.project
        self.targets.refresh(project)
        self.results.refresh(project)
        self.tabs.setTabText(0, self.targets.tab_title())
        self.tabs.setTabText(1, self.results.tab_title())

    def _edited(self, change: Change) -> None:
        # Unit names come from the organisation and the customer map; measures from results.
        if change.targets or change.results or change.org or change.customers or change.touchpoints:
            self.follower.changed()

    def show_tab(self, tab: TargetsTable | ResultsTable) -> None:
        """The dock shown, in front of its neighbours, on ``tab``."""
        self.dock.show()
        self.dock.raise_()
        self.tabs.setCurrentWidget(tab)


def _after_report(menu: QMenu, action: QAction) -> None:
    """File > Import results... right after Import report... (at the end without it)."""
    actions = menu.actions()
    found = [i for i, a in enumerate(actions) if a.text().replace("&", "") == "Import report..."]
    if found and found[0] + 1 < len(actions):
        menu.insertAction(actions[found[0] + 1], action)
    else:
        menu.addAction(action)


def install_targets_and_results(context: WindowContext, beside: QDockWidget) -> TargetsAndResults:
    """The dock (tabbed with ``beside``, hidden at first), View > Targets and results, and
    File > Import results...."""
    return TargetsAndResults(context, beside)
