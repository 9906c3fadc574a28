"""File > Export deck...: the steering deck as a PowerPoint file, with a choice of slides.

The dialog lists the slides with a check box each (the progress slide only when the project
has targets, one slide per customer segment) and where the file goes. Export draws the
pyramid's picture offscreen on the GUI thread (a view is a widget), reads the history of edits
there too (the file's connection is this thread's), then builds the slides and writes the file
in a background thread from a snapshot of the project, under a wait cursor and a progress
dialog that shows only if it takes a moment. A message and the status bar then say what was
written, with buttons to open the file or its folder.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QThread, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pyramid_app.io.deck.choice import SlideKind
from pyramid_app.io.deck.errors import DeckError
from pyramid_app.model.coverage import Coverage, compute_coverage
from pyramid_app.model.plan_history import PlanHistory
from pyramid_app.model.progress_report import progress_report
from pyramid_app.model.project import Project
from pyramid_app.ui.dialogs.action_plan_dialogs import edit_history, snapshot
from pyramid_app.ui.dialogs.deck_picture import deck_pyramid_png
from pyramid_app.ui.dialogs.saved_files import (
    file_name_of,
    internal_error,
    saved_box,
    warning_box,
    window_coverage,
    writing_ended,
    writing_progress,
)
from pyramid_app.ui.menus import add_after_exports, menu_titled

if TYPE_CHECKING:
    from pyramid_app.io.deck.writer import DeckReport
    from pyramid_app.ui.context import WindowContext

DECK_FILTER = "PowerPoint presentation (*.pptx)"

# Where the deck goes, asked with the file dialog: (parent, the path proposed) -> the path
# chosen, or None. Tests put their own here.
PathChooser = Callable[[QWidget, Path], Path | None]


def choose_path(parent: QWidget, proposed: Path) -> Path | None:
    path, _ = QFileDialog.getSaveFileName(parent, "Export deck", str(proposed), DECK_FILTER)
    return Path(path) if path else None


def with_suffix(path: Path) -> Path:
    return path if path.suffix.lower() == ".pptx" else path.with_name(path.name + ".pptx")


class DeckDialog(QDialog):
    """The slides and the file; accepted with a slide chosen and a file named."""

    def __init__(self, project: Project, proposed: Path, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export deck")
        self.setMinimumWidth(560)
        self.choose: PathChooser = choose_path
        layout = QVBoxLayout(self)
        intro = QLabel(
            "A 16:9 PowerPoint file that opens in PowerPoint and LibreOffice Impress. Its text "
            "and charts stay editable; columns hidden from the audience never appear."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.boxes: dict[SlideKind, QCheckBox] = {}
        segments = len(project.customer_map)
        for kind in SlideKind:
            box = QCheckBox(kind.description)
            box.setChecked(True)
            if kind is SlideKind.SEGMENTS:
                box.setText(f"{kind.description} ({segments:,} slides)")
                if not segments:
                    box.setChecked(False)
                    box.setEnabled(False)
                    box.setToolTip("The project has no customer segments yet")
            if kind is SlideKind.PROGRESS and not len(project.targets):
                box.setChecked(False)
                box.setEnabled(False)
                box.setToolTip("The project has no targets yet (Plan > Targets)")
            box.toggled.connect(self.refresh)
            self.boxes[kind] = box
            layout.addWidget(box)
        row = QHBoxLayout()
        label = QLabel("&File:")
        self.path = QLineEdit(str(proposed))
        self.path.textChanged.connect(self.refresh)
        label.setBuddy(self.path)
        row.addWidget(label)
        row.addWidget(self.path, 1)
        self.browse = QPushButton("&Choose...")
        self.browse.clicked.connect(self._browse)
        row.addWidget(self.browse)
        layout.addLayout(row)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.export_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.export_button.setText("&Export")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.refresh()

    def slides(self) -> tuple[SlideKind, ...]:
        return tuple(kind for kind, box in self.boxes.items() if box.isChecked())

    def target(self) -> Path | None:
        text = self.path.text().strip()
        return with_suffix(Path(text).expanduser()) if text else None

    def refresh(self) -> None:
        self.export_button.setEnabled(bool(self.slides()) and self.target() is not None)

    def _browse(self) -> None:
        current = self.target()
        chosen = self.choose(self, current or Path.home() / "steering deck.pptx")
        if chosen is not None:
            self.path.setText(str(with_suffix(chosen)))


class DeckWorker(QThread):
    """Builds the slides and writes the file; ``done`` with the report or ``failed``."""

    done = Signal(object)
    failed = Signal(str)

    def __init__(
        self,
        project: Project,
        coverage: Coverage,
        history: PlanHistory,
        slides: tuple[SlideKind, ...],
        picture: bytes | None,
        path: Path,
    ) -> None:
        super().__init__()
        self.project, self.coverage, self.history = project, coverage, history
        self.slides, self.picture, self.path = slides, picture, path

    def run(self) -> None:
        # python-pptx takes a tenth of a second to load and the slides' content a hundredth:
        # only an export pays for them, not the start of the window, which imports this module
        # for its menu.
        from pyramid_app.io.deck.content import deck_content
        from pyramid_app.io.deck.writer import write_deck

        try:
            today = self.coverage.today
            progress = None
            if SlideKind.PROGRESS in self.slides and len(self.project.targets):
                progress = progress_report(self.project, self.history, today)
            content = deck_content(self.project, self.coverage, today, progress)
            report = write_deck(content, self.path, self.slides, self.picture)
        except DeckError as error:
            self.failed.emit(str(error))
            return
        except Exception as error:  # a bug must not take the window down with it
            self.failed.emit(internal_error(self.path.name, error))
            return
        self.done.emit(report)


class DeckFiles(QObject):
    """The window's deck export: the dialog, the writing, and what it says after."""

    written = Signal(object)  # the DeckReport
    failed = Signal(str)

    def __init__(self, context: WindowContext) -> None:
        super().__init__(context)
        self.context = context
        self.dialog: DeckDialog | None = None
        self.worker: DeckWorker | None = None
        self.progress: QProgressDialog | None = None
        self.message_box: QMessageBox | None = None
        self.action: QAction | None = None
        # How "Open file" and "Open folder" reach the desktop; tests put a recorder here.
        self.open_url: Callable[[QUrl], object] = QDesktopServices.openUrl

    def open_dialog(self) -> DeckDialog | None:
        project = self.context.project
        if project is None or self.worker is not None:
            return None
        folder = Path(str(self.context.settings.value("last_folder", str(Path.home()))))
        dialog = DeckDialog(
            project, folder / f"{file_name_of(project.name)} deck.pptx", self.context.host
        )
        dialog.accepted.connect(lambda: self._accepted(project, dialog))
        dialog.open()
        self.dialog = dialog
        return dialog

    def _accepted(self, project: Project, dialog: DeckDialog) -> None:
        target = dialog.target()
        if self.context.project is project and target is not None and dialog.slides():
            self.write(dialog.slides(), target)

    def write(
        self, slides: tuple[SlideKind, ...], path: Path, today: dt.date | None = None
    ) -> DeckWorker | None:
        """Draw the picture, then write the deck in the background; ``written`` or
        ``failed`` when over."""
        project = self.context.project
        if project is None or self.worker is not None:
            return None
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            coverage = self._coverage(project, today)
            picture = None
            if SlideKind.PYRAMID in slides:
                try:
                    picture = deck_pyramid_png(project, coverage, self.context.state.arrangement)
                except (OSError, RuntimeError):
                    picture = None  # the deck says the slide was left out, and why
            history = edit_history(project) if SlideKind.PROGRESS in slides else PlanHistory()
            worker = DeckWorker(snapshot(project), coverage, history, slides, picture, path)
        except BaseException:
            QApplication.restoreOverrideCursor()
            raise
        self.progress = writing_progress(self.context.host, path, "Export deck")
        worker.done.connect(self._written)
        worker.failed.connect(self._failed)
        worker.finished.connect(self._finished)
        self.worker = worker
        worker.start()
        return worker

    def _coverage(self, project: Project, today: dt.date | None) -> Coverage:
        if today is None:
            coverage = window_coverage(self.context, project)
            if coverage is not None:
                return coverage
            today = dt.date.today()
        return compute_coverage(project.chart, project.plan, today)

    def _finished(self) -> None:
        writing_ended(self.worker, self.progress)
        self.worker, self.progress = None, None

    def _written(self, report: DeckReport) -> None:
        self.context.settings.setValue("last_folder", str(report.path.parent))
        self.message_box = saved_box(
            self.context.host,
            "Deck exported",
            f"Saved {report.path.name}: {report.summary()}.",
            (report.path, report.path.parent),
            self.open_url,
            "Left out: " + "; ".join(report.left_out) + "." if report.left_out else "",
        )
        self.context.say(f"Saved the deck, {report.summary()}, to {report.path}", 8000)
        self.written.emit(report)

    def _failed(self, message: str) -> None:
        self.message_box = warning_box(self.context.host, "Deck not exported", message)
        self.failed.emit(message)


def install_deck(context: WindowContext) -> DeckFiles:
    """File > Export deck..., placed after the other exports (the handouts, when there)."""
    files = DeckFiles(context)
    file_menu = menu_titled(context.host, "File")
    action = QAction("Export dec&k...", context.host)
    action.triggered.connect(files.open_dialog)
    add_after_exports(file_menu, action)
    files.action = action

    def enable() -> None:
        action.setEnabled(context.project is not None)

    context.project_shown.connect(enable)
    enable()
    return files
