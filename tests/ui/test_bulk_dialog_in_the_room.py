"""Plan > Apply a commitment to many managers, as run in the workshop: the commitments it adds
get a due date (or none) and a status, and the status bar says what was added and to whom."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from test_bulk_dialog import HOTEL, choose, open_dialog

from pyramid_app.io import read_org
from pyramid_app.model.plan import Status
from pyramid_app.ui.dates import short_date
from pyramid_app.ui.main_window import MainWindow

ONE_TO_ONE = "Hold a weekly one-to-one with each report"


@pytest.fixture
def hotel(window: MainWindow, xlsx_file: Callable[..., Path]) -> MainWindow:
    window.show_result(read_org(xlsx_file(HOTEL, name="hotel.xlsx")))
    return window


def digits_of(day: QDate, display_format: str) -> str:
    """The keys that type ``day`` into a date editor showing ``display_format``."""
    return "".join(c for c in day.toString(display_format) if c.isdigit())


def test_a_due_date_and_a_status_go_to_every_commitment_added(hotel: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = hotel
    dialog = open_dialog(window, qtbot)
    assert dialog.due.text() == "no date"
    assert dialog.status.currentText() == "planned"  # the plan's default
    dialog.text.setFocus()
    qtbot.keyClicks(dialog.text, ONE_TO_ONE)
    choose(dialog.level, "Level 2")
    dialog.due.setFocus()
    qtbot.waitUntil(dialog.due.hasFocus)
    qtbot.keyClicks(dialog.due, digits_of(QDate(2027, 2, 24), dialog.due.displayFormat()))
    assert dialog.due.text() == short_date(dt.date(2027, 2, 24))
    dialog.status.setFocus()
    qtbot.keyClick(dialog.status, Qt.Key.Key_Down)
    assert dialog.status.currentText() == "in progress"

    with qtbot.waitSignal(window.project_edited):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    added = list(window.project.plan)  # type: ignore[union-attr]
    assert sorted(c.manager_id for c in added) == ["D", "G", "I"]
    assert {(c.due, c.status) for c in added} == {(dt.date(2027, 2, 24), Status.IN_PROGRESS)}
    assert window.statusBar().currentMessage() == (
        f"Added “{ONE_TO_ONE}” to 3 managers at level 2 "
        f"(in progress, due {short_date(dt.date(2027, 2, 24))})."
    )
    assert window.undo_action.text() == "&Undo Add commitment to 3 managers at level 2"


def test_without_a_date_the_commitments_have_none_and_the_default_status(
    hotel: MainWindow,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    window = hotel
    window.select(window.node_of("B"))
    dialog = open_dialog(window, qtbot)
    qtbot.keyClicks(dialog.text, "Ask each report what slows them down")
    # A date given, then taken back with Delete: no due date.
    dialog.due.setFocus()
    qtbot.waitUntil(dialog.due.hasFocus)
    qtbot.keyClick(dialog.due, Qt.Key.Key_Up)
    assert dialog.due.text() != "no date"
    qtbot.keyClick(dialog.due, Qt.Key.Key_Delete)
    assert dialog.due.text() == "no date"
    with qtbot.waitSignal(window.project_edited):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    added = list(window.project.plan)  # type: ignore[union-attr]
    assert sorted(c.manager_id for c in added) == ["B", "D", "G"]
    assert {(c.due, c.status) for c in added} == {(None, Status.PLANNED)}
    assert window.statusBar().currentMessage() == (
        "Added “Ask each report what slows them down” to 3 managers under and including "
        "Bob Baker (planned)."
    )


def test_the_message_quotes_a_long_commitment_short_and_counts_who_was_left_out(
    hotel: MainWindow,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    window = hotel
    first = open_dialog(window, qtbot)
    long_text = "Walk the floor with the front desk team at the start of every morning shift"
    qtbot.keyClicks(first.text, long_text)
    choose(first.location, "Porto")
    with qtbot.waitSignal(window.project_edited):
        qtbot.mouseClick(first.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not first.isVisible())
    message = window.statusBar().currentMessage()
    assert message.startswith("Added “Walk the floor with the front desk team at the start")
    assert "…” to 4 managers in Porto (planned)." in message

    again = open_dialog(window, qtbot)
    qtbot.keyClicks(again.text, long_text)
    choose(again.level, "Level 1")  # Cy and Lu (in Porto) have it already, Bob not
    with qtbot.waitSignal(window.project_edited):
        qtbot.mouseClick(again.ok_button, Qt.MouseButton.LeftButton)
    assert (
        window.statusBar()
        .currentMessage()
        .endswith("to 1 manager at level 1 (planned); left out the 2 managers who already have it.")
    )
