"""What every export tells once its file is written, or why it was not: one box, with Open file
and Open folder, so the action plan, the deck and the handouts say it alike; and what the two
written on a worker thread (the action plan, the deck) show and end alike meanwhile."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QThread, QUrl
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget

if TYPE_CHECKING:
    from pyramid_app.model.coverage import Coverage
    from pyramid_app.model.project import Project
    from pyramid_app.ui.context import WindowContext

PROGRESS_AFTER_MS = 300  # a file written faster than this shows no progress at all


def window_coverage(context: WindowContext, project: Project) -> Coverage | None:
    """The coverage the window already has of ``project``'s organisation, if it has one."""
    coverage = context.coverage.coverage()
    return coverage if coverage is not None and coverage.chart is project.chart else None


def writing_progress(host: QWidget, path: Path, title: str) -> QProgressDialog:
    """The window-modal progress of writing ``path``, without Cancel: the file is replaced only
    once complete, so there is never half a file to stop at."""
    progress = QProgressDialog(f"Writing {path.name}...", "", 0, 0, host)
    progress.setCancelButton(None)
    progress.setWindowTitle(title)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(PROGRESS_AFTER_MS)
    return progress


def writing_ended(worker: QThread | None, progress: QProgressDialog | None) -> None:
    """The worker's thread let end ("finished" comes just before it does), the progress
    closed, the wait cursor set when the writing began taken away."""
    if worker is not None:
        worker.wait()
    if progress is not None:
        progress.reset()
    QApplication.restoreOverrideCursor()


def file_name_of(name: str) -> str:
    """A project's name as the start of a file name: letters, digits, spaces and ``-_()``."""
    kept = "".join(c if c.isalnum() or c in " -_()" else " " for c in name)
    return " ".join(kept.split())[:60] or "Pyramid"


def saved_box(
    host: QWidget,
    title: str,
    text: str,
    opened: tuple[Path | None, Path],
    open_url: Callable[[QUrl], object],
    details: str = "",
) -> QMessageBox:
    """The box saying ``text``, opened (not run): Open file for ``opened[0]`` when there is
    one file, Open folder for ``opened[1]``, Close."""
    file, folder = opened
    box = QMessageBox(QMessageBox.Icon.Information, title, text, parent=host)
    box.setTextFormat(Qt.TextFormat.PlainText)  # names of files and people, never markup
    if details:
        box.setInformativeText(details)
    if file is not None:
        open_file = box.addButton("Open file", QMessageBox.ButtonRole.AcceptRole)
        open_file.clicked.connect(lambda: open_url(QUrl.fromLocalFile(str(file))))
    open_folder = box.addButton("Open folder", QMessageBox.ButtonRole.ActionRole)
    open_folder.clicked.connect(lambda: open_url(QUrl.fromLocalFile(str(folder))))
    box.addButton(QMessageBox.StandardButton.Close)
    box.open()
    return box


def internal_error(what: str, error: Exception) -> str:
    """What the user reads when writing ``what`` failed on a bug, not on the file or disk."""
    return (
        f"{what} could not be written because of an internal error "
        f"({type(error).__name__}: {error}). Please report it."
    )


def warning_box(host: QWidget, title: str, message: str) -> QMessageBox:
    """A warning, opened; the message as plain text (it quotes file names and cells)."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, message, parent=host)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.open()
    return box
