"""Turning spreadsheet cells into keys and display text."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

# Cell values that mean "this person has no manager", compared after upper-casing.
NULL_MARKERS = frozenset({"", "NULL", "\\N", "N/A", "XX", "#N/A", "NONE", "NIL", "-"})

_SPACES = re.compile(r"\s+")


def cell_text(value: Any) -> str:
    """A cell as the user reads it, which is also how it serves as an id.

    Text is trimmed and otherwise kept exactly (``00000001`` and ``1`` stay different ids);
    a whole float loses its ``.0`` (Excel stores the number 1001 as ``1001.0``).
    """
    if value is None:
        return ""
    if type(value) is str:
        return value.strip()
    if type(value) is bool:
        return "TRUE" if value else "FALSE"
    if type(value) is float:
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()


def is_null_marker(text: str) -> bool:
    return text.upper() in NULL_MARKERS


def name_key(name: str) -> str:
    """Compare names loosely: case and spacing folded, ``Last, First`` read as ``First Last``."""
    if "," in name:
        last, _comma, first = name.partition(",")
        name = f"{first} {last}"
    return _SPACES.sub(" ", name).strip().casefold()
