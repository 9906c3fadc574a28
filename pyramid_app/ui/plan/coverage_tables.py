"""The dashboard's two tables: served share per department (or location), and the gaps.

Both are small read-only models refilled from a coverage snapshot: a department table of a
large organisation has a few hundred rows, the gaps list twenty, so a reset per edit is cheap.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from pyramid_app.model.coverage import Coverage, ManagerState
from pyramid_app.model.coverage_report import break_words

GAPS_SHOWN = 20

Index = QModelIndex | QPersistentModelIndex
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)  # figures
# The roles the two models answer.
_ROLES = frozenset(
    role.value
    for role in (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.ToolTipRole,
    )
)


class ShareRow(NamedTuple):
    value: str
    served: int
    total: int

    @property
    def share(self) -> float:
        return self.served / self.total if self.total else 0.0


class ShareModel(QAbstractTableModel):
    """Front line served per value of a column, worst share first."""

    HEADERS = ("", "Served", "Front line", "Share")

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[ShareRow] = []
        self.title = "Department"

    def show_rows(self, title: str, rows: list[tuple[str, int, int]]) -> None:
        self.beginResetModel()
        self.title = title
        shares = [ShareRow(*row) for row in rows]
        # Worst first, and among equal shares the largest group first: where to look.
        self.rows = sorted(shares, key=lambda row: (row.share, -row.total, row.value.casefold()))
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.title if section == 0 else self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ROLES or not index.isValid():
            return None  # most of what a view asks at each paint, answered at once
        row, column = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.value or "(none)", f"{row.served:,}", f"{row.total:,}", f"{row.share:.0%}")[
                column
            ]
        if role == Qt.ItemDataRole.TextAlignmentRole and column > 0:
            return _RIGHT
        if role == Qt.ItemDataRole.ToolTipRole:
            return (
                f"{row.value or '(none)'}: {row.served:,} of {row.total:,} front-line people "
                f"served ({row.share:.0%})"
            )
        return None


class GapRow(NamedTuple):
    person_id: str
    name: str
    level: int
    unserved: int
    reason: str


def gap_rows(coverage: Coverage, limit: int = GAPS_SHOWN) -> list[GapRow]:
    """The managers to talk to first, with why each one is a gap."""
    chart = coverage.chart
    rows = []
    for gap in coverage.gaps(limit):
        node = gap.manager_index
        if coverage.manager_state[node] == ManagerState.NONE:
            reason = "no active commitment"
        else:
            reports = chart.children(node)
            reached = int(np.count_nonzero(coverage.link_served[reports]))
            reason = f"commitments reach {reached:,} of {reports.shape[0]:,} direct reports"
        name = chart.names[node] or gap.manager_id
        rows.append(GapRow(gap.manager_id, name, gap.depth, gap.unserved_count, reason))
    # Then where the chain breaks for the front line not connected to the chief executive:
    # no commitment mends that, the data does.
    for part in coverage.breaks()[: max(0, limit - len(rows))]:
        node = part.top_index
        reason = break_words(chart, node)
        if chart.real[node]:
            reason = "not connected: no manager in the file"
        else:
            reason = f"not connected: {reason}"
        name = chart.names[node] or part.top_id
        rows.append(GapRow(part.top_id, name, -1, part.front_line, reason))
    return rows


class GapsModel(QAbstractTableModel):
    """The managers whose missing commitment leaves the most front-line people unserved."""

    HEADERS = ("Manager", "Id", "Level", "Unserved", "Why")

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[GapRow] = []

    def show_rows(self, rows: list[GapRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def person_at(self, row: int) -> str:
        return self.rows[row].person_id

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ROLES or not index.isValid():
            return None
        row, column = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            level = str(row.level) if row.level >= 0 else ""
            return (row.name, row.person_id, level, f"{row.unserved:,}", row.reason)[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (2, 3):
            return _RIGHT
        if role == Qt.ItemDataRole.ToolTipRole:
            people = "person" if row.unserved == 1 else "people"
            if row.level < 0:
                return (
                    f"{row.name}: {row.unserved:,} front-line {people} not connected to the "
                    f"chief executive ({row.reason.removeprefix('not connected: ')}). "
                    "Click to select."
                )
            return (
                f"{row.name} ({row.person_id}), level {row.level}: {row.unserved:,} front-line "
                f"{people} unserved here first ({row.reason}). Click to select."
            )
        return None
