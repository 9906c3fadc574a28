"""Rows plus a column mapping become an OrgChart; every repair is written to the report.

The work is columnar: each mapped column is pulled out once with a list comprehension, ids are
resolved through one dict, and the structure checks run on numpy arrays. Python-level loops only
visit the rows that have a problem.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import chain, repeat
from operator import itemgetter
from typing import Any

import numpy as np

from pyramid_app.io.spreadsheet.cells import (
    cell_text,
    column_texts,
    is_null_marker,
    name_key,
    texts_and_numbers,
    whole_numbers,
)
from pyramid_app.io.spreadsheet.mapping import ColumnMapping, normalise_header
from pyramid_app.io.spreadsheet.people_by_name import PeopleByName
from pyramid_app.io.spreadsheet.readers import Row, Table
from pyramid_app.io.spreadsheet.report import Finding, FindingKind, ImportReport
from pyramid_app.model.org import PLACEHOLDER_PREFIX, ROOT_ID, UNASSIGNED_ID, OrgChart
from pyramid_app.model.tree import depths_or_cycles, find_cycles

UNASSIGNED_NAME = "Unassigned"
PLACEHOLDER_TITLE = "not in the file"
ROOT_NAME = "Organisation"
_MISSING = -2  # a manager reference that names nobody (yet)
SHOWN_CANDIDATES = 5  # a finding names this many people at most, then gives the count
SHOWN_LOOP = 12  # a management loop is spelt out up to this many people


class _Context:
    """What every check needs to write a finding at the right cell."""

    def __init__(
        self, table: Table, headers: list[str], mapping: ColumnMapping, report: ImportReport
    ) -> None:
        self.table = table
        self.headers = headers
        self.mapping = mapping
        self.report = report
        self.ids: list[str] = []
        self.names: list[str] = []

    def who(self, person: int, where: str = "") -> str:
        """A person as the report names them: ``David Bradley (7)``, or the id alone; ``where``
        (``line 4``) joins the id in the brackets."""
        person_id = self.ids[person]
        name = self.names[person] if person < len(self.names) else ""
        if name and name != person_id:
            return f"{name} ({person_id}, {where})" if where else f"{name} ({person_id})"
        return f'"{person_id}" ({where})' if where else f'"{person_id}"'

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
    columns = _Columns(body, width)
    # While every row keeps its own id, the ids can be matched as numbers too.
    ids, id_numbers = texts_and_numbers(columns.cells(id_column))
    positions: Sequence[int] = range(first, first + len(body))
    if "" in ids:
        positions, ids = _drop_blank_rows(context, body, positions, ids)
        id_numbers = None
    index = _IdIndex(ids, id_numbers)
    if not index.distinct():
        positions, ids = _resolve_duplicate_ids(context, positions, ids)
        index = _IdIndex(ids, None)
        id_numbers = None
    if len(positions) != len(body):
        rows: Sequence[Row] = [table.rows[position] for position in positions]
        columns = _Columns(rows, width)
    else:
        rows = body

    names = _names(columns, mapping, ids)
    context.ids, context.names = ids, names
    emails = columns.texts(mapping.email)
    parent, groups = _resolve_managers(
        context, columns, positions, ids, index, names, emails, id_numbers
    )
    _break_cycles(context, positions, ids, parent)
    _report_managers_who_left(context, rows, columns, positions, ids, parent)

    n = len(ids)
    chart_ids = ids  # ids, names and the other columns are fresh lists: extend them in place
    extra_names: list[str] = []
    if groups:
        parent = _add_placeholders(context, positions, parent, groups, chart_ids, extra_names, n)
    dangling = np.flatnonzero(parent == _MISSING)
    if dangling.size:
        parent[dangling] = parent.shape[0]
        chart_ids.append(UNASSIGNED_ID)
        extra_names.append(UNASSIGNED_NAME)
        parent = np.append(parent, -1)
    roots = np.flatnonzero(parent == -1)
    if roots.size > 1:
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
        headers[column]: padded(columns.texts(column))
        for column in range(width)
        if column not in used
    }
    chart = OrgChart(
        ids=chart_ids,
        parent=parent,
        names=names,
        # A placeholder's card says what it is where a title would be.
        titles=columns.texts(mapping.title)
        + [PLACEHOLDER_TITLE if i.startswith(PLACEHOLDER_PREFIX) else "" for i in chart_ids[n:]],
        departments=padded(columns.texts(mapping.department)),
        locations=padded(columns.texts(mapping.location)),
        emails=padded(emails),
        synthetic=np.arange(parent.shape[0]) >= n,  # synthetic nodes come after the people
        attributes=attributes,
    )
    if roots.size > 1:
        _report_several_roots(context, positions, chart, roots, n)
    return chart


class _IdIndex:
    """Each id's person, as a dict built only when a text must be looked up: numeric ids
    that grow down the sheet are known to be distinct without it, and are matched as numbers.
    """

    def __init__(self, ids: list[str], numbers: np.ndarray[Any, np.dtype[np.float64]] | None):
        self.ids = ids
        self._numbers = numbers
        self._by_text: dict[str, int] | None = None

    def distinct(self) -> bool:
        numbers = self._numbers
        if numbers is not None and bool(np.all(numbers[1:] > numbers[:-1])):
            return True  # growing numbers (NaN compares false), so no two texts are equal
        return len(self.of_text()) == len(self.ids)

    def of_text(self) -> dict[str, int]:
        if self._by_text is None:
            self._by_text = dict(zip(self.ids, range(len(self.ids)), strict=True))
        return self._by_text


class _Columns:
    """The cells of the rows kept, column by column.

    Every column is read (those not mapped become attributes), so rows of equal length are
    cut into columns at once: chained into one list, then sliced with a stride, which costs
    a third of picking each column out of every row.
    """

    def __init__(self, rows: Sequence[Row], width: int) -> None:
        self.rows = rows
        self._split: list[list[Any]] | None = None
        if width and set(map(len, rows)) == {width}:
            cells = list(chain.from_iterable(rows))
            self._split = [cells[column::width] for column in range(width)]

    def cells(self, column: int) -> list[Any]:
        if self._split is not None:
            return self._split[column]
        return list(map(itemgetter(column), self.rows))  # rows of another length (CSV)

    def texts(self, column: int | None) -> list[str]:
        """The column's cells as text, or blanks for a field no column holds."""
        if column is None:
            return [""] * len(self.rows)
        return column_texts(self.cells(column))


def _names(columns: _Columns, mapping: ColumnMapping, ids: list[str]) -> list[str]:
    if mapping.name is not None and mapping.name != mapping.id:
        return columns.texts(mapping.name)
    if mapping.first_name is not None or mapping.last_name is not None:
        firsts = columns.texts(mapping.first_name)
        lasts = columns.texts(mapping.last_name)
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
    next_suffix: dict[str, int] = {}
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
        # Counting on from the last suffix given keeps 50,000 repeats of one id linear.
        suffix = next_suffix.get(person_id, 2)
        while f"{person_id} ({suffix})" in taken:
            suffix += 1
        next_suffix[person_id] = suffix + 1
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
    columns: _Columns,
    positions: Sequence[int],
    ids: list[str],
    index: _IdIndex,
    names: list[str],
    emails: list[str],
    id_numbers: np.ndarray[Any, np.dtype[np.float64]] | None = None,
) -> tuple[np.ndarray[Any, np.dtype[np.int64]], list[tuple[str, list[int]]]]:
    """Parent index per person (-1 for no manager, ``_MISSING`` where nobody matches), and
    the managers not in the file that several people name: (name as written, those people).

    ``id_numbers`` are the ids as numbers, per person (NaN for the others): numeric manager
    cells are then matched as numbers, and only the rest as text.
    """
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
        return np.full(n, -1, dtype=np.int64), []
    cells = columns.cells(column)
    numbers = whole_numbers(cells) if id_numbers is not None else None
    if id_numbers is None or numbers is None:
        references = column_texts(cells)
        find = index.of_text().get
        parent = np.array(list(map(find, references, repeat(_MISSING))), dtype=np.int64)
        reference_of: Callable[[int], str] = references.__getitem__
    else:
        parent = _match_numbers(numbers, id_numbers)
        reference_of = _texts_of(cells)
        for person in np.flatnonzero(parent == _MISSING).tolist():
            reference = reference_of(person)
            if reference:  # no id is blank: the top manager's empty cell needs no index
                parent[person] = index.of_text().get(reference, _MISSING)  # a text id
    parent[parent == np.arange(n)] = -1  # a self-reference means "no manager"
    unresolved = np.flatnonzero(parent == _MISSING).tolist()
    if not unresolved:
        return parent, []
    people: PeopleByName | None = None
    not_found: dict[str, list[int]] = {}
    for person in unresolved:
        reference = reference_of(person)
        if is_null_marker(reference):
            parent[person] = -1
            continue
        if people is None:
            people = PeopleByName(names, emails)
        matches = people.matches(reference)
        if len(matches) == 1:
            parent[person] = -1 if matches[0] == person else matches[0]  # named themself
        elif matches:
            _report_ambiguous(context, positions, person, reference, matches)
        else:
            not_found.setdefault(name_key(reference), []).append(person)
    groups: list[tuple[str, list[int]]] = []
    for members in not_found.values():
        if len(members) > 1:
            groups.append((reference_of(members[0]), members))
            continue
        person = members[0]
        context.add(
            FindingKind.MANAGER_NOT_FOUND,
            context.table.row_number(positions[person]),
            column,
            f'manager "{reference_of(person)}" of {context.who(person)} is not an id in column '
            f'"{context.headers[context.mapping.id or 0]}", nor a name or email; '
            f'kept apart under "{UNASSIGNED_NAME}", not connected to the chief executive',
            ids[person],
        )
    return parent, groups


def _match_numbers(
    numbers: np.ndarray[Any, np.dtype[np.float64]],
    id_numbers: np.ndarray[Any, np.dtype[np.float64]],
) -> np.ndarray[Any, np.dtype[np.int64]]:
    """The person whose id is each number, or ``_MISSING`` (NaN matches nobody)."""
    people = np.flatnonzero(~np.isnan(id_numbers))
    if not people.size:
        return np.full(numbers.shape[0], _MISSING, dtype=np.int64)
    keys = id_numbers[people]
    if not bool(np.all(keys[1:] > keys[:-1])):  # ids usually grow down the sheet: no sort then
        order = np.argsort(keys, kind="stable")
        people, keys = people[order], keys[order]
    slot = np.minimum(np.searchsorted(keys, numbers), keys.shape[0] - 1)
    return np.where(keys[slot] == numbers, people[slot], _MISSING).astype(np.int64)


def _texts_of(cells: list[Any]) -> Callable[[int], str]:
    """The text of one cell at a time, for the few that need it."""
    return lambda person: cell_text(cells[person])


def _report_ambiguous(
    context: _Context, positions: Sequence[int], person: int, reference: str, matches: list[int]
) -> None:
    shown = matches[:SHOWN_CANDIDATES]
    candidates = ", ".join(
        context.who(m, f"{context.row_word} {_row_of(context, positions, m)}") for m in shown
    )
    more = len(matches) - len(shown)
    if more:
        candidates += f" and {more:,} more"
    context.add(
        FindingKind.AMBIGUOUS_MANAGER,
        context.table.row_number(positions[person]),
        context.mapping.manager,
        f'manager "{reference}" of {context.who(person)} matches {len(matches):,} people: '
        f'{candidates}; kept apart under "{UNASSIGNED_NAME}", not connected to the chief '
        "executive",
        context.ids[person],
        *(context.ids[m] for m in shown),
    )


def _add_placeholders(
    context: _Context,
    positions: Sequence[int],
    parent: np.ndarray[Any, np.dtype[np.int64]],
    groups: list[tuple[str, list[int]]],
    chart_ids: list[str],
    extra_names: list[str],
    n: int,
) -> np.ndarray[Any, np.dtype[np.int64]]:
    """One placeholder person per manager who is not in the file, above the people naming them.

    Placeholders are synthetic nodes (never counted as people) whose id starts with
    :data:`PLACEHOLDER_PREFIX`, so a saved project keeps them without a column of its own.
    """
    taken = set(chart_ids)
    for name, members in groups:
        placeholder_id = f"{PLACEHOLDER_PREFIX}{name})"
        suffix = 2
        while placeholder_id in taken:
            placeholder_id = f"{PLACEHOLDER_PREFIX}{name} {suffix})"
            suffix += 1
        taken.add(placeholder_id)
        slot = n + len(extra_names)
        parent[members] = slot
        chart_ids.append(placeholder_id)
        extra_names.append(name)
        shown = ", ".join(context.who(member) for member in members[:SHOWN_CANDIDATES])
        more = len(members) - SHOWN_CANDIDATES
        if more > 0:
            shown += f" and {more:,} more"
        context.add(
            FindingKind.MANAGER_NOT_IN_FILE,
            _row_of(context, positions, members[0]),
            context.mapping.manager,
            f'manager "{name}" is not in the file (not an id in column '
            f'"{context.headers[context.mapping.id or 0]}", nor a name or email); the '
            f"{len(members):,} people naming them ({shown}) are kept together under a "
            'placeholder marked "not in the file", apart from the pyramid: not connected to '
            "the chief executive",
            placeholder_id,
            *(context.ids[member] for member in members[: SHOWN_CANDIDATES - 1]),
        )
    return np.append(parent, np.full(len(groups), -1, dtype=np.int64))


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
    if bool(np.all(links < np.arange(links.shape[0]))):
        return  # every manager is on an earlier row (or none is named): no loop can close
    _depth, unsettled = depths_or_cycles(links)
    if not unsettled.any():
        return
    for cycle in find_cycles(links, unsettled):
        head = cycle[0]
        spelt = [*cycle, head] if len(cycle) < SHOWN_LOOP else [*cycle[: SHOWN_LOOP - 1]]
        loop = " -> ".join(ids[member] for member in spelt)
        if len(cycle) >= SHOWN_LOOP:
            loop += f" -> ... ({len(cycle):,} people) -> {ids[head]}"
        context.add(
            FindingKind.CYCLE,
            _row_of(context, positions, head),
            context.mapping.manager,
            f"management loop {loop}; broken by removing the link {context.who(head)} -> "
            f"{context.who(int(parent[head]))}, so {context.who(head)} now has no manager",
            *(ids[member] for member in cycle[:SHOWN_LOOP]),
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
    columns: _Columns,
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
    ended = np.array([not is_null_marker(text) for text in columns.texts(column)])
    reports = np.flatnonzero((parent >= 0) & ended[parent.clip(min=0)])
    for person in reports.tolist():
        manager = int(parent[person])
        left_on = cell_text(rows[manager][column])
        context.add(
            FindingKind.MANAGER_HAS_LEFT,
            context.table.row_number(positions[person]),
            context.mapping.manager,
            f"manager {context.who(manager)} of {context.who(person)} left on {left_on} "
            f'(column "{context.headers[column]}", {context.row_word} '
            f"{_row_of(context, positions, manager)}); "
            "kept as their manager",
            ids[person],
            ids[manager],
        )


def _report_several_roots(
    context: _Context,
    positions: Sequence[int],
    chart: OrgChart,
    roots: np.ndarray[Any, np.dtype[np.int64]],
    n: int,
) -> None:
    """A finding for each person without a manager: apart from the chief executive, or one of
    several tops above a synthetic root (the rule is OrgChart.chief's)."""
    people = [int(root) for root in roots if root < n]
    if len(people) < 2 or context.mapping.manager is None:
        return  # only the Unassigned group beside one root, or nothing says who reports
    chief = chart.chief
    others = len(people) - 1
    for person in people:
        if person == chief:
            continue
        if chief is not None:
            message = (
                f"{context.who(person)} has no manager, and the chief executive is "
                f"{context.who(chief)}, who heads far more people; kept apart as not "
                "connected to the chief executive"
            )
        else:
            message = (
                f"{context.who(person)} has no manager, like {others:,} other "
                f"{'person' if others == 1 else 'people'}: several tops, all on level 0, above "
                f'a synthetic "{ROOT_NAME}" root that is not a person'
            )
        context.add(
            FindingKind.SEVERAL_ROOTS,
            _row_of(context, positions, person),
            context.mapping.manager,
            message,
            chart.ids[person],
        )
