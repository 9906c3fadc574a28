"""The used range of an Excel 97-2003 (.xls) sheet, read from its records before the library is.

An .xls file is a compound file (a small FAT file system) holding a ``Workbook`` stream of BIFF
records. The format allows 65,536 rows of 256 columns, but a cell record carries its row and
column as two 16-bit numbers, so a damaged or crafted record can name column 65,535 and make
the library allocate 4 billion cells. Here the stream is found through the compound file's
allocation table and every cell record is checked, which costs one pass over the stream.

Everything read here is bounded by the file's own size: chains that loop or point outside the
file end the walk, and the caller then leaves the judgement to the library.
"""

from __future__ import annotations

import struct
from pathlib import Path

_END_OF_CHAIN = 0xFFFFFFFE
_FREE = 0xFFFFFFFF
_STREAM_NAMES = ("Workbook", "Book")
# Records that put a value in a cell: FORMULA, LABELSST, NUMBER, LABEL, BOOLERR, RK, RSTRING
# (row and column first), and MULRK (row, first column, ..., last column at the end). Blank
# cells (BLANK, MULBLANK) are skipped by the library, so they are skipped here too.
_CELL_RECORDS = frozenset({0x0006, 0x00FD, 0x0203, 0x0204, 0x0205, 0x027E, 0x00D6})
_MULRK = 0x00BD
_BOF, _EOF = 0x0809, 0x000A
_WORKSHEET = 0x0010
_BOUNDSHEET = 0x0085


class _NotCompound(ValueError):
    """The file is not a compound file this reader can walk."""


def xls_sheet_extents(path: Path) -> list[tuple[str, int, int]]:
    """(name, rows, columns) reached by cells with a value, per worksheet in workbook order;
    an empty list when the file cannot be walked (the library then speaks for itself)."""
    try:
        stream = _workbook_stream(path.read_bytes())
        extents = _extents(stream)
        names = _sheet_names(stream)
    except (_NotCompound, struct.error, IndexError):
        return []
    if len(names) != len(extents):
        names = [f"sheet {number}" for number in range(1, len(extents) + 1)]
    return [(name, rows, columns) for name, (rows, columns) in zip(names, extents, strict=True)]


def _sheet_names(stream: bytes) -> list[str]:
    """Worksheet names from the workbook globals (BOUNDSHEET records of type worksheet)."""
    names: list[str] = []
    position = 0
    while position + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, position)
        body = position + 4
        if kind == _BOUNDSHEET and length >= 8 and stream[body + 5] == 0:
            count, wide = stream[body + 6], stream[body + 7] & 1
            raw = stream[body + 8 : body + 8 + count * (2 if wide else 1)]
            names.append(raw.decode("utf-16-le" if wide else "latin-1", errors="replace"))
        elif kind == _EOF:
            break  # the end of the globals; the sheets follow
        position = body + length
    return names


def _workbook_stream(data: bytes) -> bytes:
    if len(data) < 512:
        raise _NotCompound("too short")
    sector_shift, mini_shift = struct.unpack_from("<HH", data, 30)
    if not 7 <= sector_shift <= 16 or mini_shift > sector_shift:
        raise _NotCompound("odd sector sizes")
    size = 1 << sector_shift
    fat_sectors, first_directory = struct.unpack_from("<II", data, 44)
    mini_cutoff, first_mini_fat, _mini_fat_count = struct.unpack_from("<III", data, 56)
    first_difat, difat_count = struct.unpack_from("<II", data, 68)
    total = (len(data) - 512) // size + 1

    def sector(number: int) -> bytes:
        if number >= total:
            raise _NotCompound("sector outside the file")
        start = 512 + number * size
        return data[start : start + size]

    difat = list(struct.unpack_from("<109I", data, 76))
    next_difat = first_difat
    for _ in range(min(difat_count, total)):
        if next_difat >= total:
            break
        block = sector(next_difat)
        entries = struct.unpack(f"<{size // 4}I", block)
        difat.extend(entries[:-1])
        next_difat = entries[-1]
    fat: list[int] = []
    for number in difat[: min(fat_sectors, total)]:
        if number < total:
            fat.extend(struct.unpack(f"<{size // 4}I", sector(number)))

    def chain(start: int, table: list[int]) -> list[int]:
        found: list[int] = []
        seen: set[int] = set()
        while start not in (_END_OF_CHAIN, _FREE) and start < len(table):
            if start in seen:
                raise _NotCompound("a chain loops")
            seen.add(start)
            found.append(start)
            start = table[start]
        return found

    directory = b"".join(sector(number) for number in chain(first_directory, fat))
    root_start, stream_start, stream_size = 0, -1, 0
    for offset in range(0, len(directory) - 127, 128):
        entry = directory[offset : offset + 128]
        name_length = struct.unpack_from("<H", entry, 64)[0]
        name = entry[: max(name_length - 2, 0)].decode("utf-16-le", errors="replace")
        kind = entry[66]
        start, length = struct.unpack_from("<II", entry, 116)
        if kind == 5:
            root_start = start
        elif kind == 2 and name in _STREAM_NAMES and stream_start < 0:
            stream_start, stream_size = start, length
    if stream_start < 0:
        raise _NotCompound("no workbook stream")
    if stream_size >= mini_cutoff:
        stream = b"".join(sector(number) for number in chain(stream_start, fat))
        return stream[:stream_size]
    # Small streams live in the mini stream, in 64-byte pieces with their own table.
    mini_fat: list[int] = []
    for number in chain(first_mini_fat, fat):
        mini_fat.extend(struct.unpack(f"<{size // 4}I", sector(number)))
    mini_stream = b"".join(sector(number) for number in chain(root_start, fat))
    mini = 1 << mini_shift
    pieces = [mini_stream[n * mini : (n + 1) * mini] for n in chain(stream_start, mini_fat)]
    return b"".join(pieces)[:stream_size]


def _extents(stream: bytes) -> list[tuple[int, int]]:
    """Walk the records: each worksheet's substream runs from its BOF to its EOF."""
    extents: list[tuple[int, int]] = []
    position, end = 0, len(stream)
    rows = columns = 0
    depth = 0
    in_sheet = False
    unpack = struct.unpack_from
    while position + 4 <= end:
        kind, length = unpack("<HH", stream, position)
        body = position + 4
        if kind == _BOF:
            depth += 1
            in_sheet = (
                depth == 1 and length >= 4 and unpack("<H", stream, body + 2)[0] == (_WORKSHEET)
            )
            rows = columns = 0
        elif kind == _EOF:
            if depth == 1 and in_sheet:
                extents.append((rows, columns))
            depth = max(depth - 1, 0)
            in_sheet = False
        elif in_sheet and length >= 4:
            if kind in _CELL_RECORDS:
                row, column = unpack("<HH", stream, body)
                rows, columns = max(rows, row + 1), max(columns, column + 1)
            elif kind == _MULRK and length >= 6:
                row = unpack("<H", stream, body)[0]
                last = unpack("<H", stream, body + length - 2)[0]
                rows, columns = max(rows, row + 1), max(columns, last + 1)
        position = body + length
    return extents
