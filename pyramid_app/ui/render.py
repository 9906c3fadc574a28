"""``pyramid-app render``: a picture of a whole organisation, made without a window."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication

from pyramid_app.io import read_org
from pyramid_app.io.project.file import SUFFIX, ProjectFile
from pyramid_app.model.colouring import ColourBy, colour_nodes, useful_colour_by
from pyramid_app.model.coverage import compute_coverage
from pyramid_app.model.layout import Arrangement, LayoutOptions, layout_inverted
from pyramid_app.ui.app import application
from pyramid_app.ui.pyramid.export import save_picture
from pyramid_app.ui.pyramid.picture import picture_frame
from pyramid_app.ui.pyramid.view import PyramidView


def render_file(
    path: Path,
    output: Path,
    arrangement: Arrangement = Arrangement.TREE,
    colour_by: ColourBy | None = None,
    size: tuple[int, int] = (1600, 1000),
    scale: float = 1.0,
    conventional: bool = False,
    title: str | None = None,
    legend: bool = True,
) -> Path:
    """Headless: import ``path`` and save the whole pyramid as PNG, SVG or PDF.

    ``path`` may also be a project (*.pyramid, opened read-only): then colouring by coverage
    shows its plan as of today, links included; for a spreadsheet there is no plan yet.
    ``colour_by`` None picks the first field that tells people apart. The picture is ``size``
    pixels (times ``scale`` for a PNG) with a title line on top (the organisation, its people
    and the day; ``title`` replaces it, "" leaves it out) and the colour key on the right
    (``legend=False`` leaves it out, giving the pyramid the room).
    """
    application(headless=True)
    coverage = None
    if path.suffix.lower() == SUFFIX:
        opened, project = ProjectFile.open(path, read_only=True)
        opened.close()
        chart, customers, name = project.chart, project.customers, project.name
        if colour_by is ColourBy.COVERAGE:
            coverage = compute_coverage(chart, project.plan, dt.date.today())
    else:
        result = read_org(path)
        chart, customers, name = result.chart, result.customer_segments, path.stem
    by = colour_by or useful_colour_by(chart)
    options = LayoutOptions(arrangement=arrangement, inverted=not conventional)
    layout = layout_inverted(chart, options, customers)
    colouring = colour_nodes(chart, by, coverage)
    frame = picture_frame(name, chart.people_count, colouring, by, title=title, key=legend)
    view = PyramidView()
    view.resize(frame.view_size(QSize(*size)))
    view.show_layout(chart, layout, colouring.rgb)
    view.set_link_served(colouring.link_served)
    view.show()
    view.fit()
    QApplication.processEvents()
    try:
        return save_picture(view, output, scale, frame)
    finally:
        view.close()
