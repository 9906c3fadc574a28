"""Widgets under test get their own settings file and a small, known organisation."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from pyramid_app.io import read_org
from pyramid_app.ui.main_window import MainWindow
from spreadsheets import SMALL_ORG


@pytest.fixture
def window(qtbot, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    main = MainWindow(settings)
    qtbot.addWidget(main)
    main.resize(1200, 800)
    main.show()
    qtbot.waitExposed(main)
    return main


@pytest.fixture
def small_org(xlsx_file: Callable[..., Path]) -> Path:
    return xlsx_file(
        sheets={"People": SMALL_ORG, "Customers": [["Segment"], ["Guests"], ["Companies"]]}
    )


@pytest.fixture
def shown_small(window: MainWindow, small_org: Path) -> MainWindow:
    window.show_result(read_org(small_org))
    return window
