"""The gate every file passes before a spreadsheet library opens it.

A file is judged by its first bytes, not its name, and a zip-based workbook by its central
directory alone: nothing is decompressed here, so a hostile file costs a few kilobytes of
memory before it is refused.

The limits admit the largest real worksheet Excel can hold. A 1,048,576-row sheet of ten text
columns is about 0.6 GB of XML (measured with bench/import_bench.py's generator: 590 MB for seven
columns), compressed 8-20 times. So a whole workbook may declare up to 4 GiB uncompressed, and
one entry may compress at most 250 times once it is over 64 MiB: real sheet XML stays far below
that, while a zip bomb (a few MB inflating to gigabytes) needs ratios near 1000.
"""

from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path

from pyramid_app.io.spreadsheet.errors import UnreadableFileError
from pyramid_app.io.spreadsheet.file_kinds import (
    binary_kind,
    not_a_spreadsheet_message,
    ole2_kind,
    zip_contents_advice,
    zip_kind,
)

MAX_TOTAL_UNCOMPRESSED = 4 * 2**30
MAX_ENTRIES = 10_000
MAX_RATIO = 250
RATIO_CHECKED_ABOVE = 64 * 2**20
SNIFF_BYTES = 8192

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Stream names in an OLE2 directory are UTF-16LE. An encrypted OOXML workbook is an OLE2 file
# holding these two streams instead of a zip.
_ENCRYPTED_STREAMS = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))
_TEXT_CONTROL = set(range(32)) - {9, 10, 12, 13}
# Excel's "Unicode text" export is UTF-16 with a byte-order mark: full of NUL bytes, yet text.
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Text is streamed, but every cell it holds stays in memory as a Python string (about 57 bytes
# each beyond its text, see readers.MAX_TEXT_CELLS), so the cap is what fits in under a
# gigabyte: 192 MB of text in at most 6 million cells (readers.py). Excel's 1,048,576 rows of
# five columns of HR data are about 60 MB.
MAX_TEXT_BYTES = 192 * 2**20


FORMAT_NAMES = {
    "xlsx": "an Excel workbook (.xlsx)",
    "xlsb": "a binary Excel workbook (.xlsb)",
    "xls": "an Excel 97-2003 workbook (.xls)",
    "ods": "an OpenDocument spreadsheet (.ods)",
    "text": "a text (CSV) file",
}
# The suffixes each real format may carry without the report remarking on it.
FORMAT_SUFFIXES = {
    "xlsx": (".xlsx", ".xlsm", ".xltx", ".xltm"),
    "xlsb": (".xlsb",),
    "xls": (".xls", ".xlt"),
    "ods": (".ods", ".ots"),
    "text": (".csv", ".txt", ".tsv", ".tab", ".text", ""),
}


def check_spreadsheet_file(path: Path) -> str:
    """What the file really is, judged by its bytes: ``"xlsx"``, ``"xlsb"``, ``"ods"``,
    ``"xls"`` or ``"text"``; or raise UnreadableFileError saying why it cannot be used."""
    head = _read_head(path)
    if not head:
        raise UnreadableFileError(
            f"{path.name} is empty (0 bytes). The export or the copy did not finish; export the "
            "org chart again."
        )
    if head.startswith(_ZIP_MAGIC):
        return _check_zip(path)
    if head.startswith(_OLE2_MAGIC):
        _check_ole2(path)
        return "xls"
    if text_encoding(head) is not None:
        _check_text_size(path)
        return "text"
    kind = binary_kind(head)
    if kind is not None:
        raise UnreadableFileError(not_a_spreadsheet_message(path.name, kind))
    raise UnreadableFileError(
        f"{path.name} is not a spreadsheet or CSV file (its contents are binary data of "
        "another kind). Export the org chart from the HR system as Excel (.xlsx) or CSV and "
        "import that file."
    )


def disguise_note(path: Path, real_format: str) -> str | None:
    """A sentence for the report when the file's name says one format and its bytes another."""
    suffix = path.suffix.lower()
    if suffix in FORMAT_SUFFIXES[real_format]:
        return None
    return (
        f"{path.name} is really {FORMAT_NAMES[real_format]}, although its name ends in "
        f'"{path.suffix}"; it was read as what it is.'
    )


_KIND_OF_NODE = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
)


def special_kind(mode: int) -> str | None:
    """What a path that is not a regular file is ("a named pipe"), or None for a file.

    Pipes, sockets and devices can block an open or a read forever, or never end: whoever
    reads a path refuses them unopened."""
    if stat.S_ISREG(mode):
        return None
    return next((text for test, text in _KIND_OF_NODE if test(mode)), "not a regular file")


def _refuse_special(path: Path, mode: int) -> None:
    what = special_kind(mode)
    if what is None:
        return
    advice = (
        "Choose a file in it"
        if what == "a folder"
        else "Import a spreadsheet or CSV file saved on disk"
    )
    verb = "is a link to" if path.is_symlink() else "is"
    if what != "not a regular file":
        what += ", not a file"
    raise UnreadableFileError(f"{path.name} {verb} {what}. {advice}.")


def _read_head(path: Path) -> bytes:
    try:
        _refuse_special(path, path.stat().st_mode)
        # O_NONBLOCK: if the path was swapped for a pipe after the check, opening must not wait
        # for a writer; the descriptor is checked again before anything is read.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        try:
            _refuse_special(path, os.fstat(descriptor).st_mode)
            return os.read(descriptor, SNIFF_BYTES)
        finally:
            os.close(descriptor)
    except FileNotFoundError as error:
        raise UnreadableFileError(
            f"{path.name} does not exist (looked in {path.parent}). Check the name and folder."
        ) from error
    except OSError as error:
        raise UnreadableFileError(
            f"{path.name} could not be opened: {error.strerror or error}. Check that you may "
            "read it and that no other program holds it locked."
        ) from error


def _check_text_size(path: Path) -> None:
    size = os.path.getsize(path)
    if size > MAX_TEXT_BYTES:
        raise UnreadableFileError(
            f"{path.name} is a text file of {_size(size)}, more than any org chart needs (the "
            f"limit is {_size(MAX_TEXT_BYTES)}, so that the import fits in memory). Check that "
            "it is the right file, or export only the columns and rows of the org chart."
        )


def text_encoding(head: bytes) -> str | None:
    """The codec of a text file's first block, or None when the block is not text.

    UTF-16 shows itself by a byte-order mark or, without one, by a NUL in every other byte
    (the high half of ASCII characters); anything else is text when it has no NUL bytes and few
    control characters. ``"utf-8"`` here means "try UTF-8, then cp1252".
    """
    if head.startswith(_UTF16_BOMS):
        return "utf-16"
    if b"\x00" in head:
        return _utf16_without_bom(head)
    controls = sum(1 for byte in head if byte in _TEXT_CONTROL)
    # A few escape characters in cells do not make a CSV binary; real binary data is full of
    # control bytes (and NULs, refused above).
    return "utf-8" if controls <= max(8, len(head) // 50) else None


def _utf16_without_bom(head: bytes) -> str | None:
    pairs = len(head) // 2
    if pairs < 2:
        return None
    even_nul = head[0 : 2 * pairs : 2].count(0)
    odd_nul = head[1 : 2 * pairs : 2].count(0)
    for codec, zeros, others in (
        ("utf-16-le", odd_nul, even_nul),
        ("utf-16-be", even_nul, odd_nul),
    ):
        if zeros >= 0.7 * pairs and others <= 0.05 * pairs:
            sample = head[: 2 * pairs].decode(codec, errors="replace")
            controls = sum(1 for char in sample if ord(char) in _TEXT_CONTROL)
            if controls <= len(sample) // 100:
                return codec
    return None


def _check_zip(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise UnreadableFileError(
            f"{path.name} is damaged or incomplete (its zip directory cannot be read: {error}); "
            "perhaps a download or copy was cut short. Open it in Excel or LibreOffice and save "
            "it again, or ask for a fresh copy."
        ) from error
    if len(entries) > MAX_ENTRIES:
        raise UnreadableFileError(
            f"{path.name} holds {len(entries):,} files inside its zip container, more than any "
            f"real workbook (the limit is {MAX_ENTRIES:,}); it was refused as a possible zip "
            "bomb. Open it in Excel and save a clean copy."
        )
    file_size = os.path.getsize(path)
    total = 0
    for entry in entries:
        total += entry.file_size
        if entry.header_offset + entry.compress_size > file_size:
            raise UnreadableFileError(
                f"{path.name} is damaged or incomplete: the part {entry.filename} runs past the "
                "end of the file, as when a download is cut short. Ask for a fresh copy."
            )
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > RATIO_CHECKED_ABOVE and ratio > MAX_RATIO:
            raise UnreadableFileError(
                f"{path.name} was refused as a possible zip bomb: its part {entry.filename} "
                f"would expand from {_size(entry.compress_size)} to {_size(entry.file_size)} "
                f"({ratio:,.0f} times; real worksheets stay under {MAX_RATIO}). Open it in Excel "
                "and save a clean copy."
            )
    if total > MAX_TOTAL_UNCOMPRESSED:
        raise UnreadableFileError(
            f"{path.name} was refused as a possible zip bomb: it would expand to {_size(total)}, "
            f"more than the largest real workbook ({_size(MAX_TOTAL_UNCOMPRESSED)}). Open it in "
            "Excel and save a clean copy."
        )
    return _zip_format(path, {entry.filename for entry in entries})


def _zip_format(path: Path, names: set[str]) -> str:
    """Which workbook a zip holds, or why it is not one (or not a whole one)."""
    kind = zip_kind(sorted(names), _mimetype(path, names))
    if kind is not None:
        return _refuse_other_office(path, kind)
    if "content.xml" in names:
        return "ods"
    workbook = "xl/workbook.bin" if "xl/workbook.bin" in names else "xl/workbook.xml"
    office_parts = [name for name in names if name.startswith(("xl/", "_rels/", "docProps/"))]
    if office_parts or "[Content_Types].xml" in names:
        missing = [part for part in ("[Content_Types].xml", workbook) if part not in names]
        if not missing:
            return "xlsb" if workbook.endswith(".bin") else "xlsx"
        if any(name.startswith("word/") for name in names):
            return _refuse_other_office(path, "a Word document")
        if any(name.startswith("ppt/") for name in names):
            return _refuse_other_office(path, "a PowerPoint presentation")
        raise UnreadableFileError(
            f"{path.name} is a damaged workbook: its zip container lacks "
            f"{', '.join(missing)}, which every Excel workbook has. Open it in Excel or "
            "LibreOffice and save it again, or ask for a fresh copy of the export."
        )
    raise UnreadableFileError(zip_contents_advice(path.name, sorted(names)))


def _mimetype(path: Path, names: set[str]) -> bytes:
    """The first bytes of the ``mimetype`` entry OpenDocument and EPUB files start with."""
    if "mimetype" not in names:
        return b""
    try:
        with zipfile.ZipFile(path) as archive, archive.open("mimetype") as entry:
            return entry.read(100)  # reading stops there whatever the entry claims
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return b""


def _refuse_other_office(path: Path, what: str) -> str:
    raise UnreadableFileError(
        f"{path.name} is {what}, not a spreadsheet. Export the org chart as Excel (.xlsx) or "
        "CSV and import that file."
    )


def _check_ole2(path: Path) -> None:
    """Old .xls files are OLE2; so is an Excel workbook saved with a password."""
    with path.open("rb") as handle:
        data = handle.read(4 * 2**20)  # the directory of a small compound file sits early on
    kind = ole2_kind(data)
    if kind is not None:
        _refuse_other_office(path, kind)
    if all(name in data for name in _ENCRYPTED_STREAMS):
        raise UnreadableFileError(
            f"{path.name} is protected with a password, so it cannot be read. Open it in Excel, "
            "remove the password (File > Info > Protect Workbook > Encrypt with Password, clear "
            "it) and save a copy, then import that copy."
        )


def _size(count: int) -> str:
    value = float(count)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:,.0f} {unit}" if unit == "bytes" else f"{value:,.1f} {unit}"
        value /= 1024
    return f"{value:,.1f} GB"
