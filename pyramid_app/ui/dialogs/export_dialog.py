"""File > Export picture: choose a file and, for PNG, a scale.

The picture is the one ``pyramid-app render`` makes: the view with a title line (the project,
its people, the day) and the colour key around it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from pyramid_app.ui.legend import counts_among, links_among
from pyramid_app.ui.pyramid.export import save_picture
from pyramid_app.ui.pyramid.picture import PictureFrame, picture_frame

if TYPE_CHECKING:
    from pyramid_app.ui.context import WindowContext


def export_picture_interactively(context: WindowContext, whole: bool = False) -> QFileDialog:
    """Ask for a file (and a PNG scale), then save the current view or the whole pyramid.

    The dialogs do not block (no nested event loop): each one's answer starts the next step.
    """
    start = str(Path(str(context.settings.value("last_folder", str(Path.home())))) / "pyramid.png")
    dialog = QFileDialog(
        context.host,
        "Export the whole pyramid" if whole else "Export the current view",
        start,
        "PNG image (*.png);;SVG drawing (*.svg);;PDF (*.pdf)",
    )
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.fileSelected.connect(
        lambda path: _file_chosen(context, Path(path), whole, dialog.selectedNameFilter())
    )
    dialog.open()
    context.last_dialog = dialog
    return dialog


def _file_chosen(context: WindowContext, target: Path, whole: bool, name_filter: str) -> None:
    if target.suffix.lower() not in (".png", ".svg", ".pdf"):
        # A name typed without its type gets the one chosen in the dialog's filter.
        suffix = next((s for s in (".svg", ".pdf") if f"*{s}" in name_filter), ".png")
        target = target.with_name(target.name + suffix)
    if target.suffix.lower() != ".png":
        save_view(context, target, whole, 1.0)
        return
    ask = QInputDialog(context.host)
    ask.setWindowTitle("Picture scale")
    ask.setLabelText("Scale (2 = twice the pixels):")
    ask.setInputMode(QInputDialog.InputMode.DoubleInput)
    ask.setDoubleRange(1.0, 6.0)
    ask.setDoubleDecimals(1)
    ask.setDoubleValue(2.0)
    ask.doubleValueSelected.connect(lambda scale: save_view(context, target, whole, scale))
    ask.open()
    context.last_dialog = ask


def save_view(context: WindowContext, target: Path, whole: bool, scale: float) -> bool:
    """Save the view (the whole pyramid with ``whole``) as it would be exported; False and a
    message if the file cannot be written."""
    view_box = context.view.view_box
    kept = view_box.viewRange()
    if whole:
        context.view.fit()
    try:
        save_picture(context.view, target, scale, window_picture_frame(context))
    except (OSError, ValueError) as error:
        box = QMessageBox(
            QMessageBox.Icon.Warning, "Cannot export", str(error), parent=context.host
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.open()
        context.last_dialog = box
        return False
    finally:
        if whole:
            view_box.setRange(xRange=kept[0], yRange=kept[1], padding=0)
    context.say(f"Saved {target}", 5000)
    return True


def window_picture_frame(context: WindowContext) -> PictureFrame:
    """The title line and colour key of what the window shows (a team: "... · team of X")."""
    project, chart = context.project, context.shown.chart
    if project is None or chart is None:
        return PictureFrame()
    name = project.name
    if context.state.focus_ids:
        name = f"{name} · team of {chart.names[chart.root] or chart.ids[chart.root]}"
    frame = picture_frame(
        name, chart.people_count, context.shown.colouring, context.state.colour_by
    )
    focus, colouring = context.shown.focus, context.shown.colouring
    team = focus.team_shown() if focus is not None else None
    if team is not None and colouring is not None and frame.has_key:
        # The key counts what the picture shows: the team, like the legend beside it.
        counted = counts_among(colouring, team.people)
        if counted is not None:
            frame.key = [row for row in counted if row[2] > 0]
            frame.link_key = [row for row in links_among(colouring, team.links) if row[2] > 0]
    return frame
