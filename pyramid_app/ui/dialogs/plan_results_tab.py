"""The Results tab of File > Import plan updates: what the workbook's Results sheet brings.

One list of every new result, corrected value and conflict (a value changed both in the app and
in the workbook since the export), each with its sheet row; a box takes the workbook's values
for the conflicts (unticked, the app's stand). The rows the sheet could not give are on the
Problems tab with the plan's, named by cell.
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from pyramid_app.io.workbook.results_record import SheetResults
from pyramid_app.model.project import Project
from pyramid_app.model.results import Result
from pyramid_app.model.units import unit_label

MAX_ROWS = 2000


def _number(value: float | None) -> str:
    if value is None:
        return "(none)"
    return f"{value:,.6g}" if abs(value) >= 1000 else f"{value:.6g}"


class ResultsTab(QWidget):
    """The list, and whether the conflicts take the workbook's values."""

    def __init__(self, project: Project, results: SheetResults) -> None:
        super().__init__()
        self.results = results
        layout = QVBoxLayout(self)
        note = QLabel(
            f"Results typed into the {results.sheet} sheet: {results.describe()}. They are "
            "applied with the plan's updates, in the same undo step."
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        for line in results.notes:
            label = QLabel(line)
            label.setWordWrap(True)
            layout.addWidget(label)
        tree = QTreeWidget()
        tree.setHeaderLabels(["Row", "", "Measure", "Unit", "Period", "In the app now", "Workbook"])
        tree.setRootIsDecorated(False)
        tree.setAlternatingRowColors(True)

        def row(kind: str, number: int, result: Result, app: float | None) -> list[str]:
            unit = unit_label(result.unit, project.customer_map)
            return [
                str(number),
                kind,
                result.measure,
                unit,
                result.period.text,
                _number(app),
                _number(result.value),
            ]

        update = results.update
        rows = [row("new", results.rows.get(r, 0), r, None) for r in update.new]
        rows += [
            row("corrected", results.rows.get(new, 0), new, old.value)
            for old, new in update.corrected
        ]
        rows += [row("in both", c.row, c.workbook, c.app) for c in results.conflicts]
        for values in sorted(rows, key=lambda values: int(values[0]))[:MAX_ROWS]:
            tree.addTopLevelItem(QTreeWidgetItem(values))
        if len(rows) > MAX_ROWS:
            tree.addTopLevelItem(QTreeWidgetItem([f"… and {len(rows) - MAX_ROWS:,} more"]))
        for column in range(tree.columnCount()):
            tree.resizeColumnToContents(column)
            tree.setColumnWidth(column, min(tree.columnWidth(column), 260))
        layout.addWidget(tree, 1)
        self.tree = tree
        self.take_box = QCheckBox(
            "Take the workbook's value where the app changed the result too since the export"
        )
        self.take_box.setEnabled(bool(results.conflicts))
        layout.addWidget(self.take_box)

    @property
    def take_conflicts(self) -> bool:
        return self.take_box.isChecked()

    @property
    def count(self) -> int:
        update = self.results.update
        return len(update.new) + len(update.corrected) + len(self.results.conflicts)
