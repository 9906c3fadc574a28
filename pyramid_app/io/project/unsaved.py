"""New projects: from an import, and saved without asking until the user picks a file name.

An imported organisation is a project at once, but asking for a file name before the first
edit would be in the way. :class:`DeferredProjectFile` is the journal of such a project: the
first edit creates ``<data folder>/projects/<name> (unsaved N).pyramid`` and from then on every
edit is saved there like in any project file, so nothing is lost if the app is closed or
crashes before the user chose where to keep it. :func:`unsaved_projects` lists those files so
the app can offer them at its next start.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pyramid_app.io.library import load_shipped_library
from pyramid_app.io.project.file import (
    SUFFIX,
    HistoryEntry,
    ProjectExistsError,
    ProjectFile,
    ProjectFileError,
    change_counts,
    creation_entry,
    describe_change,
)
from pyramid_app.io.spreadsheet.org_import import ImportResult
from pyramid_app.model.library import PracticeFamily, PracticeLibrary
from pyramid_app.model.project import Change, OrgSource, Project, UndoStep

if TYPE_CHECKING:
    from pyramid_app.model.commands import Command

APP_FOLDER = "Pyramid Planner"
UNSAVED_FOLDER = "projects"
_UNSAVED = re.compile(r".+ \(unsaved \d+\)" + re.escape(SUFFIX))
# Characters Windows refuses in file names, and control characters anywhere.
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
_MAX_NAME = 80


def project_from_import(
    result: ImportResult,
    now: dt.datetime | None = None,
    shipped: Sequence[PracticeFamily] | None = None,
) -> Project:
    """A new project from an import: the chart, where it came from, its customer segments.

    ``now`` is the import time recorded in the source (naive UTC; the current time if None);
    ``shipped`` the shipped practice library (read from the app's resources if None). The
    project is named after the spreadsheet, without its extension.
    """
    moment = now or dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    source = OrgSource(
        file_name=result.path.name,
        sheet=result.sheet,
        header_row=result.header_row,
        mapping=result.mapping.describe(result.headers),
        imported_at=moment,
    )
    library = PracticeLibrary(
        shipped=tuple(shipped) if shipped is not None else load_shipped_library()
    )
    return Project(
        result.chart,
        source,
        customers=list(result.customer_segments),
        library=library,
        name=result.path.stem,
    )


def default_data_folder() -> Path:
    """Where the app keeps its own files: unsaved projects, and anything else per user."""
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / APP_FOLDER
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP_FOLDER
    # The XDG specification says a relative XDG_DATA_HOME is invalid and must be ignored.
    xdg = os.environ.get("XDG_DATA_HOME", "")
    base_path = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".local" / "share"
    return base_path / APP_FOLDER


def unsaved_folder(folder: Path) -> Path:
    return folder / UNSAVED_FOLDER


def unsaved_projects(folder: str | Path | None = None) -> list[Path]:
    """Unsaved project files in the data folder, most recently changed first."""
    projects = unsaved_folder(Path(folder) if folder is not None else default_data_folder())
    if not projects.is_dir():
        return []
    found = [path for path in projects.iterdir() if _UNSAVED.fullmatch(path.name)]
    return sorted(found, key=lambda path: (-path.stat().st_mtime, path.name))


def is_unsaved_file(path: Path, folder: str | Path | None = None) -> bool:
    """True for a project file the app made in its data folder, never saved under a name."""
    projects = unsaved_folder(Path(folder) if folder is not None else default_data_folder())
    return path.parent == projects and _UNSAVED.fullmatch(path.name) is not None


def remove_unsaved(path: Path) -> None:
    """Delete an unsaved project file and its logs (it was saved under a name)."""
    _remove_file(path)


def safe_file_name(name: str) -> str:
    """``name`` made usable as a file name on every system (a fallback when nothing is left)."""
    cleaned = _UNSAFE.sub(" ", name)
    cleaned = re.sub(r"\s+", " ", cleaned).strip().strip(".").strip()
    return cleaned[:_MAX_NAME].rstrip() or "Project"


class DeferredProjectFile:
    """The journal of a project that has no file yet; it makes one at the first edit.

    After that it passes every edit to that :class:`ProjectFile` (``file``) and stays the
    project's journal. ``on_created(file)`` is called once the file exists, so the window can
    show its name. Not thread-safe, like :class:`ProjectFile`.
    """

    def __init__(
        self,
        folder: str | Path | None = None,
        name_hint: str = "",
        on_created: Callable[[ProjectFile], None] | None = None,
    ) -> None:
        self.folder = Path(folder) if folder is not None else default_data_folder()
        self.name_hint = name_hint
        self.on_created = on_created
        self.file: ProjectFile | None = None

    @property
    def path(self) -> Path | None:
        return self.file.path if self.file is not None else None

    def record(
        self, project: Project, command: Command, change: Change, step: UndoStep | None = None
    ) -> None:
        if self.file is not None:
            self.file.record(project, command, change, step)
            return
        self.file = self._create(project, command, change)
        if step is not None:
            # The edit is saved; only Undo after a reopen would miss it if this fails.
            with contextlib.suppress(ProjectFileError):
                self.file.remember_step(command, step)
        # ProjectFile made itself the journal; this object keeps that role and delegates.
        project.journal = self
        if self.on_created is not None:
            self.on_created(self.file)

    def _create(self, project: Project, command: Command, change: Change) -> ProjectFile:
        """The unsaved file: the project with this first edit applied, and its history row."""
        label = command.label
        counts = change_counts(project, change)
        history = [creation_entry(project), (label, describe_change(*counts), counts)]
        projects = unsaved_folder(self.folder)
        try:
            projects.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise ProjectFileError(
                f"The edit “{label}” was not saved: the folder {projects} for unsaved projects "
                f"cannot be made ({error.strerror or error}). Use Save As to choose a file.",
                projects,
            ) from error
        stem = safe_file_name(self.name_hint or project.name)
        number = 1
        while True:
            path = projects / f"{stem} (unsaved {number}){SUFFIX}"
            if not path.exists():
                try:
                    return ProjectFile._create(path, project, False, history)
                except ProjectExistsError:
                    pass  # another window took this number a moment ago
            number += 1

    def save_as(self, new_path: str | Path, project: Project) -> ProjectFile:
        """Move the project to a file of the user's choice; the unsaved file is removed.

        Returns the new file, which becomes the project's journal.
        """
        if self.file is None:
            saved = ProjectFile.create(new_path, project, overwrite=True)
        else:
            unsaved = self.file.path
            saved = self.file.save_as(new_path)
            _remove_file(unsaved)
        self.file = None
        project.journal = saved
        saved.project = project
        return saved

    def history(self, limit: int | None = None) -> list[HistoryEntry]:
        return self.file.history(limit) if self.file is not None else []

    def undo_steps(self) -> list[tuple[Command, Command]]:
        return self.file.undo_steps() if self.file is not None else []

    def close(self) -> None:
        """Let the unsaved file go; it stays in the data folder to be offered next time."""
        if self.file is not None:
            self.file.close()

    def discard(self) -> None:
        """Close and delete the unsaved file (the user chose not to keep the project)."""
        if self.file is not None:
            path = self.file.path
            self.file.close()
            self.file = None
            _remove_file(path)


def _remove_file(path: Path) -> None:
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            leftover.unlink()
        except FileNotFoundError:
            pass
        except OSError:
            if leftover == path:
                raise
