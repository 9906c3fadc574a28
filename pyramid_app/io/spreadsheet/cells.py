"""Turning spreadsheet cells into keys and display text."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from typing import Any

import numpy as np

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


def column_texts(values: Sequence[Any]) -> list[str]:
    """:func:`cell_text` of every value of a column, without a Python call per cell for the
    usual columns: all text (one C-level pass), or numbers with a few texts (the numbers
    converted as one array: Employee ID 1001 arrives as the float 1001.0)."""
    return texts_and_numbers(values)[0]


def texts_and_numbers(
    values: Sequence[Any],
) -> tuple[list[str], np.ndarray[Any, np.dtype[np.float64]] | None]:
    """:func:`column_texts` of the values and, from the same pass, :func:`whole_numbers`."""
    try:
        return list(map(str.strip, values)), None
    except TypeError:
        pass
    kinds = set(map(type, values))
    if kinds <= _NUMBER_OR_TEXT and (float in kinds or int in kinds):
        numbers, texts_at = _as_floats(values, kinds)
        if numbers is not None:
            whole = _whole(numbers, kinds)
            whole[texts_at] = False
            texts = None
            if int(whole.sum()) + texts_at.shape[0] == len(values):
                # Every number is whole: all of them become their digits in one pass.
                texts = list(map(str, numbers.astype(np.int64).tolist()))
                for index in texts_at.tolist():
                    texts[index] = values[index].strip()
            numbers[~whole] = np.nan
            return (texts if texts is not None else _one_by_one(values)), numbers
    return _one_by_one(values), None


def _one_by_one(values: Sequence[Any]) -> list[str]:
    return [value.strip() if type(value) is str else cell_text(value) for value in values]


_NUMBER_OR_TEXT = frozenset({float, int, str})


def whole_numbers(values: Sequence[Any]) -> np.ndarray[Any, np.dtype[np.float64]] | None:
    """The values as floats where they are whole numbers, which :func:`cell_text` writes as
    their digits (so two are equal as numbers exactly when their texts are), NaN elsewhere;
    None unless every value is a number or text and some are numbers."""
    kinds = set(map(type, values))
    if not (kinds <= _NUMBER_OR_TEXT and (float in kinds or int in kinds)):
        return None
    numbers, texts_at = _as_floats(values, kinds)
    if numbers is None:
        return None
    numbers[~_whole(numbers, kinds)] = np.nan
    numbers[texts_at] = np.nan
    return numbers


def _as_floats(
    values: Sequence[Any], kinds: set[type]
) -> tuple[np.ndarray[Any, np.dtype[np.float64]] | None, np.ndarray[Any, np.dtype[np.intp]]]:
    """The numbers of a column of numbers and texts as one array (0 where the texts are), and
    where the texts are; the array is None when some number does not fit a float."""
    numbers: Sequence[Any] = values
    if str in kinds:
        is_text = np.fromiter(map(str.__instancecheck__, values), dtype=bool, count=len(values))
        texts_at = np.flatnonzero(is_text)
        zeroed = list(values)
        for index in texts_at.tolist():  # usually few: the blank beside the top manager
            zeroed[index] = 0
        numbers = zeroed
    else:
        texts_at = np.zeros(0, dtype=np.intp)
    try:
        return np.asarray(numbers, dtype=np.float64), texts_at
    except (OverflowError, ValueError):
        return None, texts_at


def _whole(
    numbers: np.ndarray[Any, np.dtype[np.float64]], kinds: set[type]
) -> np.ndarray[Any, np.dtype[np.bool_]]:
    # Python ints beyond 2**53 would lose digits as floats; cell_text keeps them exact.
    limit = 2.0**53 if int in kinds else 1e16
    with np.errstate(invalid="ignore"):
        whole: np.ndarray[Any, np.dtype[np.bool_]] = (numbers == np.floor(numbers)) & (
            np.abs(numbers) < limit
        )
    return whole


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
