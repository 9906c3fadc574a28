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
from typing import cast

from pptx.chart.chart import Chart
from pptx.chart.data import CategoryChartData, ChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.shapes.base import BaseShape
from pptx.shapes.graphfrm import GraphicFrame
from pptx.slide import Slide
from pptx.text.text import TextFrame
from pptx.util import Emu, Inches, Pt

from pyramid_app.io.deck.geometry import (
    CONTENT_WIDTH,
    FOOTER_HEIGHT,
    FOOTER_TOP,
    MARGIN,
    SUBTITLE_HEIGHT,
    SUBTITLE_TOP,
    TITLE_HEIGHT,
    TITLE_TOP,
)
from pyramid_app.io.deck.text_fit import shortened

FONT = "Arial"

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


def write_runs(
    frame: TextFrame,
    paragraphs: Iterable[Paragraph],
    align: PP_ALIGN | None = None,
    empty_size: float = TABLE_PT,
) -> None:
    """Replace what ``frame`` holds with ``paragraphs``, every run styled in full. A paragraph
    ends with its last run's size (``empty_size`` when it has none): an empty one would take
    the template's 18 pt and make its table row taller than the deck measured."""
    frame.clear()
    first = True
    for runs in paragraphs:
        paragraph = frame.paragraphs[0] if first else frame.add_paragraph()
        first = False
        if align is not None:
            paragraph.alignment = align
        size = Pt(runs[-1].size if runs else empty_size)
        paragraph.font.size = size
        paragraph._p.get_or_add_endParaRPr().set("sz", str(int(size.pt * 100)))
        for piece in runs:
            if not piece.text:
                continue  # an empty run makes Impress size its line at 18 pt, whatever it says
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
    result: TextFrame = frame
    return result


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


def _plain(shape: BaseShape) -> None:
    """Without the theme's style (its shadow and outline): the deck gives fill and line."""
    style = shape._element.find(qn("p:style"))
    if style is not None:
        shape._element.remove(style)


def rule(slide: Slide, left: float, top: float, width: float, name: str = "Rule") -> None:
    """A thin grey horizontal line."""
    line = slide.shapes.add_connector(
        MSO_CONNECTOR.STRAIGHT, Inches(left), Inches(top), Inches(left + width), Inches(top)
    )
    _plain(line)
    line.line.color.rgb = RULE
    line.line.width = Pt(1)
    line.name = name


def block(
    slide: Slide, box: tuple[float, float, float, float], colour: RGBColor, name: str
) -> None:
    """A filled rectangle without an outline at ``box`` (left, top, width, height, inches)."""
    left, top, width, height = box
    shape = slide.shapes.add_shape(
        MSO_SHAPE.RECTANGLE, Inches(left), Inches(top), Inches(width), Inches(height)
    )
    _plain(shape)
    shape.fill.solid()
    shape.fill.fore_color.rgb = colour
    shape.line.fill.background()
    shape.name = name


def footer(slide: Slide, left_text: str, number: int, total: int) -> None:
    """The organisation and the day on the left, the slide's number on the right."""
    rule(slide, MARGIN, FOOTER_TOP, CONTENT_WIDTH, "Footer rule")
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


def add_chart(
    slide: Slide,
    kind: XL_CHART_TYPE,
    box: tuple[float, float, float, float],
    data: CategoryChartData,
    name: str,
) -> Chart:
    """A native chart at ``box`` (inches) with ``data`` inside it, to edit in PowerPoint."""
    left, top, width, height = box
    # python-pptx annotates add_chart as taking ChartData and returning a Chart; it takes any
    # chart data and returns the frame holding the chart.
    frame = cast(
        GraphicFrame,
        slide.shapes.add_chart(
            kind, Inches(left), Inches(top), Inches(width), Inches(height), cast(ChartData, data)
        ),
    )
    frame.name = name
    return frame.chart


def style_axes(chart: Chart) -> None:
    """Value axis from 0 with light gridlines, both axes' labels at table size, in grey."""
    axis = chart.value_axis
    axis.minimum_scale = 0
    axis.has_major_gridlines = True
    axis.major_gridlines.format.line.color.rgb = RULE
    axis.tick_labels.font.size = Pt(TABLE_PT)
    axis.tick_labels.font.color.rgb = GREY
    axis.format.line.fill.background()
    chart.category_axis.tick_labels.font.size = Pt(TABLE_PT)
    chart.category_axis.format.line.color.rgb = RULE


def set_notes(slide: Slide, text: str) -> None:
    """The slide's speaker notes: what the slide left out, for whoever presents it."""
    frame = slide.notes_slide.notes_text_frame
    if frame is not None:
        frame.text = xml_safe(text)


def describe(shape: BaseShape, text: str) -> None:
    """The shape's alternative text, for a screen reader and for whoever searches the file."""
    properties = shape._element.find(f".//{qn('p:cNvPr')}")
    if properties is not None:
        properties.set("descr", xml_safe(text))


def inches(value: float) -> Emu:
    return Emu(round(value * 914400))
