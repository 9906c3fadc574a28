"""The Progress dock's charts: one card per measure, its series over time against its target.

A card holds a line per unit (the same colour in every card), the target as a dashed line
across (and its date, when it falls near the series, as a dotted one up), the days commitments
were made and done as marks along the bottom, and under the chart one row per unit that is its
legend: the latest value against the target, and for the customers' results the mean before the
first commitment reaching the unit against the mean since, in large type.
"""

from __future__ import annotations

import datetime as dt
import html

import numpy as np
import numpy.typing as npt
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

from pyramid_app.model.plan_past import Mark
from pyramid_app.model.targets import Target
from pyramid_app.model.units import Unit
from pyramid_app.ui.plan.progress_lines import (
    STANDING_COLOURS,
    Chart,
    Figures,
    Line,
    before_after_words,
    charts,
    figure,
    period_words,
    target_words,
    unit_name,
)
from pyramid_app.ui.plan.progress_source import ProgressView

PLOT_HEIGHT = 170
TARGET_COLOUR = "#3b4652"
MADE_COLOUR = "#0072B2"
DONE_COLOUR = "#1b7a3a"
FIRST_COLOUR = "#8a94a3"
TARGET_DATE_REACH = dt.timedelta(days=60)  # a target date at least this near is drawn
BIG_PIXELS = 17  # the before and after: read at a glance
MONTH_LABEL_PIXELS = 40  # the least room for one month's label on the time axis
LEFT_AXIS_PIXELS = 38
MARKS_ACROSS = 160  # at most this many marks of commitments made (and done) across a chart


def stamp(day: dt.date) -> float:
    """A day on the time axis: seconds since 1970 at its midnight, UTC (the axis reads UTC)."""
    return (day.toordinal() - _EPOCH) * 86_400.0


_EPOCH = dt.date(1970, 1, 1).toordinal()
Stamps = npt.NDArray[np.float64]


def month_ticks(first: dt.date, end: dt.date, pixels: float) -> list[tuple[float, str]]:
    """Month starts from ``first`` to ``end`` as labels of the time axis, as many as fit in
    ``pixels``: every month, or every second, third, sixth or twelfth. A January reads as its
    year; without one, the first label clear of the left edge carries the year."""
    starts = []
    year, month = (first.year, first.month) if first.day == 1 else _next_month(first)
    while dt.date(year, month, 1) <= end:
        starts.append(dt.date(year, month, 1))
        year, month = _next_month(dt.date(year, month, 1))
    if not starts:  # within one month: its first day shown
        return [(stamp(first), f"{first.day} {first:%b %Y}")]
    per_month = pixels / max(1.0, (end - first).days / 30.44)
    step = next((s for s in (1, 2, 3, 6) if per_month * s >= MONTH_LABEL_PIXELS), 12)
    kept = [day for day in starts if (day.month - 1) % step == 0] or starts[:1]
    dated = None
    if not any(day.month == 1 for day in kept):
        clear = first + (end - first) / 8  # a wide label nearer the edge is not drawn
        dated = next((day for day in kept if day >= clear), kept[0])
    ticks = []
    for day in kept:
        if day.month == 1:
            text = str(day.year)
        elif day == dated:
            text = f"{day:%b} {day.year}"
        else:
            text = f"{day:%b}"
        ticks.append((stamp(day), text))
    return ticks


def _next_month(day: dt.date) -> tuple[int, int]:
    return (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)


def _font(point_size: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setPointSizeF(point_size)
    font.setBold(bold)
    return font


def _label(text: str = "", wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class MeasureChart(QFrame):
    """One measure: its title and standing, the chart, and a legend row per unit."""

    def __init__(self) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.chart: Chart | None = None
        self.title = _label()
        self.title.setFont(_font(10.5, bold=True))
        self.summary = _label()
        self.plot_widget = pg.PlotWidget(
            background="w", axisItems={"bottom": pg.DateAxisItem(utcOffset=0)}
        )
        self.plot_widget.setFixedHeight(PLOT_HEIGHT)
        self.plot_widget.setMinimumWidth(160)
        self.plot_widget.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        plot = self.plot_widget.getPlotItem()
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.setMouseEnabled(x=False, y=False)
        plot.showGrid(x=False, y=True, alpha=0.15)
        small = _font(8)
        for side in ("left", "bottom"):
            axis = plot.getAxis(side)
            axis.setStyle(tickFont=small)
            axis.setTextPen("#3b4652")
        plot.getAxis("left").setWidth(LEFT_AXIS_PIXELS)
        self.caption = _label()
        self.caption.setFont(small)
        self.caption.setStyleSheet("color: #5f6b78;")
        self.note = _label()
        self.note.setStyleSheet("color: #5f6b78; font-style: italic;")
        self.rows = QVBoxLayout()
        self.rows.setContentsMargins(0, 2, 0, 0)
        self.rows.setSpacing(4)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 8, 2, 10)
        layout.setSpacing(3)
        for widget in (self.title, self.summary, self.note, self.plot_widget, self.caption):
            layout.addWidget(widget)
        layout.addLayout(self.rows)
        self.curves: dict[Unit, pg.PlotDataItem] = {}
        self.target_lines: list[pg.InfiniteLine] = []
        self.date_lines: list[pg.InfiniteLine] = []
        self.first_lines: list[pg.InfiniteLine] = []
        self.unit_rows: list[QLabel] = []
        self.figure_rows: dict[Unit, QLabel] = {}
        self.row_pool: list[tuple[QLabel, QLabel]] = []  # a legend and a figures label each
        self.span: tuple[dt.date, dt.date] | None = None  # the days the time axis shows
        self.drawn_items: list[pg.GraphicsObject] = []  # what the chart shown added to the plot
        self.made_marks = pg.ScatterPlotItem(
            symbol="t1", size=8, pen=pg.mkPen(None), brush=pg.mkBrush(MADE_COLOUR)
        )
        self.done_marks = pg.ScatterPlotItem(
            symbol="o", size=6, pen=pg.mkPen(None), brush=pg.mkBrush(DONE_COLOUR)
        )
        # Kept in the plot from chart to chart: only their points change.
        plot.addItem(self.made_marks)
        plot.addItem(self.done_marks)

    # -- what tests and the slide read -------------------------------------------------------

    def series(self, unit: Unit) -> list[tuple[float, float]]:
        """The points drawn for ``unit``: (seconds since 1970, value)."""
        curve = self.curves.get(unit)
        if curve is None:
            return []
        xs, ys = curve.getData()
        if xs is None or ys is None:
            return []
        return [(float(x), float(y)) for x, y in zip(xs, ys, strict=True)]

    def target_values(self) -> list[float]:
        return [float(line.value()) for line in self.target_lines]

    def legend_texts(self) -> list[str]:
        return [row.text() for row in self.unit_rows]

    # -- filling ----------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.tick_months()

    def tick_months(self) -> None:
        """The time axis labelled by month, as many as the chart's width holds."""
        if self.span is None:
            return
        pixels = max(60, self.plot_widget.width() - LEFT_AXIS_PIXELS - 12)
        ticks = month_ticks(*self.span, pixels)
        self.plot_widget.getPlotItem().getAxis("bottom").setTicks([ticks])

    def show_chart(self, chart: Chart, made: Stamps, done: Stamps) -> None:
        """Draw ``chart``; ``made`` and ``done`` are the days (stamps) commitments were."""
        self.chart = chart
        plot = self.plot_widget.getPlotItem()
        for item in self.drawn_items:
            plot.removeItem(item)
        self.drawn_items = []
        self.curves, self.target_lines, self.date_lines, self.first_lines = {}, [], [], []
        share = chart.built_in
        self.title.setText(html.escape(chart.title))
        summary = chart.summary()
        self.summary.setText(
            summary and f"<span style='color:#3b4652'>{html.escape(summary)}</span>"
        )
        self.summary.setVisible(bool(summary))
        note = chart.note
        if chart.more:
            note = (note + " " if note else "") + (
                f"{chart.more} more units not drawn: choose the units to compare above."
            )
        self.note.setText(html.escape(note))
        self.note.setVisible(bool(note))
        drawn = [line for line in chart.lines if line.points]
        self.plot_widget.setVisible(bool(drawn))
        self.caption.setVisible(bool(drawn))
        for line in drawn:
            xs = [stamp(day) for day, _value in line.points]
            ys = [value for _day, value in line.points]
            pen = pg.mkPen(line.colour, width=2.2)
            curve = pg.PlotDataItem(
                xs,
                ys,
                pen=pen,
                # A dot per result, each a period the client measured; a week's point is
                # one of a hundred on the line.
                symbol=None if share else "o",
                symbolSize=6,
                symbolBrush=line.colour,
                symbolPen=None,
            )
            self._add(curve)
            self.curves[line.row.unit] = curve
        if drawn:
            self._axes(chart, drawn, made, done)
        self._rows(chart)

    def _axes(self, chart: Chart, drawn: list[Line], made: Stamps, done: Stamps) -> None:
        plot = self.plot_widget.getPlotItem()
        share = chart.built_in
        days = [day for line in drawn for day, _value in line.points]
        first, last = min(days), max(days)
        targets = [line.row.target for line in drawn if line.row.target is not None]
        # A target date not far past the series is drawn (the time left shows); one further
        # off would squeeze the series into a corner, and is in the words below.
        reach_to = last + max(last - first, TARGET_DATE_REACH)
        reach = [t.by for t in targets if t.by is not None and t.by <= reach_to]
        end = max([last, *reach])
        values = [value for line in drawn for _day, value in line.points]
        values += [t.value for t in targets]
        if share:
            low, high = 0.0, max(1.0, *values)
            plot.getAxis("left").setTicks(
                [[(v, f"{v * 100:.0f}%") for v in (0.0, 0.25, 0.5, 0.75, 1.0)]]
            )
        else:
            low, high = min(values), max(values)
            plot.getAxis("left").setTicks(None)
        pad = (high - low) * 0.12 or max(abs(high) * 0.1, 1.0)
        bottom = low - pad
        self._targets(targets, share)
        for by in sorted(set(reach)):
            dotted = pg.mkPen(TARGET_COLOUR, width=1, style=Qt.PenStyle.DotLine)
            line = pg.InfiniteLine(
                pos=stamp(by),
                angle=90,
                pen=dotted,
                label="target date",
                labelOpts={"position": 0.92, "color": TARGET_COLOUR, "anchors": [(1, 0), (1, 0)]},
            )
            self._add(line)
            self.date_lines.append(line)
        if not share:
            self._first_commitments(drawn)
        # The plan's own activity along the bottom, within the chart's time.
        mark_y = bottom + pad * 0.35
        low_x, high_x = stamp(first), stamp(end)
        shown_made = made[(made >= low_x) & (made <= high_x)]
        shown_done = done[(done >= low_x) & (done <= high_x)]
        # Marks closer than a pixel or two are one mark: two years hold hundreds of days.
        step = max(86_400.0, (high_x - low_x) / MARKS_ACROSS)
        for marks, at in ((self.made_marks, shown_made), (self.done_marks, shown_done)):
            xs = np.unique(low_x + np.floor((at - low_x) / step) * step)
            marks.setData(x=xs, y=np.full(len(xs), mark_y))
        self.span = (first, end)
        self.tick_months()
        span = max(stamp(end) - stamp(first), 86_400.0 * 7)
        plot.setXRange(stamp(first) - span * 0.03, stamp(end) + span * 0.05, padding=0)
        plot.setYRange(bottom, high + pad * (0.6 if share else 1.0), padding=0)
        caption = f"▲ commitments made ({len(shown_made)} days) · ● done ({len(shown_done)} days)"
        if not share and self.first_lines:
            caption += " · ┆ first commitment reaching the unit"
        self.caption.setText(html.escape(caption))

    def _add(self, item: pg.GraphicsObject) -> None:
        self.plot_widget.getPlotItem().addItem(item)
        self.drawn_items.append(item)

    def _targets(self, targets: list[Target], share: bool) -> None:
        """One dashed line per distinct target value, labelled with it."""
        seen: set[float] = set()
        for target in targets:
            if target.value in seen:
                continue
            seen.add(target.value)
            dashed = pg.mkPen(TARGET_COLOUR, width=1.4, style=Qt.PenStyle.DashLine)
            line = pg.InfiniteLine(
                pos=target.value,
                angle=0,
                pen=dashed,
                label=f"target {figure(target.value, share)}",
                labelOpts={"position": 0.02, "color": TARGET_COLOUR, "anchors": [(0, 1), (0, 1)]},
            )
            self._add(line)
            self.target_lines.append(line)

    def _first_commitments(self, drawn: list[Line]) -> None:
        firsts = {
            line.row.before_after.first_commitment: line.colour
            for line in drawn
            if line.row.before_after is not None and line.row.before_after.first_commitment
        }
        for day, colour in sorted(firsts.items()):
            shared = len(firsts) == 1
            pen = pg.mkPen(
                FIRST_COLOUR if shared else colour, width=1.2, style=Qt.PenStyle.DashLine
            )
            line = pg.InfiniteLine(pos=stamp(day), angle=90, pen=pen)
            self._add(line)
            self.first_lines.append(line)

    def _rows(self, chart: Chart) -> None:
        """A legend row per unit (with its before and after for a result), the rows of the
        chart shown before given new words: made anew, they cost most of a refresh."""
        while len(self.row_pool) < len(chart.lines):
            pair = (_label(), _label())
            pair[1].setContentsMargins(18, 0, 0, 2)
            for label in pair:
                self.rows.addWidget(label)
            self.row_pool.append(pair)
        self.unit_rows, self.figure_rows = [], {}
        share = chart.built_in
        for (legend, big), line in zip(self.row_pool, chart.lines, strict=False):
            legend.setText(_legend_text(line, share))
            legend.show()
            self.unit_rows.append(legend)
            figures = line.row.before_after
            big.setVisible(figures is not None)
            if figures is None:
                continue
            big.setText(_figures_text(before_after_words(figures, share, chart.lower_is_better)))
            self.figure_rows[line.row.unit] = big
        for legend, big in self.row_pool[len(chart.lines) :]:
            legend.hide()
            big.hide()


def _legend_text(line: Line, share: bool) -> str:
    """ "■ Lisbon 3.8 in Oct 2026 · target at most 3.5 by 31/03/2027: missed" """
    row = line.row
    swatch = f"<span style='color:{line.colour}; font-size:14px'>■</span>"
    name = html.escape(unit_name(row.unit, row.label))
    latest = html.escape(figure(row.latest, share))
    when = html.escape(period_words(row.latest_at, share))
    text = f"{swatch} <b>{name}</b>&nbsp; {latest} {when}"
    if row.target is not None and row.standing is not None:
        colour = STANDING_COLOURS[row.standing]
        text += (
            f" · target {html.escape(target_words(row.target, share))}: "
            f"<b style='color:{colour}'>{html.escape(row.standing.value)}</b>"
        )
    return text


def _figures_text(words: Figures | None) -> str:
    """The before and after in large type, or why there is none yet."""
    if words is None:
        return (
            "<span style='color:#5f6b78'>No commitment reaches it yet: every period is "
            "before.</span>"
        )
    big = f"font-size:{BIG_PIXELS}px; font-weight:600"
    return (
        f"<span style='{big}'>{html.escape(words.before)} → {html.escape(words.after)}</span>"
        f"&nbsp;&nbsp;<span style='{big}; color:{words.colour}'>"
        f"{html.escape(words.change)}</span><br>"
        f"<span style='color:#5f6b78; font-size:11px'>{html.escape(words.periods)}</span>"
    )


class MeasureCharts(QWidget):
    """The cards, one per measure, top to bottom."""

    def __init__(self) -> None:
        super().__init__()
        self.cards: list[MeasureChart] = []
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(6, 0, 6, 6)
        self.box.setSpacing(0)
        self.box.addStretch(1)

    def sizeHint(self) -> QSize:
        return QSize(360, 600)

    def show_view(self, view: ProgressView | None) -> None:
        found = charts(view) if view is not None else []
        made, done = _mark_days(view.report.marks if view is not None else [])
        while len(self.cards) < len(found):
            card = MeasureChart()
            self.box.insertWidget(len(self.cards), card)
            self.cards.append(card)
        for card, chart in zip(self.cards, found, strict=False):
            card.show_chart(chart, made, done)
            card.show()
        for card in self.cards[len(found) :]:
            card.hide()
        # Laid out now, with the scroll area around them, not at the next events: the cards
        # would be drawn squeezed into the old height until then (a picture taken at once).
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)

    def card(self, key: str) -> MeasureChart | None:
        """The card of measure ``key`` shown, if any."""
        return next(
            (c for c in self.cards if c.isVisibleTo(self) and c.chart and c.chart.key == key),
            None,
        )


def _mark_days(marks: list[Mark]) -> tuple[Stamps, Stamps]:
    """The days something was made, and done: one mark a day, however many that day."""
    made = {mark.on for mark in marks if mark.kind == "made"}
    done = {mark.on for mark in marks if mark.kind == "done"}
    return (
        np.array(sorted(map(stamp, made)), dtype=np.float64),
        np.array(sorted(map(stamp, done)), dtype=np.float64),
    )
