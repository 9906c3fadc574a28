"""One commitment's life across every view: panel, table, badge, project file, and undo."""

from __future__ import annotations

from pathlib import Path

from on_disk import project_on_disk
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from pyramid_app.ui.main_window import MainWindow
from pyramid_app.ui.plan.plan_table_rows import Col

CTRL = Qt.KeyboardModifier.ControlModifier


def on_disk(copies: Path) -> list[str]:
    """Texts of the commitments in the project's files on disk as they are now."""
    project = project_on_disk(copies)
    return sorted(c.text for c in project.plan)


def badge_of(window: MainWindow, person_id: str) -> int:
    counts = window.view.commitment_counts
    node = window.node_of(person_id)
    return 0 if counts is None or node is None else int(counts[node])


def test_a_commitment_typed_in_the_panel_is_everywhere_and_undo_takes_it_everywhere(
    shown_small: MainWindow, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window = shown_small
    copies = tmp_path / "copies"
    copies.mkdir()
    window.plan_dock.toggleViewAction().trigger()
    table = window.plan_table
    panel = window.commitments_panel
    window.select_person("B")

    # Ctrl+N on the pyramid, type the commitment, Enter.
    window.activateWindow()
    window.view.setFocus()
    qtbot.waitUntil(window.view.hasFocus)
    with qtbot.waitSignal(window.project_edited):
        qtbot.keyClick(window.view, Qt.Key.Key_N, CTRL)
    qtbot.waitUntil(panel.editor.text.hasFocus)
    qtbot.keyClicks(panel.editor.text, "Stand at the front desk for the morning rush")
    with qtbot.waitSignal(window.project_edited):
        qtbot.keyClick(panel.editor.text, Qt.Key.Key_Return)

    text = "Stand at the front desk for the morning rush"
    assert [table.model.index(r, Col.TEXT).data() for r in range(table.model.rowCount())] == [text]
    assert badge_of(window, "B") == 1
    assert on_disk(copies) == [text]

    # Edit the text in the table: the panel follows.
    index = table.model.index(0, Col.TEXT)
    table.table.setCurrentIndex(index)
    table.table.edit(index)
    (editor,) = [e for e in table.table.viewport().findChildren(QLineEdit) if e.isVisible()]
    editor.selectAll()
    qtbot.keyClicks(editor, "Cover the front desk every Monday morning")
    with qtbot.waitSignal(window.project_edited):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert panel.editor.text.toPlainText() == "Cover the front desk every Monday morning"
    assert on_disk(copies) == ["Cover the front desk every Monday morning"]

    # Undo everything: gone from the panel, the table, the badge and the file.
    while window.undo_action.isEnabled():
        window.undo_action.trigger()
    assert table.model.rowCount() == 0
    assert panel.list.count() == 0
    assert badge_of(window, "B") == 0
    assert on_disk(copies) == []
