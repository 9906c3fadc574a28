"""On a 1366x768 laptop the commitment being written shows whole in the Details dock: choosing
or making one brings all of its form into view, without the planner scrolling."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QPoint, QSettings
from pytestqt.qtbot import QtBot

from pyramid_app.io.demo import demo_project
from pyramid_app.ui.main_window import MainWindow


def _form_whole(window: MainWindow) -> bool:
    """The editor lies wholly inside the Details dock's scrolled viewport."""
    editor, viewport = window.commitments_panel.editor, window.details.page.viewport()
    top = editor.mapTo(viewport, QPoint(0, 0)).y()
    return editor.isVisible() and top >= 0 and top + editor.height() <= viewport.height()


def test_a_new_commitments_form_shows_whole_at_1366x768(qtbot: QtBot, tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings, data_folder=tmp_path)
    qtbot.addWidget(window)
    window.files.show_project(demo_project(today=dt.date(2026, 12, 6)))
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.select_person("HL0156")  # three commitments above the form already
    editor = window.commitments_panel.editor
    assert editor.height() < window.details.page.viewport().height()  # it can fit
    bar = window.details.page.verticalScrollBar()
    with qtbot.waitSignal(window.project_edited):
        window.commitments_panel.new_action.trigger()
    # The page outgrew the dock (the form opened under the list), and was scrolled to the form.
    qtbot.waitUntil(lambda: bar.maximum() > 0 and _form_whole(window))
    # Choosing another commitment in the list brings its form back into view too.
    bar.setValue(0)
    assert not _form_whole(window)
    window.commitments_panel.list.setCurrentRow(0)
    qtbot.waitUntil(lambda: _form_whole(window))
