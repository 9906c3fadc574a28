"""The main window's menus and toolbar: the actions of the window itself, in one place.

Panels that bring their own actions (the Plan menu, the docks' toggles) add them through their
``install_*`` functions; this module builds the frame they go into.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QComboBox, QLabel, QMenu, QToolBar

from pyramid_app.model.colouring import ColourBy
from pyramid_app.model.layout import Arrangement
from pyramid_app.ui.dialogs.help_texts import show_about, show_shortcuts

if TYPE_CHECKING:
    from pyramid_app.ui.main_window import MainWindow

ARRANGEMENT_NAMES = {
    Arrangement.TREE: "Tree",
    Arrangement.COMPACT: "Compact teams",
    Arrangement.FRONT_LINE: "Front line aligned",
}


def build_menus(window: MainWindow) -> None:
    """File, Edit, View, Go and Help, and the toolbar with search, arrangement and colours."""
    menu = window.menuBar()
    file_menu = menu.addMenu("&File")
    files = window.files
    add_action(window, file_menu, "&New project from spreadsheet...", files.open_dialog, "Ctrl+I")
    add_action(
        window,
        file_menu,
        "&Open project...",
        files.open_project_dialog,
        QKeySequence.StandardKey.Open,
    )
    file_menu.addMenu(files.recent_menu)
    add_action(window, file_menu, "Open &demo organisation", files.open_demo)
    add_action(window, file_menu, "Save &As...", files.save_as_dialog, "Ctrl+Shift+S")
    add_action(window, file_menu, "&Close project", files.close_project, "Ctrl+W")
    file_menu.addSeparator()
    add_action(
        window,
        file_menu,
        "&Update organisation from spreadsheet...",
        files.update_dialog_open,
        "Ctrl+U",
    )
    add_action(window, file_menu, "Change column &mapping...", files.change_mapping, "Ctrl+M")
    add_action(window, file_menu, "Import &report...", files.show_findings, "Ctrl+R")
    file_menu.addSeparator()
    add_action(window, file_menu, "&Export current view...", window.export_picture, "Ctrl+E")
    add_action(
        window,
        file_menu,
        "Export &whole pyramid...",
        lambda: window.export_picture(whole=True),
        "Ctrl+Alt+E",
    )
    file_menu.addSeparator()
    add_action(window, file_menu, "&Quit", window.close, QKeySequence.StandardKey.Quit)

    edit_menu = menu.addMenu("&Edit")
    window.undo_action = window.undo_stack.createUndoAction(window, "&Undo")
    window.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
    window.redo_action = window.undo_stack.createRedoAction(window, "&Redo")
    window.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    edit_menu.addAction(window.undo_action)
    edit_menu.addAction(window.redo_action)
    window.edit_menu = edit_menu

    view_menu = menu.addMenu("&View")
    add_action(window, view_menu, "&Fit to window", window.view.fit, "F")
    add_action(window, view_menu, "&Zoom to selection", window.zoom_to_selection, "Z")
    view_menu.addSeparator()
    window.arrangement_group = QActionGroup(window)
    for arrangement, label in ARRANGEMENT_NAMES.items():
        action = add_action(
            window,
            view_menu,
            label,
            lambda _checked=False, a=arrangement: window.set_arrangement(a),
        )
        action.setCheckable(True)
        action.setChecked(arrangement is window.state.arrangement)
        window.arrangement_group.addAction(action)
    window.orientation_action = add_action(
        window,
        view_menu,
        "&Conventional orientation (chief executive on top)",
        lambda checked: window.set_inverted(not checked),
        "Ctrl+T",
    )
    window.orientation_action.setCheckable(True)
    view_menu.addSeparator()
    colour_menu = view_menu.addMenu("&Colour by")
    window.colour_group = QActionGroup(window)
    for by in ColourBy:
        action = add_action(
            window,
            colour_menu,
            by.value.capitalize(),
            lambda _checked=False, b=by: window.set_colour_by(b),
        )
        action.setCheckable(True)
        action.setChecked(by is window.state.colour_by)
        window.colour_group.addAction(action)

    go_menu = menu.addMenu("&Go")
    add_action(
        window, go_menu, "&Find person...", window.focus_search, QKeySequence.StandardKey.Find
    )
    add_action(
        window, go_menu, "Collapse or e&xpand team", window.toggle_collapse_selected, "Space"
    )
    add_action(window, go_menu, "Focus on this &team", window.focus_on_selected_team, "Ctrl+Return")
    add_action(window, go_menu, "&Back to the whole organisation", window.leave_focus, "Backspace")

    help_menu = menu.addMenu("&Help")
    add_action(window, help_menu, "&Keyboard shortcuts", lambda: show_shortcuts(window), "F1")
    add_action(window, help_menu, "&About Pyramid Planner", lambda: show_about(window))

    toolbar = QToolBar("Main")
    toolbar.setObjectName("main-toolbar")
    toolbar.setMovable(False)
    window.addToolBar(toolbar)
    toolbar.addWidget(window.search)
    toolbar.addSeparator()
    toolbar.addWidget(QLabel(" Arrangement "))
    window.arrangement_box = QComboBox()
    for arrangement, label in ARRANGEMENT_NAMES.items():
        window.arrangement_box.addItem(label, arrangement)
    window.arrangement_box.currentIndexChanged.connect(
        lambda i: window.set_arrangement(window.arrangement_box.itemData(i))
    )
    toolbar.addWidget(window.arrangement_box)
    toolbar.addWidget(QLabel(" Colour by "))
    window.colour_box = QComboBox()
    for by in ColourBy:
        window.colour_box.addItem(by.value.capitalize(), by)
    window.colour_box.currentIndexChanged.connect(
        lambda i: window.set_colour_by(window.colour_box.itemData(i))
    )
    toolbar.addWidget(window.colour_box)
    toolbar.addSeparator()
    fit = QAction("Fit", window)
    fit.triggered.connect(window.view.fit)
    toolbar.addAction(fit)
    window.back_action = QAction("Back to whole organisation", window)
    window.back_action.triggered.connect(window.leave_focus)
    window.back_action.setVisible(False)
    toolbar.addAction(window.back_action)


def add_action(
    window: MainWindow, menu: QMenu, text: str, slot: object, shortcut: object = None
) -> QAction:
    action = QAction(text, window)
    action.triggered.connect(slot)  # type: ignore[arg-type]
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))  # type: ignore[arg-type]
    menu.addAction(action)
    return action
