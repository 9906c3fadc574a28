"""A big view's kept picture carries the background and the tiers' shading under the marks (an
opaque copy each frame): whatever changes how the shading looks shows at once, never a stale
band, and the frame is pixel for pixel a fresh drawing of the same view."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QColor, QImage, QPainter

from pyramid_app.model.colouring import ColourBy, colour_nodes
from pyramid_app.model.layout import layout_inverted
from pyramid_app.model.org import OrgChart
from pyramid_app.ui.pyramid.layer_cache import CACHE_ABOVE
from pyramid_app.ui.pyramid.scene import CUSTOMER_CHOSEN
from pyramid_app.ui.pyramid.view import PyramidView


def pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    return np.frombuffer(image.constBits(), dtype=np.uint32).reshape(image.height(), -1).copy()


def on_screen(view: PyramidView) -> np.ndarray:
    """The view as painted on screen now: through the kept picture."""
    return pixels(view.grab().toImage())


def afresh(view: PyramidView) -> np.ndarray:
    """The same view drawn for a file: everything painted anew, no kept picture."""
    image = QImage(view.viewport().size(), QImage.Format.Format_RGB32)
    image.fill(0xFFFFFFFF)
    painter = QPainter(image)
    view.render(painter)
    painter.end()
    return pixels(image)


@pytest.fixture
def view(qtbot) -> PyramidView:  # type: ignore[no-untyped-def]
    """A view too big to draw afresh every frame, with two customer segments."""
    people = 3 * CACHE_ABOVE // 2
    spans = np.random.default_rng(5).integers(3, 9, size=people)
    parent = np.concatenate([[-1], np.repeat(np.arange(people), spans)[: people - 1]])
    chart = OrgChart.from_parents([f"E{i:05d}" for i in range(people)], parent)
    layout = layout_inverted(chart, customer_segments=["Guests", "Companies"])
    shown = PyramidView()
    qtbot.addWidget(shown)
    shown.resize(900, 600)
    shown.show_layout(chart, layout, colour_nodes(chart, ColourBy.DEPARTMENT).rgb)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def settled(view: PyramidView, qtbot) -> np.ndarray:  # type: ignore[no-untyped-def]
    """The view on screen once the picture at this zoom, drawn on the worker, has arrived."""
    on_screen(view)  # asks for it, showing the scaled one meanwhile
    qtbot.waitUntil(lambda: not view.people.crisp.pending, timeout=10_000)
    return on_screen(view)


def chosen_pixels(frame: np.ndarray) -> int:
    """How many pixels have the chosen segment's shading."""
    return int(np.count_nonzero(frame & 0xFFFFFF == QColor(CUSTOMER_CHOSEN).rgb() & 0xFFFFFF))


def test_the_frame_shows_the_chosen_segment_at_once_from_the_kept_picture(
    view: PyramidView,
) -> None:
    cache = view.people.cache
    before = on_screen(view)
    renders = cache.renders
    assert cache.image is not None and not cache.image.hasAlphaChannel()  # backdrop in it
    assert chosen_pixels(before) == 0

    view.set_chosen_segment("Guests")
    chosen = on_screen(view)
    # The picture kept at this zoom showed the old band: it was drawn again, with the new one.
    assert cache.renders == renders + 1
    assert chosen_pixels(chosen) > 1000
    assert np.array_equal(chosen, afresh(view))  # the same painting, in the same order

    view.set_chosen_segment(None)
    assert np.array_equal(on_screen(view), before)


def test_a_new_text_size_reshapes_the_kept_shading(view: PyramidView, qtbot) -> None:  # type: ignore[no-untyped-def]
    # Larger text widens the tiers' shading around their outermost people (room for cards).
    view.view_box.scaleBy((0.8, 1.0))  # not refitted when the text size changes
    normal = settled(view, qtbot)
    view.set_text_scale(1.75)
    larger = on_screen(view)
    assert not np.array_equal(larger, normal)
    assert np.array_equal(larger, afresh(view))


def test_panning_and_zooming_paint_every_pixel(view: PyramidView, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Around the picture the background and the shading are painted, by whole pixels,
    wherever the picture lands: the frame is a fresh drawing's."""
    box, cache = view.view_box, view.people.cache
    box.scaleBy((0.7, 0.7))
    settled(view, qtbot)
    size = view.viewport().width() * view.viewport().height()
    for step in (36, -80):  # whole pixels, as a drag with the mouse moves
        box.translateBy(x=step * box.viewPixelSize()[0], y=step / 2 * box.viewPixelSize()[1])
        assert np.array_equal(on_screen(view), afresh(view))
    # Zooming out from the whole pyramid: the picture, scaled down, is smaller than the view.
    view.fit()
    settled(view, qtbot)
    renders = cache.renders
    view.people.note_zooming()
    box.scaleBy((1.2, 1.2))
    scaled = on_screen(view)  # the picture scaled, until the wheel stops
    assert cache.renders == renders
    frame = view.people.screen_frame()
    assert frame is not None
    placed = cache.placed(frame, cache.content)
    assert placed is not None and not placed[1]
    rect = placed[0].toAlignedRect().adjusted(-1, -1, 1, 1)
    around = np.ones(scaled.shape, dtype=bool)
    around[max(rect.top(), 0) : rect.bottom() + 1, max(rect.left(), 0) : rect.right() + 1] = False
    assert around.sum() > 0.05 * size  # the picture is smaller than the view
    # Around the scaled picture, the frame is what a fresh drawing has there.
    assert np.array_equal(scaled[around], afresh(view)[around])
    view.people._settled()  # what the timer does once the wheel stops
    assert np.array_equal(settled(view, qtbot), afresh(view))
    assert cache.renders == renders + 1
