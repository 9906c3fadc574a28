"""Once a zoom stops, the kept picture is drawn crisply on another thread: the scaled picture is
shown until it arrives, a newer request supersedes an older one, and pictures for files are
drawn at once, as before."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter, QTransform
from test_kept_picture import afresh, on_screen, same_picture

from pyramid_app.model.colouring import ColourBy, colour_nodes
from pyramid_app.model.layout import layout_inverted
from pyramid_app.model.org import OrgChart
from pyramid_app.ui.pyramid.crisp import CrispRenderer
from pyramid_app.ui.pyramid.layer_cache import CACHE_ABOVE, LayerCache, draw_picture
from pyramid_app.ui.pyramid.people_items import PeopleItem
from pyramid_app.ui.pyramid.scene import Frame, SceneData
from pyramid_app.ui.pyramid.view import PyramidView


def big_chart() -> OrgChart:
    """Enough people across the view that it keeps a picture of them."""
    people = 3 * CACHE_ABOVE // 2
    spans = np.random.default_rng(5).integers(3, 9, size=people)
    parent = np.concatenate([[-1], np.repeat(np.arange(people), spans)[: people - 1]])
    return OrgChart.from_parents([f"E{i:05d}" for i in range(people)], parent)


@pytest.fixture
def view(qtbot) -> PyramidView:  # type: ignore[no-untyped-def]
    chart = big_chart()
    shown = PyramidView()
    qtbot.addWidget(shown)
    shown.resize(900, 600)
    shown.show_layout(chart, layout_inverted(chart), colour_nodes(chart, ColourBy.DEPARTMENT).rgb)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def zoom_and_stop(view: PyramidView) -> np.ndarray:
    """A wheel step (the picture drawn scaled), then the zoom stops; the scaled frame."""
    view.people.note_zooming()
    view.view_box.scaleBy((0.8, 0.8))
    scaled = on_screen(view)
    view.people._settled()  # what the single-shot timer does once the wheel stops
    return scaled


def test_the_crisp_picture_arrives_and_equals_the_picture_drawn_at_once(
    view: PyramidView, qtbot
) -> None:  # type: ignore[no-untyped-def]
    cache, crisp = view.people.cache, view.people.crisp
    view.view_box.scaleBy((0.8, 1.0))
    on_screen(view)
    assert cache.renders == 1
    scaled = zoom_and_stop(view)
    with qtbot.waitSignal(crisp.arrived, timeout=10_000):
        pending = on_screen(view)  # asks for the picture at this zoom, shows the scaled one
    assert same_picture(pending, scaled)
    assert cache.renders == 2 and not crisp.pending
    crisp_frame = on_screen(view)
    assert cache.renders == 2  # drawn from the picture that arrived, at its own zoom
    drawn_at_once = afresh(view)  # as a file gets it: synchronously, on this thread
    assert same_picture(crisp_frame, drawn_at_once)
    assert not same_picture(crisp_frame, scaled)


def test_a_frame_while_the_picture_is_drawn_shows_the_scaled_one_and_files_wait_for_nobody(
    view: PyramidView, qtbot
) -> None:  # type: ignore[no-untyped-def]
    cache, crisp = view.people.cache, view.people.crisp
    on_screen(view)
    scaled = zoom_and_stop(view)
    asked = crisp.generation
    first = on_screen(view)
    assert crisp.pending
    # The answer comes through the event loop, so this frame is still before it.
    again = on_screen(view)
    assert crisp.generation == asked + 1  # the same view asks once
    assert same_picture(first, scaled) and same_picture(again, scaled)
    assert cache.renders == 1
    for_a_file = afresh(view)  # drawn here and now, at this zoom: never the scaled picture
    assert not same_picture(for_a_file, scaled)
    assert cache.renders == 1
    qtbot.waitUntil(lambda: cache.renders == 2, timeout=10_000)
    assert same_picture(on_screen(view), for_a_file)


def test_the_view_draws_at_once_when_asked_not_to_wait(view: PyramidView) -> None:
    people = view.people
    people.crisp_in_background = False
    on_screen(view)
    zoom_and_stop(view)
    crisp_frame = on_screen(view)
    assert people.cache.renders == 2 and not people.crisp.pending
    assert same_picture(crisp_frame, afresh(view))


def frame_of(data: SceneData, scale: float) -> Frame:
    """The whole pyramid at ``scale`` pixels a slot, in a 600 x 400 view."""
    x0, _x1, y0, y1 = data.layout.bounds()
    row = 400 / (y1 - y0 + 2)
    transform = QTransform(scale, 0, 0, -row, -scale * x0, row * (y1 + 1))
    inverse, _ = transform.inverted()
    return Frame(
        original=QTransform(),
        rect=inverse.mapRect(QRectF(0, 0, 600, 400)),
        transform=transform,
        width=600,
        height=400,
        data=data,
        slot_px=scale,
        row_px=row,
    )


def test_an_older_picture_finishing_after_a_newer_request_is_dropped(qtbot) -> None:  # type: ignore[no-untyped-def]
    chart = big_chart()
    layout = layout_inverted(chart)
    data = SceneData.build(chart, layout, colour_nodes(chart, ColourBy.DEPARTMENT).rgb)
    x0, x1, y0, y1 = layout.bounds()
    bounds = QRectF(x0 - 1, y0 - 1, x1 - x0 + 2, y1 - y0 + 2)
    cache = LayerCache()
    renderer = CrispRenderer(cache)
    started, release = threading.Event(), threading.Event()

    def held(painter: QPainter, frame: Frame) -> None:  # on the worker: waits to be let go
        started.set()
        release.wait(10)
        PeopleItem.paint_base(painter, frame)

    old, new = frame_of(data, 0.02), frame_of(data, 0.03)
    renderer.request(old, bounds, "content", held)
    assert started.wait(10)  # the older picture is being drawn
    renderer.request(new, bounds, "content", PeopleItem.paint_base)
    with qtbot.waitSignal(renderer.arrived, timeout=10_000):
        release.set()
    assert renderer.dropped == 1
    assert cache.renders == 1
    assert cache.scale == (new.transform.m11(), new.transform.m22())
    assert cache.image is not None
    expected = draw_picture(new, bounds, PeopleItem.paint_base)  # synchronously, here
    assert cache.image == expected.image
    assert renderer.wait(10_000)
