"""Which managers have commitments, painted cheaply enough for a million people.

Zoomed out, a manager with at least one active commitment gets a ring around their mark,
rasterised with numpy like the marks themselves (one stretched pixel strip per screen row, or
one image when the rings sit on many rows). Zoomed in, their card carries a small count badge.
Only nodes with commitments are touched, so a chart without any costs nothing. A collapsed
manager carries a "+351" pill (how many people the collapse hides) at every level of detail.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter, QPen

from pyramid_app.ui.pyramid.marks import mark_corners, screen_rows
from pyramid_app.ui.pyramid.scene import BADGE, HIDDEN_BADGE, MAX_STRIPS
from pyramid_app.ui.pyramid.sizes import BADGE_HEIGHT as BADGE_HEIGHT
from pyramid_app.ui.pyramid.sizes import NORMAL, TextSizes

BADGE_ARGB = np.uint32(0xFF000000 | (BADGE.red() << 16) | (BADGE.green() << 8) | BADGE.blue())


def ring_geometry(mark_w: int) -> tuple[int, int]:
    """(gap, thickness) of the ring around a mark of this width, in pixels."""
    return 1, 1 if mark_w < 6 else 2


def paint_rings(
    painter: QPainter,
    px: npt.NDArray[np.float64],
    py: npt.NDArray[np.float64],
    mark_w: int,
    mark_h: int,
    width: int,
    height: int,
) -> None:
    """A ring around each mark centred at (px, py); drawn before the marks, which cover it."""
    gap, thick = ring_geometry(mark_w)
    pad = gap + thick
    x0, y0 = mark_corners(px, py, mark_w, mark_h)
    inside = (x0 + mark_w + pad > 0) & (x0 - pad < width) & (y0 + mark_h + pad > 0)
    inside &= y0 - pad < height
    if not inside.all():
        x0, y0 = x0[inside], y0[inside]
    if x0.shape[0] == 0:
        return
    left = max(int(x0.min()) - pad, 0)
    right = min(int(x0.max()) + mark_w + pad, width)
    box_w = right - left
    if box_w <= 0:
        return
    levels, level_of = screen_rows(y0)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
    if levels.shape[0] <= MAX_STRIPS:
        _paint_ring_strips(
            painter, levels, level_of, x0 - left, left, box_w, mark_w, mark_h, gap, thick
        )
    else:
        _paint_ring_image(painter, x0, y0, mark_w, mark_h, gap, thick, width, height)


def _paint_ring_strips(
    painter: QPainter,
    levels: npt.NDArray[np.int64],
    level_of: npt.NDArray[np.int64],
    columns: npt.NDArray[np.int64],
    left: int,
    box_w: int,
    mark_w: int,
    mark_h: int,
    gap: int,
    thick: int,
) -> None:
    """Rings of marks sharing screen rows: per row, one strip for the top and bottom edges
    (each ring's span, merged with a running sum instead of a loop per pixel) and one for the
    sides, stretched to the ring's inner height."""
    count = levels.shape[0]
    stride = box_w + 1
    pad = gap + thick
    starts = np.clip(columns - pad, 0, box_w) + level_of * stride
    ends = np.clip(columns + mark_w + pad, 0, box_w) + level_of * stride
    size = count * stride
    edges = np.bincount(starts, minlength=size)[:size] - np.bincount(ends, minlength=size)[:size]
    covered = np.cumsum(edges.reshape(count, stride), axis=1)[:, :box_w] > 0
    across = np.where(covered, BADGE_ARGB, np.uint32(0)).astype(np.uint32)
    sides = np.zeros((count, box_w), dtype=np.uint32)
    for offset in range(thick):
        for cols in (columns - pad + offset, columns + mark_w + gap + offset):
            fits = (cols >= 0) & (cols < box_w)
            sides[level_of[fits], cols[fits]] = BADGE_ARGB
    fmt = QImage.Format.Format_ARGB32_Premultiplied
    inner = mark_h + 2 * gap
    for index, y in enumerate(levels.tolist()):
        edge_row = np.ascontiguousarray(across[index])
        edge = QImage(edge_row.data, box_w, 1, 4 * box_w, fmt)
        painter.drawImage(QRectF(left, y - pad, box_w, thick), edge)
        painter.drawImage(QRectF(left, y + mark_h + gap, box_w, thick), edge)
        side_row = np.ascontiguousarray(sides[index])
        side = QImage(side_row.data, box_w, 1, 4 * box_w, fmt)
        painter.drawImage(QRectF(left, y - gap, box_w, inner), side)


def _paint_ring_image(
    painter: QPainter,
    x0: npt.NDArray[np.int64],
    y0: npt.NDArray[np.int64],
    mark_w: int,
    mark_h: int,
    gap: int,
    thick: int,
    width: int,
    height: int,
) -> None:
    """Rings on many screen rows: every ring pixel scattered into one image."""
    pad = gap + thick
    dy, dx = np.mgrid[-pad : mark_h + pad, -pad : mark_w + pad]
    ring = ~((dy >= -gap) & (dy < mark_h + gap) & (dx >= -gap) & (dx < mark_w + gap))
    dy, dx = dy[ring], dx[ring]
    left, top = max(int(x0.min()) - pad, 0), max(int(y0.min()) - pad, 0)
    right = min(int(x0.max()) + mark_w + pad, width)
    bottom = min(int(y0.max()) + mark_h + pad, height)
    box_w, box_h = right - left, bottom - top
    if box_w <= 0 or box_h <= 0:
        return
    rows = (y0 - top)[:, None] + dy[None, :]
    cols = (x0 - left)[:, None] + dx[None, :]
    fits = (rows >= 0) & (rows < box_h) & (cols >= 0) & (cols < box_w)
    image = np.zeros(box_h * box_w, dtype=np.uint32)
    image[(rows * box_w + cols)[fits]] = BADGE_ARGB
    qimage = QImage(image.data, box_w, box_h, 4 * box_w, QImage.Format.Format_ARGB32_Premultiplied)
    painter.drawImage(left, top, qimage)


def badge_text(count: int) -> str:
    return str(count) if count < 100 else "99+"


def paint_card_badges(
    painter: QPainter,
    nodes: npt.NDArray[np.int64],
    px: npt.NDArray[np.float64],
    py: npt.NDArray[np.float64],
    counts: npt.NDArray[np.int32],
    font: QFont,
    sizes: TextSizes = NORMAL,
) -> None:
    """A count at the top right corner of each card whose person has commitments."""
    mine = counts[nodes] > 0
    if not mine.any():
        return
    metrics = QFontMetrics(font)
    painter.setFont(font)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    outline = QPen(QColor(255, 255, 255), 1.5)
    tall = sizes.badge_height
    for node, x, y in zip(nodes[mine].tolist(), px[mine].tolist(), py[mine].tolist(), strict=True):
        text = badge_text(int(counts[node]))
        badge_w = max(tall, metrics.horizontalAdvance(text) + 9.0 * sizes.scale)
        box = QRectF(
            x + sizes.card_width / 2 - badge_w + 5,
            y - sizes.card_height / 2 - tall / 2 + 1,
            badge_w,
            tall,
        )
        painter.setPen(outline)
        painter.setBrush(BADGE)
        painter.drawRoundedRect(box, tall / 2, tall / 2)
        painter.setPen(QColor(255, 255, 255))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)


def hidden_text(count: int) -> str:
    return f"+{count:,}"


def hidden_badge_boxes(
    px: npt.NDArray[np.float64],
    edge: npt.NDArray[np.float64],
    counts: npt.NDArray[np.int64],
    metrics: QFontMetrics,
    outward: float,
    tall: float = BADGE_HEIGHT,
) -> list[QRectF]:
    """The "+351" pill of each collapsed manager: centred on x, just beyond ``edge`` (the
    side of their card or mark facing where their reports would be; ``outward`` is -1 when
    that is up the screen, 1 when down); ``tall`` pixels high."""
    boxes = []
    pad = 10.0 * tall / BADGE_HEIGHT
    for x, y, count in zip(px.tolist(), edge.tolist(), counts.tolist(), strict=True):
        width = max(tall, metrics.horizontalAdvance(hidden_text(count)) + pad)
        top = y - 2 - tall if outward < 0 else y + 2
        boxes.append(QRectF(x - width / 2, top, width, tall))
    return boxes


def paint_hidden_counts(
    painter: QPainter,
    boxes: list[QRectF],
    counts: npt.NDArray[np.int64],
    font: QFont,
    sizes: TextSizes = NORMAL,
) -> None:
    """How many people each collapsed manager hides, on a dark pill with a white rim so it
    reads over marks, links and bands alike."""
    if not boxes:
        return
    painter.setFont(font)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    rim = QPen(QColor(255, 255, 255), 1.5)
    for box, count in zip(boxes, counts.tolist(), strict=True):
        painter.setPen(rim)
        painter.setBrush(HIDDEN_BADGE)
        painter.drawRoundedRect(box, sizes.badge_height / 2, sizes.badge_height / 2)
        painter.setPen(QColor(255, 255, 255))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, hidden_text(count))
