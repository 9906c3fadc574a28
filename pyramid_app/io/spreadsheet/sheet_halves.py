"""A checked sheet cut in two at a row, so that the library reads the two halves at once.

The spreadsheet library reads a sheet on one core, without holding the interpreter. The
used-range check (:mod:`~pyramid_app.io.spreadsheet.quick_check`) inflates the sheet; a sheet of
a size worth cutting is kept in memory as it is searched, and written as two copies of the
workbook: one whose sheet holds the rows before a row near the middle, one whose sheet holds
the sheet's start and the rows from there on. Read on two threads, a large sheet is read in a
little over half the time on a machine with a second core; :func:`join_halves` puts the rows
together as the whole sheet would have given them, or says it cannot (rows written out of
order), and the whole sheet is read instead.

A sheet is cut only where that is plainly safe: rows written with their numbers (``r="12"``),
no comment, CDATA section or processing instruction before the cut (one could hide a ``<row``
that is no row), and the sheet's own bytes match their CRC, which the library would otherwise
have checked.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from pyramid_app.io.spreadsheet import inflate
from pyramid_app.io.spreadsheet.inflated_copy import COPY_LIMIT, Entry, write_with_sheet

# Smaller sheets are read whole: the halves' second opening of the workbook would cost more
# than the second core saves.
HALVES_FROM = 4 * 2**20  # inflated bytes of the sheet
# The halves are written beside the whole copy, in memory-backed storage: up to this size, the
# three together stay within what one copy may take (inflated_copy.COPY_LIMIT).
HALVES_UNTIL = COPY_LIMIT // 2
_HEAD_ROOM = 2**20  # the sheet's start up to <sheetData> is looked for in its first megabyte
_ROW_TRIES = 64  # "<row" starts looked at for a cut before giving up
_SHEET_DATA = re.compile(rb"<sheetData(?:\s[^>]*)?>")
_LT, _BANG, _QUESTION = ord("<"), ord("!"), ord("?")
_MARKS_LOOKED_AT = 16  # "!" or "?" found one by one; more are looked for in one array pass

Row = list[Any]
Find = Callable[[bytes, int, int], int]  # as bytes.find(needle, start, end)


@dataclass(frozen=True)
class Cut:
    """Where a sheet's XML is cut: its start ends at ``head`` (after ``<sheetData>``), the
    second half's rows begin at ``split`` and ``</sheetData>`` is at ``tail``."""

    head: int
    split: int
    tail: int


def find_cut(data: bytes | bytearray) -> Cut | None:
    """Where to cut the sheet XML ``data`` in two, or None when it is not plainly safe."""
    head = _SHEET_DATA.search(bytes(data[:_HEAD_ROOM]))
    if head is None or head.group().endswith(b"/>"):
        return None
    tail = data.rfind(b"</sheetData")
    split = _row_start(data, max(head.end(), len(data) // 2), tail)
    # Searched in place: the sheet's first half is not copied to be looked at.
    if split is None or _declarations(memoryview(data)[:split], data.find):
        return None
    return Cut(head.end(), split, tail)


def _row_start(data: bytes | bytearray, at: int, tail: int) -> int | None:
    """The first ``<row`` tag at or after ``at`` (and before ``tail``) that carries its number
    written the usual way."""
    window = bytes(data[at : min(tail, at + _HEAD_ROOM)]) if tail > at else b""
    start = 0
    for _ in range(_ROW_TRIES):
        found = window.find(b"<row", start)
        end = window.find(b">", found)
        if found < 0 or end < 0:
            return None
        tag = window[found : end + 1]
        if tag[4:5] in (b" ", b"\t", b"\n", b"\r") and b' r="' in tag:
            return at + found
        start = found + 4
    return None


def _declarations(data: memoryview | bytes, find: Find | None = None) -> bool:
    """Whether ``data`` holds a ``<!`` or a ``<?`` past the XML declaration at its start."""
    if find is not None:
        found = _declarations_by_find(data, find)
        if found is not None:
            return found
    bytes_ = np.frombuffer(data, dtype=np.uint8)
    marks = np.flatnonzero((bytes_ == _BANG) | (bytes_ == _QUESTION))
    marks = marks[marks > 0]
    starts = marks[bytes_[marks - 1] == _LT]
    # A declaration may follow a byte order mark: three bytes.
    return bool((starts > 4).any())


def _declarations_by_find(data: memoryview | bytes, find: Find) -> bool | None:
    """:func:`_declarations` from the places where a ``!`` or a ``?`` is, which a search for
    one byte finds at memory's speed: a sheet holds none but its declaration's, or a few in
    its text. None when they are too many to look at one by one."""
    for mark in (b"!", b"?"):
        at = find(mark, 1, len(data))
        for _ in range(_MARKS_LOOKED_AT):
            if at < 0:
                break
            if at > 4 and data[at - 1] == _LT:
                return True
            at = find(mark, at + 1, len(data))
        else:
            return None
    return False


def write_halves(
    path: Path, entries: list[Entry], sheet: Entry, data: bytearray, targets: tuple[Path, Path]
) -> bool:
    """Write the two halves of ``sheet``, whose inflated bytes are ``data``, each into a copy
    of ``path`` at ``targets``; False, nothing left written, where the sheet is not cut
    (:func:`find_cut`) or its bytes do not match their CRC. With a core idle, each half's CRC is
    computed and its copy written on a thread of its own: the CRC and the file writes let go of
    the interpreter."""
    view = memoryview(data)
    try:
        cut = find_cut(data)
        if cut is None:
            return False
        rest = len(view) - cut.split

        def first() -> int:
            before = inflate.crc32(view[: cut.split])
            pieces = [view[: cut.split], view[cut.tail :]]
            write_with_sheet(
                path, entries, sheet, inflate.crc32(pieces[1], before), pieces, targets[0]
            )
            return before

        def second() -> int:
            after = inflate.crc32(view[cut.split :])
            crc = crc32_combine(inflate.crc32(view[: cut.head]), after, rest)
            write_with_sheet(
                path, entries, sheet, crc, [view[: cut.head], view[cut.split :]], targets[1]
            )
            return after

        if cores_to_spare():
            with ThreadPoolExecutor(1, thread_name_prefix="second-half") as helper:
                later = helper.submit(second)
                before = first()
                after = later.result()
        else:  # measured slower on two threads than on one with every core busy
            before, after = first(), second()
        if crc32_combine(before, after, rest) != sheet.crc:
            for target in targets:  # read whole, the library reports the damage in its words
                target.unlink(missing_ok=True)
            return False
        return True
    finally:
        view.release()


# -- CRC-32 of two pieces from theirs ---------------------------------------------------------

_REVERSED = 0xEDB88320  # CRC-32's polynomial, bits reversed as zlib computes it


def _times(a: int, b: int) -> int:
    """``a`` times ``b`` modulo the polynomial, both written bits reversed (bit 31 is x^0)."""
    product = 0
    for bit in range(31, -1, -1):
        if a >> bit & 1:
            product ^= b
        b = (b >> 1) ^ _REVERSED if b & 1 else b >> 1
    return product


def _x_to_bits_of(length: int) -> int:
    """x to the power of ``length`` bytes' bits, modulo the polynomial (bits reversed)."""
    result, square = 1 << 31, 1 << 23  # x^0; x^8, a byte's shift
    while length:
        if length & 1:
            result = _times(square, result)
        square = _times(square, square)
        length >>= 1
    return result


def crc32_combine(first: int, second: int, second_length: int) -> int:
    """The CRC-32 of two pieces of data one after the other, from each piece's CRC-32 and the
    second's length: the first's CRC shifted over the second's bits, added to the second's."""
    return _times(_x_to_bits_of(second_length), first) ^ second


# -- the rows put together ---------------------------------------------------------------------


def join_halves(
    first: list[Row], second: list[Row], second_start: tuple[int, int] | None
) -> list[Row] | None:
    """The whole sheet's rows from the first half's (read from row 1 and column A) and the
    second's (read from its first cell, at ``second_start``: row and column from 0); None when
    the second half does not begin below the first (rows written out of order)."""
    if not second or second_start is None:
        return first
    if not first:
        return None
    top, left = second_start
    if top < len(first):
        return None
    width = max(len(first[0]), left + len(second[0]))
    if len(first[0]) < width:
        widen = [""] * (width - len(first[0]))
        first = [row + widen for row in first]
    if left or left + len(second[0]) < width:
        lead, trail = [""] * left, [""] * (width - left - len(second[0]))
        second = [lead + row + trail for row in second]
    gap = [[""] * width for _ in range(top - len(first))]
    return first + gap + second


# Cleared in a process that shares the machine with another of this app's on purpose: the child
# reading a spreadsheet while the window is built leaves the other core to the window.
halves_wanted = True


def second_core() -> bool:
    """Whether this process may read the second half on a second core. How busy the machine
    is right now is not asked: the scheduler shares the cores among running threads, so with
    another program busy on one core the two halves' threads still get more of the machine
    than one thread reading the whole, and measured so the halves are read sooner, whether
    one core or both are busy (``bench/import_bench.py --busy-core``)."""
    return _usable_cores() >= 2 and halves_wanted


def cores_to_spare() -> bool:
    """Whether a core is idle right now: this process may use two, and fewer threads are
    running on the machine than it has cores (Linux says how many; elsewhere the cores are
    taken to be free). A helper thread that takes turns at the interpreter with the one it
    helps is worth starting only then (quick_check.py's markup search)."""
    cores = _usable_cores()
    if cores < 2 or not halves_wanted:
        return False
    try:
        with open("/proc/loadavg", encoding="ascii") as handle:
            running = int(handle.read().split()[3].split("/")[0])  # this thread included
    except (OSError, ValueError, IndexError):
        return True
    return running < cores


def _usable_cores() -> int:
    usable: Callable[[int], set[int]] | None = getattr(os, "sched_getaffinity", None)
    return len(usable(0)) if usable is not None else (os.cpu_count() or 1)
