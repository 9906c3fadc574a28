"""The import report stays beside the pyramid: a chosen row's person shows clear of it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, QRect, Qt

from pyramid_app.ui.main_window import MainWindow

CARD_ROOM = (220, 110)  # room a selected card needs around its centre, in pixels


def org_with_two_lost_managers() -> list[list[str]]:
    """A chief, six managers of ten; one person on the far left and one on the far right name
    a manager who is not in the file."""
    rows = [["Employee ID", "Manager ID", "Name"], ["R", "", "Rae Root"]]
    for m in range(1, 7):
        rows.append([f"M{m}", "R", f"Manager {m}"])
        for r in range(10):
            rows.append([f"P{m}{r}", f"M{m}", f"Person {m}{r}"])
    rows[3][1] = "ghost-1"  # P10, under M1 (left)
    rows[-1][1] = "ghost-2"  # P69, under M6 (right)
    return rows


def card_on_screen(window: MainWindow, node: int) -> QRect:
    """Where the card of ``node`` is drawn, in global (screen) pixels."""
    layout = window.layout_
    view = window.view
    scene = view.view_box.mapViewToScene(QPointF(float(layout.x[node]), float(layout.y[node])))
    centre = view.viewport().mapToGlobal(view.mapFromScene(scene))
    card = QRect(0, 0, *CARD_ROOM)
    card.moveCenter(centre)
    return card


def in_view_and_clear(window: MainWindow, node: int) -> bool:
    dialog = window.files.findings_dialog
    viewport = window.view.viewport()
    shown = QRect(viewport.mapToGlobal(QPoint(0, 0)), viewport.size())
    card = card_on_screen(window, node)
    return shown.contains(card) and not card.intersects(dialog.frameGeometry())


def test_a_chosen_row_shows_its_person_beside_the_report(
    window: MainWindow,
    qtbot,
    csv_file: Callable[..., Path],  # type: ignore[no-untyped-def]
) -> None:
    path = csv_file(org_with_two_lost_managers())
    with qtbot.waitSignal(window.chart_shown, timeout=10_000):
        window.files.open_path(path)
    qtbot.waitUntil(lambda: window.files.findings_dialog is not None, timeout=10_000)
    dialog = window.files.findings_dialog
    qtbot.waitExposed(dialog)
    assert not dialog.isModal()
    assert dialog.table.rowCount() == 2
    # The report leaves most of the pyramid free from the start.
    viewport = window.view.viewport()
    shown = QRect(viewport.mapToGlobal(QPoint(0, 0)), viewport.size())
    overlap = shown.intersected(dialog.frameGeometry())
    assert overlap.width() * overlap.height() < 0.5 * shown.width() * shown.height()

    table = dialog.table
    first = table.visualItemRect(table.item(0, 1)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=first)
    chart = window.chart
    assert chart.ids[window.selected] == "P10"
    qtbot.waitUntil(lambda: in_view_and_clear(window, window.selected))
    assert window.isVisible() and not window.isMinimized() and dialog.isVisible()

    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Down)  # the arrow keys walk the rows too
    assert chart.ids[window.selected] == "P69"
    qtbot.waitUntil(lambda: in_view_and_clear(window, window.selected))
