"""The pyramid coloured by coverage as PNG bytes, for the action plan's Summary sheet.

Drawn offscreen into its own view, like ``pyramid-app render``: the whole organisation whatever
the window shows (a focused team, collapsed groups), so the picture in the workbook is always
the whole pyramid. Needs a QApplication; the CLI makes a headless one.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import cast

import shiboken6
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication

from pyramid_app.model.colouring import ColourBy, Colouring, colour_nodes
from pyramid_app.model.coverage import Coverage
from pyramid_app.model.layout import Arrangement, LayoutOptions, layout_inverted
from pyramid_app.model.project import Project
from pyramid_app.ui.pyramid.view import PyramidView

PICTURE_SIZE = (1400, 900)
PICTURE_SCALE = 1.5


def pyramid_png(
    project: Project,
    coverage: Coverage,
    arrangement: Arrangement = Arrangement.TREE,
    size: tuple[int, int] = PICTURE_SIZE,
    scale: float = PICTURE_SCALE,
) -> bytes:
    """The whole pyramid of ``project`` coloured by ``coverage``, as a PNG file's bytes."""
    colouring = colour_nodes(project.chart, ColourBy.COVERAGE, coverage)
    with coverage_view(project, colouring, arrangement, QSize(*size)) as view:
        width, height = view.viewport().width(), view.viewport().height()
        image = QImage(QSize(int(width * scale), int(height * scale)), QImage.Format.Format_RGB32)
        image.setDevicePixelRatio(scale)
        image.fill(QColor("white"))
        painter = QPainter(image)
        view.render(painter, QRectF(0, 0, width, height), QRect(0, 0, width, height))
        painter.end()
    return png_bytes(image)


@contextmanager
def coverage_view(
    project: Project, colouring: Colouring, arrangement: Arrangement, size: QSize
) -> Iterator[PyramidView]:
    """A view of the whole of ``project`` in ``colouring``, laid out and fitted at ``size`` but
    never on screen, for as long as a picture is drawn from it."""
    if QApplication.instance() is None:
        raise RuntimeError("a QApplication is needed to draw the pyramid")
    chart = project.chart
    layout = layout_inverted(chart, LayoutOptions(arrangement=arrangement), project.customers)
    view = PyramidView()
    try:
        # Laid out as if shown, never on screen: no window flashes up while the picture is made.
        view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        view.resize(size)
        view.show_layout(chart, layout, colouring.rgb)
        view.set_link_served(colouring.link_served)
        view.show()
        view.fit()
        QApplication.processEvents()
        yield view
    finally:
        view.close()
        # Now, not once an event loop runs: the command line has none, and a million people's
        # scene would stay in memory for the rest of the export (200 MB).
        shiboken6.delete(view)


def png_bytes(image: QImage) -> bytes:
    """``image`` as the bytes of a PNG file."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, cast(bytes, "PNG")):  # PySide6 takes str only; its stubs say bytes
        raise OSError("the pyramid picture could not be made")
    buffer.close()
    return bytes(data.data())
