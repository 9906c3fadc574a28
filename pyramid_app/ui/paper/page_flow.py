"""Text on paper: wrapped lines, blocks of measured height, and blocks flowed onto pages.

Everything is in the paint device's own units (a PDF page at its resolution); fonts are given
in points, so the same code lays out A4 and Letter at any resolution. A block is measured once
for the width of the page's text column, then placed; a heading stays with the block after it;
a section that runs onto the next page says so there. A handout has at most ``max_pages``
pages: what does not fit is left out and counted, never cut mid-line.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPaintDevice,
    QPainter,
    QPen,
    QTextLayout,
    QTextOption,
)

INK = QColor(30, 30, 36)
FAINT = QColor(95, 95, 105)
RULE = QColor(200, 200, 208)
ELLIPSIS = "…"


def font(points: float, bold: bool = False, italic: bool = False) -> QFont:
    """The handout's font at ``points`` (resolved by the device it is measured on)."""
    made = QFont()
    made.setPointSizeF(points)
    made.setBold(bold)
    made.setItalic(italic)
    # Positions from the font's own design, not the screen's hinting: letters keep their
    # spacing on paper at any resolution.
    made.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    # No ligatures: "Office" stays six letters for whoever searches or copies the PDF's text.
    for tag in ("liga", "clig"):
        made.setFeature(QFont.Tag(tag), 0)
    return made


def wrap(
    text: str, face: QFont, width: float, device: QPaintDevice, max_lines: int = 0
) -> list[str]:
    """``text`` broken into lines no wider than ``width`` (at spaces, else anywhere), new lines
    kept; with ``max_lines``, the last line kept ends with an ellipsis when text was left out."""
    lines: list[str] = []
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    for paragraph in text.splitlines() or [""]:
        layout = QTextLayout(paragraph, face, device)
        layout.setTextOption(option)
        layout.beginLayout()
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            start, length = line.textStart(), line.textLength()
            lines.append(paragraph[start : start + length].rstrip())
        layout.endLayout()
    if max_lines and len(lines) > max_lines:
        metrics = QFontMetricsF(face, device)
        last = f"{lines[max_lines - 1]} {ELLIPSIS}"
        lines = [
            *lines[: max_lines - 1],
            metrics.elidedText(last, Qt.TextElideMode.ElideRight, width),
        ]
        if not lines[-1].endswith(ELLIPSIS):
            lines[-1] += ELLIPSIS
    return lines


@dataclass
class Row:
    """A run of wrapped text: its font, colour, indent from the block's left, and the space
    above it."""

    text: str
    face: QFont
    colour: QColor = field(default_factory=lambda: QColor(INK))
    indent: float = 0.0
    above: float = 0.0
    max_lines: int = 0


class Block:
    """Something placed on a page: ``height`` measured, ``paint`` at a place."""

    height: float = 0.0
    keep_with_next = False  # a heading: never the last thing on a page
    section = ""  # the heading of the section it belongs to, said again on a new page

    def paint(self, painter: QPainter, x: float, y: float, width: float) -> None:
        raise NotImplementedError


class TextBlock(Block):
    """Rows of wrapped text, optionally with a stripe of ``bar`` colour on the left and a
    ``label`` (a number, a status) in a column of ``label_width`` before the text."""

    def __init__(
        self,
        rows: Sequence[Row],
        width: float,
        device: QPaintDevice,
        after: float = 0.0,
        bar: QColor | None = None,
        label: Row | None = None,
        label_width: float = 0.0,
        section: str = "",
        keep_with_next: bool = False,
    ) -> None:
        self.section = section
        self.keep_with_next = keep_with_next
        self.bar = bar
        self.label = label
        self.label_width = label_width
        self.gutter = label_width + (points(device, 7) if bar is not None else 0.0)
        self.after = after
        self.lines: list[tuple[float, float, QFont, QColor, str]] = []  # x, baseline y, ...
        y = 0.0
        for row in rows:
            metrics = QFontMetricsF(row.face, device)
            y += row.above
            room = width - self.gutter - row.indent
            for text in wrap(row.text, row.face, room, device, row.max_lines):
                self.lines.append(
                    (self.gutter + row.indent, y + metrics.ascent(), row.face, row.colour, text)
                )
                y += metrics.lineSpacing()
        self.text_height = y
        self.height = y + after

    def paint(self, painter: QPainter, x: float, y: float, width: float) -> None:
        if self.bar is not None:
            unit = self.gutter - self.label_width
            painter.fillRect(
                QRectF(x + self.label_width, y, unit * 0.4, self.text_height), self.bar
            )
        if self.label is not None:
            painter.setFont(self.label.face)
            painter.setPen(QPen(self.label.colour))
            metrics = QFontMetricsF(self.label.face, painter.device())
            painter.drawText(QPointF(x, y + metrics.ascent()), self.label.text)
        for left, baseline, face, colour, text in self.lines:
            painter.setFont(face)
            painter.setPen(QPen(colour))
            painter.drawText(QPointF(x + left, y + baseline), text)


class Heading(TextBlock):
    """A section's title with a rule under it; kept with what follows."""

    def __init__(self, text: str, width: float, device: QPaintDevice, above: float) -> None:
        face = font(11.5, bold=True)
        super().__init__(
            [Row(text, face, above=above)],
            width,
            device,
            after=points(device, 5),
            keep_with_next=True,
        )
        self.rule_at = self.text_height + points(device, 2)
        self.section = text

    def paint(self, painter: QPainter, x: float, y: float, width: float) -> None:
        super().paint(painter, x, y, width)
        painter.setPen(QPen(RULE, max(points(painter.device(), 0.6), 1.0)))
        painter.drawLine(QPointF(x, y + self.rule_at), QPointF(x + width, y + self.rule_at))


class Drawing(Block):
    """A fixed-height block painted by a function (the team's picture)."""

    def __init__(self, height: float, draw: Callable[[QPainter, QRectF], None]) -> None:
        self.height = height
        self.draw = draw

    def paint(self, painter: QPainter, x: float, y: float, width: float) -> None:
        self.draw(painter, QRectF(x, y, width, self.height))


@dataclass
class Placed:
    block: Block
    y: float


@dataclass
class Flowed:
    """Blocks placed on pages (``y`` from the top of each page's text area), the room left at
    the bottom of the last page, and how many blocks were left out for want of pages."""

    pages: list[list[Placed]]
    room_left: float
    left_out: int


def flow(
    blocks: Sequence[Block],
    page_height: float,
    max_pages: int,
    keep_at_end: float,
    continued: Callable[[str], Block],
) -> Flowed:
    """Place ``blocks`` top to bottom on pages of ``page_height``; the last page allowed keeps
    ``keep_at_end`` free (room to write). A section going on to a new page starts it with
    ``continued(section)``."""
    pages: list[list[Placed]] = [[]]
    y = 0.0
    left_out = 0
    for number, block in enumerate(blocks):
        need = _with_what_follows(blocks, number)
        limit = page_height - (keep_at_end if len(pages) == max_pages else 0.0)
        if y + need > limit and pages[-1]:
            if len(pages) == max_pages:
                left_out = sum(1 for b in blocks[number:] if not b.keep_with_next)
                break
            pages.append([])
            y = 0.0
            if block.section and not block.keep_with_next:
                header = continued(block.section)
                pages[-1].append(Placed(header, y))
                y += header.height
        pages[-1].append(Placed(block, y))
        y += block.height
    # A heading with nothing after it on its page says nothing.
    while pages[-1] and pages[-1][-1].block.keep_with_next:
        y = pages[-1].pop().y
    return Flowed(pages, page_height - y, left_out)


def _with_what_follows(blocks: Sequence[Block], number: int) -> float:
    """The height of ``blocks[number]`` and of the blocks it is kept with: a heading, its
    introduction and the first entry under them go on a page together."""
    height = 0.0
    for block in blocks[number:]:
        height += block.height
        if not block.keep_with_next:
            break
    return height


def points(device: QPaintDevice, value: float) -> float:
    """``value`` points in the device's units."""
    return value * device.logicalDpiY() / 72.0
