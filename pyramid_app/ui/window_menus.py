"""The main window's menus and toolbar: the actions of the window itself, in one place.

Panels that bring their own actions (the Plan menu, the docks' toggles) add them through their
``install_*`` functions; this module builds the frame they go into. It knows the window only as
:class:`WindowVerbs`, what the menus ask of it, and hands back the actions and boxes the window
keeps in step with its state (:class:`WindowMenus`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QComboBox, QLabel, QMainWindow, QMenu, QToolBar

from pyramid_app.model.colouring import ColourBy
from pyramid_app.model.layout import Arrangement
from pyramid_app.model.view_state import ViewState
from pyramid_app.ui.dialogs.help_texts import show_about, show_shortcuts
from pyramid_app.ui.file_controller import FileController
from pyramid_app.ui.pyramid.view import PyramidView
from pyramid_app.ui.search_box import SearchBox
from pyramid_app.ui.undo import ProjectUndoStack

ARRANGEMENT_NAMES = {
    Arrangement.TREE: "Tree",
    Arrangement.COMPACT: "Compact teams",
    Arrangement.FRONT_LINE: "Front line aligned",
}


class WindowVerbs(Protocol):
    """What the window's menus ask of the window."""

    files: FileController
    view: PyramidView
    search: SearchBox

    @property
    def state(self) -> ViewState: ...

    @property
    def undo_stack(self) -> ProjectUndoStack: ...

    def export_picture(self, whole: bool = False) -> None: ...

    def zoom_to_selection(self) -> None: ...

    def set_arrangement(self, arrangement: Arrangement | str) -> None: ...

    def set_inverted(self, inverted: bool) -> None: ...

    def set_colour_by(self, by: ColourBy | str) -> None: ...

    def focus_search(self) -> None: ...

    def toggle_collapse_selected(self) -> None: ...

    def focus_on_selected_team(self) -> None: ...

    def leave_focus(self) -> None: ...


@dataclass
class WindowMenus:
    """The actions and boxes the window keeps in step with what it shows."""

    undo_action: QAction
    redo_action: QAction
    edit_menu: QMenu
    arrangement_group: QActionGroup
    orientation_action: QAction
    colour_group: QActionGroup
    arrangement_box: QComboBox
    colour_box: QComboBox
    back_action: QAction
    view_menu: QMenu
    toolbar: QToolBar


def build_menus(host: QMainWindow, window: WindowVerbs) -> WindowMenus:
    """File, Edit, View, Go and Help, and the toolbar with search, arrangement and colours."""
    menu = host.menuBar()
    file_menu = menu.addMenu("&File")
    files = window.files
    add_action(host, file_menu, "&New project from spreadsheet...", files.open_dialog, "Ctrl+I")
    add_action(
        host,
        file_menu,
        "&Open project...",
        files.open_project_dialog,
        QKeySequence.StandardKey.Open,
    )
    file_menu.addMenu(files.recent_menu)
    add_action(host, file_menu, "Open &demo organisation", files.open_demo)
    add_action(host, file_menu, "Save &As...", files.save_as_dialog, "Ctrl+Shift+S")
    add_action(host, file_menu, "&Close project", files.close_project, "Ctrl+W")
    file_menu.addSeparator()
    add_action(
        host,
        file_menu,
        "&Update organisation from spreadsheet...",
        files.update_dialog_open,
        "Ctrl+U",
    )
    add_action(host, file_menu, "Change column &mapping...", files.change_mapping, "Ctrl+M")
    add_action(host, file_menu, "Import &report...", files.show_findings, "Ctrl+R")
    file_menu.addSeparator()
    add_action(host, file_menu, "&Export current view...", window.export_picture, "Ctrl+E")
    add_action(
        host,
        file_menu,
        "Export &whole pyramid...",
        lambda: window.export_picture(whole=True),
        "Ctrl+Alt+E",
    )
    file_menu.addSeparator()
    add_action(host, file_menu, "&Quit", host.close, QKeySequence.StandardKey.Quit)

    edit_menu = menu.addMenu("&Edit")
    undo_action = window.undo_stack.createUndoAction(host, "&Undo")
    undo_action.setShortcut(QKeySequence.StandardKey.Undo)
    redo_action = window.undo_stack.createRedoAction(host, "&Redo")
    redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    edit_menu.addAction(undo_action)
    edit_menu.addAction(redo_action)

    view_menu = menu.addMenu("&View")
    add_action(host, view_menu, "&Fit to window", window.view.fit, "F")
    add_action(host, view_menu, "&Zoom to selection", window.zoom_to_selection, "Z")
    view_menu.addSeparator()
    arrangement_group = QActionGroup(host)
    for arrangement, label in ARRANGEMENT_NAMES.items():
        action = add_action(
            host,
            view_menu,
            label,
            lambda _checked=False, a=arrangement: window.set_arrangement(a),
        )
        action.setCheckable(True)
        action.setChecked(arrangement is window.state.arrangement)
        arrangement_group.addAction(action)
    orientation_action = add_action(
        host,
        view_menu,
        "&Conventional orientation (chief executive on top)",
        lambda checked: window.set_inverted(not checked),
        "Ctrl+T",
    )
    orientation_action.setCheckable(True)
    view_menu.addSeparator()
    colour_menu = view_menu.addMenu("&Colour by")
    colour_group = QActionGroup(host)
    for by in ColourBy:
        action = add_action(
            host,
            colour_menu,
            by.value.capitalize(),
            lambda _checked=False, b=by: window.set_colour_by(b),
        )
        action.setCheckable(True)
        action.setChecked(by is window.state.colour_by)
        colour_group.addAction(action)

    go_menu = menu.addMenu("&Go")
    add_action(host, go_menu, "&Find person...", window.focus_search, QKeySequence.StandardKey.Find)
    add_action(host, go_menu, "Collapse or e&xpand team", window.toggle_collapse_selected, "Space")
    add_action(host, go_menu, "Focus on this &team", window.focus_on_selected_team, "Ctrl+Return")
    add_action(host, go_menu, "&Back to the whole organisation", window.leave_focus, "Backspace")

    help_menu = menu.addMenu("&Help")
    add_action(host, help_menu, "&Keyboard shortcuts", lambda: show_shortcuts(host), "F1")
    add_action(host, help_menu, "&About Pyramid Planner", lambda: show_about(host))

    toolbar = QToolBar("Main")
    toolbar.setObjectName("main-toolbar")
    toolbar.setMovable(False)
    host.addToolBar(toolbar)
    toolbar.addWidget(window.search)
    toolbar.addSeparator()
    toolbar.addWidget(QLabel(" Arrangement "))
    arrangement_box = QComboBox()
    for arrangement, label in ARRANGEMENT_NAMES.items():
        arrangement_box.addItem(label, arrangement)
    arrangement_box.currentIndexChanged.connect(
        lambda i: window.set_arrangement(arrangement_box.itemData(i))
    )
    toolbar.addWidget(arrangement_box)
    toolbar.addWidget(QLabel(" Colour by "))
    colour_box = QComboBox()
    for by in ColourBy:
        colour_box.addItem(by.value.capitalize(), by)
    colour_box.currentIndexChanged.connect(lambda i: window.set_colour_by(colour_box.itemData(i)))
    toolbar.addWidget(colour_box)
    toolbar.addSeparator()
    fit = QAction("Fit", host)
    fit.triggered.connect(window.view.fit)
    toolbar.addAction(fit)
    back_action = QAction("Back to whole organisation", host)
    back_action.triggered.connect(window.leave_focus)
    back_action.setVisible(False)
    toolbar.addAction(back_action)
    return WindowMenus(
        undo_action,
        redo_action,
        edit_menu,
        arrangement_group,
        orientation_action,
        colour_group,
        arrangement_box,
        colour_box,
        back_action,
        view_menu,
        toolbar,
    )


def add_action(
    host: QMainWindow,
    menu: QMenu,
    text: str,
    slot: Callable[..., object],
    shortcut: str | QKeySequence.StandardKey | None = None,
) -> QAction:
    action = QAction(text, host)
    action.triggered.connect(slot)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    menu.addAction(action)
    return action
