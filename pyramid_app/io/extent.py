"""How many cells reading one sheet would hold, known before the sheet is read.

The spreadsheet library keeps a sheet as one dense rectangle from its first to its last cell,
so a single stray cell at XFD1048576 asks it for 17 billion cells and the process aborts. Here
the rectangle is measured from the sheet's XML as it streams out of the zip, without building
anything. An xlsx sheet is first checked against the largest rectangle that is safe to read
at the width its ``<dimension>`` or its first rows give: one regular expression pass finds any
reference outside it (the pass costs about a tenth of the read itself). Only when something
lies outside is every reference read to find the farthest. An OpenDocument sheet's rows and
cells carry repeat counts, which are added up the same way the library expands them.

Sheets whose rectangle is larger than :data:`MAX_SHEET_CELLS` are refused with the far cell
named, so the user can delete it; the importer never allocates them.
"""

from __future__ import annotations

import posixpath
import re
import struct
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from defusedxml import ElementTree  # type: ignore[import-untyped]

from pyramid_app.io.biff import xls_sheet_extents
from pyramid_app.io.errors import UnreadableFileError
from pyramid_app.io.report import column_letter

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
_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_NS_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_NS_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_ODS_REPEAT = re.compile(rb'-repeated="[0-9]{3}')
_ODS_MAX_ROWS, _ODS_MAX_COLUMNS = 1_048_576, 16_384  # the library's own caps on repeats


@dataclass(frozen=True)
class Extent:
    """The last row and column (1-based) a sheet reaches."""

    rows: int
    columns: int

    @property
    def cells(self) -> int:
        return self.rows * self.columns

    @property
    def corner(self) -> str:
        return f"{column_letter(max(self.columns, 1) - 1)}{self.rows}"


def check_sheet_extent(path: Path, real_format: str, sheet: str) -> None:
    """Raise UnreadableFileError if reading ``sheet`` would hold too many cells. An .ods or
    .xls file is measured whole before opening instead, as the library reads all its sheets
    then."""
    if real_format == "xlsx":
        _refuse_if_too_large(path, sheet, _xlsx_extent(path, sheet))
    elif real_format == "xlsb":
        _refuse_if_too_large(path, sheet, _xlsb_extent(path, sheet))


def first_sheet_extent_error(path: Path) -> tuple[str, UnreadableFileError | None] | None:
    """The first sheet of an xlsx workbook and why it cannot be read (None: it can), for a
    caller that checks it while the library opens the workbook; None when the workbook's index
    names no sheet."""
    try:
        with zipfile.ZipFile(path) as archive:
            workbook = ElementTree.fromstring(_small_part(archive, "xl/workbook.xml"))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, ElementTree.ParseError):
        return None  # the library will say what is wrong
    first = next(workbook.iter(f"{_NS_MAIN}sheet"), None)
    if first is None or first.get("name") is None:
        return None
    name = str(first.get("name"))
    try:
        check_sheet_extent(path, "xlsx", name)
    except UnreadableFileError as error:
        return name, error
    return name, None


def check_workbook_extent(path: Path, real_format: str) -> None:
    """Before opening: the library reads every sheet of an .ods or .xls file at once."""
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


# -- xlsx ------------------------------------------------------------------------------------


def column_number(letters: bytes | str) -> int:
    """1-based column of spreadsheet letters (``A`` -> 1); 0 for none."""
    number = 0
    for char in letters if isinstance(letters, str) else letters.decode("ascii"):
        number = number * 26 + ord(char) - 64
    return number


def _xlsx_extent(path: Path, sheet: str) -> Extent | None:
    """None when the sheet is known to fit (or cannot be found: the library will say the
    workbook is damaged), else the rectangle its references reach."""
    with zipfile.ZipFile(path) as archive:
        part = _xlsx_sheet_part(archive, sheet)
        if part is None:
            return None
        outside = _outside_safe_rectangle(archive, part)
        if outside is not None and not any(map(outside.search, _chunks(archive, part))):
            return None
        return _measured_extent(archive, part)


def _outside_safe_rectangle(archive: zipfile.ZipFile, part: str) -> re.Pattern[bytes] | None:
    """A pattern finding any reference outside a rectangle small enough to read; None when
    the sheet's start says nothing of its width.

    The rectangle is as wide as the sheet's stated dimension (when that is small enough to be
    believed) or its first rows, whichever is wider, and as tall as the cell limit allows at
    that width: the sheet's real height does not matter, only that nothing lies beyond.
    """
    with archive.open(part) as stream:
        head: bytes = stream.read(_HEAD)
    columns = max(
        (column_number(letters) for letters, _digits in _REFERENCE.findall(head)), default=0
    )
    claimed = _claimed_dimension(head)
    if claimed is not None and claimed.cells <= MAX_SHEET_CELLS:
        columns = max(columns, claimed.columns)
    if not 0 < columns <= MAX_SHEET_CELLS:
        return None
    return _outside(columns, MAX_SHEET_CELLS // columns)


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
            target = str(relation.get("Target", ""))
            if target.startswith("/"):
                return target.lstrip("/")
            return posixpath.normpath(posixpath.join("xl", target))
    return None


def _small_part(archive: zipfile.ZipFile, name: str) -> bytes:
    if archive.getinfo(name).file_size > _SMALL_XML:
        raise ValueError(f"{name} is too large to be a workbook index")
    return archive.read(name)


def _chunks(archive: zipfile.ZipFile, part: str) -> Iterator[memoryview]:
    """The part's bytes, decompressed as they are needed, in pieces that end where a tag
    begins, so that no attribute is cut in two."""
    with archive.open(part) as stream:
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
    for chunk in _chunks(archive, part):
        for letters, digits in _REFERENCE.findall(chunk):
            if len(letters) > len(widest) or (len(letters) == len(widest) and letters > widest):
                widest = letters
            if len(digits) > 9 or int(digits) > rows:
                rows = int(digits)
    columns = column_number(widest) if widest else 1
    return Extent(rows=rows, columns=columns)


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
        data = archive.read(part)
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
        with archive.open("content.xml") as stream:
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
            with archive.open(part) as stream:
                tail = b""
                while piece := stream.read(_CHUNK):
                    chunk = tail + piece
                    cut = chunk.rfind(b"<", 0, len(chunk) - 4096) if len(piece) == _CHUNK else -1
                    body, tail = (chunk[:cut], chunk[cut:]) if cut > 0 else (chunk, b"")
                    for letters in _FORMULA_WITHOUT_VALUE.findall(body):
                        column = column_number(letters) - 1
                        counts[column] = counts.get(column, 0) + 1
    except (OSError, zipfile.BadZipFile, KeyError):
        return {}
    return counts


_ERROR_CELL = re.compile(rb'<(?:\w+:)?c\b[^>]*?\bt="e"[^>]*>')
_CELL_REF = re.compile(rb'\br="([A-Z]{1,4})([0-9]{1,9})"')
_CELL_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]{0,64})</(?:\w+:)?v>")
_CELL_END = re.compile(rb"</(?:\w+:)?c>")


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
            with archive.open(part) as stream:
                while piece := stream.read(_CHUNK):
                    data = tail + piece
                    tail = b""
                    for match in _ERROR_CELL.finditer(data):
                        end = _CELL_END.search(data, match.end())
                        if end is None and len(piece) == _CHUNK:
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
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, EOFError):
        return {}
    return found
