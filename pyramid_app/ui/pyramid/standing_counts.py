"""A few counts, each after a small swatch of its colour: what a tier's name in the ruler, and
the caption of the people kept apart, add while the pyramid is coloured by results against
target ("■ 40 met  ■ 8 close  ■ 12 missed  ■ 12 no result").

The swatches tie each count to the marks of its colour; the words say it without colour. Where
the words do not fit, the numbers alone do (their swatches still say which is which), and where
even those do not, nothing is written rather than some of the counts: a tier's counts are read
as adding up to its front line.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QFontMetrics, QPainter

from pyramid_app.model.org import OrgChart
from pyramid_app.model.result_tiers import COLOURS, WORDS, TierStandings, count_standings
from pyramid_app.ui.pyramid.scene import SceneData

SWATCH_SHARE = 0.6  # of the text's height
SWATCH_GAP = 4  # pixels between a swatch and its count
SWATCH_EDGE = QColor(90, 90, 90)
GAP = "  "  # between one count and the next swatch, as wide as two spaces of the font
FILLS = {colour: QColor(*colour) for colour in COLOURS}


@dataclass(frozen=True)
class Count:
    """One count as written: the number, its word ("" in the short form) and its colour."""

    count: int
    word: str
    colour: tuple[int, int, int]

    @property
    def text(self) -> str:
        return f"{self.count:,} {self.word}" if self.word else f"{self.count:,}"


@dataclass(frozen=True)
class CountLine:
    """One line of counts as placed once (not at every paint): each count with its swatch's
    x from the line's left, and the line as plain text ("40 met · 8 close") for what the
    ruler records it wrote."""

    placed: tuple[tuple[float, Count], ...]
    text: str


CountLines = list[CountLine]


def counts_of(values: tuple[int, ...], words: bool = True) -> list[Count]:
    """The counts that are not zero, in the colour key's order."""
    return [
        Count(value, word if words else "", colour)
        for value, word, colour in zip(values, WORDS, COLOURS, strict=True)
        if value
    ]


def swatch_side(metrics: QFontMetrics) -> int:
    return max(4, round(metrics.height() * SWATCH_SHARE))


def item_width(count: Count, metrics: QFontMetrics) -> int:
    return swatch_side(metrics) + SWATCH_GAP + metrics.horizontalAdvance(count.text)


def pack(counts: list[Count], metrics: QFontMetrics, width: float, most: int) -> CountLines | None:
    """``counts`` onto lines of ``width`` pixels, as many a line as fit; None when that takes
    more than ``most`` lines or one count alone is wider."""
    gap = metrics.horizontalAdvance(GAP)
    rows: list[list[tuple[float, Count]]] = []
    used = 0.0
    for count in counts:
        wide = item_width(count, metrics)
        if wide > width:
            return None
        if rows and used + gap + wide <= width:
            rows[-1].append((used + gap, count))
            used += gap + wide
        else:
            rows.append([(0.0, count)])
            used = wide
    if len(rows) > most:
        return None
    return [CountLine(tuple(row), " · ".join(count.text for _x, count in row)) for row in rows]


def fit_counts(
    values: tuple[int, ...], metrics: QFontMetrics, width: float, most: int
) -> CountLines:
    """The counts in words where they fit on ``most`` lines, else the numbers alone, else
    none."""
    if most < 1 or not any(values):
        return []
    for words in (True, False):
        lines = pack(counts_of(values, words), metrics, width, most)
        if lines is not None:
            return lines
    return []


def paint_counts(
    painter: QPainter,
    line: CountLine,
    metrics: QFontMetrics,
    box: QRectF,
    text_colour: QColor,
) -> None:
    """One line of counts from ``box``'s left, centred on its height; the font is set. Flat
    fills and text at a point: a frame pays for nothing it can be spared."""
    side = swatch_side(metrics)
    top = box.top() + (box.height() - side) / 2
    baseline = box.top() + (box.height() - metrics.height()) / 2 + metrics.ascent()
    painter.setPen(text_colour)
    for x, count in line.placed:
        left = box.left() + x
        painter.fillRect(QRectF(left, top, side, side), SWATCH_EDGE)
        painter.fillRect(QRectF(left + 1, top + 1, side - 2, side - 2), FILLS[count.colour])
        painter.drawText(QPointF(left + side + SWATCH_GAP, baseline), count.text)


class ShownStandings:
    """The standings of the chart shown (per node, ``result_tiers.standing_rows``), counted on
    the layout shown: again when a new layout of the same chart comes (a collapse, another
    arrangement), dropped when another chart does (a focus, an update: the window gives that
    chart's own). Never counted while painting."""

    def __init__(self) -> None:
        self._held: tuple[OrgChart, npt.NDArray[np.int8]] | None = None
        self.counts: TierStandings | None = None

    def hold(self, data: SceneData | None, rows: npt.NDArray[np.int8] | None) -> None:
        """Count ``rows`` (None: the pyramid is not coloured by results) on ``data``."""
        if rows is not None and data is not None and rows.shape != (len(data.chart),):
            raise ValueError(
                f"expected one standing per node shown ({len(data.chart)}), got {rows.shape}"
            )
        self._held = (data.chart, rows) if rows is not None and data is not None else None
        self.recount(data)

    def recount(self, data: SceneData | None) -> None:
        held = self._held
        if held is None or data is None or held[0] is not data.chart:
            self._held = None
            self.counts = None
            return
        self.counts = count_standings(data.chart, data.layout, held[1])
