"""The Targets tab of View > Targets and results: set a target from the bar, change its value,
direction and date in their cells, remove it with Delete; every edit one undo step, saved in
the project file; and the table follows edits made elsewhere."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel, QLineEdit, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from targets_window import (
    column_texts,
    demo_file,
    edit_cell,
    menu_action,
    open_window,
    project_of,
    show_dock,
)

from pyramid_app.io.project.file import ProjectFile
from pyramid_app.model.target_commands import remove_target, set_target
from pyramid_app.model.targets import Measure
from pyramid_app.model.units import WHOLE_ORGANISATION, Unit, UnitKind
from pyramid_app.ui.plan.plan_table_due import DueEdit
from pyramid_app.ui.plan.targets_table import Col, TargetsTable
from pyramid_app.ui.plan.unit_choices import unit_text
from pyramid_app.ui.workspaces import Workspace

LISBON = Unit(UnitKind.LOCATION, "Lisbon")
HOUSEKEEPING = Unit(UnitKind.DEPARTMENT, "Housekeeping")


def targets_table(window) -> TargetsTable:  # type: ignore[no-untyped-def]
    part = show_dock(window)
    part.tabs.setCurrentWidget(part.targets)
    return part.targets


def row_of(table: TargetsTable, measure: str, unit: Unit) -> int:
    row = table.model.row_of(measure, unit)
    assert row is not None, (measure, unit)
    return row


def take_failure(window) -> str:  # type: ignore[no-untyped-def]
    box = window.edit_failure_box
    assert isinstance(box, QMessageBox)
    text = box.text()
    box.close()
    window.context.edit_failure_box = None
    return text


def test_view_menu_shows_every_target_of_the_project(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_window(qtbot, tmp_path, demo_file(tmp_path))
    action = menu_action(window, "View", "Targets and results")
    assert action.shortcut().toString() == "Ctrl+Shift+T"
    assert window.targets_and_results.dock.objectName() == "targets"
    table = targets_table(window)
    project = project_of(window)
    assert table.model.rowCount() == len(project.targets) > 0
    assert column_texts(table.table, Col.MEASURE) == [t.title for t in project.targets]
    lisbon = row_of(table, "Complaints per 1,000 stays", LISBON)
    assert table.model.index(lisbon, Col.UNIT).data() == "Location: Lisbon"
    assert table.model.index(lisbon, Col.DIRECTION).data() == "lower is better"
    served = row_of(table, Measure.FRONT_LINE_SERVED, WHOLE_ORGANISATION)
    expected = f"{project.targets.get(Measure.FRONT_LINE_SERVED, WHOLE_ORGANISATION).value:.0%}"  # type: ignore[union-attr]
    assert table.model.index(served, Col.VALUE).data() == expected
    assert window.targets_and_results.tabs.tabText(0) == f"Targets ({len(project.targets)})"


def test_a_target_set_from_the_bar_is_one_undo_step_saved_in_the_file(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = demo_file(tmp_path)
    window = open_window(qtbot, tmp_path, path)
    table = targets_table(window)
    project = project_of(window)
    before = len(project.targets)
    qtbot.keyClicks(table.measure_box.lineEdit(), "guest satisfaction")
    table.unit_box.setCurrentIndex(table.unit_box.findText(unit_text(HOUSEKEEPING)))
    qtbot.keyClicks(table.value_edit, "8,9")  # a decimal comma, as many planners type it
    table.by_edit.setDate(QDate(2027, 6, 30))
    with qtbot.waitSignal(window.project_edited):
        qtbot.mouseClick(table.add_button, Qt.MouseButton.LeftButton)
    target = project.targets.get("Guest satisfaction", HOUSEKEEPING)
    assert target is not None
    assert (target.value, target.by, target.lower_is_better) == (8.9, dt.date(2027, 6, 30), False)
    assert table.model.rowCount() == before + 1
    row = row_of(table, "Guest satisfaction", HOUSEKEEPING)
    assert table.current_target() == target  # the new row is selected
    assert table.model.index(row, Col.VALUE).data() == "8.9"
    assert table.value_edit.text() == ""
    assert window.undo_action.text() == "&Undo Set target for Guest satisfaction at Housekeeping"

    window.undo_action.trigger()
    assert project.targets.get("Guest satisfaction", HOUSEKEEPING) is None
    assert table.model.rowCount() == before
    window.redo_action.trigger()
    assert table.model.rowCount() == before + 1

    window.files.close_project()
    with ProjectFile.open(path)[0] as saved:
        assert saved.project is not None
        assert saved.project.targets.get("Guest satisfaction", HOUSEKEEPING) == target


def test_value_direction_and_date_change_in_their_cells(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_window(qtbot, tmp_path, demo_file(tmp_path))
    table = targets_table(window)
    project = project_of(window)
    row = row_of(table, "Guest satisfaction", LISBON)

    editor = edit_cell(qtbot, table.table, row, Col.VALUE, QLineEdit)
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "9")
    with qtbot.waitSignal(window.project_edited):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert project.targets.get("Guest satisfaction", LISBON).value == 9.0  # type: ignore[union-attr]
    assert table.model.index(row, Col.VALUE).data() == "9"
    assert window.undo_action.text() == "&Undo Change target for Guest satisfaction at Lisbon"

    combo = edit_cell(qtbot, table.table, row, Col.DIRECTION, QComboBox)
    with qtbot.waitSignal(window.project_edited):
        qtbot.keyClick(combo, Qt.Key.Key_Down)  # the next choice is the edit
    assert project.targets.get("Guest satisfaction", LISBON).lower_is_better  # type: ignore[union-attr]
    assert table.model.index(row, Col.DIRECTION).data() == "lower is better"

    date_edit = edit_cell(qtbot, table.table, row, Col.BY, DueEdit)
    qtbot.keyClick(date_edit, Qt.Key.Key_Delete)  # no date
    with qtbot.waitSignal(window.project_edited):
        qtbot.keyClick(date_edit, Qt.Key.Key_Return)
    assert project.targets.get("Guest satisfaction", LISBON).by is None  # type: ignore[union-attr]
    assert table.model.index(row, Col.BY).data() == ""

    # Three edits, three steps: undo takes them back one at a time.
    window.undo_action.trigger()
    assert project.targets.get("Guest satisfaction", LISBON).by == dt.date(2027, 3, 31)  # type: ignore[union-attr]
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert project.targets.get("Guest satisfaction", LISBON).value == 8.5  # type: ignore[union-attr]
    assert table.model.index(row, Col.VALUE).data() == "8.5"
    assert table.model.index(row, Col.DIRECTION).data() == "higher is better"


def test_nonsense_is_refused_with_the_reason(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_window(qtbot, tmp_path, demo_file(tmp_path))
    table = targets_table(window)
    project = project_of(window)
    row = row_of(table, Measure.FRONT_LINE_SERVED, WHOLE_ORGANISATION)
    editor = edit_cell(qtbot, table.table, row, Col.VALUE, QLineEdit)
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "150%")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.edit_failure_box is not None)  # Enter commits queued
    assert "share from 0 to 1" in take_failure(window)
    assert project.targets.get(Measure.FRONT_LINE_SERVED, WHOLE_ORGANISATION).value == 0.5  # type: ignore[union-attr]
    assert not window.undo_action.isEnabled()

    qtbot.keyClicks(table.measure_box.lineEdit(), "Happiness")
    qtbot.keyClicks(table.value_edit, "7")
    qtbot.mouseClick(table.add_button, Qt.MouseButton.LeftButton)
    text = take_failure(window)
    assert "there is no measure called 'Happiness'" in text and "guest satisfaction" in text.lower()
    assert table.value_edit.text() == "7"  # kept, to be put right

    table.measure_box.lineEdit().clear()
    qtbot.keyClicks(table.measure_box.lineEdit(), "Guest satisfaction")
    table.value_edit.clear()
    qtbot.keyClicks(table.value_edit, "lots")
    qtbot.keyClick(table.value_edit, Qt.Key.Key_Return)
    assert "'lots' is not a number" in take_failure(window)


def test_delete_removes_the_selected_target_and_undo_puts_it_back(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_window(qtbot, tmp_path, demo_file(tmp_path))
    table = targets_table(window)
    project = project_of(window)
    order = list(project.targets)
    row = row_of(table, "Complaints per 1,000 stays", LISBON)
    table.table.selectRow(row)
    table.table.setFocus()
    with qtbot.waitSignal(window.project_edited):
        qtbot.keyClick(table.table, Qt.Key.Key_Delete)
    assert project.targets.get("Complaints per 1,000 stays", LISBON) is None
    assert table.model.rowCount() == len(order) - 1
    assert (
        window.undo_action.text() == "&Undo Remove target for Complaints per 1,000 stays at Lisbon"
    )
    window.undo_action.trigger()
    assert list(project.targets) == order  # back where it was
    assert column_texts(table.table, Col.MEASURE) == [t.title for t in order]

    table.table.selectRow(0)
    with qtbot.waitSignal(window.project_edited):
        qtbot.mouseClick(table.remove_button, Qt.MouseButton.LeftButton)
    assert list(project.targets) == order[1:]


def test_the_table_follows_edits_made_elsewhere(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_window(qtbot, tmp_path, demo_file(tmp_path))
    table = targets_table(window)
    project = project_of(window)
    before = table.model.rowCount()
    assert window.push(set_target(project, "Guest satisfaction", 8.0, HOUSEKEEPING))
    row = row_of(table, "Guest satisfaction", HOUSEKEEPING)
    assert table.model.index(row, Col.VALUE).data() == "8"
    assert window.push(remove_target(project, "Guest satisfaction", HOUSEKEEPING))
    assert table.model.rowCount() == before
    assert table.model.row_of("Guest satisfaction", HOUSEKEEPING) is None


@pytest.mark.parametrize("size", [(1366, 768), (1024, 640)], ids=["1366x768", "1024x640"])
def test_in_review_the_tabs_fit_a_laptop_and_leave_the_pyramid_half(
    qtbot: QtBot, tmp_path: Path, size: tuple[int, int]
) -> None:
    window = open_window(qtbot, tmp_path, demo_file(tmp_path), size)
    window.workspaces.actions[Workspace.REVIEW].trigger()  # View > Workspace > Review
    part = window.targets_and_results
    qtbot.waitUntil(lambda: not part.dock.isHidden())
    for tab in (part.targets, part.results):
        part.show_tab(tab)
        view = window.centralWidget()
        qtbot.waitUntil(tab.isVisible)
        qtbot.waitUntil(
            lambda v=view: v.width() >= window.width() / 2 and v.height() >= window.height() / 2
        )
        assert (window.width(), window.height()) == size
        squeezed = [
            f"{type(w).__name__}: {w.width()} < {w.minimumSizeHint().width()}"
            for w in tab.findChildren(QWidget)
            if isinstance(w, QLabel | QAbstractButton | QComboBox | QLineEdit)
            and w.isVisible()
            and 0 < w.width() < w.minimumSizeHint().width()
        ]
        assert squeezed == []
        assert tab.table.height() >= 3 * tab.table.verticalHeader().defaultSectionSize()
