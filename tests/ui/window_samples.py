"""The main window as widget tests start it: its own settings file, sized, shown, exposed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from pyramid_app.ui.main_window import MainWindow


def shown_window(
    qtbot: QtBot,
    tmp_path: Path,
    size: tuple[int, int] = (1366, 768),
    data_folder: Path | None = None,
) -> MainWindow:
    """A main window with settings in ``tmp_path``, shown at ``size`` and exposed."""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings, data_folder=data_folder)
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    return window
