"""Pictures of the pyramid for slides and print: PNG (any scale), SVG, PDF (landscape page)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QRect, QRectF, QSize
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtSvg import QSvgGenerator

from pyramid_app.ui.pyramid.view import PyramidView

PICTURE_SUFFIXES = (".png", ".svg", ".pdf")


def save_picture(view: PyramidView, path: Path, scale: float = 1.0) -> Path:
    """Write what ``view`` shows now; the format follows the file's suffix."""
    suffix = path.suffix.lower()
    if suffix not in PICTURE_SUFFIXES:
        raise ValueError(f"{path.name}: choose a .png, .svg or .pdf file name")
    size = view.viewport().size()
    source = QRect(0, 0, size.width(), size.height())
    if suffix == ".png":
        image = QImage(
            QSize(int(size.width() * scale), int(size.height() * scale)),
            QImage.Format.Format_ARGB32,
        )
        image.setDevicePixelRatio(scale)
        image.fill(QColor("white"))
        painter = QPainter(image)
        view.render(painter, QRectF(0, 0, size.width(), size.height()), source)
        painter.end()
        if not image.save(str(path)):
            raise OSError(f"could not write {path}")
    elif suffix == ".svg":
        generator = QSvgGenerator()
        generator.setFileName(str(path))
        generator.setSize(size)
        generator.setViewBox(QRect(0, 0, size.width(), size.height()))
        generator.setTitle("Inverted pyramid")
        painter = QPainter(generator)
        view.render(painter, QRectF(0, 0, size.width(), size.height()), source)
        painter.end()
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
        writer.setTitle("Inverted pyramid")
        painter = QPainter(writer)
        page = painter.viewport()
        ratio = min(page.width() / size.width(), page.height() / size.height())
        target = QRectF(0, 0, size.width() * ratio, size.height() * ratio)
        view.render(painter, target, source)
        painter.end()
    return path
