"""The window's Plan menu, shared by the plan's panels: created once, right after Edit."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow, QMenu

from pyramid_app.ui.menus import menu_titled

PLAN_TITLE = "&Plan"


def plan_menu(host: QMainWindow) -> QMenu:
    """The Plan menu of ``host``, made on first use and placed after the Edit menu."""
    menu = menu_titled(host, PLAN_TITLE, after=menu_titled(host, "&Edit"))
    menu.setObjectName("plan-menu")
    return menu
