"""The Plan dock on a laptop in the workshop room: Enter confirms an edit and the pyramid keeps
its picture, the due date and the status are in sight at 1366 pixels, and a 1024-pixel screen
holds the whole window with a usable filter box."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QComboBox

from pyramid_app.model.commands import add_commitment
from pyramid_app.model.plan import Status
from pyramid_app.ui.main_window import MainWindow
from pyramid_app.ui.plan.plan_table import PlanTable
from pyramid_app.ui.plan.plan_table_model import Col

EDITING = QAbstractItemView.State.EditingState


def add(window: MainWindow, manager_id: str, text: str) -> str:
    assert window.project is not None
    command = add_commitment(window.project, manager_id, text)
    assert window.push(command)
    return command.commitments[0].id


def open_plan(window: MainWindow, qtbot) -> PlanTable:  # type: ignore[no-untyped-def]
    """View > Plan table, as the menu does it, with the window laid out again."""
    dock = window.plan_dock
    dock.toggleViewAction().trigger()
    qtbot.waitUntil(dock.isVisible)
    settle(window)
    return window.plan_table


def settle(window: MainWindow) -> None:
    """Lay the window out now (a dock shown asks for its minimum size in a posted event)."""
    QApplication.sendPostedEvents()
    layout = window.layout()
    assert layout is not None
    layout.activate()


def pick_cell(qtbot, table: PlanTable, commitment_id: str, col: Col) -> None:  # type: ignore[no-untyped-def]
    view = table.table
    row = table.model.row_of(commitment_id)
    assert row is not None
    view.setCurrentIndex(table.model.index(row, col))
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)


def test_enter_confirms_a_status_and_the_pyramid_keeps_its_view(
    shown_small: MainWindow,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    window = shown_small
    window.resize(1366, 768)
    item = add(window, "B", "Hold a one-to-one")
    plan = window.project.plan  # type: ignore[union-attr]
    table = open_plan(window, qtbot)
    view = table.table
    pick_cell(qtbot, table, item, Col.STATUS)
    before = window.view.view_box.viewRange()

    qtbot.keyClick(view, Qt.Key.Key_F2)
    combo = view.indexWidget(view.currentIndex())
    assert isinstance(combo, QComboBox) and combo.hasFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == "in progress"
    assert view.state() == EDITING  # a step through the list is not yet the edit
    assert plan[item].status is Status.PLANNED
    with qtbot.waitSignal(window.project_edited):
        qtbot.keyClick(combo, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != EDITING)
    assert plan[item].status is Status.IN_PROGRESS
    assert window.undo_action.text().startswith(f"&Undo Set {item}")
    assert view.hasFocus()  # the keyboard stays in the table
    assert window.view.view_box.viewRange() == before

    # Enter on the row now: the pyramid selects the manager and keeps its zoom and place.
    assert window.state.selected is None
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert window.state.selected == "B"
    assert window.view.view_box.viewRange() == before
    assert view.hasFocus()

    # Escape after a step leaves the status as it was.
    qtbot.keyClick(view, Qt.Key.Key_F2)
    combo = view.indexWidget(view.currentIndex())
    assert isinstance(combo, QComboBox)
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    qtbot.keyClick(combo, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: view.state() != EDITING)
    assert plan[item].status is Status.IN_PROGRESS


@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")
def test_a_status_picked_from_the_opened_list_is_saved_at_once(
    shown_small: MainWindow,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    window = shown_small
    item = add(window, "B", "Hold a one-to-one")
    plan = window.project.plan  # type: ignore[union-attr]
    table = open_plan(window, qtbot)
    view = table.table
    pick_cell(qtbot, table, item, Col.STATUS)
    qtbot.keyClick(view, Qt.Key.Key_F2)
    combo = view.indexWidget(view.currentIndex())
    assert isinstance(combo, QComboBox)
    combo.showPopup()
    popup = combo.view()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_End)
    with qtbot.waitSignal(window.project_edited):
        qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != EDITING)
    assert plan[item].status is Status.DROPPED


def test_due_and_status_are_in_sight_on_a_1366_pixel_screen(
    shown_small: MainWindow,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    window = shown_small
    window.resize(1366, 768)
    add(window, "B", "Hold a one-to-one with each report every fortnight")
    table = open_plan(window, qtbot)
    assert window.width() == 1366
    view = table.table
    header = view.horizontalHeader()
    assert view.horizontalScrollBar().value() == 0
    for col in (Col.TEXT, Col.DUE, Col.STATUS):
        left = header.sectionViewportPosition(col)
        assert not header.isSectionHidden(col)
        assert left >= 0 and left + header.sectionSize(col) <= view.viewport().width(), col
        assert header.sectionSize(col) >= header.sectionSizeHint(col), col  # title not cut


def test_the_plan_dock_fits_a_1024_pixel_screen(
    shown_small: MainWindow,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    window = shown_small
    window.resize(1024, 640)
    add(window, "B", "Hold a one-to-one")
    table = open_plan(window, qtbot)
    assert window.width() == 1024
    assert table.minimumSizeHint().width() <= 800
    search = table.search
    assert search.width() >= search.minimumSizeHint().width()
    assert search.width() >= search.fontMetrics().horizontalAdvance("Filter: id, manager")
    view = table.table
    header = view.horizontalHeader()
    status_right = header.sectionViewportPosition(Col.STATUS) + header.sectionSize(Col.STATUS)
    assert status_right <= view.viewport().width()
    # The count's longer words take their room at once, not at some later layout pass.
    assert table.count.text() == "1 of 1 commitment"
    add(window, "C", "Taste every new dish with the cook")
    assert table.count.text() == "2 of 2 commitments"
    assert table.count.width() >= table.count.minimumSizeHint().width()
    # The filters say what they filter without labels beside them.
    assert [combo.itemText(0) for combo in table.combos.values()] == [
        "All levels",
        "All departments",
        "All locations",
        "All statuses",
        "All practices",
    ]
