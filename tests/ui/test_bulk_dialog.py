"""Plan > Apply a commitment to many managers: choose, count live, one push, one undo step."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt

from pyramid_app.io import read_org
from pyramid_app.model.commands import add_commitment, add_user_suggestion
from pyramid_app.model.library import Suggestion
from pyramid_app.ui.dialogs.bulk_dialog import BulkApplyDialog
from pyramid_app.ui.main_window import MainWindow

# Ann (CEO, Board, Lisbon)
#   Bob (Rooms, Lisbon)     <- Di (Rooms, Lisbon) <- Ed, Flo ;  Gil (Rooms, Porto) <- Hal
#   Cy (Kitchen, Porto)     <- Ivy (Kitchen, Porto) <- Jo ;     Kim (Kitchen)
#   Lu (Rooms, Porto)       <- Mo
HOTEL = [
    ["Employee ID", "Manager ID", "Name", "Department", "Location"],
    ["A", "", "Ann Archer", "Board", "Lisbon"],
    ["B", "A", "Bob Baker", "Rooms", "Lisbon"],
    ["C", "A", "Cy Cole", "Kitchen", "Porto"],
    ["L", "A", "Lu Lee", "Rooms", "Porto"],
    ["D", "B", "Di Dunn", "Rooms", "Lisbon"],
    ["G", "B", "Gil Gray", "Rooms", "Porto"],
    ["I", "C", "Ivy Ives", "Kitchen", "Porto"],
    ["K", "C", "Kim Kay", "Kitchen", "Porto"],
    ["M", "L", "Mo Moss", "Rooms", "Porto"],
    ["E", "D", "Ed Eng", "Rooms", "Lisbon"],
    ["F", "D", "Flo Fox", "Rooms", "Lisbon"],
    ["H", "G", "Hal Hill", "Rooms", "Porto"],
    ["J", "I", "Jo Jones", "Kitchen", "Porto"],
]


@pytest.fixture
def hotel(window: MainWindow, xlsx_file: Callable[..., Path]) -> MainWindow:
    window.show_result(read_org(xlsx_file(HOTEL, name="hotel.xlsx")))
    return window


def open_dialog(window: MainWindow, qtbot) -> BulkApplyDialog:  # type: ignore[no-untyped-def]
    action = window.commitments_panel.bulk_action
    assert action.isEnabled()
    assert action.shortcut().toString() == "Ctrl+Shift+N"
    action.trigger()
    dialog = window.context.last_dialog
    qtbot.waitExposed(dialog)
    return dialog


def tick(qtbot, box) -> None:  # type: ignore[no-untyped-def]
    """Click the box itself: a check box reacts to its box and label, not its whole width."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def choose(combo, text_start: str) -> None:  # type: ignore[no-untyped-def]
    index = next(i for i in range(combo.count()) if combo.itemText(i).startswith(text_start))
    combo.setCurrentIndex(index)


def test_apply_to_a_department_is_one_undo_step(hotel: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = hotel
    dialog = open_dialog(window, qtbot)
    qtbot.mouseClick(dialog.by_department, Qt.MouseButton.LeftButton)
    departments = [dialog.department.itemText(i) for i in range(dialog.department.count())]
    assert departments == ["Board · 1 manager", "Kitchen · 2 managers", "Rooms · 4 managers"]
    choose(dialog.department, "Rooms")
    assert dialog.ok_button.isEnabled() is False  # no text yet
    dialog.text.setFocus()
    qtbot.keyClicks(dialog.text, "Ask each report what slows them down")
    qtbot.keyClicks(dialog.measure, "asked / all reports")
    assert "4 managers" in dialog.count_label.text()
    assert "in Rooms" in dialog.count_label.text()
    assert dialog.ok_button.text() == "Add to 4 managers"

    with qtbot.waitSignal(window.project_edited) as edited:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    plan = window.project.plan
    assert sorted(c.manager_id for c in plan) == ["B", "D", "G", "L"]
    assert {c.measure for c in plan} == {"asked / all reports"}
    assert edited.args[0].managers == frozenset("BDGL")
    assert window.undo_action.text() == "&Undo Add commitment to 4 managers in Rooms"
    qtbot.waitUntil(lambda: not dialog.isVisible())

    window.undo_action.trigger()
    assert len(plan) == 0
    window.redo_action.trigger()
    assert len(plan) == 4


def test_levels_locations_and_the_selected_subtree(hotel: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = hotel
    window.select(window.node_of("B"))
    dialog = open_dialog(window, qtbot)
    levels = [dialog.level.itemText(i) for i in range(dialog.level.count())]
    assert levels == [
        "Level 0 (chief executive) · 1 manager",
        "Level 1 · 3 managers",
        "Level 2 · 3 managers",
    ]
    # The selected person's team is proposed first, and their level, department and location.
    assert dialog.by_subtree.isChecked()
    assert dialog.level.currentText() == "Level 1 · 3 managers"
    assert dialog.department.currentText() == "Rooms · 4 managers"
    assert dialog.location.currentText() == "Lisbon · 3 managers"
    assert dialog.by_subtree.text() == "Every manager under and including Bob Baker · 3 managers"
    assert dialog.chosen_manager_ids() == ["B", "D", "G"]

    choose(dialog.level, "Level 2")  # choosing in a combo picks its row
    assert dialog.by_level.isChecked()
    assert dialog.chosen_manager_ids() == ["D", "G", "I"]
    assert dialog.ok_button.text() == "Add to 3 managers"

    choose(dialog.location, "Porto")
    assert dialog.by_location.isChecked()
    assert dialog.chosen_manager_ids() == ["C", "L", "G", "I"]
    assert "4 managers" in dialog.count_label.text()
    dialog.reject()


def test_a_library_suggestion_fills_the_commitment(hotel: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = hotel
    project = window.project
    suggestion = Suggestion("Work one shift a month beside the team", "shifts worked", "monthly")
    window.push(add_user_suggestion(project, "Leading by example", suggestion))
    # Ann already has it, so she is left out unless asked otherwise.
    window.push(add_commitment(project, "A", "Work one shift a month beside  the team"))
    dialog = open_dialog(window, qtbot)
    choose(dialog.family, "Leading by example")
    assert dialog.text.toPlainText() == suggestion.text
    assert dialog.practice.currentText() == "Leading by example"
    assert dialog.measure.text() == "shifts worked"
    assert dialog.cadence.currentText() == "monthly"
    choose(dialog.level, "Level 0")
    assert dialog.skip_holders.isVisible()
    assert dialog.skip_holders.text() == "Skip the 1 manager who already has it"
    assert not dialog.ok_button.isEnabled()
    tick(qtbot, dialog.skip_holders)
    assert dialog.ok_button.isEnabled()
    assert dialog.ok_button.text() == "Add to 1 manager"

    choose(dialog.level, "Level 1")
    assert not dialog.skip_holders.isVisible()  # no one at level 1 has it
    with qtbot.waitSignal(window.project_edited):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    added = [c for c in project.plan if c.manager_id != "A"]
    assert sorted(c.manager_id for c in added) == ["B", "C", "L"]
    assert {(c.practice, c.cadence) for c in added} == {("Leading by example", "monthly")}
    assert window.undo_action.text() == "&Undo Add commitment to 3 managers at level 1"


def test_the_panel_of_the_selected_manager_shows_the_bulk_add(hotel: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = hotel
    window.select(window.node_of("D"))
    panel = window.commitments_panel
    assert panel.empty_hint.isVisible()
    dialog = open_dialog(window, qtbot)
    qtbot.keyClicks(dialog.text, "Thank one person by name every week")
    with qtbot.waitSignal(window.project_edited):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert panel.list.count() == 1
    window.undo_action.trigger()
    assert panel.empty_hint.isVisible() and not panel.list.isVisible()


def test_a_front_line_selection_starts_on_their_level(hotel: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = hotel
    window.select(window.node_of("E"))
    dialog = open_dialog(window, qtbot)
    assert dialog.by_subtree.text() == "Every manager under and including Ed Eng · 0 managers"
    assert dialog.by_level.isChecked()
    assert dialog.level.currentText() == "Level 0 (chief executive) · 1 manager"  # none at 3
    dialog.reject()


def test_the_action_needs_an_organisation(window: MainWindow) -> None:
    assert not window.commitments_panel.bulk_action.isEnabled()


def test_a_department_name_is_shown_as_written_not_as_markup(
    window: MainWindow,
    xlsx_file: Callable[..., Path],
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    rows = [row[:] for row in HOTEL]
    for row in rows[1:]:
        if row[3] == "Rooms":
            row[3] = "<b>R&D</b>"
    window.show_result(read_org(xlsx_file(rows, name="markup.xlsx")))
    dialog = open_dialog(window, qtbot)
    qtbot.mouseClick(dialog.by_department, Qt.MouseButton.LeftButton)
    choose(dialog.department, "<b>R&D</b>")
    assert "in &lt;b&gt;R&amp;D&lt;/b&gt;" in dialog.count_label.text()
