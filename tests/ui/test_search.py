"""Find a person: hits anywhere in the organisation, a clear word when nobody matches."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from pyramid_app.io import read_org
from pyramid_app.ui.main_window import MainWindow


def test_a_hit_outside_the_focused_team_leaves_the_focus(shown_small: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = shown_small
    chart = window.chart
    assert chart is not None
    window.focus_on_team(chart.index_of("B"))  # Bob's team: Gil is not in it
    qtbot.keyClicks(window.search, "Gil")
    with qtbot.waitSignal(window.selection_changed):
        qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert window.state.focus_ids == []
    assert window.state.selected == "G"


def test_nobody_matching_is_said_and_a_new_file_clears_the_box(
    shown_small: MainWindow, small_org: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    window = shown_small
    qtbot.keyClicks(window.search, "Zebedee")
    with qtbot.waitSignal(window.search.nothing_found) as nothing:
        qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert nothing.args == ["Zebedee"]
    assert window.statusBar().currentMessage() == "No one matches “Zebedee”."
    assert "background" in window.search.styleSheet()
    window.show_result(read_org(small_org))
    assert window.search.text() == ""
    assert window.search.styleSheet() == ""
