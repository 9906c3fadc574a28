"""Ctrl+N and the wording typed next are one undo step, saved in the project file at each step."""

from __future__ import annotations

from pathlib import Path

from on_disk import project_on_disk
from PySide6.QtCore import Qt

from pyramid_app.ui.main_window import MainWindow
from pyramid_app.ui.plan.commitments_panel import CommitmentsPanel

CTRL = Qt.KeyboardModifier.ControlModifier
WORDING = "Ask each report what gets in their way"


def on_disk(copies: Path) -> list[tuple[str, str, str]]:
    """(id, manager, text) of the commitments in the project file as it is on disk now."""
    project = project_on_disk(copies)
    return [(c.id, c.manager_id, c.text) for c in project.plan]


def undo_text(window: MainWindow) -> str:
    return window.undo_action.text().replace("&", "")


def new_commitment_typed(window: MainWindow, qtbot, text: str) -> CommitmentsPanel:  # type: ignore[no-untyped-def]
    """Bob selected, Ctrl+N on the pyramid, ``text`` typed over the placeholder, Enter."""
    window.select_person("B")
    panel = window.commitments_panel
    window.activateWindow()
    window.view.setFocus()
    qtbot.waitUntil(window.view.hasFocus)
    with qtbot.waitSignal(window.project_edited):
        qtbot.keyClick(window.view, Qt.Key.Key_N, CTRL)
    qtbot.waitUntil(panel.editor.text.hasFocus)
    qtbot.keyClicks(panel.editor.text, text)
    with qtbot.waitSignal(window.project_edited):
        qtbot.keyClick(panel.editor.text, Qt.Key.Key_Return)
    return panel


def test_one_undo_takes_back_a_new_commitment_and_its_wording(
    shown_small: MainWindow, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window = shown_small
    project = window.project
    assert project is not None
    copies = tmp_path / "copies"
    copies.mkdir()
    panel = new_commitment_typed(window, qtbot, WORDING)
    assert [(c.id, c.text) for c in project.plan] == [("C-0001", WORDING)]
    assert on_disk(copies) == [("C-0001", "B", WORDING)]
    assert undo_text(window) == "Undo Add commitment for Bob Baker"

    with qtbot.waitSignal(window.project_edited):
        window.undo_action.trigger()
    assert len(project.plan) == 0  # no "New commitment" left behind
    assert panel.list.count() == 0 and panel.empty_hint.isVisible()
    assert on_disk(copies) == []
    assert not window.undo_action.isEnabled()

    with qtbot.waitSignal(window.project_edited):
        window.redo_action.trigger()
    assert [(c.id, c.text) for c in project.plan] == [("C-0001", WORDING)]
    assert panel.editor.text.toPlainText() == WORDING
    assert on_disk(copies) == [("C-0001", "B", WORDING)]

    # A later edit of the wording is a step of its own again.
    panel.editor.text.setFocus()
    panel.editor.text.selectAll()
    qtbot.keyClicks(panel.editor.text, "Ask each report weekly what gets in their way")
    with qtbot.waitSignal(window.project_edited):
        qtbot.keyClick(panel.editor.text, Qt.Key.Key_Return)
    assert window.undo_stack.count() == 2
    assert undo_text(window) == "Undo Edit text of C-0001 (Bob Baker)"
    with qtbot.waitSignal(window.project_edited):
        window.undo_action.trigger()
    assert on_disk(copies) == [("C-0001", "B", WORDING)]


def test_an_edit_of_an_older_commitment_does_not_join_a_new_one(
    shown_small: MainWindow, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window = shown_small
    project = window.project
    assert project is not None
    new_commitment_typed(window, qtbot, WORDING)
    panel = new_commitment_typed(window, qtbot, "Hold the morning huddle")
    assert window.undo_stack.count() == 2
    # The first commitment's wording changed after the second was added: its own step.
    panel.list.setCurrentRow(panel.list.ids().index("C-0001"))
    panel.editor.text.setFocus()
    panel.editor.text.selectAll()
    qtbot.keyClicks(panel.editor.text, "Ask what gets in the way")
    with qtbot.waitSignal(window.project_edited):
        qtbot.keyClick(panel.editor.text, Qt.Key.Key_Return)
    assert window.undo_stack.count() == 3
    window.undo_action.trigger()
    assert sorted(c.text for c in project.plan) == sorted(["Hold the morning huddle", WORDING])
    window.undo_action.trigger()
    assert [c.text for c in project.plan] == [WORDING]
