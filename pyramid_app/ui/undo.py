"""The window's undo stack: a QUndoStack over the model's commands.

The model does the work (:meth:`Project.execute` applies a command, makes it durable, tells the
observers); this stack only keeps the steps so the Edit menu can say "Undo Add commitment for
Diego Gallo". A command is pushed only after it was saved, so a refused edit never appears in
the history.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from pyramid_app.io.project.file import ProjectFile, ProjectFileError
from pyramid_app.io.project.unsaved import DeferredProjectFile
from pyramid_app.model.commands import (
    AddCommitments,
    ChangeCommitment,
    Command,
    PlanError,
    run_redo,
    run_undo,
)
from pyramid_app.model.project import Project, ReadOnlyProjectError

# What an edit may fail with, for the user to read: a refused edit (PlanError), a read-only
# project, or a project file that could not save it (ProjectFileError, with a message made for
# the user; OSError and sqlite3.Error underneath). Anything else is a bug of the app: it is
# logged with its traceback and reported as an internal error, never passed off as a refusal.
EDIT_FAILURES: tuple[type[BaseException], ...] = (
    PlanError,
    ProjectFileError,
    ReadOnlyProjectError,
    OSError,
    sqlite3.Error,
)
LOG = logging.getLogger("pyramid_app")


def failure_message(what: str, error: BaseException) -> str:
    """The one error policy of edits: what the user reads when ``what`` failed with ``error``.

    A refusal or a failed save says why; anything else is a bug of the app, logged with its
    traceback here and reported as an internal error.
    """
    if isinstance(error, EDIT_FAILURES):
        return f"{what}: not done.\n{error}"
    LOG.error("%s failed", what, exc_info=error)
    return (
        f"{what}: not done. This is an internal error of Pyramid Planner, not something you "
        f"did ({type(error).__name__}: {error}); the project is as it was. Please report it."
    )


# Qt merges a pushed step into the one before only when both give the same id.
FIELD_EDIT_ID = 0x4E414D45


def field_edit_of(command: Command) -> tuple[str, str] | None:
    """(commitment id, field) when ``command`` changes that one field and nothing else."""
    if isinstance(command, ChangeCommitment) and len(command.changes) == 1:
        (name,) = command.changes
        return command.id, name
    return None


class _Step(QUndoCommand):
    """One done command and the command that takes it back.

    A step can be *open* for one field of one commitment (``open_field``): the edits of that
    field pushed next join it instead of becoming steps of their own, until one of them closes
    it. So the words typed into a field, saved every second while typing, are one undo step;
    and a new commitment added with a placeholder text takes the wording typed next into the
    same step, so one undo takes the commitment away and redo brings it back worded. Every
    edit was saved as it was made; joining only changes what one undo does.
    """

    def __init__(
        self,
        owner: ProjectUndoStack,
        forward: Command,
        backward: Command,
        open_field: tuple[str, str] | None = None,
        restored: bool = False,
    ) -> None:
        super().__init__(forward.label)
        self.owner = owner
        self.forward = forward
        self.backward = backward
        self.open_field = open_field
        self.first_redo = True  # pushed after it was already applied and saved
        self.restored = restored  # from the project file: the last session's step

    def id(self) -> int:
        if self.open_field is not None or field_edit_of(self.forward) is not None:
            return FIELD_EDIT_ID
        return -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        field = self.open_field
        if field is None or not isinstance(other, _Step) or field_edit_of(other.forward) != field:
            return False
        self.open_field = other.open_field  # still open while the typing goes on
        if isinstance(self.forward, AddCommitments):
            # The backward step removes the commitment by id, whatever its text now: it stays.
            project = self.owner.project
            worded = project.plan.get(field[0]) if project is not None else None
            if worded is not None:
                self.forward = AddCommitments((worded,), self.forward.label)
        else:
            self.forward = other.forward  # the backward step restores the value before it all
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
    """Undo history of the window's current project; ``failed`` carries a message for the user.

    A project opened from its file comes with the steps its last session could undo, so
    Undo goes on working after a restart or a crash.
    """

    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project: Project | None = None

    def set_project(self, project: Project | None) -> None:
        self.clear()
        self.project = project
        journal = project.journal if project is not None else None
        if isinstance(journal, ProjectFile | DeferredProjectFile):
            for forward, backward in journal.undo_steps():
                self.push(_Step(self, forward, backward, restored=True))

    def push_command(
        self, command: Command, awaits_text: bool = False, typing: bool = False
    ) -> bool:
        """Apply, save and record ``command``; False (and ``failed``) if it was refused.

        ``awaits_text``: ``command`` adds one commitment under a placeholder text; the edits
        of that text pushed next join this step. ``typing``: ``command`` is a field's value
        saved while it is being typed; the next edits of that field join this step, until
        one pushed without ``typing`` (the field was left) or :meth:`close_typing`.
        """
        if self.project is None:
            return False
        field = field_edit_of(command)
        top = self._top()
        joins = isinstance(top, _Step) and field is not None and top.open_field == field
        try:
            backward = self.project.execute(command, joins=joins)
        except Exception as error:  # sorted by failure_message's policy
            self.failed.emit(failure_message(command.label, error))
            return False
        open_field = field if typing else None
        if awaits_text and isinstance(command, AddCommitments) and len(command.commitments) == 1:
            open_field = (command.commitments[0].id, "text")
        self.push(_Step(self, command, backward, open_field))
        return True

    def _top(self) -> QUndoCommand | None:
        """The newest step done (what Undo would take back)."""
        return self.command(self.index() - 1) if self.index() > 0 else None

    def close_typing(self) -> None:
        """The field being typed in was left with nothing more to save: its step is closed."""
        top = self._top()
        if isinstance(top, _Step):
            top.open_field = None

    def typing_field(self) -> tuple[str, str] | None:
        """The (commitment id, field) whose typing the newest step is still taking in."""
        top = self._top()
        return top.open_field if isinstance(top, _Step) else None

    def run(self, step: Callable[[Project, Command], Command], command: Command) -> Command | None:
        """Undo or redo one step; on failure the model is unchanged and the history is cleared.

        Undo and redo cannot be refused half way through Qt's bookkeeping, so when a step
        cannot be saved the stack is emptied afterwards: what is shown stays what is saved.
        """
        if self.project is None:
            return None
        try:
            return step(self.project, command)
        except Exception as error:  # sorted by failure_message's policy
            self.failed.emit(
                failure_message(command.label, error) + "\n\nThe undo history was cleared; "
                "everything on screen is saved."
            )
            QTimer.singleShot(0, self.clear)
            return None
