"""Present mode's progress slide, in words: every measure with a target or results as one item
of the strip, and the one in hand unit by unit - its latest value against its target, and for
the customers' results the mean before the first commitment against the mean since.

Type sized for the back of a room leaves a line or two per unit, so the slide names each
measure once at the top (Up and Down, or a click, choose one) and spells out only the one in
hand below.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import NamedTuple

from pyramid_app.model.targets import Standing
from pyramid_app.ui.dates import short_date
from pyramid_app.ui.plan.progress_lines import (
    Chart,
    before_after_words,
    charts,
    figure,
    period_words,
    target_words,
    targets_met,
    unit_name,
)
from pyramid_app.ui.plan.progress_source import ProgressView

QUESTION = "Are we getting better?"
UNITS_SHOWN = 5  # a measure's units on the slide; more are counted, not shown
# Light enough to read on the strip's dark blue.
ON_DARK = {
    Standing.MET: "#8fe3a1",
    Standing.CLOSE: "#f2b84b",
    Standing.MISSED: "#ff9a8f",
    Standing.NO_VALUE: "#b8c2d8",
}
BETTER_ON_DARK, WORSE_ON_DARK, SAME_ON_DARK = "#8fe3a1", "#ff9a8f", "#dfe5f2"


class SlideItem(NamedTuple):
    key: str  # the measure's key
    text: str


def slide_charts(view: ProgressView) -> list[Chart]:
    """The measures the room hears about: those with a target or results (the plan's own
    without any target when nothing has one), each with the units of the report."""
    found = charts(ProgressView(view.report, note=view.note))
    judged = [chart for chart in found if chart.targets or not chart.built_in]
    return judged or [chart for chart in found if chart.built_in]


def item_text(chart: Chart) -> str:
    """ "Front line served 9% (target 50%)", "Guest satisfaction: 1 of 4 at target" """
    share = chart.built_in
    if len(chart.lines) == 1:
        row = chart.lines[0].row
        text = f"{chart.title} {figure(row.latest, share)}"
        if row.target is not None:
            mark = " ✓" if row.standing is Standing.MET else ""
            text += f" (target {figure(row.target.value, share)}){mark}"
        return text
    summary = chart.summary()
    return f"{chart.title}: {summary}" if summary else chart.title


def trend_words(start: tuple[dt.date, float], latest: float) -> str:
    """ "up 9 points since 30/08/2026": a share's move since the series began."""
    day, first = start
    points = round((latest - first) * 100)
    since = f"since {short_date(day)}"
    if points == 0:
        return f"unchanged {since}"
    return f"{'up' if points > 0 else 'down'} {abs(points)} points {since}"


def headline(view: ProgressView) -> str:
    """ "Are we getting better? 4 of 15 targets met" """
    met = targets_met(view)
    return f"{QUESTION} {met[0].upper()}{met[1:]}"


def slide_items(view: ProgressView) -> list[SlideItem]:
    return [SlideItem(chart.key, item_text(chart)) for chart in slide_charts(view)]


def measure_detail(chart: Chart) -> str:
    """The measure in hand, a line per unit (rich text for the strip)."""
    share = chart.built_in
    lines = []
    for line in chart.lines[:UNITS_SHOWN]:
        row = line.row
        name = html.escape(unit_name(row.unit, row.label))
        when = html.escape(period_words(row.latest_at, share))
        text = f"<b>{name}</b> {html.escape(figure(row.latest, share))} {when}"
        if row.target is not None and row.standing is not None:
            colour = ON_DARK[row.standing]
            text += (
                f" · target {html.escape(target_words(row.target, share))}: "
                f"<b style='color:{colour}'>{html.escape(row.standing.value)}</b>"
            )
        figures = row.before_after
        words = (
            before_after_words(figures, share, chart.lower_is_better)
            if figures is not None
            else None
        )
        if words is not None:
            colour = (
                BETTER_ON_DARK
                if words.change.endswith("better")
                else WORSE_ON_DARK
                if words.change.endswith("worse")
                else SAME_ON_DARK
            )
            text += (
                f" · before {html.escape(words.before)} → since {html.escape(words.after)} "
                f"<b style='color:{colour}'>{html.escape(words.change)}</b>"
            )
        elif share and len(line.points) > 1 and row.latest is not None:
            text += f" · {html.escape(trend_words(line.points[0], row.latest))}"
        lines.append(text)
    more = len(chart.lines) - UNITS_SHOWN
    if more > 0:
        lines.append(f"<i>and {more} more</i>")
    if not lines:
        lines.append("<i>Nothing measured yet.</i>")
    return "<br>".join(lines)


def progress_slide(view: ProgressView, key: str | None) -> tuple[list[SlideItem], str, str]:
    """The items, the key of the measure in hand (``key`` if it is one, else the first) and
    its detail."""
    found = slide_charts(view)
    items = [SlideItem(chart.key, item_text(chart)) for chart in found]
    chart = next((c for c in found if c.key == key), found[0] if found else None)
    if chart is None:
        return items, "", "<i>Nothing measured yet.</i>"
    return items, chart.key, measure_detail(chart)
