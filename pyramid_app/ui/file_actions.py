"""Opening files for the main window: dialogs, background imports, recent files, drops.

A mixin so that main_window.py stays about the view; it uses the window's own attributes
(``settings``, ``worker``, ``result``) and methods (``show_result``).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QProgressDialog

from pyramid_app.io import ColumnMapping, ImportResult, UnreadableFileError, preview_org
from pyramid_app.io.readers import SUPPORTED_SUFFIXES
from pyramid_app.ui.dialogs.findings_dialog import FindingsDialog
from pyramid_app.ui.dialogs.mapping_dialog import MappingDialog
from pyramid_app.ui.import_worker import ImportWorker

MAX_RECENT = 8
FILE_FILTER = "Spreadsheets (" + " ".join(f"*{suffix}" for suffix in SUPPORTED_SUFFIXES) + ")"


class FileActions:
    """File menu behaviour of :class:`~pyramid_app.ui.main_window.MainWindow`."""

    def open_dialog(self) -> None:
        start = str(self.settings.value("last_folder", str(Path.home())))
        path, _ = QFileDialog.getOpenFileName(self, "Open an org chart", start, FILE_FILTER)
        if path:
            self.open_with_mapping(Path(path))

    def change_mapping(self) -> None:
        if self.result is not None:
            self.open_with_mapping(self.result.path, self.result.sheet)

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
        dialog = MappingDialog(preview, self)
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
        progress = QProgressDialog(f"Reading {path.name}...", "Cancel", 0, 0, self)
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
        self.show_result(result)
        if remember:
            self._remember(result.path)
        if len(result.report):
            self.show_findings()

    def _import_failed(self, path: Path, message: str) -> None:
        self.worker = None
        box = QMessageBox(QMessageBox.Icon.Warning, "Cannot import", message, parent=self)
        box.setInformativeText("The organisation on screen has not changed.")
        box.open()
        self.import_failed.emit(message)

    def show_findings(self) -> None:
        if self.result is None or not len(self.result.report):
            self.statusBar().showMessage("The import found no data problems.", 4000)
            return
        dialog = FindingsDialog(self.result, self)
        dialog.person_chosen.connect(self.reveal_in_full_chart)
        dialog.setModal(False)
        dialog.show()
        self.findings_dialog = dialog

    def _remember(self, path: Path) -> None:
        recent = [str(path)] + [p for p in self._recent() if p != str(path)]
        self.settings.setValue("recent_files", recent[:MAX_RECENT])
        self.settings.setValue("last_folder", str(path.parent))
        self._refresh_recent()

    def _recent(self) -> list[str]:
        value = self.settings.value("recent_files", [])
        if isinstance(value, str):
            return [value]
        return [str(item) for item in value or []]

    def _refresh_recent(self) -> None:
        self.recent_menu.clear()
        recent = self._recent()
        for path in recent:
            action = self.recent_menu.addAction(Path(path).name)
            action.setToolTip(path)
            action.triggered.connect(lambda _checked=False, p=path: self.open_path(Path(p)))
        self.recent_menu.setEnabled(bool(recent))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile():
            self.open_path(Path(urls[0].toLocalFile()))
            event.acceptProposedAction()
