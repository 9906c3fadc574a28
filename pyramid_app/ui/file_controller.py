"""Opening files for the main window: dialogs, background imports, recent files, drops.

The window owns one :class:`FileController`; it decides how a file becomes a project and tells
the window through :meth:`MainWindow.set_project`, so the window itself knows nothing of files.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu, QMessageBox, QProgressDialog

from pyramid_app.io import ColumnMapping, ImportResult, UnreadableFileError, preview_org
from pyramid_app.io.readers import SUPPORTED_SUFFIXES
from pyramid_app.ui.dialogs.findings_dialog import FindingsDialog
from pyramid_app.ui.dialogs.mapping_dialog import MappingDialog
from pyramid_app.ui.import_worker import ImportWorker

if TYPE_CHECKING:
    from pyramid_app.ui.main_window import MainWindow

MAX_RECENT = 8
FILE_FILTER = "Spreadsheets (" + " ".join(f"*{suffix}" for suffix in SUPPORTED_SUFFIXES) + ")"


class FileController(QObject):
    """File menu behaviour: open a spreadsheet (in the background), recent files, drops."""

    import_failed = Signal(str)

    def __init__(self, window: MainWindow, settings: QSettings) -> None:
        super().__init__(window)
        self.window = window
        self.settings = settings
        self.worker: ImportWorker | None = None  # the import whose result will be shown
        self.running_imports: set[ImportWorker] = set()
        self.last_import: ImportResult | None = None
        self.recent_menu = QMenu("Open &recent", window)
        self.mapping_dialog: MappingDialog | None = None
        self.findings_dialog: FindingsDialog | None = None
        self.refresh_recent()

    # -- spreadsheets ----------------------------------------------------------------------

    def open_dialog(self) -> None:
        start = str(self.settings.value("last_folder", str(Path.home())))
        path, _ = QFileDialog.getOpenFileName(self.window, "Open an org chart", start, FILE_FILTER)
        if path:
            self.open_with_mapping(Path(path))

    def change_mapping(self) -> None:
        if self.last_import is not None:
            self.open_with_mapping(self.last_import.path, self.last_import.sheet)

    def open_with_mapping(self, path: Path, sheet: str | None = None) -> MappingDialog | None:
        """Show the proposed columns and the first rows; import once the user confirms."""
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            preview = preview_org(path, sheet=sheet)
        except UnreadableFileError as error:
            self._import_failed(path, str(error))
            return None
        finally:
            QApplication.restoreOverrideCursor()
        dialog = MappingDialog(preview, self.window)
        dialog.accepted.connect(
            lambda: self.open_path(path, sheet=dialog.sheet(), mapping=dialog.mapping())
        )
        dialog.open()
        self.mapping_dialog = dialog
        return dialog

    def open_demo(self) -> None:
        from pyramid_app.io.demo import demo_workbook_path

        self.open_path(demo_workbook_path(), remember=False)

    def open_path(
        self,
        path: Path,
        remember: bool = True,
        sheet: str | None = None,
        mapping: ColumnMapping | None = None,
    ) -> None:
        """Import ``path`` in the background behind a progress dialog with Cancel."""
        if self.worker is not None:
            self.worker.cancel()
        worker = ImportWorker(path, sheet, mapping)
        self.worker = worker
        progress = QProgressDialog(f"Reading {path.name}...", "Cancel", 0, 0, self.window)
        progress.setWindowTitle("Importing")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(400)
        progress.canceled.connect(worker.cancel)
        worker.phase.connect(progress.setLabelText)
        worker.imported.connect(lambda result: self._imported(result, remember))
        worker.failed.connect(lambda message: self._import_failed(path, message))
        worker.finished.connect(progress.reset)
        worker.finished.connect(lambda: self._retire(worker))
        # Python must hold every thread object until its thread has ended: a QThread freed
        # while its thread still runs aborts the process.
        self.running_imports.add(worker)
        worker.start()

    def _retire(self, worker: ImportWorker) -> None:
        worker.wait()  # "finished" arrives just before the thread ends; let it end
        self.running_imports.discard(worker)
        if self.worker is worker:
            self.worker = None

    def _imported(self, result: ImportResult, remember: bool) -> None:
        self.worker = None
        self.show_import(result)
        if remember:
            self.remember(result.path)
        if len(result.report):
            self.show_findings()

    def show_import(self, result: ImportResult) -> None:
        """A spreadsheet's organisation becomes the window's (unsaved) project."""
        self.last_import = result
        self.window.show_result(result)

    def _import_failed(self, path: Path, message: str) -> None:
        self.worker = None
        box = QMessageBox(QMessageBox.Icon.Warning, "Cannot import", message, parent=self.window)
        box.setInformativeText("The organisation on screen has not changed.")
        box.open()
        self.import_failed.emit(message)

    def show_findings(self) -> None:
        result = self.last_import
        if result is None or not len(result.report):
            self.window.statusBar().showMessage("The import found no data problems.", 4000)
            return
        dialog = FindingsDialog(result, self.window)
        dialog.person_chosen.connect(self.window.reveal_in_full_chart)
        dialog.setModal(False)
        dialog.show()
        self.findings_dialog = dialog

    # -- recent files ----------------------------------------------------------------------

    def remember(self, path: Path) -> None:
        recent = [str(path)] + [p for p in self.recent() if p != str(path)]
        self.settings.setValue("recent_files", recent[:MAX_RECENT])
        self.settings.setValue("last_folder", str(path.parent))
        self.refresh_recent()

    def recent(self) -> list[str]:
        value = self.settings.value("recent_files", [])
        if isinstance(value, str):
            return [value]
        return [str(item) for item in value or []]  # type: ignore[union-attr]

    def refresh_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.recent()
        for path in recent:
            action = self.recent_menu.addAction(Path(path).name)
            action.setToolTip(path)
            action.triggered.connect(lambda _checked=False, p=path: self.open_any(Path(p)))
        self.recent_menu.setEnabled(bool(recent))

    def open_any(self, path: Path) -> None:
        """A dropped or recent file: a spreadsheet is imported."""
        self.open_path(path)

    def shutdown(self) -> None:
        for worker in list(self.running_imports):
            worker.cancel()
            worker.wait()
