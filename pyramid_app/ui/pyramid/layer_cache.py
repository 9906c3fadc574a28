"""A picture of the people's marks and links per zoom level, so a million people pan and zoom
within a frame.

Rasterising a million marks takes tens of milliseconds; blitting a picture of them takes one.
The picture covers the view and a margin around it (never beyond the pyramid). Panning at the
same zoom draws it shifted; zooming draws it scaled while the user turns the wheel, and a
single-shot timer redraws it crisply once they stop - on another thread (:mod:`crisp`), the
scaled picture shown meanwhile. Pictures made for files (PNG, SVG, PDF) are always drawn afresh
at their own zoom, on the thread that asks.

Given a backdrop (:mod:`backdrop`: the view's background and the tiers' shading), the picture
is drawn over it and is opaque: on screen it is copied, and nothing under it is painted. The
backdrop is part of what the picture shows, so a picture over another one (a segment chosen
since, another text size) is never shown: it is drawn again.

:func:`draw_picture` touches no widget and no shared state: it may run on any thread, given a
frame whose data nobody changes while it draws (:meth:`SceneData.snapshot`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRect, QRectF
from PySide6.QtGui import QImage, QPainter, QTransform

from pyramid_app.ui.pyramid.backdrop import Backdrop
from pyramid_app.ui.pyramid.scene import Frame

CACHE_ABOVE = 20_000  # people across the view past which the picture is kept
MARGIN = 0.5  # of the view's width and height, on each side, kept for panning
SETTLE_MS = 150  # after the last zoom step, the picture is redrawn at the zoom reached


class LayerCache:
    """One picture of a layer, with the zoom and position it was drawn at."""

    def __init__(self) -> None:
        self.image: QImage | None = None
        # What was drawn: the data and its version, and the backdrop (None: see-through).
        self.content: object = None
        self.scale = (1.0, 1.0)  # layout -> pixels when drawn
        self.shift = (0.0, 0.0)
        self.region = QRect()  # the pixels it covers, in the frame it was drawn for
        self.renders = 0  # how many times it was drawn afresh (for tests and benchmarks)

    def clear(self) -> None:
        self.image, self.content = None, None

    def placed(self, frame: Frame, content: object) -> tuple[QRectF, bool] | None:
        """Where the picture lands in this frame's pixels and whether the zoom is the same;
        None when it shows something else."""
        if self.image is None or content != self.content:
            return None
        t = frame.transform
        kx, ky = t.m11() / self.scale[0], t.m22() / self.scale[1]
        left = kx * (self.region.left() - self.shift[0]) + t.dx()
        top = ky * (self.region.top() - self.shift[1]) + t.dy()
        rect = QRectF(left, top, kx * self.region.width(), ky * self.region.height()).normalized()
        same = abs(kx - 1.0) < 1e-9 and abs(ky - 1.0) < 1e-9
        return rect, same

    @staticmethod
    def covers(rect: QRectF, frame: Frame, bounds: QRectF) -> bool:
        """Whether the picture at ``rect`` holds all of the view that has anything to show
        (the pyramid's ``bounds``, in layout coordinates)."""
        needed = QRectF(0, 0, frame.width, frame.height).intersected(
            frame.transform.mapRect(bounds)
        )
        return needed.isEmpty() or rect.adjusted(-0.5, -0.5, 0.5, 0.5).contains(needed)

    @staticmethod
    def covered(rect: QRectF, same: bool) -> QRect:
        """The whole pixels :meth:`draw` paints all of, for the picture placed at ``rect``."""
        if same:
            left, top = round(rect.left()), round(rect.top())
            return QRect(left, top, round(rect.width()), round(rect.height()))
        # Scaled: the pixels whose middle lies inside, less one to be safe.
        left, top = math.ceil(rect.left()) + 1, math.ceil(rect.top()) + 1
        right, bottom = math.floor(rect.right()) - 1, math.floor(rect.bottom()) - 1
        return QRect(left, top, max(0, right - left), max(0, bottom - top))

    def render(
        self,
        frame: Frame,
        bounds: QRectF,
        content: object,
        paint: Callable[[QPainter, Frame], None],
        backdrop: Backdrop | None = None,
    ) -> None:
        """Draw the layer afresh for the view and a margin, within ``bounds`` (layout), over
        ``backdrop`` when given."""
        self.take(draw_picture(frame, bounds, paint, backdrop), content)

    def take(self, picture: Picture, content: object) -> None:
        """Keep ``picture``, drawn of ``content``, as the layer's picture."""
        self.image, self.content, self.region = picture.image, content, picture.region
        self.scale, self.shift = picture.scale, picture.shift
        self.renders += 1

    def draw(self, painter: QPainter, rect: QRectF, same: bool) -> None:
        assert self.image is not None
        if same:
            # Whole pixels, so the marks land exactly where a fresh drawing puts them.
            painter.drawImage(QPointF(round(rect.left()), round(rect.top())), self.image)
        else:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
            painter.drawImage(rect, self.image)


@dataclass(frozen=True)
class Picture:
    """A layer drawn for one zoom: the image, the pixels of the frame it covers, and the
    frame's scale and shift (layout -> pixels) it was drawn at."""

    image: QImage
    region: QRect
    scale: tuple[float, float]
    shift: tuple[float, float]


def draw_picture(
    frame: Frame,
    bounds: QRectF,
    paint: Callable[[QPainter, Frame], None],
    backdrop: Backdrop | None = None,
) -> Picture:
    """The layer drawn by ``paint`` for the view of ``frame`` and a margin around it, within
    ``bounds`` (layout): see-through, or opaque over ``backdrop``. Paints into a QImage only,
    so it may run off the GUI thread."""
    t = frame.transform
    margin_x, margin_y = frame.width * MARGIN, frame.height * MARGIN
    wanted = QRectF(-margin_x, -margin_y, frame.width + 2 * margin_x, frame.height + 2 * margin_y)
    region = wanted.intersected(t.mapRect(bounds)).toAlignedRect()
    if region.isEmpty():
        region = QRect(0, 0, 1, 1)
    if backdrop is None:
        image = QImage(region.width(), region.height(), QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(0)
    else:
        image = QImage(region.width(), region.height(), QImage.Format.Format_RGB32)
    transform = t * QTransform.fromTranslate(-region.left(), -region.top())
    inverse, _ = t.inverted()
    sub = Frame(
        original=QTransform(),
        rect=inverse.mapRect(QRectF(region)),
        transform=transform,
        width=region.width(),
        height=region.height(),
        data=frame.data,
        slot_px=frame.slot_px,
        row_px=frame.row_px,
    )
    painter = QPainter(image)
    try:
        if backdrop is not None:
            backdrop.paint(painter, transform, region.width(), region.height())
        paint(painter, sub)
    finally:
        painter.end()
    return Picture(image, region, (t.m11(), t.m22()), (t.dx(), t.dy()))
