"""Coloured marks for any number of people, rasterised with numpy and drawn as a few images.

Zoomed out, every person in view is a small upright mark. Marks that share a screen row are one
stretched pixel strip per row; marks on many rows are scattered into one image covering their
bounding box, so thin rows of people cost little.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen

from pyramid_app.ui.pyramid.scene import MAX_STRIPS

FORMAT = QImage.Format.Format_ARGB32_Premultiplied
PLACEHOLDER_INK = QColor("#5f6b76")


def mark_size(slot_px: float, row_px: float) -> tuple[int, int]:
    """Zoomed out, slots are narrow and rows tall: short upright marks read best."""
    # Plain floats: np.clip on two numbers costs more than the rest of a frame's bookkeeping.
    return int(min(max(slot_px * 0.8, 1.0), 10.0)), int(min(max(row_px * 0.22, 2.0), 10.0))


def named_mark_size(mark_w: int, mark_h: int) -> tuple[int, int]:
    """A person drawn with their name gets a mark big enough to see beside it."""
    return min(max(mark_w, 6), 10), max(mark_h, 6)


def mark_corners(
    px: npt.NDArray[np.float64], py: npt.NDArray[np.float64], mark_w: int, mark_h: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The top-left pixel of a ``mark_w`` x ``mark_h`` mark centred at each (px, py).

    Adding 0.5 and truncating rounds every mark that can show (those left of the view may land
    a pixel off, which nobody sees); rings use the same, so each sits evenly around its mark.
    """
    x0 = (px + (0.5 - mark_w / 2)).astype(np.int64)
    y0 = (py + (0.5 - mark_h / 2)).astype(np.int64)
    return x0, y0


def screen_rows(y0: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The distinct screen rows of ``y0`` in order, and the index of each one's row among them,
    without sorting: rows are small integers."""
    present = np.bincount(y0 - y0.min()) > 0
    levels = np.flatnonzero(present) + y0.min()
    return levels, (np.cumsum(present) - 1)[y0 - y0.min()]


def paint_marks(
    painter: QPainter,
    px: npt.NDArray[np.float64],
    py: npt.NDArray[np.float64],
    argb: npt.NDArray[np.uint32],
    mark_w: int,
    mark_h: int,
    width: int,
    height: int,
) -> None:
    """A ``mark_w`` x ``mark_h`` block of each colour of ``argb`` centred at (px, py)."""
    if width <= 0 or height <= 0 or px.shape[0] == 0:
        return
    x0, y0 = mark_corners(px, py, mark_w, mark_h)
    inside = (x0 > -mark_w) & (x0 < width) & (y0 > -mark_h) & (y0 < height)
    if not inside.any():
        return
    if not inside.all():
        x0, y0, argb = x0[inside], y0[inside], argb[inside]
    left, top = max(int(x0.min()), 0), max(int(y0.min()), 0)
    right = min(int(x0.max()) + mark_w, width)
    bottom = min(int(y0.max()) + mark_h, height)
    box_w, box_h = right - left, bottom - top
    levels, level_of = screen_rows(y0)
    if levels.shape[0] <= MAX_STRIPS:
        _paint_strips(painter, levels, level_of, x0 - left, argb, left, box_w, mark_w, mark_h)
        return
    image = np.zeros(box_h * box_w, dtype=np.uint32)
    rows = (y0 - top)[:, None] + np.arange(mark_h)[None, :]
    cols = (x0 - left)[:, None] + np.arange(mark_w)[None, :]
    pixels = rows[:, :, None] * box_w + cols[:, None, :]  # every pixel of every mark
    colours = np.broadcast_to(argb[:, None, None], pixels.shape)
    if rows.min() < 0 or rows.max() >= box_h or cols.min() < 0 or cols.max() >= box_w:
        fits = ((rows >= 0) & (rows < box_h))[:, :, None] & ((cols >= 0) & (cols < box_w))[
            :, None, :
        ]
        pixels, colours = pixels[fits], colours[fits]
    image[pixels.ravel()] = colours.ravel()
    # Alpha is 0 or 255 only, so the values are already premultiplied.
    painter.drawImage(left, top, QImage(image.data, box_w, box_h, 4 * box_w, FORMAT))


def _paint_strips(
    painter: QPainter,
    levels: npt.NDArray[np.int64],
    level_of: npt.NDArray[np.int64],
    columns: npt.NDArray[np.int64],
    argb: npt.NDArray[np.uint32],
    left: int,
    box_w: int,
    mark_w: int,
    mark_h: int,
) -> None:
    """Marks that share a screen row: one pixel row per level, stretched to the mark height.

    Zoomed out, every level is one row of marks, so this paints a few thin images instead
    of one big mostly empty one.
    """
    strip = np.zeros((levels.shape[0], box_w), dtype=np.uint32)
    for dx in range(mark_w):
        cols = columns + dx
        fits = (cols >= 0) & (cols < box_w)
        strip[level_of[fits], cols[fits]] = argb[fits]
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
    for index, y in enumerate(levels.tolist()):
        row = np.ascontiguousarray(strip[index])
        image = QImage(row.data, box_w, 1, 4 * box_w, FORMAT)
        painter.drawImage(QRectF(left, y, box_w, mark_h), image)


def paint_dashed_marks(
    painter: QPainter,
    px: npt.NDArray[np.float64],
    py: npt.NDArray[np.float64],
    mark_w: int,
    mark_h: int,
) -> None:
    """A placeholder's mark: a dotted outline on white instead of a solid block (a dotted
    stroke when the mark is too narrow to be hollow)."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    pen = QPen(PLACEHOLDER_INK, 1, Qt.PenStyle.DotLine)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for x, y in zip(px.tolist(), py.tolist(), strict=True):
        left, top = int(x + 0.5 - mark_w / 2), int(y + 0.5 - mark_h / 2)
        painter.fillRect(left, top, mark_w, mark_h, QColor(255, 255, 255))
        painter.setPen(pen)
        if mark_w >= 4:
            painter.drawRect(left, top, mark_w - 1, mark_h - 1)
        else:
            centre = left + mark_w // 2
            painter.drawLine(centre, top, centre, top + mark_h - 1)
