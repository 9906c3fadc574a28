"""File > Export deck... in the window, offscreen: the menu entry, the dialog, the writing."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from pptx import Presentation
from PySide6.QtCore import QPoint, QSettings, Qt, QUrl
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QCheckBox, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from pyramid_app.io.deck.choice import SlideKind
from pyramid_app.io.deck.writer import DeckReport
from pyramid_app.io.demo import demo_project
from pyramid_app.model.audience import hide_columns
from pyramid_app.model.targets import Targets
from pyramid_app.ui.dialogs.deck_dialog import DeckDialog, DeckFiles
from pyramid_app.ui.main_window import MainWindow

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


def deck_files(window: MainWindow) -> DeckFiles:
    return window.deck  # type: ignore[no-any-return]


def menu_action(window: MainWindow) -> QAction:
    file_menu = next(
        a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "File"
    )
    actions = file_menu.actions()  # type: ignore[union-attr]
    texts = [a.text() for a in actions]
    assert texts.index("Export dec&k...") == texts.index("Export &handouts...") + 1
    return actions[texts.index("Export dec&k...")]


def opened_dialog(window: MainWindow, qtbot: QtBot) -> DeckDialog:
    menu_action(window).trigger()
    dialog = deck_files(window).dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def tick(qtbot: QtBot, box: QCheckBox) -> None:
    """Click a check box on its square (a long row's middle can be past its text)."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def export(dialog: DeckDialog, files: DeckFiles, qtbot: QtBot, signal: str = "written") -> object:
    with qtbot.waitSignal(getattr(files, signal), timeout=30_000) as blocker:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: files.worker is None)
    return blocker.args[0]


def test_the_menu_entry_waits_for_a_project(qtbot: QtBot, tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings, data_folder=tmp_path / "data")
    qtbot.addWidget(window)
    assert not menu_action(window).isEnabled()
    window.files.show_project(demo_project(today=TODAY))
    assert menu_action(window).isEnabled()


def test_the_dialog_offers_every_slide(demo_window: MainWindow, qtbot: QtBot) -> None:
    dialog = opened_dialog(demo_window, qtbot)
    assert list(dialog.boxes) == list(SlideKind)
    assert all(box.isChecked() and box.isEnabled() for box in dialog.boxes.values())
    assert "(6 slides)" in dialog.boxes[SlideKind.SEGMENTS].text()
    assert dialog.path.text().endswith("Harbourlight Hotels (demo) deck.pptx")
    assert dialog.export_button.isEnabled()
    for box in dialog.boxes.values():
        tick(qtbot, box)
    assert dialog.slides() == () and not dialog.export_button.isEnabled()
    tick(qtbot, dialog.boxes[SlideKind.GAPS])
    assert dialog.slides() == (SlideKind.GAPS,) and dialog.export_button.isEnabled()
    dialog.path.clear()
    assert not dialog.export_button.isEnabled()
    dialog.choose = lambda _parent, proposed: proposed.with_name("chosen")
    qtbot.mouseClick(dialog.browse, Qt.MouseButton.LeftButton)
    assert dialog.path.text() == str(Path.home() / "chosen.pptx")
    dialog.reject()


def test_without_targets_there_is_no_progress_slide_to_choose(
    demo_window: MainWindow, qtbot: QtBot
) -> None:
    project = demo_project(today=TODAY)
    project.targets = Targets()
    demo_window.files.show_project(project)
    dialog = opened_dialog(demo_window, qtbot)
    box = dialog.boxes[SlideKind.PROGRESS]
    assert not box.isEnabled() and not box.isChecked()
    assert "no targets" in box.toolTip()
    dialog.reject()


def test_export_writes_the_deck_and_says_so(
    demo_window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    files = deck_files(demo_window)
    opened: list[QUrl] = []
    files.open_url = opened.append
    dialog = opened_dialog(demo_window, qtbot)
    for kind in (SlideKind.COMMITMENTS, SlideKind.SEGMENTS):
        tick(qtbot, dialog.boxes[kind])
    target = tmp_path / "out" / "steering"
    target.parent.mkdir()
    dialog.path.setText(str(target))
    report = export(dialog, files, qtbot)
    assert isinstance(report, DeckReport)
    written = target.with_name("steering.pptx")
    assert report.path == written and written.is_file()
    assert report.slides == ["title", "pyramid", "coverage", "gaps", "progress"]
    deck = Presentation(str(written))
    assert deck.slides[0].shapes.title.text_frame.text == "Harbourlight Hotels (demo)"
    assert any(shape.shape_type == 13 for shape in deck.slides[1].shapes)  # the pyramid
    assert QApplication.overrideCursor() is None  # the wait cursor is gone
    assert "Saved the deck, 5 slides" in demo_window.statusBar().currentMessage()
    box = files.message_box
    assert box is not None and box.isVisible()
    assert box.text() == "Saved steering.pptx: 5 slides (title, pyramid, coverage, gaps, progress)."
    open_file = next(b for b in box.findChildren(QPushButton) if b.text() == "Open file")
    qtbot.mouseClick(open_file, Qt.MouseButton.LeftButton)
    assert opened == [QUrl.fromLocalFile(str(written))]
    settings = demo_window.context.settings
    assert settings.value("last_folder") == str(written.parent)


def test_hidden_columns_stay_out_of_the_windows_deck(
    demo_window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    project = demo_window.context.project
    assert project is not None
    assert demo_window.context.push(hide_columns(project, ["Email"]))
    files = deck_files(demo_window)
    dialog = opened_dialog(demo_window, qtbot)
    dialog.path.setText(str(tmp_path / "hidden.pptx"))
    export(dialog, files, qtbot)
    emails = [email.encode() for email in project.chart.emails if email]
    with zipfile.ZipFile(tmp_path / "hidden.pptx") as package:
        for name in package.namelist():
            data = package.read(name)
            assert not any(email in data for email in emails), name


def test_a_deck_that_cannot_be_written_says_why(
    demo_window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    files = deck_files(demo_window)
    dialog = opened_dialog(demo_window, qtbot)
    dialog.path.setText(str(tmp_path / "no such folder" / "deck.pptx"))
    message = export(dialog, files, qtbot, signal="failed")
    assert isinstance(message, str) and "does not exist" in message
    box = files.message_box
    assert box is not None and box.icon() is QMessageBox.Icon.Warning
    assert box.text() == message
    assert QApplication.overrideCursor() is None
    box.close()
