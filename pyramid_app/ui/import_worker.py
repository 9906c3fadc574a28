"""Run imports and project opening off the GUI thread so the window stays responsive.

An unexpected error (a bug) is shown as a message and written with its traceback to the log in
the app's data folder, so it can be reported with the file that caused it.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from PySide6.QtCore import QThread, Signal

from pyramid_app.io import (
    ColumnMapping,
    ImportResult,
    UnreadableFileError,
    default_data_folder,
    read_org,
)
from pyramid_app.io.project.file import ProjectFile, ProjectFileError
from pyramid_app.io.spreadsheet.cells import printable
from pyramid_app.io.spreadsheet.early_read import take_started
from pyramid_app.io.spreadsheet.errors import MissingColumnError, NoIdColumnError
from pyramid_app.io.spreadsheet.kept_columns import KeptColumns, read_with_kept

LOG_NAME = "pyramid-planner.log"
_LOGGER = logging.getLogger("pyramid_app.ui.import")


def log_internal_error(what: str, folder: Path | None = None) -> Path | None:
    """Write ``what`` and the exception being handled, with its traceback, to the app's log.

    Call it inside an ``except`` block. The file handler lives only for this one record, so a
    log in a data folder that moves (tests, another user) never holds a stale handle. Returns
    the log's path, or None when the log cannot be written (the message still shows).
    """
    log_path = (folder or default_data_folder()) / "logs" / LOG_NAME
    try:
        log_path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            log_path, maxBytes=2**20, backupCount=3, encoding="utf-8"
        )
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    _LOGGER.addHandler(handler)
    try:
        _LOGGER.exception(what)
    finally:
        _LOGGER.removeHandler(handler)
        handler.close()
    return log_path


def internal_error_message(path: Path, doing: str, error: Exception) -> str:
    """The message for a bug met while ``doing`` (imported, opened...) ``path``, once its
    traceback is in the log; call it inside the ``except`` block."""
    log_path = log_internal_error(f"{doing} {path} failed")
    where = f" The details were written to {log_path}." if log_path is not None else ""
    return printable(
        f"{path.name} could not be {doing} because of an internal error "
        f"({type(error).__name__}: {error}).{where} Please report it with the file."
    )


class ImportWorker(QThread):
    """Reads one file; emits ``imported`` with the result or ``failed`` with a message.

    Cancel only marks the job: the reader cannot be interrupted midway, so a cancelled import
    finishes in the background and its result is dropped.
    """

    imported = Signal(object)
    failed = Signal(str)
    phase = Signal(str)  # what the import is doing now, for the progress dialog
    # No column could be the person id: the window asks for the columns instead of failing.
    needs_columns = Signal(str)
    # The file lacks a kept column: the MissingColumnError, so the window can ask and say why.
    columns_missing = Signal(object)

    def __init__(
        self,
        path: Path,
        sheet: str | None = None,
        mapping: ColumnMapping | None = None,
        header_row: int | None = None,
        kept: KeptColumns | None = None,
    ) -> None:
        """``kept``: read the columns a project was imported with (an update); only used
        when no ``mapping`` is given."""
        super().__init__()
        self.path = path
        self.sheet = sheet
        self.mapping = mapping
        self.header_row = header_row
        self.kept = kept if mapping is None else None
        self.cancelled = False

    def run(self) -> None:
        try:
            result = self._read()
        except MissingColumnError as error:
            if not self.cancelled:
                self.columns_missing.emit(error)
            return
        except NoIdColumnError as error:
            if not self.cancelled:
                self.needs_columns.emit(error.sheet)
            return
        except UnreadableFileError as error:
            if not self.cancelled:
                self.failed.emit(printable(str(error)))
            return
        except Exception as error:  # a bug must not take the window down with it
            message = internal_error_message(self.path, "imported", error)
            if not self.cancelled:
                self.failed.emit(message)
            return
        if not self.cancelled:
            self.imported.emit(result)

    def _read(self) -> ImportResult:
        kept = self.kept
        if kept is not None:
            return read_with_kept(
                self.path, kept, self.sheet, self.header_row, progress=self.phase.emit
            )
        # pyramid-app FILE began this import before the window existed.
        early = take_started(self.path, self.sheet, self.mapping, self.header_row)
        if early is not None:
            return early.result(self.phase.emit)
        return read_org(
            self.path,
            sheet=self.sheet,
            mapping=self.mapping,
            progress=self.phase.emit,
            header_row=self.header_row,
        )

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
            message = internal_error_message(self.path, "opened", error)
            if not self.cancelled:
                self.failed.emit(message)
            return
        if self.cancelled:
            opened.close()
        else:
            self.opened.emit(opened, project)

    def cancel(self) -> None:
        self.cancelled = True
