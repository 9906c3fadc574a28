"""How big the pyramid's text is, and every pixel size that follows from it.

One factor (View > Text size) scales the fonts of cards, names, the tier ruler and the bands,
and with them every size measured against that text: a card's box, the room a name needs
before it is drawn, how far an upright name may hang. The layout's geometry (slots and rows)
does not change; what fits at a zoom is chosen again, so larger names still never overlap.
Marks and links keep their size: they are not text.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from PySide6.QtGui import QFont, QFontMetrics

# At the normal text size, in pixels.
CARD_WIDTH, CARD_HEIGHT = 150.0, 44.0
CARD_GAP = 12.0  # a card shows where its neighbours are a card and this much away
NAME_ROOM_PIXELS = 48.0  # a name across, under the mark (links are firm from here on)
NAME_ROW_PIXELS = 30.0
NAME_MAX_WIDTH = 140.0
NAME_LEAST_PIXELS = 12.0  # no name under a mark closer than this to the next mark on its row
# Names under the marks on two lines, neighbours alternating: the two lines, and a card of the
# next row reaching up toward them.
STAGGER_ROW_PIXELS = 64.0
UPRIGHT_ROOM_PIXELS = 16.0  # a name written upright, hanging from the mark, in a narrow column
UPRIGHT_ROW_PIXELS = 64.0
UPRIGHT_MAX_LENGTH = 110.0
# A name (and title, room allowing) beside the mark, on the mark's own line: rows too short for
# a name under the mark, with a wide gap to the neighbours (a compact chart's thin top tiers).
SIDE_ROOM_PIXELS = 110.0
SIDE_ROW_PIXELS = 18.0
SIDE_MAX_WIDTH = 260.0
NAME_MARGIN = 8.0  # kept free between two names on a line, and under an upright name
BADGE_HEIGHT = 17.0
LABEL_POINTS = 8.0  # names beside the marks

TEXT_SCALES = (1.0, 1.35, 1.75)  # normal, large, extra large


@dataclass(frozen=True)
class TextSizes:
    """The pixel sizes of everything drawn with text, at one text scale."""

    scale: float = 1.0

    def font(self, points: float, bold: bool = False, italic: bool = False) -> QFont:
        """The application's font at ``points`` times the scale."""
        font = QFont()
        font.setPointSizeF(points * self.scale)
        font.setBold(bold)
        font.setItalic(italic)
        return font

    @cached_property
    def label_font(self) -> QFont:
        """The font names beside the marks are written in."""
        return self.font(LABEL_POINTS)

    @cached_property
    def label_line(self) -> int:
        """Pixels of one line of names beside the marks."""
        return QFontMetrics(self.label_font).height()

    @property
    def card_width(self) -> float:
        return CARD_WIDTH * self.scale

    @property
    def card_height(self) -> float:
        return CARD_HEIGHT * self.scale

    @property
    def card_room(self) -> float:
        """Pixels to the nearest neighbour on the row for a card: any neighbour's own form
        is at most a card, so the two never overlap."""
        return (CARD_WIDTH + CARD_GAP) * self.scale

    @property
    def card_row(self) -> float:
        return (CARD_HEIGHT + CARD_GAP) * self.scale

    @property
    def name_room(self) -> float:
        return NAME_ROOM_PIXELS * self.scale

    @property
    def name_row(self) -> float:
        return NAME_ROW_PIXELS * self.scale

    @property
    def name_least(self) -> float:
        return NAME_LEAST_PIXELS * self.scale

    @property
    def name_max_width(self) -> float:
        return NAME_MAX_WIDTH * self.scale

    @property
    def stagger_row(self) -> float:
        return STAGGER_ROW_PIXELS * self.scale

    @property
    def upright_room(self) -> float:
        return UPRIGHT_ROOM_PIXELS * self.scale

    @property
    def upright_row(self) -> float:
        return UPRIGHT_ROW_PIXELS * self.scale

    @property
    def upright_max_length(self) -> float:
        return UPRIGHT_MAX_LENGTH * self.scale

    @property
    def side_room(self) -> float:
        return SIDE_ROOM_PIXELS * self.scale

    @property
    def side_row(self) -> float:
        return SIDE_ROW_PIXELS * self.scale

    @property
    def side_max_width(self) -> float:
        return SIDE_MAX_WIDTH * self.scale

    @property
    def name_margin(self) -> float:
        return NAME_MARGIN * self.scale

    @property
    def badge_height(self) -> float:
        return BADGE_HEIGHT * self.scale


NORMAL = TextSizes(1.0)
