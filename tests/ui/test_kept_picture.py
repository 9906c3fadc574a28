"""A big view keeps a picture of its marks and links: panning at the same zoom draws it shifted,
zooming draws it scaled until the zoom stops, and pictures for files are always drawn afresh."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QImage, QPainter

from pyramid_app.model.org import OrgChart
from pyramid_app.model.project import OrgSource, Project
from pyramid_app.ui.main_window import MainWindow
from pyramid_app.ui.pyramid.layer_cache import CACHE_ABOVE
from pyramid_app.ui.pyramid.view import PyramidView


def on_screen(view: PyramidView) -> np.ndarray:
    """The view as painted on screen now (through the kept picture when there is one)."""
    image = view.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    return np.frombuffer(image.constBits(), dtype=np.uint32).reshape(image.height(), -1).copy()


def afresh(view: PyramidView) -> np.ndarray:
    """The same view drawn for a file: into an image, never from the kept picture."""
    size = view.viewport().size()
    image = QImage(size, QImage.Format.Format_RGB32)
    image.fill(0xFFFFFFFF)
    painter = QPainter(image)
    view.render(painter)
    painter.end()
    return np.frombuffer(image.constBits(), dtype=np.uint32).reshape(image.height(), -1).copy()


def same_picture(a: np.ndarray, b: np.ndarray) -> bool:
    """Equal up to rounding: links drawn into the transparent picture and then onto the bands
    blend a unit differently from links drawn onto the bands directly, and a mark exactly
    half a pixel off may land on either side. A picture off by a pixel or scaled differs in
    far more places."""
    channels = [(a >> shift & 0xFF).astype(int) - (b >> shift & 0xFF) for shift in (0, 8, 16)]
    apart = np.max(np.abs(channels), axis=0) > 3
    return a.shape == b.shape and np.count_nonzero(apart) <= 0.001 * a.size


def test_a_big_view_pans_and_zooms_from_its_picture_and_files_are_drawn_afresh(
    window: MainWindow, qtbot
) -> None:  # type: ignore[no-untyped-def]
    people = 3 * CACHE_ABOVE // 2
    spans = np.random.default_rng(5).integers(3, 9, size=people)
    parent = np.concatenate([[-1], np.repeat(np.arange(people), spans)[: people - 1]])
    chart = OrgChart.from_parents([f"E{i:05d}" for i in range(people)], parent)
    window.set_project(Project(chart, OrgSource("big.xlsx")))
    view, cache = window.view, window.view.people.cache
    box = view.view_box
    box.scaleBy((0.8, 1.0))  # not at fit, so the picture covers more than the view
    first = on_screen(view)
    assert cache.renders == 1
    assert same_picture(first, afresh(view))
    assert cache.renders == 1  # the file's drawing did not touch the kept picture

    # Panning at the same zoom: the picture is drawn shifted, as a fresh drawing would be.
    # By whole pixels, as a drag with the mouse does.
    box.translateBy(x=40 * box.viewPixelSize()[0])
    panned = on_screen(view)
    assert cache.renders == 1
    assert not same_picture(panned, first)
    assert same_picture(panned, afresh(view))

    # Zooming with the wheel: scaled until the zoom stops, then drawn crisply at the new zoom.
    view.people.note_zooming()
    box.scaleBy((0.8, 0.8))
    scaled = on_screen(view)
    assert cache.renders == 1
    crisp = afresh(view)  # a picture for a file, made while zooming, is not the scaled one
    assert not same_picture(scaled, crisp)
    qtbot.waitUntil(lambda: cache.renders == 2, timeout=10_000)
    assert same_picture(on_screen(view), crisp)
