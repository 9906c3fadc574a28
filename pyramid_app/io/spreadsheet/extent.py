"""How many cells reading one sheet would hold, known before the sheet is read.

The spreadsheet library keeps a sheet as one dense rectangle from its first to its last cell,
so a single stray cell at XFD1048576 asks it for 17 billion cells and the process aborts. Here
the rectangle is measured from the sheet's XML as it streams out of the zip, without building
anything. An xlsx sheet is first checked against the largest rectangle that is safe to read
at the width its ``<dimension>`` or its first rows give: one regular expression pass finds any
reference outside it (the pass costs about a tenth of the read itself). Only when something
lies outside is every reference read to find the farthest. An OpenDocument sheet's rows and
cells carry repeat counts, which are added up the same way the library expands them.

An xlsx sheet whose rectangle is larger than :data:`MAX_SHEET_CELLS` because of a few far
cells is read without them. The data's rectangle is found from the cells that hold something
(a value, a formula or text; a cell with only a format is not read by the library): their rows
split into groups wherever more than :data:`ROW_GAP` rows in a row are empty, their columns
wherever more than :data:`COLUMN_GAP` columns are; the group holding the most cells is the
data's, and the rectangle runs from A1 to its last row and last column. Cells outside it are
left out when they are at most :data:`MAX_LEFT_OUT` and the rectangle itself fits the limit: a
copy of the workbook without them (and with its ``<dimension>`` made to say the rectangle) is
what the library reads, and a note names each cell left out and what it held.

Everything else too large is refused with the far cell named, so the user can delete it: real
data over the limit, more far cells than strays would be, a reference beyond Excel's own last
row or column (no spreadsheet application wrote it), an .xlsb, .xls or .ods sheet. The importer
never allocates such a sheet.

A part that cannot be read (missing from the zip, a CRC or a size that does not match its
data, a stream that ends early, XML that does not parse) makes the workbook damaged, in the
same words as when the library itself fails on it.
"""

from __future__ import annotations

import html
import io
import lzma
import posixpath
import re
import shutil
import struct
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

from defusedxml import ElementTree

from pyramid_app.io.spreadsheet import inflate
from pyramid_app.io.spreadsheet.biff import xls_sheet_extents
from pyramid_app.io.spreadsheet.errors import UnreadableFileError
from pyramid_app.io.spreadsheet.markup import unusual_markup, written_references
from pyramid_app.io.spreadsheet.report import column_letter
from pyramid_app.io.spreadsheet.safety import FORMAT_NAMES

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

# The library holds each cell of the rectangle (32 bytes) and Python a row list slot for it:
# measured, 7.3 million mostly empty cells peak at 400 MB, so 18 million stay under a gigabyte.
# A real org chart of Excel's 1,048,576 rows fits with 17 columns.
MAX_SHEET_CELLS = 18_000_000
_CHUNK = 4 * 2**20
_OVERLAP = 64  # the end of a piece that could not be cut at a tag is looked at again
_HEAD = 64 * 1024  # where a sheet states its dimension and starts its first rows
_SMALL_XML = 16 * 2**20  # the workbook's own index parts are small; larger ones are not read

_DIMENSION = re.compile(
    rb'<(?:\w+:)?dimension\s+ref="([A-Z]{0,4})([0-9]{0,9})(?::([A-Z]{1,4})([0-9]{1,9}))?"'
)
_REFERENCE = re.compile(rb' r="([A-Z]{0,8})([0-9]{1,12})"')
_ODD_REFERENCE = re.compile(rb' r="(?![A-Z]{0,8}[0-9]{1,12}")')
_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_NS_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_NS_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_ODS_REPEAT = re.compile(rb'-repeated="[0-9]{3}')
EXCEL_ROWS, EXCEL_COLUMNS = 1_048_576, 16_384
_ODS_MAX_ROWS, _ODS_MAX_COLUMNS = EXCEL_ROWS, EXCEL_COLUMNS  # the library's own caps on repeats
# Far cells are told from the data by the empty rows or columns between them (module docstring).
ROW_GAP = 1_000
COLUMN_GAP = 100
MAX_LEFT_OUT = 100
# The start tag of a cell with its reference, and whether it closes at once (no content).
_CELL_TAG = re.compile(rb' r="([A-Z]{1,8})([0-9]{1,12})"[^>]*?(/?)>')
_DIMENSION_REF = re.compile(rb'(<(?:\w+:)?dimension\s+ref=")[^"]*"')
_SHARED_STRINGS_TYPE = "/relationships/sharedStrings"

# What the zip and XML layers raise for a part they cannot give whole: a missing entry
# (KeyError), a CRC or size that does not match (BadZipFile), a stream that ends early
# (EOFError) or does not inflate (zlib, lzma; bz2 raises OSError), an unsupported or encrypted
# entry (NotImplementedError, RuntimeError), XML that does not parse or is refused by defusedxml
# (ParseError, ValueError).
DAMAGE_ERRORS: tuple[type[Exception], ...] = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    KeyError,
    EOFError,
    *inflate.ERRORS,
    lzma.LZMAError,
    OSError,
    RuntimeError,
    ValueError,
    ElementTree.ParseError,
)


@dataclass(frozen=True)
class Extent:
    """The last row and column (1-based) a sheet reaches."""

    rows: int
    columns: int
    # Some reference is written as no program writes it (markup.py): its far cells are not
    # left out (that needs the usual form), the sheet fits or is refused.
    unusual: bool = field(default=False, compare=False)

    @property
    def cells(self) -> int:
        return self.rows * self.columns

    @property
    def corner(self) -> str:
        return f"{column_letter(max(self.columns, 1) - 1)}{self.rows}"


@dataclass(frozen=True)
class FarCells:
    """An xlsx sheet that fits once a few cells far from its data are left out: ``part`` is
    its zip path, ``kept`` the data's rectangle (from A1), ``reached`` the whole sheet's."""

    part: str
    kept: Extent
    reached: Extent


@dataclass(frozen=True)
class LeftOutCell:
    """A cell read without: its reference (``XFD1048576``) and what it held, as shown."""

    reference: str
    held: str


def check_sheet_extent(
    path: Path, real_format: str, sheet: str, look_from: int = MAX_SHEET_CELLS
) -> FarCells | None:
    """Raise UnreadableFileError if reading ``sheet`` would hold too many cells, or if a part
    it needs is damaged; the far cells to leave out when the sheet fits without them. An .ods
    or .xls file is measured whole before opening instead, as the library reads all its
    sheets then."""
    with _damage_reported(path, real_format, sheet):
        if real_format == "xlsx":
            return _xlsx_check(path, sheet, look_from)
        if real_format == "xlsb":
            _refuse_if_too_large(path, sheet, _xlsb_extent(path, sheet))
    return None


def first_sheet_extent(
    path: Path,
) -> tuple[str, UnreadableFileError | FarCells | None] | None:
    """The first sheet of an xlsx workbook and what :func:`check_sheet_extent` says of it (the
    error it raises, or what it returns), for a caller that checks it while the library opens
    the workbook; None when the workbook's index names no sheet."""
    try:
        with zipfile.ZipFile(path) as archive:
            name = first_sheet_name(archive)
    except DAMAGE_ERRORS:
        return None  # the library will say what is wrong
    if name is None:
        return None
    try:
        return name, check_sheet_extent(path, "xlsx", name)
    except UnreadableFileError as error:
        return name, error


def first_sheet_name(archive: zipfile.ZipFile) -> str | None:
    """The name of the first sheet the workbook's index lists; None when it names none."""
    workbook = ElementTree.fromstring(_small_part(archive, "xl/workbook.xml"))
    first = next(workbook.iter(f"{_NS_MAIN}sheet"), None)
    if first is None or first.get("name") is None:
        return None
    return str(first.get("name"))


def check_workbook_extent(path: Path, real_format: str) -> None:
    """Before opening: the library reads every sheet of an .ods or .xls file at once."""
    with _damage_reported(path, real_format):
        if real_format == "ods":
            for sheet, extent in _ods_extents(path).items():
                _refuse_if_too_large(path, sheet, extent)
        elif real_format == "xls":
            for sheet, rows, columns in xls_sheet_extents(path):
                _refuse_if_too_large(path, sheet, Extent(rows=rows, columns=columns))


def _refuse_if_too_large(path: Path, sheet: str, extent: Extent | None) -> None:
    if extent is not None and extent.cells > MAX_SHEET_CELLS:
        raise UnreadableFileError(
            f'{path.name}, sheet "{sheet}", reaches cell {extent.corner}: reading it would '
            f"mean holding {extent.cells:,} cells (the limit is {MAX_SHEET_CELLS:,}), most of "
            "them empty or repeated. A stray entry far below or to the right of the org chart "
            "usually does this; in Excel or LibreOffice press Ctrl+End to find it, delete the "
            "rows and columns after the data, save, and import again."
        )


# -- damage ----------------------------------------------------------------------------------


def damaged_message(
    path: Path, error: BaseException, real_format: str, sheet: str | None = None
) -> str:
    """What the user reads when a workbook cannot be read for damage, whoever found it."""
    where = f' (sheet "{sheet}")' if sheet else ""
    return (
        f"{path.name} could not be read as {FORMAT_NAMES.get(real_format, 'a spreadsheet')}"
        f"{where}: it looks damaged or incomplete ({_first_line(error)}). Open it in Excel "
        "or LibreOffice and save it again, or ask for a fresh copy of the export."
    )


def _first_line(error: BaseException) -> str:
    if isinstance(error, KeyError) and error.args and isinstance(error.args[0], str):
        text = error.args[0].splitlines()  # str() of a KeyError is its argument's repr
    else:
        text = str(error).strip().splitlines()
    return text[0][:200] if text else type(error).__name__


@contextmanager
def _damage_reported(path: Path, real_format: str, sheet: str | None = None) -> Iterator[None]:
    try:
        yield
    except DAMAGE_ERRORS as error:
        message = damaged_message(path, error, real_format, sheet)
        raise UnreadableFileError(message) from error


@contextmanager
def _opened(archive: zipfile.ZipFile, part: str) -> Iterator[IO[bytes]]:
    """``part``'s stream; running out of bytes says which part did (EOFError says nothing)."""
    try:
        with archive.open(part) as stream:
            yield stream
    except EOFError as error:
        raise EOFError(f"the part {part} ends before its data does") from error


# -- xlsx ------------------------------------------------------------------------------------


def column_number(letters: bytes | str) -> int:
    """1-based column of spreadsheet letters (``A`` -> 1); 0 for none."""
    number = 0
    for char in letters if isinstance(letters, str) else letters.decode("ascii"):
        number = number * 26 + ord(char) - 64
    return number


def _xlsx_check(path: Path, sheet: str, look_from: int = MAX_SHEET_CELLS) -> FarCells | None:
    """None when the sheet fits; the far cells to leave out when it fits without them; else
    the refusal (module docstring). Far cells are looked for once the sheet reaches past
    ``look_from`` cells (a caller that knows its sheets are small asks for less than the
    limit: a returned action plan with a stray cell far down a column)."""
    with zipfile.ZipFile(path) as archive:
        part = _xlsx_sheet_part(archive, sheet)
        if part is None:
            return None
        reached = _part_extent(archive, part, look_from)
        if reached is None or reached.cells <= look_from:
            return None
        if reached.rows <= EXCEL_ROWS and reached.columns <= EXCEL_COLUMNS and not reached.unusual:
            kept, left_out = _data_rectangle(archive, part)
            if kept.cells <= MAX_SHEET_CELLS and left_out <= MAX_LEFT_OUT and kept != reached:
                return FarCells(part=part, kept=kept, reached=reached)
        if reached.cells <= MAX_SHEET_CELLS:
            return None  # nothing far from the data, and the whole sheet fits
    _refuse_if_too_large(path, sheet, reached)
    return None


def _xlsx_extent(path: Path, sheet: str) -> Extent | None:
    """None when the sheet is known to fit (or cannot be found: the library will say the
    workbook is damaged), else the rectangle its references reach."""
    with zipfile.ZipFile(path) as archive:
        part = _xlsx_sheet_part(archive, sheet)
        return None if part is None else _part_extent(archive, part)


def _part_extent(
    archive: zipfile.ZipFile, part: str, limit: int = MAX_SHEET_CELLS
) -> Extent | None:
    outside = _outside_safe_rectangle(archive, part, limit)
    if outside is not None and not any(
        outside.search(chunk) or unusual_markup(chunk) for chunk in _chunks(archive, part)
    ):
        return None
    return _measured_extent(archive, part)


def _outside_safe_rectangle(
    archive: zipfile.ZipFile, part: str, limit: int = MAX_SHEET_CELLS
) -> re.Pattern[bytes] | None:
    """A pattern finding any reference outside the sheet's :func:`safe_rectangle`; None when
    the sheet's start says nothing of its width."""
    safe = safe_rectangle(archive, part, limit)
    return None if safe is None else _outside(safe.columns, safe.rows)


def safe_rectangle(
    archive: zipfile.ZipFile, part: str, limit: int = MAX_SHEET_CELLS
) -> Extent | None:
    """A rectangle from the sheet's first cell that is small enough to read, and that every
    cell of a plain sheet lies in; None when the sheet's start says nothing of its width.

    It is as wide as the sheet's stated dimension (when that is small enough to be believed)
    or its first rows, whichever is wider, and as tall as the cell limit allows at that width:
    the sheet's real height does not matter, only that nothing lies beyond.
    """
    with _opened(archive, part) as stream:
        head: bytes = stream.read(_HEAD)
    columns = max(
        (column_number(letters) for letters, _digits in _REFERENCE.findall(head)), default=0
    )
    claimed = _claimed_dimension(head)
    if claimed is not None and claimed.cells <= MAX_SHEET_CELLS:
        columns = max(columns, claimed.columns)
    if not 0 < columns <= limit:
        return None
    return Extent(rows=limit // columns, columns=columns)


def _outside(columns: int, rows: int) -> re.Pattern[bytes]:
    """Finds a reference (a cell's, or a row's without letters) past ``columns`` or ``rows``.

    It spells out what a reference inside looks like and finds one that is not, so a single
    pass of the expression engine, with one short test per reference, covers both bounds.
    """
    letters = _at_most(column_letter(columns - 1), "A", "Z")
    digits = _at_most(str(rows), "0", "9")
    return re.compile(f' r="(?!(?:{letters})?(?:{digits})")'.encode())


def _at_most(text: str, low: str, high: str) -> str:
    """Alternatives matching the strings over ``low``-``high`` that are at most ``text`` as
    numbers (digits) or as column letters: fewer characters (tried first, as most are), or as
    many and sorting at or before it."""
    options = [f"[{low}-{high}]{{1,{len(text) - 1}}}"] if len(text) > 1 else []
    last = len(text) - 1
    for position, char in enumerate(text[:last]):
        if char > low:
            smaller = f"[{low}-{chr(ord(char) - 1)}]"
            options.append(f"{text[:position]}{smaller}[{low}-{high}]{{{last - position}}}")
    options.append(f"{text[:last]}[{low}-{text[last]}]")
    return "|".join(options)


def _claimed_dimension(head: bytes) -> Extent | None:
    found = _DIMENSION.search(head)
    if found is None:
        return None
    letters, digits = found.group(3) or found.group(1), found.group(4) or found.group(2)
    if not letters or not digits:
        return None
    return Extent(rows=int(digits), columns=column_number(letters))


def _xlsx_sheet_part(archive: zipfile.ZipFile, sheet: str) -> str | None:
    """The zip path of the worksheet named ``sheet``, from the workbook and its relations."""
    try:
        workbook = ElementTree.fromstring(_small_part(archive, "xl/workbook.xml"))
        relations = ElementTree.fromstring(_small_part(archive, "xl/_rels/workbook.xml.rels"))
    except (KeyError, ValueError, ElementTree.ParseError):
        return None
    wanted = next(
        (
            node.get(f"{_NS_REL}id")
            for node in workbook.iter(f"{_NS_MAIN}sheet")
            if node.get("name") == sheet
        ),
        None,
    )
    for relation in relations.iter(f"{_NS_PKG}Relationship"):
        if relation.get("Id") == wanted:
            return _part_path(str(relation.get("Target", "")))
    return None


def _part_path(target: str) -> str:
    """The zip path of a part the workbook's relations name."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join("xl", target))


def _small_part(archive: zipfile.ZipFile, name: str) -> bytes:
    if archive.getinfo(name).file_size > _SMALL_XML:
        raise ValueError(f"{name} is too large to be a workbook index")
    with _opened(archive, name) as stream:
        return stream.read()


def _chunks(archive: zipfile.ZipFile, part: str) -> Iterator[memoryview]:
    """The part's bytes, decompressed as they are needed, in pieces that end where a tag
    begins, so that no attribute is cut in two."""
    with _opened(archive, part) as stream:
        rest = b""
        while piece := stream.read(_CHUNK):
            chunk = rest + piece
            cut = chunk.rfind(b"<", 1)
            if cut > 0:
                yield memoryview(chunk)[:cut]
                rest = chunk[cut:]
            else:  # one tag longer than a piece: its end is looked at again with what follows
                yield memoryview(chunk)
                rest = chunk[-_OVERLAP:]
        if rest:
            yield memoryview(rest)


def _measured_extent(archive: zipfile.ZipFile, part: str) -> Extent:
    """The largest row and column any reference names, from every reference in the part."""
    rows = columns = 0
    widest = b""
    unusual = False
    for chunk in _chunks(archive, part):
        references: Iterable[tuple[bytes, bytes]] = _REFERENCE.findall(chunk)
        if unusual_markup(chunk) or _ODD_REFERENCE.search(chunk) is not None:
            # Small letters, an entity, a reference that is none: read from the tags alone.
            unusual, references = True, written_references(chunk)
        for letters, digits in references:
            if len(letters) > len(widest) or (len(letters) == len(widest) and letters > widest):
                widest = letters
            if len(digits) > 9 or int(digits) > rows:
                rows = int(digits)
    columns = column_number(widest) if widest else 1
    return Extent(rows=rows, columns=columns, unusual=unusual)


# -- far cells of an xlsx sheet --------------------------------------------------------------


def _data_rectangle(archive: zipfile.ZipFile, part: str) -> tuple[Extent, int]:
    """The data's rectangle (module docstring) and at most how many cells holding something
    lie outside it (a cell beyond both its last row and last column is counted twice)."""
    rows: Counter[bytes] = Counter()
    columns: Counter[bytes] = Counter()
    for chunk in _chunks(archive, part):
        held = [
            (letters, digits) for letters, digits, empty in _CELL_TAG.findall(chunk) if not empty
        ]
        rows.update(digits for _letters, digits in held)
        columns.update(letters for letters, _digits in held)
    last_row, rows_beyond = _main_group_end(
        sorted((int(digits), count) for digits, count in rows.items()), ROW_GAP
    )
    last_column, columns_beyond = _main_group_end(
        sorted((column_number(letters), count) for letters, count in columns.items()), COLUMN_GAP
    )
    kept = Extent(rows=max(last_row, 1), columns=max(last_column, 1))
    return kept, rows_beyond + columns_beyond


def _main_group_end(counts: list[tuple[int, int]], gap: int) -> tuple[int, int]:
    """Of (row or column number, cells) in order, split where more than ``gap`` numbers in a
    row are missing: the last number of the group with the most cells (the first, on a tie),
    and how many cells come after it."""
    best_end = best_total = end = total = 0
    for number, count in counts:
        if total and number - end > gap + 1:
            if total > best_total:
                best_end, best_total = end, total
            total = 0
        end, total = number, total + count
    if total > best_total:
        best_end = end
    return best_end, sum(count for number, count in counts if number > best_end)


def write_without_far_cells(
    path: Path, sheet: str, far: FarCells, target: Path
) -> list[LeftOutCell]:
    """Write to ``target`` a copy of the workbook whose ``sheet`` lacks the cells outside the
    data's rectangle; the cells left out that held something, in row order. Raises
    UnreadableFileError when the workbook is damaged or the copy cannot be written."""
    try:
        with (
            _damage_reported(path, "xlsx", sheet),
            zipfile.ZipFile(path) as archive,
            _CopyFile(target, "w") as handle,
            zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as copy,
        ):
            removed = _copy_parts(archive, far, copy)
            strings = _shared_strings(archive, {_shared_index(cell) for *_ref, cell in removed})
    except _NotWritten as error:
        raise UnreadableFileError(copy_failed_message(path, error.__cause__)) from error
    removed.sort(key=lambda cell: (int(cell[1]), column_number(cell[0])))
    described = (
        LeftOutCell(f"{letters.decode()}{int(digits)}", _held(cell, strings))
        for letters, digits, cell in removed
    )
    return [cell for cell in described if cell.held]


def copy_failed_message(path: Path, error: BaseException | None) -> str:
    reason = getattr(error, "strerror", None) or error or "no reason given"
    return (
        f"{path.name} has cells far from its data, to be left out of a copy of it that could "
        f"not be written to the temporary folder ({reason}). Free some disk space and import "
        "again, or delete the far cells (in Excel, Ctrl+End goes to the farthest) and save."
    )


class _NotWritten(Exception):
    """Writing the copy failed: the disk, not the workbook, is at fault."""


class _CopyFile(io.FileIO):
    """The copy's file, whose write errors are told apart from errors reading the workbook."""

    def write(self, data: ReadableBuffer, /) -> int:
        try:
            return super().write(data)
        except OSError as error:
            raise _NotWritten from error


def _copy_parts(
    archive: zipfile.ZipFile, far: FarCells, copy: zipfile.ZipFile
) -> list[tuple[bytes, bytes, bytes]]:
    """Copy every part, the sheet's without its far cells, which are returned."""
    removed: list[tuple[bytes, bytes, bytes]] = []
    for info in archive.infolist():
        if info.is_dir() or info.filename in copy.NameToInfo:
            continue
        # The copy is written as it streams; a part may pass 2 GB only with zip64.
        with copy.open(info.filename, "w", force_zip64=info.file_size > 2**30) as out:
            if info.filename == far.part:
                removed = _copy_sheet_without(archive, far, out)
            else:
                with _opened(archive, info.filename) as stream:
                    shutil.copyfileobj(stream, out, _CHUNK)
    return removed


def _copy_sheet_without(
    archive: zipfile.ZipFile, far: FarCells, out: IO[bytes]
) -> list[tuple[bytes, bytes, bytes]]:
    """Stream the sheet part to ``out`` without the cells outside ``far.kept``, its dimension
    made to say the kept rectangle; each cell taken out as (letters, digits, its XML). Rows
    are left, some emptied: the library skips a row without cells."""
    outside = _outside(far.kept.columns, far.kept.rows)
    dimension = b"\\g<1>A1:" + far.kept.corner.encode() + b'"'
    removed: list[tuple[bytes, bytes, bytes]] = []
    carry = b""
    dimension_pending = True  # until it is rewritten, or the cells begin without one
    with _opened(archive, far.part) as stream:
        while True:
            piece = stream.read(_CHUNK)
            data = carry + piece
            if dimension_pending:
                data, count = _DIMENSION_REF.subn(dimension, data, count=1)
                dimension_pending = not count and b"sheetData" not in data
            # A reference is searched for only where it cannot be cut off: before a tag starts.
            cut = data.rfind(b"<", 1) if piece else len(data)
            limit = cut if cut > 0 else max(len(data) - _OVERLAP, 0)
            position = 0
            for found in outside.finditer(data):
                if found.start() >= limit:
                    break
                reference = _REFERENCE.match(data, found.start())
                if found.start() < position or reference is None or not reference.group(1):
                    continue  # inside a cell taken out, or a row's reference
                span = _cell_element(data, found.start(), position)
                if span is None:
                    continue
                start, end = span
                if end < 0:  # the cell ends in the next piece: it is carried there whole
                    if not piece:
                        cell = (reference.group(1) + reference.group(2)).decode()
                        raise ValueError(f"{far.part} ends inside its cell {cell}")
                    limit = start
                    break
                out.write(data[position:start])
                removed.append((reference.group(1), reference.group(2), data[start:end]))
                position = end
            limit = max(limit, position)
            out.write(data[position:limit])
            carry = data[limit:]
            if not piece:
                return removed


_CELL_NAME = re.compile(rb"(?:\w+:)?c(?=[\s/>])")


def _cell_element(data: bytes, at: int, low: int) -> tuple[int, int] | None:
    """Where the cell whose start tag holds position ``at`` begins and ends (-1: not in
    ``data``); None when ``at`` is not inside a cell's start tag."""
    start = data.rfind(b"<", low, at)
    name = _CELL_NAME.match(data, start + 1) if start >= 0 else None
    if name is None or data.find(b">", start, at) >= 0:
        return None
    close = data.find(b">", at)
    if close < 0:
        return start, -1
    if data[close - 1] == ord("/"):
        return start, close + 1
    tag = b"</" + name.group() + b">"
    end = data.find(tag, close)
    return start, -1 if end < 0 else end + len(tag)


_CELL_KIND = re.compile(rb'^<[^>]*?\st="(\w+)"')
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")
_FORMULA = re.compile(rb"<(?:\w+:)?f(?:\s[^>]*)?>([^<]*)</(?:\w+:)?f>")
_TEXT = re.compile(rb"<(?:\w+:)?t(?:\s[^>]*)?>([^<]*)</(?:\w+:)?t>")
_SHOWN_CHARS = 40


def _shared_index(cell: bytes) -> int:
    """The shared string a cell of type ``s`` names; -1 for any other cell."""
    kind = _CELL_KIND.match(cell)
    value = _VALUE.search(cell)
    if kind is None or kind.group(1) != b"s" or value is None or not value.group(1).isdigit():
        return -1
    return int(value.group(1))


def _held(cell: bytes, strings: dict[int, str]) -> str:
    """What a cell holds, as a user would recognise it; "" for nothing."""
    kind_found = _CELL_KIND.match(cell)
    kind = kind_found.group(1) if kind_found else b"n"
    if kind == b"inlineStr":
        return _quoted("".join(_text(text) for text in _TEXT.findall(cell)))
    value = _VALUE.search(cell)
    if value is None:
        formula = _FORMULA.search(cell)
        return f"a formula with no saved value, ={_text(formula.group(1))}" if formula else ""
    text = _text(value.group(1))
    if kind == b"s":
        return _quoted(strings.get(_shared_index(cell), ""))
    if kind == b"str":
        return _quoted(text)
    if kind == b"b":
        return "TRUE" if text.strip() == "1" else "FALSE"
    return text.strip()  # a number, a date, or an error as Excel shows it (#N/A)


def _text(raw: bytes) -> str:
    return html.unescape(raw.decode("utf-8", "replace"))


def _quoted(text: str) -> str:
    if not text:
        return ""
    return f'"{text if len(text) <= _SHOWN_CHARS else text[: _SHOWN_CHARS - 1] + "…"}"'


def _shared_strings(archive: zipfile.ZipFile, wanted: set[int]) -> dict[int, str]:
    """The shared strings numbered in ``wanted``, streamed from the workbook's table of them
    until the last is found."""
    found: dict[int, str] = {}
    wanted.discard(-1)
    part = _shared_strings_part(archive) if wanted else None
    if part is None or part not in archive.NameToInfo:
        return found
    item, text = f"{_NS_MAIN}si", f"{_NS_MAIN}t"
    index = 0
    root = None
    with _opened(archive, part) as stream:
        for event, node in ElementTree.iterparse(stream, events=("start", "end")):
            if root is None:
                root = node
            elif event == "end" and node.tag == item:
                if index in wanted:
                    found[index] = "".join(run.text or "" for run in node.iter(text))
                    if len(found) == len(wanted):
                        break
                index += 1
                root.clear()  # only the strings asked for are kept
    return found


def _shared_strings_part(archive: zipfile.ZipFile) -> str | None:
    relations = ElementTree.fromstring(_small_part(archive, "xl/_rels/workbook.xml.rels"))
    for relation in relations.iter(f"{_NS_PKG}Relationship"):
        if str(relation.get("Type", "")).endswith(_SHARED_STRINGS_TYPE):
            return _part_path(str(relation.get("Target", "")))
    return None


def far_cells_note(sheet: str, far: FarCells, cells: list[LeftOutCell]) -> str | None:
    """The report's note on the cells left out of ``sheet``; None when none held anything."""
    if not cells:
        return None
    place = _sheet_reference(sheet)
    named = [f"{place}!{cell.reference} ({cell.held})" for cell in cells]
    data = f"the rest of the sheet's data (A1:{far.kept.corner})"
    holding = f"holding {far.reached.cells:,} cells"
    if len(cells) == 1:
        return (
            f"{named[0]} was left out: it lies far from {data}, and reading the sheet as far "
            f"as it would mean {holding}. If it belongs to the org chart, move it beside the "
            "data; if not, delete it in Excel (Ctrl+End goes to it) and save."
        )
    return (
        f"{len(cells)} cells far from {data} were left out, as reading the sheet as far as "
        f"them would mean {holding}: {', '.join(named)}. Delete them in Excel (Ctrl+End goes "
        "to the farthest) if they are not needed, or move them beside the data."
    )


_PLAIN_SHEET = re.compile(r"[^\W\d][\w.]*")
_CELL_LIKE = re.compile(r"[A-Za-z]{1,3}[0-9]+|[Rr][0-9]*[Cc]?[0-9]*")


def _sheet_reference(sheet: str) -> str:
    """The sheet's name as a reference to one of its cells starts: quoted as Excel quotes it
    when it holds anything but letters, digits, ``_`` and ``.``, or could be read as a cell."""
    if _PLAIN_SHEET.fullmatch(sheet) and not _CELL_LIKE.fullmatch(sheet):
        return sheet
    return "'" + sheet.replace("'", "''") + "'"


# -- xlsb ------------------------------------------------------------------------------------

_BRT_ROW_HEADER = 0x0000
# RK, error, bool, real, string, shared string, formulas; blank cells are skipped by the library
_BRT_CELLS = range(0x0002, 0x000C)
_BRT_END_SHEET_DATA = 0x0092
_BRT_BUNDLE_SHEET = 0x009C


def _records(data: bytes, stop: int = -1) -> Iterator[tuple[int, int, int]]:
    """(type, start, size) of each record of a binary workbook part, up to type ``stop``."""
    position, end = 0, len(data)
    while position < end:
        kind = data[position] & 0x7F
        if data[position] & 0x80:
            kind |= (data[position + 1] & 0x7F) << 7
            position += 1
        position += 1
        size = shift = 0
        for _ in range(4):
            byte = data[position]
            position += 1
            size |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                break
        if kind == stop:
            return
        yield kind, position, size
        position += size


def _xlsb_sheet_part(archive: zipfile.ZipFile, sheet: str) -> str | None:
    try:
        workbook = _small_part(archive, "xl/workbook.bin")
        relations = ElementTree.fromstring(_small_part(archive, "xl/_rels/workbook.bin.rels"))
    except (KeyError, ValueError, ElementTree.ParseError):
        return None
    wanted = None
    try:
        for kind, start, _size in _records(workbook):
            if kind == _BRT_BUNDLE_SHEET:
                relation, after = _wide_string(workbook, start + 8)
                name, _after = _wide_string(workbook, after)
                if name == sheet:
                    wanted = relation
                    break
    except (IndexError, UnicodeDecodeError, struct.error):
        return None
    for node in relations.iter(f"{_NS_PKG}Relationship"):
        if node.get("Id") == wanted:
            return posixpath.normpath(posixpath.join("xl", str(node.get("Target", ""))))
    return None


def _wide_string(data: bytes, start: int) -> tuple[str, int]:
    (length,) = struct.unpack_from("<I", data, start)
    end = start + 4 + 2 * length
    return data[start + 4 : end].decode("utf-16-le"), end


def _xlsb_extent(path: Path, sheet: str) -> Extent | None:
    """The last row and column of a binary sheet, from its row and cell records.

    A binary sheet cannot be searched as text, so its records are walked one by one: about a
    second per 100,000 rows, paid only by .xlsb files.
    """
    with zipfile.ZipFile(path) as archive:
        part = _xlsb_sheet_part(archive, sheet)
        if part is None:
            return None
        with _opened(archive, part) as stream:
            data = stream.read()
    try:
        rows, columns = _walk_sheet_records(data)
    except (IndexError, struct.error):
        return None  # the library will report the damage in its own words
    return Extent(rows=rows, columns=columns) if rows else None


def _walk_sheet_records(data: bytes) -> tuple[int, int]:
    """Rows and columns reached by cells with a value; one tight loop, as it runs per record."""
    rows = columns = row = position = 0
    end = len(data)
    unpack = struct.unpack_from
    first_cell, last_cell = _BRT_CELLS.start, _BRT_CELLS.stop
    while position < end:
        byte = data[position]
        kind = byte & 0x7F
        position += 1
        if byte & 0x80:
            kind |= (data[position] & 0x7F) << 7
            position += 1
        byte = data[position]
        size = byte & 0x7F
        position += 1
        shift = 7
        while byte & 0x80 and shift < 28:
            byte = data[position]
            size |= (byte & 0x7F) << shift
            position += 1
            shift += 7
        if kind == _BRT_ROW_HEADER:
            row = unpack("<I", data, position)[0]
        elif first_cell <= kind < last_cell:
            column = unpack("<I", data, position)[0]
            if row >= rows:
                rows = row + 1
            if column >= columns:
                columns = column + 1
        elif kind == _BRT_END_SHEET_DATA:
            break
        position += size
    return rows, columns


# -- ods -------------------------------------------------------------------------------------


def _ods_extents(path: Path) -> dict[str, Extent]:
    with zipfile.ZipFile(path) as archive:
        if "content.xml" not in archive.namelist():
            return {}
        if not any(_ODS_REPEAT.search(chunk) for chunk in _chunks(archive, "content.xml")):
            return {}  # without large repeat counts the cells are all written out
        with _opened(archive, "content.xml") as stream:
            return _ods_table_extents(stream)


def _ods_table_extents(stream: IO[bytes]) -> dict[str, Extent]:
    """Per table, rows and columns up to the last non-empty cell, repeats counted as the
    library counts them."""
    table_tag = f"{{{_NS_TABLE}}}table"
    row_tag = f"{{{_NS_TABLE}}}table-row"
    cell_tags = (f"{{{_NS_TABLE}}}table-cell", f"{{{_NS_TABLE}}}covered-table-cell")
    rows_repeated = f"{{{_NS_TABLE}}}number-rows-repeated"
    columns_repeated = f"{{{_NS_TABLE}}}number-columns-repeated"
    value_type = f"{{{_NS_OFFICE}}}value-type"
    extents: dict[str, Extent] = {}
    name = ""
    row = column = last_row = last_column = row_last_column = 0
    row_repeat = 1
    try:
        for event, node in ElementTree.iterparse(stream, events=("start", "end")):
            tag = node.tag
            if tag == table_tag:
                if event == "start":
                    name = str(node.get(f"{{{_NS_TABLE}}}name", ""))
                    row = last_row = last_column = 0
                else:
                    if last_row:
                        extents[name] = Extent(rows=last_row, columns=last_column)
                    node.clear()
            elif tag == row_tag:
                if event == "start":
                    row_repeat = _repeat(node.get(rows_repeated), _ODS_MAX_ROWS)
                    column = row_last_column = 0
                else:
                    if row_last_column:
                        last_row = min(row + row_repeat, _ODS_MAX_ROWS)
                        last_column = max(last_column, row_last_column)
                    row = min(row + row_repeat, _ODS_MAX_ROWS)
                    node.clear()
            elif tag in cell_tags and event == "end":
                column = min(
                    column + _repeat(node.get(columns_repeated), _ODS_MAX_COLUMNS), _ODS_MAX_COLUMNS
                )
                if node.get(value_type) is not None or len(node):
                    row_last_column = column
                node.clear()
    except (ElementTree.ParseError, ValueError):
        return extents  # the library will report the damage in its own words
    return extents


def _repeat(text: str | None, cap: int) -> int:
    try:
        return max(1, min(int(text or 1), cap))
    except ValueError:
        return 1


# -- formulas without saved values --------------------------------------------------------

_FORMULA_WITHOUT_VALUE = re.compile(
    rb'<(?:\w+:)?c r="([A-Z]{1,3})[0-9]+"[^>]*>\s*<(?:\w+:)?f\b[^>]*?(?:/>|>[^<]*</(?:\w+:)?f>)'
    rb"\s*(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>)?\s*</(?:\w+:)?c>"
)


def formulas_without_values(path: Path, sheet: str) -> dict[int, int]:
    """Per 0-based column, how many formula cells have no saved result.

    A workbook written by a program and never opened in a spreadsheet application keeps its
    formulas but no values, so readers see empty cells where the user sees ids.
    """
    counts: dict[int, int] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            part = _xlsx_sheet_part(archive, sheet)
            if part is None:
                return counts
            with _opened(archive, part) as stream:
                tail = b""
                while piece := stream.read(_CHUNK):
                    chunk = tail + piece
                    cut = chunk.rfind(b"<", 0, len(chunk) - 4096) if len(piece) == _CHUNK else -1
                    body, tail = (chunk[:cut], chunk[cut:]) if cut > 0 else (chunk, b"")
                    for letters in _FORMULA_WITHOUT_VALUE.findall(body):
                        column = column_number(letters) - 1
                        counts[column] = counts.get(column, 0) + 1
    except DAMAGE_ERRORS:
        return {}  # the sheet was read whole before: only a file changed since gets here
    return counts


_ERROR_CELL = re.compile(rb'<(?:\w+:)?c\b[^>]*?\bt="e"[^>]*>')
_CELL_REF = re.compile(rb'\br="([A-Z]{1,4})([0-9]{1,9})"')
_CELL_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]{0,64})</(?:\w+:)?v>")
_CELL_END = re.compile(rb"</(?:\w+:)?c>")
ERROR_MARK = b't="e"'  # in every tag _ERROR_CELL matches
_TAG_OVERLAP = 1024


def error_cells(path: Path, sheet: str) -> dict[tuple[int, int], str]:
    """The cells of an xlsx sheet that hold an error value (``#REF!``, ``#N/A``...): per
    (0-based row, 0-based column), the error as Excel shows it.

    The spreadsheet library reads such a cell as an empty string, which would pass for a cell
    the user emptied. Errors are rare, so one regular-expression pass over the sheet's XML finds
    them. Any other kind of file, or a part that cannot be read, gives no errors.
    """
    found: dict[tuple[int, int], str] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            part = _xlsx_sheet_part(archive, sheet)
            if part is None:
                return found
            tail = b""
            with _opened(archive, part) as stream:
                while piece := stream.read(_CHUNK):
                    data = tail + piece
                    more = len(piece) == _CHUNK
                    # A cell's tag cut at the piece's end is read whole with the next piece
                    # (one found twice is one entry).
                    tail = data[-_TAG_OVERLAP:] if more else b""
                    if ERROR_MARK not in data:  # the expression tries every cell's tag: slow
                        continue
                    for match in _ERROR_CELL.finditer(data):
                        end = _CELL_END.search(data, match.end())
                        if end is None and more:
                            tail = data[match.start() :][:_CHUNK]  # the cell ends further on
                            break
                        reference = _CELL_REF.search(match.group(0))
                        if reference is None:
                            continue
                        body = data[match.end() : end.start() if end else len(data)]
                        value = _CELL_VALUE.search(body)
                        row = int(reference.group(2)) - 1
                        column = column_number(reference.group(1)) - 1
                        shown = value.group(1).decode("utf-8", "replace") if value else "#VALUE!"
                        found[(row, column)] = shown
    except DAMAGE_ERRORS:
        return {}
    return found


def xlsx_sheet_part(archive: zipfile.ZipFile, sheet: str) -> str | None:
    """The zip path of the worksheet named ``sheet`` (None when the workbook has none)."""
    return _xlsx_sheet_part(archive, sheet)
