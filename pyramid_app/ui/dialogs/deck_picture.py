"""The pyramid coloured by coverage, with its colour key, as PNG bytes for the steering deck.

Drawn offscreen into its own view, like ``pyramid-app render --colour-by coverage``: the whole
organisation whatever the window shows. The picture is laid out at ``LOGICAL_PPI`` pixels per
inch of the slide, so the key's text and the names on the pyramid come out at a size a room can
read (about 11 pt), and rendered at the deck's resolution (200 pixels per inch), so it stays
sharp on a projector. Needs a QApplication; the command line makes a headless one.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QColor, QImage, QPainter

from pyramid_app.io.deck.geometry import PICTURE_DPI, pyramid_pixels
from pyramid_app.model.colouring import ColourBy, colour_nodes
from pyramid_app.model.coverage import Coverage
from pyramid_app.model.layout import Arrangement
from pyramid_app.model.project import Project
from pyramid_app.ui.dialogs.action_plan_picture import coverage_view, png_bytes
from pyramid_app.ui.pyramid.picture import picture_frame

LOGICAL_PPI = 80  # the view's pixels per inch of the slide: its text at 12 px reads as 11 pt


def deck_pyramid_png(
    project: Project,
    coverage: Coverage,
    arrangement: Arrangement = Arrangement.TREE,
    dpi: int = PICTURE_DPI,
) -> bytes:
    """The whole pyramid of ``project`` coloured by ``coverage``, its key on the right, as the
    bytes of a PNG of :func:`~pyramid_app.io.deck.geometry.pyramid_pixels` (``dpi``)."""
    chart = project.chart
    colouring = colour_nodes(chart, ColourBy.COVERAGE, coverage)
    frame = picture_frame(
        project.name, chart.people_count, colouring, ColourBy.COVERAGE, title="", day=coverage.today
    )
    pixels = pyramid_pixels(dpi)
    scale = dpi / LOGICAL_PPI
    picture = QSize(round(pixels[0] / scale), round(pixels[1] / scale))
    with coverage_view(project, colouring, arrangement, frame.view_size(picture)) as view:
        source = view.viewport().size()
        image = QImage(QSize(*pixels), QImage.Format.Format_RGB32)
        image.setDevicePixelRatio(scale)
        image.fill(QColor("white"))
        painter = QPainter(image)
        try:
            view.render(
                painter,
                frame.view_rect(picture),
                QRect(0, 0, source.width(), source.height()),
            )
            frame.paint(painter, picture)
        finally:
            painter.end()
    return png_bytes(image)
