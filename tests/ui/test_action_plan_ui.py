"""File > Export action plan and File > Import plan updates in the window, offscreen."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox, QPushButton

from pyramid_app.io.workbook.writer import Choice
from pyramid_app.model.commands import add_commitment, edit_commitment
from pyramid_app.model.plan import Status
from pyramid_app.ui.dialogs.action_plan_preview import tab_index
from pyramid_app.ui.main_window import MainWindow


def shortcut_of(window: MainWindow, text: str) -> str:
    action = next(a for a in window.findChildren(QAction) if a.text() == text)
    return action.shortcut().toString(QKeySequence.SequenceFormat.PortableText)


def planned(window: MainWindow) -> MainWindow:
    project = window.project
    assert project is not None
    assert window.push(add_commitment(project, "A", "Monthly town hall", status="in progress"))
    assert window.push(add_commitment(project, "B", "Coach Di on upsells", serves=["D"]))
    return window


def export(window: MainWindow, path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    files = window.action_plan  # type: ignore[attr-defined]
    with qtbot.waitSignal(files.exported, timeout=30_000):
        files.export_to(path)
    qtbot.waitUntil(lambda: files.worker is None)


def button(box: QMessageBox, text: str) -> QPushButton:
    return next(b for b in box.findChildren(QPushButton) if b.text() == text)


def test_the_file_menu_and_its_shortcuts(window: MainWindow) -> None:
    assert shortcut_of(window, "Export &action plan...") == "Ctrl+Shift+E"
    assert shortcut_of(window, "Export &whole pyramid...") == "Ctrl+Alt+E"
    assert shortcut_of(window, "Import plan &updates...") == ""
    bound = [
        a.shortcut().toString(QKeySequence.SequenceFormat.PortableText)
        for a in window.findChildren(QAction)
        if not a.shortcut().isEmpty()
    ]
    assert len(bound) == len(set(bound)), "two actions share a shortcut"
    files = window.action_plan  # type: ignore[attr-defined]
    assert not files.export_action.isEnabled()  # no project yet


def test_export_writes_the_workbook_with_the_picture(
    shown_small: MainWindow,
    tmp_path: Path,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    window = planned(shown_small)
    files = window.action_plan  # type: ignore[attr-defined]
    assert files.export_action.isEnabled()
    opened: list[QUrl] = []
    files.open_url = opened.append
    path = tmp_path / "plan.xlsx"
    export(window, path, qtbot)
    with zipfile.ZipFile(path) as archive:
        media = [name for name in archive.namelist() if name.startswith("xl/media/")]
        assert len(media) == 1 and archive.read(media[0]).startswith(b"\x89PNG")
    sheet = openpyxl.load_workbook(path)["Action plan"]
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        "C-0001",
        "C-0002",
    ]
    box = files.message_box
    assert box is not None and box.isVisible()
    assert box.text().startswith("Saved plan.xlsx: 2 commitments by 2 of 3 managers")
    button(box, "Open folder").click()
    assert opened == [QUrl.fromLocalFile(str(tmp_path))]
    files.message_box.open()
    button(files.message_box, "Open file").click()
    assert opened[-1] == QUrl.fromLocalFile(str(path))


def test_an_export_that_cannot_be_written_says_why(
    shown_small: MainWindow,
    tmp_path: Path,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    window = planned(shown_small)
    files = window.action_plan  # type: ignore[attr-defined]
    with qtbot.waitSignal(files.export_failed, timeout=30_000) as failed:
        files.export_to(tmp_path / "missing" / "plan.xlsx")
    assert "does not exist" in failed.args[0]
    qtbot.waitUntil(lambda: files.worker is None)
    assert files.message_box.isVisible() and "does not exist" in files.message_box.text()


def test_import_previews_then_applies_as_one_undo_step(
    shown_small: MainWindow,
    tmp_path: Path,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    window = planned(shown_small)
    project = window.project
    assert project is not None
    path = tmp_path / "plan.xlsx"
    export(window, path, qtbot)
    window.action_plan.message_box.close()  # type: ignore[attr-defined]
    # After the export, the planner edits C-0002 in the app; a manager edits the workbook.
    assert window.push(edit_commitment(project, "C-0002", status="done"))
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Action plan"]
    headers = [cell.value for cell in sheet[1]]
    status = headers.index("Status") + 1
    sheet.cell(2, status).value = "done"  # C-0001: only the workbook changed it
    sheet.cell(3, status).value = "dropped"  # C-0002: both changed it, differently
    new = sheet.max_row + 1
    sheet.cell(new, headers.index("Manager id") + 1).value = "C"
    sheet.cell(new, headers.index("Commitment") + 1).value = "Taste every new dish with Gil"
    workbook.save(path)

    files = window.action_plan  # type: ignore[attr-defined]
    dialog = files.preview_from(path)
    assert dialog is not None and dialog.isVisible()
    titles = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert titles == ["Changed (1)", "New (1)", "Missing (0)", "Conflicts (1)", "Problems (0)"]
    changed = dialog.changed_tree.topLevelItem(0)
    assert [changed.text(i) for i in range(6)] == [
        "C-0001",
        "2",
        "Ann Archer (A)",
        "status",
        "in progress",
        "done",
    ]
    dialog.tabs.setCurrentIndex(tab_index(dialog, "Conflicts"))
    assert dialog.choices() == {"C-0002": Choice.APP}
    dialog.choose("C-0002", Choice.WORKBOOK)
    before = {c.id: c for c in project.plan}
    with qtbot.waitSignal(window.project_edited):
        dialog.apply_button.click()
    assert project.plan["C-0001"].status is Status.DONE
    assert project.plan["C-0002"].status is Status.DROPPED
    assert project.plan["C-0003"].text == "Taste every new dish with Gil"
    assert window.undo_action.text().startswith("&Undo Import plan updates from plan.xlsx")

    window.undo_stack.undo()  # one step takes all of it back
    assert {c.id: c for c in project.plan} == before


def test_a_workbook_that_is_not_a_plan_is_refused_with_a_message(
    shown_small: MainWindow, small_org: Path
) -> None:
    files = shown_small.action_plan  # type: ignore[attr-defined]
    assert files.preview_from(small_org) is None
    box = files.message_box
    assert box is not None and box.isVisible()
    assert "not a Pyramid Planner action plan" in box.text()


def test_nothing_to_apply_leaves_apply_disabled(
    shown_small: MainWindow,
    tmp_path: Path,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    window = planned(shown_small)
    path = tmp_path / "plan.xlsx"
    export(window, path, qtbot)
    dialog = window.action_plan.preview_from(path)  # type: ignore[attr-defined]
    assert dialog is not None and not dialog.apply_button.isEnabled()
    dialog.reject()
