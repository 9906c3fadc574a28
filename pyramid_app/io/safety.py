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

from pyramid_app.io.errors import UnreadableFileError

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
# A CSV of 1,048,576 rows of thirty columns is about 300 MB; text is read whole, so cap it well
# above that but below what would exhaust memory.
MAX_TEXT_BYTES = 2 * 2**30


def check_spreadsheet_file(path: Path) -> str:
    """Return ``"zip"``, ``"ole2"`` or ``"text"``, or raise UnreadableFileError saying why not."""
    head = _read_head(path)
    if not head:
        raise UnreadableFileError(
            f"{path.name} is empty (0 bytes). The export or the copy did not finish; export the "
            "org chart again."
        )
    if head.startswith(_ZIP_MAGIC):
        _check_zip(path)
        return "zip"
    if head.startswith(_OLE2_MAGIC):
        _check_ole2(path)
        return "ole2"
    if head.startswith(_UTF16_BOMS) or _looks_like_text(head):
        _check_text_size(path)
        return "text"
    raise UnreadableFileError(
        f"{path.name} is not a spreadsheet or CSV file (its contents are binary data of "
        "another kind). Export the org chart from the HR system as Excel (.xlsx) or CSV and "
        "import that file."
    )


def _read_head(path: Path) -> bytes:
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise UnreadableFileError(f"{path.name} is a folder, not a file. Choose a file in it.")
        with path.open("rb") as handle:
            return handle.read(SNIFF_BYTES)
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
            f"limit is {_size(MAX_TEXT_BYTES)}). Check that it is the right file, or export only "
            "the columns and rows of the org chart."
        )


def _looks_like_text(head: bytes) -> bool:
    """CSV is text: no NUL bytes and few control characters in the first block."""
    if b"\x00" in head:
        return False
    controls = sum(1 for byte in head if byte in _TEXT_CONTROL)
    return controls <= len(head) // 100


def _check_zip(path: Path) -> None:
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
    names = {entry.filename for entry in entries}
    if "[Content_Types].xml" not in names and "content.xml" not in names:
        raise UnreadableFileError(
            f"{path.name} is a zip archive, not a spreadsheet. Unpack it and import the Excel or "
            "CSV file inside."
        )


def _check_ole2(path: Path) -> None:
    """Old .xls files are OLE2; so is an Excel workbook saved with a password."""
    with path.open("rb") as handle:
        data = handle.read(4 * 2**20)  # the directory of a small compound file sits early on
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
