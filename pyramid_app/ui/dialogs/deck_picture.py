"""The pyramid coloured by coverage, with its colour key, as PNG bytes for the steering deck.

Drawn offscreen into its own view, like ``pyramid-app render --colour-by coverage``: the whole
organisation whatever the window shows. The picture is laid out at ``LOGICAL_PPI`` pixels per
inch of the slide, so the key's text and the names on the pyramid come out at a size a room can
read (about 11 pt), and rendered at the deck's resolution (200 pixels per inch), so it stays
sharp on a projector. Needs a QApplication; the command line makes a headless one.
"""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication

from pyramid_app.io.deck.geometry import PICTURE_DPI, pyramid_pixels
from pyramid_app.model.colouring import ColourBy, colour_nodes
from pyramid_app.model.coverage import Coverage
from pyramid_app.model.layout import Arrangement, LayoutOptions, layout_inverted
from pyramid_app.model.project import Project
from pyramid_app.ui.pyramid.picture import picture_frame
from pyramid_app.ui.pyramid.view import PyramidView

LOGICAL_PPI = 80  # the view's pixels per inch of the slide: its text at 12 px reads as 11 pt


def deck_pyramid_png(
    project: Project,
    coverage: Coverage,
    arrangement: Arrangement = Arrangement.TREE,
    dpi: int = PICTURE_DPI,
) -> bytes:
    """The whole pyramid of ``project`` coloured by ``coverage``, its key on the right, as the
    bytes of a PNG of :func:`~pyramid_app.io.deck.geometry.pyramid_pixels` (``dpi``)."""
    if QApplication.instance() is None:
        raise RuntimeError("a QApplication is needed to draw the pyramid")
    chart = project.chart
    colouring = colour_nodes(chart, ColourBy.COVERAGE, coverage)
    frame = picture_frame(
        project.name, chart.people_count, colouring, ColourBy.COVERAGE, title="", day=coverage.today
    )
    pixels = pyramid_pixels(dpi)
    scale = dpi / LOGICAL_PPI
    picture = QSize(round(pixels[0] / scale), round(pixels[1] / scale))
    layout = layout_inverted(chart, LayoutOptions(arrangement=arrangement), project.customers)
    view = PyramidView()
    try:
        # Laid out as if shown, never on screen: no window flashes up while the picture is made.
        view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        view.resize(frame.view_size(picture))
        view.show_layout(chart, layout, colouring.rgb)
        view.set_link_served(colouring.link_served)
        view.show()
        view.fit()
        QApplication.processEvents()
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
    finally:
        view.close()
        view.deleteLater()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, cast(bytes, "PNG")):  # PySide6 takes str only; its stubs say bytes
        raise OSError("the pyramid picture could not be made")
    buffer.close()
    return bytes(data.data())
