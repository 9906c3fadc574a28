"""File > Export picture: choose a file and, for PNG, a scale.

The picture is the one ``pyramid-app render`` makes: the view with a title line (the project,
its people, the day) and the colour key around it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from pyramid_app.ui.pyramid.export import save_picture
from pyramid_app.ui.pyramid.picture import PictureFrame, picture_frame

if TYPE_CHECKING:
    from pyramid_app.ui.main_window import MainWindow


def export_picture_interactively(window: MainWindow, whole: bool = False) -> None:
    """Ask for a file (and a PNG scale), then save the current view or the whole pyramid."""
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
    view_box = window.view.view_box
    kept = view_box.viewRange()
    if whole:
        window.view.fit()
    try:
        save_picture(window.view, target, scale, window_picture_frame(window))
    except (OSError, ValueError) as error:
        QMessageBox.warning(window, "Cannot export", str(error))
        return
    finally:
        if whole:
            view_box.setRange(xRange=kept[0], yRange=kept[1], padding=0)
    window.statusBar().showMessage(f"Saved {target}", 5000)


def window_picture_frame(window: MainWindow) -> PictureFrame:
    """The title line and colour key of what the window shows (a team: "... · team of X")."""
    project, chart = window.project, window.chart
    if project is None or chart is None:
        return PictureFrame()
    name = project.name
    if window.state.focus_ids:
        name = f"{name} · team of {chart.names[chart.root] or chart.ids[chart.root]}"
    return picture_frame(name, chart.people_count, window.colouring, window.state.colour_by)
