"""Emptying cells in the Plan table as a planner does: a due date taken away (Backspace, the
clear button, Delete on the cell), a measure, cadence or practice emptied, each one undo step
that reaches the project file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from on_disk import project_on_disk
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QTableView, QToolButton, QWidget

from pyramid_app.model.commands import add_commitment
from pyramid_app.model.plan import Commitment
from pyramid_app.ui.dates import short_date
from pyramid_app.ui.main_window import MainWindow
from pyramid_app.ui.plan.plan_table import PlanTable
from pyramid_app.ui.plan.plan_table_due import DueEdit
from pyramid_app.ui.plan.plan_table_model import Col

CTRL = Qt.KeyboardModifier.ControlModifier
EDITING = QAbstractItemView.State.EditingState


def as_shown(year: int, month: int, day: int) -> str:
    """A date as the table shows it: the system's short date."""
    return short_date(dt.date(year, month, day))


def digits_of(day: QDate, display_format: str) -> str:
    """The keys that type ``day`` into a date editor showing ``display_format``."""
    return "".join(c for c in day.toString(display_format) if c.isdigit())


def add(window: MainWindow, manager_id: str, text: str, **fields: object) -> str:
    assert window.project is not None
    command = add_commitment(window.project, manager_id, text, **fields)
    assert window.push(command)
    return command.commitments[0].id


def open_plan(window: MainWindow, qtbot) -> PlanTable:  # type: ignore[no-untyped-def]
    """View > Plan table, as the menu does it."""
    dock = window.plan_dock  # type: ignore[attr-defined]
    toggle = dock.toggleViewAction()
    assert toggle.shortcut().toString() == "Ctrl+Shift+P"
    toggle.trigger()
    qtbot.waitUntil(dock.isVisible)
    table: PlanTable = window.plan_table  # type: ignore[attr-defined]
    return table


def commitments_on_disk(copies: Path) -> dict[str, Commitment]:
    """The commitments in the project file as it is now on disk."""
    project = project_on_disk(copies)
    return {c.id: c for c in project.plan}


def column(table: PlanTable, col: Col) -> list[str]:
    model = table.model
    return [model.index(row, col).data() for row in range(model.rowCount())]


def cell_point(table: PlanTable, commitment_id: str, col: Col) -> QPoint:
    row = table.model.row_of(commitment_id)
    assert row is not None
    index = table.model.index(row, col)
    table.table.scrollTo(index)
    return table.table.visualRect(index).center()


def pick_cell(qtbot, table: PlanTable, commitment_id: str, col: Col) -> None:  # type: ignore[no-untyped-def]
    """Click the cell, leaving the keyboard on the table."""
    view = table.table
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=cell_point(table, commitment_id, col)
    )
    assert view.currentIndex().column() == col
    assert table.current_id() == commitment_id
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)


def open_editor(qtbot, table: PlanTable, commitment_id: str, col: Col, how: str) -> QWidget:  # type: ignore[no-untyped-def]
    """Start editing a cell with F2 or a double-click; the editor that opened."""
    view = table.table
    if how == "F2":
        pick_cell(qtbot, table, commitment_id, col)
        qtbot.keyClick(view, Qt.Key.Key_F2)
    else:
        point = cell_point(table, commitment_id, col)
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert view.state() == EDITING
    editor = view.indexWidget(view.currentIndex())
    assert editor is not None and editor.isVisible()
    return editor


def due_editor(qtbot, table: PlanTable, commitment_id: str, how: str = "F2") -> DueEdit:  # type: ignore[no-untyped-def]
    editor = open_editor(qtbot, table, commitment_id, Col.DUE, how)
    assert isinstance(editor, DueEdit)
    return editor


def wait_closed(qtbot, table: PlanTable) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: table.table.state() != EDITING)


def test_backspace_clears_a_due_date_enter_saves_it_and_one_undo_brings_it_back(
    shown_small: MainWindow, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window = shown_small
    copies = tmp_path / "copies"
    copies.mkdir()
    early = add(window, "B", "Hold a one-to-one with each report", due=dt.date(2025, 3, 4))
    late = add(window, "C", "Taste every new dish with the cook", due=dt.date(2025, 5, 1))
    undated = add(window, "A", "Walk the floor before opening")
    plan = window.project.plan  # type: ignore[union-attr]
    table = open_plan(window, qtbot)
    table.table.sortByColumn(Col.DUE, Qt.SortOrder.AscendingOrder)
    assert column(table, Col.ID) == [early, late, undated]
    steps = window.undo_stack.count()

    editor = due_editor(qtbot, table, early)
    assert editor.text() == as_shown(2025, 3, 4)
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    assert editor.text() == "no date"
    assert plan[early].due == dt.date(2025, 3, 4)  # nothing is saved before Enter
    with qtbot.waitSignal(window.project_edited):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    wait_closed(qtbot, table)

    assert plan[early].due is None
    assert window.undo_stack.count() == steps + 1
    assert window.undo_action.text().endswith(f"Edit due date of {early} (Bob Baker)")
    # Blank due dates sort last, ties by commitment number.
    assert column(table, Col.ID) == [late, early, undated]
    assert column(table, Col.DUE) == [as_shown(2025, 5, 1), "", ""]
    on_disk = commitments_on_disk(copies)
    assert on_disk[early].due is None and on_disk[late].due == dt.date(2025, 5, 1)

    undo = window.edit_menu.actions()[0]
    assert undo is window.undo_action and undo.isEnabled()
    with qtbot.waitSignal(window.project_edited):
        undo.trigger()
    assert plan[early].due == dt.date(2025, 3, 4)
    assert window.undo_stack.index() == steps
    assert column(table, Col.ID) == [early, late, undated]
    assert column(table, Col.DUE) == [as_shown(2025, 3, 4), as_shown(2025, 5, 1), ""]
    assert commitments_on_disk(copies)[early].due == dt.date(2025, 3, 4)


def test_the_clear_button_empties_the_date_and_escape_keeps_it(
    shown_small: MainWindow, qtbot
) -> None:  # type: ignore[no-untyped-def]
    window = shown_small
    item = add(window, "B", "Hold a one-to-one", due=dt.date(2025, 6, 30))
    plan = window.project.plan  # type: ignore[union-attr]
    table = open_plan(window, qtbot)
    steps = window.undo_stack.count()

    def clear_button(editor: DueEdit) -> QToolButton:
        (button,) = [
            b
            for b in editor.lineEdit().findChildren(QToolButton)
            if b.defaultAction() is editor.clear_action
        ]
        return button

    editor = due_editor(qtbot, table, item, how="double-click")
    assert editor.text() == as_shown(2025, 6, 30)
    button = clear_button(editor)
    assert button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert editor.text() == "no date"
    assert not editor.clear_action.isVisible()  # nothing left to clear
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    wait_closed(qtbot, table)
    assert plan[item].due == dt.date(2025, 6, 30)
    assert window.undo_stack.count() == steps
    assert column(table, Col.DUE) == [as_shown(2025, 6, 30)]

    editor = due_editor(qtbot, table, item, how="double-click")
    qtbot.mouseClick(clear_button(editor), Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(window.project_edited):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert plan[item].due is None
    assert column(table, Col.DUE) == [""]
    assert window.undo_stack.count() == steps + 1


def test_delete_or_backspace_on_a_cell_opens_its_editor_emptied(
    shown_small: MainWindow, qtbot
) -> None:  # type: ignore[no-untyped-def]
    window = shown_small
    item = add(
        window, "B", "Hold a one-to-one", measure="Every report met", due=dt.date(2025, 6, 30)
    )
    plan = window.project.plan  # type: ignore[union-attr]
    table = open_plan(window, qtbot)
    view = table.table
    steps = window.undo_stack.count()
    window.focus_on_team(window.chart.index_of("B"))
    assert window.state.focus_ids == ["B"]

    pick_cell(qtbot, table, item, Col.DUE)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert view.state() == EDITING
    editor = view.indexWidget(view.currentIndex())
    assert isinstance(editor, DueEdit) and editor.text() == "no date"
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    wait_closed(qtbot, table)
    assert plan[item].due == dt.date(2025, 6, 30)
    assert window.undo_stack.count() == steps

    # Backspace is also "back to the whole organisation"; on a cell that can be emptied the
    # table takes it.
    pick_cell(qtbot, table, item, Col.DUE)
    qtbot.keyClick(view, Qt.Key.Key_Backspace)
    editor = view.indexWidget(view.currentIndex())
    assert isinstance(editor, DueEdit) and editor.text() == "no date"
    with qtbot.waitSignal(window.project_edited):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert plan[item].due is None
    assert window.state.focus_ids == ["B"]

    pick_cell(qtbot, table, item, Col.MEASURE)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    line = view.indexWidget(view.currentIndex())
    assert isinstance(line, QLineEdit) and line.text() == ""
    with qtbot.waitSignal(window.project_edited):
        qtbot.keyClick(line, Qt.Key.Key_Return)
    assert plan[item].measure == ""
    assert window.undo_stack.count() == steps + 2

    # A commitment needs its text: Delete there opens nothing.
    pick_cell(qtbot, table, item, Col.TEXT)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert view.state() != EDITING
    assert plan[item].text == "Hold a one-to-one"


@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")
def test_a_date_is_given_to_a_commitment_without_one(shown_small: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = shown_small
    item = add(window, "B", "Hold a one-to-one")
    plan = window.project.plan  # type: ignore[union-attr]
    table = open_plan(window, qtbot)
    steps = window.undo_stack.count()
    today = QDate.currentDate()

    # Opening and leaving "no date" with Enter is no edit.
    editor = due_editor(qtbot, table, item)
    assert editor.text() == "no date"
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    wait_closed(qtbot, table)
    assert plan[item].due is None and window.undo_stack.count() == steps

    # Up starts at today, not at the stand-in date behind "no date".
    editor = due_editor(qtbot, table, item)
    qtbot.keyClick(editor, Qt.Key.Key_Up)
    assert editor.date() in (today, QDate.currentDate())  # midnight may have passed
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    wait_closed(qtbot, table)

    # The calendar opens on today; closed without a pick it leaves "no date".
    editor = due_editor(qtbot, table, item)
    calendar = editor.calendarWidget()
    arrow = QPoint(editor.width() - 4, editor.height() // 2)
    qtbot.mouseClick(editor, Qt.MouseButton.LeftButton, pos=arrow)
    qtbot.waitUntil(calendar.isVisible)
    shown = (calendar.yearShown(), calendar.monthShown())
    assert shown in {(day.year(), day.month()) for day in (today, QDate.currentDate())}
    days = calendar.findChild(QTableView)
    qtbot.keyClick(days, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not calendar.isVisible())
    assert editor.text() == "no date"
    qtbot.mouseClick(editor, Qt.MouseButton.LeftButton, pos=arrow)
    qtbot.waitUntil(calendar.isVisible)
    qtbot.keyClick(days, Qt.Key.Key_Right)
    qtbot.keyClick(days, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not calendar.isVisible())
    assert editor.date() in (today.addDays(1), QDate.currentDate().addDays(1))
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    wait_closed(qtbot, table)
    assert plan[item].due is None

    # Typing digits over "no date" types a whole date.
    editor = due_editor(qtbot, table, item)
    qtbot.keyClicks(editor, digits_of(QDate(2025, 6, 30), editor.displayFormat()))
    assert editor.text() == as_shown(2025, 6, 30)
    with qtbot.waitSignal(window.project_edited):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert plan[item].due == dt.date(2025, 6, 30)
    assert column(table, Col.DUE) == [as_shown(2025, 6, 30)]
    assert window.undo_stack.count() == steps + 1


def test_measure_cadence_and_practice_can_be_emptied(
    shown_small: MainWindow, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window = shown_small
    copies = tmp_path / "copies"
    copies.mkdir()
    item = add(
        window,
        "B",
        "Hold a one-to-one",
        practice="Leadership",
        measure="Every report met",
        cadence="weekly",
    )
    plan = window.project.plan  # type: ignore[union-attr]
    table = open_plan(window, qtbot)
    steps = window.undo_stack.count()

    for n, (col, field) in enumerate(
        ((Col.MEASURE, "measure"), (Col.CADENCE, "cadence"), (Col.PRACTICE, "practice")), 1
    ):
        editor = open_editor(qtbot, table, item, col, "F2" if n % 2 else "double-click")
        assert isinstance(editor, QLineEdit) and editor.text() == getattr(plan[item], field)
        qtbot.keyClick(editor, Qt.Key.Key_A, CTRL)
        qtbot.keyClick(editor, Qt.Key.Key_Delete)
        assert editor.text() == ""
        with qtbot.waitSignal(window.project_edited):
            qtbot.keyClick(editor, Qt.Key.Key_Return)
        wait_closed(qtbot, table)
        assert getattr(plan[item], field) == ""
        assert column(table, col) == [""]
        assert window.undo_stack.count() == steps + n

    saved = commitments_on_disk(copies)[item]
    assert (saved.measure, saved.cadence, saved.practice) == ("", "", "")
    with qtbot.waitSignal(window.project_edited):
        window.undo_action.trigger()
    assert plan[item].practice == "Leadership" and plan[item].cadence == ""
