"""The Results tab of View > Targets and results: the client's results filtered by measure and
unit, a result typed in the bar (a month, a week or a day, read by the model's parser), a value
corrected in its cell, a result removed with Delete; each one undo step, saved in the file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot
from targets_window import column_texts, demo_file, edit_cell, open_window, project_of, show_dock

from pyramid_app.io.project.file import ProjectFile
from pyramid_app.model.result_commands import set_result
from pyramid_app.model.results import Period, PeriodKind, ResultKey
from pyramid_app.model.units import Unit, UnitKind
from pyramid_app.ui.plan.results_table import Col, ResultsTable
from pyramid_app.ui.plan.unit_choices import unit_text

LISBON = Unit(UnitKind.LOCATION, "Lisbon")
SATISFACTION = "Guest satisfaction"


def results_table(qtbot: QtBot, window) -> ResultsTable:  # type: ignore[no-untyped-def]
    """View > Targets and results, then a click on its Results tab."""
    part = show_dock(window)
    bar = part.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())
    assert part.tabs.currentWidget() is part.results
    return part.results


def take_failure(window) -> str:  # type: ignore[no-untyped-def]
    box = window.edit_failure_box
    assert isinstance(box, QMessageBox)
    text = box.text()
    box.close()
    window.context.edit_failure_box = None
    return text


def type_result(qtbot: QtBot, table: ResultsTable, period: str, unit: Unit, value: str) -> None:
    table.period_edit.clear()
    qtbot.keyClicks(table.period_edit, period)
    table.unit_box.setCurrentIndex(table.unit_box.findText(unit_text(unit)))
    table.measure_box.lineEdit().clear()
    qtbot.keyClicks(table.measure_box.lineEdit(), SATISFACTION)
    table.value_edit.clear()
    qtbot.keyClicks(table.value_edit, value)


def test_results_are_listed_newest_first_and_filtered(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_window(qtbot, tmp_path, demo_file(tmp_path))
    table = results_table(qtbot, window)
    project = project_of(window)
    results = list(project.results)
    assert table.model.rowCount() == len(results) > 0
    periods = column_texts(table.table, Col.PERIOD)
    assert periods[0] == max(r.period for r in results).text
    assert periods == sorted(periods, reverse=True)
    assert window.targets_and_results.tabs.tabText(1) == f"Results ({len(results)})"

    table.measure_filter.setCurrentIndex(table.measure_filter.findText(SATISFACTION))
    wanted = [r for r in results if r.measure == SATISFACTION]
    assert table.model.rowCount() == len(wanted) < len(results)
    assert set(column_texts(table.table, Col.MEASURE)) == {SATISFACTION}
    table.unit_filter.setCurrentIndex(table.unit_filter.findText("Location: Lisbon"))
    wanted = [r for r in wanted if r.unit == LISBON]
    assert column_texts(table.table, Col.VALUE) == [
        f"{r.value:.6g}" for r in sorted(wanted, key=lambda r: r.period, reverse=True)
    ]
    assert table.count.text() == f"{len(wanted)} of {len(results)} results"
    table.measure_filter.setCurrentIndex(0)
    table.unit_filter.setCurrentIndex(0)
    assert table.model.rowCount() == len(results)


def test_a_result_typed_in_the_bar_is_one_undo_step_saved_in_the_file(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = demo_file(tmp_path)
    window = open_window(qtbot, tmp_path, path)
    table = results_table(qtbot, window)
    project = project_of(window)
    before = len(project.results)
    type_result(qtbot, table, "2026-11", LISBON, "8.7")
    with qtbot.waitSignal(window.project_edited):
        qtbot.keyClick(table.value_edit, Qt.Key.Key_Return)
    key = ResultKey(LISBON, SATISFACTION, Period.month(2026, 11))
    assert project.results.get(key) == 8.7
    assert table.model.rowCount() == before + 1
    assert table.current_result() is not None and table.current_result().key == key  # type: ignore[union-attr]
    assert window.undo_action.text() == "&Undo Set result Guest satisfaction 2026-11"
    window.undo_action.trigger()
    assert project.results.get(key) is None and table.model.rowCount() == before
    window.redo_action.trigger()
    assert table.model.rowCount() == before + 1

    # A week and a day, written as people write them.
    type_result(qtbot, table, "W46 2026", LISBON, "8,2")
    with qtbot.waitSignal(window.project_edited):
        qtbot.mouseClick(table.add_button, Qt.MouseButton.LeftButton)
    week = ResultKey(LISBON, SATISFACTION, Period.week(2026, 46))
    assert project.results.get(week) == 8.2
    type_result(qtbot, table, "2026-11-15", LISBON, "9")
    with qtbot.waitSignal(window.project_edited):
        qtbot.mouseClick(table.add_button, Qt.MouseButton.LeftButton)
    assert table.current_result().period.kind is PeriodKind.DAY  # type: ignore[union-attr]

    window.files.close_project()
    with ProjectFile.open(path)[0] as saved:
        assert saved.project is not None
        assert saved.project.results.get(key) == 8.7
        assert saved.project.results.get(week) == 8.2


def test_a_period_or_value_that_cannot_be_read_is_refused_saying_how(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_window(qtbot, tmp_path, demo_file(tmp_path))
    table = results_table(qtbot, window)
    project = project_of(window)
    before = len(project.results)
    type_result(qtbot, table, "Nov", LISBON, "8.7")
    qtbot.mouseClick(table.add_button, Qt.MouseButton.LeftButton)
    text = take_failure(window)
    assert "'Nov' is not a month, a week or a date" in text
    assert "a month as 2026-11" in text
    type_result(qtbot, table, "2026-11", LISBON, "n/a")
    qtbot.mouseClick(table.add_button, Qt.MouseButton.LeftButton)
    assert "'n/a' is not a number" in take_failure(window)
    table.measure_box.lineEdit().clear()
    qtbot.keyClicks(table.measure_box.lineEdit(), "Front line served")
    table.value_edit.setText("3")
    qtbot.mouseClick(table.add_button, Qt.MouseButton.LeftButton)
    assert "a measure the plan counts itself" in take_failure(window)
    assert len(project.results) == before
    assert not window.undo_action.isEnabled()


def test_a_value_is_corrected_in_its_cell_and_delete_removes_it(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_window(qtbot, tmp_path, demo_file(tmp_path))
    table = results_table(qtbot, window)
    project = project_of(window)
    first = table.model.rows[0]
    editor = edit_cell(qtbot, table.table, 0, Col.VALUE, QLineEdit)
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "4.25")
    with qtbot.waitSignal(window.project_edited):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert project.results.get(first.key) == 4.25
    assert table.model.index(0, Col.VALUE).data() == "4.25"
    assert window.undo_action.text() == f"&Undo Set result {first.measure} {first.period}"

    table.table.selectRow(0)
    table.table.setFocus()
    with qtbot.waitSignal(window.project_edited):
        qtbot.keyClick(table.table, Qt.Key.Key_Delete)
    assert project.results.get(first.key) is None
    assert table.model.row_of(first.key) is None
    assert window.undo_action.text() == f"&Undo Remove result {first.measure} {first.period}"
    window.undo_action.trigger()
    assert project.results.get(first.key) == 4.25
    window.undo_action.trigger()
    assert project.results.get(first.key) == first.value
    row = table.model.row_of(first.key)
    assert row is not None
    assert table.model.index(row, Col.VALUE).data() == f"{first.value:.6g}"


def test_the_table_follows_edits_made_elsewhere(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_window(qtbot, tmp_path, demo_file(tmp_path))
    table = results_table(qtbot, window)
    project = project_of(window)
    table.measure_filter.setCurrentIndex(table.measure_filter.findText(SATISFACTION))
    shown, total = table.model.rowCount(), table.model.total
    period = Period.month(2026, 11)
    assert window.push(set_result(project, LISBON, "Complaints per 1,000 stays", period, 3.0))
    assert table.model.rowCount() == shown  # another measure: counted, not shown
    assert table.model.total == total + 1
    assert window.push(set_result(project, LISBON, SATISFACTION, period, 8.8))
    assert table.model.rowCount() == shown + 1
    row = table.model.row_of(ResultKey(LISBON, SATISFACTION, period))
    assert row == 0  # the newest period first
    assert table.model.index(0, Col.VALUE).data() == "8.8"
