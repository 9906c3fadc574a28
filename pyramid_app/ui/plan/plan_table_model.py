"""The plan table's Qt model: the rows a filter lets through, in the order chosen.

The work is in :mod:`pyramid_app.ui.plan.plan_table_rows` (numpy keys, no Qt); this model maps
shown rows to stored ones, and follows the project: an edit moves, inserts or removes just the
rows it touched, a large one resets the model.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from pyramid_app.model.commands import Command, edit_commitment
from pyramid_app.model.plan import Commitment, Status
from pyramid_app.model.project import Change, Project
from pyramid_app.ui.dates import short_date
from pyramid_app.ui.plan.plan_table_rows import (
    EDITABLE,
    TITLES,
    Col,
    IntArray,
    PlanFilter,
    PlanRows,
)
from pyramid_app.ui.undo import failure_message

__all__ = ["EDITABLE", "TITLES", "Col", "PlanFilter", "PlanRows", "PlanTableModel"]

Index = QModelIndex | QPersistentModelIndex
# Past this many commitments in one edit, a reset is cheaper (and clearer) than row by row.
RESET_ABOVE = 50
_DISPLAY = Qt.ItemDataRole.DisplayRole.value
_EDIT = Qt.ItemDataRole.EditRole.value
_TOOLTIP = Qt.ItemDataRole.ToolTipRole.value
_FOREGROUND = Qt.ItemDataRole.ForegroundRole.value
_ROLES = frozenset((_DISPLAY, _EDIT, _TOOLTIP, _FOREGROUND, Qt.ItemDataRole.UserRole.value))
_TIPPED = frozenset((Col.TEXT.value, Col.NOTE.value, Col.SERVES.value))


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
        rows = PlanRows()
        rows.build(project)
        self.take_rows(project, rows)

    def take_rows(self, project: Project | None, rows: PlanRows) -> None:
        """Show ``rows``, built for ``project`` as it is now (ahead of time, a slice at a time
        while the window was idle: :mod:`pyramid_app.ui.plan.plan_table_follow`)."""
        self.beginResetModel()
        self.project = project
        self.rows = rows
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
        # Asked a dozen times per visible cell at every paint, mostly for roles it has nothing
        # for: those are answered before anything is looked up.
        if role not in _ROLES or not index.isValid():
            return None
        column = index.column()
        row = int(self.shown[index.row()])
        if role == _DISPLAY:
            return self.rows.cells[column][row]
        if role == _EDIT:
            return self._edit_value(Col(column), self.rows.commitments[row])
        if role == _TOOLTIP:
            return self.rows.cells[column][row] or None if column in _TIPPED else None
        if role == _FOREGROUND:
            return self._foreground(Col(column), self.rows.commitments[row])
        return self.rows.commitments[row].id  # UserRole

    @staticmethod
    def _edit_value(column: Col, commitment: Commitment) -> Any:
        if column == Col.DUE:
            due = commitment.due
            return QDate(due.year, due.month, due.day) if due else QDate()
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
        if index.isValid() and index.column() in EDITABLE:
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
        except ValueError as error:  # what was typed is not a value of the field
            self.edit_refused.emit(f"{commitment.id} was not changed: {error}")
            return False
        if new == getattr(commitment, field):
            return False
        try:
            command = edit_commitment(self.project, commitment.id, **{field: new})
        except Exception as error:  # sorted by failure_message's policy
            self.edit_refused.emit(failure_message(f"{commitment.id} was not changed", error))
            return False
        return self.push(command)


def _typed_date(text: str) -> dt.date:
    """A date typed as the window shows dates (the system's short date) or as 2025-03-31;
    a two-digit year is the one within fifty years of today."""
    century_from = QDate.currentDate().year() - 50
    day = QLocale().toDate(text, QLocale.FormatType.ShortFormat, century_from)
    if day.isValid():
        return dt.date(day.year(), day.month(), day.day())
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        example = short_date(dt.date(2025, 3, 31))
        raise ValueError(f"{text!r} is not a date like {example}") from None


def _from_editor(field: str, value: Any) -> Any:
    """A cell editor's value as the commitment field holds it."""
    if field == "due":
        if isinstance(value, QDate):
            return value.toPython() if value.isValid() else None
        if value in (None, ""):
            return None
        if isinstance(value, dt.date):
            return value
        return _typed_date(str(value).strip())
    if field == "status":
        try:
            return Status(str(value).strip().lower())
        except ValueError:
            names = ", ".join(status.value for status in Status)
            raise ValueError(f"{value!r} is not a status ({names})") from None
    return str(value).strip()
