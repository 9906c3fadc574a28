"""Say what a file is when it is not a spreadsheet: a picture, a PDF, a web page, a letter.

Someone who drops the wrong file learns more from "pic.xlsx is a PNG picture" than from "binary
data of another kind". Binary kinds are told by their first bytes; text that reached the import
without any column that could be an id is told by its first characters and by whether its
lines are split into columns at all. Nothing here reads more than the bytes it is given.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

from pyramid_app.io.spreadsheet.cells import cell_text
from pyramid_app.io.spreadsheet.errors import UnreadableFileError

_SAVE_AS_XLSX = (
    "Export the org chart from the HR system as Excel (.xlsx) or CSV and import that file."
)

# (first bytes, what the file is); checked in order, so longer signatures come first.
_BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG picture"),
    (b"\xff\xd8\xff", "a JPEG picture"),
    (b"GIF87a", "a GIF picture"),
    (b"GIF89a", "a GIF picture"),
    (b"II*\x00", "a TIFF picture"),
    (b"MM\x00*", "a TIFF picture"),
    (b"BM", "a BMP picture"),
    (b"%PDF-", "a PDF document"),
    (b"SQLite format 3\x00", "a database (SQLite)"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"BZh", "a bzip2-compressed file"),
    (b"\xfd7zXZ\x00", "an xz-compressed file"),
    (b"\x7fELF", "a program (an executable file)"),
    (b"MZ", "a program (a Windows executable file)"),
    (b"ID3", "an MP3 audio file"),
    (b"OggS", "an Ogg audio or video file"),
    (b"fLaC", "a FLAC audio file"),
)
_RIFF_KINDS = {b"WEBP": "a WebP picture", b"WAVE": "a WAV audio file", b"AVI ": "an AVI video"}
_FTYP_KINDS = {b"heic": "a HEIC picture", b"heix": "a HEIC picture", b"qt  ": "a QuickTime video"}
_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|table)\b", re.I)
_XML_START = re.compile(rb"^\s*<\?xml\b", re.I)
_EXCEL_2003_XML = b"urn:schemas-microsoft-com:office:spreadsheet"
_UTF8_BOM = b"\xef\xbb\xbf"


def binary_kind(head: bytes) -> str | None:
    """What a binary file is, from its first bytes ("a PNG picture"), or None if unknown."""
    for signature, kind in _BINARY_SIGNATURES:
        if head.startswith(signature):
            return kind
    if head.startswith(b"RIFF") and head[8:12] in _RIFF_KINDS:
        return _RIFF_KINDS[head[8:12]]
    if head[4:8] == b"ftyp":
        return _FTYP_KINDS.get(head[8:12], "an MP4 video or a similar media file")
    return None


def not_a_spreadsheet_message(file_name: str, kind: str) -> str:
    """The refusal for a file whose kind is known and is not a table."""
    if kind.startswith("a database"):
        return (
            f"{file_name} is {kind}, not a spreadsheet. If it is a Pyramid Planner project, "
            "open it with File > Open project; otherwise export the org chart as Excel (.xlsx) "
            "or CSV and import that file."
        )
    return f"{file_name} is {kind}, not a spreadsheet. {_SAVE_AS_XLSX}"


def zip_kind(names: Sequence[str], mimetype: bytes = b"") -> str | None:
    """What a zip that is not a workbook holds, from its entry names (and the ``mimetype``
    entry of OpenDocument and EPUB files); None: a plain zip archive."""
    if mimetype.startswith(b"application/vnd.oasis.opendocument.text"):
        return "an OpenDocument text document (.odt)"
    if mimetype.startswith(b"application/vnd.oasis.opendocument.presentation"):
        return "an OpenDocument presentation (.odp)"
    if mimetype.startswith(b"application/epub"):
        return "an e-book (EPUB)"
    if "META-INF/MANIFEST.MF" in names:
        return "a Java archive (.jar)"
    return None


def zip_contents_advice(file_name: str, names: Sequence[str]) -> str:
    """The refusal for a plain zip archive: which spreadsheets it holds, if any."""
    tables = [
        name.rsplit("/", 1)[-1]
        for name in names
        if name.lower().endswith((".xlsx", ".xlsm", ".xlsb", ".xls", ".ods", ".csv", ".txt"))
        and not name.endswith("/")
    ]
    if not tables:
        shown = ", ".join(name for name in list(names)[:3])
        more = f" and {len(names) - 3:,} more" if len(names) > 3 else ""
        holds = f"it holds {shown}{more}" if names else "it is empty"
        return (
            f"{file_name} is a zip archive, not a spreadsheet, and {holds}: no spreadsheet or "
            f"CSV file. {_SAVE_AS_XLSX}"
        )
    first = ", ".join(tables[:3])
    more = f" and {len(tables) - 3:,} more" if len(tables) > 3 else ""
    return (
        f"{file_name} is a zip archive, not a spreadsheet. It holds {first}{more}: unpack it "
        "and import the org chart's file."
    )


def text_kind(head: bytes) -> str | None:
    """What a text file is when its start gives it away (a web page, XML, JSON, RTF)."""
    start = head.removeprefix(_UTF8_BOM).lstrip()
    if _HTML_START.match(start):
        return "a web page (HTML)"
    if _XML_START.match(start):
        if _EXCEL_2003_XML in head:
            return "an Excel 2003 XML spreadsheet, a format this app does not read"
        return "an XML document"
    if start.startswith(b"{\\rtf"):
        return "a rich-text document (RTF)"
    if start[:1] in (b"{", b"["):
        try:
            json.loads(head.decode("utf-8", errors="strict"))
        except (UnicodeDecodeError, ValueError):
            # A cut-off first block of a long JSON file still starts like one.
            if re.match(rb'^[\[{]\s*("|\{|\[|\]|\})', start):
                return "JSON data"
            return None
        return "JSON data"
    return None


def text_kind_message(file_name: str, kind: str) -> str:
    if kind.startswith("a web page"):
        return (
            f"{file_name} is {kind}, not a spreadsheet. Some HR systems save their Excel export "
            "as a web page: open it in Excel or LibreOffice, save it as an Excel workbook "
            "(.xlsx) and import that file."
        )
    if kind.startswith("an Excel 2003 XML"):
        return (
            f"{file_name} is {kind}. Open it in Excel or LibreOffice, save it as an Excel "
            "workbook (.xlsx) and import that file."
        )
    return f"{file_name} is {kind}, not a spreadsheet. {_SAVE_AS_XLSX}"


def looks_like_a_table(rows: Sequence[Sequence[object]], sample: int = 50) -> bool:
    """True when most non-blank lines hold two or more values: columns a mapping can name.

    A letter or a list of lines read as CSV gives one value per line (a comma in a sentence
    leaves an empty second cell, or a short second piece on a few lines only).
    """
    filled = []
    for row in rows:
        count = sum(1 for cell in row if cell_text(cell))
        if count:
            filled.append(count)
        if len(filled) >= sample:
            break
    if not filled:
        return False
    several = sum(1 for count in filled if count >= 2)
    return several * 2 > len(filled)


def not_a_table_message(file_name: str) -> str:
    return (
        f"{file_name} is a text file, not a spreadsheet: its lines are not split into columns "
        "by commas, semicolons or tabs, so there is no column of ids or managers to read. "
        f"{_SAVE_AS_XLSX}"
    )


def refuse_text_that_is_not_a_table(path: Path, rows: Sequence[Sequence[object]]) -> None:
    """Raise UnreadableFileError when a text file with no id column is not a table at all
    (a web page, JSON, a letter); a real table without ids is left to the caller."""
    try:
        with path.open("rb") as handle:
            head = handle.read(8192)
    except OSError:
        head = b""
    kind = text_kind(head)
    if kind is not None:
        raise UnreadableFileError(text_kind_message(path.name, kind))
    if not looks_like_a_table(rows):
        raise UnreadableFileError(not_a_table_message(path.name))


# Stream names in an OLE2 directory are UTF-16LE.
_OLE2_STREAMS = (
    ("WordDocument", "a Word 97-2003 document (.doc)"),
    ("PowerPoint Document", "a PowerPoint 97-2003 presentation (.ppt)"),
    ("__properties_version1.0", "an Outlook message (.msg)"),
)
_OLE2_WORKBOOK_STREAMS = ("Workbook".encode("utf-16-le"), "Book".encode("utf-16-le"))


def ole2_kind(directory: bytes) -> str | None:
    """An old Office file that is not a workbook, told by its stream names; None otherwise."""
    if any(name in directory for name in _OLE2_WORKBOOK_STREAMS):
        return None
    for name, kind in _OLE2_STREAMS:
        if name.encode("utf-16-le") in directory:
            return kind
    return None
