"""The deck's look, and the small helpers every slide writes its text with.

One typeface (Arial: every PowerPoint has it, and LibreOffice draws it with Liberation Sans,
whose letters are as wide), sizes that read from the back of a room (body text 14 pt and up),
and the app's own coverage colours, so a slide and the window say the same thing the same way.
Every run gets its font, size and colour written out: a slide looks the same whatever theme
the file is later opened with.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.slide import Slide
from pptx.text.text import TextFrame
from pptx.util import Emu, Inches, Pt

from pyramid_app.io.deck.text_fit import shortened

FONT = "Arial"
SLIDE_WIDTH = 13.333  # inches: 16:9
SLIDE_HEIGHT = 7.5
MARGIN = 0.5
CONTENT_WIDTH = SLIDE_WIDTH - 2 * MARGIN
TITLE_TOP, TITLE_HEIGHT = 0.3, 0.75
SUBTITLE_TOP, SUBTITLE_HEIGHT = 1.0, 0.45
CONTENT_TOP = 1.55
CONTENT_BOTTOM = 6.9
FOOTER_TOP, FOOTER_HEIGHT = 7.0, 0.35

TITLE_PT = 30
SUBTITLE_PT = 16
BODY_PT = 16
TABLE_PT = 14
FOOTER_PT = 12
FIGURE_PT = 40

NAVY = RGBColor(0x1F, 0x3A, 0x5F)
INK = RGBColor(0x21, 0x25, 0x29)
GREY = RGBColor(0x5F, 0x63, 0x68)
RULE = RGBColor(0xD2, 0xD6, 0xDC)
BAND = RGBColor(0xF2, 0xF4, 0xF7)
WHITE = RGBColor(0xFF, 0xFF, 0xFF)
GOOD = RGBColor(0x1B, 0x7A, 0x3A)
CLOSE = RGBColor(0xA1, 0x5C, 0x00)
BAD = RGBColor(0xB3, 0x26, 0x1E)
GAP = RGBColor(0xE6, 0x9F, 0x00)  # the app's "not served" orange

# Characters XML 1.0 cannot hold (a name from a spreadsheet may carry them): left out.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    return _NOT_XML.sub("", text)


@dataclass(frozen=True)
class Run:
    """A piece of text in one style."""

    text: str
    size: float = BODY_PT
    bold: bool = False
    colour: RGBColor = INK
    italic: bool = False


Paragraph = Sequence[Run]


def write_runs(frame: TextFrame, paragraphs: Iterable[Paragraph], align: PP_ALIGN | None = None) -> None:
    """Replace what ``frame`` holds with ``paragraphs``, every run styled in full."""
    frame.clear()
    first = True
    for runs in paragraphs:
        paragraph = frame.paragraphs[0] if first else frame.add_paragraph()
        first = False
        if align is not None:
            paragraph.alignment = align
        for piece in runs:
            run = paragraph.add_run()
            run.text = xml_safe(piece.text)
            font = run.font
            font.name = FONT
            font.size = Pt(piece.size)
            font.bold = piece.bold
            font.italic = piece.italic
            font.color.rgb = piece.colour


def text_box(
    slide: Slide,
    box: tuple[float, float, float, float],
    paragraphs: Iterable[Paragraph],
    align: PP_ALIGN | None = None,
    anchor: MSO_ANCHOR = MSO_ANCHOR.TOP,
    name: str = "",
) -> TextFrame:
    """A text box at ``box`` (left, top, width, height in inches) holding ``paragraphs``; the
    text wraps in the box and keeps its size (the deck fits it beforehand)."""
    left, top, width, height = box
    shape = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    if name:
        shape.name = name
    frame = shape.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.vertical_anchor = anchor
    for side in ("margin_left", "margin_right"):
        setattr(frame, side, Inches(0.05))
    write_runs(frame, paragraphs, align)
    return frame


def slide_title(slide: Slide, title: str, subtitle: str = "") -> None:
    """The slide's title in its title placeholder (so outlines and screen readers find it),
    and a line under it in grey; both cut to one line."""
    shape = slide.shapes.title
    assert shape is not None  # the deck's layouts have a title
    shape.left, shape.top = Inches(MARGIN), Inches(TITLE_TOP)
    shape.width, shape.height = Inches(CONTENT_WIDTH), Inches(TITLE_HEIGHT)
    frame = shape.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.vertical_anchor = MSO_ANCHOR.BOTTOM
    frame.margin_left = frame.margin_right = Inches(0.05)
    text = shortened(title, CONTENT_WIDTH - 0.15, TITLE_PT, bold=True)
    write_runs(frame, [[Run(text, TITLE_PT, True, NAVY)]], PP_ALIGN.LEFT)
    if subtitle:
        line = shortened(subtitle, CONTENT_WIDTH - 0.15, SUBTITLE_PT)
        text_box(
            slide,
            (MARGIN, SUBTITLE_TOP, CONTENT_WIDTH, SUBTITLE_HEIGHT),
            [[Run(line, SUBTITLE_PT, colour=GREY)]],
            anchor=MSO_ANCHOR.MIDDLE,
            name="Subtitle",
        )


def footer(slide: Slide, left_text: str, number: int, total: int) -> None:
    """The organisation and the day on the left, the slide's number on the right."""
    line = slide.shapes.add_connector(
        1, Inches(MARGIN), Inches(FOOTER_TOP), Inches(MARGIN + CONTENT_WIDTH), Inches(FOOTER_TOP)
    )
    line.line.color.rgb = RULE
    line.line.width = Pt(0.75)
    line.name = "Footer rule"
    text = shortened(left_text, CONTENT_WIDTH - 1.5, FOOTER_PT)
    text_box(
        slide,
        (MARGIN, FOOTER_TOP, CONTENT_WIDTH - 1.2, FOOTER_HEIGHT),
        [[Run(text, FOOTER_PT, colour=GREY)]],
        anchor=MSO_ANCHOR.MIDDLE,
        name="Footer",
    )
    text_box(
        slide,
        (MARGIN + CONTENT_WIDTH - 1.2, FOOTER_TOP, 1.2, FOOTER_HEIGHT),
        [[Run(f"{number} / {total}", FOOTER_PT, colour=GREY)]],
        align=PP_ALIGN.RIGHT,
        anchor=MSO_ANCHOR.MIDDLE,
        name="Footer number",
    )


def inches(value: float) -> Emu:
    return Emu(int(round(value * 914400)))
