"""The Results table: the customers' results as the client measured them, one value per
period, unit and measure.

The lists above the table narrow it to one measure or one unit. A result is typed in the bar
below them (the period as a month ``2026-11``, a week ``2026-W45`` or a day ``2026-11-15``,
read by the model's own parser); a value is corrected in its cell; Delete or Remove takes the
selected result away. Every edit is one command through the window's undo stack, and a period
or a value that cannot be read is refused with a message that says what to type.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from pyramid_app.model.commands import Command, PlanError
from pyramid_app.model.project import Project
from pyramid_app.model.result_commands import set_result
from pyramid_app.model.results import Period, Result, ResultKey, parse_period
from pyramid_app.model.targets import fold_measure
from pyramid_app.model.units import Unit
from pyramid_app.ui.plan.table_parts import (
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

PushChecked = Callable[[Callable[[], Command], str], bool]
BOX_CHARACTERS = 12  # the least width of a list: the dock fits a 1024-pixel window
PERIOD_HELP = "write a month as 2026-11, a week as 2026-W45 or a day as 2026-11-15"


class Col(IntEnum):
    PERIOD = 0
    UNIT = 1
    MEASURE = 2
    VALUE = 3


TITLES = {Col.PERIOD: "Period", Col.UNIT: "Unit", Col.MEASURE: "Measure", Col.VALUE: "Value"}
WIDTHS = {Col.PERIOD: 90, Col.UNIT: 200, Col.MEASURE: 240, Col.VALUE: 90}


def typed_period(text: str) -> Period:
    """The period typed, read by the model's parser; :class:`PlanError` says how to write one."""
    if not text.strip():
        raise PlanError(f"a result needs its period: {PERIOD_HELP}")
    try:
        return parse_period(text)
    except ValueError as error:
        raise PlanError(f"{error}; {PERIOD_HELP}") from None


class ResultsModel(QAbstractTableModel):
    """The results a filter lets through, newest first unless sorted otherwise; a value typed
    in its cell becomes a ``set_result`` command."""

    def __init__(self, push_checked: PushChecked | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.push_checked = push_checked
        self.project: Project | None = None
        self.rows: list[Result] = []
        self.total = 0
        self.measure: str | None = None  # folded; None shows every measure
        self.unit: Unit | None = None
        self.sort_column = Col.PERIOD
        self.sort_order = Qt.SortOrder.DescendingOrder

    def refresh(self, project: Project | None) -> None:
        results = list(project.results) if project is not None else []
        rows = [
            result
            for result in results
            if (self.measure is None or fold_measure(result.measure) == self.measure)
            and (self.unit is None or result.unit == self.unit)
        ]
        self.total = len(results)
        self._order(rows, project)
        if project is self.project and [r.key for r in rows] == [r.key for r in self.rows]:
            # The same rows: changed in place, so a cell's editor is not pulled away.
            self.rows = rows
            if rows:
                self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, len(Col) - 1))
            return
        self.beginResetModel()
        self.project = project
        self.rows = rows
        self.endResetModel()

    def set_filter(self, measure: str | None, unit: Unit | None) -> None:
        self.measure = fold_measure(measure) if measure is not None else None
        self.unit = unit
        self.refresh(self.project)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sort_column, self.sort_order = Col(column), order
        self.layoutAboutToBeChanged.emit()
        self._order(self.rows, self.project)
        self.layoutChanged.emit()

    def _order(self, rows: list[Result], project: Project | None) -> None:
        customer_map = project.customer_map if project is not None else None
        keys: dict[Col, Callable[[Result], Any]] = {
            Col.PERIOD: lambda r: r.period,
            Col.UNIT: lambda r: unit_text(r.unit, customer_map).casefold(),
            Col.MEASURE: lambda r: r.measure.casefold(),
            Col.VALUE: lambda r: r.value,
        }
        descending = self.sort_order == Qt.SortOrder.DescendingOrder
        rows.sort(key=keys[self.sort_column], reverse=descending)

    def row_of(self, key: ResultKey) -> int | None:
        folded = fold_measure(key.measure)
        return next(
            (
                row
                for row, r in enumerate(self.rows)
                if r.period == key.period and r.unit == key.unit
                and fold_measure(r.measure) == folded
            ),
            None,
        )  # fmt: skip

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

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
        if index.isValid() and index.column() == Col.VALUE:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        result = self.rows[index.row()]
        column = Col(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == Col.PERIOD:
                return result.period.text
            if column == Col.UNIT:
                return unit_text(result.unit, self.project.customer_map if self.project else None)
            if column == Col.MEASURE:
                return result.measure
            return value_text(result.measure, result.value)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == Col.VALUE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            period = result.period
            return f"{period.kind.value} {period.text}: {period.start} to {period.end}"
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """A corrected value: one ``set_result`` command, pushed."""
        project, push = self.project, self.push_checked
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or project is None:
            return False
        if push is None or index.column() != Col.VALUE:
            return False
        result = self.rows[index.row()]
        text = str(value)
        if text.strip() == value_text(result.measure, result.value):
            return False
        return push(
            lambda: set_result(
                project, result.unit, result.measure, result.period, typed_number(text)
            ),
            "The result",
        )


class ResultsTable(QWidget):
    """Filters, the bar to type a result, and the table."""

    def __init__(self, push_checked: PushChecked | None = None) -> None:
        super().__init__()
        self.push_checked = push_checked
        self.model = ResultsModel(push_checked, self)
        self.measure_filter = _box("Show only the results of this measure")
        self.unit_filter = _box("Show only the results of this unit")
        self.measure_filter.currentIndexChanged.connect(self._apply_filter)
        self.unit_filter.currentIndexChanged.connect(self._apply_filter)
        self.count = QLabel()
        filters = QHBoxLayout()
        filters.addWidget(QLabel("Show"))
        filters.addWidget(self.measure_filter, 2)
        filters.addWidget(self.unit_filter, 2)
        filters.addWidget(self.count, 1)

        self.period_edit = QLineEdit()
        self.period_edit.setPlaceholderText("2026-11")
        self.period_edit.setToolTip(f"The period: {PERIOD_HELP}")
        self.period_edit.setAccessibleName("Period")
        self.unit_box = _box("The unit the result is for")
        self.measure_box = _box("The measure, as the client names it")
        typed_in(self.measure_box, "measure")
        self.measure_box.setAccessibleName("Measure")
        self.value_edit = QLineEdit()
        self.value_edit.setPlaceholderText("value")
        self.value_edit.setToolTip("The value measured, e.g. 8.4")
        self.value_edit.setAccessibleName("Result value")
        for edit in (self.period_edit, self.value_edit):
            edit.setMaximumWidth(self.fontMetrics().averageCharWidth() * 12)
            edit.returnPressed.connect(self.add)
        self.add_button, self.remove_button = entry_buttons(
            "Add result",
            "Add this result (in place of the value there is)",
            "result",
            self.add,
            self.remove_selected,
        )
        typing = entry_bar(
            [
                (self.period_edit, 1),
                (self.unit_box, 3),
                (self.measure_box, 3),
                (self.value_edit, 1),
            ],
            self.add_button,
            self.remove_button,
        )

        table = self.table = sized_table(self.model, WIDTHS.items())
        table.setSortingEnabled(True)
        table.sortByColumn(Col.PERIOD, Qt.SortOrder.DescendingOrder)
        self.remove_key = RemoveKey(table, self.remove_selected)
        follow_selection(table, self._selection_changed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(filters)
        layout.addLayout(typing)
        layout.addWidget(table, 1)
        self.refresh(None)

    @property
    def project(self) -> Project | None:
        return self.model.project

    def refresh(self, project: Project | None) -> None:
        """Show ``project``'s results; the filters and the bar offer its measures and units."""
        current = self.current_result()
        measures = measure_names(project, with_built_in=False)
        used_units = sorted({r.unit for r in project.results}) if project is not None else []
        self._fill_filter(self.measure_filter, "All measures", [(m, m) for m in measures])
        customer_map = project.customer_map if project is not None else None
        self._fill_filter(
            self.unit_filter, "All units", [(unit_text(u, customer_map), u) for u in used_units]
        )
        self.model.measure = _folded(self.measure_filter.currentData())
        self.model.unit = self.unit_filter.currentData()
        self.model.refresh(project)
        typed = self.measure_box.currentText()
        self.measure_box.blockSignals(True)
        self.measure_box.clear()
        self.measure_box.addItems(measures)
        self.measure_box.setCurrentText(typed)
        self.measure_box.blockSignals(False)
        fill_units(self.unit_box, project)
        self.setEnabled(project is not None)
        self._count()
        if current is not None:
            self.select(current.key)

    @staticmethod
    def _fill_filter(box: QComboBox, every: str, choices: list[tuple[str, object]]) -> None:
        chosen = box.currentData()
        box.blockSignals(True)
        box.clear()
        box.addItem(every, None)
        for words, value in choices:
            box.addItem(words, value)
        box.setCurrentIndex(max(box.findData(chosen), 0) if chosen is not None else 0)
        box.blockSignals(False)

    def _apply_filter(self) -> None:
        self.model.set_filter(self.measure_filter.currentData(), self.unit_filter.currentData())
        self._count()

    def _count(self) -> None:
        shown, total = len(self.model.rows), self.model.total
        self.count.setText(f"{shown:,} of {total:,} result{'s' if total != 1 else ''}")

    def current_result(self) -> Result | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.model.rows):
            return None
        return self.model.rows[rows[0].row()]

    def select(self, key: ResultKey) -> None:
        row = self.model.row_of(key)
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def _selection_changed(self) -> None:
        self.remove_button.setEnabled(self.current_result() is not None)

    def add(self) -> bool:
        """Put the result the bar describes: one command, or the window says why not."""
        project, push = self.project, self.push_checked
        if project is None or push is None:
            return False
        period_text, value_typed = self.period_edit.text(), self.value_edit.text()
        measure, unit = self.measure_box.currentText(), self.unit_box.currentData()
        key: list[ResultKey] = []

        def build() -> Command:
            period = typed_period(period_text)
            if not isinstance(unit, Unit):
                raise PlanError("choose the unit the result is for")
            command = set_result(project, unit, measure, period, typed_number(value_typed))
            key.append(command.put[0].key)
            return command

        if not push(build, "The result"):
            return False
        self.value_edit.clear()
        self.select(key[0])
        return True

    def remove_selected(self) -> bool:
        project, push, result = self.project, self.push_checked, self.current_result()
        if project is None or push is None or result is None:
            return False
        return push(
            lambda: set_result(project, result.unit, result.measure, result.period, None),
            "The result",
        )

    def tab_title(self) -> str:
        total = self.model.total
        return f"Results ({total:,})" if total else "Results"


def _folded(measure: object) -> str | None:
    return fold_measure(measure) if isinstance(measure, str) else None


def _box(tip: str) -> QComboBox:
    box = QComboBox()
    box.setToolTip(tip)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(BOX_CHARACTERS)
    return box
