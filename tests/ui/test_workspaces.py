"""Workspaces (View > Workspace, the toolbar's switch, Ctrl+1 to Ctrl+4): each shows its own
docks, remembers how the planner arranged them, and leaves the pyramid at least half of the
window at the sizes the app is used at - a laptop (1024x640, 1366x768) and a projector
(1920x1080) - without squeezing a widget below the room its text needs or growing the window
past the size it was given."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDockWidget,
    QLabel,
    QLineEdit,
    QScrollArea,
    QWidget,
)
from pytestqt.qtbot import QtBot

from pyramid_app.io.demo import demo_project
from pyramid_app.ui.main_window import MainWindow
from pyramid_app.ui.workspaces import SHOWN, Workspace

SIZES = [(1024, 640), (1366, 768), (1920, 1080)]


def _window(qtbot: QtBot, tmp_path: Path, size: tuple[int, int]) -> MainWindow:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings, data_folder=tmp_path)
    qtbot.addWidget(window)
    window.files.show_project(demo_project(today=dt.date(2026, 12, 6)))
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    return window


def _menu_action(window: MainWindow, workspace: Workspace) -> None:
    """Choose a workspace as a user does: View > Workspace > its entry."""
    view = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    sub = next(a.menu() for a in view.actions() if a.text() == "&Workspace")
    entry = next(a for a in sub.actions() if a.text().endswith(workspace.label))
    entry.trigger()


def _docks_shown(window: MainWindow) -> set[str]:
    return {name for name, dock in window.workspaces.docks.items() if dock.isVisible()}


def test_each_workspace_shows_its_docks_from_the_menu(qtbot: QtBot, tmp_path: Path) -> None:
    window = _window(qtbot, tmp_path, (1366, 768))
    # The workspaces know every dock of the window, however deep a search looks.
    assert set(window.workspaces.docks) == {
        d.objectName() for d in window.findChildren(QDockWidget)
    }
    for workspace in Workspace:
        _menu_action(window, workspace)
        qtbot.waitUntil(lambda w=workspace: _docks_shown(window) == set(SHOWN[w]))
        assert window.workspaces.box.currentText() == workspace.label


def test_ctrl_and_a_number_switches_workspace(qtbot: QtBot, tmp_path: Path) -> None:
    window = _window(qtbot, tmp_path, (1366, 768))
    window.view.setFocus()
    qtbot.waitUntil(window.view.hasFocus)
    qtbot.keyClick(window.view, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.workspaces.current is Workspace.PLAN)
    assert window.plan_dock.isVisible()
    qtbot.keyClick(window.view, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.workspaces.current is Workspace.REVIEW)
    assert window.coverage_dock.isVisible() and not window.plan_dock.isVisible()


def test_a_workspace_keeps_the_planners_arrangement_until_reset(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = _window(qtbot, tmp_path, (1920, 1080))
    with qtbot.waitSignal(window.workspaces.arranged):
        _menu_action(window, Workspace.PLAN)
    first = window.plan_dock.height()
    window.resizeDocks([window.plan_dock], [first - 120], Qt.Orientation.Vertical)
    qtbot.waitUntil(lambda: window.plan_dock.height() < first - 60)
    arranged = window.plan_dock.height()
    _menu_action(window, Workspace.EXPLORE)
    qtbot.waitUntil(lambda: not window.plan_dock.isVisible())
    _menu_action(window, Workspace.PLAN)
    qtbot.waitUntil(lambda: window.plan_dock.isVisible())
    assert abs(window.plan_dock.height() - arranged) <= 2
    with qtbot.waitSignal(window.workspaces.arranged):
        window.workspaces.reset_action.trigger()
    assert abs(window.plan_dock.height() - first) <= 2


def test_the_workspace_in_use_is_the_one_next_time(qtbot: QtBot, tmp_path: Path) -> None:
    window = _window(qtbot, tmp_path, (1366, 768))
    _menu_action(window, Workspace.REVIEW)
    window.close()
    again = _window(qtbot, tmp_path, (1366, 768))
    assert again.workspaces.current is Workspace.REVIEW
    qtbot.waitUntil(lambda: again.coverage_dock.isVisible())


def _squeezed(window: MainWindow) -> list[str]:
    """Visible labels, buttons, boxes and fields narrower than their text needs."""
    found = []
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, QLabel | QAbstractButton | QComboBox | QLineEdit):
            continue
        if not widget.isVisible() or widget.window() is not window:
            continue
        need = widget.minimumSizeHint().width()
        if need > 0 and widget.width() < need:
            text = widget.text() if hasattr(widget, "text") else ""
            found.append(f"{type(widget).__name__} {text[:30]!r}: {widget.width()} < {need}")
    return found


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_the_pyramid_keeps_half_the_window_in_every_workspace(
    qtbot: QtBot, tmp_path: Path, size: tuple[int, int]
) -> None:
    window = _window(qtbot, tmp_path, size)
    for workspace in Workspace:
        _menu_action(window, workspace)
        qtbot.waitUntil(lambda w=workspace: _docks_shown(window) == set(SHOWN[w]))
        view = window.centralWidget()

        def settled(view: QWidget = view) -> bool:
            return view.width() >= window.width() / 2 and view.height() >= window.height() / 2

        qtbot.waitUntil(settled)
        assert (window.width(), window.height()) == size, workspace
        assert _squeezed(window) == [], workspace


def test_the_customers_workspace_on_a_small_laptop_leaves_every_segment_whole(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """At 1024x640 the journey and workshop take the room their forms need and no more, so the
    customers' band above the pyramid names every segment whole, and each workshop step's page
    fits its dock's width (nothing cut at the right edge)."""
    window = _window(qtbot, tmp_path, (1024, 640))
    _menu_action(window, Workspace.CUSTOMERS)
    part = window.customers_part
    qtbot.waitUntil(part.journey_dock.isVisible)
    part.open_segment("Leisure guests")
    part.workshop_dock.raise_()  # its tab, beside the journey's
    qtbot.waitUntil(part.workshop.isVisible)
    for step in range(4):
        part.workshop.go_to(step)
        page = part.workshop.pages.currentWidget()
        assert isinstance(page, QScrollArea)
        inner = page.widget()
        qtbot.waitUntil(lambda p=page, i=inner: i.width() <= p.viewport().width())
        assert inner.minimumSizeHint().width() <= page.viewport().width(), step
    window.grab()  # paints the band: the names as written are kept by the labels item
    written = window.view.labels.segment_lines
    assert set(written) == set(window.project.customers)
    for segment, lines in written.items():
        assert " ".join(lines) == segment, lines
