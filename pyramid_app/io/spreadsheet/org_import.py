"""Import an org chart from a spreadsheet: pick the sheet, find the header, map, build, report.

``read_org(path)`` never fails on bad data: every problem is repaired in a stated, deterministic
way and recorded in the :class:`ImportReport`. It raises :class:`UnreadableFileError` only when
the file cannot be used at all (and for a MemoryError too, so the user reads a sentence, not a
traceback).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pyramid_app.io.spreadsheet.build import build_chart
from pyramid_app.io.spreadsheet.cells import cell_text
from pyramid_app.io.spreadsheet.errors import (
    MissingColumnError,
    NoIdColumnError,
    UnreadableFileError,
)
from pyramid_app.io.spreadsheet.file_kinds import refuse_text_that_is_not_a_table
from pyramid_app.io.spreadsheet.manager_column import (
    ManagerCandidate,
    best_manager_column,
    candidate_columns,
    choice_note,
    manager_candidates,
    share_from_chart,
)
from pyramid_app.io.spreadsheet.mapping import (
    ColumnMapping,
    apply_overrides,
    find_column,
    propose_mapping,
)
from pyramid_app.io.spreadsheet.quick_check import open_source_quickly
from pyramid_app.io.spreadsheet.readers import Source, Table
from pyramid_app.io.spreadsheet.report import Finding, FindingKind, ImportReport, column_letter
from pyramid_app.io.spreadsheet.sheet_choice import (
    choose_table,
    complete_by_content,
    find_header_row,
    header_names,
    row_word,
    where,
)
from pyramid_app.model.collector import cycle_collection_paused
from pyramid_app.model.org import OrgChart


@dataclass
class ImportResult:
    """Everything an import produced; the mapping is kept so a project can replay it."""

    chart: OrgChart
    report: ImportReport
    path: Path
    sheet: str
    header_row: int  # as the user sees it (1-based row, or line for CSV)
    headers: list[str]
    mapping: ColumnMapping
    customer_segments: list[str] = field(default_factory=list)
    real_format: str = "xlsx"  # what the bytes say the file is: xlsx, xlsb, xls, ods or text
    manager_candidates: list[ManagerCandidate] = field(default_factory=list)

    @property
    def is_text(self) -> bool:
        """A CSV's places are lines of the file; a workbook's are rows of a sheet."""
        return self.real_format == "text"

    def summary(self) -> dict[str, Any]:
        chart = self.chart
        widest = chart.widest_span()
        return {
            "people": chart.people_count,
            "levels": chart.level_count,
            "front_line": int(chart.front_line().shape[0]),
            "managers": int(chart.managers().shape[0]),
            "widest_span": widest[1] if widest else 0,
            "widest_span_id": chart.ids[widest[0]] if widest else None,
            "roots": _real_roots(chart),
            "not_in_file": int(chart.placeholders.sum()),
        }


def _real_roots(chart: OrgChart) -> int:
    """People at the top of their own tree, before any synthetic root was added above them."""
    top = chart.parent < 0
    synthetic_top = chart.synthetic & top
    below_synthetic_top = ~top & synthetic_top[chart.parent.clip(min=0)]
    return int((chart.real & (top | below_synthetic_top)).sum())


def read_org(
    path: str | Path,
    sheet: str | None = None,
    mapping: ColumnMapping | None = None,
    overrides: Mapping[str, str | int] | None = None,
    progress: Callable[[str], None] | None = None,
    header_row: int | None = None,
    prefer_sheet: str | None = None,
) -> ImportResult:
    """Read ``path`` into an org chart and a report of what had to be repaired.

    ``sheet`` picks a sheet by name (otherwise the one that looks most like an org chart);
    ``mapping`` replaces the proposed column mapping; ``overrides`` changes single fields of it
    (field -> header text or column letter), as the CLI's ``--id``/``--manager``/``--name`` do,
    and raises :class:`MissingColumnError` when one names no column; ``header_row`` is the
    header's row (or line) as the user sees it, when the search for it should not decide.
    ``prefer_sheet`` is read when ``sheet`` is None and the file has a sheet of that name (the
    sheet a project was imported from); otherwise the sheet is chosen as usual. ``progress``
    hears a short sentence as each phase starts.
    """
    path = Path(path)
    try:
        with cycle_collection_paused():
            return _read_org(path, sheet, mapping, overrides, progress, header_row, prefer_sheet)
    except MemoryError as error:
        raise UnreadableFileError(_memory_message(path)) from error


def _memory_message(path: Path) -> str:
    return (
        f"{path.name} needs more memory than this computer has free to import it. Close other "
        "programs and try again, or export only the columns and rows of the org chart."
    )


def _read_org(
    path: Path,
    sheet: str | None,
    mapping: ColumnMapping | None,
    overrides: Mapping[str, str | int] | None,
    progress: Callable[[str], None] | None,
    header_row: int | None,
    prefer_sheet: str | None = None,
) -> ImportResult:
    say = progress or (lambda _phase: None)
    say(f"Reading {path.name}...")
    located = _locate(path, sheet, header_row, single_share=False, prefer_sheet=prefer_sheet)
    source, table, header_index, headers = (
        located.source,
        located.table,
        located.header_index,
        located.headers,
    )
    # The manager column is chosen by resolution only when the user left it to the importer.
    chosen_by_share = mapping is None and not (overrides and "manager" in overrides)
    if mapping is None:
        mapping = located.mapping
    elif any(column >= len(headers) for _field, column in mapping.items()):
        raise UnreadableFileError(
            f"{where(path, table)}: the column mapping names a column the header row does not "
            "have; choose the columns again."
        )
    if overrides:
        try:
            mapping = apply_overrides(mapping, headers, overrides)
        except ValueError as error:
            raise _override_error(path, table, header_index, headers, overrides, error) from error
    if mapping.id is None:
        raise _no_id_error(source, table, header_index, headers)
    body = table.rows[header_index + 1 :]
    if not any(any(cell != "" and cell is not None for cell in row) for row in body):
        raise UnreadableFileError(_no_people_message(path, table, header_index))
    candidates = located.candidates
    if mapping != located.mapping and len(candidate_columns(headers, mapping)) > 1:
        candidates = manager_candidates(body, headers, mapping)
    report = ImportReport()
    for text in [*source.notes, *table.notes]:
        report.note(text)
    choice = choice_note(mapping, candidates) if chosen_by_share else None
    if choice:
        report.note(choice)
    for line, message in table.problems:
        report.add(
            Finding(kind=FindingKind.UNCLOSED_QUOTE, message=message, sheet=table.name, row=line)
        )
    say(f"Checking {max(len(table.rows) - header_index - 1, 0):,} rows of {table.name}...")
    chart = build_chart(table, header_index, headers, mapping, report)
    _explain_formulas(source, table, headers, mapping, report)
    if mapping.manager is not None and len(candidate_columns(headers, mapping)) == 1:
        # One candidate: nothing was chosen; its share is what the import itself resolved.
        candidates = [share_from_chart(chart, headers[mapping.manager], mapping.manager, len(body))]
    return ImportResult(
        chart=chart,
        report=report,
        path=path,
        sheet=table.name,
        header_row=table.row_number(header_index) if table.rows else 1,
        headers=headers,
        mapping=mapping,
        customer_segments=read_customer_segments(source, exclude=table.name),
        real_format=source.real_format,
        manager_candidates=candidates,
    )


def _override_error(
    path: Path,
    table: Table,
    header_index: int,
    headers: list[str],
    overrides: Mapping[str, str | int],
    error: ValueError,
) -> UnreadableFileError:
    """A column named for the import is not there: say which, so a caller can ask instead."""
    message = f"{where(path, table)}: {error}."
    missing: dict[str, str] = {}
    for field_name, wanted in overrides.items():
        try:
            find_column(headers, wanted)
        except ValueError:
            missing[field_name] = str(wanted)
    if not missing:  # an unknown field: a mistake of the caller, not of the file
        return UnreadableFileError(message)
    row = table.row_number(header_index) if table.rows else 1
    return MissingColumnError(message, table.name, row, headers, missing)


def _no_people_message(path: Path, table: Table, header_index: int) -> str:
    row = table.row_number(header_index) if table.rows else 1
    return (
        f"There are no people in {where(path, table)}: the header on {row_word(table)} {row} "
        "has nothing below it. Export the org chart again with one row per person under the "
        "header."
    )


def _explain_formulas(
    source: Source, table: Table, headers: list[str], mapping: ColumnMapping, report: ImportReport
) -> None:
    """Formulas saved without results read as empty cells; say so instead of leaving the user
    with rows that lack an id or a manager for no visible reason."""
    if not report.counts().keys() & {FindingKind.MISSING_ID, FindingKind.SEVERAL_ROOTS}:
        return  # the scan costs a pass over the sheet: only when something looks empty
    gaps = source.formulas_without_values(table.name)
    if not gaps:
        return
    id_column = mapping.id or 0
    if gaps.get(id_column, 0) * 2 >= max(len(table.rows) - 1, 1):
        raise UnreadableFileError(
            _formula_message(source.path, table, headers, id_column, gaps[id_column], "id")
        )
    for field_name, column in mapping.items():
        if gaps.get(column):
            report.note(
                _formula_message(source.path, table, headers, column, gaps[column], field_name)
            )


def _formula_message(
    path: Path, table: Table, headers: list[str], column: int, count: int, what: str
) -> str:
    label = "ids" if what == "id" else f"{what.replace('_', ' ')} cells"
    return (
        f"{where(path, table)}: the {label} in column {column_letter(column)} "
        f'("{headers[column]}") are formulas with no saved values ({count:,} cells), so they '
        "read as empty: the file was written by a program and never opened in a spreadsheet "
        "application. Open it in Excel or LibreOffice, save it, and import it again."
    )


@dataclass
class _Located:
    source: Source
    table: Table
    header_index: int
    headers: list[str]
    mapping: ColumnMapping
    candidates: list[ManagerCandidate]


def _locate(
    path: Path,
    sheet: str | None,
    header_row: int | None = None,
    single_share: bool = True,
    prefer_sheet: str | None = None,
) -> _Located:
    """Open the file, pick the sheet and its header row, and propose a mapping.

    The manager candidates are measured when there is a choice to make, or when
    ``single_share`` asks for the share of a lone candidate too (the mapping dialog shows it;
    an import learns it from its own result instead).
    """
    # An xlsx's first sheet is checked for far cells as it is inflated into a copy the library
    # reads with nothing left to inflate (quick_check.py): the check costs almost nothing.
    source = open_source_quickly(path)
    if sheet is None and prefer_sheet:
        wanted = prefer_sheet.strip().casefold()
        sheet = next((name for name in source.sheet_names if name.casefold() == wanted), None)
    table = choose_table(source, sheet)
    if header_row is None:
        header_index = find_header_row(table.rows)
    else:
        header_index = _header_index(path, table, header_row)
    headers = header_names(table.rows[header_index] if table.rows else [])
    mapping = complete_by_content(propose_mapping(headers), table.rows, header_index)
    candidates: list[ManagerCandidate] = []
    if single_share or len(candidate_columns(headers, mapping)) > 1:
        candidates = manager_candidates(table.rows[header_index + 1 :], headers, mapping)
        mapping = best_manager_column(mapping, candidates)
    return _Located(source, table, header_index, headers, mapping, candidates)


def _header_index(path: Path, table: Table, header_row: int) -> int:
    """The index of the row the user named as the header (a sheet row or a file line)."""
    if table.row_numbers is None:
        if 0 <= header_row - 1 < len(table.rows):
            return header_row - 1
    else:
        for index, number in enumerate(table.row_numbers):
            if number >= header_row:
                return index
    last = table.row_number(len(table.rows) - 1) if table.rows else 0
    raise UnreadableFileError(
        f"{where(path, table)} has no {row_word(table)} {header_row:,} to use as the header "
        f"(the last is {last:,})."
    )


CUSTOMER_SHEETS = ("customers", "customer segments", "segments", "customer")


def read_customer_segments(source: Source, exclude: str = "") -> list[str]:
    """Segment names from a ``Customers`` sheet: the first column below its header."""
    for name in source.sheet_names:
        if name == exclude or name.strip().casefold() not in CUSTOMER_SHEETS:
            continue
        rows = source.table(name, 200).rows
        texts = [cell_text(row[0]) for row in rows if row]
        return [text for text in texts[1:] if text]
    return []


@dataclass
class OrgPreview:
    """The first rows of the sheet an import would read, and the mapping it would use."""

    path: Path
    sheet_names: list[str]
    sheet: str
    header_row: int
    headers: list[str]
    rows: list[list[str]]
    mapping: ColumnMapping
    manager_candidates: list[ManagerCandidate] = field(default_factory=list)
    real_format: str = "xlsx"
    notes: list[str] = field(default_factory=list)

    @property
    def is_text(self) -> bool:
        return self.real_format == "text"


def preview_org(
    path: str | Path, sheet: str | None = None, rows: int = 20, header_row: int | None = None
) -> OrgPreview:
    """What ``read_org`` would see, for a mapping dialog to show before the import runs."""
    path = Path(path)
    try:
        with cycle_collection_paused():
            located = _locate(path, sheet, header_row)
    except MemoryError as error:
        raise UnreadableFileError(_memory_message(path)) from error
    table, header_index = located.table, located.header_index
    if located.mapping.id is None and located.source.real_format == "text":
        refuse_text_that_is_not_a_table(path, table.rows)
    body = [
        [cell_text(cell) for cell in row]
        for row in table.rows[header_index + 1 : header_index + 1 + rows]
    ]
    return OrgPreview(
        path=path,
        sheet_names=located.source.sheet_names,
        sheet=table.name,
        header_row=table.row_number(header_index) if table.rows else 1,
        headers=located.headers,
        rows=body,
        mapping=located.mapping,
        manager_candidates=located.candidates,
        real_format=located.source.real_format,
        notes=[*located.source.notes, *table.notes],
    )


def _no_id_error(
    source: Source, table: Table, header_index: int, headers: list[str]
) -> UnreadableFileError:
    """A text file that is no table at all says what it is; a table lacks only its id column."""
    if source.real_format == "text":
        refuse_text_that_is_not_a_table(source.path, table.rows)
    message = _no_id_message(source.path, table, header_index, headers)
    return NoIdColumnError(message, table.name, headers)


def _no_id_message(path: Path, table: Table, header_index: int, headers: list[str]) -> str:
    found = ", ".join(f'"{header}"' for header in headers) or "no names"
    row = table.row_number(header_index) if table.rows else 1
    return (
        f"{where(path, table)}: no column could be the person id. The header on "
        f"{row_word(table)} {row} has {found}. Name the id column with --id (for example "
        '--id "Employee ID"), or add a column with a unique id per person.'
    )
