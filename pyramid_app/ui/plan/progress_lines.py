"""What the progress charts and the progress slide say, in words and lines, from a report.

Shared by the Progress dock and present mode so both read the same: a unit keeps its colour in
every chart, a value reads the same everywhere (a share as a percentage, a result as the client
wrote it), and "before and after" is always the mean of the periods before the first commitment
reaching the unit against the mean of those since.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pyramid_app.model.progress_report import BeforeAfter, UnitProgress
from pyramid_app.model.results import read_stored_period
from pyramid_app.model.targets import Measure, Standing, Target
from pyramid_app.model.units import WHOLE_ORGANISATION, Unit, UnitKind
from pyramid_app.ui.dates import short_date
from pyramid_app.ui.plan.progress_source import ProgressView

# Okabe and Ito's colours, told apart by colour-blind eyes too (their yellow is too pale here).
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9")
WHOLE_COLOUR = "#3b4652"
MAX_LINES = len(PALETTE)  # more units than this in one chart: choose the ones to compare
STANDING_COLOURS = {
    Standing.MET: "#1b7a3a",
    Standing.CLOSE: "#a15c00",
    Standing.MISSED: "#b3261e",
    Standing.NO_VALUE: "#5f6b78",
}
BETTER, WORSE, SAME = "#1b7a3a", "#b3261e", "#5f6b78"
KIND_NAMES = {
    UnitKind.ORGANISATION: "the whole organisation",
    UnitKind.DEPARTMENT: "departments",
    UnitKind.LOCATION: "locations",
    UnitKind.SEGMENT: "customer segments",
    UnitKind.TOUCHPOINT: "touchpoints",
}


@dataclass(frozen=True)
class Line:
    """One unit in one chart: its row of the report, its colour, its points by day."""

    row: UnitProgress
    colour: str
    points: list[tuple[dt.date, float]]


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    built_in: bool
    lower_is_better: bool
    lines: list[Line]
    more: int = 0  # units of the measure not drawn
    note: str = ""

    @property
    def targets(self) -> list[Target]:
        return [line.row.target for line in self.lines if line.row.target is not None]

    def summary(self) -> str:
        """ "1 of 4 at target", "at target", "not at target yet", or "" without targets."""
        judged = [line.row.standing for line in self.lines if line.row.standing is not None]
        met = sum(1 for standing in judged if standing is Standing.MET)
        if not judged:
            return ""
        if len(judged) == 1:
            return "at target" if met else "not at target yet"
        return f"{met} of {len(judged)} at target"


def point_day(at: str, built_in: bool) -> dt.date:
    """Where a point of a series stands on the time axis: a built-in's day, or the middle of a
    result's period (a month's point mid-month)."""
    if built_in:
        return dt.date.fromisoformat(at)
    period = read_stored_period(at)
    return period.start + (period.end - period.start) / 2


def figure(value: float | None, share: bool) -> str:
    """A value as every progress view shows it: "9%", "3.72", "1,250"; "-" for none."""
    if value is None:
        return "-"
    if share:
        percent = value * 100
        return f"{percent:.0f}%" if percent >= 1 or percent == 0 else f"{percent:.1f}%"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.3g}" if abs(value) >= 100 else f"{value:.2f}".rstrip("0").rstrip(".")


def mean_pair(before: float | None, after: float | None, share: bool) -> tuple[str, str]:
    """Two means side by side, to the same number of decimals: "8.28" and "8.70"."""
    if share:
        return figure(before, share), figure(after, share)
    values = [abs(v) for v in (before, after) if v is not None]
    top = max(values, default=0.0)
    decimals = 2 if top < 100 else 1 if top < 1000 else 0

    def text(value: float | None) -> str:
        return "-" if value is None else f"{value:,.{decimals}f}"

    return text(before), text(after)


def target_words(target: Target, share: bool) -> str:
    """ "at least 50% by 31/03/2027", "at most 3.5" """
    bound = "at most" if target.lower_is_better else "at least"
    by = f" by {short_date(target.by)}" if target.by is not None else ""
    return f"{bound} {figure(target.value, share)}{by}"


def unit_name(unit: Unit, label: str) -> str:
    """A unit as a chart's legend names it: "Whole organisation", "Lisbon", "Checks out"."""
    if unit == WHOLE_ORGANISATION:
        return "Whole organisation"
    if unit.kind is UnitKind.TOUCHPOINT and label.startswith("touchpoint "):
        return label.removeprefix("touchpoint ")
    return unit.name


def period_words(at: str, built_in: bool) -> str:
    """When the latest value is from: "now" for the plan's own, the period for a result."""
    if built_in or not at:
        return "now" if built_in else ""
    try:
        period = read_stored_period(at)
    except ValueError:
        return f"in {at}"
    if period.kind.value == "month":
        return f"in {period.start:%b %Y}"
    return f"in {at}"


@dataclass(frozen=True)
class Figures:
    """A before and after, in words: the two means, the change, and whether it is better."""

    before: str
    after: str
    change: str
    colour: str
    periods: str


def before_after_words(figures: BeforeAfter, share: bool, lower: bool) -> Figures | None:
    """None while no commitment reaches the unit (every period is before)."""
    if figures.first_commitment is None:
        return None
    change = figures.change
    improved = figures.improved(lower)
    verdict = "" if improved is None else " better" if improved else " worse"
    change_text = "" if change is None else f"{change:+.2f}".rstrip("0").rstrip(".") + verdict
    if change is not None and share:
        change_text = f"{change * 100:+.0f} points{verdict}"
    colour = SAME if improved is None else BETTER if improved else WORSE
    periods = (
        f"the means of {figures.before_periods} periods before the first commitment "
        f"({short_date(figures.first_commitment)}) and of {figures.after_periods} since"
    )
    before, after = mean_pair(figures.before, figures.after, share)
    return Figures(before, after, change_text, colour, periods)


def targets_met(view: ProgressView) -> str:
    """ "4 of 15 targets met", or "no targets set" """
    rows = [row for measure in view.report.measures for row in measure.units]
    judged = [row.standing for row in rows if row.standing is not None]
    met = sum(1 for standing in judged if standing is Standing.MET)
    return f"{met} of {len(judged)} targets met" if judged else "no targets set"


def unit_colours(view: ProgressView) -> dict[Unit, str]:
    """A colour per unit, the same in every chart: the whole organisation dark, the others
    from :data:`PALETTE` in the order chosen (or met)."""
    order = list(view.chosen)
    for measure in view.report.measures:
        order += [row.unit for row in view.rows(measure.key) if row.unit not in order]
    colours: dict[Unit, str] = {}
    others = 0
    for unit in order:
        if unit == WHOLE_ORGANISATION:
            colours[unit] = WHOLE_COLOUR
        else:
            colours[unit] = PALETTE[others % len(PALETTE)]
            others += 1
    return colours


def charts(view: ProgressView) -> list[Chart]:
    """One chart per measure: the units chosen (or those with targets or results)."""
    colours = unit_colours(view)
    found = []
    for measure in view.report.measures:
        rows = view.rows(measure.key)
        lower = next((r.target.lower_is_better for r in rows if r.target is not None), False)
        note, more = "", 0
        if view.chosen:
            by_unit = {row.unit: row for row in rows}
            shown = [by_unit[unit] for unit in view.chosen if unit in by_unit]
            if not shown and measure.built_in:
                kinds = sorted(Measure(measure.key).unit_kinds, key=list(UnitKind).index)
                note = "Counted for " + ", ".join(KIND_NAMES[kind] for kind in kinds) + " only."
                shown = [row for row in rows if row.unit == WHOLE_ORGANISATION]
            elif not shown:
                note = "No results for the units chosen."
        else:
            shown, more = rows[:MAX_LINES], max(0, len(rows) - MAX_LINES)
        lines = [
            Line(
                row,
                colours.get(row.unit, WHOLE_COLOUR),
                [
                    (point_day(at, measure.built_in), value)
                    for at, value in row.series
                    if value is not None
                ],
            )
            for row in shown
        ]
        found.append(Chart(measure.key, measure.title, measure.built_in, lower, lines, more, note))
    return found
