"""The Targets table: what "better" means, per measure and unit, by a date.

One row per target, in the order they were set. A target is set from the bar above the table
(a measure of the plan's own or one of the client's results, a unit of the project, a value, a
direction, a date); its value, direction and date are changed in the cell, and Delete or Remove
takes it away. Every edit is one command through the window's undo stack (Edit > Undo names
it), refused with the window's message when it makes no sense (a share above 100%, a
lower-is-better target for a plan measure).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QObject, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from pyramid_app.model.commands import Command, PlanError
from pyramid_app.model.project import Project
from pyramid_app.model.target_commands import (
    change_target,
    known_measure,
    remove_target,
    set_target,
)
from pyramid_app.model.targets import Target, built_in, measure_key
from pyramid_app.model.units import Unit
from pyramid_app.ui.dates import short_date
from pyramid_app.ui.plan.plan_table_due import DueDelegate, DueEdit
from pyramid_app.ui.plan.table_parts import (
    ChoiceDelegate,
    Index,
    RemoveKey,
    entry_bar,
    entry_buttons,
    follow_selection,
    sized_table,
    typed_in,
    typed_number,
)
from pyramid_app.ui.plan.unit_choices import fill_units, measure_names, unit_text, value_text

# Builds a command (refusing with PlanError) and pushes it: WindowContext.push_checked.
PushChecked = Callable[[Callable[[], Command], str], bool]
DIRECTIONS = [("higher is better", False), ("lower is better", True)]
BOX_CHARACTERS = 12  # the least width of the bar's lists: the dock fits a 1024-pixel window


class Col(IntEnum):
    MEASURE = 0
    UNIT = 1
    DIRECTION = 2
    VALUE = 3
    BY = 4


TITLES = {
    Col.MEASURE: "Measure",
    Col.UNIT: "Unit",
    Col.DIRECTION: "Better",
    Col.VALUE: "Target",
    Col.BY: "By",
}
WIDTHS = {Col.MEASURE: 240, Col.UNIT: 200, Col.DIRECTION: 120, Col.VALUE: 80, Col.BY: 90}


class TargetsModel(QAbstractTableModel):
    """The project's targets; an edited cell becomes a ``change_target`` command."""

    def __init__(self, push_checked: PushChecked | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.push_checked = push_checked
        self.project: Project | None = None
        self.targets: list[Target] = []

    def refresh(self, project: Project | None) -> None:
        targets = list(project.targets) if project is not None else []
        if project is self.project and [t.key for t in targets] == [t.key for t in self.targets]:
            # The same rows: changed in place, so a cell's editor (the edit that caused it)
            # is not pulled from under the planner.
            self.targets = targets
            if targets:
                self.dataChanged.emit(self.index(0, 0), self.index(len(targets) - 1, len(Col) - 1))
            return
        self.beginResetModel()
        self.project = project
        self.targets = targets
        self.endResetModel()

    def row_of(self, measure: str, unit: Unit) -> int | None:
        key = (measure_key(measure), unit)
        return next((row for row, t in enumerate(self.targets) if t.key == key), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.targets)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Col)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return TITLES[Col(section)]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and Col(index.column()) in (Col.DIRECTION, Col.VALUE, Col.BY):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.targets):
            return None
        target = self.targets[index.row()]
        column = Col(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(target, column)
        if role == Qt.ItemDataRole.EditRole:
            if column == Col.DIRECTION:
                return target.lower_is_better
            if column == Col.BY:
                by = target.by
                return QDate(by.year, by.month, by.day) if by is not None else QDate()
            return self._text(target, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            found = built_in(target.measure)
            meaning = f"{found.label}: {found.meaning}" if found else target.title
            return f"{meaning}\n{self._text(target, Col.UNIT)}"
        if role == Qt.ItemDataRole.TextAlignmentRole and column == Col.VALUE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, target: Target, column: Col) -> str:
        if column == Col.MEASURE:
            return target.title
        if column == Col.UNIT:
            return unit_text(target.unit, self.project.customer_map if self.project else None)
        if column == Col.DIRECTION:
            return "lower is better" if target.lower_is_better else "higher is better"
        if column == Col.VALUE:
            return value_text(target.measure, target.value)
        return short_date(target.by) if target.by is not None else ""

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """A cell edit: one ``change_target`` command, pushed; the row changes when the project
        says it did."""
        project, push = self.project, self.push_checked
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or project is None:
            return False
        if push is None:
            return False
        target = self.targets[index.row()]
        column = Col(index.column())
        changes: dict[str, Any]
        if column == Col.DIRECTION:
            if bool(value) == target.lower_is_better:
                return False
            changes = {"lower_is_better": bool(value)}
        elif column == Col.BY:
            day = _day(value)
            if day == target.by:
                return False
            changes = {"clear_by": True} if day is None else {"by": day}
        elif column == Col.VALUE:
            if str(value).strip() == value_text(target.measure, target.value):
                return False

            def build() -> Command:
                typed = typed_number(str(value), built_in(target.measure) is not None)
                return change_target(project, target.measure, target.unit, value=typed)

            return push(build, "The target")
        else:
            return False
        return push(
            lambda: change_target(project, target.measure, target.unit, **changes), "The target"
        )


def _day(value: Any) -> dt.date | None:
    if isinstance(value, QDate) and value.isValid():
        return dt.date(value.year(), value.month(), value.day())
    return None


class TargetsTable(QWidget):
    """The bar to set a target, and the table of targets."""

    def __init__(self, push_checked: PushChecked | None = None) -> None:
        super().__init__()
        self.push_checked = push_checked
        self.model = TargetsModel(push_checked, self)
        self.measure_box = _box("The measure: one the plan counts, or one of the results")
        typed_in(self.measure_box, "measure")
        self.measure_box.setAccessibleName("Measure")
        self.unit_box = _box("The unit: the whole organisation, a department, a location...")
        self.unit_box.setAccessibleName("Unit")
        self.value_edit = QLineEdit()
        self.value_edit.setPlaceholderText("value")
        self.value_edit.setToolTip("The value to reach, e.g. 8.5, or 80% for a plan measure")
        self.value_edit.setAccessibleName("Target value")
        self.value_edit.setMaximumWidth(self.fontMetrics().averageCharWidth() * 12)
        self.value_edit.returnPressed.connect(self.add)
        self.direction_box = _box("Whether higher or lower values are better")
        for words, lower in DIRECTIONS:
            self.direction_box.addItem(words, lower)
        self.by_edit = DueEdit()
        self.by_edit.setToolTip("The date to reach it by (Delete: no date)")
        self.by_edit.clear_date()
        self.by_edit.lineEdit().deselect()
        self.add_button, self.remove_button = entry_buttons(
            "Set target",
            "Set this target (in place of the one there is)",
            "target",
            self.add,
            self.remove_selected,
        )
        bar = entry_bar(
            [
                (self.measure_box, 3),
                (self.unit_box, 3),
                (self.value_edit, 1),
                (self.direction_box, 1),
                (self.by_edit, 0),
            ],
            self.add_button,
            self.remove_button,
        )

        table = self.table = sized_table(self.model, WIDTHS.items())
        table.setItemDelegateForColumn(Col.DIRECTION, ChoiceDelegate(list(DIRECTIONS), table))
        table.setItemDelegateForColumn(Col.BY, DueDelegate(table))
        self.remove_key = RemoveKey(table, self.remove_selected)
        follow_selection(table, self._selection_changed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(table, 1)
        self.refresh(None)

    @property
    def project(self) -> Project | None:
        return self.model.project

    def refresh(self, project: Project | None) -> None:
        """Show ``project``'s targets, and offer its measures and units."""
        current = self.current_target()
        self.model.refresh(project)
        typed = self.measure_box.currentText()
        self.measure_box.blockSignals(True)
        self.measure_box.clear()
        self.measure_box.addItems(measure_names(project, with_built_in=True))
        self.measure_box.setCurrentText(typed)
        self.measure_box.blockSignals(False)
        fill_units(self.unit_box, project)
        self.setEnabled(project is not None)
        if current is not None:
            self.select(current.measure, current.unit)

    def current_target(self) -> Target | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.model.targets):
            return None
        return self.model.targets[rows[0].row()]

    def select(self, measure: str, unit: Unit) -> None:
        row = self.model.row_of(measure, unit)
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def _selection_changed(self) -> None:
        self.remove_button.setEnabled(self.current_target() is not None)

    def add(self) -> bool:
        """Set the target the bar describes: one command, or the window says why not."""
        project, push = self.project, self.push_checked
        if project is None or push is None:
            return False
        measure_text = self.measure_box.currentText()
        unit = self.unit_box.currentData()
        lower = bool(self.direction_box.currentData())
        by = _day(self.by_edit.due())
        typed = self.value_edit.text()

        def build() -> Command:
            measure = known_measure(project, measure_text)
            if not isinstance(unit, Unit):
                raise PlanError("choose the unit the target is for")
            value = typed_number(typed, built_in(measure) is not None)
            return set_target(project, measure, value, unit, by=by, lower_is_better=lower)

        if not push(build, "The target"):
            return False
        self.value_edit.clear()
        self.select(measure_text, unit)
        return True

    def remove_selected(self) -> bool:
        project, push, target = self.project, self.push_checked, self.current_target()
        if project is None or push is None or target is None:
            return False
        return push(lambda: remove_target(project, target.measure, target.unit), "The target")

    def tab_title(self) -> str:
        count = len(self.model.targets)
        return f"Targets ({count})" if count else "Targets"


def _box(tip: str) -> QComboBox:
    box = QComboBox()
    box.setToolTip(tip)
    # Sized by a few characters, not by the longest name: the dock never widens the window.
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(BOX_CHARACTERS)
    return box
