"""Rows plus a column mapping become an OrgChart; every repair is written to the report.

The work is columnar: each mapped column is pulled out once with a list comprehension, ids are
resolved through one dict, and the structure checks run on numpy arrays. Python-level loops only
visit the rows that have a problem.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import repeat
from operator import itemgetter
from typing import Any

import numpy as np

from pyramid_app.io.cells import cell_text, is_null_marker, name_key
from pyramid_app.io.mapping import ColumnMapping, normalise_header
from pyramid_app.io.readers import Row, Table
from pyramid_app.io.report import Finding, FindingKind, ImportReport
from pyramid_app.model.org import ROOT_ID, UNASSIGNED_ID, OrgChart
from pyramid_app.model.tree import depths_or_cycles, find_cycles

UNASSIGNED_NAME = "Unassigned"
ROOT_NAME = "Organisation"
_MISSING = -2  # a manager reference that names nobody (yet)


class _Context:
    """What every check needs to write a finding at the right cell."""

    def __init__(
        self, table: Table, headers: list[str], mapping: ColumnMapping, report: ImportReport
    ) -> None:
        self.table = table
        self.headers = headers
        self.mapping = mapping
        self.report = report

    @property
    def row_word(self) -> str:
        """A CSV's findings count lines of the file; a workbook's count rows of the sheet."""
        return "line" if self.table.row_numbers is not None else "row"

    def add(
        self, kind: FindingKind, row: int, column: int | None, message: str, *person_ids: str
    ) -> None:
        self.report.add(
            Finding(
                kind=kind,
                message=message,
                sheet=self.table.name,
                row=row,
                column=column,
                header=self.headers[column] if column is not None else None,
                person_ids=person_ids,
            )
        )


def build_chart(
    table: Table,
    header_index: int,
    headers: list[str],
    mapping: ColumnMapping,
    report: ImportReport,
) -> OrgChart:
    """Build the chart from the rows below ``header_index``; see the module docstring."""
    assert mapping.id is not None
    context = _Context(table, headers, mapping, report)
    first = header_index + 1
    body = table.rows[first:]
    width = len(headers)
    if table.row_numbers is not None:  # CSV rows can be ragged; workbook rows never are
        for row in body:
            if len(row) < width:
                row.extend([""] * (width - len(row)))
    id_column = mapping.id
    ids = _text_column(body, id_column)
    positions: Sequence[int] = range(first, first + len(body))
    if "" in ids:
        positions, ids = _drop_blank_rows(context, body, positions, ids)
    index = dict(zip(ids, range(len(ids)), strict=True))
    if len(index) != len(ids):
        positions, ids = _resolve_duplicate_ids(context, positions, ids)
        index = dict(zip(ids, range(len(ids)), strict=True))
    if len(positions) != len(body):
        rows: Sequence[Row] = [table.rows[position] for position in positions]
    else:
        rows = body

    names = _names(rows, mapping, ids)
    emails = _text_column(rows, mapping.email)
    parent = _resolve_managers(context, rows, positions, ids, index, names, emails)
    _break_cycles(context, positions, ids, parent)
    _report_managers_who_left(context, rows, positions, ids, parent)

    n = len(ids)
    chart_ids = ids  # ids, names and the other columns are fresh lists: extend them in place
    extra_names: list[str] = []
    dangling = np.flatnonzero(parent == _MISSING)
    if dangling.size:
        parent[dangling] = n
        chart_ids.append(UNASSIGNED_ID)
        extra_names.append(UNASSIGNED_NAME)
        parent = np.append(parent, -1)
    roots = np.flatnonzero(parent == -1)
    if roots.size > 1:
        _report_several_roots(context, positions, ids, roots, n)
        parent[roots] = parent.shape[0]
        chart_ids.append(ROOT_ID)
        extra_names.append(ROOT_NAME)
        parent = np.append(parent, -1)
    padding = [""] * len(extra_names)

    def padded(values: list[str]) -> list[str]:
        values.extend(padding)
        return values

    names.extend(extra_names)
    used = mapping.used_columns()
    attributes = {
        headers[column]: padded(_text_column(rows, column))
        for column in range(width)
        if column not in used
    }
    return OrgChart(
        ids=chart_ids,
        parent=parent,
        names=names,
        titles=padded(_text_column(rows, mapping.title)),
        departments=padded(_text_column(rows, mapping.department)),
        locations=padded(_text_column(rows, mapping.location)),
        emails=padded(emails),
        synthetic=np.arange(parent.shape[0]) >= n,  # synthetic nodes come after the people
        attributes=attributes,
    )


def _text_column(rows: Sequence[Row], column: int | None) -> list[str]:
    if column is None:
        return [""] * len(rows)
    values = list(map(itemgetter(column), rows))
    try:
        return list(map(str.strip, values))  # all text, the usual case: one C-level pass
    except TypeError:
        return [value.strip() if type(value) is str else cell_text(value) for value in values]


def _names(rows: Sequence[Row], mapping: ColumnMapping, ids: list[str]) -> list[str]:
    if mapping.name is not None and mapping.name != mapping.id:
        return _text_column(rows, mapping.name)
    if mapping.first_name is not None or mapping.last_name is not None:
        firsts = _text_column(rows, mapping.first_name)
        lasts = _text_column(rows, mapping.last_name)
        return [f"{first} {last}".strip() for first, last in zip(firsts, lasts, strict=True)]
    return list(ids)


def _drop_blank_rows(
    context: _Context, body: Sequence[Row], positions: Sequence[int], ids: list[str]
) -> tuple[list[int], list[str]]:
    """Skip fully blank rows; a row with data but no id gets a made-up id and a finding."""
    kept_positions: list[int] = []
    kept_ids: list[str] = []
    for row, position, person_id in zip(body, positions, ids, strict=True):
        if person_id:
            kept_positions.append(position)
            kept_ids.append(person_id)
            continue
        if all(cell == "" or cell is None for cell in row):
            continue
        row_number = context.table.row_number(position)
        made_up = f"({context.row_word} {row_number})"
        context.add(
            FindingKind.MISSING_ID,
            row_number,
            context.mapping.id,
            f'this row has no id in "{context.headers[context.mapping.id or 0]}"; '
            f'kept as "{made_up}"',
            made_up,
        )
        kept_positions.append(position)
        kept_ids.append(made_up)
    return kept_positions, kept_ids


def _resolve_duplicate_ids(
    context: _Context, positions: Sequence[int], ids: list[str]
) -> tuple[Sequence[int], list[str]]:
    """Identical rows under one id are merged; different rows keep a suffixed id."""
    rows = context.table.rows
    first_at: dict[str, int] = {}
    taken = set(ids)
    kept_positions: list[int] = []
    kept_ids: list[str] = []
    for position, person_id in zip(positions, ids, strict=True):
        earlier = first_at.get(person_id)
        if earlier is None:
            first_at[person_id] = position
            kept_positions.append(position)
            kept_ids.append(person_id)
            continue
        row_number = context.table.row_number(position)
        earlier_row = context.table.row_number(earlier)
        if [cell_text(c) for c in rows[position]] == [cell_text(c) for c in rows[earlier]]:
            context.add(
                FindingKind.DUPLICATE_ROW,
                row_number,
                context.mapping.id,
                f"repeats {context.row_word} {earlier_row} exactly "
                f'(id "{person_id}"); merged into it',
                person_id,
            )
            continue
        suffix = 2
        while f"{person_id} ({suffix})" in taken:
            suffix += 1
        new_id = f"{person_id} ({suffix})"
        taken.add(new_id)
        context.add(
            FindingKind.DUPLICATE_ID,
            row_number,
            context.mapping.id,
            f'id "{person_id}" is already used on {context.row_word} {earlier_row} by different '
            "data; "
            f'this person is kept as "{new_id}"',
            new_id,
        )
        kept_positions.append(position)
        kept_ids.append(new_id)
    return kept_positions, kept_ids


def _resolve_managers(
    context: _Context,
    rows: Sequence[Row],
    positions: Sequence[int],
    ids: list[str],
    index: dict[str, int],
    names: list[str],
    emails: list[str],
) -> np.ndarray[Any, np.dtype[np.int64]]:
    """Parent index per person: -1 for no manager, ``_MISSING`` where nobody matches."""
    n = len(ids)
    column = context.mapping.manager
    if column is None:
        if n > 1:
            context.add(
                FindingKind.NO_MANAGER_COLUMN,
                context.table.row_number(positions[0] - 1) if positions else 1,
                None,
                "no column says who reports to whom, so everyone is placed directly under "
                "one organisation root; name the manager column with --manager",
            )
        return np.full(n, -1, dtype=np.int64)
    references = _text_column(rows, column)
    parent = np.array(list(map(index.get, references, repeat(_MISSING))), dtype=np.int64)
    parent[parent == np.arange(n)] = -1  # a self-reference means "no manager"
    unresolved = np.flatnonzero(parent == _MISSING).tolist()
    if not unresolved:
        return parent
    by_name: dict[str, list[int]] | None = None
    by_email: dict[str, list[int]] | None = None
    for person in unresolved:
        reference = references[person]
        if is_null_marker(reference):
            parent[person] = -1
            continue
        if by_name is None:
            by_name = _index_of(name_key(name) for name in names)
            by_email = _index_of(email.casefold() for email in emails)
        assert by_email is not None
        matches = by_name.get(name_key(reference)) or by_email.get(reference.casefold())
        row_number = context.table.row_number(positions[person])
        if matches and len(matches) == 1 and matches[0] != person:
            parent[person] = matches[0]
        elif matches and len(matches) > 1:
            candidates = ", ".join(
                f'"{ids[m]}" ({context.row_word} {_row_of(context, positions, m)})' for m in matches
            )
            context.add(
                FindingKind.AMBIGUOUS_MANAGER,
                row_number,
                column,
                f'manager "{reference}" of "{ids[person]}" matches {len(matches)} people: '
                f'{candidates}; attached to "{UNASSIGNED_NAME}"',
                ids[person],
                *(ids[m] for m in matches),
            )
        elif matches:
            parent[person] = -1  # the person named themself as manager
        else:
            context.add(
                FindingKind.MANAGER_NOT_FOUND,
                row_number,
                column,
                f'manager "{reference}" of "{ids[person]}" is not an id in column '
                f'"{context.headers[context.mapping.id or 0]}", nor a name or email; '
                f'attached to "{UNASSIGNED_NAME}"',
                ids[person],
            )
    return parent


def _index_of(keys: Any) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for position, key in enumerate(keys):
        if key:
            found.setdefault(key, []).append(position)
    return found


def _row_of(context: _Context, positions: Sequence[int], person: int) -> int:
    return context.table.row_number(positions[person])


def _break_cycles(
    context: _Context,
    positions: Sequence[int],
    ids: list[str],
    parent: np.ndarray[Any, np.dtype[np.int64]],
) -> None:
    """Cut every management loop at its earliest row, which then has no manager."""
    links = np.where(parent == _MISSING, -1, parent)
    _depth, unsettled = depths_or_cycles(links)
    if not unsettled.any():
        return
    for cycle in find_cycles(links, unsettled):
        head = cycle[0]
        loop = " -> ".join(ids[member] for member in [*cycle, head])
        context.add(
            FindingKind.CYCLE,
            _row_of(context, positions, head),
            context.mapping.manager,
            f"management loop {loop}; broken by removing the link {ids[head]} -> "
            f"{ids[int(parent[head])]}, so {ids[head]} now has no manager",
            *(ids[member] for member in cycle),
        )
        parent[head] = -1


# Headers of a column that holds the date someone left, after normalise_header().
_END_DATE_HEADERS = frozenset(
    (
        "enddate",
        "terminationdate",
        "leavingdate",
        "leavedate",
        "dateleft",
        "exitdate",
        "leftdate",
        "employmentenddate",
        "contractenddate",
    )
)


def _report_managers_who_left(
    context: _Context,
    rows: Sequence[Row],
    positions: Sequence[int],
    ids: list[str],
    parent: np.ndarray[Any, np.dtype[np.int64]],
) -> None:
    """Flag people whose manager's row has an end date: HR histories keep leavers' rows.

    Nothing is moved (the sheet says who they report to), but the planner should know that
    the person holding them up has left.
    """
    column = next(
        (
            c
            for c, header in enumerate(context.headers)
            if normalise_header(header) in _END_DATE_HEADERS
            and c not in context.mapping.used_columns()
        ),
        None,
    )
    if column is None or context.mapping.manager is None:
        return
    ended = np.array([not is_null_marker(text) for text in _text_column(rows, column)])
    reports = np.flatnonzero((parent >= 0) & ended[parent.clip(min=0)])
    for person in reports.tolist():
        manager = int(parent[person])
        left_on = cell_text(rows[manager][column])
        context.add(
            FindingKind.MANAGER_HAS_LEFT,
            context.table.row_number(positions[person]),
            context.mapping.manager,
            f'manager "{ids[manager]}" of "{ids[person]}" left on {left_on} (column '
            f'"{context.headers[column]}", {context.row_word} '
            f"{_row_of(context, positions, manager)}); "
            "kept as their manager",
            ids[person],
            ids[manager],
        )


def _report_several_roots(
    context: _Context,
    positions: Sequence[int],
    ids: list[str],
    roots: np.ndarray[Any, np.dtype[np.int64]],
    n: int,
) -> None:
    people = [int(root) for root in roots if root < n]
    if len(people) < 2 or context.mapping.manager is None:
        return  # only the Unassigned group beside one root, or nothing says who reports
    others = len(people) - 1
    for person in people:
        context.add(
            FindingKind.SEVERAL_ROOTS,
            _row_of(context, positions, person),
            context.mapping.manager,
            f'"{ids[person]}" has no manager, like {others} other '
            f"{'person' if others == 1 else 'people'}; all are placed under a synthetic "
            f'"{ROOT_NAME}" root',
            ids[person],
        )
