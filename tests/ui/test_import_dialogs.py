"""The import's dialogs: manager shares, the header row, remembered mappings, escaped texts, and
internal errors written to the log."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from pyramid_app.io import ColumnMapping, default_data_folder, preview_org, read_org
from pyramid_app.ui.dialogs.findings_dialog import FindingsDialog
from pyramid_app.ui.dialogs.mapping_dialog import MappingDialog
from pyramid_app.ui.import_worker import LOG_NAME, ImportWorker

# ManagerID numbers managers apart from employee ids; ManagerName holds real names.
TWO_MANAGER_COLUMNS = [
    ["EmployeeID", "Name", "ManagerID", "ManagerName"],
    ["1", "Ann Lee", "", ""],
    ["2", "Bob Ray", "M1", "Lee, Ann"],
    ["3", "Cy Wu", "M1", "ann lee"],
    ["4", "Di Fox", "M2", "Bob Ray"],
]


def test_the_manager_share_shows_beside_the_candidates(
    qtbot, csv_file: Callable[..., Path]
) -> None:  # type: ignore[no-untyped-def]
    dialog = MappingDialog(preview_org(csv_file(TWO_MANAGER_COLUMNS)))
    qtbot.addWidget(dialog)
    assert dialog.field_boxes["manager"].currentText() == "ManagerName"
    shares = dialog.manager_shares.text().splitlines()
    assert shares == ["ManagerID: 0 of 4 resolve", "ManagerName: 3 of 4 resolve"]
    box = dialog.field_boxes["manager"]
    tip = box.itemData(box.findText("ManagerID"), Qt.ItemDataRole.ToolTipRole)
    assert tip == "ManagerID: 0 of 4 resolve to a person"


def test_the_header_row_can_be_moved_in_the_dialog(qtbot, csv_file: Callable[..., Path]) -> None:  # type: ignore[no-untyped-def]
    rows = [["Staff list"], ["id", "boss", "who"], ["a", "", "Ann"], ["b", "a", "Bob"]]
    dialog = MappingDialog(preview_org(csv_file(rows)))
    qtbot.addWidget(dialog)
    assert dialog.header_row_box.value() == 2
    dialog.header_row_box.setValue(3)
    dialog.header_row_box.editingFinished.emit()
    assert dialog.header_row() == 3
    assert dialog.preview.headers == ["a", "column B", "Ann"]
    assert dialog.table.rowCount() == 1


def test_a_confirmed_mapping_is_proposed_next_time(
    qtbot, csv_file: Callable[..., Path], tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    rows = [["code", "boss", "who"], ["a", "", "Ann"], ["b", "a", "Bob"]]
    first = MappingDialog(preview_org(csv_file(rows)), memory_folder=tmp_path)
    qtbot.addWidget(first)
    first.field_boxes["id"].setCurrentText("code")
    first.field_boxes["name"].setCurrentText("who")
    first.accept()
    # Next month's export: same header layout, other people.
    later = csv_file([["Code", "Boss", "Who"], ["x", "", "Xi"]], name="later.csv")
    again = MappingDialog(preview_org(later), memory_folder=tmp_path)
    qtbot.addWidget(again)
    assert again.mapping() == ColumnMapping(id=0, manager=1, name=2)
    assert "as you chose them last time" in again.header_note.text()


def test_the_findings_dialog_escapes_html_from_the_file(
    qtbot, csv_file: Callable[..., Path]
) -> None:  # type: ignore[no-untyped-def]
    path = csv_file(
        [["id", "manager", "name"], ["1", "", "<b>Ann</b>"], ["2", "<img src=x>", "Bob"]],
        name="<b>org.csv",
    )
    dialog = FindingsDialog(read_org(path))
    qtbot.addWidget(dialog)
    [label] = dialog.findChildren(QLabel)
    assert "&lt;b&gt;org.csv" in label.text()
    assert "1 data problem was repaired" in label.text()
    assert dialog.table.item(0, 2).text().startswith('manager "<img src=x>" of Bob (2)')


def test_an_internal_error_in_the_import_is_logged_with_its_traceback(
    qtbot, csv_file: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    import pyramid_app.ui.import_worker as import_worker

    def broken_reader(*_args: object, **_kwargs: object) -> None:
        raise KeyError("a bug in the importer")

    # The reader has no known bug left to trigger, so one is put in its place.
    monkeypatch.setattr(import_worker, "read_org", broken_reader)
    worker = ImportWorker(csv_file([["id"], ["1"]]))
    with qtbot.waitSignal(worker.failed, timeout=10_000) as failed:
        worker.start()
    worker.wait()
    [message] = failed.args
    log = default_data_folder() / "logs" / LOG_NAME
    assert "internal error (KeyError: 'a bug in the importer')" in message
    assert str(log) in message
    text = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text
    assert "KeyError: 'a bug in the importer'" in text
    assert "broken_reader" in text
