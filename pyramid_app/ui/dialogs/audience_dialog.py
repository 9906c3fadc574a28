"""Columns hidden from the audience: proposed when a spreadsheet is imported, chosen in
View > Hidden from the audience...

Hidden columns are shown nowhere while the project is presented and no export writes them;
outside present mode the Details dock still shows them to the planner, marked as hidden.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QVBoxLayout,
)

from pyramid_app.model.audience import SetHidden, hide_columns, hideable_columns, likely_private

if TYPE_CHECKING:
    from pyramid_app.ui.context import WindowContext


class AudienceDialog(QDialog):
    """Every column of people's details, ticked when hidden from the audience."""

    def __init__(self, context: WindowContext) -> None:
        super().__init__(context.host)
        self.context = context
        self.setWindowTitle("Hidden from the audience")
        explanation = QLabel(
            "Ticked columns are shown nowhere while the project is presented, and no export "
            "writes them. You still see them in the Details dock, marked as hidden."
        )
        explanation.setWordWrap(True)
        self.columns = QListWidget()
        project = context.project
        if project is not None:
            proposed = set(likely_private(hideable_columns(project.chart)))
            for column in hideable_columns(project.chart):
                item = QListWidgetItem(
                    column + ("  (looks personal)" if column in proposed else "")
                )
                item.setData(Qt.ItemDataRole.UserRole, column)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                checked = column in project.hidden
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                self.columns.addItem(item)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.apply)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(self.columns, 1)
        layout.addWidget(buttons)

    def ticked(self) -> frozenset[str]:
        items = (self.columns.item(row) for row in range(self.columns.count()))
        return frozenset(
            str(item.data(Qt.ItemDataRole.UserRole))
            for item in items
            if item is not None and item.checkState() == Qt.CheckState.Checked
        )

    def apply(self) -> None:
        project = self.context.project
        if project is None:
            self.reject()
            return
        hidden = self.ticked()
        if hidden == project.hidden:
            self.accept()
            return
        label = f"Hide from the audience: {', '.join(sorted(hidden)) or 'no column'}"
        if self.context.push(SetHidden(hidden, label)):
            self.accept()


def install_audience(context: WindowContext, menu: QMenu) -> QAction:
    """View > Hidden from the audience..., enabled while a project with details is open."""
    action = QAction("&Hidden from the audience...", context.host)

    def open_dialog() -> None:
        dialog = AudienceDialog(context)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        context.last_dialog = dialog

    def enable() -> None:
        project = context.project
        action.setEnabled(project is not None and bool(hideable_columns(project.chart)))

    action.triggered.connect(open_dialog)
    context.project_shown.connect(enable)
    enable()
    menu.addAction(action)
    return action


def propose_hidden(context: WindowContext) -> QMessageBox | None:
    """After an import: the columns whose header looks personal, offered to be hidden from the
    audience; the planner confirms (nothing is hidden without a yes)."""
    project = context.project
    if project is None:
        return None
    proposed = likely_private(hideable_columns(project.chart))
    if not proposed:
        return None
    names = "".join(f"<li>{html.escape(column)}</li>" for column in proposed)
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Hide personal columns?",
        f"<p>These columns look personal:</p><ul>{names}</ul><p>Hide them from the audience? "
        "They are then shown nowhere while you present, and no export writes them. "
        "(View > Hidden from the audience... changes this later.)</p>",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        context.host,
    )
    hide = box.button(QMessageBox.StandardButton.Yes)
    hide.setText("Hide them")
    hide.clicked.connect(lambda: context.push_checked(lambda: hide_columns(project, proposed)))
    box.button(QMessageBox.StandardButton.No).setText("Keep them shown")
    box.open()
    context.last_dialog = box
    return box
