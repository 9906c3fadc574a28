"""What every panel, dock and dialog of the window receives: the window context.

A part never sees the main window. It gets a :class:`WindowContext`: the project shown, the view
state, the settings, ``push(command)`` with the one error policy of edits, the window's pyramid
view, the :class:`Shown` side of the window (what is drawn, and how to move about it), the host
window to parent its docks and dialogs, and the signals it listens to.

The signals of an edit fire in one order, written down in :meth:`WindowContext._changed`: the
derived caches first (coverage), then the window's own pyramid, then ``coverage.changed``, then
``project_edited`` for every other view. No part depends on the order it was connected in.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

from pyramid_app.model.colouring import ColourBy, Colouring
from pyramid_app.model.commands import Command
from pyramid_app.model.org import OrgChart
from pyramid_app.model.project import Change, Project
from pyramid_app.model.view_state import ViewState
from pyramid_app.ui.focus import Focus
from pyramid_app.ui.plan.coverage_source import WindowCoverage
from pyramid_app.ui.pyramid.view import PyramidView
from pyramid_app.ui.undo import ProjectUndoStack, failure_message

C = TypeVar("C", bound=Command)


class Shown(Protocol):
    """The window's side of the context: the chart drawn and the ways to move about it."""

    colouring: Colouring | None

    @property
    def chart(self) -> OrgChart | None: ...

    @property
    def focus(self) -> Focus | None: ...

    @property
    def selected(self) -> int | None: ...

    def node_of(self, person_id: str | None) -> int | None: ...

    def select_person(self, person_id: str, centre: bool = True) -> None: ...

    def reveal_in_full_chart(self, node: int) -> None: ...

    def set_colour_by(self, by: ColourBy | str) -> None: ...

    def recolour(self) -> None: ...

    def refresh_title(self) -> None: ...

    def set_project(self, project: Project | None) -> None: ...

    def node_in_project(self, person_id: str | None) -> int | None: ...


class WindowContext(QObject):
    """The project shown and everything a part of the window may use, typed.

    ``project_shown`` fires when another project (or none) is shown, ``chart_shown`` after every
    new layout of the pyramid, ``selection_changed`` after the selection was shown and
    ``project_edited`` (the model's :class:`Change`) after every durable edit, once the caches
    and the pyramid took it in.
    """

    project_shown = Signal()
    project_edited = Signal(object)  # the model's Change
    chart_shown = Signal()
    selection_changed = Signal()

    def __init__(
        self,
        host: QMainWindow,
        settings: QSettings,
        view: PyramidView,
        shown: Shown,
        follow: Callable[[Project, Change], None],
    ) -> None:
        super().__init__(host)
        self.host = host
        self.settings = settings
        self.view = view
        self.shown = shown
        self.state = ViewState()
        self.undo_stack = ProjectUndoStack(self)
        self.undo_stack.failed.connect(self.show_edit_failure)
        self.coverage = WindowCoverage(lambda: self._project, self)
        self.edit_failure_box: QMessageBox | None = None
        # The dialog a part opened last (window-modal ones are not blocking): kept alive here
        # while it is open, and where tests find it.
        self.last_dialog: QWidget | None = None
        # Present mode hid the docks for the room: they were not closed by the planner.
        self.presenting = False
        self._project: Project | None = None
        self._follow = follow  # the window's own pyramid, told after the caches
        self._unsubscribe: Callable[[], None] = lambda: None

    @property
    def project(self) -> Project | None:
        return self._project

    def observe(self, project: Project | None) -> None:
        """Follow ``project`` (or none) from now on; the caller shows it, then calls
        :meth:`announce_project`."""
        self._unsubscribe()
        self._project = project
        self.undo_stack.set_project(project)
        self.state.reset()
        self._unsubscribe = lambda: None
        if project is not None:
            self._unsubscribe = project.subscribe(self._changed)

    def announce_project(self) -> None:
        """The project was shown: coverage first, then every part."""
        self.coverage.project_shown()
        self.project_shown.emit()

    def close(self) -> None:
        self._unsubscribe()
        self._unsubscribe = lambda: None

    def _changed(self, project: Project, change: Change) -> None:
        """One durable edit, told in a fixed order: caches, the pyramid, then the views."""
        self.coverage.take(change)
        self._follow(project, change)
        self.coverage.changed.emit()
        self.project_edited.emit(change)

    # -- edits -----------------------------------------------------------------------------

    def push(self, command: Command) -> bool:
        """Do an edit through the undo stack; False if it was refused (the user was told)."""
        return self.undo_stack.push_command(command)

    def push_checked(self, build: Callable[[], Command], what: str = "This edit") -> bool:
        """Build a command (a builder refuses with PlanError) and push it; False, the user told
        why, if it was refused or failed (one error policy: ui/undo.py failure_message)."""
        command = self.build(build, what)
        return command is not None and self.push(command)

    def build(self, build: Callable[[], C], what: str = "This edit") -> C | None:
        """The command ``build`` makes, or None with the user told why (a refusal), or told of
        an internal error (anything else, logged with its traceback): the one error policy."""
        try:
            return build()
        except Exception as error:  # sorted by failure_message's policy
            self.show_edit_failure(failure_message(what, error))
            return None

    def show_edit_failure(self, message: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, "Not saved", message, parent=self.host)
        box.setInformativeText("Everything shown is saved; this edit is not.")
        box.open()
        self.edit_failure_box = box

    def say(self, message: str, milliseconds: int = 6000) -> None:
        """A passing word in the status bar."""
        self.host.statusBar().showMessage(message, milliseconds)
