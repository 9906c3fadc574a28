"""Touchpoint needs in the coverage dashboard: which are answered, by whom, and which are not.

One row per need of every segment's touchpoints. The must-needs no active commitment answers
come first, shaded, since those are where the service fails; then every other need in the
order of the customers' day. Clicking a row opens that touchpoint in the journey and lights
its people on the pyramid.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pyramid_app.model.customers import Importance, Need
from pyramid_app.model.needs_coverage import NeedsCoverage, needs_coverage
from pyramid_app.model.project import Project

WARNING = QColor("#b35900")
MUST_OPEN = QColor("#fde3c8")  # the shade of a must-need nobody answers
# Kind and importance share a column and the segment is in the tooltip: room for the words.
COLUMNS = ("Need", "Kind", "Touchpoint", "Answered by")
ANSWERED_COLUMN = 3
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class NeedLine:
    """One row: a need, where it is, and the managers whose commitments answer it."""

    segment: str
    touchpoint_id: str
    touchpoint: str
    need: Need
    answered_by: tuple[str, ...]  # managers' names, in commitment order

    @property
    def answered(self) -> bool:
        return bool(self.answered_by)

    @property
    def must_open(self) -> bool:
        return not self.answered and self.need.importance is Importance.MUST


def need_lines(project: Project, coverage: NeedsCoverage) -> list[NeedLine]:
    """Every need, unanswered must-needs first, each part in the map's order."""
    lines = []
    for need_id, place in coverage.places.items():
        names: list[str] = []
        for commitment_id in coverage.answered_by.get(need_id, ()):
            commitment = project.plan.get(commitment_id)
            if commitment is not None:
                name = project.display_name(commitment.manager_id)
                if name not in names:
                    names.append(name)
        lines.append(
            NeedLine(
                place.segment.name, place.touchpoint.id, place.touchpoint.name, place.need,
                tuple(names),
            )
        )  # fmt: skip
    return sorted(lines, key=lambda line: not line.must_open)  # stable: map order within


def needs_summary(coverage: NeedsCoverage | None) -> str:
    if coverage is None:
        return "<i>Open a project to see its touchpoint needs.</i>"
    tally = coverage.overall
    if tally.total == 0:
        return (
            "<b>Touchpoint needs</b>: none yet. Click a customer segment in the top band to "
            "walk through its day, or run the workshop (View > Workshop)."
        )
    text = f"<b>Touchpoint needs answered: {tally.answered} of {tally.total}</b>"
    if tally.must_total:
        text += f" · must-needs: {tally.must_answered} of {tally.must_total}"
    if tally.must_unanswered:
        text += (
            f" · <span style='color:{WARNING.name()}'><b>{tally.must_unanswered} "
            f"must-need{'s' if tally.must_unanswered != 1 else ''} open</b></span>"
        )
    return text


class NeedsModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[NeedLine] = []
        self._bold = QFont()
        self._bold.setBold(True)

    def show_lines(self, lines: list[NeedLine]) -> None:
        self.beginResetModel()
        self.lines = lines
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self.lines[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(line, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            answered = ", ".join(line.answered_by) if line.answered else "nobody yet"
            return (
                f"{line.need.text}\n{line.need.kind.value} · {line.need.importance.value} · "
                f"{line.touchpoint} ({line.segment})\nAnswered by: {answered}"
            )
        if role == Qt.ItemDataRole.BackgroundRole and line.must_open:
            return QBrush(MUST_OPEN)
        unanswered = column == ANSWERED_COLUMN and not line.answered
        if role == Qt.ItemDataRole.ForegroundRole and unanswered:
            return QBrush(WARNING)
        if role == Qt.ItemDataRole.FontRole and line.must_open and column in (0, ANSWERED_COLUMN):
            return self._bold
        return None

    @staticmethod
    def _text(line: NeedLine, column: int) -> str:
        if column == 0:
            return line.need.text
        if column == 1:
            return f"{line.need.importance.value} · {line.need.kind.value}"
        if column == 2:
            return line.touchpoint
        return ", ".join(line.answered_by) if line.answered else "not answered"


class NeedsTable(QWidget):
    """The dashboard's needs part; ``touchpoint_chosen`` is called with a row's touchpoint id."""

    def __init__(
        self, project_of: Callable[[], Project | None], touchpoint_chosen: Callable[[str], None]
    ) -> None:
        super().__init__()
        self.project_of = project_of
        self.touchpoint_chosen = touchpoint_chosen
        self.coverage: NeedsCoverage | None = None
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.model = NeedsModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 6)
        # The need's words take what is left; where and who get a fixed share, cut short
        # with an ellipsis (the tooltip has everything).
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        width = self.table.fontMetrics().horizontalAdvance("x") * 22
        self.table.setColumnWidth(2, width)
        self.table.setColumnWidth(3, width)
        self.table.clicked.connect(self._chosen)
        self.table.activated.connect(self._chosen)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.setSpacing(3)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        self.refresh()

    def refresh(self) -> None:
        project = self.project_of()
        self.coverage = needs_coverage(project) if project is not None else None
        self.summary.setText(needs_summary(self.coverage))
        lines = need_lines(project, self.coverage) if project and self.coverage else []
        self.model.show_lines(lines)
        self.table.setVisible(bool(lines))

    def tab_title(self) -> str:
        """ "Touchpoint needs · 6 must open" for the dashboard's tab."""
        tally = self.coverage.overall if self.coverage is not None else None
        if tally is None or tally.total == 0:
            return "Touchpoint needs"
        if tally.must_unanswered:
            return f"Touchpoint needs · {tally.must_unanswered} must open"
        return f"Touchpoint needs · {tally.answered} of {tally.total} answered"

    def _chosen(self, index: QModelIndex) -> None:
        if index.isValid() and index.row() < len(self.model.lines):
            self.touchpoint_chosen(self.model.lines[index.row()].touchpoint_id)
