"""What the window says when a file cannot be opened, and what an empty window offers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from pyramid_app.ui.main_window import MainWindow

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
# No header names an id, a manager or a name: the user has to say which is which.
NO_KNOWN_COLUMNS = [
    ["Badge", "Lead", "Known as", "Post"],
    ["a1", "", "Ann", "Chief"],
    ["b2", "a1", "Bob", "Head of Rooms"],
    ["c3", "b2", "Cy", "Porter"],
]


def last_box(window: MainWindow) -> QMessageBox:
    box = window.files.message_box
    assert box is not None and box.isVisible()
    return box


def test_a_picture_is_called_a_picture_and_the_empty_window_invites_to_open(
    window: MainWindow,
    qtbot,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    empty = window.empty_view
    assert empty.isVisible() and empty.open_spreadsheet.isVisible()
    assert "File > New project from spreadsheet" in window.status.text()
    path = tmp_path / "org.xlsx"
    path.write_bytes(PNG)
    window.files.open_path(path)
    assert empty.title.text() == "Reading org.xlsx..."
    with qtbot.waitSignal(window.files.import_failed, timeout=10_000):
        pass
    box = last_box(window)
    assert "org.xlsx is a PNG picture, not a spreadsheet" in box.text()
    assert "on screen" not in box.informativeText()  # there is nothing on screen
    assert "File > New project from spreadsheet" in box.informativeText()
    box.close()
    qtbot.waitUntil(lambda: empty.title.text() == "No organisation is open")
    assert empty.isVisible()
    assert "org.xlsx could not be opened" in empty.text.text()
    assert "File > New project from spreadsheet" in window.status.text()
    # The button sits in the middle of the view and opens the file dialog.
    view = window.view.rect()
    assert view.contains(empty.geometry())
    assert abs(empty.geometry().center().x() - view.center().x()) <= 2
    qtbot.mouseClick(empty.open_spreadsheet, Qt.MouseButton.LeftButton)
    dialog = window.files.file_dialog
    assert isinstance(dialog, QFileDialog) and dialog.isVisible()
    assert dialog.windowTitle() == "Open an org chart"
    dialog.reject()


def test_with_an_organisation_on_screen_the_message_says_it_is_unchanged(
    shown_small: MainWindow,
    qtbot,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    window = shown_small
    assert not window.empty_view.isVisible()
    path = tmp_path / "letter.csv"
    path.write_text("Dear all,\nthe new chart follows next week.\nAnn\n", encoding="utf-8")
    with qtbot.waitSignal(window.files.import_failed, timeout=10_000):
        window.files.open_path(path)
    box = last_box(window)
    assert "letter.csv is a text file, not a spreadsheet" in box.text()
    assert box.informativeText() == "The organisation on screen has not changed."
    assert not window.empty_view.isVisible()
    assert len(window.chart) == 7


def test_no_id_column_opens_the_mapping_dialog_instead_of_failing(
    window: MainWindow, qtbot, csv_file: Callable[..., Path]
) -> None:  # type: ignore[no-untyped-def]
    path = csv_file(NO_KNOWN_COLUMNS, name="staff.csv")
    failures: list[str] = []
    window.files.import_failed.connect(failures.append)
    window.files.open_path(path)
    qtbot.waitUntil(
        lambda: window.files.mapping_dialog is not None and window.files.mapping_dialog.isVisible(),
        timeout=10_000,
    )
    dialog = window.files.mapping_dialog
    assert not failures
    assert window.files.message_box is None  # no error box, no advice about --id
    assert dialog.note.isVisible() and "staff.csv" in dialog.note.text()
    assert "--id" not in dialog.note.text()
    dialog.field_boxes["id"].setCurrentText("Badge")
    dialog.field_boxes["manager"].setCurrentText("Lead")
    dialog.field_boxes["name"].setCurrentText("Known as")
    with qtbot.waitSignal(window.chart_shown, timeout=10_000):
        dialog.accept()
    assert window.chart.ids == ["a1", "b2", "c3"]
    assert window.chart.parent.tolist() == [-1, 0, 1]
    assert window.settings.value("recent_files") == [str(path)]
    assert not window.empty_view.isVisible()


def test_an_update_without_an_id_column_asks_for_the_columns_too(
    shown_small: MainWindow, qtbot, csv_file: Callable[..., Path]
) -> None:  # type: ignore[no-untyped-def]
    window = shown_small
    path = csv_file(NO_KNOWN_COLUMNS, name="newer.csv")
    window.files.update_from(path)
    qtbot.waitUntil(
        lambda: window.files.mapping_dialog is not None and window.files.mapping_dialog.isVisible(),
        timeout=10_000,
    )
    dialog = window.files.mapping_dialog
    dialog.field_boxes["id"].setCurrentText("Badge")
    dialog.field_boxes["manager"].setCurrentText("Lead")
    dialog.accept()
    qtbot.waitUntil(lambda: window.files.update_dialog is not None, timeout=10_000)
    assert window.files.update_dialog.isVisible()
