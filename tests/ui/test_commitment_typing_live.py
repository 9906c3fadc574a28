"""The Details dock's list follows the words as they are typed into a commitment's text: no
"New commitment" left in the list while the room watches the planner type; saving happens as
before, a moment after the last keystroke."""

from __future__ import annotations

from PySide6.QtCore import Qt

from pyramid_app.model.commands import add_commitment
from pyramid_app.ui.main_window import MainWindow
from pyramid_app.ui.plan.commitment_list import ROLE, CommitmentRow
from pyramid_app.ui.plan.commitments_panel import NEW_TEXT, CommitmentsPanel

CTRL = Qt.KeyboardModifier.ControlModifier


def row_of(panel: CommitmentsPanel, commitment_id: str) -> CommitmentRow:
    rows = [panel.list.item(i).data(ROLE) for i in range(panel.list.count())]
    (row,) = [row for row in rows if row.commitment.id == commitment_id]
    return row


def new_commitment(window: MainWindow, qtbot) -> CommitmentsPanel:  # type: ignore[no-untyped-def]
    """Bob selected and Ctrl+N on the pyramid: a new commitment, its text field focused."""
    window.select_person("B")
    panel = window.commitments_panel
    window.activateWindow()
    window.view.setFocus()
    qtbot.waitUntil(window.view.hasFocus)
    with qtbot.waitSignal(window.project_edited):
        qtbot.keyClick(window.view, Qt.Key.Key_N, CTRL)
    qtbot.waitUntil(panel.editor.text.hasFocus)
    return panel


def test_the_list_shows_the_words_as_they_are_typed(shown_small: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = shown_small
    project = window.project
    assert project is not None
    panel = new_commitment(window, qtbot)
    editor = panel.editor
    assert row_of(panel, "C-0001").commitment.text == NEW_TEXT
    saves: list[object] = []
    window.project_edited.connect(saves.append)

    qtbot.keyClicks(editor.text, "Walk the floor")
    row = row_of(panel, "C-0001")
    assert row.commitment.text == "Walk the floor"
    assert "Walk the floor" in panel.list.item(0).toolTip()
    assert project.plan["C-0001"].text == NEW_TEXT and saves == []  # shown, not saved yet

    # Saved a moment after the last keystroke, once, as before.
    with qtbot.waitSignal(editor.field_typed, timeout=5_000):
        pass
    assert project.plan["C-0001"].text == "Walk the floor"
    assert len(saves) == 1

    qtbot.keyClicks(editor.text, " each morning")
    assert row_of(panel, "C-0001").commitment.text == "Walk the floor each morning"
    assert len(saves) == 1
    # Another edit of Bob's plan redraws the list from the plan: the words typed stay shown.
    assert window.push(add_commitment(project, "B", "Thank one person by name each week"))
    assert panel.list.count() == 2
    assert row_of(panel, "C-0001").commitment.text == "Walk the floor each morning"
    assert editor.text.hasFocus()

    with qtbot.waitSignal(window.project_edited):
        qtbot.keyClick(editor.text, Qt.Key.Key_Return)
    assert project.plan["C-0001"].text == "Walk the floor each morning"
    assert row_of(panel, "C-0001").commitment == project.plan["C-0001"]


def test_escape_puts_the_words_before_back_in_the_list(shown_small: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = shown_small
    panel = new_commitment(window, qtbot)
    editor = panel.editor
    qtbot.keyClicks(editor.text, "Half a thought")
    assert row_of(panel, "C-0001").commitment.text == "Half a thought"
    qtbot.keyClick(editor.text, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: row_of(panel, "C-0001").commitment.text == NEW_TEXT)
    assert window.project is not None
    assert window.project.plan["C-0001"].text == NEW_TEXT
