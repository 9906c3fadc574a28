"""The wheel zooms about the pointer: the point under it stays put, across and up and down."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from pyramid_app.io import read_org
from pyramid_app.io.demo import demo_workbook_path
from pyramid_app.ui.main_window import MainWindow

NOTCH = 120  # one click of a mouse wheel


@pytest.fixture
def demo(window: MainWindow) -> MainWindow:
    """The demo hotel group: 380 people on seven levels, far wider than tall."""
    window.show_result(read_org(demo_workbook_path()))
    return window


def turn_wheel(window: MainWindow, pos: QPoint, delta: int) -> None:
    """A real wheel event on the view's viewport, as the mouse sends it."""
    viewport = window.view.viewport()
    event = QWheelEvent(
        QPointF(pos),
        QPointF(viewport.mapToGlobal(pos)),
        QPoint(0, 0),
        QPoint(0, delta),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(viewport, event)


def point_under(window: MainWindow, pos: QPoint) -> QPointF:
    """The layout coordinates drawn at viewport pixel ``pos``."""
    return window.view.view_box.mapSceneToView(window.view.mapToScene(pos))


def drift_in_pixels(window: MainWindow, before: QPointF, pos: QPoint) -> tuple[float, float]:
    after = point_under(window, pos)
    pixel_w, pixel_h = window.view.view_box.viewPixelSize()
    return abs(after.x() - before.x()) / pixel_w, abs(after.y() - before.y()) / pixel_h


@pytest.mark.parametrize("where", ["top", "middle", "bottom"])
def test_wheel_keeps_the_point_under_the_pointer(demo: MainWindow, where: str) -> None:
    window = demo
    viewport = window.view.viewport()
    height = viewport.height()
    y = {"top": height // 12, "middle": height // 2, "bottom": height - height // 12}[where]
    pos = QPoint(viewport.width() // 3, y)
    window.view.fit()
    fitted = window.view.view_box.viewRange()
    smallest_y = window.view.view_box.state["limits"]["yRange"][0]
    heights = []
    for delta in [NOTCH] * 10 + [-NOTCH] * 10:
        before = point_under(window, pos)
        turn_wheel(window, pos, delta)
        dx, dy = drift_in_pixels(window, before, pos)
        assert dx < 0.5 and dy < 0.5, f"{where}: the point moved {dx:.1f}, {dy:.1f} px"
        (_x0, _x1), (y0, y1) = window.view.view_box.viewRange()
        heights.append(y1 - y0)
    # Ten notches in reach the vertical limit, where the old zoom slid the picture.
    assert min(heights) == pytest.approx(smallest_y)
    # Back out by as many notches: the same view as before.
    for axis in (0, 1):
        assert window.view.view_box.viewRange()[axis] == pytest.approx(fitted[axis], abs=1e-6)


def test_zoom_in_at_one_place_and_out_at_others(demo: MainWindow) -> None:
    window = demo
    view_box = window.view.view_box
    viewport = window.view.viewport()
    width, height = viewport.width(), viewport.height()
    steps = [(QPoint(width // 3, height // 6), NOTCH)] * 9
    steps += [(QPoint(width // 5, height // 10), -NOTCH)] * 3
    steps += [(QPoint(width * 4 // 5, height * 9 // 10), -NOTCH)] * 3
    heights = []
    for pos, delta in steps:
        before = point_under(window, pos)
        turn_wheel(window, pos, delta)
        dx, dy = drift_in_pixels(window, before, pos)
        assert dx < 0.5 and dy < 0.5, f"the point moved {dx:.1f}, {dy:.1f} px"
        (_x0, _x1), (low, high) = view_box.viewRange()
        heights.append(high - low)
    assert heights[-1] > 1.5 * min(heights)  # zoomed out vertically too
