"""Plan > Apply a commitment to many managers: one suggestion, a group of managers, one undo step.

The group is every manager at a level of the whole organisation, in a department or a location,
or under (and including) the selected person; the dialog counts them as the choice changes and
pushes a single ``bulk_add`` command, with a due date (or none) and a status for every
commitment it adds. The status bar then says what was added, and to whom.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
)

from pyramid_app.model.commands import bulk_add
from pyramid_app.model.library import Suggestion
from pyramid_app.model.org import OrgChart
from pyramid_app.model.plan import DEFAULT_STATUS, STANDARD_CADENCES, Status
from pyramid_app.model.project import Project
from pyramid_app.model.selection import (
    ManagerScope,
    ScopeKind,
    level_manager_counts,
    manager_counts_by,
)
from pyramid_app.ui.dates import short_date
from pyramid_app.ui.plan.plan_table_due import DueEdit
from pyramid_app.ui.undo import failure_message

if TYPE_CHECKING:
    from pyramid_app.ui.context import WindowContext

OWN_WORDS = "Your own words"
MAX_TEXT_SAID = 60  # characters of the commitment quoted in the status bar


def managers_word(count: int) -> str:
    return f"{count:,} manager{'' if count == 1 else 's'}"


def level_label(level: int, count: int) -> str:
    name = f"Level {level}" + (" (chief executive)" if level == 0 else "")
    return f"{name} · {managers_word(count)}"


class BulkApplyDialog(QDialog):
    """Choose what to commit to and which managers; OK adds it to all of them at once."""

    def __init__(self, context: WindowContext, project: Project) -> None:
        super().__init__(context.host)
        self.setWindowTitle("Apply a commitment to many managers")
        self.context = context
        self.project = project
        self._texts: dict[str, set[str]] | None = None  # commitment text -> managers holding it
        chart = project.chart

        # -- what ------------------------------------------------------------------------
        self.family = QComboBox()
        self.family.addItem(OWN_WORDS)
        for family in project.library.families():
            if family.suggestions:
                self.family.addItem(family.name)
        self.suggestion = QComboBox()
        self.suggestion.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.suggestion.setMinimumContentsLength(30)
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setPlaceholderText("How will each of these managers serve their reports?")
        self.text.setFixedHeight(self.text.fontMetrics().lineSpacing() * 3 + 14)
        self.practice = QComboBox()
        self.practice.setEditable(True)
        self.practice.addItems(project.library.names())
        self.practice.setCurrentIndex(-1)
        self.measure = QLineEdit()
        self.measure.setPlaceholderText("How you will know it works")
        self.cadence = QComboBox()
        self.cadence.setEditable(True)
        self.cadence.addItems(list(STANDARD_CADENCES))
        self.cadence.setCurrentIndex(-1)
        self.due = DueEdit()
        self.due.clear_date()  # no due date unless one is given
        self.due.setToolTip("The due date of every commitment added; Delete or Backspace: none")
        self.status = QComboBox()
        for status in Status:
            self.status.addItem(status.value, status.value)
        self.status.setCurrentIndex(list(Status).index(DEFAULT_STATUS))
        what = QGroupBox("The commitment")
        what_form = QFormLayout(what)
        what_form.addRow("Start from", self.family)
        what_form.addRow("Suggestion", self.suggestion)
        what_form.addRow("Text", self.text)
        what_form.addRow("Practice", self.practice)
        what_form.addRow("Measure", self.measure)
        what_form.addRow("Cadence", self.cadence)
        what_form.addRow("Due", self.due)
        what_form.addRow("Status", self.status)

        # -- who -------------------------------------------------------------------------
        self.by_level = QRadioButton("Every manager at")
        self.by_department = QRadioButton("Every manager in department")
        self.by_location = QRadioButton("Every manager in location")
        self.by_subtree = QRadioButton()
        self.level = QComboBox()
        for level, count in level_manager_counts(chart):
            self.level.addItem(level_label(level, count), level)
        self.department = self._grouped_combo(chart, "departments", "department")
        self.location = self._grouped_combo(chart, "locations", "location")
        self.scope_group = QButtonGroup(self)
        who = QGroupBox("The managers")
        grid = QGridLayout(who)
        rows = (
            (self.by_level, self.level),
            (self.by_department, self.department),
            (self.by_location, self.location),
        )
        for row, (radio, combo) in enumerate(rows):
            self.scope_group.addButton(radio)
            grid.addWidget(radio, row, 0)
            grid.addWidget(combo, row, 1)
            radio.setEnabled(combo.count() > 0)
            combo.setEnabled(combo.count() > 0)
            combo.currentIndexChanged.connect(lambda _i, r=radio: self._choose(r))
        self.scope_group.addButton(self.by_subtree)
        grid.addWidget(self.by_subtree, len(rows), 0, 1, 2)
        grid.setColumnStretch(1, 1)
        self.head_id = (
            context.state.selected if project.has_person(context.state.selected or "") else None
        )
        self._label_subtree(chart)
        self.skip_holders = QCheckBox()
        self.skip_holders.setChecked(True)
        self.count_label = QLabel()
        self.count_label.setWordWrap(True)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(what)
        layout.addWidget(who)
        layout.addWidget(self.count_label)
        layout.addWidget(self.skip_holders)
        layout.addWidget(self.buttons)

        self.family.currentIndexChanged.connect(self._family_chosen)
        self.suggestion.activated.connect(self._suggestion_chosen)
        self.text.textChanged.connect(self._update_count)
        self.scope_group.buttonToggled.connect(lambda _b, on: self._update_count() if on else None)
        self.skip_holders.toggled.connect(self._update_count)
        self._family_chosen()
        self._start_near_selection(chart)
        self._update_count()
        self.resize(max(self.sizeHint().width(), 560), self.sizeHint().height())

    def _grouped_combo(self, chart: OrgChart, column: str, word: str) -> QComboBox:
        combo = QComboBox()
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(18)
        for value, count in manager_counts_by(chart, column):
            combo.addItem(f"{value or f'(no {word})'} · {managers_word(count)}", value)
        return combo

    def _label_subtree(self, chart: OrgChart) -> None:
        if self.head_id is None:
            self.by_subtree.setText("Under the selected person (select someone first)")
            self.by_subtree.setEnabled(False)
            return
        scope = ManagerScope(ScopeKind.SUBTREE, self.head_id)
        self.by_subtree.setText(
            f"Every manager {scope.describe(chart)} · {managers_word(scope.count(chart))}"
        )

    def _start_near_selection(self, chart: OrgChart) -> None:
        """Open on the selected person's team, level, department and location where they fit."""
        if self.head_id is not None:
            index = chart.index_of(self.head_id)
            for combo, value in (
                (self.level, int(chart.levels[index])),
                (self.department, chart.departments[index]),
                (self.location, chart.locations[index]),
            ):
                found = combo.findData(value)
                if found >= 0:
                    with QSignalBlocker(combo):
                        combo.setCurrentIndex(found)
            if ManagerScope(ScopeKind.SUBTREE, self.head_id).count(chart):
                self.by_subtree.setChecked(True)
                return
        first = next((r for r in (self.by_level, self.by_department, self.by_location)
                      if r.isEnabled()), None)  # fmt: skip
        if first is not None:
            first.setChecked(True)

    def _choose(self, radio: QRadioButton) -> None:
        if radio.isChecked():
            self._update_count()
        else:
            radio.setChecked(True)

    # -- what ----------------------------------------------------------------------------

    def _family_chosen(self) -> None:
        family = self.project.library.family(self.family.currentText())
        self.suggestion.clear()
        self.suggestion.setEnabled(family is not None)
        if family is None:
            return
        for suggestion in family.suggestions:
            self.suggestion.addItem(suggestion.text, suggestion)
            self.suggestion.setItemData(
                self.suggestion.count() - 1, suggestion.text, Qt.ItemDataRole.ToolTipRole
            )
        self._suggestion_chosen(0)

    def _suggestion_chosen(self, index: int) -> None:
        suggestion = self.suggestion.itemData(index)
        if not isinstance(suggestion, Suggestion):
            return
        self.text.setPlainText(suggestion.text)
        self.practice.setEditText(self.family.currentText())
        self.measure.setText(suggestion.measure)
        self.cadence.setEditText(suggestion.cadence)

    # -- who -----------------------------------------------------------------------------

    def scope(self) -> ManagerScope | None:
        if self.by_level.isChecked() and self.level.count():
            return ManagerScope(ScopeKind.LEVEL, int(self.level.currentData()))
        if self.by_department.isChecked() and self.department.count():
            return ManagerScope(ScopeKind.DEPARTMENT, str(self.department.currentData()))
        if self.by_location.isChecked() and self.location.count():
            return ManagerScope(ScopeKind.LOCATION, str(self.location.currentData()))
        if self.by_subtree.isChecked() and self.head_id is not None:
            return ManagerScope(ScopeKind.SUBTREE, self.head_id)
        return None

    def _holders(self, text: str) -> set[str]:
        """Managers who already have a commitment with this wording (case and spaces aside)."""
        if self._texts is None:
            self._texts = {}
            for commitment in self.project.plan:
                key = " ".join(commitment.text.casefold().split())
                self._texts.setdefault(key, set()).add(commitment.manager_id)
        return self._texts.get(" ".join(text.casefold().split()), set())

    def chosen_manager_ids(self) -> list[str]:
        """The managers the commitment goes to, leaving out holders when asked to."""
        scope = self.scope()
        if scope is None:
            return []
        ids = scope.manager_ids(self.project.chart)
        holders = self._holders(self.text.toPlainText())
        if holders and self.skip_holders.isChecked():
            ids = [person_id for person_id in ids if person_id not in holders]
        return ids

    def _update_count(self) -> None:
        scope = self.scope()
        chart = self.project.chart
        every = scope.manager_ids(chart) if scope is not None else []
        holders = self._holders(self.text.toPlainText())
        already = sum(1 for person_id in every if person_id in holders) if holders else 0
        self.skip_holders.setVisible(already > 0)
        verb = "has" if already == 1 else "have"
        self.skip_holders.setText(f"Skip the {managers_word(already)} who already {verb} it")
        count = len(every) - (already if self.skip_holders.isChecked() else 0)
        # A department or a name from the file, in rich text: escaped, never markup.
        where = f" {html.escape(scope.describe(chart))}" if scope is not None else ""
        text = f"<b>{managers_word(count)}</b>{where} will get this commitment."
        if not self.text.toPlainText().strip():
            text += " Write or choose the commitment first."
        self.count_label.setText(text)
        self.ok_button.setText(f"Add to {managers_word(count)}")
        self.ok_button.setEnabled(count > 0 and bool(self.text.toPlainText().strip()))

    # -- doing it ------------------------------------------------------------------------

    def apply(self) -> None:
        scope = self.scope()
        ids = self.chosen_manager_ids()
        if scope is None or not ids:
            return
        suggestion = Suggestion(
            self.text.toPlainText().strip(),
            self.measure.text().strip(),
            self.cadence.currentText().strip(),
        )
        day = self.due.due()
        due = dt.date(day.year(), day.month(), day.day()) if day.isValid() else None
        status = Status(self.status.currentData())
        where = scope.describe(self.project.chart)
        try:
            command = bulk_add(
                self.project,
                ids,
                suggestion,
                self.practice.currentText().strip(),
                what=where,
                due=due,
                status=status,
            )
        except Exception as error:  # sorted by failure_message's policy
            self.context.show_edit_failure(
                failure_message("Add commitment to many managers", error)
            )
            return
        skipped = len(scope.manager_ids(self.project.chart)) - len(ids)
        if self.context.push(command):
            self.context.say(added_message(suggestion.text, len(ids), where, due, status, skipped))
            self.accept()


def added_message(
    text: str, count: int, where: str, due: dt.date | None, status: Status, skipped: int = 0
) -> str:
    """What the status bar says after a bulk add: "Added “Hold a weekly one-to-one” to 12
    managers at level 2 (planned, due 24/02/2027)"."""
    if len(text) > MAX_TEXT_SAID:
        text = text[: MAX_TEXT_SAID - 1].rstrip() + "…"
    details = status.value + (f", due {short_date(due)}" if due is not None else "")
    message = f"Added “{text}” to {managers_word(count)}{f' {where}' if where else ''} ({details})"
    if skipped:
        had = "who already has it" if skipped == 1 else "who already have it"
        message += f"; left out the {managers_word(skipped)} {had}"
    return message + "."


def open_bulk_dialog(context: WindowContext) -> BulkApplyDialog | None:
    """Open the dialog over ``window`` (window-modal); it pushes its command on OK."""
    if context.project is None:
        return None
    dialog = BulkApplyDialog(context, context.project)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    context.last_dialog = dialog
    return dialog
