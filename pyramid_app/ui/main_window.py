"""The main window: the pyramid, the details panel, search, menus and the status bar."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from pyramid_app.io import ImportResult
from pyramid_app.model.colouring import ColourBy, Colouring, colour_nodes
from pyramid_app.model.layout import Arrangement, LayoutOptions, PyramidLayout, layout_inverted
from pyramid_app.model.org import OrgChart
from pyramid_app.ui.details_panel import DetailsPanel
from pyramid_app.ui.dialogs.export_dialog import export_picture_interactively
from pyramid_app.ui.dialogs.help_texts import show_about, show_shortcuts
from pyramid_app.ui.file_actions import FileActions
from pyramid_app.ui.import_worker import ImportWorker
from pyramid_app.ui.legend import Legend
from pyramid_app.ui.pyramid.view import PyramidView
from pyramid_app.ui.search_box import SearchBox

ARRANGEMENT_NAMES = {
    Arrangement.TREE: "Tree",
    Arrangement.COMPACT: "Compact teams",
    Arrangement.FRONT_LINE: "Front line aligned",
}


@dataclass
class Focus:
    """What the view shows: the whole chart or one team, and how it is laid out."""

    chart: OrgChart
    original: np.ndarray | None = None  # index in the full chart of each shown node
    collapsed: set[int] = field(default_factory=set)


class MainWindow(FileActions, QMainWindow):
    """One organisation at a time; ``chart_shown`` fires after every new layout."""

    chart_shown = Signal()
    import_failed = Signal(str)

    def __init__(self, settings: QSettings | None = None) -> None:
        super().__init__()
        self.settings = settings or QSettings()
        self.result: ImportResult | None = None
        self.focus_stack: list[Focus] = []
        self.layout_: PyramidLayout | None = None
        self.colouring: Colouring | None = None
        self.selected: int | None = None
        self.worker: ImportWorker | None = None  # the import whose result will be shown
        self.running_imports: set[ImportWorker] = set()
        self.arrangement = Arrangement.TREE
        self.inverted = True
        self.colour_by = ColourBy.DEPARTMENT

        self.view = PyramidView()
        self.setCentralWidget(self.view)
        self.details = DetailsPanel()
        self.legend = Legend()
        side = QWidget()
        side.setMinimumWidth(320)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.details, 3)
        side_layout.addWidget(self.legend, 1)
        dock = QDockWidget("Details", self)
        dock.setObjectName("details")
        dock.setWidget(side)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        self.search = SearchBox()
        self.status = QLabel()
        self.statusBar().addWidget(self.status, 1)
        self._build_actions()
        self.setAcceptDrops(True)
        self.resize(1400, 860)
        self._set_title()

        self.view.person_clicked.connect(self.select)
        self.view.person_activated.connect(self.toggle_collapse)
        self.view.context_requested.connect(self._context_menu)
        self.details.person_chosen.connect(lambda node: self.select(node, centre=True))
        self.search.person_found.connect(self.reveal)

    # -- actions ---------------------------------------------------------------------------

    def _build_actions(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        self._action(
            file_menu, "&Open spreadsheet...", self.open_dialog, QKeySequence.StandardKey.Open
        )
        self.recent_menu = file_menu.addMenu("Open &recent")
        self._action(file_menu, "Open &demo organisation", self.open_demo)
        self._action(file_menu, "Change column &mapping...", self.change_mapping, "Ctrl+M")
        file_menu.addSeparator()
        self._action(file_menu, "&Export current view...", self.export_picture, "Ctrl+E")
        self._action(
            file_menu,
            "Export &whole pyramid...",
            lambda: self.export_picture(whole=True),
            "Ctrl+Shift+E",
        )
        self._action(file_menu, "Import &report...", self.show_findings, "Ctrl+R")
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit)
        self._refresh_recent()

        view_menu = menu.addMenu("&View")
        self._action(view_menu, "&Fit to window", self.view.fit, "F")
        self._action(view_menu, "&Zoom to selection", self.zoom_to_selection, "Z")
        view_menu.addSeparator()
        self.arrangement_group = QActionGroup(self)
        for arrangement, label in ARRANGEMENT_NAMES.items():
            action = self._action(view_menu, label, lambda a=arrangement: self.set_arrangement(a))
            action.setCheckable(True)
            action.setChecked(arrangement is self.arrangement)
            self.arrangement_group.addAction(action)
        self.orientation_action = self._action(
            view_menu,
            "&Conventional orientation (chief executive on top)",
            lambda checked: self.set_inverted(not checked),
            "Ctrl+T",
        )
        self.orientation_action.setCheckable(True)
        view_menu.addSeparator()
        colour_menu = view_menu.addMenu("&Colour by")
        self.colour_group = QActionGroup(self)
        for by in ColourBy:
            action = self._action(
                colour_menu, by.value.capitalize(), lambda b=by: self.set_colour_by(b)
            )
            action.setCheckable(True)
            action.setChecked(by is self.colour_by)
            self.colour_group.addAction(action)

        go_menu = menu.addMenu("&Go")
        self._action(go_menu, "&Find person...", self.focus_search, QKeySequence.StandardKey.Find)
        self._action(go_menu, "Collapse or e&xpand team", self.toggle_collapse_selected, "Space")
        self._action(go_menu, "Focus on this &team", self.focus_on_selected_team, "Ctrl+Return")
        self._action(go_menu, "&Back to the whole organisation", self.leave_focus, "Backspace")

        help_menu = menu.addMenu("&Help")
        self._action(help_menu, "&Keyboard shortcuts", lambda: show_shortcuts(self), "F1")
        self._action(help_menu, "&About Pyramid Planner", lambda: show_about(self))

        toolbar = QToolBar("Main")
        toolbar.setObjectName("main-toolbar")
        toolbar.setMovable(False)
        self.addToolBar(toolbar)
        toolbar.addWidget(self.search)
        toolbar.addSeparator()
        toolbar.addWidget(QLabel(" Arrangement "))
        self.arrangement_box = QComboBox()
        for arrangement, label in ARRANGEMENT_NAMES.items():
            self.arrangement_box.addItem(label, arrangement)
        self.arrangement_box.currentIndexChanged.connect(
            lambda i: self.set_arrangement(self.arrangement_box.itemData(i))
        )
        toolbar.addWidget(self.arrangement_box)
        toolbar.addWidget(QLabel(" Colour by "))
        self.colour_box = QComboBox()
        for by in ColourBy:
            self.colour_box.addItem(by.value.capitalize(), by)
        self.colour_box.currentIndexChanged.connect(
            lambda i: self.set_colour_by(self.colour_box.itemData(i))
        )
        toolbar.addWidget(self.colour_box)
        toolbar.addSeparator()
        fit = QAction("Fit", self)
        fit.triggered.connect(self.view.fit)
        toolbar.addAction(fit)
        self.back_action = QAction("Back to whole organisation", self)
        self.back_action.triggered.connect(self.leave_focus)
        self.back_action.setVisible(False)
        toolbar.addAction(self.back_action)

    def _action(self, menu: QMenu, text: str, slot: object, shortcut: object = None) -> QAction:
        action = QAction(text, self)
        action.triggered.connect(slot)  # type: ignore[arg-type]
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))  # type: ignore[arg-type]
        menu.addAction(action)
        return action

    # -- what is shown ---------------------------------------------------------------------

    def show_result(self, result: ImportResult) -> None:
        self.result = result
        self.focus_stack = [Focus(result.chart)]
        self.selected = None
        self.search.set_chart(result.chart)
        self.colouring = colour_nodes(result.chart, self.colour_by)
        self._relayout(keep_view=False)
        self._set_title()

    @property
    def focus(self) -> Focus | None:
        return self.focus_stack[-1] if self.focus_stack else None

    @property
    def chart(self) -> OrgChart | None:
        return self.focus.chart if self.focus else None

    def _relayout(self, keep_view: bool = True) -> None:
        focus = self.focus
        if focus is None or self.result is None or self.colouring is None:
            return
        options = LayoutOptions(
            arrangement=self.arrangement,
            inverted=self.inverted,
            collapsed=frozenset(focus.collapsed),
        )
        self.layout_ = layout_inverted(focus.chart, options, self.result.customer_segments)
        rgb = self.colouring.rgb if focus.original is None else self.colouring.rgb[focus.original]
        self.view.show_layout(focus.chart, self.layout_, rgb, keep_view=keep_view)
        self.legend.show_colouring(self.colouring, self.colour_by)
        self._show_selection()
        self.back_action.setVisible(len(self.focus_stack) > 1)
        self.chart_shown.emit()

    def set_arrangement(self, arrangement: Arrangement | str) -> None:
        arrangement = Arrangement(arrangement)  # combo boxes hand back plain strings
        if arrangement is self.arrangement:
            return
        self.arrangement = arrangement
        self.arrangement_box.setCurrentIndex(list(ARRANGEMENT_NAMES).index(arrangement))
        for action in self.arrangement_group.actions():
            action.setChecked(action.text() == ARRANGEMENT_NAMES[arrangement])
        self._relayout(keep_view=False)

    def set_inverted(self, inverted: bool) -> None:
        self.inverted = inverted
        self.orientation_action.setChecked(not inverted)
        self._relayout(keep_view=False)

    def set_colour_by(self, by: ColourBy | str) -> None:
        by = ColourBy(by)
        if by is self.colour_by or self.result is None:
            self.colour_by = by
            return
        self.colour_by = by
        self.colour_box.setCurrentIndex(list(ColourBy).index(by))
        for action in self.colour_group.actions():
            action.setChecked(action.text() == by.value.capitalize())
        self.colouring = colour_nodes(self.result.chart, by)
        self._relayout()

    # -- selection and navigation ----------------------------------------------------------

    def select(self, node: int | None, centre: bool = False) -> None:
        self.selected = node
        self._show_selection()
        if centre and node is not None:
            self.view.centre_on(node, readable=False)

    def _show_selection(self) -> None:
        chart = self.chart
        node = self.selected
        if chart is None or node is None or node >= len(chart):
            self.selected = None
            self.view.set_selection(None, [])
            self.details.show_person(None, None)
        else:
            self.view.set_selection(node, chart.chain_to_root(node))
            self.details.show_person(chart, node)
        self._update_status()

    def reveal(self, node: int) -> None:
        """Select a person, expanding any collapsed manager above them, and centre on them."""
        focus = self.focus
        if focus is None:
            return
        chain = set(focus.chart.chain_to_root(node)[1:])
        if focus.collapsed & chain:
            focus.collapsed -= chain
            self._relayout()
        self.select(node)
        self.view.centre_on(node, readable=True)

    def reveal_in_full_chart(self, node: int) -> None:
        while len(self.focus_stack) > 1:
            self.focus_stack.pop()
        self._relayout()
        self.reveal(node)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def zoom_to_selection(self) -> None:
        if self.selected is not None:
            self.view.centre_on(self.selected, readable=True)

    def toggle_collapse(self, node: int) -> None:
        focus = self.focus
        if focus is None or focus.chart.span_of_control[node] == 0:
            return
        focus.collapsed ^= {node}
        self.selected = node
        self._relayout()

    def toggle_collapse_selected(self) -> None:
        if self.selected is not None:
            self.toggle_collapse(self.selected)

    def focus_on_selected_team(self) -> None:
        if self.selected is not None:
            self.focus_on_team(self.selected)

    def focus_on_team(self, node: int) -> None:
        """Show one manager's subtree as its own pyramid; Back returns to the whole chart."""
        focus = self.focus
        if focus is None or focus.chart.span_of_control[node] == 0:
            return
        team, original = focus.chart.subtree(node)
        if focus.original is not None:
            original = focus.original[original]
        self.focus_stack.append(Focus(team, original))
        self.selected = 0
        self._relayout(keep_view=False)

    def leave_focus(self) -> None:
        if len(self.focus_stack) <= 1:
            return
        left = self.focus_stack.pop()
        self.selected = None
        if left.original is not None:
            below = self.focus.original if self.focus and self.focus.original is not None else None
            head = int(left.original[0])
            self.selected = head if below is None else int(np.flatnonzero(below == head)[0])
        self._relayout(keep_view=False)

    def keyPressEvent(self, event: object) -> None:
        key = event.key()  # type: ignore[attr-defined]
        moves = {
            Qt.Key.Key_Down: "manager" if self.inverted else "report",
            Qt.Key.Key_Up: "report" if self.inverted else "manager",
            Qt.Key.Key_Left: "previous",
            Qt.Key.Key_Right: "next",
        }
        if key in moves and self.chart is not None:
            self.move_selection(moves[key])
            return
        super().keyPressEvent(event)  # type: ignore[arg-type]

    def move_selection(self, direction: str) -> None:
        """Arrow-key navigation: to the manager, the first report, or a sibling."""
        chart, node, layout = self.chart, self.selected, self.layout_
        if chart is None or layout is None:
            return
        if node is None:
            self.select(chart.root, centre=True)
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

    def _context_menu(self, node: int, where: object) -> None:
        self.select(node)
        menu = QMenu(self)
        chart = self.chart
        if chart is not None and chart.span_of_control[node] > 0 and self.focus is not None:
            label = "Expand team" if node in self.focus.collapsed else "Collapse team"
            menu.addAction(label, lambda: self.toggle_collapse(node))
            menu.addAction("Focus on this team", lambda: self.focus_on_team(node))
        menu.addAction("Zoom to this person", lambda: self.view.centre_on(node))
        menu.popup(where)  # type: ignore[arg-type]

    # -- status and export -----------------------------------------------------------------

    def _update_status(self) -> None:
        chart = self.chart
        if chart is None:
            self.status.setText("Open a spreadsheet (Ctrl+O) or drop one on the window.")
            return
        parts = [
            f"people {chart.people_count:,}",
            f"levels {chart.level_count}",
            f"managers {chart.managers().shape[0]:,}",
            f"front line {chart.front_line().shape[0]:,}",
        ]
        if len(self.focus_stack) > 1:
            parts.insert(0, f"team of {chart.names[chart.root] or chart.ids[chart.root]}")
        if self.selected is not None:
            parts.append(f"selected: {chart.names[self.selected] or chart.ids[self.selected]}")
        self.status.setText("   ·   ".join(parts))

    def _set_title(self) -> None:
        name = self.result.path.name if self.result else "no organisation"
        self.setWindowTitle(f"{name} - Pyramid Planner")

    def export_picture(self, whole: bool = False) -> None:
        if self.result is not None:
            export_picture_interactively(self, whole)

    def closeEvent(self, event: QCloseEvent) -> None:
        for worker in list(self.running_imports):
            worker.cancel()
            worker.wait()
        super().closeEvent(event)
