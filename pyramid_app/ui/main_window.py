"""The main window: the pyramid, the details panel, search, menus and the status bar."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
from PySide6.QtCore import QPoint, QSettings, Qt, SignalInstance
from PySide6.QtGui import (
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeyEvent,
)
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from pyramid_app.io import ImportResult
from pyramid_app.model.colouring import ColourBy, Colouring, colour_nodes, useful_colour_by
from pyramid_app.model.commands import Command
from pyramid_app.model.layout import (
    Arrangement,
    LayoutOptions,
    PyramidLayout,
    layout_inverted,
)
from pyramid_app.model.org import OrgChart
from pyramid_app.model.project import Change, Project
from pyramid_app.model.view_state import ViewState
from pyramid_app.ui.context import WindowContext
from pyramid_app.ui.details_panel import DetailsPanel
from pyramid_app.ui.dialogs.action_plan_dialogs import ActionPlanFiles, install_action_plan
from pyramid_app.ui.dialogs.audience_dialog import install_audience
from pyramid_app.ui.dialogs.deck_dialog import install_deck
from pyramid_app.ui.dialogs.export_dialog import export_picture_interactively
from pyramid_app.ui.dialogs.handouts_dialog import install_handouts
from pyramid_app.ui.dialogs.library_dialog import PracticeLibrary, install_library_dialog
from pyramid_app.ui.empty_view import EmptyView
from pyramid_app.ui.file_controller import FileController
from pyramid_app.ui.focus import Focus
from pyramid_app.ui.legend import ColourKey, Legend
from pyramid_app.ui.plan.commitments_panel import CommitmentsPanel, install_commitments_panel
from pyramid_app.ui.plan.coverage_colours import CoverageColours
from pyramid_app.ui.plan.coverage_details import CoverageNote
from pyramid_app.ui.plan.coverage_dock import CoverageDashboard, install_coverage
from pyramid_app.ui.plan.coverage_source import WindowCoverage
from pyramid_app.ui.plan.customers_ui import CustomersPart, install_customers
from pyramid_app.ui.plan.plan_table import PlanTable, install_plan_dock
from pyramid_app.ui.plan.progress_dock import install_progress
from pyramid_app.ui.plan.results_colours import install_results_colours
from pyramid_app.ui.plan.targets_dock import install_targets_and_results
from pyramid_app.ui.present import Presenter, PresentStrip
from pyramid_app.ui.pyramid.badges import CommitmentBadges, install_badges
from pyramid_app.ui.pyramid.text_size import TextSizeActions, install_text_size
from pyramid_app.ui.pyramid.view import PyramidView
from pyramid_app.ui.search_box import SearchBox
from pyramid_app.ui.undo import ProjectUndoStack
from pyramid_app.ui.window_menus import ARRANGEMENT_NAMES, build_menus
from pyramid_app.ui.workspaces import Workspaces


class MainWindow(QMainWindow):
    """One project at a time, observed: edits reach the window through the project's callbacks.

    The window keeps only view state (:class:`ViewState`: focus, collapsed teams, selection,
    arrangement, keyed by person id); ``chart_shown`` fires after every new layout and
    ``project_edited`` after every durable edit of the project.
    """

    # The parts, each built once by _compose.
    plan_table: PlanTable
    plan_dock: QDockWidget
    badges: CommitmentBadges
    commitments_panel: CommitmentsPanel
    library: PracticeLibrary
    coverage_colours: CoverageColours
    coverage_note: CoverageNote
    coverage_dashboard: CoverageDashboard
    coverage_dock: QDockWidget
    customers_part: CustomersPart
    action_plan: ActionPlanFiles
    empty_view: EmptyView
    workspaces: Workspaces
    presenter: Presenter
    text_size: TextSizeActions

    def __init__(self, settings: QSettings | None = None, data_folder: Path | None = None) -> None:
        super().__init__()
        self.settings = settings or QSettings()
        self.colour_chosen = False  # until the user picks, each file gets its most telling field
        self._focus: Focus | None = None
        self.layout_: PyramidLayout | None = None
        self.colouring: Colouring | None = None
        # How people are coloured; the coverage colours replace it with one that knows the plan.
        self.colour_provider: Callable[[OrgChart, ColourBy], Colouring] = colour_nodes
        self.view = PyramidView()
        self.context = WindowContext(self, self.settings, self.view, self, self._project_changed)
        self.files = FileController(self.context, self.settings, data_folder)
        self.details = DetailsPanel()
        self.legend = Legend()
        self.search = SearchBox()
        self.status = QLabel()
        self._compose()
        self.setAcceptDrops(True)
        self.resize(1400, 860)
        self.workspaces.start()
        self._set_title()

    def _compose(self) -> None:
        """The window and its parts, in plain sight: each part gets the context and the parts
        it works with, and is kept as a typed attribute."""
        context = self.context
        self.present_strip = PresentStrip()
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        central_layout.addWidget(self.view, 1)
        central_layout.addWidget(self.present_strip)
        self.setCentralWidget(central)
        self.colour_key = ColourKey(self.legend, self.view, central)
        self._key_open_before: bool | None = None  # while presenting, as the planner had it
        self.colour_key.set_open(self.settings.value("view/colour_key_open", False, bool) is True)
        self.colour_key.toggle.toggled.connect(
            lambda open_: (
                None
                if self.context.presenting
                else self.settings.setValue("view/colour_key_open", open_)
            )
        )
        self.details.setMinimumWidth(320)
        dock = QDockWidget("Details", self)
        dock.setObjectName("details")
        dock.setWidget(self.details)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        self.statusBar().addWidget(self.status, 1)

        menus = build_menus(self, self)
        self.undo_action, self.redo_action = menus.undo_action, menus.redo_action
        self.edit_menu = menus.edit_menu
        self.arrangement_group, self.arrangement_box = (
            menus.arrangement_group,
            menus.arrangement_box,
        )
        self.colour_group, self.colour_box = menus.colour_group, menus.colour_box
        self.orientation_action, self.back_action = menus.orientation_action, menus.back_action

        self.plan_table, self.plan_dock = install_plan_dock(context)
        self.badges = install_badges(context)
        self.commitments_panel = install_commitments_panel(context, self.details)
        self.commitments_panel.form_opened.connect(
            lambda: self.details.bring_into_view(self.commitments_panel.editor)
        )
        self.library = install_library_dialog(context, lambda: self.commitments_panel.current_id)
        coverage = install_coverage(context, self.details, self.plan_dock)
        self.coverage_colours, self.coverage_note = coverage.colours, coverage.note
        self.coverage_dashboard, self.coverage_dock = coverage.dashboard, coverage.dock
        self.targets_and_results = install_targets_and_results(context, self.coverage_dock)
        self.results_colours = install_results_colours(
            context, menus.view_menu, self.coverage_colours.colour
        )
        self.colour_provider = self.results_colours.colour
        self.customers_part = install_customers(
            context, self.coverage_dashboard, self.commitments_panel.open_commitment
        )
        self.action_plan = install_action_plan(context)
        self.handouts = install_handouts(context)
        self.deck = install_deck(context)
        self.empty_view = EmptyView(context, self.files)
        menus.view_menu.addSeparator()
        self.text_size = install_text_size(menus.view_menu, self.view, self.settings)
        self.presenter = Presenter(context, self.present_strip, self.customers_part)
        menus.view_menu.addAction(self.presenter.action)
        self.audience_action = install_audience(context, menus.view_menu)
        self.presenter.entered.connect(self._show_audience)
        self.presenter.left.connect(self._show_audience)
        # The room gets the pyramid's corner (the customers' band reaches it): the key folds
        # while presenting and opens again after, if it was open.
        self.presenter.entered.connect(self._fold_key_for_the_room)
        self.presenter.left.connect(self._unfold_key_after_the_room)
        context.project_shown.connect(self._show_audience)
        self.progress = install_progress(context, self.presenter)
        # The window's own docks: a search through all its widgets took 5 ms of its start.
        own = self.findChildren(QDockWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
        docks = {dock.objectName(): dock for dock in own}
        menus.view_menu.addSeparator()
        self.workspaces = Workspaces(
            self, self.settings, docks, menus.view_menu.addMenu("&Workspace"), menus.toolbar
        )
        self._update_status()

        self.view.person_clicked.connect(self.select)
        self.view.bands.context_clicked.connect(self.select_person)  # the chain below a focus
        self.view.person_activated.connect(self.toggle_collapse)
        self.view.context_requested.connect(self._context_menu)
        self.details.person_chosen.connect(lambda node: self.select(node, centre=True))
        self.search.person_found.connect(self._found)
        self.search.nothing_found.connect(
            lambda text: self.statusBar().showMessage(f"No one matches “{text}”.", 6000)
        )

    # -- the context, as the window's own ----------------------------------------------------

    @property
    def project(self) -> Project | None:
        return self.context.project

    @property
    def state(self) -> ViewState:
        return self.context.state

    @property
    def undo_stack(self) -> ProjectUndoStack:
        return self.context.undo_stack

    @property
    def coverage(self) -> WindowCoverage:
        return self.context.coverage

    @property
    def chart_shown(self) -> SignalInstance:
        return self.context.chart_shown

    @property
    def project_shown(self) -> SignalInstance:
        return self.context.project_shown

    @property
    def project_edited(self) -> SignalInstance:
        return self.context.project_edited

    @property
    def selection_changed(self) -> SignalInstance:
        return self.context.selection_changed

    @property
    def edit_failure_box(self) -> QMessageBox | None:
        return self.context.edit_failure_box

    def push(self, command: Command) -> bool:
        return self.context.push(command)

    def push_checked(self, build: Callable[[], Command], what: str = "This edit") -> bool:
        return self.context.push_checked(build, what)

    # -- the project ----------------------------------------------------------------------

    def show_result(self, result: ImportResult) -> None:
        """Show a spreadsheet's organisation as a new project (saved once it is edited)."""
        self.files.show_import(result)

    def set_project(self, project: Project | None) -> None:
        """Observe ``project`` (or none): the view starts on the whole organisation."""
        self.context.observe(project)
        if project is None:
            self._focus = None
            self.layout_ = None
            self.view.clear()
            self.search.set_chart(None)
            self.details.show_person(None, None)
            self._update_status()
        else:
            self.search.set_chart(project.chart)
            if not self.colour_chosen:
                self.state.colour_by = useful_colour_by(project.chart)
                self._show_colour_choice(self.state.colour_by)
            self.colouring = self.colour_provider(project.chart, self.state.colour_by)
            self._refocus()
            self._relayout(keep_view=False)
        self._set_title()
        self.context.announce_project()

    def _project_changed(self, project: Project, change: Change) -> None:
        """The window's pyramid follows an edit: told by the context after the caches."""
        if change.org:
            self.state.forget_missing(project.has_person)
            self.search.set_chart(project.chart)
            self.colouring = self.colour_provider(project.chart, self.state.colour_by)
            self._refocus()
            self._relayout()
        elif change.customers:
            self._relayout()  # the top band names the segments: one added, renamed, moved
        elif change.audience:
            self._show_audience()
        elif self.state.selected is not None and self.state.selected in change.managers:
            self._show_selection()

    # -- what is shown ---------------------------------------------------------------------

    @property
    def focus(self) -> Focus | None:
        return self._focus

    @property
    def chart(self) -> OrgChart | None:
        return self._focus.chart if self._focus else None

    @property
    def selected(self) -> int | None:
        """Node index of the selected person in the chart shown, if they are shown."""
        return self.node_of(self.state.selected)

    def node_of(self, person_id: str | None) -> int | None:
        chart = self.chart
        if chart is None or person_id is None:
            return None
        try:
            return chart.index_of(person_id)
        except KeyError:
            return None

    def _refocus(self) -> None:
        """Build the chart shown from the focus in the view state."""
        project = self.project
        if project is None:
            self._focus = None
            return
        head = self.node_in_project(self.state.focused_on)
        if head is None or project.chart.span_of_control[head] == 0:
            self.state.focus_ids.clear()
            self._focus = Focus(project.chart)
        else:
            chart = project.chart
            team, original = chart.subtree(head)
            # The chain below keeps real people only: a synthetic root is not a level.
            chain = [i for i in chart.chain_to_root(head)[1:] if chart.real[i]]
            self._focus = Focus(team, original, chain)

    def node_in_project(self, person_id: str | None) -> int | None:
        if self.project is None or person_id is None:
            return None
        try:
            return self.project.chart.index_of(person_id)
        except KeyError:
            return None

    def _relayout(self, keep_view: bool = True) -> None:
        focus, project = self._focus, self.project
        if focus is None or project is None or self.colouring is None:
            return
        collapsed = frozenset(
            node for node in map(self.node_of, self.state.collapsed) if node is not None
        )
        options = LayoutOptions(
            arrangement=self.state.arrangement, inverted=self.state.inverted, collapsed=collapsed
        )
        self.layout_ = layout_inverted(
            focus.chart, options, project.customers, focus.context(project.chart)
        )
        rgb = self.colouring.rgb if focus.original is None else self.colouring.rgb[focus.original]
        self.view.show_layout(focus.chart, self.layout_, rgb, keep_view=keep_view)
        self.legend.show_colouring(self.colouring, self.state.colour_by, focus.team_shown())
        self._show_selection()
        self.back_action.setVisible(bool(self.state.focus_ids))
        self.chart_shown.emit()

    def set_arrangement(self, arrangement: Arrangement | str) -> None:
        arrangement = Arrangement(arrangement)  # combo boxes hand back plain strings
        if arrangement is self.state.arrangement:
            return
        self.state.arrangement = arrangement
        self.arrangement_box.setCurrentIndex(list(ARRANGEMENT_NAMES).index(arrangement))
        for action in self.arrangement_group.actions():
            action.setChecked(action.text() == ARRANGEMENT_NAMES[arrangement])
        self._relayout(keep_view=False)

    def set_inverted(self, inverted: bool) -> None:
        self.state.inverted = inverted
        self.colour_key.set_corner(bottom=inverted)
        self.orientation_action.setChecked(not inverted)
        self._relayout(keep_view=False)

    def set_colour_by(self, by: ColourBy | str) -> None:
        by = ColourBy(by)
        self.colour_chosen = True  # the user's choice now holds for the next files too
        if by is self.state.colour_by or self.project is None:
            self.state.colour_by = by
            self._show_colour_choice(by)
            return
        self.state.colour_by = by
        self._show_colour_choice(by)
        self.colouring = self.colour_provider(self.project.chart, by)
        self._relayout()

    def _show_colour_choice(self, by: ColourBy) -> None:
        self.colour_box.blockSignals(True)
        self.colour_box.setCurrentIndex(list(ColourBy).index(by))
        self.colour_box.blockSignals(False)
        for action in self.colour_group.actions():
            action.setChecked(action.text() == by.value.capitalize())

    def recolour(self) -> None:
        """Colour again by the same choice: its figures moved (coverage, after an edit)."""
        focus, project = self._focus, self.project
        if focus is None or project is None or self.view.data is None:
            return
        self.colouring = self.colour_provider(project.chart, self.state.colour_by)
        rgb = self.colouring.rgb if focus.original is None else self.colouring.rgb[focus.original]
        self.view.set_colours(rgb)
        self.legend.show_colouring(self.colouring, self.state.colour_by, focus.team_shown())

    # -- selection and navigation ----------------------------------------------------------

    def select(self, node: int | None, centre: bool = False) -> None:
        chart = self.chart
        self.state.selected = None if node is None or chart is None else chart.ids[node]
        self._show_selection()
        if centre and node is not None:
            self.view.centre_on(node, readable=False)

    def select_person(self, person_id: str, centre: bool = True) -> None:
        """Select by id, leaving a focus that does not hold the person (the plan table's jump)."""
        if self.node_of(person_id) is None and self.state.focus_ids:
            self.state.focus_ids.clear()
            self._refocus()
            self._relayout(keep_view=False)
        node = self.node_of(person_id)
        if node is not None:
            self.reveal(node) if centre else self.select(node)

    def _show_selection(self) -> None:
        chart = self.chart
        node = self.selected
        if chart is None or node is None:
            self.state.selected = None
            self.view.set_selection(None, [])
            self.details.show_person(None, None)
        else:
            self.view.set_selection(node, chart.chain_to_root(node))
            self.details.show_person(chart, node)
        self._update_status()
        self.selection_changed.emit()

    def reveal(self, node: int) -> None:
        """Select a person, expanding any collapsed manager above them, and centre on them."""
        chart = self.chart
        if chart is None:
            return
        chain = {chart.ids[i] for i in chart.chain_to_root(node)[1:]}
        if self.state.collapsed & chain:
            self.state.collapsed -= chain
            self._relayout()
        self.select(node)
        self.view.centre_on(node, readable=True)

    def reveal_in_full_chart(self, node: int) -> None:
        """``node`` is an index in the whole organisation (the import report's rows)."""
        if self.project is None:
            return
        person_id = self.project.chart.ids[node]
        if self.state.focus_ids:
            self.state.focus_ids.clear()
            self._refocus()
            self._relayout()
        self.reveal(self.project.chart.index_of(person_id))

    def _found(self, index: int) -> None:
        """A search hit: an index in the whole organisation, shown even from inside a focus."""
        if self.project is not None:
            self.select_person(self.project.chart.ids[index])

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def zoom_to_selection(self) -> None:
        if self.selected is not None:
            self.view.centre_on(self.selected, readable=True)

    def toggle_collapse(self, node: int) -> None:
        """Collapse or expand a team; the manager stays where they were on screen, under the
        pointer that double-clicked them, however far the new layout moved them."""
        chart, layout = self.chart, self.layout_
        if chart is None or chart.span_of_control[node] == 0:
            return
        (x0, x1), (y0, y1) = self.view.view_box.viewRange()
        self.state.collapsed ^= {chart.ids[node]}
        self.state.selected = chart.ids[node]
        self._relayout()
        if layout is None or self.layout_ is None:
            return
        dx = float(self.layout_.x[node] - layout.x[node])
        dy = float(self.layout_.y[node] - layout.y[node])
        if np.isfinite(dx) and np.isfinite(dy):
            self.view.view_box.show_exactly((x0 + dx, x1 + dx), (y0 + dy, y1 + dy))

    def toggle_collapse_selected(self) -> None:
        if self.selected is not None:
            self.toggle_collapse(self.selected)

    def focus_on_selected_team(self) -> None:
        if self.selected is not None:
            self.focus_on_team(self.selected)

    def focus_on_team(self, node: int) -> None:
        """Show one manager's subtree as its own pyramid; Back returns to the previous one."""
        chart = self.chart
        if chart is None or chart.span_of_control[node] == 0:
            return
        head = chart.ids[node]
        self.state.focus_ids.append(head)
        self.state.selected = head
        self._refocus()
        self._relayout(keep_view=False)

    def leave_focus(self) -> None:
        if not self.state.focus_ids:
            return
        self.state.selected = self.state.focus_ids.pop()
        self._refocus()
        self._relayout(keep_view=False)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        moves = {
            Qt.Key.Key_Down: "manager" if self.state.inverted else "report",
            Qt.Key.Key_Up: "report" if self.state.inverted else "manager",
            Qt.Key.Key_Left: "previous",
            Qt.Key.Key_Right: "next",
        }
        if key in moves and self.chart is not None:
            self.move_selection(moves[key])
            return
        super().keyPressEvent(event)

    def move_selection(self, direction: str) -> None:
        """Arrow-key navigation: to the manager, the first report, or a sibling."""
        chart, node, layout = self.chart, self.selected, self.layout_
        if chart is None or layout is None:
            return
        if node is None:
            self.select(chart.chief if chart.chief is not None else chart.root, centre=True)
            return
        target: int | None = None
        if direction == "manager" and chart.parent[node] >= 0:
            target = int(chart.parent[node])
        elif direction == "report":
            reports = chart.children(node)
            shown = reports[layout.visible[reports]]
            target = int(shown[0]) if shown.shape[0] else None
        elif direction in ("previous", "next") and chart.parent[node] >= 0:
            siblings = chart.children(int(chart.parent[node]))
            siblings = siblings[layout.visible[siblings]]
            siblings = siblings[np.argsort(layout.x[siblings], kind="stable")].tolist()
            step = -1 if direction == "previous" else 1
            position = siblings.index(node) + step
            target = siblings[position] if 0 <= position < len(siblings) else None
        if target is not None:
            self.select(target)
            self.view.centre_on(target, readable=False)

    def _context_menu(self, node: int, where: QPoint) -> None:
        self.select(node)
        menu = QMenu(self)
        chart = self.chart
        if chart is not None and chart.span_of_control[node] > 0:
            label = "Expand team" if chart.ids[node] in self.state.collapsed else "Collapse team"
            menu.addAction(label, lambda: self.toggle_collapse(node))
            menu.addAction("Focus on this team", lambda: self.focus_on_team(node))
        menu.addAction("Zoom to this person", lambda: self.view.centre_on(node))
        menu.popup(where)

    def _fold_key_for_the_room(self) -> None:
        if self._key_open_before is None:
            self._key_open_before = self.colour_key.is_open
        self.colour_key.set_open(False)

    def _unfold_key_after_the_room(self) -> None:
        if self._key_open_before is not None:
            self.colour_key.set_open(self._key_open_before)
        self._key_open_before = None

    def _show_audience(self) -> None:
        """The Details dock leaves out (presenting) or marks the columns hidden from the room."""
        hidden = self.project.hidden if self.project is not None else frozenset()
        self.details.set_audience(hidden, self.context.presenting)
        self._show_selection()

    # -- status and export -----------------------------------------------------------------

    def _update_status(self) -> None:
        chart = self.chart
        if chart is None:
            self.status.setText(
                "No organisation is open: File > New project from spreadsheet (Ctrl+I) or "
                "File > Open project (Ctrl+O), or drop a file on the window."
            )
            return
        people = f"people {chart.people_count:,}"
        layout = self.layout_
        if (
            layout is not None
            and layout.visible.shape[0] == len(chart)
            and not layout.visible.all()
        ):
            shown = int((layout.visible & chart.real).sum())
            people = f"people {shown:,} of {chart.people_count:,} shown"
        parts = [
            people,
            f"levels {chart.level_count}",
            f"managers {chart.managers().shape[0]:,}",
            f"front line {chart.front_line().shape[0]:,}",
        ]
        loose = int(np.count_nonzero(chart.not_connected))
        if loose:
            parts.append(f"not connected to the chief executive {loose:,}")
        if self.state.focus_ids:
            parts.insert(0, f"team of {chart.names[chart.root] or chart.ids[chart.root]}")
        if self.selected is not None:
            parts.append(f"selected: {chart.names[self.selected] or chart.ids[self.selected]}")
        self.status.setText("   ·   ".join(parts))

    def _set_title(self) -> None:
        project = self.project
        if project is None:
            self.setWindowTitle("Pyramid Planner")
            return
        path = self.files.project_path()
        name = project.name if path is None or self.files.is_unsaved() else path.stem
        marks = " (unsaved)" if self.files.is_unsaved() else ""
        if project.read_only_reason:
            marks += " [read-only]"
        self.setWindowTitle(f"{name}{marks} - Pyramid Planner")
        self.setWindowFilePath(str(path) if path is not None else "")

    def refresh_title(self) -> None:
        self._set_title()

    def export_picture(self, whole: bool = False) -> None:
        if self.project is not None:
            export_picture_interactively(self.context, whole)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile():
            self.files.open_any(Path(urls[0].toLocalFile()))
            event.acceptProposedAction()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.presenter.leave()  # the application's key filter goes with present mode
        self.files.shutdown()
        self.context.close()
        super().closeEvent(event)
