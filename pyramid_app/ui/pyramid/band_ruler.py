"""The tiers' names in a strip beside the pyramid, outside the plotted area, so no name ever
covers a person.

The ruler follows the view's vertical range: each tier's name sits at the tier's height,
centred on its people's rows; where the tier is tall enough the name wraps and the detail gets
a line of its own ("Level 5 · 91" over "72 front line"), where it is a line tall everything
shares one line, and where it is thinner than a line there is no name. While the people are
coloured by results against target, a tier with room for them adds its front line's standings
below, each count after a swatch of its colour ("40 met · 8 close · 12 missed · 12 no result",
the numbers alone where the words do not fit); they add up to the tier's front line, and the
tiers with the box of people kept apart to the colour key's counts. The chain below a
focused team gets its levels in grey. The strip keeps one width, so the view box beside it
never shifts when the names change (a collapse keeps the clicked manager under the pointer).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen

from pyramid_app.model.layout import Band, PyramidLayout
from pyramid_app.ui.pyramid.band_items import BandsItem
from pyramid_app.ui.pyramid.band_labels import BandLabelsItem, wrap_to_lines
from pyramid_app.ui.pyramid.scene import BAND_FILLS
from pyramid_app.ui.pyramid.sizes import NORMAL, TextSizes
from pyramid_app.ui.pyramid.standing_counts import CountLines, fit_counts, paint_counts

RULER_WIDTH = 148  # pixels: "Level 12 · 123,456" and "General Manager · 1" fit
RULER_MIN_WIDTH = 96  # a narrow view (docks open) wraps the names rather than give them more
RULER_SHARE = 0.15  # of the view's width, between those two
PADDING = 8  # pixels either side of the names
MAX_HEADING_LINES = 2
MAX_COUNT_LINES = 4  # of a tier's standings while coloured by results: one a count
WRITTEN_KEPT = 2_000  # tiers' lines kept between frames
HEADING = QColor("#3d4b59")
DETAIL = QColor("#5f6f7f")
CONTEXT = QColor(135, 141, 148)
BACKGROUND = QColor("#f8fafc")
RULE = QColor("#c9d3dd")


@dataclass(frozen=True)
class RulerLabel:
    """One name the last paint drew: its box in the ruler's coordinates and its lines."""

    box: QRectF
    lines: tuple[str, ...]


class BandRuler(pg.GraphicsWidget):
    """The tiers' names beside the view box, at the height of each tier."""

    def __init__(self, view_box: pg.ViewBox, bands: BandsItem) -> None:
        super().__init__()
        self.view_box = view_box
        self.bands = bands
        self.sizes = NORMAL
        self.heading_font = self.detail_font = self.context_font = QFont()
        self._metrics: dict[str, QFontMetrics] = {}
        # A tier's lines as last written, by what they were written from: most frames show the
        # same tiers at the same width, and wrapping them is most of the ruler's cost.
        self._written: dict[tuple[str, str, float, int, bool], tuple[list[str], list[str]]] = {}
        # A tier's standings as packed into lines, by their counts, width and most lines.
        self._counts_written: dict[tuple[tuple[int, ...], float, int], CountLines] = {}
        self._view_width = 0.0
        self.set_sizes(NORMAL)
        self.painted: list[RulerLabel] = []
        self.setMinimumWidth(RULER_WIDTH)
        self.setMaximumWidth(RULER_WIDTH)
        view_box.sigYRangeChanged.connect(self._follow)
        view_box.sigResized.connect(self._follow)
        bands.data_shown.connect(self._follow)

    def _follow(self, *_args: object) -> None:
        self.update()

    def set_sizes(self, sizes: TextSizes) -> None:
        """Write the tiers' names with text of ``sizes``; the strip widens with them."""
        self.sizes = sizes
        self.heading_font = sizes.font(9)
        self.detail_font = sizes.font(8.5)
        self.context_font = sizes.font(9, italic=True)
        self._metrics = {
            font: QFontMetrics(getattr(self, font))
            for font in ("heading_font", "detail_font", "context_font")
        }
        self._written.clear()
        self._counts_written.clear()
        if self._view_width:
            self.fit_to(self._view_width)
        self.update()

    def fit_to(self, view_width: float) -> None:
        """Take a share of a view ``view_width`` pixels wide: the full width when there is
        room, less in a narrow view; wider for larger text. It changes with the view's size
        and the text size only, never with what is shown, so a collapse or a focus leaves the
        people where they were."""
        self._view_width = view_width
        scale = self.sizes.scale
        width = int(
            min(RULER_WIDTH * scale, max(RULER_MIN_WIDTH * scale, RULER_SHARE * view_width))
        )
        if width != int(self.maximumWidth()):
            self.setMinimumWidth(width)
            self.setMaximumWidth(width)

    @property
    def layout_shown(self) -> PyramidLayout | None:
        return self.bands.scene_data.layout if self.bands.scene_data is not None else None

    def _view_to_ruler(self) -> tuple[float, float]:
        """(scale, offset) turning an oriented layout y into the ruler's own y."""
        zero: QPointF = self.view_box.mapViewToScene(QPointF(0.0, 0.0))
        one: QPointF = self.view_box.mapViewToScene(QPointF(0.0, 1.0))
        zero_y, one_y = self.mapFromScene(zero).y(), self.mapFromScene(one).y()
        return one_y - zero_y, zero_y

    def paint(self, painter: QPainter, *_args: object) -> None:
        rect = self.boundingRect()
        painter.fillRect(rect, BACKGROUND)
        painter.setPen(QPen(RULE, 1))
        painter.drawLine(rect.topRight(), rect.bottomRight())
        self.painted = []
        layout = self.layout_shown
        if layout is None:
            return
        scale, offset = self._view_to_ruler()
        scale *= layout.sign  # now for layout rows, before the orientation flip
        spans = layout.spans
        if scale:
            # Tiers go up in layout rows: those in view are found by two binary searches.
            row_a, row_b = (rect.top() - offset) / scale, (rect.bottom() - offset) / scale
            first = int(np.searchsorted(spans.y_high, min(row_a, row_b), side="left"))
            last = int(np.searchsorted(spans.y_low, max(row_a, row_b), side="right"))
            self._paint_tiers(painter, rect, layout, (scale, offset), slice(first, last))
        customer = layout.customer_band
        low, high = sorted((scale * customer.y_low + offset, scale * customer.y_high + offset))
        self._paint_name(painter, rect, (low, high), (low + high) / 2, "Customers", "")
        if layout.context is not None and layout.context_y is not None:
            self._paint_context(painter, layout, rect, layout.sign * scale, offset)

    def _paint_tiers(
        self,
        painter: QPainter,
        rect: QRectF,
        layout: PyramidLayout,
        mapping: tuple[float, float],
        tiers: slice,
    ) -> None:
        """The stripes and names of the tiers in view."""
        scale, offset = mapping
        spans = layout.spans
        whole_a = scale * float(spans.y_low[0]) + offset
        whole_b = scale * float(spans.y_high[-1]) + offset
        whole = QRectF(rect.left(), min(whole_a, whole_b), rect.width() - 1, abs(whole_b - whole_a))
        painter.fillRect(whole.intersected(rect), QColor(BAND_FILLS[0]))
        if tiers.stop <= tiers.start:
            return
        edge_a = scale * spans.y_low[tiers] + offset
        edge_b = scale * spans.y_high[tiers] + offset
        top, bottom = np.minimum(edge_a, edge_b), np.maximum(edge_a, edge_b)
        self._paint_stripes(painter, rect, top, bottom, tiers.start)
        line = self._metrics["heading_font"].lineSpacing()
        middle = (scale * (spans.row_low[tiers] + spans.row_high[tiers]) / 2) + offset
        # Only tiers at least a line tall get a name: a few dozen at most.
        for index in np.flatnonzero(bottom - top >= line).tolist():
            edges = (float(top[index]), float(bottom[index]))
            band = layout.bands[tiers.start + index]
            self._paint_band(painter, band, rect, edges, float(middle[index]))

    def _paint_stripes(
        self, painter: QPainter, rect: QRectF, top: np.ndarray, bottom: np.ndarray, first: int
    ) -> None:
        """The bands' own colours across the ruler, so each name reads with its tier (``top``
        and ``bottom`` are of the tiers from ``first`` on)."""
        width = rect.width() - 1
        tall = np.flatnonzero(bottom - top >= 2)
        for index in tall[(tall + first) % 2 == 1].tolist():
            band = QRectF(rect.left(), float(top[index]), width, float(bottom[index] - top[index]))
            painter.fillRect(band.intersected(rect), QColor(BAND_FILLS[1]))

    def _paint_band(
        self, painter: QPainter, band: Band, rect: QRectF, edges: tuple[float, float], middle: float
    ) -> None:
        # A wrapped name keeps its count with its last word: "Chief Operating" / "Officer · 1".
        heading = band.heading.replace(" · ", "\u00a0·\u00a0")
        standings = self.bands.standings.counts
        counts = standings.of_tier(band.tier) if standings is not None else ()
        self._paint_name(painter, rect, edges, middle, heading, band.detail, counts=counts)

    def _paint_name(
        self,
        painter: QPainter,
        rect: QRectF,
        edges: tuple[float, float],
        middle: float,
        heading: str,
        detail: str,
        colour: QColor | None = None,
        counts: tuple[int, ...] = (),
    ) -> None:
        """A name in the visible part of its tier, centred on ``middle`` as far as the tier
        allows: wrapped with the detail below where there is room, on one line where there is
        not, nothing where even a line does not fit. ``counts`` (the tier's standings) go
        below the detail where a line of the name and all of them fit, in words or else as
        numbers after their swatches."""
        heading_metrics = self._metrics["heading_font" if colour is None else "context_font"]
        detail_metrics = self._metrics["detail_font"]
        low, high = max(edges[0], rect.top()), min(edges[1], rect.bottom())
        width = rect.width() - 2 * PADDING
        line, small = heading_metrics.lineSpacing(), detail_metrics.lineSpacing()
        below_name = small if detail else 0
        counted = self._count_lines(counts, width, int((high - low - below_name - line) // small))
        room = int((high - low - below_name - small * len(counted)) // line)
        if room < 1 and high - low < line:
            return
        key = (heading, detail, width, min(room, MAX_HEADING_LINES), colour is None)
        written = self._written.get(key)
        if written is None:
            written = self._wrap(heading, detail, width, key[3], colour)
            if len(self._written) > WRITTEN_KEPT:
                self._written.clear()
            self._written[key] = written
        lines, below = written
        height = line * len(lines) + small * (len(below) + len(counted))
        top = float(np.clip(middle - height / 2, low, high - height))
        painter.setFont(self.heading_font if colour is None else self.context_font)
        painter.setPen(colour or HEADING)
        for index, text in enumerate(lines):
            painter.drawText(
                QRectF(rect.left() + PADDING, top + index * line, width, line),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                text,
            )
        if below:
            painter.setFont(self.detail_font)
            painter.setPen(colour or DETAIL)
            painter.drawText(
                QRectF(rect.left() + PADDING, top + len(lines) * line, width, small),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                below[0],
            )
        if counted:
            painter.setFont(self.detail_font)
        for index, counts_line in enumerate(counted):
            row_top = top + len(lines) * line + (len(below) + index) * small
            row = QRectF(rect.left() + PADDING, row_top, width, small)
            paint_counts(painter, counts_line, detail_metrics, row, DETAIL)
        box = QRectF(rect.left() + PADDING, top, width, height)
        written_counts = tuple(counts_line.text for counts_line in counted)
        self.painted.append(RulerLabel(box, (*lines, *below, *written_counts)))

    def _count_lines(self, counts: tuple[int, ...], width: float, most: int) -> CountLines:
        """A tier's standings as lines (see ``standing_counts.fit_counts``), kept between
        frames like the names."""
        most = min(most, MAX_COUNT_LINES)
        if most < 1 or not any(counts):
            return []
        key = (counts, width, most)
        lines = self._counts_written.get(key)
        if lines is None:
            lines = fit_counts(counts, self._metrics["detail_font"], width, most)
            if len(self._counts_written) > WRITTEN_KEPT:
                self._counts_written.clear()
            self._counts_written[key] = lines
        return lines

    def _wrap(
        self, heading: str, detail: str, width: float, room: int, colour: QColor | None
    ) -> tuple[list[str], list[str]]:
        """A tier's lines: the heading wrapped with the detail below where ``room`` lines
        allow, else everything on one line."""
        heading_metrics = self._metrics["heading_font" if colour is None else "context_font"]
        if room >= 1:
            lines = wrap_to_lines(heading, heading_metrics, width, room)
            detail_metrics = self._metrics["detail_font"]
            below = [detail_metrics.elidedText(detail, Qt.TextElideMode.ElideRight, int(width))]
            return lines, below if detail else []
        both = f"{heading} · {detail}" if detail else heading
        fits = heading_metrics.horizontalAdvance(both) <= width
        one = heading_metrics.elidedText(
            both if fits else heading, Qt.TextElideMode.ElideRight, int(width)
        )
        return [one], []

    def _paint_context(
        self, painter: QPainter, layout: PyramidLayout, rect: QRectF, scale: float, offset: float
    ) -> None:
        """The levels of the chain below a focused team, grey like the chain."""
        assert layout.context_y is not None
        line = self._metrics["context_font"].lineSpacing()
        if abs(scale) < line:
            return  # rows thinner than a name: the chain's grey line says enough
        ys = scale * layout.context_y + offset
        near = np.flatnonzero((ys > rect.top() - line) & (ys < rect.bottom() + line))
        half = abs(scale) / 2
        for index in near.tolist():
            level = layout.first_level - 1 - index
            name = "Chief executive" if level == 0 else f"Level {level:,}"
            y = float(ys[index])
            self._paint_name(painter, rect, (y - half, y + half), y, name, "", CONTEXT)


class TierItems(Protocol):
    """What shows the tiers' figures: the pyramid view's shading and its names."""

    @property
    def bands(self) -> BandsItem: ...

    @property
    def labels(self) -> BandLabelsItem: ...


def show_standings(view: TierItems, rows: npt.NDArray[np.int8] | None) -> None:
    """Write each tier's front-line standings in the ruler and those of the people kept apart
    under their caption: ``rows`` per node of the chart ``view`` shows
    (``result_tiers.standing_rows``), None while the pyramid is not coloured by results."""
    view.bands.set_standings(rows)
    view.labels.set_standings(rows)


def install_band_ruler(view: pg.GraphicsView, view_box: pg.ViewBox, bands: BandsItem) -> BandRuler:
    """Put the ruler at the left of ``view_box`` (``view``'s), in a layout that fills the view."""
    grid = pg.GraphicsLayout()
    grid.setContentsMargins(0, 0, 0, 0)
    grid.setSpacing(0)
    # The grid takes the view box's place first, so the box leaves the scene once, cleanly.
    view.setCentralItem(grid)
    ruler = BandRuler(view_box, bands)
    grid.addItem(ruler, row=0, col=0)
    grid.addItem(view_box, row=0, col=1)
    return ruler
