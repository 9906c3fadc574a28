"""The journey: one customer segment's day, touchpoint by touchpoint, in a dock.

Clicking a segment in the pyramid's top band opens it here. The touchpoints are listed in the
order the customer meets them; choosing one lights the people who serve it on the pyramid and
shows who they are (rules), what they need (be/do/have) and which managers' commitments answer
each need. Everything is editable in place, each change one undoable command.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QDropEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from pyramid_app.model.customer_commands import (
    describe_segment,
    move_segment,
    move_touchpoint,
    remove_segment,
    remove_touchpoint,
    rename_segment,
    rename_touchpoint,
    set_touchpoint_note,
)
from pyramid_app.model.customers import Segment, Touchpoint
from pyramid_app.model.needs_coverage import NeedsCoverage, needs_coverage
from pyramid_app.model.project import Change, Project
from pyramid_app.ui.plan.journey_focus import JourneyFocus
from pyramid_app.ui.plan.needs_editor import NeedsEditor
from pyramid_app.ui.plan.rules_editor import RulesEditor, people_words
from pyramid_app.ui.plan.touchpoint_people import served_count

if TYPE_CHECKING:
    from pyramid_app.ui.context import WindowContext

ID_ROLE = Qt.ItemDataRole.UserRole


def touchpoint_summary(
    project: Project, touchpoint: Touchpoint, coverage: NeedsCoverage | None
) -> str:
    """ "3 people · 4 needs, 1 must open" for a row of the touchpoint list."""
    people = served_count(project.chart, touchpoint)
    parts = [people_words(people) if people else "nobody yet"]
    needs = len(touchpoint.needs)
    if needs:
        words = f"{needs} need{'s' if needs != 1 else ''}"
        tally = coverage.by_touchpoint.get(touchpoint.id) if coverage is not None else None
        if tally is not None and tally.must_unanswered:
            words += f", {tally.must_unanswered} must open"
        elif tally is not None and tally.unanswered:
            words += f", {tally.unanswered} open"
        elif tally is not None:
            words += ", all answered"
        parts.append(words)
    else:
        parts.append("no needs yet")
    return " · ".join(parts)


class TouchpointList(QListWidget):
    """The touchpoints in the customer's order; dragging one says where it went."""

    moved = Signal(str, int)  # touchpoint id, new position

    def __init__(self) -> None:
        super().__init__()
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)

    def ids(self) -> list[str]:
        return [self.item(i).data(ID_ROLE) for i in range(self.count())]

    def dropEvent(self, event: QDropEvent) -> None:
        dragged = self.currentItem()
        moved_id = dragged.data(ID_ROLE) if dragged is not None else None
        before = self.ids()
        super().dropEvent(event)
        after = self.ids()
        if moved_id is not None and after != before and moved_id in after:
            self.moved.emit(moved_id, after.index(moved_id))


def fill_list(
    widget: QListWidget, entries: list[tuple[str, str, str]], current: str | None
) -> None:
    """Show (id, text, tooltip) entries with ``current`` chosen, without telling anyone.

    Items are rebuilt only when the entries differ, so a list can be refreshed from its own
    "current item changed" signal (choosing a row) without deleting the row being chosen.
    """
    with QSignalBlocker(widget):
        shown = [
            (widget.item(i).data(ID_ROLE), widget.item(i).text(), widget.item(i).toolTip())
            for i in range(widget.count())
        ]
        if shown != entries:
            widget.clear()
            for item_id, text, tip in entries:
                item = QListWidgetItem(text)
                item.setData(ID_ROLE, item_id)
                item.setToolTip(tip)
                widget.addItem(item)
        ids = [entry[0] for entry in entries]
        widget.setCurrentRow(ids.index(current) if current in ids else -1)


def _tool(text: str, tip: str) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    button.setAccessibleName(tip)
    return button


def _heading(text: str) -> QLabel:
    label = QLabel(f"<b>{text}</b>")
    label.setContentsMargins(0, 8, 0, 0)
    return label


class JourneyPanel(QWidget):
    """One segment's journey: segment fields, touchpoints in order, the chosen touchpoint."""

    def __init__(self, context: WindowContext, focus: JourneyFocus) -> None:
        super().__init__()
        self.context, self.focus = context, focus
        self.stale = True
        self.coverage: NeedsCoverage | None = None

        # The segment.
        self.segment_box = QComboBox()
        self.segment_box.setToolTip("The customer segment whose day is shown")
        self.segment_box.setAccessibleName("Customer segment")
        self.segment_left = _tool("◀", "Move the segment left in the customer band")
        self.segment_right = _tool("▶", "Move the segment right in the customer band")
        self.segment_remove = _tool("Remove", "Remove the segment, its touchpoints and needs")
        self.segment_name = QLineEdit()
        self.segment_name.setAccessibleName("Segment name")
        self.segment_about = QLineEdit()
        self.segment_about.setPlaceholderText("Who they are, how they come to us")
        self.segment_share = QSpinBox()
        self.segment_share.setRange(-1, 100)
        self.segment_share.setSpecialValueText("unknown")
        self.segment_share.setSuffix(" %")
        self.segment_share.setToolTip("The share of the business this segment stands for")
        self.new_segment = QLineEdit()
        self.new_segment.setPlaceholderText("New segment, e.g. Business travellers")
        self.new_segment.setAccessibleName("New segment")
        self.add_segment_button = QPushButton("Add segment")
        self.no_segments = QLabel(
            "<i>No customer segments yet. Who are your customers? Add the first group "
            "below; it becomes a part of the pyramid's top band.</i>"
        )
        self.no_segments.setWordWrap(True)

        # The touchpoints.
        self.day_title = _heading("The customer's day")
        self.touchpoints = TouchpointList()
        self.touchpoints.setAccessibleName("Touchpoints")
        self.new_touchpoint = QLineEdit()
        self.new_touchpoint.setPlaceholderText("What happens next? e.g. Checks in")
        self.new_touchpoint.setAccessibleName("New touchpoint")
        self.add_touchpoint_button = QPushButton("Add touchpoint")
        self.touchpoint_up = _tool("▲", "Earlier in the day")
        self.touchpoint_down = _tool("▼", "Later in the day")
        self.touchpoint_remove = _tool("Remove", "Remove the touchpoint and its needs")

        # The chosen touchpoint.
        self.touchpoint_title = _heading("")
        self.touchpoint_name = QLineEdit()
        self.touchpoint_name.setAccessibleName("Touchpoint name")
        self.touchpoint_note = QLineEdit()
        self.touchpoint_note.setPlaceholderText("Anything worth knowing about this moment")
        self.zoom_button = QPushButton("Show them on the pyramid")
        self.zoom_button.setToolTip("Zoom the pyramid to the people who serve this touchpoint")
        self.rules = RulesEditor(context)
        self.needs = NeedsEditor(context)
        self.needs.commitment_chosen.connect(focus.open_commitment)

        self._build()
        self._connect()

    def _build(self) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(6, 4, 6, 6)
        top = QHBoxLayout()
        top.addWidget(self.segment_box, 1)
        for button in (self.segment_left, self.segment_right, self.segment_remove):
            top.addWidget(button)
        layout.addLayout(top)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Name", self.segment_name)
        form.addRow("About", self.segment_about)
        form.addRow("Share", self.segment_share)
        self.segment_form = QWidget()
        self.segment_form.setLayout(form)
        layout.addWidget(self.segment_form)
        layout.addWidget(self.no_segments)
        adder = QHBoxLayout()
        adder.addWidget(self.new_segment, 1)
        adder.addWidget(self.add_segment_button)
        layout.addLayout(adder)

        self.day = QWidget()
        day = QVBoxLayout(self.day)
        day.setContentsMargins(0, 0, 0, 0)
        day.addWidget(self.day_title)
        day.addWidget(self.touchpoints)
        row = QHBoxLayout()
        row.addWidget(self.new_touchpoint, 1)
        row.addWidget(self.add_touchpoint_button)
        day.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(self.touchpoint_up)
        row.addWidget(self.touchpoint_down)
        row.addStretch(1)
        row.addWidget(self.touchpoint_remove)
        day.addLayout(row)
        layout.addWidget(self.day)

        self.detail = QFrame()
        self.detail.setFrameShape(QFrame.Shape.StyledPanel)
        detail = QVBoxLayout(self.detail)
        detail.setContentsMargins(6, 0, 6, 6)
        detail.addWidget(self.touchpoint_title)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Name", self.touchpoint_name)
        form.addRow("Note", self.touchpoint_note)
        detail.addLayout(form)
        who = QHBoxLayout()
        who.addWidget(_heading("Who serves it"))
        who.addStretch(1)
        who.addWidget(self.zoom_button)
        detail.addLayout(who)
        detail.addWidget(self.rules)
        detail.addWidget(_heading("What they need to be, do and have"))
        detail.addWidget(self.needs)
        layout.addWidget(self.detail)
        layout.addStretch(1)

        scroll = QScrollArea()
        scroll.setWidget(page)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def _connect(self) -> None:
        self.segment_box.activated.connect(
            lambda i: self.focus.choose_segment(self.segment_box.itemText(i))
        )
        self.segment_left.clicked.connect(lambda: self._move_segment(-1))
        self.segment_right.clicked.connect(lambda: self._move_segment(+1))
        self.segment_remove.clicked.connect(self._remove_segment)
        on_finished(self.segment_name, self._rename_segment)
        on_finished(self.segment_about, self._describe_segment)
        self.segment_share.editingFinished.connect(self._describe_segment)
        self.new_segment.returnPressed.connect(self.add_typed_segment)
        self.add_segment_button.clicked.connect(self.add_typed_segment)
        self.touchpoints.currentItemChanged.connect(self._touchpoint_picked)
        self.touchpoints.moved.connect(self._dragged)
        self.new_touchpoint.returnPressed.connect(self.add_typed_touchpoint)
        self.add_touchpoint_button.clicked.connect(self.add_typed_touchpoint)
        self.touchpoint_up.clicked.connect(lambda: self._move_touchpoint(-1))
        self.touchpoint_down.clicked.connect(lambda: self._move_touchpoint(+1))
        self.touchpoint_remove.clicked.connect(self._remove_touchpoint)
        on_finished(self.touchpoint_name, self._rename_touchpoint)
        on_finished(self.touchpoint_note, self._note_touchpoint)
        self.zoom_button.clicked.connect(self.zoom_to_people)

    # -- following -------------------------------------------------------------------------

    @property
    def project(self) -> Project | None:
        return self.context.project

    def focus_changed(self) -> None:
        self.refresh()

    def edited(self, change: Change) -> None:
        if change.customer_map_changed or change.org:
            self.refresh()
        elif change.commitments:
            self.refresh_answers()

    def refresh_answers(self) -> None:
        """Only commitments changed: who answers each need, not who stands where."""
        if not self.isVisible():
            self.stale = True
            return
        project = self.project
        if project is None:
            return
        self.coverage = coverage = needs_coverage(project)
        self._show_touchpoints(project, self.focus.chosen_segment())
        touchpoint = self.focus.chosen_touchpoint()
        if touchpoint is not None:
            self.needs.show_touchpoint(project, touchpoint, coverage.answered_by)

    def refresh(self, force: bool = False) -> None:
        """Show the focus's segment and touchpoint now (while hidden: when next shown)."""
        if not (force or self.isVisible()):
            self.stale = True
            return
        self.stale = False
        project = self.project
        self.coverage = needs_coverage(project) if project is not None else None
        segment = self.focus.chosen_segment()
        self._show_segments(project, segment)
        self._show_touchpoints(project, segment)
        self._show_touchpoint(project, self.focus.chosen_touchpoint())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.stale:
            self.refresh(force=True)

    def _show_segments(self, project: Project | None, segment: Segment | None) -> None:
        names = project.customers if project is not None else []
        with QSignalBlocker(self.segment_box):
            if [self.segment_box.itemText(i) for i in range(self.segment_box.count())] != names:
                self.segment_box.clear()
                self.segment_box.addItems(names)
            self.segment_box.setCurrentIndex(names.index(segment.name) if segment else -1)
            if segment is None:
                self.segment_box.setPlaceholderText(
                    "Choose a segment" if names else "No segments yet"
                )
        self.segment_box.setEnabled(bool(names))
        self.no_segments.setVisible(project is not None and not names)
        self.segment_form.setVisible(segment is not None)
        position = names.index(segment.name) if segment is not None else -1
        self.segment_left.setEnabled(position > 0)
        self.segment_right.setEnabled(0 <= position < len(names) - 1)
        self.segment_remove.setEnabled(segment is not None)
        self.new_segment.setEnabled(project is not None)
        self.add_segment_button.setEnabled(project is not None)
        if segment is None:
            return
        _keep_or_set(self.segment_name, segment.name)
        _keep_or_set(self.segment_about, segment.description)
        if not self.segment_share.hasFocus():
            with QSignalBlocker(self.segment_share):
                share = -1 if segment.share is None else round(segment.share * 100)
                self.segment_share.setValue(share)

    def _show_touchpoints(self, project: Project | None, segment: Segment | None) -> None:
        self.day.setVisible(segment is not None)
        if project is None or segment is None:
            fill_list(self.touchpoints, [], None)
            return
        count = len(segment.touchpoints)
        plural = "s" if count != 1 else ""
        self.day_title.setText(
            f"<b>A day of {html.escape(segment.name)}</b> · {count} touchpoint{plural}"
        )
        entries = [
            (
                touchpoint.id,
                f"{number}. {touchpoint.name}\n      "
                + touchpoint_summary(project, touchpoint, self.coverage),
                touchpoint.note or touchpoint.name,
            )
            for number, touchpoint in enumerate(segment.touchpoints, 1)
        ]
        fill_list(self.touchpoints, entries, self.focus.touchpoint)
        rows = min(max(count, 3), 8)
        height = self.touchpoints.sizeHintForRow(0) if count else 36
        self.touchpoints.setFixedHeight(rows * height + 2 * self.touchpoints.frameWidth() + 2)
        position = self.touchpoints.currentRow()
        self.touchpoint_up.setEnabled(position > 0)
        self.touchpoint_down.setEnabled(0 <= position < count - 1)
        self.touchpoint_remove.setEnabled(position >= 0)

    def _show_touchpoint(self, project: Project | None, touchpoint: Touchpoint | None) -> None:
        self.detail.setVisible(project is not None and touchpoint is not None)
        if project is None or touchpoint is None:
            self.rules.show_touchpoint(None, None)
            self.needs.show_touchpoint(None, None)
            return
        place = project.customer_map.touchpoint_position(touchpoint.id)
        number = place[1] + 1 if place is not None else 0
        self.touchpoint_title.setText(f"<b>{number}. {html.escape(touchpoint.name)}</b>")
        _keep_or_set(self.touchpoint_name, touchpoint.name)
        _keep_or_set(self.touchpoint_note, touchpoint.note)
        self.rules.show_touchpoint(project, touchpoint)
        answered = self.coverage.answered_by if self.coverage is not None else {}
        self.needs.show_touchpoint(project, touchpoint, answered)

    # -- segments --------------------------------------------------------------------------

    def add_typed_segment(self) -> None:
        self.focus.add_typed_segment(self.new_segment)

    def _rename_segment(self) -> None:
        project, segment = self.project, self.focus.chosen_segment()
        name = " ".join(self.segment_name.text().split())
        if project is None or segment is None or name == segment.name:
            return
        if not self.context.push_checked(lambda: rename_segment(project, segment.name, name)):
            with QSignalBlocker(self.segment_name):
                self.segment_name.setText(segment.name)

    def _describe_segment(self) -> None:
        project, segment = self.project, self.focus.chosen_segment()
        if project is None or segment is None:
            return
        about = self.segment_about.text().strip()
        value = self.segment_share.value()
        share = None if value < 0 else value / 100
        old = None if segment.share is None else round(segment.share * 100)
        if about == segment.description and (value if value >= 0 else None) == old:
            return
        if share is not None and old is not None and value == old:
            share = segment.share  # unchanged: keep the exact fraction, not its rounding
        self.context.push_checked(lambda: describe_segment(project, segment.name, about, share))

    def _move_segment(self, step: int) -> None:
        project, segment = self.project, self.focus.chosen_segment()
        if project is None or segment is None:
            return
        position = project.customer_map.segment_position(segment.name)
        if position is not None and 0 <= position + step < len(project.customer_map):
            self.context.push_checked(lambda: move_segment(project, segment.name, position + step))

    def _remove_segment(self) -> None:
        project, segment = self.project, self.focus.chosen_segment()
        if project is None or segment is None:
            return
        if self.context.push_checked(lambda: remove_segment(project, segment.name)):
            self.context.say(f"Removed the segment {segment.name}; Ctrl+Z brings it back.", 8000)

    # -- touchpoints -----------------------------------------------------------------------

    def _touchpoint_picked(self, current: QListWidgetItem | None, _previous: object) -> None:
        self.focus.choose_touchpoint(current.data(ID_ROLE) if current is not None else None)

    def add_typed_touchpoint(self) -> None:
        self.focus.add_typed_touchpoint(self.new_touchpoint)

    def _chosen_place(self) -> tuple[Project, Touchpoint, int] | None:
        project, touchpoint = self.project, self.focus.chosen_touchpoint()
        if project is None or touchpoint is None:
            return None
        place = project.customer_map.touchpoint_position(touchpoint.id)
        return None if place is None else (project, touchpoint, place[1])

    def _move_touchpoint(self, step: int) -> None:
        chosen = self._chosen_place()
        if chosen is not None:
            project, touchpoint, position = chosen
            self.context.push_checked(
                lambda: move_touchpoint(project, touchpoint.id, position + step)
            )

    def _dragged(self, touchpoint_id: str, position: int) -> None:
        project = self.project
        if project is None or not self.context.push_checked(
            lambda: move_touchpoint(project, touchpoint_id, position)
        ):
            self.refresh(force=True)  # put the list back as it is saved

    def _remove_touchpoint(self) -> None:
        chosen = self._chosen_place()
        if chosen is not None:
            project, touchpoint, _position = chosen
            self.context.push_checked(lambda: remove_touchpoint(project, touchpoint.id))

    def _rename_touchpoint(self) -> None:
        chosen = self._chosen_place()
        name = " ".join(self.touchpoint_name.text().split())
        if chosen is None or name == chosen[1].name:
            return
        project, touchpoint, _position = chosen
        if not self.context.push_checked(lambda: rename_touchpoint(project, touchpoint.id, name)):
            with QSignalBlocker(self.touchpoint_name):
                self.touchpoint_name.setText(touchpoint.name)

    def _note_touchpoint(self) -> None:
        chosen = self._chosen_place()
        note = self.touchpoint_note.text().strip()
        if chosen is None or note == chosen[1].note:
            return
        project, touchpoint, _position = chosen
        self.context.push_checked(lambda: set_touchpoint_note(project, touchpoint.id, note))

    def zoom_to_people(self) -> None:
        lit = self.context.view.highlighted
        if lit is not None and lit.shape[0]:
            self.context.view.zoom_to(lit)


def _keep_or_set(line: QLineEdit, value: str) -> None:
    """A field being typed in keeps its words; otherwise it shows what is saved."""
    if line.hasFocus() and line.isModified():
        return
    if line.text() != value:
        with QSignalBlocker(line):
            line.setText(value)
            line.setCursorPosition(0)


def on_finished(line: QLineEdit, slot: Callable[[], None]) -> None:
    """Call ``slot`` when typing in ``line`` is finished; from then on the field shows what is
    saved again (an undo reaches it even while it keeps the focus)."""

    def finished() -> None:
        line.setModified(False)
        slot()

    line.editingFinished.connect(finished)
