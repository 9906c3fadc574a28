"""What a picture of the pyramid carries around it: a title line and the colour key.

A picture leaves the app (a slide, a printout, the README), where nobody can hover a mark or
read the side panel: it says whose organisation it is, how many people and on what day, and
what the colours mean. The frame is painted with QPainter, so PNG, SVG and PDF get the same.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen

from pyramid_app.model.colouring import ColourBy, Colouring, LegendRow

TITLE_HEIGHT = 44  # pixels
KEY_WIDTH = 240
KEY_MARGIN = 14
KEY_ROW = 20
SWATCH = 12
TEXT_COLOUR = QColor(30, 30, 36)
FAINT_COLOUR = QColor(95, 95, 105)


def title_line(organisation: str, people: int, day: dt.date) -> str:
    """ "Hotel group · 1,555 people · 3 May 2025": whose, how many, as of when."""
    word = "person" if people == 1 else "people"
    return f"{organisation} · {people:,} {word} · {day.day} {day:%B %Y}"


@dataclass
class PictureFrame:
    """The title line (empty: none) and the colour key (no rows: none) around the pyramid."""

    title: str = ""
    key_heading: str = ""
    key: list[LegendRow] = field(default_factory=list)
    link_key: list[LegendRow] = field(default_factory=list)

    @property
    def has_key(self) -> bool:
        return bool(self.key or self.link_key)

    def margins(self) -> tuple[int, int]:
        """Pixels the frame adds: (to the width, to the height)."""
        return (KEY_WIDTH if self.has_key else 0, TITLE_HEIGHT if self.title else 0)

    def picture_size(self, view: QSize) -> QSize:
        """The whole picture around a view of size ``view``."""
        extra_w, extra_h = self.margins()
        return QSize(view.width() + extra_w, view.height() + extra_h)

    def view_size(self, picture: QSize) -> QSize:
        """The view that fills a picture of size ``picture`` with this frame around it."""
        extra_w, extra_h = self.margins()
        return QSize(max(picture.width() - extra_w, 100), max(picture.height() - extra_h, 100))

    def view_rect(self, picture: QSize) -> QRectF:
        """Where the pyramid goes in the picture: below the title, left of the key."""
        extra_w, extra_h = self.margins()
        return QRectF(0, extra_h, picture.width() - extra_w, picture.height() - extra_h)

    def key_rect(self, picture: QSize) -> QRectF:
        extra_w, extra_h = self.margins()
        return QRectF(picture.width() - extra_w, extra_h, extra_w, picture.height() - extra_h)

    def swatch_rects(self, picture: QSize) -> list[QRectF]:
        """Where each key row's colour is painted, in the order of ``key`` then ``link_key``;
        rows that do not fit are left out (the key ends with "... and N more")."""
        area = self.key_rect(picture)
        top = area.top() + KEY_MARGIN + KEY_ROW * len(self.heading_lines()) + 4  # below it
        room = int((area.bottom() - KEY_MARGIN - top) // KEY_ROW)
        rows = len(self.key) + len(self.link_key)
        shown = rows if rows <= room else max(room - 1, 0)
        return [
            QRectF(
                area.left() + KEY_MARGIN,
                top + i * KEY_ROW + (KEY_ROW - SWATCH) / 2,
                SWATCH,
                SWATCH,
            )
            for i in range(shown)
        ]

    def heading_lines(self) -> list[str]:
        """The key's heading in lines that fit the key's width: whole words wrapped, a line
        break kept ("Colour by results against target" and the measure under it)."""
        metrics = QFontMetricsF(heading_font())
        width = KEY_WIDTH - 2 * KEY_MARGIN
        lines: list[str] = []
        for part in (self.key_heading or "Colours").split("\n"):
            line = ""
            for word in part.split():
                longer = f"{line} {word}" if line else word
                if line and metrics.horizontalAdvance(longer) > width:
                    lines.append(line)
                    longer = word
                line = longer
            lines.append(line)
        return lines

    def paint(self, painter: QPainter, picture: QSize) -> None:
        """Paint the title line and the key of a picture of size ``picture``."""
        painter.save()
        try:
            if self.title:
                self._paint_title(painter, picture)
            if self.has_key:
                self._paint_key(painter, picture)
        finally:
            painter.restore()

    def _paint_title(self, painter: QPainter, picture: QSize) -> None:
        font = QFont()
        font.setPixelSize(20)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QPen(TEXT_COLOUR))
        box = QRectF(16, 0, picture.width() - 32, TITLE_HEIGHT)
        text = QFontMetricsF(font).elidedText(self.title, Qt.TextElideMode.ElideRight, box.width())
        painter.drawText(box, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)
        painter.setPen(QPen(QColor(210, 210, 216), 1))
        painter.drawLine(0, TITLE_HEIGHT - 1, picture.width(), TITLE_HEIGHT - 1)

    def _paint_key(self, painter: QPainter, picture: QSize) -> None:
        area = self.key_rect(picture)
        painter.setPen(QPen(QColor(210, 210, 216), 1))
        painter.drawLine(area.topLeft(), area.bottomLeft())
        painter.setFont(heading_font())
        painter.setPen(QPen(TEXT_COLOUR))
        left = area.left() + KEY_MARGIN
        width = area.width() - 2 * KEY_MARGIN
        for i, line in enumerate(self.heading_lines()):
            painter.drawText(
                QRectF(left, area.top() + KEY_MARGIN + i * KEY_ROW, width, KEY_ROW),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                line,
            )
        body = QFont()
        body.setPixelSize(12)
        painter.setFont(body)
        metrics = QFontMetricsF(body)
        rows = [(row, False) for row in self.key] + [(row, True) for row in self.link_key]
        swatches = self.swatch_rects(picture)
        for ((label, colour, count), is_link), swatch in zip(rows, swatches, strict=False):
            fill = QColor(*colour)
            if is_link:
                painter.setPen(QPen(fill, 3))
                middle = swatch.center().y()
                painter.drawLine(
                    int(swatch.left()), int(middle), int(swatch.right() + 4), int(middle)
                )
            else:
                painter.fillRect(swatch, fill)
            painter.setPen(QPen(TEXT_COLOUR))
            count_text = f"{count:,}"
            count_width = metrics.horizontalAdvance(count_text) + 2
            text_left = swatch.right() + 8
            row_box = QRectF(text_left, swatch.center().y() - KEY_ROW / 2, 0, KEY_ROW)
            row_box.setRight(area.right() - KEY_MARGIN)
            label_room = row_box.width() - count_width - 6
            painter.drawText(
                QRectF(row_box.left(), row_box.top(), label_room, KEY_ROW),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                metrics.elidedText(label, Qt.TextElideMode.ElideRight, label_room),
            )
            painter.setPen(QPen(FAINT_COLOUR))
            painter.drawText(
                row_box, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, count_text
            )
        left_out = len(rows) - len(swatches)
        if left_out > 0:
            last = swatches[-1].bottom() + KEY_ROW / 2 if swatches else area.top() + KEY_ROW * 2
            painter.setPen(QPen(FAINT_COLOUR))
            painter.drawText(
                QRectF(left, last, width, KEY_ROW),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                f"... and {left_out:,} more",
            )


def heading_font() -> QFont:
    font = QFont()
    font.setPixelSize(14)
    font.setBold(True)
    return font


def picture_frame(
    organisation: str,
    people: int,
    colouring: Colouring | None,
    by: ColourBy,
    title: str | None = None,
    key: bool = True,
    day: dt.date | None = None,
) -> PictureFrame:
    """The frame of a picture: ``title`` replaces the default title line ("" leaves it out),
    ``key=False`` leaves the colour key out."""
    line = title_line(organisation, people, day or dt.date.today()) if title is None else title
    if not key or colouring is None:
        return PictureFrame(title=line)
    # A picture's key explains the colours in it: a state nobody is in stays out.
    return PictureFrame(
        title=line,
        key_heading=f"Colour by {by.value}" + (f"\n{colouring.note}" if colouring.note else ""),
        key=[row for row in colouring.legend if row[2] > 0],
        link_key=[row for row in colouring.link_legend if row[2] > 0],
    )
