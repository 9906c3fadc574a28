"""Widgets under test get their own settings file and a small, known organisation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from window_samples import shown_window

from pyramid_app.io import read_org
from pyramid_app.io.demo import demo_project
from pyramid_app.ui.main_window import MainWindow
from spreadsheets import SMALL_ORG


@pytest.fixture
def window(qtbot, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    return shown_window(qtbot, tmp_path, (1200, 800))


@pytest.fixture
def demo_window(qtbot, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    """The demo project (targets, results, 37 commitments) just shown at 1366x768, in the
    Explore workspace."""
    main = shown_window(qtbot, tmp_path, data_folder=tmp_path)
    main.files.show_project(demo_project(today=dt.date(2026, 12, 6)))
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
