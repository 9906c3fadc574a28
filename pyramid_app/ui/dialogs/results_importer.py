"""File > Import results...: a file chosen, read in the background, previewed, applied.

The steps a planner goes through each month when the client's new report arrives: choose the
file; it is read off the GUI thread with the columns remembered for its header (or proposed);
:class:`ResultsImportDialog` shows the columns, what would change and every row left out; Apply
pushes one command (Edit > Undo takes the whole import back) and remembers the columns for the
next file with the same header.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog

from pyramid_app.io.spreadsheet.readers import SUPPORTED_SUFFIXES
from pyramid_app.io.spreadsheet.results_import import ResultsRead, preview_results
from pyramid_app.model.project import Project
from pyramid_app.model.result_commands import apply_results
from pyramid_app.ui.dialogs.results_import_dialog import ResultsImportDialog
from pyramid_app.ui.dialogs.results_reading import ResultsMappingMemory, ResultsReadWorker

if TYPE_CHECKING:
    from pyramid_app.ui.context import WindowContext

FILE_FILTER = "Spreadsheets (" + " ".join(f"*{suffix}" for suffix in SUPPORTED_SUFFIXES) + ")"


class ResultsImporter(QObject):
    """Imports results files into the window's project; ``dialog_shown`` fires when the
    preview is open, ``failed`` with the message shown when a file cannot be read."""

    dialog_shown = Signal(object)  # the ResultsImportDialog
    failed = Signal(str)

    def __init__(self, context: WindowContext) -> None:
        super().__init__(context)
        self.context = context
        self.memory = ResultsMappingMemory(context.settings)
        self.file_dialog: QFileDialog | None = None
        self.dialog: ResultsImportDialog | None = None
        self.message_box: QMessageBox | None = None
        self.worker: ResultsReadWorker | None = None
        self.running: set[ResultsReadWorker] = set()  # held until their threads end
        # A reading still running when the window closes is waited for: a thread object
        # freed while its thread runs aborts the process.
        context.host.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.context.host and event.type() == QEvent.Type.Close:
            self.shutdown()
        return False

    def choose_file(self) -> QFileDialog | None:
        """A file dialog that does not block; the file picked is read."""
        if self.context.project is None:
            self.context.say("Open a project first: results are read into a project.")
            return None
        settings = self.context.settings
        start = str(settings.value("last_folder", str(Path.home())))
        dialog = QFileDialog(self.context.host, "Import the customers' results", start, FILE_FILTER)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.fileSelected.connect(lambda path: self.read_file(Path(path)) if path else None)
        dialog.open()
        self.file_dialog = dialog
        return dialog

    def read_file(self, path: Path) -> None:
        """Read ``path`` in the background behind a progress dialog; the preview follows."""
        project = self.context.project
        if project is None:
            return
        if self.worker is not None:
            self.worker.cancel()
        worker = ResultsReadWorker(path, project, remembered=self.memory.entries())
        progress = QProgressDialog(f"Reading {path.name}...", "Cancel", 0, 0, self.context.host)
        progress.setWindowTitle("Importing results")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(400)
        progress.canceled.connect(worker.cancel)
        worker.read_done.connect(
            lambda read, found: (
                None if worker.cancelled else self._show_preview(project, read, found)
            )
        )
        worker.failed.connect(lambda message: None if worker.cancelled else self._failed(message))
        worker.finished.connect(progress.reset)
        worker.finished.connect(lambda: self._retire(worker))
        self.worker = worker
        self.running.add(worker)
        worker.start()

    def _retire(self, worker: ResultsReadWorker) -> None:
        worker.wait()  # "finished" arrives just before the thread ends; let it end
        self.running.discard(worker)
        if self.worker is worker:
            self.worker = None

    def _failed(self, message: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning, "Cannot import results", message, parent=self.context.host
        )
        box.setTextFormat(Qt.TextFormat.PlainText)  # it quotes file names and cells
        box.setInformativeText("The project's results have not changed.")
        box.open()
        self.message_box = box
        self.failed.emit(message)

    def _show_preview(self, project: Project, read: ResultsRead, found: str) -> None:
        if self.context.project is not project:
            return  # another project is shown now: this reading was for the one before
        dialog = ResultsImportDialog(read, project, found, self.context.host)
        dialog.accepted.connect(lambda: self.apply(dialog))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.open()
        self.dialog = dialog
        self.context.last_dialog = dialog
        self.dialog_shown.emit(dialog)

    def apply(self, dialog: ResultsImportDialog) -> bool:
        """The dialog's reading, compared with the project as it is now, as one undo step."""
        project = self.context.project
        if project is None or project is not dialog.project:
            return False
        read = dialog.read
        update = preview_results(project, read).update
        if update.empty:
            self.context.say("Nothing to import: every value read is in the project already.")
            return False
        done = self.context.push_checked(
            lambda: apply_results(project, update, read.path.name), "Importing the results"
        )
        if done:
            self.memory.remember(read.headers, read.mapping)
            self.context.settings.setValue("last_folder", str(read.path.parent))
            self.context.say(f"Imported {update.describe()} results from {read.path.name}.")
        return done

    def shutdown(self) -> None:
        for worker in list(self.running):
            worker.cancel()
            worker.wait()
        if self.dialog is not None:
            for worker in list(self.dialog.running):
                worker.cancel()
                worker.wait()
