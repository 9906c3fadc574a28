"""The window's Plan menu, shared by the plan's panels: created once, right after Edit."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow, QMenu

from pyramid_app.ui.menus import menu_titled

PLAN_TITLE = "&Plan"


def plan_menu(window: QMainWindow) -> QMenu:
    """The Plan menu of ``window``, made on first use and placed after the Edit menu."""
    edit_menu = getattr(window, "edit_menu", None)
    menu = menu_titled(window, PLAN_TITLE, after=edit_menu)
    menu.setObjectName("plan-menu")
    return menu
