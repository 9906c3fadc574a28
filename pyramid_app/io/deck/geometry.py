"""Where things go on a slide of the deck, in inches of a 16:9 slide; no python-pptx here,
so the window can size the pyramid's picture without loading it."""

from __future__ import annotations

SLIDE_WIDTH = 12192000 / 914400  # 13.33 by 7.5, as PowerPoint makes a 16:9 slide
SLIDE_HEIGHT = 7.5
MARGIN = 0.5
CONTENT_WIDTH = SLIDE_WIDTH - 2 * MARGIN
TITLE_TOP, TITLE_HEIGHT = 0.3, 0.75
SUBTITLE_TOP, SUBTITLE_HEIGHT = 1.0, 0.45
CONTENT_TOP = 1.55
CONTENT_BOTTOM = 6.9
FOOTER_TOP, FOOTER_HEIGHT = 7.0, 0.35

# The pyramid's picture fills the slide below the title: left, top, width, height.
PYRAMID_BOX = (MARGIN, 1.5, CONTENT_WIDTH, CONTENT_BOTTOM - 1.5)
PICTURE_DPI = 200  # the pyramid's pixels per inch on the slide: sharp on a projector and print


def pyramid_pixels(dpi: int = PICTURE_DPI) -> tuple[int, int]:
    """The size in pixels of the pyramid's picture on its slide at ``dpi``."""
    _left, _top, width, height = PYRAMID_BOX
    return round(width * dpi), round(height * dpi)
