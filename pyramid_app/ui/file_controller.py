"""Files for the main window: projects and spreadsheets, background work, recent files, drops.

The window owns one :class:`FileController`; it decides how a file becomes a project and tells
the window through :meth:`WindowContext.set_project`, so the window itself knows nothing of files.

A project is always saved: a spreadsheet opened without a project becomes a project file in
the app's data folder at its first edit (:class:`DeferredProjectFile`); Save As moves it to a
file of the user's choice, and projects never saved under a name are offered at the next start.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Qt, QThread, Signal
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu, QMessageBox, QProgressDialog

from pyramid_app.io import ColumnMapping, ImportResult, UnreadableFileError, preview_org
from pyramid_app.io.project.file import SUFFIX, ProjectFile, ProjectFileError
from pyramid_app.io.project.unsaved import (
    DeferredProjectFile,
    is_unsaved_file,
    project_from_import,
    remove_unsaved,
    unsaved_projects,
)
from pyramid_app.io.spreadsheet.errors import MissingColumnError
from pyramid_app.io.spreadsheet.kept_columns import KeptColumns
from pyramid_app.io.spreadsheet.mapping import apply_overrides, find_column
from pyramid_app.io.spreadsheet.readers import SUPPORTED_SUFFIXES
from pyramid_app.model.commands import now_utc, update_organisation
from pyramid_app.model.org_update import preview_update
from pyramid_app.model.project import OrgSource, Project
from pyramid_app.ui.dialogs.audience_dialog import propose_hidden
from pyramid_app.ui.dialogs.findings_dialog import FindingsDialog, keep_clear_of
from pyramid_app.ui.dialogs.mapping_dialog import MappingDialog
from pyramid_app.ui.dialogs.update_dialog import UpdateDialog
from pyramid_app.ui.import_worker import (
    ImportWorker,
    OpenProjectWorker,
    internal_error_message,
)

if TYPE_CHECKING:
    from pyramid_app.ui.context import WindowContext

MAX_RECENT = 8
# Settings key: what the window showed last - a project file, a spreadsheet, or the demo - so
# the next start opens it again. Absent only before the very first start.
LAST_PROJECT = "last_project"
DEMO = "demo"
NOTHING_OPEN = (
    "Nothing is open yet. Choose another file with File > New project from spreadsheet "
    "(Ctrl+I) or File > Open project (Ctrl+O), or drop one on the window."
)
FILE_FILTER = "Spreadsheets (" + " ".join(f"*{suffix}" for suffix in SUPPORTED_SUFFIXES) + ")"
PROJECT_FILTER = f"Pyramid projects (*{SUFFIX})"


FIELD_WORDS = {"id": "person id", "manager": "manager", "name": "name"}


def _with_columns(
    mapping: ColumnMapping, headers: list[str], wanted: Mapping[str, str]
) -> ColumnMapping:
    """``mapping`` with the wanted columns the headers have; the others stay as proposed."""
    found: dict[str, str | int] = {}
    for field, header in wanted.items():
        try:
            find_column(headers, header)
        except ValueError:
            continue
        found[field] = header
    return apply_overrides(mapping, headers, found) if found else mapping


class FileController(QObject):
    """File menu behaviour: open a spreadsheet (in the background), recent files, drops."""

    import_failed = Signal(str)
    open_failed = Signal(str)
    project_opened = Signal()  # a project (file or spreadsheet) is now the window's
    job_started = Signal(str)  # a file is being read in the background: "Reading org.xlsx..."
    job_ended = Signal()

    def __init__(
        self, context: WindowContext, settings: QSettings, data_folder: Path | None = None
    ) -> None:
        super().__init__(context)
        self.context = context
        self.settings = settings
        self.data_folder = data_folder  # None: the platform's folder for app data
        self.worker: ImportWorker | OpenProjectWorker | None = None  # the job shown when done
        self.running_imports: set[ImportWorker | OpenProjectWorker] = set()
        self.update_dialog: UpdateDialog | None = None
        self.message_box: QMessageBox | None = None
        self.last_import: ImportResult | None = None
        self.recent_menu = QMenu("Open &recent", context.host)
        self.mapping_dialog: MappingDialog | None = None
        self.findings_dialog: FindingsDialog | None = None
        self.file_dialog: QFileDialog | None = None  # the last Open dialog shown
        self.last_failed_name = ""  # the file the last failed import or opening was given
        self.refresh_recent()

    # -- spreadsheets ----------------------------------------------------------------------

    def open_dialog(self) -> QFileDialog:
        return self.ask_for_file("Open an org chart", FILE_FILTER, self.open_with_mapping)

    def ask_for_file(
        self, title: str, filters: str, chosen: Callable[[Path], object]
    ) -> QFileDialog:
        """A file dialog that does not block: ``chosen(path)`` runs once a file is picked.

        No nested event loop runs meanwhile, so background imports report as usual.
        """
        start = str(self.settings.value("last_folder", str(Path.home())))
        dialog = QFileDialog(self.context.host, title, start, filters)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.fileSelected.connect(lambda path: chosen(Path(path)) if path else None)
        dialog.open()
        self.file_dialog = dialog
        return dialog

    def change_mapping(self) -> None:
        if self.last_import is not None:
            self.open_with_mapping(self.last_import.path, self.last_import.sheet)

    def open_with_mapping(
        self,
        path: Path,
        sheet: str | None = None,
        note: str = "",
        then: Callable[..., None] | None = None,
        keep: Mapping[str, str] | None = None,
    ) -> MappingDialog | None:
        """Show the proposed columns and the first rows; import once the user confirms.

        ``note`` says why the dialog opened by itself; ``then(path, sheet=, mapping=,
        header_row=)`` runs the import the user confirmed (by default: open the file);
        ``keep`` (field -> header text) are columns to propose instead, where the file has them.
        """
        run = then or self.open_path
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            preview = preview_org(path, sheet=sheet)
        except UnreadableFileError as error:
            self._import_failed(path, str(error))
            return None
        except Exception as error:  # a bug: logged with its traceback, shown as a message
            self._import_failed(path, internal_error_message(path, "previewed", error))
            return None
        finally:
            QApplication.restoreOverrideCursor()
        if keep:
            preview = replace(
                preview, mapping=_with_columns(preview.mapping, preview.headers, keep)
            )
        dialog = MappingDialog(preview, self.context.host, note=note)
        dialog.accepted.connect(
            lambda: run(
                path, sheet=dialog.sheet(), mapping=dialog.mapping(), header_row=dialog.header_row()
            )
        )
        dialog.open()
        self.mapping_dialog = dialog
        return dialog

    def open_demo(self) -> None:
        """The demo hotel group with its sample plan; edits go to an unsaved project file."""
        from pyramid_app.io.demo import demo_project

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            project = demo_project(today=dt.date.today())
        except (UnreadableFileError, ValueError, OSError) as error:
            self._tell("Cannot open the demo", str(error), "Reinstalling the app restores it.")
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.last_import = None
        self.show_project(project)
        self._note_last(DEMO)

    def start(self) -> None:
        """At start without a file: open what was shown last (a project, a spreadsheet, the
        demo); the demo on the very first start; then offer the other unsaved projects."""
        last = str(self.settings.value(LAST_PROJECT, "") or "")
        reopened: Path | None = None
        if not self.settings.contains(LAST_PROJECT) or last == DEMO:
            self.open_demo()
        elif last and Path(last).is_file():
            reopened = Path(last)
            if reopened.suffix.lower() == SUFFIX:
                self.open_project(
                    reopened, remember=not is_unsaved_file(reopened, self.data_folder)
                )
            else:
                self.open_path(reopened)
        elif last:
            self.context.say(
                f"The project last worked on, {last}, is no longer there: choose one with "
                "File > Open project or Open recent.",
                15_000,
            )
        self.offer_unsaved(besides=reopened)

    def _note_last(self, what: str | Path) -> None:
        self.settings.setValue(LAST_PROJECT, str(what))

    def open_path(
        self,
        path: Path,
        remember: bool = True,
        sheet: str | None = None,
        mapping: ColumnMapping | None = None,
        header_row: int | None = None,
    ) -> None:
        """Import ``path`` in the background behind a progress dialog with Cancel."""
        worker = ImportWorker(path, sheet, mapping, header_row)
        worker.phase.connect(lambda text: self._progress_text(worker, text))
        # "imported" is queued: cancel() can come after the thread emitted it, before it
        # arrives here, so the flag is checked again on this side.
        worker.imported.connect(
            lambda result: None if worker.cancelled else self._imported(result, remember)
        )
        worker.failed.connect(lambda message: self._import_failed(path, message))
        worker.needs_columns.connect(
            lambda found_on: self._choose_columns(
                path, found_on, partial(self.open_path, remember=remember)
            )
        )
        self._run(worker, f"Reading {path.name}...", "Importing")

    def _choose_columns(self, path: Path, sheet: str, then: Callable[..., None]) -> None:
        """No column looked like a person id: the user picks the columns, nothing failed."""
        self.worker = None
        note = (
            f"No column of {path.name} is named like a person id (Employee ID, Person "
            "number...). Choose the column that identifies each person, and the manager and "
            "name columns if they were not found, then Import."
        )
        if self.open_with_mapping(path, sheet, note=note, then=then) is not None:
            self.context.say(f"Choose the columns of {path.name} to import it.", 10_000)

    def _run(self, worker: ImportWorker | OpenProjectWorker, text: str, title: str) -> None:
        """Start a background job behind a progress dialog; a newer job replaces the last."""
        if self.worker is not None:
            self.worker.cancel()
        self.worker = worker
        self.job_started.emit(text)
        progress = QProgressDialog(text, "Cancel", 0, 0, self.context.host)
        progress.setWindowTitle(title)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(400)
        progress.canceled.connect(worker.cancel)
        worker.setProperty("progress", progress)
        worker.finished.connect(progress.reset)
        worker.finished.connect(lambda: self._retire(worker))
        # Python must hold every thread object until its thread has ended: a QThread freed
        # while its thread still runs aborts the process.
        self.running_imports.add(worker)
        worker.start()

    @staticmethod
    def _progress_text(worker: QThread, text: str) -> None:
        progress = worker.property("progress")
        if isinstance(progress, QProgressDialog):
            progress.setLabelText(text)

    def _retire(self, worker: QThread) -> None:
        worker.wait()  # "finished" arrives just before the thread ends; let it end
        self.running_imports.discard(worker)
        if self.worker is worker:
            self.worker = None
        if self.worker is None:
            self.job_ended.emit()

    def _imported(self, result: ImportResult, remember: bool) -> None:
        self.worker = None
        self.show_import(result)
        if remember:
            self.remember(result.path)
        if len(result.report):
            self.show_findings()

    def show_import(self, result: ImportResult) -> None:
        """A spreadsheet's organisation becomes the window's project, saved at its first edit."""
        self.last_import = result
        self.show_project(project_from_import(result))
        self._note_last(result.path)
        propose_hidden(self.context)

    def show_project(self, project: Project) -> None:
        """Show a project that has no file yet; its first edit makes one in the data folder."""
        if project.journal is None:
            project.journal = DeferredProjectFile(
                self.data_folder, on_created=lambda _file: self._file_created()
            )
        self._let_go_of_current()
        self.context.shown.set_project(project)
        self.project_opened.emit()

    def _file_created(self) -> None:
        path = self.project_path()
        if path is not None:
            self._note_last(path)
        self.context.shown.refresh_title()
        self.refresh_recent()

    def _import_failed(self, path: Path, message: str) -> None:
        self.worker = None
        self.last_failed_name = path.name
        if self.context.project is not None:
            detail = "The organisation on screen has not changed."
        else:
            detail = NOTHING_OPEN
        self._tell("Cannot import", message, detail)
        self.import_failed.emit(message)

    def show_findings(self) -> None:
        result = self.last_import
        if result is None or not len(result.report):
            self.context.say("The import found no data problems.", 4000)
            return
        dialog = FindingsDialog(result, self.context.host)
        dialog.person_chosen.connect(lambda node: self._show_finding(dialog, node))
        dialog.setModal(False)
        dialog.place_beside(self.context.host)
        dialog.show()
        self.findings_dialog = dialog

    def _show_finding(self, dialog: FindingsDialog, node: int) -> None:
        """Select and centre the person a finding names, clear of the report over the view."""
        self.context.shown.reveal_in_full_chart(node)
        selected = self.context.shown.selected
        if selected is not None:
            keep_clear_of(dialog, self.context.view, selected)

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
        return [str(item) for item in value] if isinstance(value, list) else []

    def refresh_recent(self) -> None:
        """Recent projects and spreadsheets, then the projects not yet saved under a name."""
        self.recent_menu.clear()
        recent = self.recent()
        for path in recent:
            action = self.recent_menu.addAction(Path(path).name)
            action.setToolTip(path)
            action.triggered.connect(lambda _checked=False, p=path: self.open_any(Path(p)))
        current = self.project_path()
        unsaved = [p for p in unsaved_projects(self.data_folder) if p != current]
        if unsaved:
            self.recent_menu.addSection("Not saved under a name")
            for found in unsaved:
                action = self.recent_menu.addAction(found.stem)
                action.setToolTip(str(found))
                action.triggered.connect(
                    lambda _checked=False, p=found: self.open_project(p, remember=False)
                )
        self.recent_menu.setEnabled(bool(recent or unsaved))

    def open_any(self, path: Path) -> None:
        """A dropped, recent or command-line file: a project is opened, a spreadsheet imported."""
        if path.suffix.lower() == SUFFIX:
            self.open_project(path)
        else:
            self.open_path(path)

    # -- projects --------------------------------------------------------------------------

    def open_project_dialog(self) -> QFileDialog:
        return self.ask_for_file(
            "Open a project", f"{PROJECT_FILTER};;{FILE_FILTER}", self.open_any
        )

    def open_project(self, path: Path, remember: bool = True) -> None:
        """Open a ``*.pyramid`` file in the background; a failure leaves the window as it was."""
        worker = OpenProjectWorker(path)
        worker.opened.connect(
            lambda file, project: (
                file.close() if worker.cancelled else self._project_opened(file, project, remember)
            )
        )
        worker.failed.connect(lambda message: self._open_failed(path, message))
        self._run(worker, f"Opening {path.name}...", "Opening")

    def _project_opened(self, file: ProjectFile, project: Project, remember: bool) -> None:
        self.worker = None
        self.last_import = None
        self._let_go_of_current()
        self.context.shown.set_project(project)
        if remember and project.journal is file:
            self.remember(file.path)
        self._note_last(file.path)
        if project.read_only_reason:
            self.context.say(f"Read-only: {project.read_only_reason}", 15_000)
        self.project_opened.emit()

    def _open_failed(self, path: Path, message: str) -> None:
        self.worker = None
        self.last_failed_name = path.name
        if self.context.project is not None:
            detail = "The project on screen has not changed."
        else:
            detail = NOTHING_OPEN
        self._tell("Cannot open project", message, detail)
        self.open_failed.emit(message)

    def save_as_dialog(self) -> None:
        project = self.context.project
        if project is None:
            return
        start = Path(str(self.settings.value("last_folder", str(Path.home()))))
        suggested = str(start / f"{project.name}{SUFFIX}")
        path, _ = QFileDialog.getSaveFileName(
            self.context.host, "Save the project as", suggested, PROJECT_FILTER
        )
        if path:
            target = Path(path)
            if target.suffix.lower() != SUFFIX:
                target = target.with_name(target.name + SUFFIX)
            self.save_as(target)

    def save_as(self, path: Path) -> bool:
        """Copy the project to ``path`` and carry on there; False (and a message) on failure."""
        project = self.context.project
        if project is None:
            return False
        journal = project.journal
        left = journal.path if isinstance(journal, ProjectFile) else None
        try:
            if isinstance(journal, DeferredProjectFile):
                saved = journal.save_as(path, project)
            elif isinstance(journal, ProjectFile):
                saved = journal.save_as(path)
            else:
                saved = ProjectFile.create(path, project, overwrite=True)
        except ProjectFileError as error:
            self._tell("Not saved", str(error), "The project is still saved where it was.")
            return False
        if left is not None and left != saved.path and is_unsaved_file(left, self.data_folder):
            # An unsaved project reopened from the data folder: Save As moves it, so no copy
            # stays behind to be offered again, fall behind, and fork the plan.
            self._remove_moved(left)
        self._note_last(saved.path)
        self.remember(saved.path)
        self.context.shown.refresh_title()
        self.context.say(f"Saved as {saved.path}", 8000)
        return True

    def _remove_moved(self, path: Path) -> None:
        try:
            remove_unsaved(path)
        except OSError as error:
            self._tell(
                "Saved, but the old copy stayed",
                f"The project was saved; its unsaved copy {path} could not be removed "
                f"({error.strerror or error}).",
                "Delete it yourself so that it is not offered again.",
            )

    def close_project(self) -> None:
        self._let_go_of_current()
        self.last_import = None
        self.context.shown.set_project(None)
        self._note_last("")

    def _let_go_of_current(self) -> None:
        project = self.context.project
        if project is not None and project.journal is not None:
            close = getattr(project.journal, "close", None)
            if close is not None:
                close()

    def project_path(self) -> Path | None:
        """The file the project on screen is saved in (None before its first edit)."""
        project = self.context.project
        journal = project.journal if project is not None else None
        path = getattr(journal, "path", None)
        return path if isinstance(path, Path) else None

    def is_unsaved(self) -> bool:
        """True while the project lives in the data folder, not in a file the user chose."""
        project = self.context.project
        if project is None:
            return False
        if isinstance(project.journal, DeferredProjectFile):
            return True
        path = self.project_path()
        return path is not None and is_unsaved_file(path, self.data_folder)

    def offer_unsaved(self, besides: Path | None = None) -> QMessageBox | None:
        """At start: projects never saved under a name are offered (the newest one to open),
        but for ``besides``, the one being reopened."""
        found = [path for path in unsaved_projects(self.data_folder) if path != besides]
        if not found:
            return None
        names = "".join(f"<li>{path.stem}</li>" for path in found[:8])
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Projects not saved under a name",
            f"<p>{len(found)} project(s) were edited but never saved under a name of "
            f"yours:</p><ul>{names}</ul><p>Every edit in them is kept. Open the most recent "
            "one? (File > Open recent lists them all; File > Save As keeps one where you "
            "choose.)</p>",
            QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
            self.context.host,
        )
        box.accepted.connect(lambda: self.open_project(found[0], remember=False))
        box.open()
        self.message_box = box
        return box

    # -- updating the organisation ---------------------------------------------------------

    def update_dialog_open(self) -> QFileDialog | None:
        if self.context.project is None:
            return None
        return self.ask_for_file(
            "Update the organisation from an HR export", FILE_FILTER, self.update_from
        )

    def update_from(
        self,
        path: Path,
        sheet: str | None = None,
        mapping: ColumnMapping | None = None,
        header_row: int | None = None,
    ) -> None:
        """Import ``path`` in the background, then preview the changes before applying.

        Without a ``mapping`` the id, manager and name columns are those the project was
        imported with (and its sheet and header row where they fit), as the command line's
        ``project update`` does; a file without one of them opens the mapping dialog.
        """
        project = self.context.project
        if project is None:
            return
        kept = KeptColumns.of(project.source) if mapping is None else None
        worker = ImportWorker(path, sheet, mapping, header_row, kept=kept)
        worker.phase.connect(lambda text: self._progress_text(worker, text))
        worker.imported.connect(
            lambda result: None if worker.cancelled else self._preview_update(result)
        )
        worker.failed.connect(lambda message: self._import_failed(path, message))
        worker.needs_columns.connect(
            lambda found_on: self._choose_columns(path, found_on, self.update_from)
        )
        worker.columns_missing.connect(lambda error: self._choose_kept_columns(path, error, kept))
        self._run(worker, f"Reading {path.name}...", "Updating the organisation")

    def _choose_kept_columns(
        self, path: Path, error: MissingColumnError, kept: KeptColumns | None
    ) -> None:
        """The newer file lacks a column the project was imported with: the user chooses."""
        self.worker = None
        names = [
            f'"{wanted}" ({FIELD_WORDS.get(field, field)})'
            for field, wanted in error.missing.items()
        ]
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        columns = "column" if len(names) == 1 else "columns"
        note = (
            f"{path.name} has no {columns} {listed}, which this project's organisation was last "
            "read with. Choose the columns to read this file with, then Import."
        )
        keep = kept.columns if kept is not None else None
        shown = self.open_with_mapping(
            path, error.sheet, note=note, then=self.update_from, keep=keep
        )
        if shown is not None:
            self.context.say(
                f"Choose the columns of {path.name} to update the organisation.", 10_000
            )

    def _preview_update(self, result: ImportResult) -> UpdateDialog | None:
        self.worker = None
        project = self.context.project
        if project is None:
            return None
        preview = preview_update(project, result.chart)
        dialog = UpdateDialog(project, result.chart, preview, result.path.name, self.context.host)
        source = OrgSource(
            file_name=result.path.name,
            sheet=result.sheet,
            header_row=result.header_row,
            mapping=result.mapping.describe(result.headers),
            imported_at=now_utc(),
        )

        def apply() -> None:
            if self.context.project is project:
                self.context.push(
                    update_organisation(
                        project, result.chart, source, result.customer_segments, preview.update
                    )
                )

        dialog.accepted.connect(apply)
        dialog.open()
        self.update_dialog = dialog
        return dialog

    def _tell(self, title: str, message: str, detail: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, message, parent=self.context.host)
        box.setTextFormat(Qt.TextFormat.PlainText)  # messages quote file names and cells
        box.setInformativeText(detail)
        box.open()
        self.message_box = box

    def shutdown(self) -> None:
        for worker in list(self.running_imports):
            worker.cancel()
            worker.wait()
        self._let_go_of_current()
