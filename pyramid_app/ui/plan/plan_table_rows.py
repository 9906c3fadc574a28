"""The plan table's rows without Qt's models: every commitment as columns of display strings.

Sorting and filtering 100,000 commitments must take well under 100 ms, so nothing asks Qt for
cells: :class:`PlanRows` keeps each column as a list of strings and builds, only when first
needed, integer sort keys (numbers, or ranks of the case-folded text) and arrays to compare
with numpy; an edit drops the keys of the columns it changed. Dates are written once, as the
rows are built, in the system's short format (:mod:`pyramid_app.ui.dates`); the columns that
hold them sort by the date, not by its text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

import numpy as np
import numpy.typing as npt

from pyramid_app.model.plan import Commitment, Status
from pyramid_app.model.project import Project
from pyramid_app.ui.dates import short_date_times, short_dates

IntArray = npt.NDArray[np.int64]


class Col(IntEnum):
    """The columns in the order shown: who, what, when and how far first, so that the due date
    and the status stay in sight on a laptop's screen; the manager's details follow."""

    ID = 0
    MANAGER = 1
    TEXT = 2
    DUE = 3
    STATUS = 4
    PRACTICE = 5
    SERVES = 6
    MEASURE = 7
    CADENCE = 8
    NOTE = 9
    LEVEL = 10
    DEPARTMENT = 11
    LOCATION = 12
    MANAGER_ID = 13
    CHANGED = 14


TITLES = {
    Col.ID: "Id",
    Col.MANAGER: "Manager",
    Col.TEXT: "Commitment",
    Col.DUE: "Due",
    Col.STATUS: "Status",
    Col.PRACTICE: "Practice",
    Col.SERVES: "Serves",
    Col.MEASURE: "Measure",
    Col.CADENCE: "Cadence",
    Col.NOTE: "Last note",
    Col.LEVEL: "Level",
    Col.DEPARTMENT: "Department",
    Col.LOCATION: "Location",
    Col.MANAGER_ID: "Manager id",
    Col.CHANGED: "Changed",
}
# Columns a cell edit changes, and the commitment field it changes (the panel's same command).
EDITABLE = {
    Col.PRACTICE: "practice",
    Col.TEXT: "text",
    Col.MEASURE: "measure",
    Col.CADENCE: "cadence",
    Col.DUE: "due",
    Col.STATUS: "status",
}
# Columns that sort by a number rather than by their text.
NUMERIC = (Col.ID, Col.LEVEL, Col.DUE, Col.STATUS, Col.NOTE, Col.CHANGED)
STATUS_ORDER = {status: i for i, status in enumerate(Status)}
NO_DATE = 99_999_999  # sorts after every date
SERVES_ALL = "all direct reports"
BUILD_CHUNK = 2_000  # commitments built between two pauses (about 10 ms)


@dataclass(frozen=True)
class PlanFilter:
    """Free text (every word must appear in id, manager, text, practice, measure or a note)
    and exact cell values for some columns (an empty mapping shows every row)."""

    text: str = ""
    equals: tuple[tuple[Col, str], ...] = ()

    @property
    def words(self) -> list[str]:
        return self.text.casefold().split()


@dataclass(frozen=True)
class _Manager:
    name: str
    level: int
    department: str
    location: str


class PlanRows:
    """Every commitment of a project as columns of display strings, plus lazily built keys."""

    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        self.commitments: list[Commitment] = []
        self.cells: list[list[str]] = [[] for _ in Col]
        self.numbers: dict[Col, list[int]] = {column: [] for column in NUMERIC}
        self.haystack: list[str] = []  # case-folded searchable text of each row
        self.row_of: dict[str, int] = {}
        self._keys: dict[Col, IntArray] = {}
        self._arrays: dict[Col, npt.NDArray[np.object_]] = {}
        self._managers: dict[str, _Manager] = {}

    def __len__(self) -> int:
        return len(self.commitments)

    # -- building --------------------------------------------------------------------------

    def build(self, project: Project | None) -> None:
        for _ in self.building(project, chunk=0):
            pass

    def building(self, project: Project | None, chunk: int = BUILD_CHUNK) -> Iterator[None]:
        """:meth:`build` ``chunk`` commitments at a time (all at once for 0), pausing between
        chunks so the window can go on. The rows are whole only once it is exhausted, and they
        are the project's only if the plan did not change meanwhile (the caller's to check)."""
        self._reset()
        if project is None:
            return
        commitments = sorted(project.plan, key=_number)
        step = chunk if chunk > 0 else max(len(commitments), 1)
        for start in range(0, len(commitments), step):
            if start:
                yield
            part = commitments[start : start + step]
            cells, numbers, haystack = self._columns(project, part)
            for column, values in zip(self.cells, cells, strict=True):
                column.extend(values)
            for key, sort_numbers in numbers.items():
                self.numbers[key].extend(sort_numbers)
            self.haystack.extend(haystack)
        self.commitments = commitments
        self.row_of = {c.id: i for i, c in enumerate(commitments)}

    def _manager(self, project: Project, manager_id: str) -> _Manager:
        known = self._managers.get(manager_id)
        if known is None:
            try:
                node = project.chart.index_of(manager_id)
            except KeyError:  # left the organisation: the plan keeps them by id
                known = _Manager(manager_id, -1, "", "")
            else:
                chart = project.chart
                known = _Manager(
                    chart.names[node] or manager_id,
                    int(chart.levels[node]),
                    chart.departments[node],
                    chart.locations[node],
                )
            self._managers[manager_id] = known
        return known

    def _columns(
        self, project: Project, cs: list[Commitment]
    ) -> tuple[list[list[str]], dict[Col, list[int]], list[str]]:
        """Cells, sort numbers and searchable text of some commitments, a column at a time."""
        managers = [self._manager(project, c.manager_id) for c in cs]
        name = project.display_name
        notes = [c.last_note for c in cs]
        changed = [(c.changed - _EPOCH) // _SECOND for c in cs]
        cells: list[list[str]] = [[] for _ in Col]
        cells[Col.ID] = [c.id for c in cs]
        cells[Col.MANAGER] = [m.name for m in managers]
        cells[Col.MANAGER_ID] = [c.manager_id for c in cs]
        cells[Col.LEVEL] = [str(m.level) if m.level >= 0 else "" for m in managers]
        cells[Col.DEPARTMENT] = [m.department for m in managers]
        cells[Col.LOCATION] = [m.location for m in managers]
        cells[Col.PRACTICE] = [c.practice for c in cs]
        cells[Col.TEXT] = [c.text for c in cs]
        cells[Col.SERVES] = [
            ", ".join(name(p) for p in c.serves) if c.serves else SERVES_ALL for c in cs
        ]
        cells[Col.MEASURE] = [c.measure for c in cs]
        cells[Col.CADENCE] = [c.cadence for c in cs]
        cells[Col.DUE] = short_dates(c.due for c in cs)
        cells[Col.STATUS] = [c.status.value for c in cs]
        noted = short_dates(n.on if n else None for n in notes)
        cells[Col.NOTE] = [
            f"{on} {n.text}" if n else "" for on, n in zip(noted, notes, strict=True)
        ]
        cells[Col.CHANGED] = short_date_times(map(dt.datetime.fromtimestamp, changed))
        numbers = {
            Col.ID: [_number(c) for c in cs],
            Col.LEVEL: [m.level for m in managers],
            Col.DUE: [c.due.toordinal() if c.due else NO_DATE for c in cs],
            Col.STATUS: [STATUS_ORDER[c.status] for c in cs],
            # The last note sorts by its date, then (ties) by commitment number.
            Col.NOTE: [n.on.toordinal() if n else NO_DATE for n in notes],
            Col.CHANGED: changed,
        }
        haystack = [
            "\x1f".join(
                (
                    c.id,
                    m.name,
                    c.text,
                    c.practice,
                    c.measure,
                    c.owner_note,
                    *(n.text for n in c.notes),
                )
            ).casefold()
            for c, m in zip(cs, managers, strict=True)
        ]
        return cells, numbers, haystack

    def _append(self, project: Project, commitment: Commitment) -> int:
        cells, numbers, haystack = self._columns(project, [commitment])
        row = len(self.commitments)
        self.commitments.append(commitment)
        for column, value in zip(self.cells, cells, strict=True):
            column.append(value[0])
        for key, values in numbers.items():
            self.numbers[key].append(values[0])
        self.haystack.append(haystack[0])
        self.row_of[commitment.id] = row
        return row

    # -- editing ---------------------------------------------------------------------------

    def append(self, project: Project, commitment: Commitment) -> int:
        self._forget_keys()
        return self._append(project, commitment)

    def replace(self, project: Project, row: int, commitment: Commitment) -> None:
        cells, numbers, haystack = self._columns(project, [commitment])
        self.commitments[row] = commitment
        for column, values in zip(Col, cells, strict=True):
            if self.cells[column][row] != values[0]:
                self.cells[column][row] = values[0]
                self._keys.pop(column, None)
                self._arrays.pop(column, None)
        for key, sort_numbers in numbers.items():
            if self.numbers[key][row] != sort_numbers[0]:
                self.numbers[key][row] = sort_numbers[0]
                self._keys.pop(key, None)
        self.haystack[row] = haystack[0]

    def remove(self, rows: Iterable[int]) -> IntArray:
        """Drop rows; return each old row's new index (-1 for the removed ones)."""
        keep = np.ones(len(self), dtype=bool)
        keep[list(rows)] = False
        moved = np.where(keep, np.cumsum(keep) - 1, -1)
        kept = np.flatnonzero(keep).tolist()
        self.commitments = [self.commitments[i] for i in kept]
        self.cells = [[column[i] for i in kept] for column in self.cells]
        self.numbers = {key: [values[i] for i in kept] for key, values in self.numbers.items()}
        self.haystack = [self.haystack[i] for i in kept]
        self.row_of = {c.id: i for i, c in enumerate(self.commitments)}
        self._forget_keys()
        return moved

    def _forget_keys(self) -> None:
        self._keys.clear()
        self._arrays.clear()

    # -- sorting ---------------------------------------------------------------------------

    def sort_key(self, column: Col) -> IntArray:
        """An integer per row that sorts like the column (ranks of the case-folded text)."""
        key = self._keys.get(column)
        if key is None:
            if column in self.numbers:
                key = np.array(self.numbers[column], dtype=np.int64)
            else:
                key = _dense_ranks(self.cells[column])
            self._keys[column] = key
        return key

    def sort_value(self, row: int, column: Col) -> Any:
        """What :meth:`sort_key` orders by, for one row (placing a row without a full sort)."""
        if column in self.numbers:
            return self.numbers[column][row]
        return self.cells[column][row].casefold()

    def sort_rows(self, rows: IntArray, column: Col, descending: bool) -> IntArray:
        """``rows`` ordered by the column, ties by commitment number (ascending either way)."""
        key = self.sort_key(column)[rows]
        numbers = self.sort_key(Col.ID)[rows]
        order = np.lexsort((numbers, -key if descending else key))
        return rows[order]

    # -- filtering -------------------------------------------------------------------------

    def column_array(self, column: Col) -> npt.NDArray[np.object_]:
        array = self._arrays.get(column)
        if array is None:
            array = np.empty(len(self), dtype=object)
            array[:] = self.cells[column]
            self._arrays[column] = array
        return array

    def matching(self, plan_filter: PlanFilter) -> IntArray:
        """Rows the filter lets through, in row order."""
        n = len(self)
        mask: npt.NDArray[np.bool_] | None = None
        for column, value in plan_filter.equals:
            same = self.column_array(column) == value
            mask = same if mask is None else mask & same
        rows = np.arange(n, dtype=np.int64) if mask is None else np.flatnonzero(mask)
        haystack = self.haystack
        for word in plan_filter.words:
            if rows.shape[0] == n:
                found = np.fromiter((word in text for text in haystack), dtype=bool, count=n)
            else:
                found = np.fromiter(
                    (word in haystack[i] for i in rows.tolist()), dtype=bool, count=rows.shape[0]
                )
            rows = rows[found]
        return rows

    def accepts(self, row: int, plan_filter: PlanFilter) -> bool:
        """The same test as :meth:`matching`, for one row."""
        if any(self.cells[column][row] != value for column, value in plan_filter.equals):
            return False
        return all(word in self.haystack[row] for word in plan_filter.words)

    def values_of(self, column: Col) -> list[str]:
        """The distinct values of a column, in the column's sort order."""
        values = set(self.cells[column])
        if column in self.numbers:
            rank = {v: n for v, n in zip(self.cells[column], self.numbers[column], strict=True)}
            return sorted(values, key=lambda v: (rank[v], v))
        return sorted(values, key=lambda v: (v.casefold(), v))


def _dense_ranks(values: list[str]) -> IntArray:
    """Ranks in case-folded order; values equal once case-folded share a rank."""
    n = len(values)
    distinct = set(values)
    if 2 * len(distinct) < n:
        # Columns such as the manager or the department repeat a few thousand values over
        # 100,000 rows: sort those and look each row up.
        rank_of: dict[str, int] = {}
        previous, rank = None, -1
        for folded, value in sorted((value.casefold(), value) for value in distinct):
            if folded != previous:
                previous, rank = folded, rank + 1
            rank_of[value] = rank
        return np.fromiter(map(rank_of.__getitem__, values), dtype=np.int64, count=n)
    # Mostly unique text: one sort of the row indexes, then equal neighbours share a rank.
    folded_values = [value.casefold() for value in values]
    order = np.array(sorted(range(n), key=folded_values.__getitem__), dtype=np.int64)
    in_order = np.empty(n, dtype=object)
    in_order[:] = folded_values
    in_order = in_order[order]
    steps = in_order[1:] != in_order[:-1]
    ranks = np.empty(n, dtype=np.int64)
    ranks[order] = np.concatenate(([0], np.cumsum(steps)))[:n]
    return ranks


def _number(commitment: Commitment) -> int:
    """The commitment's number; ids are C-digits (the plan checks them when it stores one)."""
    digits = commitment.id[2:]
    return int(digits) if digits.isdigit() else commitment.number


_EPOCH = dt.datetime(1970, 1, 1)
_SECOND = dt.timedelta(seconds=1)
