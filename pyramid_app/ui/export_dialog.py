"""File > Export picture: choose a file and, for PNG, a scale."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from pyramid_app.ui.export import save_picture

if TYPE_CHECKING:
    from pyramid_app.ui.main_window import MainWindow


def export_picture_interactively(window: MainWindow) -> None:
    start = str(Path(str(window.settings.value("last_folder", str(Path.home())))) / "pyramid.png")
    path, _ = QFileDialog.getSaveFileName(
        window,
        "Export the current view",
        start,
        "PNG image (*.png);;SVG drawing (*.svg);;PDF (*.pdf)",
    )
    if not path:
        return
    target = Path(path)
    if target.suffix.lower() not in (".png", ".svg", ".pdf"):
        target = target.with_suffix(".png")
    scale = 1.0
    if target.suffix.lower() == ".png":
        scale, ok = QInputDialog.getDouble(
            window, "Picture scale", "Scale (2 = twice the pixels):", 2.0, 1.0, 6.0, 1
        )
        if not ok:
            return
    try:
        save_picture(window.view, target, scale)
    except (OSError, ValueError) as error:
        QMessageBox.warning(window, "Cannot export", str(error))
        return
    window.statusBar().showMessage(f"Saved {target}", 5000)
