"""The printed page: its size, the scale people are drawn at, and where everything goes.

Everything on paper is measured in millimetres and turned into the PDF writer's units in one
place (:class:`Millimetres`). The scale is fixed, not fitted: a card is
:data:`CARD_HEIGHT_MM` tall with its name in :data:`NAME_POINTS`-point type, legible at arm's
length, and how many cards a page holds follows from the paper (:func:`page_capacity`).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QMarginsF, QRectF, QSizeF
from PySide6.QtGui import QFont, QPageLayout, QPageSize

from pyramid_app.model.paging import PageCapacity

# The printed scale.
SLOT_MM = 22.0  # across: a card and the gap to the next
CARD_WIDTH_MM = 20.4
ROW_MM = 10.5  # up: a card and the room for the links between two levels
CARD_HEIGHT_MM = 7.0
NAME_POINTS = 6.5
TITLE_POINTS = 5.5
# The page around the part of the pyramid.
MARGIN_MM = 10.0
HEADER_MM = 15.0  # the title and page number, and what the page holds
FOOTER_MM = 40.0  # the locator and the continuation lines
RULER_MM = 16.0  # the level names, left of the part
ARRIVAL_MM = 8.0  # under the part: where its manager is
RESOLUTION = 720  # PDF units an inch: ten a point

PAPER_SIZES: dict[str, QPageSize.PageSizeId] = {
    "A2": QPageSize.PageSizeId.A2,
    "A3": QPageSize.PageSizeId.A3,
    "A4": QPageSize.PageSizeId.A4,
    "A5": QPageSize.PageSizeId.A5,
    "LETTER": QPageSize.PageSizeId.Letter,
    "LEGAL": QPageSize.PageSizeId.Legal,
    "TABLOID": QPageSize.PageSizeId.Tabloid,
}


def paper_names() -> str:
    return ", ".join(name.title() if len(name) > 2 else name for name in PAPER_SIZES)


@dataclass(frozen=True)
class Paper:
    """A sheet of paper: its size's name ("A3", case as typed) and its orientation."""

    name: str
    landscape: bool = False

    @property
    def size_id(self) -> QPageSize.PageSizeId:
        try:
            return PAPER_SIZES[self.name.upper()]
        except KeyError:
            raise ValueError(
                f"{self.name!r} is not a paper size this knows; choose one of {paper_names()}"
            ) from None

    def page_layout(self) -> QPageLayout:
        orientation = (
            QPageLayout.Orientation.Landscape
            if self.landscape
            else QPageLayout.Orientation.Portrait
        )
        return QPageLayout(QPageSize(self.size_id), orientation, QMarginsF(0, 0, 0, 0))

    def size_mm(self) -> QSizeF:
        size = QPageSize(self.size_id).size(QPageSize.Unit.Millimeter)
        return size.transposed() if self.landscape else size

    @property
    def label(self) -> str:
        return f"{self.name.upper()} {'landscape' if self.landscape else 'portrait'}"

    def part_area(self) -> QRectF:
        """Where a page's part of the pyramid is drawn (mm), arrival line included."""
        size = self.size_mm()
        top = MARGIN_MM + HEADER_MM
        return QRectF(
            MARGIN_MM + RULER_MM,
            top,
            size.width() - 2 * MARGIN_MM - RULER_MM,
            size.height() - top - MARGIN_MM - FOOTER_MM,
        )


def page_capacity(paper: Paper) -> PageCapacity:
    """Cards across and rows up a page of ``paper`` holds at the printed scale."""
    area = paper.part_area()
    return PageCapacity(
        columns=int(area.width() // SLOT_MM), rows=int((area.height() - ARRIVAL_MM) // ROW_MM)
    )


class Millimetres:
    """Millimetres on the page as the PDF writer's units."""

    def __init__(self, resolution: int = RESOLUTION) -> None:
        self.per_mm = resolution / 25.4

    def __call__(self, mm: float) -> float:
        return mm * self.per_mm

    def rect(self, box: QRectF) -> QRectF:
        return QRectF(
            box.left() * self.per_mm,
            box.top() * self.per_mm,
            box.width() * self.per_mm,
            box.height() * self.per_mm,
        )


def font(points: float, bold: bool = False, italic: bool = False, condensed: bool = False) -> QFont:
    """The application's font at ``points``; ``condensed`` (names on cards) takes the
    family's condensed face where it has one, so more of a name fits a card."""
    made = QFont()
    made.setPointSizeF(points)
    made.setBold(bold)
    made.setItalic(italic)
    if condensed:
        made.setStretch(QFont.Stretch.Condensed)
    return made
