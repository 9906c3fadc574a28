"""A copy of an xlsx workbook whose one sheet is stored inflated, written as it is inflated.

The used-range check (:mod:`~pyramid_app.io.spreadsheet.quick_check`) inflates the sheet it
searches; the spreadsheet library would inflate it again, with a slower inflater than zlib's.
Written once into a copy where the sheet is stored as it is, the inflated XML serves both: the
library reads the copy's sheet without inflating anything, and every other part of the workbook
is copied byte for byte, compressed as it was. The copy's sheet carries the original's CRC, which
the library checks as it reads, so a part whose data does not match its CRC is still reported
as damaged.

A workbook is copied only when that is plainly safe: no part is encrypted or named twice, the
sheet is deflated or stored, and the whole copy stays small (:data:`COPY_LIMIT`). Otherwise
:func:`copy_plan` says None and the workbook is read as it is.
"""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from pyramid_app.io.spreadsheet import inflate

# The copy is written to the temporary folder: a sheet of about 400,000 rows at most. Larger
# ones are read as they are (a gigabyte of copies is not worth the time it saves).
COPY_LIMIT = 128 * 2**20
_READ = 256 * 1024  # compressed bytes read at a time
_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_END = struct.Struct("<IHHHHIIH")
_UTF8_NAME = 0x800


@dataclass(frozen=True)
class Entry:
    """One part of the zip, as its central directory and local header give it."""

    name: bytes
    flags: int
    method: int
    crc: int
    compressed: int
    size: int
    data_at: int  # where its (compressed) data begins in the file
    dos_time: int
    dos_date: int


def copy_plan(path: Path, archive: zipfile.ZipFile) -> list[Entry] | None:
    """Every part of ``archive`` (opened from ``path``) ready to be copied; None when the
    workbook is not one to copy (module docstring)."""
    infos = archive.infolist()
    if len({info.filename for info in infos}) != len(infos):
        return None
    # The copy holds every part as it is but one, inflated: never more than this.
    largest = max((info.file_size for info in infos), default=0)
    if sum(info.compress_size for info in infos) + largest > COPY_LIMIT:
        return None
    entries = []
    with path.open("rb") as source:
        for info in infos:
            if info.flag_bits & 0x1 or info.file_size >= 2**32 or info.compress_size >= 2**32:
                return None
            source.seek(info.header_offset)
            header = source.read(_LOCAL.size)
            if len(header) != _LOCAL.size or header[:4] != b"PK\x03\x04":
                return None
            name_length, extra_length = struct.unpack_from("<HH", header, 26)
            encoding = "utf-8" if info.flag_bits & _UTF8_NAME else "cp437"
            year, month, day, hour, minute, second = info.date_time
            entries.append(
                Entry(
                    name=info.orig_filename.encode(encoding),
                    flags=info.flag_bits & _UTF8_NAME,
                    method=info.compress_type,
                    crc=info.CRC,
                    compressed=info.compress_size,
                    size=info.file_size,
                    data_at=info.header_offset + _LOCAL.size + name_length + extra_length,
                    dos_time=hour << 11 | minute << 5 | second // 2,
                    dos_date=max(year - 1980, 0) << 9 | month << 5 | day,
                )
            )
    return entries


def write_copy(
    path: Path,
    entries: list[Entry],
    inflated: Entry,
    target: Path,
    take: Callable[[bytes], bool],
    piece: int = 2**20,
) -> bool:
    """Write ``path``'s copy to ``target`` with ``inflated`` stored, handing each piece of its
    inflated data (``piece`` bytes at most) to ``take`` as it is written; False, the copy left
    unfinished, as soon as ``take`` says True. Raises what reading or inflating the part
    raised (``zipfile.BadZipFile`` for data that is not the size its entry says)."""
    if inflated.method not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise zipfile.BadZipFile("the sheet is compressed in a way that is not copied")
    stored = Entry(
        inflated.name,
        inflated.flags,
        zipfile.ZIP_STORED,
        inflated.crc,
        inflated.size,
        inflated.size,
        inflated.data_at,
        inflated.dos_time,
        inflated.dos_date,
    )
    central: list[bytes] = []
    with path.open("rb") as source, target.open("wb") as out:
        central.append(_local_header(out, stored))
        for data in _inflated(source, inflated, piece):
            out.write(data)
            if take(data):
                return False
        copy_other_parts(source, entries, inflated.name, out, central)
    return True


def write_with_sheet(
    path: Path, entries: list[Entry], sheet: Entry, crc: int, pieces: list[memoryview], target: Path
) -> None:
    """Write ``path``'s copy to ``target`` with ``sheet`` stored as the bytes of ``pieces``
    (whose CRC is ``crc``), every other part copied as it is."""
    size = sum(len(piece) for piece in pieces)
    stored = Entry(
        sheet.name, sheet.flags, zipfile.ZIP_STORED, crc, size, size, 0, sheet.dos_time,
        sheet.dos_date,
    )  # fmt: skip
    with path.open("rb") as source, target.open("wb") as out:
        central = [_local_header(out, stored)]
        for piece in pieces:
            out.write(piece)
        copy_other_parts(source, entries, sheet.name, out, central)


def copy_other_parts(
    source: BinaryIO, entries: list[Entry], written: bytes, out: BinaryIO, central: list[bytes]
) -> None:
    """Copy every part but ``written`` from ``source`` as it is, then the central directory
    (``central`` holds the records of what ``out`` has so far)."""
    for entry in entries:
        if entry.name != written:
            central.append(_local_header(out, entry))
            _copy_bytes(source, entry, out)
    start = out.tell()
    directory = b"".join(central)
    out.write(directory)
    out.write(_END.pack(0x06054B50, 0, 0, len(central), len(central), len(directory), start, 0))
    if out.tell() >= 2**32:
        raise zipfile.LargeZipFile("the copy would need a ZIP64 directory")


def _local_header(out: BinaryIO, entry: Entry) -> bytes:
    """Write ``entry``'s local header; its central directory record, for the end."""
    offset = out.tell()
    # version needed, flags, method, time, date, crc, sizes, name length, extra length
    common = (20, entry.flags, entry.method, entry.dos_time, entry.dos_date, entry.crc)
    sizes = (entry.compressed, entry.size, len(entry.name), 0)
    out.write(_LOCAL.pack(0x04034B50, *common, *sizes))
    out.write(entry.name)
    # made by, then as above, then comment length, disk, attributes and the header's offset
    return _CENTRAL.pack(0x02014B50, 20, *common, *sizes, 0, 0, 0, 0, offset) + entry.name


def _copy_bytes(source: BinaryIO, entry: Entry, out: BinaryIO) -> None:
    source.seek(entry.data_at)
    left = entry.compressed
    while left:
        data = source.read(min(left, _READ))
        if not data:
            raise EOFError(f"the part {entry.name.decode(errors='replace')} ends early")
        out.write(data)
        left -= len(data)


def inflated_pieces(path: Path, entry: Entry, piece: int) -> Generator[bytes, None, None]:
    """The part ``entry`` of ``path`` inflated, in pieces of at most ``piece`` bytes, as
    :func:`write_copy` inflates it: its sizes checked, its CRC left to whoever reads it next."""
    with path.open("rb") as source:
        yield from _inflated(source, entry, piece)


def _inflated(source: BinaryIO, entry: Entry, piece: int) -> Iterator[bytes]:
    """The part's data inflated, in pieces of at most ``piece`` bytes: never more than its
    entry says, whatever the compressed bytes hold."""
    source.seek(entry.data_at)
    inflater = inflate.decompressobj(-inflate.MAX_WBITS) if entry.method else None
    left, produced = entry.compressed, 0
    while left:
        data = source.read(min(left, _READ))
        if not data:
            raise EOFError(f"the part {entry.name.decode(errors='replace')} ends early")
        left -= len(data)
        while data:
            if inflater is None:
                out, data = data, b""
            else:
                out = inflater.decompress(data, piece)
                data = inflater.unconsumed_tail
            produced += len(out)
            if produced > entry.size:
                raise zipfile.BadZipFile("a part holds more data than its entry says")
            if out:
                yield out
    if inflater is not None and (inflater.flush() or not inflater.eof):
        raise zipfile.BadZipFile("a part's compressed data does not end where it should")
    if produced != entry.size:
        raise zipfile.BadZipFile("a part holds less data than its entry says")
