"""Native PowerPoint tables whose rows are as tall as their text, measured beforehand.

A table row grows to its text when PowerPoint or Impress lays it out; a table the deck thought
shorter would run off the slide. So each cell's lines are counted (:mod:`text_fit`) and each
row is written as tall as its tallest cell; a cell spanning rows (a touchpoint over its needs)
makes its last row taller if the rows beside it are shorter than it. Slides use
:func:`cell_height` to decide how many rows fit before they make the table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR
from pptx.shapes.graphfrm import GraphicFrame
from pptx.slide import Slide
from pptx.util import Inches

from pyramid_app.io.deck.style import NAVY, TABLE_PT, WHITE, Paragraph, Run, inches, write_runs
from pyramid_app.io.deck.text_fit import line_height, text_width, wrap

PAD_X = 0.08  # inches of a cell's left and right margins
PAD_Y = 0.03  # top and bottom


@dataclass
class Cell:
    """A cell's text; ``rows`` > 1 spans that many rows down (the cells it covers are None)."""

    paragraphs: Sequence[Paragraph]
    fill: RGBColor = WHITE
    rows: int = 1
    anchor: MSO_ANCHOR = MSO_ANCHOR.TOP


@dataclass
class TableSpec:
    widths: Sequence[float]  # inches per column
    rows: list[list[Cell | None]] = field(default_factory=list)

    def heights(self) -> list[float]:
        """Each row's height in inches: its tallest single cell, and room for spanning ones."""
        heights = [
            max(
                (
                    cell_height(cell.paragraphs, width)
                    for cell, width in zip(row, self.widths, strict=True)
                    if cell is not None and cell.rows == 1
                ),
                default=line_height(14) + 2 * PAD_Y,
            )
            for row in self.rows
        ]
        for r, row in enumerate(self.rows):
            for cell, width in zip(row, self.widths, strict=True):
                if cell is None or cell.rows == 1:
                    continue
                need = cell_height(cell.paragraphs, width)
                spanned = sum(heights[r : r + cell.rows])
                if need > spanned:
                    heights[r + cell.rows - 1] += need - spanned
        return heights

    def height(self) -> float:
        return sum(self.heights())


def header_row(headings: Sequence[str]) -> list[Cell | None]:
    """A table's first row: white bold headings on navy, sitting on the rows below."""
    return [
        Cell([[Run(text, TABLE_PT, True, WHITE)]], fill=NAVY, anchor=MSO_ANCHOR.BOTTOM)
        for text in headings
    ]


def paragraph_lines(paragraph: Paragraph, width: float) -> int:
    """The lines ``paragraph`` takes in a cell ``width`` inches wide. Runs of several sizes or
    weights are measured as one text of the largest size, scaled by how much wider (or
    narrower) the runs are together than that text set plain."""
    text = "".join(run.text for run in paragraph)
    if not text:
        return 1
    size = max(run.size for run in paragraph)
    plain = text_width(text, size)
    styled = sum(text_width(run.text, run.size, run.bold) for run in paragraph)
    return len(wrap(text, width - 2 * PAD_X - 0.04, size * styled / plain if plain else size))


def cell_height(paragraphs: Sequence[Paragraph], width: float) -> float:
    """The height in inches a cell ``width`` inches wide needs for ``paragraphs``."""
    total = 2 * PAD_Y
    for paragraph in paragraphs:
        size = max((run.size for run in paragraph), default=14)
        total += paragraph_lines(paragraph, width) * line_height(size)
    return total


def add_table(slide: Slide, left: float, top: float, spec: TableSpec, name: str) -> GraphicFrame:
    """``spec`` as a table on ``slide`` with its top left corner at (``left``, ``top``)."""
    heights = spec.heights()
    shape = slide.shapes.add_table(
        len(spec.rows),
        len(spec.widths),
        Inches(left),
        Inches(top),
        inches(sum(spec.widths)),
        inches(sum(heights)),
    )
    shape.name = name
    table = shape.table
    # The deck colours its own rows; the built-in style's banding would fight with them.
    table.first_row = False
    table.horz_banding = False
    for c, width in enumerate(spec.widths):
        table.columns[c].width = inches(width)
    for table_row, height in zip(table.rows, heights, strict=True):
        table_row.height = inches(height)
    for r, row in enumerate(spec.rows):
        for c, cell in enumerate(row):
            target = table.cell(r, c)
            target.margin_left = target.margin_right = Inches(PAD_X)
            target.margin_top = target.margin_bottom = Inches(PAD_Y)
            if cell is None:
                # Covered by a cell spanning rows, yet Impress still sizes the row for what it
                # holds: an empty paragraph at the template's 18 pt would make the row taller.
                write_runs(target.text_frame, [[]])
                continue
            if cell.rows > 1:
                target.merge(table.cell(r + cell.rows - 1, c))
            target.fill.solid()
            target.fill.fore_color.rgb = cell.fill
            target.vertical_anchor = cell.anchor
            frame = target.text_frame
            frame.word_wrap = True
            write_runs(frame, cell.paragraphs)
    return shape
