"""Cell references written in a form no spreadsheet program uses, found before the library reads
them.

The used-range check (:mod:`~pyramid_app.io.spreadsheet.extent`) finds a far cell by searching
the sheet's XML for ``r="XFD1048576"`` written the usual way: one space before ``r``, ``="``
after it, capital letters. XML allows more - ``r = 'XFD1048576'``, a tab or a line break before
``r``, and the library takes small letters too - and the library reads every form, so a far
cell written so would pass the search and abort the process. No program writes these forms;
:func:`unusual_markup` finds them at about the cost of one more pass over the sheet, and a sheet
holding one is measured by :func:`written_references`, which reads every ``r`` of every row and
cell start tag however it is written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import numpy as np

_EQUALS, _APOSTROPHE, _R, _SPACE = ord("="), ord("'"), ord("r"), ord(" ")

# A row's or a cell's start tag (text cannot hold "<": XML escapes it), and an r attribute in
# it, however spaced and quoted.
_START_TAG = re.compile(rb"<(?:[\w.-]+:)?(?:c|row)(?=[\s/>])[^>]*>")
_R_ATTRIBUTE = re.compile(rb"""(?<=\s)r\s*=\s*(["'])(.*?)\1""", re.DOTALL)
_REFERENCE = re.compile(rb"([A-Za-z]{0,8})([0-9]{1,12})")


def unusual_markup(data: bytes | memoryview) -> bool:
    """Whether the XML ``data`` holds an ``=`` with white space or a single quote beside it, or a
    tab or line break before ``r=``: an attribute written as no spreadsheet program writes it
    (text holding " = " looks the same here: it is measured the careful way too)."""
    bytes_ = np.frombuffer(data, dtype=np.uint8)
    at = np.flatnonzero(bytes_ == _EQUALS)
    at = at[(at >= 2) & (at < bytes_.size - 1)]
    if at.size == 0:
        return False
    before, after = bytes_[at - 1], bytes_[at + 1]
    # Below the space: tabs and line breaks (XML allows no other control characters).
    odd = (after <= _SPACE) | (after == _APOSTROPHE) | (before <= _SPACE)
    odd |= (before == _R) & (bytes_[at - 2] < _SPACE)
    return bool(odd.any())


def written_references(data: bytes | memoryview) -> Iterator[tuple[bytes, bytes]]:
    """The column letters (in capitals) and row digits of every row and cell reference in
    ``data``, however written; ValueError for one that is not a reference at all (the library
    would read it as something, and what it would allocate for it is not known)."""
    for tag in _START_TAG.finditer(data):
        for found in _R_ATTRIBUTE.finditer(tag.group()):
            value = found.group(2)
            reference = _REFERENCE.fullmatch(value)
            if reference is None:
                shown = value[:40].decode("utf-8", "replace")
                raise ValueError(f"a cell reference {shown!r} is not a reference like B7")
            yield reference.group(1).upper(), reference.group(2)
