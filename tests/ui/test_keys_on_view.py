"""Arrow keys pressed while the pyramid has focus move the selection, not the scroll bars."""

from __future__ import annotations

from PySide6.QtCore import Qt

from pyramid_app.ui.main_window import MainWindow


def test_arrow_keys_reach_the_window_from_the_focused_view(shown_small: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = shown_small
    chart = window.chart
    window.select(chart.index_of("E"))
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Down)
    assert chart.ids[window.selected] == "B"
    qtbot.keyClick(window.view.viewport(), Qt.Key.Key_Up)
    assert chart.ids[window.selected] == "D"


def test_every_shortcut_in_the_help_exists_in_the_menus(window: MainWindow) -> None:
    from PySide6.QtGui import QAction, QKeySequence

    from pyramid_app.ui.dialogs.help_texts import SHORTCUTS

    bound = {
        action.shortcut().toString(QKeySequence.SequenceFormat.PortableText)
        for action in window.findChildren(QAction)
    }
    for keys, _what in SHORTCUTS:
        for key in keys.split(" / "):
            if key[0].isupper() and key not in ("Down", "Up", "Left", "Right", "Wheel"):
                wanted = key.split(" or ")[0].replace("Enter", "Return")
                assert wanted in bound, wanted


def test_names_appear_before_cards_when_they_fit(shown_small: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = shown_small
    layout = window.layout_
    view = window.view
    # About 60 pixels a slot: too narrow for cards, wide enough for names.
    width = view.view_box.size().width() / 60
    view.view_box.setRange(xRange=(-width / 2, width / 2), yRange=(-1, 3), padding=0)
    view.grab()
    assert view.people.last_mode == "labels"
    view.centre_on(int(layout.visible_index[0]), readable=True)
    view.grab()
    assert view.people.last_mode == "cards"
