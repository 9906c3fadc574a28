"""Links go into pixels as one array of lines, those of elbows outside the frame dropped: the
same pixels as the one path a style they were drawn as before, which SVG and PDF still get."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from PySide6.QtCore import QBuffer, QIODevice, QRect, QSize
from PySide6.QtGui import QImage, QPainter, QPicture, QTransform
from PySide6.QtSvg import QSvgGenerator

from pyramid_app.model.colouring import ColourBy, colour_nodes
from pyramid_app.model.layout import layout_inverted
from pyramid_app.model.org import OrgChart
from pyramid_app.ui.pyramid.links import elbows, paint_links
from pyramid_app.ui.pyramid.scene import SceneData

SIZE = QSize(900, 500)
WINDOW = (900.0, 500.0)


@pytest.fixture
def data(qapp) -> SceneData:  # type: ignore[no-untyped-def]
    """3,000 people, three to eight reports each; half the links served."""
    people = 3_000
    spans = np.random.default_rng(11).integers(3, 9, size=people)
    parent = np.concatenate([[-1], np.repeat(np.arange(people), spans)[: people - 1]])
    chart = OrgChart.from_parents([f"E{i:04d}" for i in range(people)], parent)
    shown = SceneData.build(
        chart, layout_inverted(chart), colour_nodes(chart, ColourBy.DEPARTMENT).rgb
    )
    shown.set_link_served(np.random.default_rng(12).random(people) < 0.5)
    return shown


def pixels(paint: Callable[[QPainter], None]) -> np.ndarray:
    image = QImage(SIZE, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0xFFFFFFFF)
    painter = QPainter(image)
    paint(painter)
    painter.end()
    return np.frombuffer(image.constBits(), dtype=np.uint32).reshape(SIZE.height(), -1).copy()


def as_paths(paint: Callable[[QPainter], None]) -> QPicture:
    """What ``paint`` draws on a recording device (not pixels): paths, replayed later."""
    picture = QPicture()
    painter = QPainter(picture)
    paint(painter)
    painter.end()
    return picture


@pytest.mark.parametrize("slot_px", [3.0, 12.0, 60.0])
def test_the_lines_paint_the_pixels_the_paths_painted(data: SceneData, slot_px: float) -> None:
    reports = np.flatnonzero(data.chart.parent >= 0)
    # Part of the pyramid beyond the image at 3 pixels a slot, most of it at 60.
    transform = QTransform(slot_px, 0, 0, -40.0, -slot_px * float(np.median(data.layout.x)), 420.3)

    def links(painter: QPainter) -> None:
        paint_links(painter, data, transform, reports, slot_px, WINDOW)

    lines = pixels(links)
    recorded = as_paths(links)
    paths = pixels(lambda painter: painter.drawPicture(0, 0, recorded))
    assert np.array_equal(lines, paths)
    assert np.count_nonzero(lines != 0xFFFFFFFF) > 1000
    every = elbows(data.layout, data.chart.parent, transform, reports)
    # Reports straight above their manager: no line across goes nowhere (drawn as a dot).
    assert every.shape[0] < 3 * reports.shape[0]
    if slot_px == 60.0:
        shown = elbows(data.layout, data.chart.parent, transform, reports, WINDOW)
        assert shown.shape[0] < every.shape[0] / 2  # most elbows are out of the frame


def test_svg_gets_one_path_a_style(data: SceneData) -> None:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(SIZE)
    generator.setViewBox(QRect(0, 0, SIZE.width(), SIZE.height()))
    painter = QPainter(generator)
    reports = np.flatnonzero(data.chart.parent >= 0)
    paint_links(painter, data, QTransform(3.0, 0, 0, -40.0, 10.0, 420.0), reports, 3.0, WINDOW)
    painter.end()
    svg = bytes(buffer.data()).decode()
    # Faint and firm, served and not: at most four paths, however many links.
    assert 0 < svg.count("<path") <= 4
    assert "<polyline" not in svg and "<line" not in svg
