"""The customers' results as the client tracks them: one value per period, unit and measure.

A result is what the client measures themselves (guest satisfaction, complaints per 1,000
stays, first-contact resolution) for one unit (a hotel, a department, a customer segment, a
touchpoint, or the whole organisation) over one period: a month (``2025-03``), an ISO week
(``2025-W10``) or a day (``2025-03-15``). The app keeps them as they come and shows them
honestly; it never makes one up.

Measures are known by name, compared ignoring case, spacing and punctuation
(:func:`~pyramid_app.model.targets.fold_measure`); the project keeps the spelling it met first.
The edits are in :mod:`pyramid_app.model.result_commands`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import repeat

from pyramid_app.model.targets import fold_measure
from pyramid_app.model.units import Unit


class PeriodKind(StrEnum):
    MONTH = "month"
    WEEK = "week"
    DAY = "day"


@dataclass(frozen=True, order=True)
class Period:
    """A month, an ISO week or a day, known by its first day."""

    start: dt.date
    kind: PeriodKind

    @property
    def end(self) -> dt.date:
        """The period's last day."""
        if self.kind is PeriodKind.MONTH:
            days = calendar.monthrange(self.start.year, self.start.month)[1]
            return self.start.replace(day=days)
        if self.kind is PeriodKind.WEEK:
            return self.start + dt.timedelta(days=6)
        return self.start

    @property
    def text(self) -> str:
        """``2025-03``, ``2025-W10`` or ``2025-03-15``: how it is written and stored."""
        if self.kind is PeriodKind.MONTH:
            return f"{self.start.year:04d}-{self.start.month:02d}"
        if self.kind is PeriodKind.WEEK:
            year, week, _day = self.start.isocalendar()
            return f"{year:04d}-W{week:02d}"
        return self.start.isoformat()

    def __str__(self) -> str:
        return self.text

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(dt.date(year, month, 1), PeriodKind.MONTH)

    @classmethod
    def week(cls, year: int, week: int) -> Period:
        return cls(dt.date.fromisocalendar(year, week, 1), PeriodKind.WEEK)

    @classmethod
    def day(cls, day: dt.date) -> Period:
        return cls(day, PeriodKind.DAY)


_MONTHS = {
    name.casefold(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
_MONTHS["sept"] = 9
_ISO_MONTH = re.compile(r"(\d{4})\s*[-/.]\s*(\d{1,2})")
_MONTH_YEAR = re.compile(r"(\d{1,2})\s*[-/.]\s*(\d{4})")
_NAMED_MONTH = re.compile(r"([A-Za-z]+)\.?\s*[-/ ,]?\s*('?\d{2}|\d{4})")
_YEAR_NAMED_MONTH = re.compile(r"(\d{4})\s*[-/ ]?\s*([A-Za-z]+)")
_ISO_WEEK = re.compile(r"(\d{4})\s*-?\s*W\s*(\d{1,2})", re.I)
_WEEK_YEAR = re.compile(r"W(?:eek)?\s*(\d{1,2})\s*[-/ ,]?\s*(\d{4})", re.I)
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ]00:00(?::00)?)?")


def parse_period(text: str) -> Period:
    """A period as people write it: ``2025-03``, ``Mar 2025``, ``March 2025``, ``03/2025``,
    ``Mar-25``, ``2025-W10``, ``W10 2025``, ``2025-03-15``. Raises ValueError otherwise.

    Days are read only as ISO dates: ``03/04/2025`` could be either of two days.
    """
    cleaned = " ".join(str(text).split())
    try:
        period = _period_of(cleaned)
    except (ValueError, KeyError, OverflowError):
        period = None
    if period is None:
        raise ValueError(f"{cleaned!r} is not a month, a week or a date")
    return period


def _period_of(text: str) -> Period | None:
    if found := _ISO_DAY.fullmatch(text):
        year, month, day = (int(part) for part in found.groups())
        return Period.day(dt.date(year, month, day))
    if found := _ISO_WEEK.fullmatch(text):
        return Period.week(int(found.group(1)), int(found.group(2)))
    if found := _WEEK_YEAR.fullmatch(text):
        return Period.week(int(found.group(2)), int(found.group(1)))
    if found := _ISO_MONTH.fullmatch(text):
        return Period.month(int(found.group(1)), int(found.group(2)))
    if found := _MONTH_YEAR.fullmatch(text):
        return Period.month(int(found.group(2)), int(found.group(1)))
    if found := _NAMED_MONTH.fullmatch(text):
        return Period.month(_year(found.group(2)), _month(found.group(1)))
    if found := _YEAR_NAMED_MONTH.fullmatch(text):
        return Period.month(int(found.group(1)), _month(found.group(2)))
    return None


def _month(name: str) -> int:
    return _MONTHS[name.casefold()]


def _year(text: str) -> int:
    digits = text.lstrip("'")
    return 2000 + int(digits) if len(digits) == 2 else int(digits)


def read_stored_period(text: str) -> Period:
    """A period as :attr:`Period.text` writes it, and only that (a project file's)."""
    period = parse_period(text)
    if period.text != text:
        raise ValueError(f"{text!r} is not a period as the app writes it")
    return period


@dataclass(frozen=True, order=True)
class ResultKey:
    unit: Unit
    measure: str  # the project's spelling of the measure
    period: Period


@dataclass(frozen=True, slots=True)
class Result:
    """One value the client measured. Slotted: a results file makes one per row, and a
    100,000-row file's are made in a fraction of the time (:func:`results_from_columns`)."""

    unit: Unit
    measure: str
    period: Period
    value: float

    @property
    def key(self) -> ResultKey:
        return ResultKey(self.unit, self.measure, self.period)


def results_from_columns(
    units: Sequence[Unit],
    measures: Sequence[str],
    periods: Sequence[Period],
    values: Sequence[float],
) -> list[Result]:
    """``Result(units[i], measures[i], periods[i], values[i])`` for each ``i``, made a field at
    a time: the frozen class's own constructor sets each field through a Python call, which is
    most of the time of reading a long results sheet."""
    count = len(values)
    if not len(units) == len(measures) == len(periods) == count:
        raise ValueError("the columns of results differ in length")
    made = list(map(object.__new__, repeat(Result, count)))
    for column, values_of_field in (
        (_UNIT_SLOT, units),
        (_MEASURE_SLOT, measures),
        (_PERIOD_SLOT, periods),
        (_VALUE_SLOT, values),
    ):
        deque(map(column, made, values_of_field), maxlen=0)
    return made


# Each slot's setter, past the frozen class's __setattr__ (as its generated __init__ does).
_UNIT_SLOT = vars(Result)["unit"].__set__
_MEASURE_SLOT = vars(Result)["measure"].__set__
_PERIOD_SLOT = vars(Result)["period"].__set__
_VALUE_SLOT = vars(Result)["value"].__set__


class Results:
    """A project's results, by measure and unit, each a series of periods. Change it through
    commands only (:mod:`pyramid_app.model.result_commands`)."""

    def __init__(self, results: Iterable[Result] = ()) -> None:
        self._series: dict[tuple[str, Unit], dict[Period, float]] = {}
        self._names: dict[str, str] = {}  # folded measure -> the project's spelling
        self._count = 0
        self.put(results)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Results):
            return NotImplemented
        return list(self) == list(other)

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[Result]:
        """Every result, by measure (its spelling), unit and period."""
        for (folded, unit), values in sorted(
            self._series.items(), key=lambda item: (self._names[item[0][0]], item[0][1])
        ):
            name = self._names[folded]
            for period in sorted(values):
                yield Result(unit, name, period, values[period])

    def get(self, key: ResultKey) -> float | None:
        return self._series.get((fold_measure(key.measure), key.unit), {}).get(key.period)

    def measure_name(self, name: str) -> str | None:
        """The project's spelling of the measure ``name`` means, if it has results of it."""
        return self._names.get(fold_measure(name))

    def measures(self) -> list[str]:
        """The measures with results, as the project spells them, alphabetically."""
        return sorted(self._names.values(), key=lambda name: (name.casefold(), name))

    def units(self, measure: str) -> list[Unit]:
        folded = fold_measure(measure)
        return sorted(unit for (key, unit) in self._series if key == folded)

    def series(self, measure: str, unit: Unit) -> list[tuple[Period, float]]:
        """``(period, value)`` of ``measure`` at ``unit``, oldest first."""
        values = self._series.get((fold_measure(measure), unit), {})
        return sorted(values.items())

    def latest(self, measure: str, unit: Unit) -> tuple[Period, float] | None:
        values = self._series.get((fold_measure(measure), unit))
        if not values:
            return None
        period = max(values)
        return period, values[period]

    # -- changing (for commands) ---------------------------------------------------------

    def put(self, results: Iterable[Result]) -> None:
        for result in results:
            folded = fold_measure(result.measure)
            self._names.setdefault(folded, result.measure)
            values = self._series.setdefault((folded, result.unit), {})
            self._count += result.period not in values
            values[result.period] = float(result.value)

    def remove(self, keys: Iterable[ResultKey]) -> None:
        """Take these results away (a key without a value is passed over)."""
        for key in keys:
            folded = fold_measure(key.measure)
            values = self._series.get((folded, key.unit))
            if values is None or key.period not in values:
                continue
            del values[key.period]
            self._count -= 1
            if not values:
                del self._series[(folded, key.unit)]
                if not any(measure == folded for measure, _unit in self._series):
                    del self._names[folded]
