"""The form that edits one commitment in place, one field at a time.

Each field reports a finished edit (focus leaves it, Enter, a choice in a combo box) as
``field_edited(name, value)``; the panel turns it into one command, and refuses nothing
here. Loading a commitment never overwrites a field the planner is typing in unless that
field's value changed underneath (an undo, another panel).
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from pyramid_app.model.customers import CustomerMap
from pyramid_app.model.plan import STANDARD_CADENCES, Commitment, Status
from pyramid_app.ui.dates import date_edit_format, short_date

ID_ROLE = Qt.ItemDataRole.UserRole
# Words typed into a field are saved this long after the last keystroke (a crash loses at most
# that), and when the field is left.
TYPING_SAVE_MS = 700
MAX_NOTES_SHOWN = 5  # newest first; the plan table and the export have them all
NEED_ROLE = Qt.ItemDataRole.UserRole  # a need action's id
MAX_NEED_WORDS = 60  # of a need's text in the picker's menu


def to_qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


class CommitTextEdit(QPlainTextEdit):
    """Multi-line text whose edit is finished by Enter or leaving it; Shift+Enter breaks a line."""

    editing_finished = Signal()
    editing_cancelled = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setTabChangesFocus(True)
        self.setPlaceholderText("How will this manager serve their reports?")
        lines = self.fontMetrics().lineSpacing() * 3
        self.setFixedHeight(lines + 2 * int(self.document().documentMargin()) + 6)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.editing_finished.emit()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.editing_cancelled.emit()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.editing_finished.emit()


class WheelOnlyWhenFocused(QObject):
    """The form scrolls with the page: a wheel over an unfocused combo box or date must scroll,
    not quietly change a commitment's status or due date."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        wheel = event.type() == QEvent.Type.Wheel
        if not (wheel and isinstance(watched, QWidget)) or watched.hasFocus():
            return False
        # Qt does not pass a forwarded wheel on to parents, so hand it to the page itself.
        area = watched.parentWidget()
        while area is not None and not isinstance(area, QAbstractScrollArea):
            area = area.parentWidget()
        if area is not None:
            QApplication.sendEvent(area.viewport(), event)
        return True


def editable_combo(items: tuple[str, ...] | list[str]) -> QComboBox:
    combo = QComboBox()
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.addItems(list(items))
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(8)
    return combo


class CommitmentEditor(QWidget):
    """Fields of the commitment shown; ``field_edited`` and ``note_added`` carry the planner's
    finished edits, compared against the plan by the panel before anything is pushed."""

    field_edited = Signal(str, object)
    field_typed = Signal(str, object)  # a field's value while it is still being typed
    # Every keystroke's value, for views that show the words as they are typed; nothing is
    # saved on it (``field_typed`` saves a moment after the last keystroke).
    field_changing = Signal(str, object)
    note_added = Signal(object, str)  # date, text

    def __init__(self) -> None:
        super().__init__()
        self.commitment: Commitment | None = None
        self._reports_key: tuple[str, tuple[str, ...], tuple[str, ...]] | None = None

        self.heading = QLabel()
        self.text = CommitTextEdit()
        self.practice = editable_combo([])
        self.serves_all = QRadioButton("All direct reports")
        self.serves_some = QRadioButton("Only:")
        self.serves_group = QButtonGroup(self)
        self.serves_group.addButton(self.serves_all)
        self.serves_group.addButton(self.serves_some)
        self.reports = QListWidget()
        self.reports.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.reports.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.measure = QLineEdit()
        self.measure.setPlaceholderText("How you will know it works")
        self.cadence = editable_combo(STANDARD_CADENCES)
        self.has_due = QCheckBox()
        self.has_due.setToolTip("Untick for no due date")
        self.due = QDateEdit()
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat(date_edit_format())
        self.due.setSpecialValueText("no date")
        self.due.setMinimumDate(QDate(1900, 1, 1))
        self.status = QComboBox()
        for status in Status:
            self.status.addItem(status.value, status)
        self.owner_note = QLineEdit()
        self.owner_note.setPlaceholderText("For the manager: context, who helps")
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setTextFormat(Qt.TextFormat.RichText)
        self.notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note_date = QDateEdit()
        self.note_date.setCalendarPopup(True)
        self.note_date.setDisplayFormat(date_edit_format())
        self.note_text = QLineEdit()
        self.note_text.setPlaceholderText("What happened?")
        self.add_note = QPushButton("Add note")
        self.note_label = QLabel("")
        # The touchpoint needs this commitment answers, chosen in a menu grouped by customer
        # segment and touchpoint. The map comes from whoever installs the customers' part.
        self.customer_map_source: Callable[[], CustomerMap | None] = lambda: None
        self.needs_button = QToolButton()
        self.needs_button.setText("Touchpoint needs...")
        self.needs_button.setToolTip(
            "Which touchpoint needs (be, do, have) this commitment answers"
        )
        self.needs_button.setAccessibleName("Answers needs")
        self.needs_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.needs_menu = QMenu(self.needs_button)
        self.needs_menu.setToolTipsVisible(True)
        self.needs_menu.aboutToShow.connect(self.fill_needs_menu)
        self.needs_button.setMenu(self.needs_menu)
        self.needs_label = QLabel()
        self.needs_label.setWordWrap(True)
        self.needs_label.setTextFormat(Qt.TextFormat.RichText)

        form = self.form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.heading)
        form.addRow("Text", self.text)
        form.addRow("Practice", self.practice)
        serves_row = QHBoxLayout()
        serves_row.addWidget(self.serves_all)
        serves_row.addWidget(self.serves_some)
        serves_row.addStretch(1)
        form.addRow("Serves", serves_row)
        form.addRow("", self.reports)
        # The needs' words get the whole width under the button: they wrap onto a few lines.
        form.addRow("Answers", self.needs_button)
        form.addRow(self.needs_label)
        form.addRow("Measure", self.measure)
        form.addRow("Cadence", self.cadence)
        due_row = QHBoxLayout()
        due_row.addWidget(self.has_due)
        due_row.addWidget(self.due, 1)
        form.addRow("Due", due_row)
        form.addRow("Status", self.status)
        form.addRow("Owner note", self.owner_note)
        form.addRow("Progress", self.notes)
        form.addRow(self.note_label, self.note_text)
        note_row = QHBoxLayout()
        note_row.addWidget(self.note_date, 1)
        note_row.addWidget(self.add_note)
        form.addRow("", note_row)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 4, 0, 0)
        outer.addLayout(form)
        outer.addStretch(1)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

        self.wheel_guard = WheelOnlyWhenFocused(self)
        for widget in (self.practice, self.cadence, self.status, self.due, self.note_date):
            widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            widget.installEventFilter(self.wheel_guard)
        # What is being typed is saved a moment after the last keystroke, so a crash loses at
        # most that moment; leaving the field (or Enter) saves it at once, as before.
        self.typing_timer = QTimer(self)
        self.typing_timer.setSingleShot(True)
        self.typing_timer.setInterval(TYPING_SAVE_MS)
        self.typing_timer.timeout.connect(self._save_typing)
        self._typing: str | None = None  # the field being typed in, if its words are unsaved
        self._typed_from: tuple[str, str] | None = None  # (field, value) before the typing
        self.text.textChanged.connect(lambda: self._typed("text"))
        self.measure.textEdited.connect(lambda _text: self._typed("measure"))
        self.owner_note.textEdited.connect(lambda _text: self._typed("owner_note"))
        for combo, name in ((self.practice, "practice"), (self.cadence, "cadence")):
            line = combo.lineEdit()
            if line is not None:
                line.textEdited.connect(lambda _text, n=name: self._typed(n))
        self.text.editing_cancelled.connect(self._cancel_text)
        self.text.editing_finished.connect(
            lambda: self._emit("text", self.text.toPlainText().strip())
        )
        self._connect_combo(self.practice, "practice")
        self._connect_combo(self.cadence, "cadence")
        self.measure.editingFinished.connect(
            lambda: self._emit("measure", self.measure.text().strip())
        )
        self.owner_note.editingFinished.connect(
            lambda: self._emit("owner_note", self.owner_note.text().strip())
        )
        self.status.activated.connect(
            lambda i: self._emit("status", Status(self.status.itemData(i)))
        )
        self.serves_group.buttonClicked.connect(self._serves_clicked)
        self.reports.itemChanged.connect(lambda _item: self._emit("serves", self.checked_reports()))
        self.has_due.clicked.connect(self._due_ticked)
        self.due.editingFinished.connect(self._due_finished)
        self.due.calendarWidget().clicked.connect(self._due_clicked)
        self.add_note.clicked.connect(self._add_note)
        self.note_text.returnPressed.connect(self._add_note)

    # -- loading -------------------------------------------------------------------------

    def show_commitment(
        self,
        commitment: Commitment | None,
        reports: list[tuple[str, str]] | None = None,
        practices: list[str] | None = None,
        force: bool = False,
    ) -> None:
        """Fill the fields; ``reports`` are (person id, label) of whom it may serve: the direct
        reports, and anyone it serves who no longer reports here (so they can be unticked).

        ``force`` also rewrites the field being typed in (after a refused edit).
        """
        old, self.commitment = self.commitment, commitment
        self.setEnabled(commitment is not None)
        if commitment is None or old is None or old.id != commitment.id:
            # Another commitment: leaving the field saved what was typed in the old one.
            self.typing_timer.stop()
            self._typing = self._typed_from = None
        if commitment is None:
            self.heading.setText("<i>Choose a commitment to edit it here.</i>")
            return
        if old is None or old.id != commitment.id:
            force = True

        def keep(widget: QWidget, name: str) -> bool:
            """A field being typed in keeps its text unless its value changed underneath: a
            value saved while typing is the typed text itself, so the cursor stays put."""
            if force or not widget.hasFocus() or old is None:
                return False
            value = getattr(commitment, name)
            if getattr(old, name) == value:
                return True
            return isinstance(value, str) and self._typed_value(name) == value

        created = short_date(commitment.created.date())
        self.heading.setText(f"<b>{commitment.id}</b> <span style='color:#5f6670'>"
                             f"· created {created}</span>")  # fmt: skip
        if not keep(self.text, "text"):
            with QSignalBlocker(self.text):
                self.text.setPlainText(commitment.text)
        self._fill_combo(self.practice, practices or [], commitment.practice, keep)
        self._fill_combo(self.cadence, list(STANDARD_CADENCES), commitment.cadence, keep)
        self._set_line(self.measure, commitment.measure, keep(self.measure, "measure"))
        self._set_line(self.owner_note, commitment.owner_note, keep(self.owner_note, "owner_note"))
        with QSignalBlocker(self.status):
            self.status.setCurrentIndex(list(Status).index(commitment.status))
        with QSignalBlocker(self.has_due), QSignalBlocker(self.due):
            self.has_due.setChecked(commitment.due is not None)
            self.due.setEnabled(commitment.due is not None)
            if commitment.due is None:
                self.due.setDate(self.due.minimumDate())  # shows "no date"
            elif not keep(self.due, "due"):
                self.due.setDate(to_qdate(commitment.due))
        self._fill_reports(commitment, reports or [])
        self.show_needs(commitment)
        latest = sorted(commitment.notes, key=lambda n: n.on, reverse=True)
        lines = [
            f"<b>{short_date(note.on)}</b>&nbsp; {html.escape(note.text)}"
            for note in latest[:MAX_NOTES_SHOWN]
        ]
        if len(latest) > MAX_NOTES_SHOWN:
            lines.append(f"<i>and {len(latest) - MAX_NOTES_SHOWN} earlier</i>")
        self.notes.setText("<br>".join(lines))
        self.notes.setVisible(bool(commitment.notes))
        self.form.labelForField(self.notes).setVisible(bool(commitment.notes))
        self.note_label.setText("" if commitment.notes else "Progress")
        if self.note_date.date() < QDate(2000, 1, 1) or force:
            self.note_date.setDate(QDate.currentDate())

    def _fill_combo(
        self, combo: QComboBox, items: list[str], value: str, keep: Callable[..., bool]
    ) -> None:
        with QSignalBlocker(combo):
            wanted = [*items, *([value] if value and value not in items else [])]
            if [combo.itemText(i) for i in range(combo.count())] != wanted:
                combo.clear()
                combo.addItems(wanted)
            line = combo.lineEdit()
            if line is not None and not (line.hasFocus() and keep(line, self._name_of(combo))):
                combo.setCurrentIndex(combo.findText(value) if value else -1)
                combo.setEditText(value)

    def _name_of(self, combo: QComboBox) -> str:
        return "practice" if combo is self.practice else "cadence"

    @staticmethod
    def _set_line(line: QLineEdit, value: str, keep: bool) -> None:
        if not keep:
            with QSignalBlocker(line):
                line.setText(value)

    def _fill_reports(self, commitment: Commitment, reports: list[tuple[str, str]]) -> None:
        key = (commitment.manager_id, commitment.serves, tuple(i for i, _ in reports))
        with QSignalBlocker(self.serves_all), QSignalBlocker(self.serves_some):
            self.serves_all.setChecked(commitment.serves_all)
            self.serves_some.setChecked(not commitment.serves_all)
        self.reports.setEnabled(not commitment.serves_all)
        if key == self._reports_key:
            return
        self._reports_key = key
        chosen = set(commitment.serves)
        with QSignalBlocker(self.reports):
            self.reports.clear()
            for person_id, name in reports:
                item = QListWidgetItem(name)
                item.setToolTip(name)
                item.setData(ID_ROLE, person_id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                checked = person_id in chosen
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                self.reports.addItem(item)
        rows = min(max(self.reports.count(), 1), 6)
        row = self.reports.sizeHintForRow(0) if self.reports.count() else 18
        self.reports.setFixedHeight(rows * row + 2 * self.reports.frameWidth() + 4)

    def show_needs(self, commitment: Commitment) -> None:
        """The needs it answers, each with its kind and touchpoint, under "Answers"."""
        customer_map = self.customer_map_source()
        lines = []
        for need_id in commitment.needs:
            need = customer_map.need(need_id) if customer_map is not None else None
            touchpoint = customer_map.touchpoint_of(need_id) if customer_map is not None else None
            if need is None or touchpoint is None:
                lines.append(f"<i>{html.escape(need_id)}: no longer a need</i>")
                continue
            lines.append(
                f"<b>{need.kind.value}</b> {html.escape(need.text)} "
                f"<span style='color:#5f6670'>· {html.escape(touchpoint.name)}</span>"
            )
        if not lines:
            has_needs = customer_map is not None and customer_map.need_count > 0
            lines.append(
                "<i>no touchpoint need</i>" if has_needs else "<i>no touchpoint needs mapped</i>"
            )
        self.needs_label.setText("<br>".join(lines))

    def fill_needs_menu(self) -> None:
        """Segments as submenus, each touchpoint a section, each need a tick."""
        menu = self.needs_menu
        menu.clear()
        customer_map = self.customer_map_source()
        chosen = set(self.commitment.needs) if self.commitment is not None else set()
        if customer_map is None or customer_map.need_count == 0:
            empty = menu.addAction("No touchpoint needs yet: map them in the customer journey")
            empty.setEnabled(False)
            return
        for segment in customer_map:
            if not any(touchpoint.needs for touchpoint in segment.touchpoints):
                continue
            answered = sum(n.id in chosen for t in segment.touchpoints for n in t.needs)
            title = segment.name.replace("&", "&&") + (f"  ({answered})" if answered else "")
            submenu = menu.addMenu(title)
            submenu.setToolTipsVisible(True)
            for touchpoint in segment.touchpoints:
                if not touchpoint.needs:
                    continue
                submenu.addSection(touchpoint.name.replace("&", "&&"))
                for need in touchpoint.needs:
                    words = need.text
                    if len(words) > MAX_NEED_WORDS:
                        words = words[: MAX_NEED_WORDS - 1].rstrip() + "…"
                    action = submenu.addAction(
                        f"{need.kind.value} · {words} ({need.importance.value})".replace("&", "&&")
                    )
                    action.setCheckable(True)
                    action.setChecked(need.id in chosen)
                    action.setData(need.id)
                    action.setToolTip(f"{need.text} ({need.id})")
                    action.toggled.connect(lambda checked, n=need.id: self.set_need(n, checked))
        if chosen:
            menu.addSeparator()
            menu.addAction("Answers no need", lambda: self._emit("needs", ()))

    def set_need(self, need_id: str, answered: bool) -> None:
        """Tick or untick one need; the commitment's other needs stay as they are."""
        if self.commitment is None:
            return
        needs = [n for n in self.commitment.needs if n != need_id]
        if answered:
            needs.append(need_id)
        self._emit("needs", tuple(needs))

    # -- reading the fields --------------------------------------------------------------

    def checked_reports(self) -> tuple[str, ...]:
        return tuple(
            self.reports.item(i).data(ID_ROLE)
            for i in range(self.reports.count())
            if self.reports.item(i).checkState() == Qt.CheckState.Checked
        )

    def focus_text(self) -> None:
        self.text.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.text.selectAll()

    def _emit(self, name: str, value: Any) -> None:
        if name == self._typing:
            self.typing_timer.stop()
            self._typing = None
        if name == "text" or (self._typed_from is not None and self._typed_from[0] == name):
            self._typed_from = None
        if self.commitment is not None:
            self.field_edited.emit(name, value)

    def _typed_value(self, name: str) -> str:
        widgets = {"measure": self.measure, "owner_note": self.owner_note}
        if name == "text":
            return self.text.toPlainText().strip()
        if name in widgets:
            return widgets[name].text().strip()
        combo = self.practice if name == "practice" else self.cadence
        return combo.currentText().strip()

    def _typed(self, name: str) -> None:
        """A keystroke in ``name``: its words are saved once the planner pauses."""
        if self.commitment is None:
            return
        if self._typing is not None and self._typing != name:
            self._save_typing()
        if self._typed_from is None or self._typed_from[0] != name:
            self._typed_from = (name, str(getattr(self.commitment, name)))
        self._typing = name
        self.typing_timer.start()
        self.field_changing.emit(name, self._typed_value(name))

    def unsaved_typing(self) -> tuple[str, str] | None:
        """(field, value) of the words typed and not saved yet, if any."""
        if self._typing is None or self.commitment is None:
            return None
        return self._typing, self._typed_value(self._typing)

    def _save_typing(self) -> None:
        name, self._typing = self._typing, None
        self.typing_timer.stop()
        if name is not None and self.commitment is not None:
            self.field_typed.emit(name, self._typed_value(name))

    def _connect_combo(self, combo: QComboBox, name: str) -> None:
        combo.activated.connect(lambda _i: self._emit(name, combo.currentText().strip()))
        line = combo.lineEdit()
        if line is not None:
            line.editingFinished.connect(lambda: self._emit(name, combo.currentText().strip()))

    def _serves_clicked(self) -> None:
        if self.serves_all.isChecked():
            self._emit("serves", ())
        else:
            # Nothing is saved until someone is ticked: serving nobody in particular is "all".
            self.reports.setEnabled(True)
            if self.checked_reports():
                self._emit("serves", self.checked_reports())

    def _due_ticked(self, checked: bool) -> None:
        self.due.setEnabled(checked)
        if not checked:
            self._emit("due", None)
            return
        start = dt.date.today() + dt.timedelta(days=28)
        with QSignalBlocker(self.due):
            self.due.setDate(to_qdate(start))
        self._emit("due", start)

    def _due_finished(self) -> None:
        if self.has_due.isChecked() and self.due.date() != self.due.minimumDate():
            self._emit("due", from_qdate(self.due.date()))

    def _due_clicked(self, day: QDate) -> None:
        if self.has_due.isChecked():
            self._emit("due", from_qdate(day))

    def _add_note(self) -> None:
        text = self.note_text.text().strip()
        if text and self.commitment is not None:
            self.note_added.emit(from_qdate(self.note_date.date()), text)

    def _cancel_text(self) -> None:
        """Escape puts back the wording from before the typing (some of it may be saved)."""
        if self.commitment is None:
            return
        before = self._typed_from[1] if self._typed_from and self._typed_from[0] == "text" else None
        self.typing_timer.stop()
        self._typing = None
        restored = before if before is not None else self.commitment.text
        with QSignalBlocker(self.text):
            self.text.setPlainText(restored)
        self.text.selectAll()
        self.field_changing.emit("text", restored)
        if before is not None:
            self._emit("text", before)

    def clear_note(self) -> None:
        self.note_text.clear()
