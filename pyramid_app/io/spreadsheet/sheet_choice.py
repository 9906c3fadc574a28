"""Where in a file the org chart is: which sheet, which row is the header, which column the id.

A workbook may hold notes, customers and old copies beside the staff list; a sheet may start with
a title block. Each sheet is scored by how much it looks like an org chart (an id and a manager
column, links that resolve), and the header is the row naming the most known fields, searched
in the first rows and, only when those hold none, further down.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from pyramid_app.io.spreadsheet.cells import cell_text, is_null_marker
from pyramid_app.io.spreadsheet.errors import UnreadableFileError
from pyramid_app.io.spreadsheet.mapping import (
    ColumnMapping,
    header_text,
    propose_mapping,
    score_header,
)
from pyramid_app.io.spreadsheet.readers import Source, Table

HEADER_SEARCH_ROWS = 50
# A header below a long title block is still found: rows past the first 50 are looked at only
# when those held no header-like row, and never more than this many.
DEEP_HEADER_SEARCH_ROWS = 5_000
_SAMPLE_ROWS = 200


# -- choosing the sheet --------------------------------------------------------------------


def choose_table(source: Source, wanted: str | None) -> Table:
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
    if not any(
        any(cell_text(cell) for cell in row) for row in table.rows[:DEEP_HEADER_SEARCH_ROWS]
    ):
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
    headers = header_names(table.rows[header_index])
    mapping = complete_by_content(propose_mapping(headers), table.rows, header_index)
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
    """Index of the header row: the one naming the most known fields.

    The first rows are searched first; only if none of them names two known fields is the
    search carried on, up to :data:`DEEP_HEADER_SEARCH_ROWS` (a report with a long title block).
    """
    best_index, best_score = _best_header(rows, 0, HEADER_SEARCH_ROWS)
    if best_score[0] >= 2 or len(rows) <= HEADER_SEARCH_ROWS:
        return best_index
    deep_index, deep_score = _best_header(rows, HEADER_SEARCH_ROWS, DEEP_HEADER_SEARCH_ROWS)
    return deep_index if deep_score[0] > best_score[0] else best_index


def _best_header(
    rows: Sequence[Sequence[Any]], start: int, stop: int
) -> tuple[int, tuple[int, int]]:
    best_index, best_score = start, (-1, -1)
    # Data rows repeat their departments, places and titles: each text is scored once.
    names_a_field: dict[str, bool] = {}
    for index, row in enumerate(rows[start:stop], start=start):
        # Headers are short texts; long ones (titles, notes) are not worth scoring.
        texts = [cell for cell in row if type(cell) is str and cell.strip() and len(cell) < 80]
        if not texts:
            continue
        known = 0
        for cell in texts:
            known_here = names_a_field.get(cell)
            if known_here is None:
                known_here = names_a_field[cell] = bool(score_header(cell))
            known += known_here
        score = (known, len(texts))
        if score > best_score:
            best_index, best_score = index, score
    return best_index, best_score


def header_names(row: Sequence[Any]) -> list[str]:
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


def complete_by_content(
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


def where(path: Path, table: Table) -> str:
    return path.name if table.row_numbers is not None else f'{path.name}, sheet "{table.name}"'


def row_word(table: Table) -> str:
    """CSV findings count lines of the file, workbook findings count rows of the sheet."""
    return "line" if table.row_numbers is not None else "row"
