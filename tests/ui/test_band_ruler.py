"""The tiers' names sit in a ruler beside the pyramid, never over a person; the shading holds
every person on screen; the customers' segment names wrap rather than being cut."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QImage

from pyramid_app.io import read_org
from pyramid_app.io.demo import demo_workbook_path
from pyramid_app.model.layout import Arrangement
from pyramid_app.ui.main_window import MainWindow
from pyramid_app.ui.pyramid.band_ruler import RULER_MIN_WIDTH, RULER_WIDTH

MARK_HALF = 5  # pixels: the widest mark is ten pixels


@pytest.fixture
def demo(window: MainWindow) -> MainWindow:
    window.resize(1400, 860)
    window.show_result(read_org(demo_workbook_path()))
    return window


def people_on_screen(window: MainWindow) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Visible people and their places on the view widget, (nodes, x, y)."""
    layout = window.layout_
    view = window.view
    nodes = layout.visible_index
    to_widget = view.viewportTransform()  # mapFromScene would round to whole pixels
    origin = to_widget.map(view.view_box.mapViewToScene(QPointF(0.0, 0.0)))
    unit = to_widget.map(view.view_box.mapViewToScene(QPointF(1.0, 1.0)))
    x = origin.x() + (unit.x() - origin.x()) * layout.x[nodes]
    y = origin.y() + (unit.y() - origin.y()) * layout.y[nodes]
    return nodes, x, y


def painted(window: MainWindow) -> QImage:
    """The view as it is painted now (grab paints it, so the ruler records its names)."""
    return window.view.grab().toImage()


def label_boxes(window: MainWindow) -> list[tuple[float, float, float, float, str]]:
    """The ruler's names as (left, top, right, bottom, text) on the view widget."""
    view, ruler = window.view, window.view.ruler
    boxes = []
    for label in ruler.painted:
        box = view.viewportTransform().mapRect(ruler.mapRectToScene(label.box))
        text = " / ".join(label.lines).replace("\u00a0", " ")
        boxes.append((box.left(), box.top(), box.right(), box.bottom(), text))
    return boxes


@pytest.mark.parametrize("zoom", ["fit", "left edge", "close"])
def test_band_names_never_cover_a_person(demo: MainWindow, zoom: str) -> None:
    window = demo
    layout = window.layout_
    if zoom == "left edge":
        # People touch the left edge of the view, where names used to be drawn over them.
        left = float(np.nanmin(layout.x))
        window.view.view_box.setRange(xRange=(left - 0.2, left + 40), yRange=(-0.5, 6.5), padding=0)
    elif zoom == "close":
        left = float(np.nanmin(layout.x[layout.tier == 3]))
        window.view.view_box.setRange(xRange=(left - 0.3, left + 6), yRange=(2, 4), padding=0)
    painted(window)
    boxes = label_boxes(window)
    texts = [box[4] for box in boxes]
    if zoom == "fit":
        assert "Level 5 · 91 / 72 front line" in texts
        assert "Chief executive · 1" in texts
        assert "Customers" in texts
    else:
        assert any(text.startswith("Level 3 · 43") for text in texts)
    _nodes, x, y = people_on_screen(window)
    for left, top, right, bottom, text in boxes:
        covered = (
            (x + MARK_HALF >= left)
            & (x - MARK_HALF <= right)
            & (y + MARK_HALF >= top)
            & (y - MARK_HALF <= bottom)
        )
        assert not covered.any(), f"{text!r} covers {int(covered.sum())} people"
    # The names are beside the view box, not in it.
    ruler_right = window.view.ruler.mapRectToScene(window.view.ruler.boundingRect()).right()
    assert (
        ruler_right
        <= window.view.view_box.mapRectToScene(window.view.view_box.boundingRect()).left() + 0.5
    )


@pytest.mark.parametrize("arrangement", list(Arrangement))
def test_the_shading_holds_every_person_on_screen(
    demo: MainWindow, arrangement: Arrangement
) -> None:
    window = demo
    window.set_arrangement(arrangement)
    for item in (window.view.people, getattr(window.view, "links", None)):
        if item is not None:
            item.hide()  # the shading under the people is what is checked
    for view_range in (None, (-90.0, -40.0, 0.0, 7.0)):
        if view_range is not None:
            x0, x1, y0, y1 = view_range
            window.view.view_box.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)
        image = painted(window)
        _nodes, x, y = people_on_screen(window)
        box = window.view.view_box.mapRectToScene(window.view.view_box.boundingRect())
        inside = (x > box.left() + 3) & (x < box.right() - 3) & (y > 3) & (y < image.height() - 3)
        assert inside.sum() > 20
        for px, py in zip(x[inside].tolist(), y[inside].tolist(), strict=True):
            for dx in (-2, 0, 2):
                colour = image.pixelColor(int(px) + dx, int(py))
                assert colour.name() != "#ffffff", (arrangement, view_range, px + dx, py)


def test_segment_names_wrap_before_they_are_cut(demo: MainWindow) -> None:
    window = demo
    painted(window)
    lines = window.view.labels.segment_lines
    assert set(lines) == set(window.project.customers)
    for segment, written in lines.items():
        assert " ".join(written) == segment, written
        assert 1 <= len(written) <= 3
    assert len(lines["Event and conference organisers"]) >= 2


def test_a_narrow_view_gets_a_narrower_ruler_whose_names_still_fit(demo: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    """With docks open the view is narrow: the ruler gives the pyramid room and wraps the names;
    a collapse, which changes the names, leaves its width alone."""
    window = demo
    view, ruler = window.view, window.view.ruler
    qtbot.waitUntil(lambda: ruler.size().width() == RULER_WIDTH)
    window.resize(760, 860)
    qtbot.waitUntil(lambda: ruler.size().width() < RULER_WIDTH)
    width = ruler.size().width()
    assert width >= RULER_MIN_WIDTH
    painted(window)
    assert ruler.painted
    for left, _top, right, _bottom, _text in label_boxes(window):
        assert left >= 0 and right <= width + 1
    assert any(len(label.lines) > 1 for label in ruler.painted)  # wrapped, not cut
    chart = window.chart
    manager = int(chart.level_nodes[1][np.argmax(chart.subtree_size[chart.level_nodes[1]])])
    window.toggle_collapse(manager)
    assert ruler.size().width() == width
    assert view.view_box.pos().x() == width
