"""Import an org chart from a spreadsheet: pick the sheet, find the header, map, build, report.

``read_org(path)`` never fails on bad data: every problem is repaired in a stated, deterministic
way and recorded in the :class:`ImportReport`. It raises :class:`UnreadableFileError` only when
the file cannot be used at all.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pyramid_app.io.build import build_chart
from pyramid_app.io.cells import cell_text, is_null_marker
from pyramid_app.io.errors import UnreadableFileError
from pyramid_app.io.mapping import (
    ColumnMapping,
    apply_overrides,
    header_text,
    propose_mapping,
    score_header,
)
from pyramid_app.io.readers import Source, Table, open_source
from pyramid_app.io.report import ImportReport
from pyramid_app.model.org import OrgChart

HEADER_SEARCH_ROWS = 50
_SAMPLE_ROWS = 200


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
) -> ImportResult:
    """Read ``path`` into an org chart and a report of what had to be repaired.

    ``sheet`` picks a sheet by name (otherwise the one that looks most like an org chart);
    ``mapping`` replaces the proposed column mapping; ``overrides`` changes single fields of it
    (field -> header text or column letter), as the CLI's ``--id``/``--manager``/``--name`` do.
    ``progress`` hears a short sentence as each phase starts, for a progress dialog.
    """
    say = progress or (lambda _phase: None)
    path = Path(path)
    say(f"Reading {path.name}...")
    source, table, header_index, headers, proposed = _locate(path, sheet)
    if mapping is None:
        mapping = proposed
    elif any(column >= len(headers) for _field, column in mapping.items()):
        raise UnreadableFileError(
            f"{_where(path, table)}: the column mapping names a column the header row does not "
            "have; choose the columns again."
        )
    if overrides:
        try:
            mapping = apply_overrides(mapping, headers, overrides)
        except ValueError as error:
            raise UnreadableFileError(f"{_where(path, table)}: {error}.") from error
    if mapping.id is None:
        raise UnreadableFileError(_no_id_message(path, table, header_index, headers))
    report = ImportReport()
    say(f"Checking {max(len(table.rows) - header_index - 1, 0):,} rows of {table.name}...")
    chart = build_chart(table, header_index, headers, mapping, report)
    return ImportResult(
        chart=chart,
        report=report,
        path=path,
        sheet=table.name,
        header_row=table.row_number(header_index) if table.rows else 1,
        headers=headers,
        mapping=mapping,
        customer_segments=read_customer_segments(source, exclude=table.name),
    )


def _locate(path: Path, sheet: str | None) -> tuple[Source, Table, int, list[str], ColumnMapping]:
    """Open the file, pick the sheet and its header row, and propose a mapping."""
    source = open_source(path)
    table = _choose_table(source, sheet)
    header_index = find_header_row(table.rows)
    headers = _header_names(table.rows[header_index] if table.rows else [])
    mapping = _complete_by_content(propose_mapping(headers), table.rows, header_index)
    return source, table, header_index, headers, mapping


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


def preview_org(path: str | Path, sheet: str | None = None, rows: int = 20) -> OrgPreview:
    """What ``read_org`` would see, for a mapping dialog to show before the import runs."""
    path = Path(path)
    source, table, header_index, headers, mapping = _locate(path, sheet)
    body = [
        [cell_text(cell) for cell in row]
        for row in table.rows[header_index + 1 : header_index + 1 + rows]
    ]
    return OrgPreview(
        path=path,
        sheet_names=source.sheet_names,
        sheet=table.name,
        header_row=table.row_number(header_index) if table.rows else 1,
        headers=headers,
        rows=body,
        mapping=mapping,
    )


# -- choosing the sheet --------------------------------------------------------------------


def _choose_table(source: Source, wanted: str | None) -> Table:
    if wanted is not None:
        for name in source.sheet_names:
            if name == wanted or name.casefold() == wanted.strip().casefold():
                return _non_empty(source, source.table(name))
        names = ", ".join(f'"{name}"' for name in source.sheet_names)
        raise UnreadableFileError(
            f'{source.path.name} has no sheet named "{wanted}". Its sheets are {names}.'
        )
    if len(source.sheet_names) == 1:
        return _non_empty(source, source.table(source.sheet_names[0]))
    tables = [source.table(name) for name in source.sheet_names]
    best = max(tables, key=lambda table: (sheet_score(table), -tables.index(table)))
    return _non_empty(source, best)


def _non_empty(source: Source, table: Table) -> Table:
    if not any(any(cell_text(cell) for cell in row) for row in table.rows[:HEADER_SEARCH_ROWS]):
        what = "is empty" if source.kind == "csv" else f'has nothing on sheet "{table.name}"'
        if source.kind == "workbook" and len(source.sheet_names) > 1:
            what = "has no data on any sheet"
        raise UnreadableFileError(
            f"{source.path.name} {what}. Export the org chart again with one row per person "
            "and a header row naming the columns."
        )
    return table


def sheet_score(table: Table) -> int:
    """How much a sheet looks like an org chart: mapped id and manager, links that resolve."""
    if not table.rows:
        return -1
    header_index = find_header_row(table.rows)
    headers = _header_names(table.rows[header_index])
    mapping = _complete_by_content(propose_mapping(headers), table.rows, header_index)
    score = 0
    score += 100 if mapping.id is not None else 0
    score += 100 if mapping.manager is not None else 0
    score += 30 if mapping.name is not None or mapping.first_name is not None else 0
    if mapping.id is not None and mapping.manager is not None:
        sample = table.rows[header_index + 1 : header_index + 1 + _SAMPLE_ROWS]
        score += int(100 * _link_share(sample, mapping.id, mapping.manager))
    data_rows = sum(1 for row in table.rows[header_index + 1 : header_index + 51] if any(row))
    return score + data_rows


def _link_share(rows: Sequence[Sequence[Any]], id_column: int, manager_column: int) -> float:
    """Share of non-empty manager cells that name an id in ``id_column`` (within ``rows``)."""
    ids = {cell_text(row[id_column]) for row in rows if id_column < len(row)}
    managers = [
        key
        for row in rows
        if manager_column < len(row)
        for key in [cell_text(row[manager_column])]
        if not is_null_marker(key)
    ]
    if not managers:
        return 0.0
    return sum(1 for key in managers if key in ids) / len(managers)


# -- header and mapping --------------------------------------------------------------------


def find_header_row(rows: Sequence[Sequence[Any]]) -> int:
    """Index of the header row among the first rows: the one naming the most known fields."""
    best_index, best_score = 0, (-1, -1)
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        texts = [cell for cell in row if type(cell) is str and cell.strip()]
        if not texts:
            continue
        known = sum(1 for cell in texts if score_header(cell))
        score = (known, len(texts))
        if score > best_score:
            best_index, best_score = index, score
    return best_index


def _header_names(row: Sequence[Any]) -> list[str]:
    """Header texts, blanks named by their column and repeats made distinct."""
    names: list[str] = []
    seen: set[str] = set()
    for column, cell in enumerate(row):
        name = cell_text(cell) or header_text([], column)
        unique, count = name, 1
        while unique in seen:
            count += 1
            unique = f"{name} ({count})"
        seen.add(unique)
        names.append(unique)
    return names


def _complete_by_content(
    mapping: ColumnMapping, rows: Sequence[Sequence[Any]], header_index: int
) -> ColumnMapping:
    """Fill a missing id column from the data: the column the manager column points into.

    Some exports name the key column oddly; if one column's values hold most of the manager
    references, it is the id. Failing that, a name column serves as the id (names are then
    the keys, so people sharing a name are flagged as duplicates).
    """
    if mapping.id is not None:
        return mapping
    sample = rows[header_index + 1 : header_index + 1 + _SAMPLE_ROWS]
    width = max((len(row) for row in rows[header_index : header_index + 2]), default=0)
    if mapping.manager is not None:
        best, best_share = None, 0.5
        for column in range(width):
            if column == mapping.manager:
                continue
            share = _link_share(sample, column, mapping.manager)
            if share > best_share:
                best, best_share = column, share
        if best is not None:
            return replace(mapping, id=best)
    if mapping.name is not None:
        return replace(mapping, id=mapping.name)
    return mapping


def _no_id_message(path: Path, table: Table, header_index: int, headers: list[str]) -> str:
    found = ", ".join(f'"{header}"' for header in headers) or "no names"
    row = table.row_number(header_index) if table.rows else 1
    return (
        f"{_where(path, table)}: no column could be the person id. The header on "
        f"{_row_word(table)} {row} has {found}. Name the id column with --id (for example "
        '--id "Employee ID"), or add a column with a unique id per person.'
    )


def _where(path: Path, table: Table) -> str:
    return path.name if table.row_numbers is not None else f'{path.name}, sheet "{table.name}"'


def _row_word(table: Table) -> str:
    """CSV findings count lines of the file, workbook findings count rows of the sheet."""
    return "line" if table.row_numbers is not None else "row"
