"""``pyramid-app FILE``: the window starts while a child process reads the file, and shows its
people as soon as both are ready."""

from __future__ import annotations

import gc
import json
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

import pyramid_app.ui.import_worker as import_worker
from pyramid_app.cli import main
from pyramid_app.io.spreadsheet.early_read import take_started
from pyramid_app.ui.app import LAUNCH_TIMING, collect_once_running, run_window
from pyramid_app.ui.main_window import MainWindow


def _launched(qapp: QApplication, path: Path, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    """``run_window(path)`` as ``pyramid-app FILE`` runs it, until the first paint of people
    (when the launch timing quits it, printing when things happened); the window it showed."""
    monkeypatch.setenv(LAUNCH_TIMING, "1")
    failsafe = QTimer()
    failsafe.setSingleShot(True)
    failsafe.timeout.connect(qapp.quit)  # a broken start fails the test instead of hanging it
    failsafe.start(20_000)
    assert run_window(path) == 0
    failsafe.stop()
    [window] = [
        widget
        for widget in qapp.topLevelWidgets()
        if isinstance(widget, MainWindow)
        and widget.files.last_import is not None
        and widget.files.last_import.path == path
    ]
    return window


def test_a_file_named_on_the_command_line_is_read_early_and_shown(
    qapp: QApplication,
    xlsx_file: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    rows: list[list[object]] = [["Employee ID", "Manager ID", "Name", "Department"]]
    rows += [
        [1001 + i, 1001 + (i - 1) // 5 if i else "", f"Person {i}", "Sales"] for i in range(300)
    ]
    path = xlsx_file(rows)

    def read_again(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the window read the file itself instead of taking the early read")

    monkeypatch.setattr(import_worker, "read_org", read_again)
    window = _launched(qapp, path, monkeypatch)
    try:
        assert window.project is not None
        chart = window.project.chart
        assert chart.people_count == 300 and chart.names[299] == "Person 299"
        assert window.view.data is not None and window.view.data.chart is chart
        assert take_started(path) is None  # the early read was taken, once
        [line] = [line for line in capsys.readouterr().out.splitlines() if line.startswith("{")]
        marks = json.loads(line)
        assert marks["run_window"] <= marks["window"] <= marks["shown"] <= marks["painted"]
    finally:
        window.close()
        window.deleteLater()


def test_a_file_with_a_far_cell_named_on_the_command_line_shows_its_people_and_the_note(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The early read takes the first sheet unchecked while the window checks it: a stray cell
    in Excel's last row stops that read, and the window imports the file the careful way."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "People"
    sheet.append(["Employee ID", "Manager ID", "Name"])
    for i in range(80):
        sheet.append([1001 + i, 1001 + (i - 1) // 5 if i else "", f"Person {i}"])
    sheet["Z1048576"] = "stray"
    path = tmp_path / "stray.xlsx"
    workbook.save(path)
    window = _launched(qapp, path, monkeypatch)
    try:
        assert window.project is not None and window.project.chart.people_count == 80
        assert window.files.last_import is not None
        [note] = window.files.last_import.report.notes
        assert note.startswith('People!Z1048576 ("stray") was left out')
    finally:
        window.close()
        window.deleteLater()


def test_the_collector_paused_for_the_start_is_back_once_the_window_runs(
    qtbot: QtBot, capsys: pytest.CaptureFixture[str]
) -> None:
    gc.disable()
    try:
        collect_once_running()
        assert not gc.isenabled()  # not before the event loop runs
        qtbot.waitUntil(gc.isenabled, timeout=5_000)
    finally:
        gc.enable()
    # A start that ends before the window runs leaves the collector as it found it.
    assert main(["--present", "nowhere"]) == 2
    assert "--present" in capsys.readouterr().err
    assert gc.isenabled()
