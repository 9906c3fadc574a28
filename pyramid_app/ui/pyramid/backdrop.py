"""What lies under the kept picture of the marks: the view's background and the tiers' shading.

At 3840x2160 every pass over the view's pixels costs a few milliseconds, and a frame made three
of them under the marks: the background filled, the shading painted, and the transparent
picture of the marks blended over both. So the kept picture of the marks is drawn over the
backdrop and is opaque: a frame copies it once, and paints the background and the shading only
around it. It is the same painting in the same order as a fresh frame's.

A backdrop is a snapshot of everything the shading is painted from (:data:`ShadingLook`), so it
may be painted on the picture's worker thread. It is part of what a kept picture shows (it
compares equal to another that paints the same pixels): a picture over an older one (a segment
chosen since, another text size) is never shown, it is drawn again.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QPainter, QTransform

from pyramid_app.ui.pyramid.band_items import MARGIN, BandsItem, ShadingLook, paint_shading


@dataclass(frozen=True, eq=False)
class Backdrop:
    """The background colour and the shading's look, at the time it was taken."""

    look: ShadingLook
    background: int  # opaque 0xAARRGGBB

    @classmethod
    def of(cls, bands: BandsItem, background: QColor) -> Backdrop | None:
        """The backdrop ``bands`` paints over ``background`` now; None where it cannot go into
        a picture kept while panning: a see-through background, or the chain below a focused
        team (its names are cut at the view's right edge, wherever the view is)."""
        if bands.scene_data is None or bands.outline is None or background.alpha() != 255:
            return None
        layout = bands.scene_data.layout
        if layout.context is not None:
            return None
        return cls((bands.outline, layout, bands.sizes, bands.chosen_segment), background.rgba())

    def __eq__(self, other: object) -> bool:
        """Whether both paint the same pixels: the same outline and layout (the objects), the
        same text size, segment and background."""
        if not isinstance(other, Backdrop):
            return NotImplemented
        outline, layout, sizes, segment = self.look
        other_outline, other_layout, other_sizes, other_segment = other.look
        return (
            outline is other_outline
            and layout is other_layout
            and sizes == other_sizes
            and segment == other_segment
            and self.background == other.background
        )

    def __hash__(self) -> int:
        outline, layout, sizes, segment = self.look
        return hash((id(outline), id(layout), sizes, segment, self.background))

    def paint(self, painter: QPainter, transform: QTransform, width: int, height: int) -> None:
        """Fill ``width`` x ``height`` pixels with the background and paint the shading over
        it, ``transform`` taking layout coordinates to those pixels."""
        painter.fillRect(QRect(0, 0, width, height), QColor.fromRgba(self.background))
        layout = self.look[1]
        scale = (transform.m11(), transform.dx(), transform.m22() * layout.sign, transform.dy())
        window = (-MARGIN, -MARGIN, width + MARGIN, height + MARGIN)
        paint_shading(painter, self.look, scale, window)
