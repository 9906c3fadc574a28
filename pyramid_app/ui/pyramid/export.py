"""Pictures of the pyramid for slides and print: PNG (any scale), SVG, PDF (landscape page).

The same code serves File > Export picture and ``pyramid-app render``: the view as it is, with
the title line and the colour key of a :class:`PictureFrame` around it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRect, QRectF, QSize
from PySide6.QtGui import (
    QColor,
    QImage,
    QPageLayout,
    QPageSize,
    QPaintDevice,
    QPainter,
    QPdfWriter,
)
from PySide6.QtSvg import QSvgGenerator

from pyramid_app.ui.pyramid.picture import PictureFrame
from pyramid_app.ui.pyramid.view import PyramidView

PICTURE_SUFFIXES = (".png", ".svg", ".pdf")


def save_picture(
    view: PyramidView, path: Path, scale: float = 1.0, frame: PictureFrame | None = None
) -> Path:
    """Write what ``view`` shows now, framed by ``frame``; the format follows the suffix.

    The picture is the view's size plus the frame's title line and key.
    """
    suffix = path.suffix.lower()
    if suffix not in PICTURE_SUFFIXES:
        raise ValueError(f"{path.name}: choose a .png, .svg or .pdf file name")
    frame = frame or PictureFrame()
    view_size = view.viewport().size()
    size = frame.picture_size(view_size)
    source = QRect(0, 0, view_size.width(), view_size.height())

    def paint(painter: QPainter) -> None:
        painter.fillRect(QRectF(0, 0, size.width(), size.height()), QColor("white"))
        view.render(painter, frame.view_rect(size), source)
        frame.paint(painter, size)

    if suffix == ".png":
        image = QImage(
            QSize(int(size.width() * scale), int(size.height() * scale)),
            QImage.Format.Format_ARGB32,
        )
        image.setDevicePixelRatio(scale)
        image.fill(QColor("white"))
        _paint_on(image, paint)
        if not image.save(str(path)):
            raise OSError(f"could not write {path}")
    elif suffix == ".svg":
        generator = QSvgGenerator()
        generator.setFileName(str(path))
        generator.setSize(size)
        generator.setViewBox(QRect(0, 0, size.width(), size.height()))
        generator.setTitle(frame.title or "Inverted pyramid")
        _paint_on(generator, paint)
    else:
        writer = QPdfWriter(str(path))
        writer.setPageLayout(
            QPageLayout(
                QPageSize(QPageSize.PageSizeId.A4),
                QPageLayout.Orientation.Landscape,
                QMarginsF(10, 10, 10, 10),
            )
        )
        writer.setResolution(150)
        writer.setTitle(frame.title or "Inverted pyramid")

        def fitted(painter: QPainter) -> None:
            page = painter.viewport()
            ratio = min(page.width() / size.width(), page.height() / size.height())
            painter.scale(ratio, ratio)
            paint(painter)

        _paint_on(writer, fitted)
    return path


def _paint_on(device: QPaintDevice, paint: Callable[[QPainter], None]) -> None:
    painter = QPainter(device)
    try:
        paint(painter)
    finally:
        painter.end()
