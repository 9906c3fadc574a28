"""Plan > Practice library: the shipped families and the project's own, which the user extends.

Shipped families come with the app and cannot be changed; a family or suggestion added here
lives in the project (an undoable edit like any other) and appears in every "From library"
menu and in the bulk dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pyramid_app.model.commands import add_user_family, add_user_suggestion
from pyramid_app.model.library import Suggestion
from pyramid_app.model.plan import STANDARD_CADENCES
from pyramid_app.model.project import Change
from pyramid_app.ui.plan.plan_menu import plan_menu

if TYPE_CHECKING:
    from pyramid_app.ui.context import WindowContext


class SuggestionForm(QDialog):
    """Text, measure and cadence of a new suggestion, and the family it goes in."""

    def __init__(
        self,
        families: list[str],
        family: str = "",
        start: Suggestion | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add a suggestion to the practice library")
        self.family = QComboBox()
        self.family.setEditable(True)
        self.family.addItems(families)
        self.family.setCurrentText(family)
        self.text = QPlainTextEdit(start.text if start else "")
        self.text.setPlaceholderText("How a manager serves their reports, specific and checkable")
        self.text.setTabChangesFocus(True)
        self.measure = QLineEdit(start.measure if start else "")
        self.measure.setPlaceholderText("How success is measured")
        self.cadence = QComboBox()
        self.cadence.setEditable(True)
        self.cadence.addItems(STANDARD_CADENCES)
        self.cadence.setCurrentText(start.cadence if start else "monthly")
        form = QFormLayout()
        form.addRow("Family", self.family)
        form.addRow("Commitment", self.text)
        form.addRow("Measure", self.measure)
        form.addRow("Review", self.cadence)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.text.textChanged.connect(self._update_ok)
        self.family.currentTextChanged.connect(self._update_ok)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._update_ok()

    def _update_ok(self) -> None:
        filled = bool(self.text.toPlainText().strip() and self.family.currentText().strip())
        self.ok_button.setEnabled(filled)

    def suggestion(self) -> Suggestion:
        return Suggestion(
            self.text.toPlainText().strip(),
            self.measure.text().strip(),
            self.cadence.currentText().strip(),
        )


class LibraryDialog(QDialog):
    """Every family with its suggestions; the project's own can be added to."""

    def __init__(self, context: WindowContext, chosen: Callable[[], str | None]) -> None:
        super().__init__(context.host)
        self.context = context
        self.chosen = chosen  # the id of the commitment being edited in the Details dock
        self.setWindowTitle("Practice library")
        self.resize(760, 520)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Practice and suggested commitment", "Measure", "Review"])
        self.tree.setWordWrap(True)
        self.tree.setAlternatingRowColors(True)
        explanation = QLabel(
            "Families shipped with the app, and this project's own. What you add here is "
            "saved in the project and offered in every From library menu."
        )
        explanation.setWordWrap(True)
        self.new_family_button = QPushButton("New family...")
        self.new_family_button.clicked.connect(self.new_family)
        self.add_button = QPushButton("Add suggestion...")
        self.add_button.clicked.connect(lambda: self.add_suggestion())
        self.from_commitment_button = QPushButton("Add the chosen commitment")
        self.from_commitment_button.setToolTip(
            "Make the commitment chosen in the Details panel a suggestion others can start from"
        )
        self.from_commitment_button.clicked.connect(self.add_chosen_commitment)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        for button in (self.new_family_button, self.add_button, self.from_commitment_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        context.project_edited.connect(self._edited)
        context.project_shown.connect(self.refresh)
        self.refresh()

    def _edited(self, change: Change) -> None:
        if change.library and self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        self.tree.clear()
        project = self.context.project
        for button in (self.new_family_button, self.add_button):
            button.setEnabled(project is not None)
        self.from_commitment_button.setEnabled(self._chosen_commitment() is not None)
        if project is None:
            return
        own = project.library.user_families
        bold = QFont(self.font())
        bold.setBold(True)
        for family in project.library.families():
            where = "shipped" if family.shipped and family.name not in own else "this project"
            if family.shipped and family.name in own:
                where = "shipped, with this project's additions"
            item = QTreeWidgetItem([f"{family.name}  ({where})"])
            item.setFont(0, bold)
            item.setData(0, Qt.ItemDataRole.UserRole, family.name)
            item.setToolTip(0, family.description)
            for suggestion in family.suggestions:
                child = QTreeWidgetItem([suggestion.text, suggestion.measure, suggestion.cadence])
                child.setData(0, Qt.ItemDataRole.UserRole, family.name)
                child.setToolTip(0, suggestion.text)
                item.addChild(child)
            self.tree.addTopLevelItem(item)
        self.tree.expandAll()
        self.tree.setColumnWidth(0, 430)
        self.tree.setColumnWidth(1, 200)

    def chosen_family(self) -> str:
        item = self.tree.currentItem()
        return str(item.data(0, Qt.ItemDataRole.UserRole)) if item is not None else ""

    def new_family(self) -> bool:
        project = self.context.project
        if project is None:
            return False
        name, ok = QInputDialog.getText(self, "New practice family", "Name of the family:")
        if not ok or not name.strip():
            return False
        return self.context.push_checked(lambda: add_user_family(project, name))

    def add_suggestion(self, start: Suggestion | None = None) -> SuggestionForm | None:
        project = self.context.project
        if project is None:
            return None
        form = SuggestionForm(project.library.names(), self.chosen_family(), start, self)

        def accepted() -> None:
            family = form.family.currentText()
            self.context.push_checked(
                lambda: add_user_suggestion(project, family, form.suggestion())
            )

        form.accepted.connect(accepted)
        form.open()
        self.form = form
        return form

    def _chosen_commitment(self) -> Suggestion | None:
        project = self.context.project
        commitment_id = self.chosen()
        if project is None or commitment_id is None:
            return None
        commitment = project.plan.get(commitment_id)
        if commitment is None:
            return None
        return Suggestion(commitment.text, commitment.measure, commitment.cadence)

    def add_chosen_commitment(self) -> SuggestionForm | None:
        start = self._chosen_commitment()
        return self.add_suggestion(start) if start is not None else None


class PracticeLibrary:
    """Plan > Practice library...: the action, and the dialog made the first time it is asked
    for and kept for the window's life."""

    def __init__(self, context: WindowContext, chosen: Callable[[], str | None]) -> None:
        self.context = context
        self.chosen = chosen
        self.dialog: LibraryDialog | None = None
        self.action = QAction("Practice &library...", context.host)
        self.action.triggered.connect(self.show)
        plan_menu(context.host).addAction(self.action)

    def show(self) -> None:
        if self.dialog is None:
            self.dialog = LibraryDialog(self.context, self.chosen)
        self.dialog.refresh()
        self.dialog.show()
        self.dialog.raise_()


def install_library_dialog(
    context: WindowContext, chosen: Callable[[], str | None]
) -> PracticeLibrary:
    """Plan > Practice library...; ``chosen`` gives the commitment being edited, if any (its
    words can become a suggestion)."""
    return PracticeLibrary(context, chosen)
