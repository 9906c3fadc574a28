"""Run imports and project opening off the GUI thread so the window stays responsive."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QThread, Signal

from pyramid_app.io import ColumnMapping, ImportResult, UnreadableFileError, read_org
from pyramid_app.io.project_file import ProjectFile, ProjectFileError


class ImportWorker(QThread):
    """Reads one file; emits ``imported`` with the result or ``failed`` with a message.

    Cancel only marks the job: the reader cannot be interrupted midway, so a cancelled import
    finishes in the background and its result is dropped.
    """

    imported = Signal(object)
    failed = Signal(str)
    phase = Signal(str)  # what the import is doing now, for the progress dialog

    def __init__(
        self, path: Path, sheet: str | None = None, mapping: ColumnMapping | None = None
    ) -> None:
        super().__init__()
        self.path = path
        self.sheet = sheet
        self.mapping = mapping
        self.cancelled = False

    def run(self) -> None:
        try:
            result: ImportResult = read_org(
                self.path, sheet=self.sheet, mapping=self.mapping, progress=self.phase.emit
            )
        except UnreadableFileError as error:
            if not self.cancelled:
                self.failed.emit(str(error))
            return
        except Exception as error:  # a bug must not take the window down with it
            if not self.cancelled:
                self.failed.emit(
                    f"{self.path.name} could not be imported because of an internal error "
                    f"({type(error).__name__}: {error}). Please report it with the file."
                )
            return
        if not self.cancelled:
            self.imported.emit(result)

    def cancel(self) -> None:
        self.cancelled = True


class OpenProjectWorker(QThread):
    """Opens a project file off the GUI thread; ``opened`` carries (file, project)."""

    opened = Signal(object, object)
    failed = Signal(str)

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.cancelled = False

    def run(self) -> None:
        try:
            opened, project = ProjectFile.open(self.path)
        except ProjectFileError as error:
            if not self.cancelled:
                self.failed.emit(str(error))
            return
        except Exception as error:  # a bug must not take the window down with it
            if not self.cancelled:
                self.failed.emit(
                    f"{self.path.name} could not be opened because of an internal error "
                    f"({type(error).__name__}: {error}). Please report it with the file."
                )
            return
        if self.cancelled:
            opened.close()
        else:
            self.opened.emit(opened, project)

    def cancel(self) -> None:
        self.cancelled = True
