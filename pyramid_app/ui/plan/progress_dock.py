"""The Progress dock (View > Progress): every measure against its target, over time.

One card per measure (:mod:`pyramid_app.ui.plan.progress_charts`): the plan's own, a point a
week rebuilt from the project's history of edits, and the customers' results as imported, with
the mean before the first commitment reaching each unit against the mean since. "Compare"
chooses the units drawn (two hotels as two lines, say); by default each chart has the units
with a target or results.

The report is made off the GUI thread (:mod:`pyramid_app.ui.plan.progress_source`) while the
dock is shown, again a moment after edits; hidden, it catches up when shown again. A project's
first report is made as soon as the window is idle, so the charts are there when the dock opens.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QKeySequence, QMouseEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from pyramid_app.model.units import Unit, UnitKind
from pyramid_app.ui.dates import short_date
from pyramid_app.ui.idle_work import idle_work
from pyramid_app.ui.menus import FollowWhileShown, menu_titled
from pyramid_app.ui.plan.progress_charts import MeasureCharts
from pyramid_app.ui.plan.progress_lines import targets_met
from pyramid_app.ui.plan.progress_source import ProgressSource, ProgressView
from pyramid_app.ui.plan.unit_choices import project_units, unit_text

if TYPE_CHECKING:
    from pyramid_app.ui.context import WindowContext
    from pyramid_app.ui.present import Presenter

SHORTCUT = "Ctrl+Shift+G"
DOCK_NAME = "progress"
AUTOMATIC = "Units with targets or results"
AUTOMATIC_SHORT = "With targets or results"  # the button's words for it
CHOOSER_CHARACTERS = 30  # the Compare button's text, shortened beyond this
NO_PROJECT = "<i>Open a project to see its progress against its targets.</i>"
COUNTING = "<i>Counting progress…</i>"
NO_TARGETS = (
    "<b>No targets or results yet.</b> Say what “better” means in View &gt; Targets and "
    "results (Ctrl+Shift+T), and read the customers' own figures (satisfaction, complaints...) "
    "with File &gt; Import results... (Ctrl+Shift+I). Until then, the plan's own measures over "
    "time:"
)
KIND_PLURALS = {
    UnitKind.DEPARTMENT: "Departments",
    UnitKind.LOCATION: "Locations",
    UnitKind.SEGMENT: "Customer segments",
    UnitKind.TOUCHPOINT: "Touchpoints",
}


class StayingMenu(QMenu):
    """A menu of check boxes that stays open while they are ticked: several units at once."""

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        action = self.actionAt(event.position().toPoint())
        if action is not None and action.isCheckable() and action.isEnabled():
            action.trigger()
            event.accept()
            return
        super().mouseReleaseEvent(event)


def headline(view: ProgressView) -> str:
    """ "On 06/12/2026: 4 of 15 targets met · a point a week since 30/08/2026" """
    report = view.report
    return (
        f"On {short_date(report.today)}: {targets_met(view)} · a point a week since "
        f"{short_date(report.days[0] if report.days else report.began)}"
    )


class ProgressPanel(QWidget):
    """The dock's contents: the headline, the unit chooser, notes, and the cards."""

    def __init__(self, context: WindowContext, source: ProgressSource) -> None:
        super().__init__()
        self.context, self.source = context, source
        self.headline = QLabel(NO_PROJECT)
        self.headline.setTextFormat(Qt.TextFormat.RichText)
        self.headline.setWordWrap(True)
        self.chooser = QToolButton()
        self.chooser.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.chooser.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.chooser.setToolTip("The units each chart draws, to compare them side by side")
        self.unit_menu = StayingMenu(self.chooser)
        self.unit_menu.aboutToShow.connect(self.fill_unit_menu)
        self.chooser.setMenu(self.unit_menu)
        self.hint = QLabel(NO_TARGETS)
        self.hint.setWordWrap(True)
        self.hint.setTextFormat(Qt.TextFormat.RichText)
        self.hint.setFrameShape(QFrame.Shape.StyledPanel)
        self.hint.setStyleSheet("QLabel { background: #f3f6fa; padding: 6px; }")
        self.note = QLabel()
        self.note.setTextFormat(Qt.TextFormat.RichText)  # escaped: an apostrophe stays one
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #5f6b78;")
        self.charts = MeasureCharts()
        scroll = self.scroller = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.charts)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(QLabel("Compare:"))
        top.addWidget(self.chooser, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(4)
        layout.addWidget(self.headline)
        layout.addLayout(top)
        layout.addWidget(self.hint)
        layout.addWidget(self.note)
        layout.addWidget(scroll, 1)
        self.shown: ProgressView | None = None
        source.ready.connect(self.show_current)
        self._set_chooser_text()
        self.show_current()

    def sizeHint(self) -> QSize:
        return QSize(380, 700)

    def minimumSizeHint(self) -> QSize:
        # Narrow enough for a side dock of a 1024-pixel window: the cards wrap their words.
        return QSize(220, 200)

    # -- following the project ---------------------------------------------------------------

    def catch_up(self) -> None:
        """Bring the dock up to date now (shown, or the project changed while hidden)."""
        self.source.request()
        self.show_current()

    def show_current(self) -> None:
        source, project = self.source, self.context.project
        view = source.view if source.current or source.view is not None else None
        self._set_chooser_text()
        self.chooser.setEnabled(project is not None)
        if project is None:
            self._show(None, NO_PROJECT, "")
        elif source.message:
            self._show(None, "", html.escape(source.message))
        elif view is None:
            self._show(None, COUNTING, "")
        else:
            counting = "" if source.current else " · <i>counting…</i>"
            self._show(view, html.escape(headline(view)) + counting, html.escape(view.note))

    def _show(self, view: ProgressView | None, head: str, note: str) -> None:
        self.headline.setText(head)
        self.note.setText(note)
        self.note.setVisible(bool(note))
        project = self.context.project
        bare = (
            view is not None
            and project is not None
            and len(project.targets) == 0
            and len(project.results) == 0
        )
        self.hint.setVisible(bare)
        if view is not self.shown:
            self.shown = view
            self.charts.show_view(view)

    # -- choosing units -----------------------------------------------------------------------

    def fill_unit_menu(self) -> None:
        """The units to compare: those with targets or results first, every other by kind."""
        menu, project = self.unit_menu, self.context.project
        menu.clear()
        chosen = set(self.source.chosen)
        automatic = menu.addAction(AUTOMATIC)
        automatic.setCheckable(True)
        automatic.setChecked(not chosen)
        automatic.triggered.connect(lambda: self.choose(()))
        if project is None:
            return
        view = self.source.view
        featured: list[Unit] = []
        if view is not None:
            for measure in view.report.measures:
                featured += [r.unit for r in measure.units if r.unit not in featured]
        menu.addSection("With targets or results")
        for unit in featured:
            menu.addAction(self._unit_action(unit, chosen))
        units = project_units(project)
        for kind, title in KIND_PLURALS.items():
            of_kind = [unit for unit in units if unit.kind is kind]
            if not of_kind:
                continue
            sub = StayingMenu(title, menu)
            for unit in of_kind:
                sub.addAction(self._unit_action(unit, chosen))
            menu.addMenu(sub)

    def _unit_action(self, unit: Unit, chosen: set[Unit]) -> QAction:
        project = self.context.project
        text = unit_text(unit, project.customer_map if project is not None else None)
        action = QAction(text.replace("&", "&&"), self.unit_menu)
        action.setCheckable(True)
        action.setChecked(unit in chosen)
        action.setData(unit)
        action.toggled.connect(lambda on, u=unit: self.toggle_unit(u, on))
        return action

    def unit_action(self, text: str) -> QAction | None:
        """The chooser's entry reading ``text`` ("Location: Lisbon"), the menu filled first."""
        self.fill_unit_menu()
        menus: list[QMenu] = [self.unit_menu]
        while menus:
            for action in menus.pop().actions():
                sub = action.menu()
                if isinstance(sub, QMenu):
                    menus.append(sub)
                elif action.text().replace("&&", "&") == text:
                    return action
        return None

    def toggle_unit(self, unit: Unit, on: bool) -> None:
        chosen = [u for u in self.source.chosen if u != unit]
        if on:
            chosen.append(unit)
        self.choose(tuple(chosen))

    def choose(self, units: tuple[Unit, ...]) -> None:
        self.source.choose(units)
        self._mark_chosen()
        self.show_current()

    def _mark_chosen(self) -> None:
        """The ticks of the open menu as chosen now (it stays open while units are ticked)."""
        chosen = set(self.source.chosen)
        menus: list[QMenu] = [self.unit_menu]
        while menus:
            for action in menus.pop().actions():
                sub = action.menu()
                if isinstance(sub, QMenu):
                    menus.append(sub)
                elif action.isCheckable():
                    unit = action.data()
                    action.blockSignals(True)
                    action.setChecked(unit in chosen if isinstance(unit, Unit) else not chosen)
                    action.blockSignals(False)

    def _set_chooser_text(self) -> None:
        chosen = self.source.chosen
        if not chosen:
            text = AUTOMATIC_SHORT
        else:
            project = self.context.project
            customer_map = project.customer_map if project is not None else None
            names = [unit_text(unit, customer_map).split(": ", 1)[-1] for unit in chosen]
            text = ", ".join(names)
        short = text if len(text) <= CHOOSER_CHARACTERS else text[: CHOOSER_CHARACTERS - 1] + "…"
        self.chooser.setText(f"{short.replace('&', '&&')} ▾")
        self.chooser.setToolTip(f"Drawn in each chart: {text}")


class ProgressParts(NamedTuple):
    """What :func:`install_progress` made."""

    source: ProgressSource
    panel: ProgressPanel
    dock: QDockWidget
    toggle: QAction


def install_progress(context: WindowContext, presenter: Presenter) -> ProgressParts:
    """The Progress dock (right, hidden at first; View > Progress, Ctrl+Shift+G) and the report
    it shares with present mode's progress slide."""
    source = ProgressSource(context)
    panel = ProgressPanel(context, source)
    host = context.host
    dock = QDockWidget("Progress", host)
    dock.setObjectName(DOCK_NAME)
    dock.setWidget(panel)
    host.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    dock.hide()
    toggle = dock.toggleViewAction()
    toggle.setText("&Progress")
    toggle.setShortcut(QKeySequence(SHORTCUT))
    toggle.setStatusTip("Every measure against its target, over time")
    toggle.triggered.connect(lambda checked: dock.raise_() if checked else None)
    _after_coverage(menu_titled(host, "View"), toggle)
    follower = FollowWhileShown(dock, panel.catch_up)
    source.changed.connect(lambda delay: follower.changed(lambda: source.request(delay)))
    idle = idle_work(host)

    def first_report() -> bool:
        """A project's first report, made while the window is idle and the dock hidden: its
        charts are drawn then, not as the Review workspace opens. Later ones wait for the dock
        (shown, it draws the report it has, marked as counting, while the next is made)."""
        if dock.isHidden() and follower.behind and source.view is None and not source.busy:
            panel.catch_up()
            follower.behind = False
        return True

    context.project_shown.connect(
        lambda: idle.add(first_report, first_report) if context.project is not None else None
    )
    presenter.follow_progress(source)
    return ProgressParts(source, panel, dock, toggle)


def _after_coverage(menu: QMenu, action: QAction) -> None:
    """View > Progress right after View > Coverage dashboard (at the end without it)."""
    actions = menu.actions()
    found = [i for i, a in enumerate(actions) if a.text().replace("&", "") == "Coverage dashboard"]
    if found and found[0] + 1 < len(actions):
        menu.insertAction(actions[found[0] + 1], action)
    else:
        menu.addAction(action)
