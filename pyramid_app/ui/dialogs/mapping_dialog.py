"""Check and fix which column is the id, the manager, the name... before the import runs."""

from __future__ import annotations

from dataclasses import replace

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
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pyramid_app.io import ColumnMapping, OrgPreview, UnreadableFileError, preview_org
from pyramid_app.io.mapping import FIELD_NAMES

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

    def __init__(self, preview: OrgPreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview = preview
        self.setWindowTitle(f"Columns of {preview.path.name}")
        self.resize(980, 560)
        self.sheet_box = QComboBox()
        self.sheet_box.addItems(preview.sheet_names)
        self.sheet_box.setCurrentText(preview.sheet)
        self.sheet_box.currentTextChanged.connect(self._load_sheet)
        self.header_note = QLabel()
        self.field_boxes: dict[str, QComboBox] = {}
        form = QFormLayout()
        form.addRow("Sheet", self.sheet_box)
        for field in FIELD_NAMES:
            box = QComboBox()
            box.currentIndexChanged.connect(self._refresh_preview)
            self.field_boxes[field] = box
            form.addRow(FIELD_LABELS[field], box)
        self.table = QTableWidget()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Import")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
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
        layout.addLayout(top)
        layout.addWidget(buttons)
        self._show(preview)

    def _show(self, preview: OrgPreview) -> None:
        self.preview = preview
        text_file = preview.sheet == preview.path.name  # a CSV has no sheets, only lines
        where = (
            f"line {preview.header_row}"
            if text_file
            else f"row {preview.header_row} of sheet “{preview.sheet}”"
        )
        self.header_note.setText(
            f"Header on {where}. Every other column is kept as an extra field. The first rows:"
        )
        self.sheet_box.setEnabled(len(preview.sheet_names) > 1)
        for field, box in self.field_boxes.items():
            box.blockSignals(True)
            box.clear()
            box.addItem("(none)", None)
            for column, header in enumerate(preview.headers):
                box.addItem(header, column)
            chosen = getattr(preview.mapping, field)
            box.setCurrentIndex(0 if chosen is None else chosen + 1)
            box.blockSignals(False)
        self._refresh_preview()

    def _load_sheet(self, sheet: str) -> None:
        try:
            self._show(preview_org(self.preview.path, sheet=sheet))
        except UnreadableFileError as error:
            QMessageBox.warning(self, "Cannot read this sheet", str(error))

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
            f"{header}\n→ {FIELD_LABELS[used[c]].split(' (')[0]}" if c in used else header
            for c, header in enumerate(preview.headers)
        ]
        self.table.setHorizontalHeaderLabels(labels)
        self.table.setVerticalHeaderLabels(
            [str(preview.header_row + 1 + r) for r in range(len(preview.rows))]
        )
        for r, row in enumerate(preview.rows):
            for c, text in enumerate(row[: len(preview.headers)]):
                item = QTableWidgetItem(text)
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
