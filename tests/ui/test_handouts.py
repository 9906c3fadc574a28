"""File > Export handouts... in the window, offscreen: the dialog, the writing, Cancel."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from pyramid_app.io.demo import demo_project
from pyramid_app.model.handout_choice import ChoiceKind, HandoutChoice, chosen_managers
from pyramid_app.model.org import OrgChart
from pyramid_app.model.plan import Commitment, Plan, ProgressNote
from pyramid_app.model.project import OrgSource, Project
from pyramid_app.ui.dialogs.handouts_dialog import HandoutFiles, HandoutsDialog
from pyramid_app.ui.main_window import MainWindow
from pyramid_app.ui.paper.handout_writer import HandoutReport, write_handouts

TODAY = dt.date(2026, 12, 6)


@pytest.fixture
def demo_window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings, data_folder=tmp_path / "data")
    qtbot.addWidget(window)
    window.files.show_project(demo_project(today=TODAY))
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    return window


def handouts(window: MainWindow) -> HandoutFiles:
    return window.handouts  # type: ignore[no-any-return]


def menu_action(window: MainWindow) -> QAction:
    file_menu = next(
        a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "File"
    )
    texts = [a.text() for a in file_menu.actions()]  # type: ignore[union-attr]
    assert texts.index("Export &handouts...") == texts.index("Import plan &updates...") + 1
    return next(a for a in file_menu.actions() if a.text() == "Export &handouts...")  # type: ignore[union-attr]


def opened_dialog(window: MainWindow, qtbot: QtBot) -> HandoutsDialog:
    menu_action(window).trigger()
    dialog = handouts(window).dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def pdf_text(path: Path) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext (poppler-utils) is not installed, so the PDF cannot be read back")
    return subprocess.run([tool, str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_the_menu_entry_waits_for_a_project(qtbot: QtBot, tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings, data_folder=tmp_path / "data")
    qtbot.addWidget(window)
    assert not menu_action(window).isEnabled()
    window.files.show_project(demo_project(today=TODAY))
    assert menu_action(window).isEnabled()


def test_the_dialog_counts_the_choice_and_says_why_nobody(
    demo_window: MainWindow, qtbot: QtBot
) -> None:
    dialog = opened_dialog(demo_window, qtbot)
    export = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert dialog.count.text() == "86 managers chosen." and export.isEnabled()
    dialog.department.setCurrentText("Housekeeping")  # picking a value picks its row
    assert dialog.radios[ChoiceKind.DEPARTMENT].isChecked()
    assert dialog.count.text() == "11 managers chosen."
    qtbot.keyClicks(dialog.ids, "HL0001, NOPE")
    assert dialog.radios[ChoiceKind.IDS].isChecked()
    assert dialog.count.text() == "No handouts: nobody has the id NOPE."
    assert not export.isEnabled()
    dialog.radios[ChoiceKind.LEVEL].setChecked(True)
    assert dialog.count.text() == "1 manager chosen." and export.isEnabled()  # level 0


def test_the_selected_manager_s_team_is_offered(demo_window: MainWindow, qtbot: QtBot) -> None:
    demo_window.select_person("HL0043")
    dialog = opened_dialog(demo_window, qtbot)
    assert dialog.radios[ChoiceKind.TEAM].isChecked() and dialog.team.text() == "HL0043"
    assert dialog.count.text() == (
        "9 managers chosen: Camille Ndlovu and every manager under them."
    )


def test_export_writes_one_pdf_and_offers_to_open_it(
    demo_window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    files = handouts(demo_window)
    target = tmp_path / "out" / "team.pdf"
    target.parent.mkdir()
    asked: list[bool] = []
    files.choose = lambda each, _folder: asked.append(each) or target  # type: ignore[func-returns-value]
    opened: list[str] = []
    files.open_url = lambda url: opened.append(url.toLocalFile())
    dialog = opened_dialog(demo_window, qtbot)
    dialog.department.setCurrentText("Sales & Marketing")
    names = [demo_window.project.chart.names[node] for node in dialog.managers]  # type: ignore[union-attr]
    with qtbot.waitSignal(files.written, timeout=20_000) as written:
        qtbot.mouseClick(
            dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
        )
    assert asked == [False]
    report = written.args[0]
    assert report.files == [target] and len(report.pages) == len(names)
    assert all(1 <= pages <= 2 for pages in report.pages.values())
    text = pdf_text(target)
    assert all(name in text for name in names)
    assert sorted(p.name for p in target.parent.iterdir()) == ["team.pdf"]  # no temporary left
    box = files.message_box
    assert isinstance(box, QMessageBox) and "Saved" in box.text()
    open_file = next(b for b in box.buttons() if b.text() == "Open file")
    open_file.click()
    assert opened == [str(target)]


def test_one_file_per_manager_into_a_folder(
    demo_window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    files = handouts(demo_window)
    folder = tmp_path / "mail"
    files.choose = lambda _each, _folder: folder
    dialog = opened_dialog(demo_window, qtbot)
    dialog.location.setCurrentText("Valencia")
    dialog.each.setCurrentIndex(1)
    with qtbot.waitSignal(files.written, timeout=20_000) as written:
        dialog.accept()
    report = written.args[0]
    assert len(report.files) == len(dialog.managers) > 1
    assert sorted(folder.iterdir()) == sorted(report.files)


def test_cancel_leaves_no_half_file(demo_window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    files = handouts(demo_window)
    target = tmp_path / "all.pdf"
    project = demo_window.project
    assert project is not None
    managers = chosen_managers(project.chart, HandoutChoice()).tolist()
    with qtbot.waitSignal(files.cancelled, timeout=20_000):
        files.write(managers, target, today=TODAY)
        progress = files.progress
        assert progress is not None
        qtbot.waitUntil(lambda: progress.value() >= 3)
        assert progress.value() < len(managers)
        cancel = next(b for b in progress.findChildren(QPushButton) if b.text() == "Cancel")
        cancel.click()
    assert not files.busy and files.progress is None
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".pdf"] == []
    # The window goes on: another pack can be written at once.
    with qtbot.waitSignal(files.written, timeout=20_000):
        files.write(managers[:2], target, today=TODAY)
    assert target.exists()


def test_an_unwritable_place_says_why(
    demo_window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    files = handouts(demo_window)
    with qtbot.waitSignal(files.failed, timeout=20_000) as failed:
        files.write([0], tmp_path / "missing" / "x.pdf", today=TODAY)
    assert "the folder" in failed.args[0] and "does not exist" in failed.args[0]
    box = files.message_box
    assert isinstance(box, QWidget) and box.isVisible()


def test_a_long_plan_takes_two_pages_and_says_what_did_not_fit(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Forty long commitments: two pages, every line whole, and a count of the rest."""
    chart = OrgChart.from_parents(
        ["A", "B", "C"], [-1, 0, 0], ["Ann Archer-Longname " * 3, "Bob Baker", "Cy Cole"]
    )
    words = "Meet every report for thirty minutes each fortnight to remove one obstacle "
    plan = Plan(
        {
            f"C-{n:04d}": Commitment(
                f"C-{n:04d}",
                "A",
                f"{n}. {words * 3}",
                measure="meetings held / planned " * 4,
                notes=(ProgressNote(TODAY, "going well " * 30),),
            )
            for n in range(1, 41)
        },
        next_number=41,
    )
    project = Project(chart, OrgSource("t.xlsx"), plan=plan, name="Long plan")
    report = HandoutReport()
    target = tmp_path / "long.pdf"
    for _step in write_handouts(project, [0], TODAY, target, report=report):
        pass
    assert report.pages == {"A": 2}
    text = " ".join(pdf_text(target).split())
    shown = [n for n in range(1, 41) if f" {n}. Meet every report" in f" {text}"]
    assert shown == list(range(1, len(shown) + 1)) and 2 < len(shown) < 40
    assert f"and {40 - len(shown)} more commitments; the action plan has them all" in text
    # The gaps and the customers' needs keep their place, and there is room to write.
    assert "Gaps in your team" in text and "What the customers your front line" in text
    assert "Notes" in text
