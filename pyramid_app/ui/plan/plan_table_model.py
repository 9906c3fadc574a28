"""The plan table's model: one row per commitment, sorted and filtered over numpy arrays.

A table of 100,000 commitments must sort and filter in well under 100 ms, so nothing here asks
Qt for cells: :class:`PlanRows` keeps every column as a list of display strings, computes sort
keys (numbers, or ranks of the case-folded text) and filter masks with numpy only when they are
first needed, and the Qt model maps the rows it shows to those columns. An edit in the project
moves, inserts or removes just the rows it touched; a large edit resets the model.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

import numpy as np
import numpy.typing as npt
from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from pyramid_app.model.commands import Command, PlanError, edit_commitment
from pyramid_app.model.plan import Commitment, Status
from pyramid_app.model.project import Change, Project

IntArray = npt.NDArray[np.int64]
Index = QModelIndex | QPersistentModelIndex


class Col(IntEnum):
    ID = 0
    MANAGER = 1
    MANAGER_ID = 2
    LEVEL = 3
    DEPARTMENT = 4
    LOCATION = 5
    PRACTICE = 6
    TEXT = 7
    SERVES = 8
    MEASURE = 9
    CADENCE = 10
    DUE = 11
    STATUS = 12
    NOTE = 13
    CHANGED = 14


TITLES = {
    Col.ID: "Id",
    Col.MANAGER: "Manager",
    Col.MANAGER_ID: "Manager id",
    Col.LEVEL: "Level",
    Col.DEPARTMENT: "Department",
    Col.LOCATION: "Location",
    Col.PRACTICE: "Practice",
    Col.TEXT: "Commitment",
    Col.SERVES: "Serves",
    Col.MEASURE: "Measure",
    Col.CADENCE: "Cadence",
    Col.DUE: "Due",
    Col.STATUS: "Status",
    Col.NOTE: "Last note",
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
NUMERIC = (Col.ID, Col.LEVEL, Col.DUE, Col.STATUS, Col.CHANGED)
STATUS_ORDER = {status: i for i, status in enumerate(Status)}
NO_DUE = 99_999_999  # sorts after every date
SERVES_ALL = "all direct reports"
# Past this many commitments in one edit, a reset is cheaper (and clearer) than row by row.
RESET_ABOVE = 50


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
        self._reset()
        if project is None:
            return
        commitments = sorted(project.plan, key=_number)
        self.commitments = commitments
        self.cells, self.numbers, self.haystack = self._columns(project, commitments)
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
                    int(chart.depth[node]),
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
        cells[Col.DUE] = [c.due.isoformat() if c.due else "" for c in cs]
        cells[Col.STATUS] = [c.status.value for c in cs]
        cells[Col.NOTE] = [f"{n.on.isoformat()} {n.text}" if n else "" for n in notes]
        cells[Col.CHANGED] = [_local_minute(seconds) for seconds in changed]
        numbers = {
            Col.ID: [_number(c) for c in cs],
            Col.LEVEL: [m.level for m in managers],
            Col.DUE: [c.due.toordinal() if c.due else NO_DUE for c in cs],
            Col.STATUS: [STATUS_ORDER[c.status] for c in cs],
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
        for key, values in numbers.items():
            if self.numbers[key][row] != values[0]:
                self.numbers[key][row] = values[0]
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


def _local_minute(seconds: int) -> str:
    """A UTC moment (seconds since 1970) as local "YYYY-MM-DD HH:MM"."""
    t = dt.datetime.fromtimestamp(seconds)
    return f"{t.year:04d}-{t.month:02d}-{t.day:02d} {t.hour:02d}:{t.minute:02d}"


_EPOCH = dt.datetime(1970, 1, 1)
_SECOND = dt.timedelta(seconds=1)


class PlanTableModel(QAbstractTableModel):
    """The commitments of a project, filtered and sorted; cell edits become commands.

    ``push`` is ``window.push``: the edit goes through the undo stack, and the row changes when
    the project says it did (:meth:`apply_change`), never before.
    """

    edit_refused = Signal(str)  # a cell edit that makes no sense (empty text...)
    contents_changed = Signal()  # rows added, removed or changed, or a new project

    def __init__(
        self, push: Callable[[Command], bool] | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.push = push
        self.project: Project | None = None
        self.rows = PlanRows()
        self.shown: IntArray = np.zeros(0, dtype=np.int64)
        self.plan_filter = PlanFilter()
        self.sort_column = Col.ID
        self.sort_order = Qt.SortOrder.AscendingOrder

    # -- what is shown ---------------------------------------------------------------------

    @property
    def total(self) -> int:
        return len(self.rows)

    def set_project(self, project: Project | None) -> None:
        self.beginResetModel()
        self.project = project
        self.rows.build(project)
        self._reorder()
        self.endResetModel()
        self.contents_changed.emit()

    def set_filter(self, plan_filter: PlanFilter) -> None:
        if plan_filter == self.plan_filter:
            return
        self.beginResetModel()
        self.plan_filter = plan_filter
        self._reorder()
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Reorder the rows shown; selections and the current cell follow their rows."""
        if not 0 <= column < len(Col):
            return
        self.layoutAboutToBeChanged.emit()
        self.sort_column, self.sort_order = Col(column), order
        before = self.persistentIndexList()
        rows = [int(self.shown[index.row()]) for index in before]
        self._reorder()
        position = self._positions()
        after = [
            self.index(int(position[row]), index.column())
            for row, index in zip(rows, before, strict=True)
        ]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    def _reorder(self) -> None:
        descending = self.sort_order == Qt.SortOrder.DescendingOrder
        matching = self.rows.matching(self.plan_filter)
        self.shown = self.rows.sort_rows(matching, self.sort_column, descending)

    def _positions(self) -> IntArray:
        """The shown row of every stored row, -1 where it is filtered out."""
        position = np.full(len(self.rows), -1, dtype=np.int64)
        position[self.shown] = np.arange(self.shown.shape[0])
        return position

    def commitment_at(self, row: int) -> Commitment:
        return self.rows.commitments[int(self.shown[row])]

    def rows_of(self, commitment_ids: Iterable[str]) -> list[int]:
        """Shown rows of these commitments, skipping any that are not shown."""
        position = self._positions()
        found = (self.rows.row_of.get(i) for i in commitment_ids)
        return [int(position[r]) for r in found if r is not None and position[r] >= 0]

    def row_of(self, commitment_id: str) -> int | None:
        rows = self.rows_of([commitment_id])
        return rows[0] if rows else None

    # -- following the project ------------------------------------------------------------

    def apply_change(self, project: Project, change: Change) -> None:
        """Show what an edit changed: rows in, out, moved to their sorted place, or redrawn."""
        if project is not self.project or change.org or len(change.commitments) > RESET_ABOVE:
            self.set_project(project)
            return
        if not change.commitments:
            return
        plan, rows = project.plan, self.rows
        ids = sorted(change.commitments)
        gone = [rows.row_of[i] for i in ids if i in rows.row_of and i not in plan]
        if gone:
            self._remove_rows(gone)
        for commitment_id in ids:
            commitment = plan.get(commitment_id)
            if commitment is None:
                continue
            row = rows.row_of.get(commitment_id)
            if row is None:
                row = rows.append(project, commitment)
                if rows.accepts(row, self.plan_filter):
                    self._insert(row)
            else:
                rows.replace(project, row, commitment)
                self._replace(row)
        self.contents_changed.emit()

    def _remove_rows(self, stored: list[int]) -> None:
        position = self._positions()
        for shown in sorted((int(position[r]) for r in stored if position[r] >= 0), reverse=True):
            self.beginRemoveRows(QModelIndex(), shown, shown)
            self.shown = np.delete(self.shown, shown)
            self.endRemoveRows()
        moved = self.rows.remove(stored)
        self.shown = moved[self.shown]

    def _insert(self, row: int) -> None:
        at = self._place(row, self.shown)
        self.beginInsertRows(QModelIndex(), at, at)
        self.shown = np.insert(self.shown, at, row)
        self.endInsertRows()

    def _replace(self, row: int) -> None:
        hits = np.flatnonzero(self.shown == row)
        wanted = self.rows.accepts(row, self.plan_filter)
        if hits.shape[0] == 0:
            if wanted:
                self._insert(row)
            return
        current = int(hits[0])
        if not wanted:
            self.beginRemoveRows(QModelIndex(), current, current)
            self.shown = np.delete(self.shown, current)
            self.endRemoveRows()
            return
        others = np.delete(self.shown, current)
        at = self._place(row, others)
        if at != current:
            # Qt counts the destination before the row leaves its old place.
            self.beginMoveRows(QModelIndex(), current, current, QModelIndex(), at + (at > current))
            self.shown = np.insert(others, at, row)
            self.endMoveRows()
        self.dataChanged.emit(self.index(at, 0), self.index(at, len(Col) - 1))

    def _place(self, row: int, shown: IntArray) -> int:
        """Where ``row`` goes among ``shown`` in the current order (a binary search)."""
        rows, column = self.rows, self.sort_column
        descending = self.sort_order == Qt.SortOrder.DescendingOrder
        numbers = rows.numbers[Col.ID]
        value, number = rows.sort_value(row, column), numbers[row]
        low, high = 0, shown.shape[0]
        while low < high:
            middle = (low + high) // 2
            other = int(shown[middle])
            other_value = rows.sort_value(other, column)
            if other_value == value:
                before = numbers[other] < number
            else:
                before = (other_value > value) if descending else (other_value < value)
            if before:
                low = middle + 1
            else:
                high = middle
        return low

    # -- Qt's side -------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else int(self.shown.shape[0])

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Col)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return TITLES[Col(section)]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = Col(index.column())
        row = int(self.shown[index.row()])
        if role == Qt.ItemDataRole.DisplayRole:
            return self.rows.cells[column][row]
        if role == Qt.ItemDataRole.EditRole:
            return self._edit_value(column, self.rows.commitments[row])
        if role == Qt.ItemDataRole.ToolTipRole and column in (Col.TEXT, Col.NOTE, Col.SERVES):
            return self.rows.cells[column][row] or None
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(column, self.rows.commitments[row])
        if role == Qt.ItemDataRole.UserRole:
            return self.rows.commitments[row].id
        return None

    @staticmethod
    def _edit_value(column: Col, commitment: Commitment) -> Any:
        if column == Col.DUE:
            return QDate(commitment.due) if commitment.due else QDate()
        if column == Col.STATUS:
            return commitment.status.value
        field = EDITABLE.get(column)
        return getattr(commitment, field) if field else None

    @staticmethod
    def _foreground(column: Col, commitment: Commitment) -> QBrush | None:
        if commitment.status is Status.DROPPED:
            return QBrush(QColor("#8a949e"))
        if column == Col.DUE and commitment.is_overdue(dt.date.today()):
            return QBrush(QColor("#c0392b"))
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and Col(index.column()) in EDITABLE:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """A cell edit: the same ``edit_commitment`` command as the panel, through ``push``."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self.project is None:
            return False
        field = EDITABLE.get(Col(index.column()))
        if field is None or self.push is None:
            return False
        commitment = self.commitment_at(index.row())
        try:
            new = _from_editor(field, value)
            if new == getattr(commitment, field):
                return False
            command = edit_commitment(self.project, commitment.id, **{field: new})
        except (PlanError, ValueError) as error:
            self.edit_refused.emit(f"{commitment.id} was not changed: {error}")
            return False
        return self.push(command)


def _from_editor(field: str, value: Any) -> Any:
    """A cell editor's value as the commitment field holds it."""
    if field == "due":
        if isinstance(value, QDate):
            return value.toPython() if value.isValid() else None
        if value in (None, ""):
            return None
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            raise ValueError(f"{value!r} is not a date like 2025-03-31") from None
    if field == "status":
        try:
            return Status(str(value).strip().lower())
        except ValueError:
            names = ", ".join(status.value for status in Status)
            raise ValueError(f"{value!r} is not a status ({names})") from None
    return str(value).strip()
