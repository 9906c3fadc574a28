"""Read the cells of a spreadsheet or CSV file, one small reader per kind of file.

A reader returns a :class:`Source`: sheet names plus a way to get one sheet's rows. Rows are
lists of cells (str, float, int, bool, date/datetime/time/timedelta), ``""`` for an empty cell.
Nothing here interprets the cells; :mod:`pyramid_app.io.spreadsheet.org_import` does.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import python_calamine

from pyramid_app.io.spreadsheet.errors import UnreadableFileError
from pyramid_app.io.spreadsheet.extent import (
    Extent,
    FarCells,
    check_sheet_extent,
    check_workbook_extent,
    copy_failed_message,
    damaged_message,
    far_cells_note,
    first_sheet_extent,
    formulas_without_values,
    write_without_far_cells,
)
from pyramid_app.io.spreadsheet.safety import (
    check_spreadsheet_file,
    disguise_note,
    text_encoding,
)
from pyramid_app.io.spreadsheet.sheet_halves import join_halves

Row = list[Any]
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
CSV_SUFFIXES = (".csv", ".txt", ".tsv")
SUPPORTED_SUFFIXES = WORKBOOK_SUFFIXES + CSV_SUFFIXES


@dataclass
class Table:
    """One sheet's rows. ``row_numbers[i]`` is what the user sees as the row (or line) number.

    ``problems`` are (line, message) pairs the reader met and worked around, such as a quote
    that never closes; the importer turns them into findings. ``notes`` are sentences for the
    report about the sheet as a whole, such as the far cells it was read without.
    """

    name: str
    rows: list[Row]
    row_numbers: list[int] | None = None
    problems: list[tuple[int, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def row_number(self, index: int) -> int:
        return self.row_numbers[index] if self.row_numbers is not None else index + 1


@dataclass
class Source:
    """An opened file: its sheet names and a loader for any one sheet.

    ``real_format`` is what the bytes say the file is ("xlsx", "xlsb", "xls", "ods", "text"),
    whatever its name; ``notes`` are sentences for the report about the file as a whole.
    """

    path: Path
    kind: str  # "workbook" or "csv"
    sheet_names: list[str]
    load: Callable[[str, int | None], Table]
    real_format: str = "xlsx"
    notes: list[str] = field(default_factory=list)

    def table(self, name: str, max_rows: int | None = None) -> Table:
        return self.load(name, max_rows)

    def formulas_without_values(self, sheet: str) -> dict[int, int]:
        """Per column, formula cells the file holds no result for (xlsx only)."""
        if self.real_format != "xlsx":
            return {}
        return formulas_without_values(self.path, sheet)


def open_source(path: Path) -> Source:
    """Open any supported file after the safety gate has looked at its bytes.

    The bytes decide how the file is read, not its name: an .xls that is really an .xlsx is
    read as one, and the report says so.
    """
    real_format = check_spreadsheet_file(path)
    note = disguise_note(path, real_format)
    if real_format == "text":
        source = _open_csv(path)
    else:
        source = _open_workbook(path, real_format, disguised=note is not None)
    if note is not None:
        source.notes.append(note)
    return source


# -- workbooks (calamine) ------------------------------------------------------------------


def _open_workbook(path: Path, real_format: str, disguised: bool = False) -> Source:
    check_workbook_extent(path, real_format)
    with ThreadPoolExecutor(1) as helper:
        # The library opens the workbook without holding the interpreter, so the first
        # sheet's used range is checked meanwhile, on another core when there is one.
        early = helper.submit(first_sheet_extent, path) if real_format == "xlsx" else None
        workbook, names = _open_with_library(path, real_format, disguised)
        try:
            first = early.result() if early is not None else None
        except Exception:  # checked again, the usual way, when the sheet is loaded
            first = None
    return workbook_source(path, real_format, workbook, names, first)


class ReadCarefully(Exception):
    """A sheet read without the used-range check held a cell outside the rectangle it was
    allowed, or could not be read: only the import that checks it says what it holds."""


@dataclass(frozen=True)
class Halves:
    """The sheet ``name`` cut in two (:mod:`~pyramid_app.io.spreadsheet.sheet_halves`): the
    workbook given with it holds the sheet's first half, ``second`` the rest."""

    name: str
    second: python_calamine.CalamineWorkbook


def workbook_source(
    path: Path,
    real_format: str,
    workbook: python_calamine.CalamineWorkbook,
    names: list[str],
    first: tuple[str, UnreadableFileError | FarCells | None] | None,
    halves: Halves | None = None,
    bounds: Extent | None = None,
) -> Source:
    """The workbook the library opened as a :class:`Source`: each sheet's used range checked
    before the library allocates it (``first``: what the check said of one sheet already);
    ``halves``' sheet is read from its two halves at once.

    With ``bounds``, ``first``'s sheet was not checked: it is read only when the library's
    rectangle of it lies within ``bounds``, and raises :class:`ReadCarefully` otherwise, or
    when the library cannot read it."""
    if not names:
        raise UnreadableFileError(
            f"{path.name} contains no worksheets (only charts or macros). Open it in Excel, "
            "check that the org chart is on a worksheet, and save it again."
        )
    measured: dict[str, UnreadableFileError | FarCells | None] = dict([first] if first else [])

    def load(name: str, max_rows: int | None) -> Table:
        if name not in measured:
            # Before the library allocates the sheet, which it does in one piece.
            measured[name] = check_sheet_extent(path, real_format, name)
        found = measured[name]
        if isinstance(found, UnreadableFileError):
            raise found
        if found is not None:
            return _read_without_far_cells(path, name, found, max_rows)
        # The bounds of this sheet when it was not checked.
        allowed = bounds if first is not None and first[0] == name else None
        try:
            if halves is not None and halves.name == name:
                rows = rows_of_halves(path, workbook, halves, max_rows)
            else:
                sheet = workbook.get_sheet_by_name(name)
                if allowed is not None and not _within(sheet, allowed):
                    raise ReadCarefully(name)
                # skip_empty_area=False keeps row 1 at index 0, so findings name real rows.
                rows = sheet.to_python(skip_empty_area=False, nrows=max_rows)
        except ReadCarefully:
            raise
        except Exception as error:
            if allowed is not None:
                raise ReadCarefully(name) from error
            if isinstance(error, python_calamine.PasswordError):
                raise UnreadableFileError(_password_message(path)) from error
            raise UnreadableFileError(
                damaged_message(path, error, real_format, sheet=name)
            ) from error
        return Table(name=name, rows=rows)

    return Source(path=path, kind="workbook", sheet_names=names, load=load, real_format=real_format)


def _within(sheet: python_calamine.CalamineSheet, bounds: Extent) -> bool:
    """Whether the library's rectangle of ``sheet`` (allocated already, its cells not yet
    made Python's) lies within ``bounds``."""
    end = sheet.end
    return end is None or (end[0] < bounds.rows and end[1] < bounds.columns)


def rows_of_halves(
    path: Path, first: python_calamine.CalamineWorkbook, halves: Halves, max_rows: int | None
) -> list[Row]:
    """The rows of the sheet cut in two, both halves read at once (the first alone when it
    holds the ``max_rows`` asked for); the original's sheet where the halves do not join or
    cannot be read (the halves only save time: what the original holds is said in its words)."""

    def second_half() -> tuple[list[Row], tuple[int, int] | None]:
        sheet = halves.second.get_sheet_by_name(halves.name)
        return sheet.to_python(skip_empty_area=True), sheet.start

    joined: list[Row] | None = None
    try:
        if max_rows is not None:
            rows: list[Row] = first.get_sheet_by_name(halves.name).to_python(
                skip_empty_area=False, nrows=max_rows
            )
            if len(rows) >= max_rows:
                return rows
            joined = join_halves(rows, *second_half())
        else:
            with ThreadPoolExecutor(1) as helper:
                # The library reads without holding the interpreter: on two cores at once.
                later = helper.submit(second_half)
                rows = first.get_sheet_by_name(halves.name).to_python(skip_empty_area=False)
                joined = join_halves(rows, *later.result())
    except Exception:
        joined = None
    if joined is None:
        workbook, _names = _open_with_library(path, "xlsx", disguised=False)
        joined = workbook.get_sheet_by_name(halves.name).to_python(skip_empty_area=False)
    return joined[:max_rows] if max_rows is not None else joined


def worksheet_names(workbook: python_calamine.CalamineWorkbook) -> list[str]:
    """The names of the workbook's worksheets (not its chart sheets)."""
    return [
        meta.name
        for meta in workbook.sheets_metadata
        if meta.typ == python_calamine.SheetTypeEnum.WorkSheet
    ]


def _open_with_library(
    path: Path, real_format: str, disguised: bool
) -> tuple[python_calamine.CalamineWorkbook, list[str]]:
    """The library's workbook and the names of its worksheets."""
    try:
        if disguised:
            # The library picks its reader from the name; given the bytes it looks at them.
            with path.open("rb") as handle:
                workbook = python_calamine.CalamineWorkbook.from_filelike(handle)
        else:
            workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        names = worksheet_names(workbook)
    except python_calamine.PasswordError as error:
        raise UnreadableFileError(_password_message(path)) from error
    except Exception as error:  # calamine raises many kinds; all mean "cannot read this file"
        raise UnreadableFileError(damaged_message(path, error, real_format)) from error
    return workbook, names


def _read_without_far_cells(path: Path, name: str, far: FarCells, max_rows: int | None) -> Table:
    """Read an xlsx sheet from a temporary copy without its far cells, which the table's note
    names; the copy is deleted before this returns."""
    try:
        folder = tempfile.TemporaryDirectory(prefix="pyramid-import-", ignore_cleanup_errors=True)
    except OSError as error:
        raise UnreadableFileError(copy_failed_message(path, error)) from error
    with folder:
        copy = Path(folder.name) / "without-far-cells.xlsx"  # the library reads by the suffix
        left_out = write_without_far_cells(path, name, far, copy)
        try:
            workbook = python_calamine.CalamineWorkbook.from_path(str(copy))
            try:
                sheet = workbook.get_sheet_by_name(name)
                rows = sheet.to_python(skip_empty_area=False, nrows=max_rows)
            finally:
                workbook.close()  # a file still open cannot be deleted on Windows
        except Exception as error:  # calamine raises many kinds, as when opening the file
            raise UnreadableFileError(damaged_message(path, error, "xlsx", sheet=name)) from error
    note = far_cells_note(name, far, left_out)
    return Table(name=name, rows=rows, notes=[note] if note else [])


def _password_message(path: Path) -> str:
    return (
        f"{path.name} is protected with a password, so it cannot be read. Open it in Excel, "
        "remove the password (File > Info > Protect Workbook > Encrypt with Password, clear "
        "it) and save a copy, then import that copy."
    )


# -- CSV -----------------------------------------------------------------------------------

_DELIMITERS = ",;\t|"
_SNIFF_LINES = 20
# Excel holds at most 16,384 columns; a line with more delimiters than that is not a table,
# and is refused before the csv module splits it into that many strings.
MAX_FIELDS = 16_384
MAX_LINE_CHARS = 4 * 2**20
# Every cell stays in memory as a Python string (49 bytes beyond its text, 8 more in its row,
# 8 in the chart's column), every row as a list: measured, 10 million cells took 1.4 GB. Six
# million cells in at most Excel's row count (and a few title lines) stay under a gigabyte:
# 1,048,576 people with five or six columns.
MAX_TEXT_CELLS = 6_000_000
MAX_TEXT_ROWS = 1_100_000
# A quoted field running over this many lines is taken for a quote that was never closed.
RUNAWAY_QUOTE_LINES = 100


class _RunawayQuote(Exception):
    """The record being read has swallowed too many lines (or the rest of the file)."""


class _Lines:
    """Physical lines for ``csv.reader``, numbered, bounded, and replayable.

    The lines of the record being read are kept, so that a quote that never closes can be
    undone: the record's first line is then read as it stands and the others are read again.
    """

    def __init__(self, handle: io.TextIOBase, path: Path) -> None:
        self.handle = handle
        self.path = path
        self.read_count = 0
        self.pending: deque[tuple[int, str]] = deque()
        self.record: list[tuple[int, str]] = []
        self.at_end = False

    def __iter__(self) -> _Lines:
        return self

    def take(self) -> tuple[int, str] | None:
        """The next line and its number, without adding it to the current record."""
        if self.pending:
            return self.pending.popleft()
        line = self.handle.readline(MAX_LINE_CHARS + 1)
        if not line:
            return None
        self.read_count += 1
        if len(line) > MAX_LINE_CHARS:
            raise UnreadableFileError(
                f"{self.path.name}: line {self.read_count:,} is longer than "
                f"{MAX_LINE_CHARS // 2**20} MB, which no org chart needs; this is not a table. "
                "Check that it is the right file."
            )
        if len(line) >= MAX_FIELDS and max(map(line.count, _DELIMITERS)) >= MAX_FIELDS:
            raise UnreadableFileError(
                f"{self.path.name}: line {self.read_count:,} has more than {MAX_FIELDS:,} "
                "fields, more columns than any spreadsheet holds; this is not an org chart "
                "table. Check that it is the right file."
            )
        return self.read_count, line

    def __next__(self) -> str:
        taken = self.take()
        if taken is None:
            self.at_end = True
            raise StopIteration
        self.record.append(taken)
        if len(self.record) > RUNAWAY_QUOTE_LINES:
            raise _RunawayQuote
        return taken[1]


def _open_csv(path: Path) -> Source:
    table = read_csv(path)
    return Source(
        path=path,
        kind="csv",
        sheet_names=[table.name],
        load=lambda _name, _max_rows: table,
        real_format="text",
    )


def read_csv(path: Path) -> Table:
    """Read a CSV: UTF-8 (BOM or not), UTF-16 (BOM or not), else cp1252; leading ``#`` lines
    skipped; any newline. The file is streamed: only the cells are kept."""
    try:
        with path.open("rb") as handle:
            head = handle.read(8192)
    except OSError as error:
        raise UnreadableFileError(
            f"{path.name} could not be opened ({error.strerror or error})."
        ) from error
    encoding = text_encoding(head) or "utf-8"
    if encoding != "utf-8":
        return _read_text(path, encoding, "replace")
    try:
        return _read_text(path, "utf-8-sig", "strict")
    except UnicodeDecodeError:
        # Excel on Windows saves "CSV" in the ANSI code page; cp1252 covers western Europe.
        return _read_text(path, "cp1252", "replace")


def _read_text(path: Path, encoding: str, errors: str) -> Table:
    with path.open(encoding=encoding, errors=errors, newline="") as handle:
        lines = _Lines(handle, path)
        skipped = 0
        first = lines.take()
        while first is not None and first[1].lstrip().startswith("#"):
            skipped += 1
            first = lines.take()
        sample = [] if first is None else [first]
        while len(sample) < _SNIFF_LINES and (taken := lines.take()) is not None:
            sample.append(taken)
        lines.pending.extend(sample)
        delimiter = _sniff_delimiter([line for _number, line in sample])
        return _parse_records(path, lines, delimiter)


def _parse_records(path: Path, lines: _Lines, delimiter: str) -> Table:
    rows: list[Row] = []
    row_numbers: list[int] = []
    problems: list[tuple[int, str]] = []
    cells = 0
    while True:
        reader = csv.reader(lines, delimiter=delimiter)
        try:
            for record in reader:
                taken = lines.record
                if lines.at_end and _open_quote(taken):
                    raise _RunawayQuote
                rows.append(record)
                row_numbers.append(taken[0][0] if taken else lines.read_count)
                lines.record = []
                cells += len(record)
                if cells > MAX_TEXT_CELLS or len(rows) > MAX_TEXT_ROWS:
                    raise UnreadableFileError(
                        f"{path.name} holds more than {MAX_TEXT_CELLS:,} cells or "
                        f"{MAX_TEXT_ROWS:,} rows (by line {row_numbers[-1]:,}), more than an "
                        "import keeps in memory. Export only the columns and rows of the org "
                        "chart."
                    )
            break
        except _RunawayQuote:
            problems.append(_read_literally(lines, delimiter, rows, row_numbers))
        except csv.Error as error:
            if len(lines.record) > 1:  # e.g. a field grown past the csv module's size limit
                problems.append(_read_literally(lines, delimiter, rows, row_numbers))
                continue
            line = lines.record[-1][0] if lines.record else lines.read_count
            raise UnreadableFileError(
                f"{path.name} is not a well-formed CSV file near line {line:,}: {error}. Open "
                "it in a spreadsheet program and save it as CSV again."
            ) from error
    return Table(name=path.name, rows=rows, row_numbers=row_numbers, problems=problems)


def _open_quote(record: list[tuple[int, str]]) -> bool:
    """True when the record's lines hold an odd number of quotes: one was never closed."""
    return sum(line.count('"') for _number, line in record) % 2 == 1


def _read_literally(
    lines: _Lines, delimiter: str, rows: list[Row], row_numbers: list[int]
) -> tuple[int, str]:
    """Undo a runaway quote: its first line becomes a row as written, the rest is read again."""
    record, lines.record = lines.record, []
    number, text = record[0]
    lines.pending.extendleft(reversed(record[1:]))
    lines.at_end = False
    [row] = list(csv.reader([text.rstrip("\r\n")], delimiter=delimiter, quoting=csv.QUOTE_NONE))
    rows.append(row)
    row_numbers.append(number)
    reach = (
        "to the end of the file"
        if len(record) <= RUNAWAY_QUOTE_LINES
        else (f"over more than {RUNAWAY_QUOTE_LINES} lines")
    )
    return number, (
        f"a quote opened on line {number:,} is never closed (the field would run {reach}); "
        "this line was read as it stands, quotes kept as text, and the lines after it as rows "
        "of their own"
    )


def _sniff_delimiter(lines: list[str]) -> str:
    """The delimiter that splits the first lines into the most fields, most consistently."""
    sample = [line for line in lines if line.strip()]
    if not sample:
        return ","
    best, best_score = ",", (0, 0)
    for delimiter in _DELIMITERS:
        try:
            widths = [len(record) for record in csv.reader(sample, delimiter=delimiter)]
        except csv.Error:
            continue
        if not widths or widths[0] < 2:
            continue
        consistent = sum(1 for width in widths if width == widths[0])
        score = (consistent, widths[0])
        if score > best_score:
            best, best_score = delimiter, score
    return best
