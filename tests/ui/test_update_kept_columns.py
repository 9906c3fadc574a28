"""File > Update organisation reads a newer export with the columns the project was imported
with, as `pyramid-app project update` does, and asks for the columns when one is missing."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog

from pyramid_app.io.spreadsheet.kept_columns import KeptColumns
from pyramid_app.model.commands import add_commitment
from pyramid_app.ui.dialogs.mapping_dialog import MappingDialog
from pyramid_app.ui.dialogs.update_dialog import UpdateDialog
from pyramid_app.ui.import_worker import ImportWorker
from pyramid_app.ui.main_window import MainWindow

# "Employee ID" is what the importer proposes as the person id; this company's managers are
# named by badge, so the planner chose "Badge" in the mapping dialog when importing.
HEADERS = ["Employee ID", "Badge", "Manager Badge", "Name", "Title"]
PEOPLE = [
    ["1001", "BX-7", "", "Ann Adams", "General Manager"],
    ["1002", "BX-3", "BX-7", "Bob Baker", "Front Office Manager"],
    ["1003", "BX-9", "BX-7", "Cy Cole", "Head Chef"],
    ["1004", "BX-1", "BX-3", "Di Dunn", "Receptionist"],
    ["1005", "BX-4", "BX-3", "Ed Eng", "Receptionist"],
    ["1006", "BX-6", "BX-9", "Gil Gray", "Cook"],
]


def action(window: MainWindow, text: str) -> QAction:
    (found,) = [a for a in window.findChildren(QAction) if a.text() == text]
    return found


def choose_file(window: MainWindow, qtbot, path: Path) -> None:  # type: ignore[no-untyped-def]
    """Pick ``path`` in the file dialog the last action opened, as the user would."""
    qtbot.waitUntil(
        lambda: window.files.file_dialog is not None and window.files.file_dialog.isVisible()
    )
    dialog = window.files.file_dialog
    assert isinstance(dialog, QFileDialog)
    dialog.selectFile(str(path))
    dialog.accept()


def mapping_dialog(window: MainWindow, qtbot) -> MappingDialog:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(
        lambda: window.files.mapping_dialog is not None and window.files.mapping_dialog.isVisible(),
        timeout=10_000,
    )
    dialog = window.files.mapping_dialog
    assert dialog is not None
    return dialog


def update_dialog(window: MainWindow, qtbot) -> UpdateDialog:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(
        lambda: window.files.update_dialog is not None and window.files.update_dialog.isVisible(),
        timeout=10_000,
    )
    dialog = window.files.update_dialog
    assert dialog is not None
    return dialog


def tabs(dialog: UpdateDialog) -> list[str]:
    return [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]


def imported_by_badge(window: MainWindow, qtbot, xlsx_file: Callable[..., Path]) -> None:  # type: ignore[no-untyped-def]
    """File > New project from spreadsheet, the id column changed to "Badge", one commitment."""
    first = xlsx_file(sheets={"Staff": [HEADERS, *PEOPLE]}, name="hr_january.xlsx")
    action(window, "&New project from spreadsheet...").trigger()
    choose_file(window, qtbot, first)
    dialog = mapping_dialog(window, qtbot)
    assert dialog.field_boxes["id"].currentText() == "Employee ID"  # the importer's guess
    dialog.field_boxes["id"].setCurrentText("Badge")
    dialog.field_boxes["manager"].setCurrentText("Manager Badge")
    with qtbot.waitSignal(window.chart_shown, timeout=10_000):
        dialog.accept()
    project = window.project
    assert project is not None
    assert sorted(project.chart.ids) == ["BX-1", "BX-3", "BX-4", "BX-6", "BX-7", "BX-9"]
    assert window.push(add_commitment(project, "BX-3", "Ask each receptionist what slows them"))


def newer_export(xlsx_file: Callable[..., Path], headers: Sequence[Any]) -> Path:
    """February's export: Hal joins under Cy; the rest as in January."""
    rows = [*PEOPLE, ["1007", "BX-8", "BX-9", "Hal Hart", "Cook"]]
    return xlsx_file(sheets={"Staff": [list(headers), *rows]}, name="hr_february.xlsx")


def test_an_update_reads_the_id_column_the_project_was_imported_with(
    window: MainWindow, qtbot, xlsx_file: Callable[..., Path]
) -> None:  # type: ignore[no-untyped-def]
    imported_by_badge(window, qtbot, xlsx_file)
    project = window.project
    assert project is not None
    newer = newer_export(xlsx_file, HEADERS)

    action(window, "&Update organisation from spreadsheet...").trigger()
    choose_file(window, qtbot, newer)
    dialog = update_dialog(window, qtbot)
    # Only the real change: no one left and came back under another id, nothing flagged.
    assert tabs(dialog) == [
        "Joiners (1)",
        "Leavers (0)",
        "Moves (0)",
        "Changed details (0)",
        "Flagged commitments (0)",
    ]
    assert window.files.mapping_dialog is not None
    assert not window.files.mapping_dialog.isVisible()  # nothing asked: the columns were kept
    with qtbot.waitSignal(window.project_edited, timeout=5000):
        dialog.apply_button.click()
    assert sorted(project.chart.ids) == ["BX-1", "BX-3", "BX-4", "BX-6", "BX-7", "BX-8", "BX-9"]
    assert project.source.file_name == "hr_february.xlsx"
    assert project.source.mapping["id"] == "Badge"
    assert [c.manager_id for c in project.plan] == ["BX-3"]
    assert project.display_name("BX-8") == "Hal Hart"


def test_a_newer_file_without_a_kept_column_asks_for_the_columns_and_says_which(
    window: MainWindow, qtbot, xlsx_file: Callable[..., Path]
) -> None:  # type: ignore[no-untyped-def]
    imported_by_badge(window, qtbot, xlsx_file)
    project = window.project
    assert project is not None
    renamed = ["Employee ID", "Badge No", "Manager Badge", "Name", "Title"]
    newer = newer_export(xlsx_file, renamed)
    window.files.mapping_dialog = None

    action(window, "&Update organisation from spreadsheet...").trigger()
    choose_file(window, qtbot, newer)
    dialog = mapping_dialog(window, qtbot)
    assert window.files.update_dialog is None
    note = dialog.note.text()
    assert dialog.note.isVisible()
    assert 'hr_february.xlsx has no column "Badge" (person id)' in note
    # The kept columns the file still has are proposed; the missing one is the user's choice.
    assert dialog.field_boxes["manager"].currentText() == "Manager Badge"
    assert dialog.field_boxes["name"].currentText() == "Name"
    dialog.field_boxes["id"].setCurrentText("Badge No")
    dialog.accept()
    update = update_dialog(window, qtbot)
    assert tabs(update)[:2] == ["Joiners (1)", "Leavers (0)"]
    with qtbot.waitSignal(window.project_edited, timeout=5000):
        update.apply_button.click()
    assert project.has_person("BX-8")
    assert project.source.mapping["id"] == "Badge No"  # the next update reads this column


# A summary block on top names more known fields than the staff list's own header on row 5,
# so the search for the header stops at row 1; at the import the planner set the header row.
SUMMARY_ABOVE = [
    ["Employee ID", "Manager ID", "Name"],
    ["total", "", "3 people"],
    [],
    [],
    ["Badge", "Boss", "Name"],
    ["a1", "", "Ann"],
    ["b2", "a1", "Bob"],
    ["c3", "a1", "Cy"],
]


def run_worker(worker: ImportWorker, signal: Any, qtbot) -> list[Any]:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(signal, timeout=10_000) as blocker:
        worker.start()
    worker.wait()
    return list(blocker.args)


def test_the_kept_header_row_is_tried_when_the_search_finds_another(
    xlsx_file: Callable[..., Path], qtbot
) -> None:  # type: ignore[no-untyped-def]
    path = xlsx_file(SUMMARY_ABOVE, name="staff.xlsx")
    kept = KeptColumns({"id": "Badge", "manager": "Boss", "name": "Name"}, "Sheet1", 5)
    worker = ImportWorker(path, kept=kept)
    (result,) = run_worker(worker, worker.imported, qtbot)
    assert result.header_row == 5
    assert result.chart.ids == ["a1", "b2", "c3"]

    # Neither header has the column: the one found by searching is what the user is shown.
    lost = KeptColumns({"id": "Badge No", "manager": "Boss"}, "Sheet1", 5)
    worker = ImportWorker(path, kept=lost)
    (error,) = run_worker(worker, worker.columns_missing, qtbot)
    assert (error.header_row, error.missing) == (1, {"id": "Badge No", "manager": "Boss"})
