"""The window's undo stack: a QUndoStack over the model's commands.

The model does the work (:meth:`Project.execute` applies a command, makes it durable, tells the
observers); this stack only keeps the steps so the Edit menu can say "Undo Add commitment for
Diego Gallo". A command is pushed only after it was saved, so a refused edit never appears in
the history.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from pyramid_app.io.project_file import ProjectFileError
from pyramid_app.model.commands import (
    AddCommitments,
    ChangeCommitment,
    Command,
    PlanError,
    run_redo,
    run_undo,
)
from pyramid_app.model.project import Project, ReadOnlyProjectError

# What an edit may fail with: a refused edit (PlanError), a read-only project, or a project file
# that could not save it (ProjectFileError, with a message made for the user; OSError and
# sqlite3.Error underneath).
EDIT_FAILURES: tuple[type[BaseException], ...] = (
    PlanError,
    ProjectFileError,
    ReadOnlyProjectError,
    OSError,
    sqlite3.Error,
    KeyError,
    ValueError,
)


# Qt merges a pushed step into the one before only when both give the same id.
NAMING_ID = 0x4E414D45


def _text_edit_of(command: Command) -> str | None:
    """The commitment whose text alone ``command`` changes, if that is all it does."""
    if isinstance(command, ChangeCommitment) and set(command.changes) == {"text"}:
        return command.id
    return None


class _Step(QUndoCommand):
    """One done command and the command that takes it back.

    A new commitment added with a placeholder text waits for its wording (``awaiting_text``):
    the first edit of that text, pushed right after, joins this step instead of becoming a
    step of its own, so one undo takes the commitment away and redo brings it back worded.
    Both edits were saved as they were made; joining only changes what one undo does.
    """

    def __init__(
        self,
        owner: ProjectUndoStack,
        forward: Command,
        backward: Command,
        awaiting_text: str | None = None,
    ) -> None:
        super().__init__(forward.label)
        self.owner = owner
        self.forward = forward
        self.backward = backward
        self.awaiting_text = awaiting_text
        self.first_redo = True  # pushed after it was already applied and saved

    def id(self) -> int:
        if self.awaiting_text is not None or _text_edit_of(self.forward) is not None:
            return NAMING_ID
        return -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        named = self.awaiting_text
        if named is None or not isinstance(other, _Step) or _text_edit_of(other.forward) != named:
            return False
        self.awaiting_text = None
        # The backward step removes the commitment by id, whatever its text now: it stays.
        project = self.owner.project
        worded = project.plan.get(named) if project is not None else None
        if worded is not None and isinstance(self.forward, AddCommitments):
            self.forward = AddCommitments((worded,), self.forward.label)
        return True

    def redo(self) -> None:
        if self.first_redo:
            self.first_redo = False
            return
        backward = self.owner.run(run_redo, self.forward)
        if backward is not None:
            self.backward = backward

    def undo(self) -> None:
        forward = self.owner.run(run_undo, self.backward)
        if forward is not None:
            self.forward = forward


class ProjectUndoStack(QUndoStack):
    """Undo history of the window's current project; ``failed`` carries a message for the user."""

    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project: Project | None = None

    def set_project(self, project: Project | None) -> None:
        self.clear()
        self.project = project

    def push_command(self, command: Command, awaits_text: bool = False) -> bool:
        """Apply, save and record ``command``; False (and ``failed``) if it was refused.

        ``awaits_text``: ``command`` adds one commitment under a placeholder text; the first
        edit of that text, if it is the next step, joins this one in the undo history.
        """
        if self.project is None:
            return False
        try:
            backward = self.project.execute(command)
        except EDIT_FAILURES as error:
            self.failed.emit(_message(command, error))
            return False
        awaiting = None
        if awaits_text and isinstance(command, AddCommitments) and len(command.commitments) == 1:
            awaiting = command.commitments[0].id
        self.push(_Step(self, command, backward, awaiting))
        return True

    def run(self, step: Callable[[Project, Command], Command], command: Command) -> Command | None:
        """Undo or redo one step; on failure the model is unchanged and the history is cleared.

        Undo and redo cannot be refused half way through Qt's bookkeeping, so when a step
        cannot be saved the stack is emptied afterwards: what is shown stays what is saved.
        """
        if self.project is None:
            return None
        try:
            return step(self.project, command)
        except EDIT_FAILURES as error:
            self.failed.emit(
                _message(command, error) + "\n\nThe undo history was cleared; everything on "
                "screen is saved."
            )
            QTimer.singleShot(0, self.clear)
            return None


def _message(command: Command, error: BaseException) -> str:
    reason = error.args[0] if isinstance(error, KeyError) and error.args else error
    return f"{command.label}: not done.\n{reason}"
