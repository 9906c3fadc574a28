"""The selected manager's commitments, listed and edited in place, in the Details dock.

The panel observes the window (a new project, each durable edit, the selection) and redraws
from the plan, so an undo, a redo, a bulk add or a refused edit always leaves on screen what is
saved. Every change the planner makes is one command through ``window.push``.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from pyramid_app.model.commands import (
    Command,
    add_commitment,
    add_progress_note,
    delete_commitments,
    duplicate_commitment,
    edit_commitment,
)
from pyramid_app.model.customers import CustomerMap
from pyramid_app.model.library import Suggestion
from pyramid_app.model.org_update import plan_flags
from pyramid_app.model.plan import Commitment, Status
from pyramid_app.model.project import Change, Project
from pyramid_app.ui.plan.commitment_editor import CommitmentEditor
from pyramid_app.ui.plan.commitment_list import CommitmentList, CommitmentRow
from pyramid_app.ui.plan.plan_menu import plan_menu
from pyramid_app.ui.plan.served_by import row_of, who_serves_html
from pyramid_app.ui.undo import failure_message

if TYPE_CHECKING:
    from pyramid_app.ui.context import WindowContext
    from pyramid_app.ui.details_panel import DetailsPanel


NEW_TEXT = "New commitment"


class CommitmentsPanel(QWidget):
    """Commitments of the person selected in ``window``: a list, a form and the Plan actions."""

    form_opened = Signal()  # the planner chose a commitment (or made one): its form is wanted

    def __init__(self, context: WindowContext) -> None:
        super().__init__()
        self.context = context
        self.person_id: str | None = None
        self.current_id: str | None = None
        self._flags: dict[str, list[Any]] | None = None

        self.title = QLabel()
        self.front_line = QLabel()
        self.front_line.setWordWrap(True)
        self.front_line.setTextFormat(Qt.TextFormat.RichText)
        self.front_line.linkActivated.connect(
            lambda person_id: context.shown.select_person(person_id)
        )
        self.new_button = self._button(
            "New", "Add a commitment (Ctrl+N)", lambda: self.new_commitment()
        )
        self.library_button = self._button("From library", "Start from a suggested practice")
        self.library_menu = QMenu(self)
        self.library_menu.aboutToShow.connect(self._fill_library_menu)
        self.library_button.setMenu(self.library_menu)
        self.library_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.duplicate_button = self._button(
            "Duplicate", "Copy the chosen commitment", lambda: self.duplicate()
        )
        self.delete_button = self._button(
            "Delete", "Delete the chosen commitment (Delete)", lambda: self.delete()
        )
        self.empty_hint = QLabel(
            "<i>No commitments yet. Add one (Ctrl+N) or start from the library.</i>"
        )
        self.empty_hint.setWordWrap(True)
        self.list = CommitmentList()
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._context_menu)
        self.list.currentRowChanged.connect(self._current_changed)
        self.delete_action = QAction("Delete commitment", self.list)
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.delete_action.triggered.connect(lambda: self.delete())
        self.list.addAction(self.delete_action)
        self.editor = CommitmentEditor()
        self.editor.customer_map_source = self._customer_map
        self.editor.field_edited.connect(self._field_edited)
        self.editor.field_typed.connect(lambda name, value: self._field_edited(name, value, True))
        self.editor.field_changing.connect(self._show_typing)
        self.editor.note_added.connect(self._note_added)
        buttons = QHBoxLayout()
        buttons.setSpacing(2)
        for button in (self.new_button, self.library_button, self.duplicate_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.front_line)
        layout.addLayout(buttons)
        layout.addWidget(self.empty_hint)
        layout.addWidget(self.list)
        layout.addWidget(self.editor)
        self.manager_widgets = (
            self.new_button, self.library_button, self.duplicate_button, self.delete_button,
            self.empty_hint, self.list, self.editor,
        )  # fmt: skip

        self.bulk_action: QAction | None = None  # Plan > Apply to many managers, once installed

        self.new_action = QAction("&New commitment for the selected manager", context.host)
        self.new_action.setShortcut(QKeySequence("Ctrl+N"))
        self.new_action.triggered.connect(lambda: self.new_commitment())
        self.show_person(None)

    def _button(self, text: str, tip: str, slot: Any = None) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        if slot is not None:
            button.clicked.connect(slot)
        return button

    # -- following the window ------------------------------------------------------------

    @property
    def project(self) -> Project | None:
        return self.context.project

    def _customer_map(self) -> CustomerMap | None:
        project = self.context.project
        return project.customer_map if project is not None else None

    def project_shown(self) -> None:
        self._flags = None
        self.current_id = None
        self.show_person(self.context.state.selected, force=True)

    def selection_changed(self) -> None:
        if self.context.state.selected != self.person_id:
            self.show_person(self.context.state.selected)

    def project_edited(self, change: Change) -> None:
        self._flags = None
        shown = self.person_id is not None and (
            change.org
            or change.library
            or change.customer_map_changed  # a need's words changed, or a need went
            or self.person_id in change.managers
            or (self.current_id is not None and self.current_id in change.commitments)
        )
        if shown:
            self.show_person(self.person_id)
        elif change.org:
            self._update_actions()

    def open_commitment(self, commitment_id: str) -> None:
        """Select the commitment's manager and make it the one this panel edits."""
        project = self.context.project
        commitment = project.plan.get(commitment_id) if project is not None else None
        if commitment is None:
            return
        self.context.shown.select_person(commitment.manager_id)
        if self.person_id == commitment.manager_id:
            self.current_id = commitment_id
            self.show_person(commitment.manager_id, force=True)

    def show_person(self, person_id: str | None, force: bool = False) -> None:
        """Show the commitments of ``person_id`` (a manager) or who serves them (front line)."""
        if person_id != self.person_id:
            self.current_id = None
        self.person_id = person_id
        project = self.project
        self._update_actions()
        if project is None or person_id is None or not project.has_person(person_id):
            self.setVisible(False)
            self.editor.show_commitment(None)
            return
        self.setVisible(True)
        manager = project.is_manager(person_id)
        for widget in self.manager_widgets:
            widget.setVisible(manager)
        self.front_line.setVisible(not manager)
        if not manager:
            self.title.setText("<b>Commitments</b>")
            self.front_line.setText(who_serves_html(project, person_id))
            self.editor.show_commitment(None)
            return
        commitments = project.plan.of_manager(person_id)
        self.title.setText(f"<b>Commitments</b> ({len(commitments)})")
        rows = [self._row(project, c) for c in commitments]
        if self.current_id not in {c.id for c in commitments}:
            self.current_id = commitments[0].id if commitments else None
        self.empty_hint.setVisible(not commitments)
        self.list.setVisible(bool(commitments))
        self.editor.setVisible(bool(commitments))
        self.duplicate_button.setEnabled(bool(commitments))
        self.delete_button.setEnabled(bool(commitments))
        self.list.show_rows(rows, self.current_id)
        self._show_editor(force)
        typing = self.editor.unsaved_typing()
        if typing is not None:
            self._show_typing(*typing)  # the plan was redrawn under words not saved yet

    def _update_actions(self) -> None:
        project, person_id = self.project, self.person_id
        self.new_action.setEnabled(
            project is not None and person_id is not None and project.is_manager(person_id)
        )

    def _show_editor(self, force: bool = False) -> None:
        project = self.project
        commitment = None if project is None or self.current_id is None else (
            project.plan.get(self.current_id)
        )  # fmt: skip
        if project is None or commitment is None:
            self.editor.show_commitment(None)
            return
        direct = (
            project.direct_report_ids(commitment.manager_id)
            if project.has_person(commitment.manager_id)
            else []
        )
        # Someone it serves who moved away comes first, so the planner sees and can untick them.
        reporting = set(direct)
        former = [p for p in commitment.serves if p not in reporting]
        reports = [(p, f"{project.display_name(p)} - no longer a direct report") for p in former]
        reports += [(p, project.display_name(p)) for p in direct]
        practices = project.library.names()
        self.editor.show_commitment(commitment, reports, practices, force=force)

    def _show_typing(self, name: str, value: str) -> None:
        """The list's row shows the words as they are typed, saved or not."""
        commitment = self.editor.commitment
        if commitment is not None and commitment.id == self.current_id:
            self.list.show_typed(commitment.id, name, value)

    def _current_changed(self, _row: int) -> None:
        self.current_id = self.list.current_id()
        self._show_editor()
        if self.current_id is not None:
            self.form_opened.emit()

    # -- what a row shows ----------------------------------------------------------------

    def _row(self, project: Project, commitment: Commitment) -> CommitmentRow:
        flags = self._plan_flags(project).get(commitment.id, [])
        return row_of(project, commitment, tuple(flag.message for flag in flags))

    def _plan_flags(self, project: Project) -> dict[str, list[Any]]:
        """Flags of the whole plan, computed once per edit and only when a manager is shown."""
        if self._flags is None:
            self._flags = plan_flags(project)
        return self._flags

    # -- edits ---------------------------------------------------------------------------

    def _push(self, build: Any, what: str, typing: bool = False) -> bool:
        """Build a command (which may refuse) and push it; on refusal show why and revert.

        ``typing``: a field's value saved while it is being typed (one undo step with the
        rest of that typing)."""
        project = self.project
        if project is None:
            return False
        try:
            command: Command = build(project)
        except Exception as error:  # sorted by failure_message's policy
            self.context.show_edit_failure(failure_message(what, error))
            self._show_saved()
            return False
        if not self.context.undo_stack.push_command(command, typing=typing):
            self._show_saved()
            return False
        return True

    def _show_saved(self) -> None:
        """After a refused edit: the form and the list (which showed the words typed) show
        the plan as it is saved."""
        self.show_person(self.person_id, force=True)

    def _field_edited(self, name: str, value: Any, typing: bool = False) -> None:
        """A field's value: finished (the field was left, or Enter), or, with ``typing``, saved
        while the planner is still typing it."""
        project, commitment = self.project, self.editor.commitment
        if project is None or commitment is None:
            return
        current = project.plan.get(commitment.id)
        if current is None:
            return
        if _same(getattr(current, name), value):
            stack = self.context.undo_stack
            if not typing and stack.typing_field() == (current.id, name):
                stack.close_typing()  # the last words typed were saved already
            return
        self._push(
            lambda p: edit_commitment(p, current.id, **{name: value}),
            f"Edit {current.id}",
            typing=typing,
        )

    def _note_added(self, on: dt.date, text: str) -> None:
        commitment = self.editor.commitment
        if commitment is not None and self._push(
            lambda p: add_progress_note(p, commitment.id, text, on), f"Note on {commitment.id}"
        ):
            self.editor.clear_note()

    def new_commitment(self) -> None:
        """Add a commitment for the shown manager and put the cursor in its text."""
        self.add_commitment()

    def add_commitment(self, suggestion: Suggestion | None = None, practice: str = "") -> None:
        """Add a commitment for the shown manager (blank, or from a library suggestion)."""
        person_id = self.person_id
        project = self.project
        if project is None or person_id is None or not project.is_manager(person_id):
            return
        fields: dict[str, Any] = {}
        if suggestion is not None:
            fields = {"practice": practice, "measure": suggestion.measure,
                      "cadence": suggestion.cadence}  # fmt: skip
        text = suggestion.text if suggestion is not None else NEW_TEXT
        command = self.context.build(
            lambda: add_commitment(project, person_id, text, **fields), "Add commitment"
        )
        if command is None:
            return
        previous, self.current_id = self.current_id, command.commitments[0].id
        # The model wants some text, so a blank commitment is saved as NEW_TEXT; the wording
        # the planner then types joins this step, and one undo takes back both.
        if self.context.undo_stack.push_command(command, awaits_text=suggestion is None):
            self.editor.focus_text()
        else:
            self.current_id = previous

    def duplicate(self) -> None:
        if self.current_id is not None:
            source = self.current_id
            project = self.project
            if project is not None and source in project.plan:
                command = duplicate_commitment(project, source)
                self.current_id = command.commitments[0].id
                if not self.context.push(command):
                    self.current_id = source
                    self._show_editor(force=True)

    def delete(self) -> None:
        project, doomed = self.project, self.current_id
        if project is None or doomed is None or doomed not in project.plan:
            return
        ids = self.list.ids()
        row = ids.index(doomed) if doomed in ids else 0
        others = [i for i in ids if i != doomed]
        # The neighbour below (or above, for the last row) becomes current.
        self.current_id = others[min(row, len(others) - 1)] if others else None
        if not self._push(lambda p: delete_commitments(p, [doomed]), f"Delete {doomed}"):
            self.current_id = doomed
            self.show_person(self.person_id, force=True)

    def set_status(self, commitment_id: str, status: Status) -> None:
        self.current_id = commitment_id
        project = self.project
        current = project.plan.get(commitment_id) if project is not None else None
        if current is not None and current.status is not status:
            self._push(
                lambda p: edit_commitment(p, commitment_id, status=status),
                f"Set {commitment_id} {status.value}",
            )

    # -- menus ---------------------------------------------------------------------------

    def _fill_library_menu(self) -> None:
        menu = self.library_menu
        menu.clear()
        families = self.project.library.families() if self.project is not None else []
        families = [family for family in families if family.suggestions]
        if not families:
            empty = menu.addAction("No practice suggestions in this project yet")
            empty.setEnabled(False)
            return
        for family in families:
            submenu = menu.addMenu(family.name)
            submenu.setToolTipsVisible(True)
            if family.description:
                submenu.menuAction().setToolTip(family.description)
            for suggestion in family.suggestions:
                label = (
                    suggestion.text if len(suggestion.text) <= 70 else suggestion.text[:68] + "…"
                )
                action = submenu.addAction(label.replace("&", "&&"))
                action.setToolTip(suggestion.text)
                action.triggered.connect(
                    lambda _checked=False, s=suggestion, f=family.name: self.add_commitment(s, f)
                )

    def _context_menu(self, where: QPoint) -> None:
        item = self.list.itemAt(where)
        if item is None:
            return
        self.list.setCurrentItem(item)
        commitment_id = self.list.current_id()
        project = self.project
        if commitment_id is None or project is None or commitment_id not in project.plan:
            return
        menu = QMenu(self)
        status_menu = menu.addMenu("Status")
        for status in Status:
            action = status_menu.addAction(status.value)
            action.setCheckable(True)
            action.setChecked(project.plan[commitment_id].status is status)
            action.triggered.connect(
                lambda _checked=False, s=status: self.set_status(commitment_id, s)
            )
        menu.addAction("Add progress note", self.editor.note_text.setFocus)
        menu.addAction("Duplicate", self.duplicate)
        menu.addSeparator()
        menu.addAction(self.delete_action)
        menu.popup(self.list.viewport().mapToGlobal(where))
        self.context_menu = menu


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, tuple):
        return old == tuple(new)
    return bool(old == new)


def install_commitments_panel(context: WindowContext, details: DetailsPanel) -> CommitmentsPanel:
    """Put the panel in the Details dock, add the Plan menu and follow the window."""
    from pyramid_app.ui.dialogs.bulk_dialog import open_bulk_dialog

    panel = CommitmentsPanel(context)
    details.add_section(panel)
    menu = plan_menu(context.host)
    menu.addAction(panel.new_action)
    bulk_action = QAction("Apply a commitment to &many managers...", context.host)
    bulk_action.setShortcut(QKeySequence("Ctrl+Shift+N"))
    bulk_action.triggered.connect(lambda: open_bulk_dialog(context))
    menu.addAction(bulk_action)
    panel.bulk_action = bulk_action
    context.project_shown.connect(panel.project_shown)
    context.project_edited.connect(panel.project_edited)
    context.selection_changed.connect(panel.selection_changed)
    context.project_shown.connect(lambda: bulk_action.setEnabled(context.project is not None))
    bulk_action.setEnabled(context.project is not None)
    return panel
