"""Collapsing and expanding a team leave the clicked manager under the pointer, and the status
bar says how many of the people are shown."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt

from pyramid_app.io import read_org
from pyramid_app.io.demo import demo_workbook_path
from pyramid_app.ui.main_window import MainWindow


@pytest.fixture
def demo(window: MainWindow) -> MainWindow:
    window.show_result(read_org(demo_workbook_path()))
    return window


def pixel_of(window: MainWindow, node: int) -> QPointF:
    layout = window.layout_
    assert layout is not None and layout.visible[node]
    scene = window.view.view_box.mapViewToScene(
        QPointF(float(layout.x[node]), float(layout.y[node]))
    )
    return window.view.mapFromScene(scene).toPointF()


def double_click(qtbot, window: MainWindow, pos: QPoint) -> None:  # type: ignore[no-untyped-def]
    """Press, release, double-click, release: what a mouse sends for a double-click."""
    viewport = window.view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=pos)


def off_centre_manager(window: MainWindow) -> int:
    """A manager with a big team, well left of the middle, whose place a collapse changes."""
    chart, layout = window.chart, window.layout_
    managers = chart.managers()
    middle = np.nanmean(layout.x)
    left = managers[(layout.x[managers] < middle - 20) & (chart.depth[managers] == 2)]
    return int(left[np.argmax(chart.subtree_size[left])])


def test_double_click_collapses_and_expands_under_the_pointer(demo: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = demo
    chart = window.chart
    manager = off_centre_manager(window)
    team = int(chart.subtree_size[manager]) - 1
    x, y = float(window.layout_.x[manager]), float(window.layout_.y[manager])
    window.view.view_box.setRange(xRange=(x - 40, x + 60), yRange=(y - 2, y + 3), padding=0)
    where = pixel_of(window, manager)
    pointer = where.toPoint()
    with qtbot.waitSignal(window.chart_shown):
        double_click(qtbot, window, pointer)
    assert window.layout_.hidden_below[manager] == team
    after = pixel_of(window, manager)
    assert (after - where).manhattanLength() < 1.0, f"moved from {where} to {after}"
    assert window.view.node_at(window.view.mapToScene(pointer)) == manager
    shown = chart.people_count - team
    assert f"people {shown:,} of {chart.people_count:,} shown" in window.status.text()

    with qtbot.waitSignal(window.chart_shown):
        double_click(qtbot, window, pointer)
    assert window.layout_.visible.all()
    after = pixel_of(window, manager)
    assert (after - where).manhattanLength() < 1.0, f"moved from {where} to {after}"
    assert f"people {chart.people_count:,}" in window.status.text()
    assert " shown" not in window.status.text()


def test_toggle_collapse_keeps_the_person_in_place(demo: MainWindow) -> None:
    window = demo
    manager = off_centre_manager(window)
    x, y = float(window.layout_.x[manager]), float(window.layout_.y[manager])
    window.view.view_box.setRange(xRange=(x - 30, x + 30), yRange=(y - 2, y + 3), padding=0)
    where = pixel_of(window, manager)
    window.toggle_collapse(manager)
    assert (pixel_of(window, manager) - where).manhattanLength() < 1.0
    window.toggle_collapse(manager)
    assert (pixel_of(window, manager) - where).manhattanLength() < 1.0
