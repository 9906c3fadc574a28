"""The import report as a table; choosing a finding selects the person it names."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from pyramid_app.io import ImportResult
from pyramid_app.model.org import OrgChart

MAX_ROWS = 50_000


class FindingsDialog(QDialog):
    """Lists every finding of the import (repairs and notes); ``person_chosen`` carries a chart
    index. Texts from the file are escaped wherever Qt would read them as HTML."""

    person_chosen = Signal(int)

    def __init__(self, result: ImportResult, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.setWindowTitle(f"Import report - {result.path.name}")
        self.resize(900, 420)
        self.chart: OrgChart = result.chart
        findings = result.report.findings
        repairs = len(result.report.repairs())
        noted = len(findings) - repairs
        parts = []
        if repairs:
            parts.append(
                f"{repairs:,} data problem{'s' if repairs != 1 else ''} "
                f"{'was' if repairs == 1 else 'were'} repaired as described"
            )
        if noted:
            parts.append(
                f"{noted:,} finding{'s' if noted != 1 else ''} "
                f"{'is' if noted == 1 else 'are'} noted, with nothing changed"
            )
        notes = "".join(f"<br>{html.escape(note)}" for note in result.report.notes)
        intro = QLabel(
            f"In <b>{html.escape(result.path.name)}</b>, {' and '.join(parts) or 'nothing'}. "
            f"Click a row to select the person it names.{notes}"
        )
        intro.setTextFormat(Qt.TextFormat.RichText)
        intro.setWordWrap(True)
        self.table = QTableWidget(min(len(findings), MAX_ROWS), 3)
        self.table.setHorizontalHeaderLabels(["Where", "Problem", "What was done"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for row, finding in enumerate(findings[:MAX_ROWS]):
            cells = (finding.cell, finding.kind.value.replace("-", " "), finding.message)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, finding.person_ids)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.table.cellClicked.connect(self._clicked)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        layout.addWidget(buttons)

    def _clicked(self, row: int, _column: int) -> None:
        item = self.table.item(row, 0)
        for person_id in item.data(Qt.ItemDataRole.UserRole) or ():
            try:
                self.person_chosen.emit(self.chart.index_of(person_id))
            except KeyError:
                continue
            return
