"""Dates as the window shows them: the system's short date, the same in every part.

The Plan table, the Details dock's commitments and every date editor read and write dates in
the format the planner's system uses for short dates (``24/02/2027``, ``2/24/27``,
``24.02.27``), so a date reads the same wherever it appears in the room.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from PySide6.QtCore import QDate, QLocale, QTime

SHORT = QLocale.FormatType.ShortFormat


def short_date(day: dt.date) -> str:
    """``day`` in the system's short date format."""
    return QLocale().toString(QDate(day.year, day.month, day.day), SHORT)


def short_dates(days: Iterable[dt.date | None]) -> list[str]:
    """Many dates at once (an empty text for None), each distinct date formatted once."""
    locale = QLocale()
    known: dict[dt.date, str] = {}
    texts = []
    for day in days:
        if day is None:
            texts.append("")
            continue
        text = known.get(day)
        if text is None:
            text = known[day] = locale.toString(QDate(day.year, day.month, day.day), SHORT)
        texts.append(text)
    return texts


def short_date_times(moments: Iterable[dt.datetime]) -> list[str]:
    """Moments as the short date and the short time of day, each date and minute formatted once."""
    locale = QLocale()
    moments = list(moments)
    dates = short_dates(moment.date() for moment in moments)
    minutes: dict[tuple[int, int], str] = {}
    texts = []
    for moment, date_text in zip(moments, dates, strict=True):
        minute = (moment.hour, moment.minute)
        time_text = minutes.get(minute)
        if time_text is None:
            time_text = minutes[minute] = locale.toString(QTime(*minute), SHORT)
        texts.append(f"{date_text} {time_text}")
    return texts


def date_edit_format() -> str:
    """The display format of a date editor: the same short date the window shows."""
    return QLocale().dateFormat(SHORT)
