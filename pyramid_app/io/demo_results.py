"""The demo's customers' results and its targets: twelve months of what the hotel group tracks.

Three measures per hotel, as a hotel group reports them every month: guest satisfaction (a
score out of 10), complaints per 1,000 stays (lower is better) and first-contact resolution (the
share of problems solved by the first person the guest spoke to, in percent). The figures are
made up for the demo, and made to be believable: each hotel has its own level, the months move a
little with the seasons, and since the managers began committing the hotels have improved, those
where more of the front line is served a little more (Copenhagen most, Valencia least). The
app reads them as it would a client's; nothing here is used outside the demo.
"""

from __future__ import annotations

import datetime as dt

from pyramid_app.model.results import Period, Result
from pyramid_app.model.targets import Measure, Target
from pyramid_app.model.units import WHOLE_ORGANISATION, Unit, UnitKind

SATISFACTION = "Guest satisfaction"
COMPLAINTS = "Complaints per 1,000 stays"
RESOLUTION = "First-contact resolution (%)"
MONTHS = 12

# Per hotel: guest satisfaction, complaints per 1,000 stays, first-contact resolution, before.
_LEVELS = {
    "Lisbon": (8.1, 4.4, 71.0),
    "Edinburgh": (7.8, 5.2, 66.0),
    "Copenhagen": (8.3, 3.7, 74.0),
    "Valencia": (7.9, 4.9, 69.0),
}
# What each hotel gained three months after the first commitments: satisfaction points, the
# share of complaints gone, resolution points.
_GAINS = {
    "Lisbon": (0.3, 0.14, 5.0),
    "Edinburgh": (0.3, 0.12, 4.0),
    "Copenhagen": (0.4, 0.3, 7.0),
    "Valencia": (0.1, 0.05, 2.0),
}
# The months' own ups and downs (busy summers, quiet winters), the same for every hotel, and a
# little of each hotel's own.
_SEASON = (0.0, -0.1, 0.0, 0.1, 0.0, -0.1, 0.1, 0.0, -0.2, -0.1, 0.1, 0.0)
_OWN = {"Lisbon": 1, "Edinburgh": 5, "Copenhagen": 8, "Valencia": 3}


def _months_before(day: dt.date, count: int) -> list[Period]:
    """The ``count`` whole months before the month of ``day``, oldest first."""
    year, month = day.year, day.month
    months = []
    for _ in range(count):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        months.append(Period.month(year, month))
    return list(reversed(months))


def demo_results(as_of: dt.date, first_commitment: dt.date) -> list[Result]:
    """Twelve months of results per hotel, the last the month before ``as_of``; the gains
    start with the month of ``first_commitment`` and grow over three months."""
    results: list[Result] = []
    for hotel, (satisfaction, complaints, resolution) in _LEVELS.items():
        unit = Unit(UnitKind.LOCATION, hotel)
        gain_satisfaction, fewer, gain_resolution = _GAINS[hotel]
        for index, period in enumerate(_months_before(as_of, MONTHS)):
            since = _months_between(first_commitment, period.start)
            share = 0.0 if since < 0 else min(1.0, (since + 1) / 3)
            wobble = _SEASON[(index + _OWN[hotel]) % MONTHS]
            values = (
                (SATISFACTION, round(satisfaction + wobble + gain_satisfaction * share, 1)),
                (COMPLAINTS, round(complaints * (1 - fewer * share) - wobble * 2, 1)),
                (RESOLUTION, round(resolution + 10 * wobble + gain_resolution * share, 1)),
            )
            results += [Result(unit, name, period, value) for name, value in values]
    return results


def _months_between(start: dt.date, month: dt.date) -> int:
    return (month.year - start.year) * 12 + month.month - start.month


def demo_targets(as_of: dt.date) -> list[Target]:
    """The group's targets: for the plan by the end of the year after ``as_of``'s quarter,
    and a level of each result every hotel should reach."""
    by = dt.date(as_of.year + (as_of.month > 9), 12 if as_of.month <= 9 else 3, 31)
    targets = [
        Target(Measure.FRONT_LINE_SERVED.value, WHOLE_ORGANISATION, 0.5, by=by),
        Target(Measure.MANAGERS_COMMITTED.value, WHOLE_ORGANISATION, 0.6, by=by),
        Target(Measure.MUST_NEEDS_ANSWERED.value, WHOLE_ORGANISATION, 0.8, by=by),
    ]
    for hotel in _LEVELS:
        unit = Unit(UnitKind.LOCATION, hotel)
        targets += [
            Target(SATISFACTION, unit, 8.5, by=by),
            Target(COMPLAINTS, unit, 3.5, lower_is_better=True, by=by),
            Target(RESOLUTION, unit, 75.0, by=by),
        ]
    return targets
