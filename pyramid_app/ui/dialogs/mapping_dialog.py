"""Check and fix which column is the id, the manager, the name... before the import runs.

The dialog shows how many cells of each manager-like column name a person of the file, lets the
user move the header row, and proposes the mapping they confirmed last time for the same header
layout (remembered in the app's data folder).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pyramid_app.io import ColumnMapping, OrgPreview, UnreadableFileError, preview_org
from pyramid_app.io.spreadsheet.cells import printable
from pyramid_app.io.spreadsheet.mapping import FIELD_NAMES
from pyramid_app.io.spreadsheet.mapping_memory import MappingMemory
from pyramid_app.ui.import_worker import internal_error_message

FIELD_LABELS = {
    "id": "Person id (required)",
    "manager": "Manager (id, name or email)",
    "name": "Name",
    "first_name": "First name",
    "last_name": "Last name",
    "title": "Job title",
    "department": "Department",
    "location": "Location",
    "email": "Email",
}
MAPPED_TINT = QColor("#e3f0fb")


class MappingDialog(QDialog):
    """Shows the proposed mapping and the first rows; ``mapping()`` and ``sheet()`` after OK."""

    def __init__(
        self,
        preview: OrgPreview,
        parent: QWidget | None = None,
        memory_folder: Path | None = None,
        note: str = "",
    ) -> None:
        """``note``: why the dialog opened by itself (no id column was found), shown on top."""
        super().__init__(parent)
        self.preview = preview
        self.memory = MappingMemory(memory_folder)
        self.setWindowTitle(f"Columns of {printable(preview.path.name)}")
        self.resize(980, 560)
        self.sheet_box = QComboBox()
        self.sheet_box.addItems([printable(name) for name in preview.sheet_names])
        self.sheet_box.setCurrentIndex(preview.sheet_names.index(preview.sheet))
        self.sheet_box.currentIndexChanged.connect(self._load_sheet)
        self.header_row_box = QSpinBox()
        self.header_row_box.setRange(1, 1_048_576)
        self.header_row_box.setToolTip(
            "The row (a CSV's line) holding the column names; change it if the header was not found"
        )
        self.header_row_box.editingFinished.connect(self._load_header_row)
        self.header_note = QLabel()
        self.header_note.setTextFormat(Qt.TextFormat.PlainText)
        self.header_note.setWordWrap(True)
        self.manager_shares = QLabel()
        self.manager_shares.setTextFormat(Qt.TextFormat.PlainText)
        self.manager_shares.setWordWrap(True)
        self.field_boxes: dict[str, QComboBox] = {}
        form = QFormLayout()
        form.addRow("Sheet", self.sheet_box)
        form.addRow("Header row", self.header_row_box)
        for field in FIELD_NAMES:
            box = QComboBox()
            box.currentIndexChanged.connect(self._refresh_preview)
            self.field_boxes[field] = box
            form.addRow(FIELD_LABELS[field], box)
            if field == "manager":
                form.addRow("", self.manager_shares)
        self.table = QTableWidget()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Import")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        self.accepted.connect(self._remember)
        top = QHBoxLayout()
        left = QVBoxLayout()
        left.addLayout(form)
        left.addStretch(1)
        top.addLayout(left, 1)
        right = QVBoxLayout()
        right.addWidget(self.header_note)
        right.addWidget(self.table)
        top.addLayout(right, 3)
        layout = QVBoxLayout(self)
        self.note = QLabel(printable(note))
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        self.note.setStyleSheet("QLabel { background: #fff4ce; padding: 6px; }")
        self.note.setVisible(bool(note))
        layout.addWidget(self.note)
        layout.addLayout(top)
        layout.addWidget(buttons)
        self._show(preview)

    def _show(self, preview: OrgPreview) -> None:
        self.preview = preview
        where = (
            f"line {preview.header_row}"
            if preview.is_text
            else f"row {preview.header_row} of sheet “{printable(preview.sheet)}”"
        )
        mapping = preview.mapping
        recalled = self.memory.recall(preview.headers)
        remembered = ""
        if recalled is not None and recalled[0] != mapping:
            mapping = recalled[0]
            remembered = " The columns are as you chose them last time for this layout."
        notes = "".join(f" {printable(note)}" for note in preview.notes)
        self.header_note.setText(
            f"Header on {where}. Every other column is kept as an extra field.{remembered}"
            f"{notes} The first rows:"
        )
        self.sheet_box.setEnabled(len(preview.sheet_names) > 1)
        self.header_row_box.blockSignals(True)
        self.header_row_box.setValue(preview.header_row)
        self.header_row_box.blockSignals(False)
        shares = {c.column: c for c in preview.manager_candidates}
        for field, box in self.field_boxes.items():
            box.blockSignals(True)
            box.clear()
            box.addItem("(none)", None)
            for column, header in enumerate(preview.headers):
                box.addItem(printable(header), column)
                if field == "manager" and column in shares:
                    box.setItemData(
                        column + 1,
                        shares[column].describe() + " to a person",
                        Qt.ItemDataRole.ToolTipRole,
                    )
            chosen = getattr(mapping, field)
            box.setCurrentIndex(0 if chosen is None else chosen + 1)
            box.blockSignals(False)
        self.manager_shares.setText(
            "\n".join(printable(c.describe()) for c in preview.manager_candidates)
        )
        self.manager_shares.setVisible(bool(preview.manager_candidates))
        self._refresh_preview()

    def _load_sheet(self, index: int) -> None:
        self._reload(sheet=self.preview.sheet_names[index], header_row=None)

    def _load_header_row(self) -> None:
        if self.header_row_box.value() != self.preview.header_row:
            self._reload(sheet=self.preview.sheet, header_row=self.header_row_box.value())

    def _reload(self, sheet: str, header_row: int | None) -> None:
        try:
            self._show(preview_org(self.preview.path, sheet=sheet, header_row=header_row))
        except UnreadableFileError as error:
            self._warn(str(error))
        except Exception as error:  # a bug must not take the window down with it
            self._warn(internal_error_message(self.preview.path, "previewed", error))

    def _warn(self, message: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning, "Cannot read this sheet", printable(message), parent=self
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.open()
        self.message_box = box

    def header_row(self) -> int:
        return self.preview.header_row

    def _remember(self) -> None:
        self.memory.remember(self.preview.headers, self.mapping(), self.preview.header_row)

    def mapping(self) -> ColumnMapping:
        chosen = {field: box.currentData() for field, box in self.field_boxes.items()}
        return replace(ColumnMapping(), **chosen)

    def sheet(self) -> str:
        return self.preview.sheet

    def _refresh_preview(self) -> None:
        preview = self.preview
        mapping = self.mapping()
        used = {column: field for field, column in mapping.items()}
        self.table.clear()
        self.table.setColumnCount(len(preview.headers))
        self.table.setRowCount(len(preview.rows))
        labels = [
            f"{printable(header)}\n→ {FIELD_LABELS[used[c]].split(' (')[0]}"
            if c in used
            else printable(header)
            for c, header in enumerate(preview.headers)
        ]
        self.table.setHorizontalHeaderLabels(labels)
        self.table.setVerticalHeaderLabels(
            [str(preview.header_row + 1 + r) for r in range(len(preview.rows))]
        )
        for r, row in enumerate(preview.rows):
            for c, text in enumerate(row[: len(preview.headers)]):
                item = QTableWidgetItem(printable(text))
                if c in used:
                    item.setBackground(MAPPED_TINT)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()

    def _accept(self) -> None:
        if self.mapping().id is None:
            QMessageBox.information(
                self, "Choose the id column", "Pick the column that identifies each person."
            )
            return
        self.accept()
