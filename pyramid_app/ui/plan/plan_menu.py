"""The window's Plan menu, shared by the plan's panels: created once, right after Edit."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow, QMenu

PLAN_TITLE = "&Plan"


def plan_menu(window: QMainWindow) -> QMenu:
    """The Plan menu of ``window``, made on first use and placed after the Edit menu."""
    bar = window.menuBar()
    for action in bar.actions():
        menu = action.menu()
        if isinstance(menu, QMenu) and action.text() == PLAN_TITLE:
            return menu
    menu = QMenu(PLAN_TITLE, window)
    menu.setObjectName("plan-menu")
    actions = bar.actions()
    edit_menu = getattr(window, "edit_menu", None)
    after = [a for a in actions if edit_menu is not None and a.menu() is edit_menu]
    position = actions.index(after[0]) + 1 if after else len(actions)
    if position < len(actions):
        bar.insertMenu(actions[position], menu)
    else:
        bar.addMenu(menu)
    return menu
