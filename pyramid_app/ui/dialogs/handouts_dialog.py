"""File > Export handouts...: a page for every chosen manager, as one PDF or one per manager.

The dialog chooses the managers (every one, a level, a department, a location, the team of the
selected manager, or a list of ids), the paper and the output; it says live how many managers
that is, or why nobody matches. Writing runs on the GUI thread, one manager per turn of the
event loop, behind a window-modal progress dialog with Cancel: each page's team picture is
drawn by a pyramid view, a widget, which no other thread may touch, and a manager's pages take
a few milliseconds, so the window stays responsive without a worker thread. Cancel removes a
PDF not yet finished (with one file per manager, the finished ones stay).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Generator
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from pyramid_app.model.handout_choice import (
    ChoiceKind,
    HandoutChoice,
    HandoutChoiceError,
    chosen_managers,
    manager_levels,
    manager_values,
    parse_ids,
)
from pyramid_app.model.project import Project
from pyramid_app.ui.dialogs.saved_files import (
    file_name_of,
    internal_error,
    saved_box,
    warning_box,
)
from pyramid_app.ui.menus import add_after_exports, menu_titled

if TYPE_CHECKING:
    from pyramid_app.ui.context import WindowContext
    from pyramid_app.ui.paper.handout_writer import HandoutReport, PageSize, Step

PDF_FILTER = "PDF (*.pdf)"
PROGRESS_AFTER_MS = 400

# Where the handouts go: (one per manager?, the folder to start in) -> the file or folder
# chosen, or None. Tests put their own here in place of the file dialog.
TargetChooser = Callable[[bool, Path], Path | None]


class HandoutsDialog(QDialog):
    """The choice of managers, paper and output; accepted with the choice made."""

    def __init__(self, project: Project, selected: str | None, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export handouts")
        self.setMinimumWidth(560)
        self.project = project
        chart = project.chart
        self.kinds = QButtonGroup(self)
        self.level = QComboBox()
        self.level.addItems([str(level) for level in manager_levels(chart)])
        self.department = QComboBox()
        self.department.addItems(manager_values(chart, chart.departments))
        self.location = QComboBox()
        self.location.addItems(manager_values(chart, chart.locations))
        self.team = QLineEdit(selected if selected and project.is_manager(selected) else "")
        self.team.setPlaceholderText("a manager's id")
        self.ids = QLineEdit()
        self.ids.setPlaceholderText("ids, separated by commas")
        self.radios: dict[ChoiceKind, QRadioButton] = {}
        grid = QGridLayout()
        rows: list[tuple[ChoiceKind, str, QWidget | None]] = [
            (ChoiceKind.ALL, "&Every manager", None),
            (ChoiceKind.LEVEL, "The managers on &level", self.level),
            (ChoiceKind.DEPARTMENT, "The managers in the &department", self.department),
            (ChoiceKind.LOCATION, "The managers at the l&ocation", self.location),
            (ChoiceKind.TEAM, "The &team of the manager", self.team),
            (ChoiceKind.IDS, "These &managers", self.ids),
        ]
        for row, (kind, text, field) in enumerate(rows):
            radio = QRadioButton(text)
            self.radios[kind] = radio
            self.kinds.addButton(radio, row)
            grid.addWidget(radio, row, 0)
            if field is not None:
                grid.addWidget(field, row, 1)
                _on_change(field, self._choose(kind))
        self.radios[ChoiceKind.TEAM].setToolTip("This manager and every manager under them")
        self.radios[ChoiceKind.TEAM if self.team.text() else ChoiceKind.ALL].setChecked(True)
        self.kinds.idToggled.connect(lambda _id, on: self.refresh() if on else None)
        from pyramid_app.ui.paper.handout_writer import PageSize  # the writer, when asked for

        self.page_size = QComboBox()
        self.page_size.addItems([size.value for size in PageSize])
        self.each = QComboBox()
        self.each.addItems(["One PDF for them all", "One PDF per manager, in a folder"])
        form = QFormLayout()
        form.addRow("Paper", self.page_size)
        form.addRow("Files", self.each)
        self.count = QLabel()
        self.count.setTextFormat(Qt.TextFormat.PlainText)
        self.count.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        export = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        export.setText("&Export...")
        self.export_button = export
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Each manager gets a page (two where it must): their team, their commitments, the "
            "gaps in their team, the needs of the customers their front line meets, and room "
            "to write."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addLayout(form)
        layout.addWidget(self.count)
        layout.addWidget(self.buttons)
        self.managers: list[int] = []
        self.refresh()

    def _choose(self, kind: ChoiceKind) -> Callable[[], None]:
        def chosen() -> None:
            if self.radios[kind].isChecked():
                self.refresh()
            else:
                self.radios[kind].setChecked(True)  # refreshes through idToggled

        return chosen

    def choice(self) -> HandoutChoice:
        kind = next(k for k, radio in self.radios.items() if radio.isChecked())
        if kind is ChoiceKind.IDS:
            return HandoutChoice(kind, ids=parse_ids(self.ids.text()))
        value = {
            ChoiceKind.LEVEL: self.level.currentText(),
            ChoiceKind.DEPARTMENT: self.department.currentText(),
            ChoiceKind.LOCATION: self.location.currentText(),
            ChoiceKind.TEAM: self.team.text(),
        }.get(kind, "")
        return HandoutChoice(kind, value)

    @property
    def one_per_manager(self) -> bool:
        return self.each.currentIndex() == 1

    def refresh(self) -> None:
        """Say how many managers the choice is, or why it is nobody; Export only for some."""
        try:
            self.managers = chosen_managers(self.project.chart, self.choice()).tolist()
        except HandoutChoiceError as error:
            self.managers = []
            self.count.setText(f"No handouts: {error}.")
        else:
            count = len(self.managers)
            chosen = f"{count:,} manager{'' if count == 1 else 's'} chosen"
            choice = self.choice()
            if choice.kind is ChoiceKind.TEAM:
                head = self.project.display_name(choice.value.strip())
                chosen += f": {head} and every manager under them"
            self.count.setText(f"{chosen}.")
        self.export_button.setEnabled(bool(self.managers))


def _on_change(field: QWidget, changed: Callable[[], None]) -> None:
    if isinstance(field, QComboBox):
        field.currentIndexChanged.connect(lambda _index: changed())
    elif isinstance(field, QLineEdit):
        field.textEdited.connect(lambda _text: changed())


def choose_target(parent: QWidget, each: bool, folder: Path, name: str) -> Path | None:
    """The file (or folder) the handouts go to, asked with the file dialog."""
    if each:
        chosen = QFileDialog.getExistingDirectory(parent, "Folder for the handouts", str(folder))
        return Path(chosen) if chosen else None
    path, _ = QFileDialog.getSaveFileName(
        parent, "Export handouts", str(folder / f"{name} handouts.pdf"), PDF_FILTER
    )
    if not path:
        return None
    target = Path(path)
    return target if target.suffix.lower() == ".pdf" else target.with_name(target.name + ".pdf")


class HandoutFiles(QObject):
    """The window's handout export: the dialog, the writing, the progress and the result."""

    written = Signal(object)  # the HandoutReport, once everything was written
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, context: WindowContext) -> None:
        super().__init__(context)
        self.context = context
        self.dialog: HandoutsDialog | None = None
        self.progress: QProgressDialog | None = None
        self.message_box: QMessageBox | None = None
        self.action: QAction | None = None
        self.report: HandoutReport | None = None
        self._steps: Generator[Step, None, None] | None = None
        self._stepping = False
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._next)
        self.open_url: Callable[[QUrl], object] = QDesktopServices.openUrl
        self.choose: TargetChooser = lambda each, folder: choose_target(
            self.context.host, each, folder, file_name_of(self.project_name())
        )

    def project_name(self) -> str:
        project = self.context.project
        return project.name if project is not None else ""

    @property
    def busy(self) -> bool:
        return self._steps is not None

    def open_dialog(self) -> HandoutsDialog | None:
        project = self.context.project
        if project is None or self.busy:
            return None
        dialog = HandoutsDialog(project, self.context.state.selected, self.context.host)
        dialog.accepted.connect(lambda: self._accepted(project, dialog))
        dialog.open()
        self.dialog = dialog
        return dialog

    def _accepted(self, project: Project, dialog: HandoutsDialog) -> None:
        if self.context.project is not project or not dialog.managers:
            return
        from pyramid_app.ui.paper.handout_writer import PageSize

        folder = Path(str(self.context.settings.value("last_folder", str(Path.home()))))
        target = self.choose(dialog.one_per_manager, folder)
        if target is not None:
            self.write(
                dialog.managers,
                target,
                each=dialog.one_per_manager,
                page_size=PageSize(dialog.page_size.currentText()),
            )

    def write(
        self,
        managers: list[int],
        target: Path,
        each: bool = False,
        page_size: PageSize | None = None,
        today: dt.date | None = None,
    ) -> None:
        """Write the handouts of ``managers`` (nodes of the project's chart), a manager per
        turn of the event loop, on ``page_size`` (A4 unless given); ``written``, ``failed`` or
        ``cancelled`` when over."""
        # Imported when handouts are written, not when the window starts.
        from pyramid_app.ui.paper.handout_writer import HandoutReport, PageSize, write_handouts

        project = self.context.project
        if project is None or self.busy or not managers:
            return
        day = today or dt.date.today()
        coverage = self.context.coverage.coverage()
        self.report = HandoutReport()
        self._target, self._each = target, each
        self._steps = write_handouts(
            project, managers, day, target, each, page_size or PageSize.A4, self.report, coverage
        )
        progress = QProgressDialog(
            f"Writing handouts for {len(managers):,} managers...",
            "Cancel",
            0,
            len(managers),
            self.context.host,
        )
        progress.setWindowTitle("Export handouts")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(PROGRESS_AFTER_MS)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.canceled.connect(self.cancel)
        progress.setValue(0)
        self.progress = progress
        self._timer.start()

    def _next(self) -> None:
        steps = self._steps
        if steps is None or self._stepping:
            return
        # A window-modal progress dialog lets events through while it updates: the timer must
        # not start the next manager from inside this one.
        self._stepping = True
        try:
            self._step(steps)
        finally:
            self._stepping = False

    def _step(self, steps: Generator[Step, None, None]) -> None:
        from pyramid_app.ui.paper.handout_writer import HandoutError

        try:
            step = next(steps)
        except StopIteration:
            self._end()
            self._written()
            return
        except (HandoutError, OSError) as error:
            self._end()
            self._failed(str(error))
            return
        except Exception as error:  # a bug must not take the window down with it
            self._end()
            self._failed(internal_error("The handouts", error))
            return
        if self.progress is not None:
            self.progress.setLabelText(f"Handout {step.done:,} of {step.total:,}: {step.name}")
            self.progress.setValue(step.done)

    def cancel(self) -> None:
        """Stop writing: the PDF begun is removed; with one file per manager, the finished
        ones stay."""
        if self._steps is None:
            return
        self._steps.close()
        self._end()
        done = len(self.report.files) if self.report is not None and self._each else 0
        kept = f" {done:,} finished files were kept." if done else ""
        self.context.say(f"Handouts cancelled.{kept}", 8000)
        self.cancelled.emit()

    def _end(self) -> None:
        self._timer.stop()
        self._steps = None
        if self.progress is not None:
            self.progress.canceled.disconnect(self.cancel)
            self.progress.reset()
            self.progress.close()
            self.progress = None

    def _written(self) -> None:
        report = self.report
        assert report is not None
        place = report.files[0] if not self._each else self._target
        self.context.settings.setValue("last_folder", str(place if self._each else place.parent))
        managers = len(report.pages)
        what = (
            f"{managers:,} handout{'' if managers == 1 else 's'}, "
            f"{report.page_total:,} page{'' if report.page_total == 1 else 's'}"
        )
        where = place.name if not self._each else f"{len(report.files):,} files in {place}"
        self.message_box = saved_box(
            self.context.host,
            "Handouts exported",
            f"Saved {what}: {where}.",
            (None, place) if self._each else (place, place.parent),
            self.open_url,
        )
        self.context.say(f"Saved {what} to {place}", 8000)
        self.written.emit(report)

    def _failed(self, message: str) -> None:
        self.message_box = warning_box(self.context.host, "Handouts not exported", message)
        self.failed.emit(message)


def install_handouts(context: WindowContext) -> HandoutFiles:
    """File > Export handouts..., placed after the action plan's entries."""
    files = HandoutFiles(context)
    file_menu = menu_titled(context.host, "File")
    action = QAction("Export &handouts...", context.host)
    action.triggered.connect(files.open_dialog)
    add_after_exports(file_menu, action)
    files.action = action

    def enable() -> None:
        action.setEnabled(context.project is not None)

    context.project_shown.connect(enable)
    enable()
    return files
