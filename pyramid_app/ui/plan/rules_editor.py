"""Who serves a touchpoint: its rules, how many front-line people each picks, adding one.

A rule picks front-line people by department, title or location (chosen among the values the
front line has, or typed), or one person found by name. Every change is one undoable command
(:func:`~pyramid_app.model.customer_commands.set_touchpoint_rules`) through the window.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from pyramid_app.model.customer_commands import set_touchpoint_rules
from pyramid_app.model.customers import RuleField, ServeRule, Touchpoint, served_people
from pyramid_app.model.project import Project
from pyramid_app.ui.plan.touchpoint_people import front_line_values, rule_counts
from pyramid_app.ui.search_box import SearchBox

if TYPE_CHECKING:
    from pyramid_app.ui.context import WindowContext

WARNING = "#b35900"  # the orange of "not served", dark enough for text
MAX_VALUES = 500  # values offered in the list; more can still be typed
FIELD_WORDS = {
    RuleField.DEPARTMENT: "Department",
    RuleField.TITLE: "Title",
    RuleField.LOCATION: "Location",
    RuleField.PERSON: "Person",
}


def people_words(count: int) -> str:
    return f"{count:,} {'person' if count == 1 else 'people'}"


class RulesEditor(QWidget):
    """The rules of one touchpoint; ``people_counted(n)`` after each showing."""

    people_counted = Signal(int)

    def __init__(self, context: WindowContext) -> None:
        super().__init__()
        self.context = context
        self.project: Project | None = None
        self.touchpoint: Touchpoint | None = None
        self.counts: list[int] = []

        self.total = QLabel()
        self.total.setWordWrap(True)
        self.total.setTextFormat(Qt.TextFormat.RichText)
        self.rows = QVBoxLayout()
        self.rows.setContentsMargins(0, 0, 0, 0)
        self.rows.setSpacing(1)
        self.field = QComboBox()
        for field, words in FIELD_WORDS.items():
            self.field.addItem(words, field)
        self.field.setToolTip("Which field of the front-line people to match")
        self.value = QComboBox()
        self.value.setEditable(True)
        self.value.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.value.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.value.setToolTip("A value the front line has (with how many people), or type one")
        self.person = SearchBox()
        self.person.setPlaceholderText("Find a front-line person by name")
        self.person.setMinimumWidth(120)
        self.add_button = QPushButton("Add rule")
        self.add_button.setToolTip("Front-line people matching this rule serve the touchpoint")
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setVisible(False)

        adder = QHBoxLayout()
        adder.setContentsMargins(0, 0, 0, 0)
        adder.addWidget(self.field)
        adder.addWidget(self.value, 1)
        adder.addWidget(self.person, 1)
        adder.addWidget(self.add_button)
        # Narrow panels: the value box gives way rather than pushing the button out of view.
        self.value.setMinimumContentsLength(4)
        self.person.setMinimumWidth(60)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addWidget(self.total)
        layout.addLayout(self.rows)
        layout.addLayout(adder)
        layout.addWidget(self.hint)

        self.field.currentIndexChanged.connect(lambda _i: self._fill_values())
        self.add_button.clicked.connect(self.add_typed_rule)
        line = self.value.lineEdit()
        if line is not None:
            line.returnPressed.connect(self.add_typed_rule)
        self.person.person_found.connect(self._person_found)
        self._fill_values()

    # -- showing ---------------------------------------------------------------------------

    def show_touchpoint(self, project: Project | None, touchpoint: Touchpoint | None) -> None:
        chart_changed = project is None or self.project is None or project.chart is not (
            self.project.chart
        )  # fmt: skip
        self.project, self.touchpoint = project, touchpoint
        self.setEnabled(project is not None and touchpoint is not None)
        if chart_changed:
            if project is not None:
                self.person.set_chart(project.chart)
            self._fill_values()
        while self.rows.count():
            item = self.rows.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()  # a remove button may be the sender right now
        if project is None or touchpoint is None:
            self.counts = []
            self.total.setText("")
            return
        self.counts = rule_counts(project.chart, touchpoint.rules)
        for rule, count in zip(touchpoint.rules, self.counts, strict=True):
            self.rows.addWidget(self._rule_row(project, rule, count))
        served = int(served_people(project.chart, touchpoint).shape[0])
        if not touchpoint.rules:
            self.total.setText(
                f"<span style='color:{WARNING}'><b>Nobody stands here yet.</b></span> "
                "Add who serves the customer at this moment: a department, a job title, "
                "a location or a person."
            )
        elif served == 0:
            self.total.setText(
                f"<span style='color:{WARNING}'><b>No one on the front line matches these "
                "rules.</b></span>"
            )
        else:
            self.total.setText(f"<b>Served by {people_words(served)}</b> on the front line")
        self.people_counted.emit(served)

    def _rule_row(self, project: Project, rule: ServeRule, count: int) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(8, 0, 0, 0)
        what = html.escape(rule.describe())
        if rule.field is RuleField.PERSON:
            name = project.display_name(rule.value)
            what = f"person {html.escape(name)} ({html.escape(rule.value)})"
        if count:
            text = f"{what} · {people_words(count)}"
        else:
            text = (
                f"{what} · <span style='color:{WARNING}'><b>matches nobody on the front "
                "line</b></span>"
            )
        label = QLabel(text)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setWordWrap(True)
        remove = QToolButton()
        remove.setText("✕")
        remove.setToolTip(f"Remove the rule {rule.describe()}")
        remove.setAccessibleName(f"Remove rule {rule.describe()}")
        remove.clicked.connect(lambda _checked=False, r=rule: self.remove_rule(r))
        layout.addWidget(label, 1)
        layout.addWidget(remove)
        return row

    def _fill_values(self) -> None:
        field = RuleField(self.field.currentData())
        person = field is RuleField.PERSON
        self.value.setVisible(not person)
        self.person.setVisible(person)
        self.value.clear()
        if self.project is None or person:
            return
        values = front_line_values(self.project.chart, field)
        for value, count in values[:MAX_VALUES]:
            self.value.addItem(f"{value} ({count:,})", value)
        self.value.setCurrentIndex(-1)
        self.value.setEditText("")
        line = self.value.lineEdit()
        if line is not None:
            line.setPlaceholderText(f"{FIELD_WORDS[field].lower()}: choose or type")

    # -- editing ---------------------------------------------------------------------------

    def chosen_value(self) -> str:
        """The value to match: the chosen entry's own text, or what was typed."""
        text = self.value.currentText().strip()
        index = self.value.findText(text)
        return str(self.value.itemData(index)) if index >= 0 else text

    def add_typed_rule(self) -> None:
        field = RuleField(self.field.currentData())
        if field is RuleField.PERSON:
            found = self.person.matches(self.person.text(), limit=1)
            if found:
                self._person_found(found[0])
            else:
                self._say("Type part of a front-line person's name, then choose them.")
            return
        value = self.chosen_value()
        if not value:
            self._say(f"Choose or type a {FIELD_WORDS[field].lower()} first.")
            return
        if self.add_rule(ServeRule(field, value)):
            self.value.setCurrentIndex(-1)
            self.value.setEditText("")

    def _person_found(self, index: int) -> None:
        if self.project is None:
            return
        if self.add_rule(ServeRule(RuleField.PERSON, self.project.chart.ids[index])):
            self.person.clear()

    def add_rule(self, rule: ServeRule) -> bool:
        project, touchpoint = self.project, self.touchpoint
        if project is None or touchpoint is None:
            return False
        key = (rule.field, rule.value.strip().casefold())
        if any((r.field, r.value.strip().casefold()) == key for r in touchpoint.rules):
            self._say(f"{touchpoint.name} already has the rule {rule.describe()}.")
            return False
        self.hint.setVisible(False)
        rules = (*touchpoint.rules, rule)
        return self.context.push_checked(
            lambda: set_touchpoint_rules(project, touchpoint.id, rules)
        )

    def remove_rule(self, rule: ServeRule) -> bool:
        project, touchpoint = self.project, self.touchpoint
        if project is None or touchpoint is None:
            return False
        rules = tuple(r for r in touchpoint.rules if r != rule)
        return self.context.push_checked(
            lambda: set_touchpoint_rules(project, touchpoint.id, rules)
        )

    def _say(self, text: str) -> None:
        self.hint.setText(f"<span style='color:{WARNING}'>{html.escape(text)}</span>")
        self.hint.setVisible(True)
