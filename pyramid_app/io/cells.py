"""Turning spreadsheet cells into keys and display text."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
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


_ACCENTS = re.compile("[\u0300-\u036f]")
_NAME_PUNCTUATION = re.compile(r"[.\s]+")


def name_key(name: str) -> str:
    """Compare names loosely: case, accents, dots and spacing folded; ``Last, First`` read as
    ``First Last`` ("Sánchez, Ken J." and "ken j sanchez" have one key)."""
    if "," in name:
        last, _comma, first = name.partition(",")
        name = f"{first} {last}"
    if not name.isascii():
        name = _ACCENTS.sub("", unicodedata.normalize("NFKD", name))
    return _NAME_PUNCTUATION.sub(" ", name).strip().casefold()


def initials_dropped(key: str) -> str:
    """A name key without one-letter words, so "ken j sanchez" meets "ken sanchez"."""
    words = key.split(" ")
    kept = [word for word in words if len(word) > 1]
    return " ".join(kept) if len(kept) >= 2 else key


# C0 and C1 controls, DEL, and the bidirectional overrides that reorder what a terminal shows.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """Text from a file made safe to show: control characters and escape sequences are written
    out (``\\x1b``, ``\\n``), so a cell cannot clear a terminal or forge a line of a report."""
    if text.isprintable():
        return text
    return _UNPRINTABLE.sub(_escaped, text)


def _escaped(found: re.Match[str]) -> str:
    char = found.group()
    if char in _NAMED_ESCAPES:
        return _NAMED_ESCAPES[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
