"""A window on the demo hotel group, opened from a real project file, for the Targets and
results tests; and the ways a user reaches that dock's parts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QAbstractItemView, QMenu, QTableView, QWidget
from pytestqt.qtbot import QtBot

from pyramid_app.io.demo import demo_project
from pyramid_app.io.project.file import ProjectFile
from pyramid_app.model.project import Project
from pyramid_app.ui.main_window import MainWindow
from pyramid_app.ui.plan.targets_dock import TargetsAndResults

TODAY = dt.date(2026, 12, 6)


def demo_file(tmp_path: Path) -> Path:
    path = tmp_path / "harbourlight.pyramid"
    with ProjectFile.create(path, demo_project(today=TODAY)):
        pass
    return path


def open_window(
    qtbot: QtBot, tmp_path: Path, path: Path, size: tuple[int, int] = (1366, 768)
) -> MainWindow:
    """A new window (its own settings file in tmp_path) with ``path`` opened as a user does."""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings, data_folder=tmp_path / "data")
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(window.files.project_opened, timeout=20_000):
        window.files.open_project(path)
    return window


def project_of(window: MainWindow) -> Project:
    project = window.project
    assert project is not None
    return project


def menu_action(window: MainWindow, menu_title: str, text: str):  # type: ignore[no-untyped-def]
    """The action ``text`` (ampersands aside) of the menu bar's ``menu_title`` menu."""
    menu = next(
        a.menu()
        for a in window.menuBar().actions()
        if a.text().replace("&", "") == menu_title and isinstance(a.menu(), QMenu)
    )
    return next(a for a in menu.actions() if a.text().replace("&", "") == text)


def show_dock(window: MainWindow) -> TargetsAndResults:
    """View > Targets and results, as the planner opens it."""
    part = window.targets_and_results
    menu_action(window, "View", "Targets and results").trigger()
    assert part.dock.isVisible()
    return part


def edit_cell(qtbot: QtBot, table: QTableView, row: int, column: int, kind: type) -> QWidget:
    """F2 on a cell, as the planner starts an edit; the editor it opened."""
    index = table.model().index(row, column)
    table.setCurrentIndex(index)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_F2)
    assert table.state() == QAbstractItemView.State.EditingState
    editors = [e for e in table.viewport().findChildren(kind) if e.isVisible()]
    assert len(editors) == 1, editors
    return editors[0]


def column_texts(table: QTableView, column: int) -> list[str]:
    model = table.model()
    return [model.index(row, column).data() for row in range(model.rowCount())]
