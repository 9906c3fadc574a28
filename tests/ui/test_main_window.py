"""The main window as a user drives it: open, find, click, collapse, move with the keys."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import QMessageBox

from pyramid_app.io.demo import demo_workbook_path
from pyramid_app.ui.main_window import MainWindow


def pixel_of(window: MainWindow, node: int) -> QPoint:
    layout = window.layout_
    assert layout is not None
    scene = window.view.view_box.mapViewToScene(
        QPointF(float(layout.x[node]), float(layout.y[node]))
    )
    return window.view.mapFromScene(scene)


def test_window_opens_on_the_demo_in_the_background(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.chart_shown, timeout=20_000):
        window.files.open_path(demo_workbook_path(), remember=False)
    assert window.chart is not None
    assert window.chart.people_count > 250
    assert "people" in window.status.text() and "front line" in window.status.text()
    assert window.windowTitle().startswith("demo_hotel_group (unsaved)")
    assert next(segment.label for segment in window.layout_.customer_segments) == "Leisure guests"


def test_search_selects_centres_and_expands(shown_small: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = shown_small
    chart = window.chart
    bob, flo = chart.index_of("B"), chart.index_of("F")
    window.toggle_collapse(bob)
    assert not window.layout_.visible[flo]
    assert window.search.matches("flo") == [flo]
    with qtbot.waitSignal(window.search.person_found):
        qtbot.keyClicks(window.search, "Flo Fox")
        qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert window.selected == flo
    assert window.layout_.visible[flo]  # her collapsed manager was expanded
    centre = window.view.view_box.viewRect().center()
    assert abs(centre.x() - window.layout_.x[flo]) < 0.01
    assert window.view.people.chain.tolist() == [flo, bob, chart.index_of("A")]


def centred_on(window: MainWindow, node: int) -> bool:
    """The view's range has settled with ``node`` in the middle."""
    centre = window.view.view_box.viewRect().center()
    return abs(centre.x() - window.layout_.x[node]) < 0.01


def test_clicking_a_person_fills_the_details(shown_small: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = shown_small
    chart = window.chart
    cy = chart.index_of("C")
    window.view.centre_on(cy, readable=True)
    qtbot.waitUntil(lambda: centred_on(window, cy))
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=pixel_of(window, cy))
    assert window.selected == cy
    text = window.details.fields.text()
    assert "Cy Cole" in text and "Head of Kitchen" in text
    assert window.details.chain.item(0).text() == "1. Ann Archer - Chief Executive"
    assert window.details.reports.count() == 1
    assert "selected: Cy Cole" in window.status.text()


def test_collapse_hides_the_subtree_and_expand_restores_it(shown_small: MainWindow) -> None:
    window = shown_small
    chart = window.chart
    bob = chart.index_of("B")
    team = [chart.index_of(i) for i in "DEF"]
    window.toggle_collapse(bob)
    assert not window.layout_.visible[team].any()
    assert window.layout_.hidden_below[bob] == 3
    assert window.view.data.in_rect(window.view.view_box.viewRect()).shape[0] == 4
    window.toggle_collapse(bob)
    assert window.layout_.visible.all()


def test_arrow_keys_move_to_manager_report_and_siblings(shown_small: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = shown_small
    chart = window.chart
    window.select(chart.index_of("E"))
    window.view.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert chart.ids[window.selected] == "F"
    qtbot.keyClick(window, Qt.Key.Key_Left)
    qtbot.keyClick(window, Qt.Key.Key_Left)
    assert chart.ids[window.selected] == "D"
    qtbot.keyClick(window, Qt.Key.Key_Down)  # the manager is drawn below in the pyramid
    assert chart.ids[window.selected] == "B"
    qtbot.keyClick(window, Qt.Key.Key_Up)
    assert chart.ids[window.selected] == "D"
    window.set_inverted(False)
    qtbot.keyClick(window, Qt.Key.Key_Up)  # conventional chart: the manager is above
    assert chart.ids[window.selected] == "B"


def test_focus_on_a_team_and_back(shown_small: MainWindow) -> None:
    window = shown_small
    bob = window.chart.index_of("B")
    window.focus_on_team(bob)
    assert window.chart.ids == ["B", "D", "E", "F"]
    assert "team of Bob Baker" in window.status.text()
    window.leave_focus()
    assert len(window.chart) == 7
    assert window.selected == bob


def test_colour_by_and_arrangement_switch(shown_small: MainWindow) -> None:
    window = shown_small
    before = window.view.data.rgb.copy()
    window.set_colour_by(window.state.colour_by.__class__.LEVEL)
    assert not np.array_equal(before, window.view.data.rgb)
    assert "Colour by level" in window.legend.label.text()
    from pyramid_app.model.layout import Arrangement

    window.set_arrangement(Arrangement.FRONT_LINE)
    chart = window.chart
    assert window.layout_.y[chart.index_of("G")] == window.layout_.y[chart.index_of("D")]


def test_unreadable_file_shows_a_message_and_keeps_the_chart(
    shown_small: MainWindow,
    qtbot,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    window = shown_small
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a workbook at all" + bytes(200))
    with qtbot.waitSignal(window.files.import_failed, timeout=10_000):
        window.files.open_path(bad)
    boxes = window.findChildren(QMessageBox)
    assert boxes and "bad.xlsx" in boxes[-1].text()
    assert window.chart is not None and len(window.chart) == 7


def test_findings_dialog_selects_the_person_it_names(window: MainWindow, csv_file, qtbot) -> None:  # type: ignore[no-untyped-def]
    path = csv_file([["id", "manager", "name"], ["1", "", "Ann"], ["2", "ghost", "Bob"]])
    with qtbot.waitSignal(window.chart_shown, timeout=10_000):
        window.files.open_path(path)
    dialog = window.files.findings_dialog
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 0).text() == "org.csv!B3"
    dialog.table.cellClicked.emit(0, 0)
    assert window.chart.ids[window.selected] == "2"
    assert window.settings.value("recent_files") == [str(path)]


def test_mapping_dialog_fixes_columns_before_the_import(
    window: MainWindow, csv_file, qtbot
) -> None:  # type: ignore[no-untyped-def]
    # "code" is not a known id header, and "boss" names managers: the user picks both.
    path = csv_file(
        [
            ["code", "boss", "who", "notes"],
            ["a", "", "Ann", "x"],
            ["b", "a", "Bob", "y"],
            ["c", "b", "Cy", "z"],
        ]
    )
    dialog = window.files.open_with_mapping(path)
    assert dialog is not None
    assert dialog.table.rowCount() == 3
    assert dialog.field_boxes["manager"].currentText() == "boss"
    dialog.field_boxes["id"].setCurrentText("code")
    dialog.field_boxes["name"].setCurrentText("who")
    assert "→ Person id" in dialog.table.horizontalHeaderItem(0).text()
    with qtbot.waitSignal(window.chart_shown, timeout=10_000):
        dialog.accept()
    assert window.chart.ids == ["a", "b", "c"]
    assert window.chart.names == ["Ann", "Bob", "Cy"]
    assert window.chart.parent.tolist() == [-1, 0, 1]
    assert (
        window.files.last_import.mapping.describe(window.files.last_import.headers)["id"] == "code"
    )


def test_dropping_a_file_imports_it(window: MainWindow, small_org: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(small_org))])
    event = QDropEvent(
        QPointF(100, 100),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(window.chart_shown, timeout=10_000):
        window.dropEvent(event)
    assert window.chart.people_count == 7
    assert window.files.recent_menu.actions()[0].text() == small_org.name


def test_cancelled_import_is_dropped(shown_small: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = shown_small
    window.files.open_path(demo_workbook_path(), remember=False)
    worker = window.files.worker
    worker.cancel()
    with qtbot.waitSignal(worker.finished, timeout=20_000, raising=False):
        pass
    qtbot.waitUntil(lambda: not window.files.running_imports, timeout=20_000)
    assert len(window.chart) == 7  # the small organisation is still on screen


def test_hover_shows_a_tooltip(shown_small: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QToolTip

    window = shown_small
    bob = window.chart.index_of("B")
    window.view.centre_on(bob, readable=True)
    qtbot.waitUntil(lambda: centred_on(window, bob))
    scene = window.view.mapToScene(pixel_of(window, bob))
    window.view._on_move(scene)
    assert "Bob Baker" in QToolTip.text()
    assert "3 direct reports" in QToolTip.text()
