"""The plan table's due-date cell editor: a date, or no date at all.

A plain ``QDateEdit`` always holds some date, so the table could set or move a due date but
never take one away. :class:`DueEdit` keeps a "no date" state (its minimum date, shown as
"no date", as the commitment panel does), reached by Delete, Backspace or the clear button.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QDate,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QDateEdit,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from pyramid_app.ui.dates import date_edit_format

Index = QModelIndex | QPersistentModelIndex

NO_DATE_TEXT = "no date"
EARLIEST = QDate(1900, 1, 1)  # stands for "no date"; real due dates lie after it
CLEAR_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)


class DueEdit(QDateEdit):
    """A date editor with a "no date" state.

    From "no date", typing a digit, stepping or opening the calendar starts at today rather
    than at the stand-in minimum date.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat(date_edit_format())
        self.setMinimumDate(EARLIEST)
        self.setSpecialValueText(NO_DATE_TEXT)
        self.setToolTip("Delete or Backspace: no due date")
        line = self.lineEdit()
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_LineEditClearButton)
        self.clear_action = QAction(icon, "No due date", self)
        self.clear_action.setObjectName("clear_due")
        self.clear_action.setToolTip("No due date")
        self.clear_action.triggered.connect(self.clear_date)
        line.addAction(self.clear_action, QLineEdit.ActionPosition.TrailingPosition)
        self.dateChanged.connect(self._show_clear_action)
        self._show_clear_action()
        # Our own calendar, so that a day picked is heard before the popup closes on it.
        self._calendar_from_empty = False
        calendar = QCalendarWidget()
        calendar.clicked.connect(self._day_picked)
        calendar.activated.connect(self._day_picked)
        calendar.installEventFilter(self)
        self.setCalendarWidget(calendar)

    # -- the "no date" state ---------------------------------------------------------------

    def is_empty(self) -> bool:
        return self.date() == self.minimumDate()

    def set_due(self, day: QDate | None) -> None:
        """Show a due date, or "no date" for None or an invalid date."""
        if day is None or not day.isValid():
            self.clear_date()
            return
        if day <= EARLIEST:  # an odd old date must not read as "no date"
            self.setMinimumDate(day.addDays(-1))
        self.setDate(day)

    def due(self) -> QDate:
        """The date shown, or an invalid QDate for "no date"."""
        return QDate() if self.is_empty() else self.date()

    def clear_date(self) -> None:
        self.setDate(self.minimumDate())
        self.selectAll()

    def _start_today(self) -> None:
        """Today, with the first part of the date selected (the day, month or year, as the
        system writes dates), so that digits typed next write the date in its order."""
        self.setDate(QDate.currentDate())
        self.setSelectedSection(self.sectionAt(0))

    def _show_clear_action(self) -> None:
        self.clear_action.setVisible(not self.is_empty())

    # -- keys and the calendar -------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in CLEAR_KEYS and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.clear_date()
            event.accept()
            return
        if self.is_empty() and event.text().isdigit():
            self._start_today()  # the digit then types over the selected first part
        super().keyPressEvent(event)

    def stepBy(self, steps: int) -> None:
        if self.is_empty():
            self._start_today()
            return
        super().stepBy(steps)

    def _day_picked(self) -> None:
        self._calendar_from_empty = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        calendar = self.calendarWidget()
        if watched is calendar and event.type() == QEvent.Type.Show and self.is_empty():
            # Open on today rather than on the stand-in minimum date...
            self._calendar_from_empty = True
            calendar.setSelectedDate(QDate.currentDate())
        elif watched is calendar and event.type() == QEvent.Type.Hide and self._calendar_from_empty:
            # ...and closed without a day picked, it leaves the due date empty.
            self._calendar_from_empty = False
            self.clear_date()
        return super().eventFilter(watched, event)


class DueDelegate(QStyledItemDelegate):
    """Edits a due date with :class:`DueEdit`; leaving it at "no date" removes the due date."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        return DueEdit(parent)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, DueEdit)
        value = index.data(Qt.ItemDataRole.EditRole)
        editor.set_due(value if isinstance(value, QDate) else None)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        # An unchanged value (no date kept as no date) is no edit: the model pushes nothing.
        assert isinstance(editor, DueEdit)
        model.setData(index, editor.due(), Qt.ItemDataRole.EditRole)
