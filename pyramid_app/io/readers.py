"""Read the cells of a spreadsheet or CSV file, one small reader per kind of file.

A reader returns a :class:`Source`: sheet names plus a way to get one sheet's rows. Rows are
lists of cells (str, float, int, bool, date/datetime/time/timedelta), ``""`` for an empty cell.
Nothing here interprets the cells; :mod:`pyramid_app.io.org_import` does.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import python_calamine

from pyramid_app.io.errors import UnreadableFileError
from pyramid_app.io.safety import check_spreadsheet_file

Row = list[Any]
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
CSV_SUFFIXES = (".csv", ".txt", ".tsv")
SUPPORTED_SUFFIXES = WORKBOOK_SUFFIXES + CSV_SUFFIXES


@dataclass
class Table:
    """One sheet's rows. ``row_numbers[i]`` is what the user sees as the row (or line) number."""

    name: str
    rows: list[Row]
    row_numbers: list[int] | None = None

    def row_number(self, index: int) -> int:
        return self.row_numbers[index] if self.row_numbers is not None else index + 1


@dataclass
class Source:
    """An opened file: its sheet names and a loader for any one sheet."""

    path: Path
    kind: str  # "workbook" or "csv"
    sheet_names: list[str]
    load: Callable[[str, int | None], Table]

    def table(self, name: str, max_rows: int | None = None) -> Table:
        return self.load(name, max_rows)


def open_source(path: Path) -> Source:
    """Open any supported file after the safety gate has looked at its bytes."""
    kind = check_spreadsheet_file(path)
    if kind == "text":
        return _open_csv(path)
    return _open_workbook(path)


# -- workbooks (calamine) ------------------------------------------------------------------


def _open_workbook(path: Path) -> Source:
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        names = [
            meta.name
            for meta in workbook.sheets_metadata
            if meta.typ == python_calamine.SheetTypeEnum.WorkSheet
        ]
    except python_calamine.PasswordError as error:
        raise UnreadableFileError(_password_message(path)) from error
    except Exception as error:  # calamine raises many kinds; all mean "cannot read this file"
        raise UnreadableFileError(_corrupt_message(path, error)) from error
    if not names:
        raise UnreadableFileError(
            f"{path.name} contains no worksheets (only charts or macros). Open it in Excel, "
            "check that the org chart is on a worksheet, and save it again."
        )

    def load(name: str, max_rows: int | None) -> Table:
        try:
            sheet = workbook.get_sheet_by_name(name)
            # skip_empty_area=False keeps row 1 at index 0, so findings name real Excel rows.
            rows = sheet.to_python(skip_empty_area=False, nrows=max_rows)
        except python_calamine.PasswordError as error:
            raise UnreadableFileError(_password_message(path)) from error
        except Exception as error:
            raise UnreadableFileError(_corrupt_message(path, error, sheet=name)) from error
        return Table(name=name, rows=rows)

    return Source(path=path, kind="workbook", sheet_names=names, load=load)


def _password_message(path: Path) -> str:
    return (
        f"{path.name} is protected with a password, so it cannot be read. Open it in Excel, "
        "remove the password (File > Info > Protect Workbook > Encrypt with Password, clear "
        "it) and save a copy, then import that copy."
    )


def _corrupt_message(path: Path, error: BaseException, sheet: str | None = None) -> str:
    where = f' (sheet "{sheet}")' if sheet else ""
    return (
        f"{path.name} could not be read as a {path.suffix.lstrip('.') or 'spreadsheet'} "
        f"file{where}: it looks damaged or incomplete ({_first_line(error)}). Open it in Excel "
        "or LibreOffice and save it again, or ask for a fresh copy of the export."
    )


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0][:200] if text else type(error).__name__


# -- CSV -----------------------------------------------------------------------------------

_DELIMITERS = ",;\t|"
_SNIFF_LINES = 20


def _open_csv(path: Path) -> Source:
    table = read_csv(path)
    return Source(
        path=path,
        kind="csv",
        sheet_names=[table.name],
        load=lambda _name, _max_rows: table,
    )


def read_csv(path: Path) -> Table:
    """Read a CSV: UTF-8 (BOM or not), UTF-16 with BOM, else cp1252; leading ``#`` lines
    skipped; any newline."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise UnreadableFileError(
            f"{path.name} could not be opened ({error.strerror or error})."
        ) from error
    text = _decode(raw)
    lines = text.splitlines(keepends=True)
    skipped = 0
    while skipped < len(lines) and lines[skipped].lstrip().startswith("#"):
        skipped += 1
    body = "".join(lines[skipped:])
    delimiter = _sniff_delimiter(lines[skipped : skipped + _SNIFF_LINES])
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter)
    rows: list[Row] = []
    row_numbers: list[int] = []
    previous_line = 0
    try:
        for record in reader:
            rows.append(record)
            row_numbers.append(skipped + previous_line + 1)
            previous_line = reader.line_num
    except csv.Error as error:
        raise UnreadableFileError(
            f"{path.name} is not a well-formed CSV file near line "
            f"{skipped + reader.line_num}: {error}. Open it in a spreadsheet program and save it "
            "as CSV again."
        ) from error
    return Table(name=path.name, rows=rows, row_numbers=row_numbers)


def _decode(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="replace")  # Excel's "Unicode text" export
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Windows saves "CSV" in the ANSI code page; cp1252 covers western Europe.
        return raw.decode("cp1252", errors="replace")


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
