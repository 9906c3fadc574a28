"""The Plan dock: every commitment of the project in one table, filtered, sorted and edited.

Cell edits are the same commands the commitment panel pushes, so they undo from Edit > Undo;
Enter confirms an edit and the keyboard stays in the table. Enter or a double-click on a
read-only cell selects the manager on the pyramid, which keeps its zoom and place (Z zooms to
the selection). Delete or Backspace on a due date, measure, cadence or practice cell opens its
editor emptied.

On a laptop the dock must fit the screen: the filters shrink before they widen the window, and
the columns read in the room (the commitment, its due date and its status) come first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pyramid_app.model.commands import Command
from pyramid_app.model.plan import STANDARD_CADENCES, Status
from pyramid_app.ui.idle_work import idle_work
from pyramid_app.ui.menus import menu_titled
from pyramid_app.ui.plan.plan_table_due import CLEAR_KEYS, DueDelegate, DueEdit
from pyramid_app.ui.plan.plan_table_follow import PlanTableFollower
from pyramid_app.ui.plan.plan_table_model import Col, PlanFilter, PlanTableModel
from pyramid_app.ui.plan.table_parts import ChoiceDelegate, edit_table

if TYPE_CHECKING:
    from pyramid_app.ui.context import WindowContext

Index = QModelIndex | QPersistentModelIndex

# Each filter list starts with its "every value" choice, which names what it filters.
FILTER_COLUMNS = {
    Col.LEVEL: ("level", "All levels"),
    Col.DEPARTMENT: ("department", "All departments"),
    Col.LOCATION: ("location", "All locations"),
    Col.STATUS: ("status", "All statuses"),
    Col.PRACTICE: ("practice", "All practices"),
}
FILTER_CHARACTERS = 5  # a filter list's width when space is short; it grows when there is room
SEARCH_CHARACTERS = 16  # the filter box's least width, in average characters
COLUMN_WIDTHS = {
    Col.ID: 70,
    Col.MANAGER: 140,
    Col.MANAGER_ID: 85,
    Col.LEVEL: 48,
    Col.DEPARTMENT: 110,
    Col.LOCATION: 100,
    Col.PRACTICE: 140,
    Col.TEXT: 320,
    Col.SERVES: 130,
    Col.MEASURE: 170,
    Col.CADENCE: 90,
    Col.DUE: 90,
    Col.STATUS: 90,
    Col.NOTE: 220,
    Col.CHANGED: 120,
}
# Cells the model lets be empty: Delete or Backspace on one opens its editor emptied.
CLEARABLE = (Col.PRACTICE, Col.MEASURE, Col.CADENCE, Col.DUE)
MAX_KEPT_SELECTION = 5_000  # rows re-selected after a reset; more is a "select all"


class StatusCombo(QComboBox):
    """A status cell's list: the arrow keys move through it and Enter commits (as in every
    other cell), and so does a status picked from the opened list.

    QComboBox reports an arrow key's step as ``activated`` too; committing on that closed the
    editor under the planner, and the Enter meant to confirm then reached the table.
    """

    picked = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._list_open = False
        self.activated.connect(self._activated)

    def showPopup(self) -> None:
        self._list_open = True
        super().showPopup()

    def hidePopup(self) -> None:
        super().hidePopup()
        # A pick from the list is reported (activated) right after the list hides; an arrow
        # key's step later on is not a pick.
        QTimer.singleShot(0, self._list_closed)

    def _list_closed(self) -> None:
        self._list_open = False

    def _activated(self, _index: int) -> None:
        if self._list_open:
            self._list_open = False
            self.picked.emit()


class StatusDelegate(ChoiceDelegate):
    """Status from a list; Enter, or picking one from the opened list, commits it (an arrow
    key's step does not: :class:`StatusCombo`)."""

    def __init__(self, parent: QObject) -> None:
        super().__init__([(status.value, status.value) for status in Status], parent)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = StatusCombo(parent)
        for words, value in self.choices:
            combo.addItem(words, value)
        combo.picked.connect(lambda: self._finish(combo))
        return combo


class CompletingDelegate(QStyledItemDelegate):
    """Free text with suggestions (practice families, standard cadences)."""

    def __init__(self, choices: Callable[[], list[str]], parent: QWidget) -> None:
        super().__init__(parent)
        self.choices = choices

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = QLineEdit(parent)
        completer = QCompleter(self.choices(), editor)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        editor.setCompleter(completer)
        return editor


class PlanTable(QWidget):
    """Filters above, the table below; ``manager_chosen`` carries a manager's person id (Enter
    or a double-click on a row's read-only cell)."""

    manager_chosen = Signal(str)

    def __init__(self, push: Callable[[Command], bool] | None = None) -> None:
        super().__init__()
        self.model = PlanTableModel(push, self)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Filter: id, manager, commitment, practice, measure, note")
        self.search.setToolTip(self.search.placeholderText())
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(
            self.search.fontMetrics().averageCharWidth() * SEARCH_CHARACTERS
        )
        self.combos: dict[Col, QComboBox] = {}
        bar = QHBoxLayout()
        bar.addWidget(self.search, 3)
        for column, (word, every) in FILTER_COLUMNS.items():
            combo = QComboBox()
            combo.addItem(every, None)
            # Sized by a few characters, not by the longest department: the dock never
            # forces the window wider than a laptop's screen.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(FILTER_CHARACTERS)
            combo.setToolTip(f"Show only commitments with this {word}")
            combo.setAccessibleName(f"Filter by {word}")
            combo.currentIndexChanged.connect(self._apply_filter)
            bar.addWidget(combo, 2)
            self.combos[column] = combo
        self.count = QLabel()
        bar.addWidget(self.count)

        table = self.table = QTableView()
        table.setModel(self.model)
        table.setSortingEnabled(True)
        table.sortByColumn(Col.ID, Qt.SortOrder.AscendingOrder)
        edit_table(table, QAbstractItemView.SelectionMode.ExtendedSelection, fill_width=False)
        for column, width in COLUMN_WIDTHS.items():
            table.setColumnWidth(column, width)
        table.setItemDelegateForColumn(Col.STATUS, StatusDelegate(table))
        table.setItemDelegateForColumn(Col.DUE, DueDelegate(table))
        table.setItemDelegateForColumn(Col.PRACTICE, CompletingDelegate(self._practices, table))
        table.setItemDelegateForColumn(Col.CADENCE, CompletingDelegate(self._cadences, table))
        table.activated.connect(self._activated)
        table.installEventFilter(self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(table)

        self.search.textChanged.connect(self._apply_filter)
        model = self.model
        model.contents_changed.connect(self._refresh_choices)
        model.modelAboutToBeReset.connect(self._remember_selection)
        model.modelReset.connect(self._restore_selection)
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved):
            signal.connect(self._update_count)
        self._kept: tuple[str | None, int, list[str]] = (None, 0, [])
        self.follower: PlanTableFollower | None = None
        self._refresh_choices()

    # -- filters ---------------------------------------------------------------------------

    def current_filter(self) -> PlanFilter:
        equals = tuple(
            (column, str(combo.currentData()))
            for column, combo in self.combos.items()
            if combo.currentData() is not None
        )
        return PlanFilter(self.search.text(), equals)

    def _apply_filter(self) -> None:
        self.model.set_filter(self.current_filter())
        self._update_count()

    def _refresh_choices(self) -> None:
        """Each filter offers the values present in the plan (and keeps the one chosen)."""
        rows = self.model.rows
        for column, combo in self.combos.items():
            values = [s.value for s in Status] if column == Col.STATUS else rows.values_of(column)
            chosen = combo.currentData()
            if chosen is not None and chosen not in values:
                values.append(chosen)
            present = [combo.itemData(i) for i in range(1, combo.count())]
            if present == values:
                continue
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(FILTER_COLUMNS[column][1], None)
            for value in values:
                combo.addItem(_choice_label(column, value), value)
            combo.setCurrentIndex(max(combo.findData(chosen), 0) if chosen is not None else 0)
            combo.blockSignals(False)
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), self.model.total
        noun = "commitment" if total == 1 else "commitments"
        text = f"{shown:,} of {total:,} {noun}"
        if text == self.count.text():
            return
        self.count.setText(text)
        # Longer words take their room now, not at the next layout pass: until then they
        # were cut ("37 of 37 commitme").
        layout = self.layout()
        if layout is not None:
            layout.activate()

    def _practices(self) -> list[str]:
        project = self.model.project
        names = project.library.names() if project is not None else []
        return list(dict.fromkeys([*names, *self.model.rows.values_of(Col.PRACTICE)]))

    def _cadences(self) -> list[str]:
        return list(dict.fromkeys([*STANDARD_CADENCES, *self.model.rows.values_of(Col.CADENCE)]))

    # -- selection across resets -----------------------------------------------------------

    def selected_ids(self) -> list[str]:
        rows = self.table.selectionModel().selectedRows()
        return [self.model.commitment_at(index.row()).id for index in rows]

    def current_id(self) -> str | None:
        current = self.table.currentIndex()
        if not current.isValid():
            return None
        return self.model.commitment_at(current.row()).id

    def _remember_selection(self) -> None:
        column = max(self.table.currentIndex().column(), 0)
        selection = self.table.selectionModel().selection()
        count = sum(selection.at(i).height() for i in range(selection.size()))
        selected = self.selected_ids() if count <= MAX_KEPT_SELECTION else []
        self._kept = (self.current_id(), column, selected)

    def _restore_selection(self) -> None:
        current_id, column, selected = self._kept
        model, selection_model = self.model, self.table.selectionModel()
        selection = QItemSelection()
        for row in model.rows_of(selected):
            selection.select(model.index(row, 0), model.index(row, len(Col) - 1))
        selection_model.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        current_row = model.row_of(current_id) if current_id is not None else None
        if current_row is not None:
            index = model.index(current_row, column)
            selection_model.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
            self.table.scrollTo(index)

    # -- emptying a cell ------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if (
            watched is self.table
            and kind in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride)
            and isinstance(event, QKeyEvent)
            and event.key() in CLEAR_KEYS
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            and self._clearable()
        ):
            # Backspace is also the window's "back to the whole organisation": on a cell
            # that can be emptied the table takes it, as a text field would.
            if kind == QEvent.Type.ShortcutOverride:
                event.accept()
                return True
            return self._edit_emptied()
        return super().eventFilter(watched, event)

    def _clearable(self) -> bool:
        index = self.table.currentIndex()
        return (
            self.table.state() != QAbstractItemView.State.EditingState
            and index.isValid()
            and Col(index.column()) in CLEARABLE
        )

    def _edit_emptied(self) -> bool:
        """Open the current cell's editor already emptied, as a spreadsheet's Delete does;
        nothing changes until Enter, and Escape leaves the cell as it was."""
        table = self.table
        index = table.currentIndex()
        table.edit(index)
        editor = table.indexWidget(index)
        if table.state() != QAbstractItemView.State.EditingState or editor is None:
            return False
        if isinstance(editor, DueEdit):
            editor.clear_date()
        elif isinstance(editor, QLineEdit):
            editor.clear()
        return True

    # -- jumping to the pyramid ------------------------------------------------------------

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.manager_chosen.emit(self.model.commitment_at(index.row()).manager_id)


def _choice_label(column: Col, value: str) -> str:
    if not value:
        return "(none)"
    if column == Col.LEVEL:
        return f"Level {value}"
    return value


class PlanDock(NamedTuple):
    """What :func:`install_plan_dock` made."""

    table: PlanTable
    dock: QDockWidget


def install_plan_dock(context: WindowContext) -> PlanDock:
    """The Plan dock (bottom, hidden at first) and View > Plan table (Ctrl+Shift+P)."""
    table = PlanTable(context.push)
    dock = QDockWidget("Plan", context.host)
    dock.setObjectName("plan")
    dock.setWidget(table)
    context.host.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    dock.hide()
    toggle = dock.toggleViewAction()
    toggle.setText("&Plan table")
    toggle.setShortcut(QKeySequence("Ctrl+Shift+P"))
    view_menu = menu_titled(context.host, "View")
    view_menu.addSeparator()
    view_menu.addAction(toggle)
    table.model.edit_refused.connect(context.show_edit_failure)
    # The pyramid follows without moving: a jump and a zoom to one card, among empty bands,
    # lost the room's picture at every Enter.
    table.manager_chosen.connect(
        lambda person_id: context.shown.select_person(person_id, centre=False)
    )
    # The table follows the project; hidden, its rows are rebuilt (after a new project or a
    # large edit) while the window is idle, so the Plan workspace opens on rows made ahead.
    follower = PlanTableFollower(
        dock, table.model, lambda: context.project, idle_work(context.host)
    )
    context.project_shown.connect(follower.project_shown)
    context.project_edited.connect(follower.edited)
    table.follower = follower
    return PlanDock(table, dock)
