"""File > Export action plan (Ctrl+Shift+E) and File > Import plan updates, in the window.

Export asks for a file, draws the whole pyramid coloured by coverage offscreen (the picture of
the Summary sheet), then writes the workbook in a background thread from a snapshot of the
project, behind a window-modal progress dialog that appears only if the export takes longer
than a moment; a message then offers to open the file or its folder.

Import reads an edited workbook (quick: python-calamine), with the results typed into its
Results sheet, shows the preview
(:class:`~pyramid_app.ui.dialogs.action_plan_preview.PlanUpdatesDialog`) and applies what the
planner accepts, plan and results, as one undo step through ``window.push``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QThread, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QMessageBox,
    QProgressDialog,
)

from pyramid_app.io.project.errors import ProjectFileError
from pyramid_app.io.workbook.results_record import has_measures
from pyramid_app.model.coverage import Coverage, compute_coverage
from pyramid_app.model.customers import CustomerMap
from pyramid_app.model.plan import Plan
from pyramid_app.model.plan_history import PlanHistory
from pyramid_app.model.project import Project
from pyramid_app.model.results import Results
from pyramid_app.model.targets import Targets
from pyramid_app.ui.dialogs.action_plan_picture import pyramid_png
from pyramid_app.ui.dialogs.saved_files import (
    file_name_of,
    internal_error,
    saved_box,
    warning_box,
    window_coverage,
    writing_ended,
    writing_progress,
)
from pyramid_app.ui.menus import menu_titled
from pyramid_app.ui.plan.progress_source import history_file

if TYPE_CHECKING:
    from pyramid_app.io.workbook.writer import ExportReport, UpdatesPreview
    from pyramid_app.ui.context import WindowContext
    from pyramid_app.ui.dialogs.action_plan_preview import PlanUpdatesDialog

EXPORT_SHORTCUT = "Ctrl+Shift+E"
WORKBOOK_FILTER = "Excel workbook (*.xlsx)"
READ_FILTER = "Spreadsheets (*.xlsx *.xlsm *.xlsb *.xls *.ods)"


def snapshot(project: Project) -> Project:
    """A copy the export thread may read while the window goes on: the plan, the customer
    map, the targets and the results are copied (their values are immutable), the chart is
    shared (never changed in place)."""
    return Project(
        project.chart,
        project.source,
        plan=Plan(dict(project.plan.commitments), project.plan.next_number),
        library=project.library,
        name=project.name,
        customer_map=CustomerMap(
            project.customer_map.segments,
            project.customer_map.next_touchpoint,
            project.customer_map.next_need,
        ),
        identity=project.identity,
        targets=Targets(list(project.targets)),
        results=Results(list(project.results)),
    )


def edit_history(project: Project) -> PlanHistory:
    """The project's history of edits, read here (the file's connection is this thread's)
    for the Progress sheet's weekly figures; without a file, or unreadable, none: the figures
    are then estimated from the commitments' own dates."""
    if not has_measures(project):
        return PlanHistory()
    file = history_file(project)
    if file is None:
        return PlanHistory()
    try:
        history = file.plan_history()
        return PlanHistory(history.began, tuple(history.edits))
    except ProjectFileError:
        return PlanHistory()


class ExportWorker(QThread):
    """Writes one workbook; ``done`` with the report or ``failed`` with a message."""

    done = Signal(object)
    failed = Signal(str)

    def __init__(
        self,
        project: Project,
        path: Path,
        today: dt.date,
        picture: bytes | None,
        coverage: Coverage,
        history: PlanHistory | None = None,
    ) -> None:
        super().__init__()
        self.project, self.path, self.today = project, path, today
        self.picture, self.coverage = picture, coverage
        self.history = history

    def run(self) -> None:
        from pyramid_app.io.workbook.writer import ActionPlanError, write_action_plan

        try:
            report = write_action_plan(
                self.project,
                self.path,
                today=self.today,
                picture_png=self.picture,
                coverage=self.coverage,
                history=self.history,
            )
        except ActionPlanError as error:
            self.failed.emit(str(error))
            return
        except Exception as error:  # a bug must not take the window down with it
            self.failed.emit(internal_error(self.path.name, error))
            return
        self.done.emit(report)


class ActionPlanFiles(QObject):
    """The window's action-plan export and import."""

    exported = Signal(object)  # ExportReport, once the file is written
    export_failed = Signal(str)
    previewed = Signal(object)  # the PlanUpdatesDialog shown

    def __init__(self, context: WindowContext) -> None:
        super().__init__(context)
        self.context = context
        self.worker: ExportWorker | None = None
        self.progress: QProgressDialog | None = None
        self.message_box: QMessageBox | None = None
        self.dialog: PlanUpdatesDialog | None = None
        self.export_action: QAction | None = None  # File > Export action plan...
        self.import_action: QAction | None = None  # File > Import plan updates...
        # How "Open file" and "Open folder" reach the desktop; tests put a recorder here.
        self.open_url: Callable[[QUrl], object] = QDesktopServices.openUrl

    # -- export -----------------------------------------------------------------------------

    def export_dialog(self) -> None:
        project = self.context.project
        if project is None:
            return
        folder = Path(str(self.context.settings.value("last_folder", str(Path.home()))))
        name = f"{file_name_of(project.name)} action plan.xlsx"
        path, _ = QFileDialog.getSaveFileName(
            self.context.host, "Export the action plan", str(folder / name), WORKBOOK_FILTER
        )
        if path:
            target = Path(path)
            if target.suffix.lower() != ".xlsx":
                target = target.with_name(target.name + ".xlsx")
            self.export_to(target)

    def export_to(self, path: Path) -> ExportWorker | None:
        """Draw the picture, then write ``path`` in the background; ``exported`` when done."""
        project = self.context.project
        if project is None or self.worker is not None:
            return None
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            today, coverage = self._coverage(project)
            try:
                picture: bytes | None = pyramid_png(
                    project, coverage, arrangement=self.context.state.arrangement
                )
            except (OSError, RuntimeError):
                picture = None  # the workbook is worth having without it
            history = edit_history(project)
            worker = ExportWorker(snapshot(project), path, today, picture, coverage, history)
        except BaseException:
            QApplication.restoreOverrideCursor()
            raise
        self.progress = writing_progress(self.context.host, path, "Export action plan")
        worker.done.connect(self._exported)
        worker.failed.connect(self._failed)
        worker.finished.connect(self._finished)
        self.worker = worker
        worker.start()
        return worker

    def _coverage(self, project: Project) -> tuple[dt.date, Coverage]:
        coverage = window_coverage(self.context, project)
        if coverage is not None:
            return coverage.today, coverage
        today = dt.date.today()
        return today, compute_coverage(project.chart, project.plan, today)

    def _finished(self) -> None:
        writing_ended(self.worker, self.progress)
        self.worker, self.progress = None, None

    def _exported(self, report: ExportReport) -> None:
        self.context.settings.setValue("last_folder", str(report.path.parent))
        lines = report.lines()
        details = "\n".join(lines[1:6]) + ("\n…" if len(lines) > 6 else "")
        self.message_box = saved_box(
            self.context.host,
            "Action plan exported",
            f"Saved {report.path.name}: {lines[0]}.",
            (report.path, report.path.parent),
            self.open_url,
            details if len(lines) > 1 else "",
        )
        self.context.say(f"Saved {report.path}", 8000)
        self.exported.emit(report)

    def _failed(self, message: str) -> None:
        self._warn("Action plan not exported", message)
        self.export_failed.emit(message)

    def _warn(self, title: str, message: str) -> None:
        self.message_box = warning_box(self.context.host, title, message)

    # -- import -----------------------------------------------------------------------------

    def import_dialog(self) -> None:
        if self.context.project is None:
            return
        folder = str(self.context.settings.value("last_folder", str(Path.home())))
        path, _ = QFileDialog.getOpenFileName(
            self.context.host, "Import plan updates from an edited action plan", folder, READ_FILTER
        )
        if path:
            self.preview_from(Path(path))

    def preview_from(self, path: Path) -> PlanUpdatesDialog | None:
        """Read ``path`` and show what it would change; Apply makes it one undo step."""
        project = self.context.project
        if project is None:
            return None
        # The workbook's reader and the preview are imported when first needed, not at start.
        from pyramid_app.io.workbook.writer import ActionPlanError, read_action_plan_updates
        from pyramid_app.ui.dialogs.action_plan_preview import PlanUpdatesDialog

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            preview = read_action_plan_updates(project, path)
        except ActionPlanError as error:
            QApplication.restoreOverrideCursor()
            self._warn("Cannot read the action plan", str(error))
            return None
        QApplication.restoreOverrideCursor()
        dialog = PlanUpdatesDialog(project, preview, self.context.host)
        dialog.accepted.connect(lambda: self._apply(project, preview, dialog))
        dialog.open()
        self.dialog = dialog
        self.previewed.emit(dialog)
        return dialog

    def _apply(self, project: Project, preview: UpdatesPreview, dialog: PlanUpdatesDialog) -> None:
        if self.context.project is not project:
            return  # another project was opened meanwhile: this preview is not about it
        from pyramid_app.io.workbook.writer import apply_updates

        self.context.push_checked(
            lambda: apply_updates(
                project,
                preview,
                dialog.choices(),
                delete_missing=dialog.delete_missing,
                today=dt.date.today(),
            )
        )


def install_action_plan(context: WindowContext) -> ActionPlanFiles:
    """File > Export action plan... (Ctrl+Shift+E) and File > Import plan updates..., placed
    after the picture exports."""
    files = ActionPlanFiles(context)
    file_menu = menu_titled(context.host, "File")
    export = QAction("Export &action plan...", context.host)
    export.setShortcut(QKeySequence(EXPORT_SHORTCUT))
    export.triggered.connect(files.export_dialog)
    read = QAction("Import plan &updates...", context.host)
    read.triggered.connect(files.import_dialog)
    actions = file_menu.actions()
    pictures = [a for a in actions if a.text().replace("&", "").startswith("Export ")]
    after = actions.index(pictures[-1]) + 1 if pictures else len(actions)
    before = actions[after] if after < len(actions) else None
    for action in (export, read):
        if before is None:
            file_menu.addAction(action)
        else:
            file_menu.insertAction(before, action)
    files.export_action, files.import_action = export, read

    def enable() -> None:
        has_project = context.project is not None
        export.setEnabled(has_project)
        read.setEnabled(has_project)

    context.project_shown.connect(enable)
    enable()
    return files
