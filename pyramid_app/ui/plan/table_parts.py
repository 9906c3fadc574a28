"""Pieces the Targets and the Results tables (and the results import's preview) share: the
table's look, Delete to remove a row, a cell edited from a short list, numbers typed the way
people write them, and a read-only table of words."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from pyramid_app.io.spreadsheet.results_import import number_of
from pyramid_app.model.commands import PlanError

Index = QModelIndex | QPersistentModelIndex
REMOVE_KEYS = (Qt.Key.Key_Delete,)


def edit_table(
    table: QTableView,
    selection: QAbstractItemView.SelectionMode = QAbstractItemView.SelectionMode.SingleSelection,
    fill_width: bool = True,
) -> None:
    """Whole rows chosen (one at a time unless ``selection`` says otherwise: every edit is one
    undo step), edited by a double-click, F2 or typing; the last column takes the width left
    when ``fill_width``."""
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(selection)
    table.setEditTriggers(
        QAbstractItemView.EditTrigger.DoubleClicked
        | QAbstractItemView.EditTrigger.EditKeyPressed
        | QAbstractItemView.EditTrigger.AnyKeyPressed
    )
    table.setWordWrap(False)
    table.setAlternatingRowColors(True)
    rows = table.verticalHeader()
    rows.hide()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(table.fontMetrics().height() + 8)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setHighlightSections(False)
    if fill_width:
        header.setStretchLastSection(True)
        table.setMinimumHeight(table.fontMetrics().height() * 4)


def sized_table(model: QAbstractItemModel, widths: Iterable[tuple[int, int]]) -> QTableView:
    """A table of ``model`` set up by :func:`edit_table`, with ``(column, width)`` widths."""
    table = QTableView()
    table.setModel(model)
    edit_table(table)
    for column, width in widths:
        table.setColumnWidth(column, width)
    return table


def entry_bar(
    fields: Sequence[tuple[QWidget, int]], add: QPushButton, remove: QPushButton
) -> QHBoxLayout:
    """The fields a row is typed in, each with its stretch, the button adding it, and the one
    removing the selected row at the far end."""
    bar = QHBoxLayout()
    for widget, stretch in (*fields, (add, 0)):
        bar.addWidget(widget, stretch)
    bar.addStretch(0)
    bar.addWidget(remove)
    return bar


def entry_buttons(
    add_text: str, add_tip: str, what: str, add: Callable[[], object], remove: Callable[[], object]
) -> tuple[QPushButton, QPushButton]:
    """The button adding what is typed in an entry bar and the one removing the selected
    ``what`` (Delete does too: :class:`RemoveKey`)."""
    add_button = QPushButton(add_text)
    add_button.setToolTip(add_tip)
    add_button.clicked.connect(add)
    remove_button = QPushButton("Remove")
    remove_button.setToolTip(f"Remove the selected {what} (Delete)")
    remove_button.clicked.connect(remove)
    return add_button, remove_button


def follow_selection(table: QTableView, changed: Callable[[], object]) -> None:
    """Call ``changed`` whenever the table's selection or its whole model changes."""
    table.model().modelReset.connect(changed)
    table.selectionModel().selectionChanged.connect(changed)


class RemoveKey(QObject):
    """Delete on a table's selected row (not while a cell is edited) calls ``remove``."""

    def __init__(self, table: QTableView, remove: Callable[[], object]) -> None:
        super().__init__(table)
        self.table = table
        self.remove = remove
        table.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if (
            watched is self.table
            and kind in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride)
            and isinstance(event, QKeyEvent)
            and event.key() in REMOVE_KEYS
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            and self.table.state() != QAbstractItemView.State.EditingState
            and self.table.currentIndex().isValid()
        ):
            event.accept()
            if kind == QEvent.Type.KeyPress:
                self.remove()
            return True
        return super().eventFilter(watched, event)


class ChoiceDelegate(QStyledItemDelegate):
    """A cell edited from a list of (words, value); the model's EditRole is the value."""

    def __init__(self, choices: list[tuple[str, object]], parent: QObject) -> None:
        super().__init__(parent)
        self.choices = choices

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        box = QComboBox(parent)
        for words, value in self.choices:
            box.addItem(words, value)
        # A pick from the list is the edit: no Enter needed after it.
        box.activated.connect(lambda _index: self._finish(box))
        return box

    def _finish(self, box: QComboBox) -> None:
        self.commitData.emit(box)
        self.closeEditor.emit(box)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(editor.findData(index.data(Qt.ItemDataRole.EditRole)), 0))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


def typed_number(text: str, share: bool = False) -> float:
    """A number as people type it ("8.5", "8,5", "1,234", "80%"); for a share (a built-in
    measure, 0 to 1), 80 means 80% too. :class:`PlanError` says what is wrong."""
    value = number_of(text.strip())
    if value is None:
        raise PlanError("a value is needed: type a number, e.g. 8.5 or 80%")
    if isinstance(value, str):
        raise PlanError(f"{value}: type a number, e.g. 8.5 or 80%")
    if share and 1 < value <= 100 and not text.strip().endswith("%"):
        value /= 100
    return value


def typed_in(box: QComboBox, placeholder: str) -> None:
    """``box`` takes a name typed in (a new one too) besides those it offers."""
    box.setEditable(True)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    line = box.lineEdit()
    if line is not None:
        line.setPlaceholderText(placeholder)


class LinesModel(QAbstractTableModel):
    """Rows of words, read only."""

    def __init__(self, headers: Sequence[str], numbers: Sequence[int] = ()) -> None:
        super().__init__()
        self.headers = list(headers)
        self.numbers = frozenset(numbers)  # the columns of numbers, aligned right
        self.lines: list[tuple[str, ...]] = []

    def show_lines(self, lines: list[tuple[str, ...]]) -> None:
        self.beginResetModel()
        self.lines = lines
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole) and index.isValid():
            line = self.lines[index.row()]
            return line[index.column()] if index.column() < len(line) else ""
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.numbers:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def capped(lines: list[tuple[str, ...]], total: int) -> list[tuple[str, ...]]:
    """``lines``, the first of ``total``, with a last row counting the rest."""
    if total > len(lines):
        lines.append((f"... and {total - len(lines):,} more",))
    return lines
