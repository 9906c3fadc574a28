"""The colour key lies over the pyramid's narrow-end corner, folded until the planner opens it
(remembered), and takes nothing from the Details dock."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot
from window_samples import shown_window

from pyramid_app.io import read_org
from pyramid_app.ui.main_window import MainWindow


def _window(qtbot: QtBot, tmp_path: Path, small_org: Path) -> MainWindow:
    window = shown_window(qtbot, tmp_path, data_folder=tmp_path)
    window.show_result(read_org(small_org))
    return window


def test_the_key_opens_over_the_views_corner_and_is_remembered(
    qtbot: QtBot, tmp_path: Path, small_org: Path
) -> None:
    window = _window(qtbot, tmp_path, small_org)
    key, view = window.colour_key, window.view
    assert not key.is_open and not window.legend.isVisible()
    assert window.legend.window() is window and not window.details.isAncestorOf(window.legend)
    key.toggle.click()
    assert key.is_open and window.legend.isVisible()
    frame = view.geometry()
    assert frame.contains(key.geometry())  # over the view, in its lower right corner
    assert (
        key.geometry().bottom() > frame.center().y() and key.geometry().left() > frame.center().x()
    )
    window.set_inverted(False)  # the chief executive on top: the narrow end is the top
    assert key.geometry().top() < frame.center().y()
    window.close()
    again = _window(qtbot, tmp_path, small_org)
    assert again.colour_key.is_open
