"""``pyramid-app render``: a picture of a whole organisation, made without a window."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import NamedTuple

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication

from pyramid_app.io import read_org
from pyramid_app.io.project.file import SUFFIX, ProjectFile
from pyramid_app.model.colouring import (
    ColourBy,
    Colouring,
    PeopleStandings,
    colour_nodes,
    useful_colour_by,
)
from pyramid_app.model.coverage import Coverage, compute_coverage
from pyramid_app.model.layout import Arrangement, LayoutOptions, PyramidLayout, layout_inverted
from pyramid_app.model.org import OrgChart
from pyramid_app.model.result_colouring import (
    UnknownMeasureError,
    chosen_measure,
    people_standings,
)
from pyramid_app.model.result_tiers import standing_rows
from pyramid_app.ui.app import application
from pyramid_app.ui.paper.pages import PagesReport, save_pages
from pyramid_app.ui.paper.sheet import Paper
from pyramid_app.ui.pyramid.band_ruler import show_standings
from pyramid_app.ui.pyramid.export import save_picture
from pyramid_app.ui.pyramid.picture import PictureFrame, picture_frame
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
    results_measure: str | None = None,
) -> Path:
    """Headless: import ``path`` and save the whole pyramid as PNG, SVG or PDF.

    ``path`` may also be a project (*.pyramid, opened read-only): then colouring by coverage
    shows its plan as of today, links included, and colouring by results the standings of
    ``results_measure`` (None: its first results measure with a target), counted tier by tier
    beside the pyramid; for a spreadsheet there is no plan and no result yet (an unknown
    measure: ``UnknownMeasureError``).
    ``colour_by`` None picks the first field that tells people apart. The picture is ``size``
    pixels (times ``scale`` for a PNG) with a title line on top (the organisation, its people
    and the day; ``title`` replaces it, "" leaves it out) and the colour key on the right
    (``legend=False`` leaves it out, giving the pyramid the room).
    """
    chart, layout, colouring, by, frame, standings = _drawing(
        path, arrangement, colour_by, conventional, title, legend, results_measure
    )
    view = PyramidView()
    view.resize(frame.view_size(QSize(*size)))
    view.show_layout(chart, layout, colouring.rgb)
    view.set_link_served(colouring.link_served)
    if by is ColourBy.RESULTS:
        show_standings(view, standing_rows(chart, standings))
    view.show()
    view.fit()
    QApplication.processEvents()
    try:
        return save_picture(view, output, scale, frame)
    finally:
        view.close()


class _Drawing(NamedTuple):
    chart: OrgChart
    layout: PyramidLayout
    colouring: Colouring
    by: ColourBy
    frame: PictureFrame
    standings: PeopleStandings | None


def _drawing(
    path: Path,
    arrangement: Arrangement,
    colour_by: ColourBy | None,
    conventional: bool,
    title: str | None,
    legend: bool,
    results_measure: str | None,
) -> _Drawing:
    """What a picture and the pages are drawn from alike: ``path``'s organisation laid out,
    coloured, and the title and key around it."""
    application(headless=True)
    chart, customers, name, coverage, standings = _load(path, colour_by, results_measure)
    by = colour_by or useful_colour_by(chart)
    options = LayoutOptions(arrangement=arrangement, inverted=not conventional)
    layout = layout_inverted(chart, options, customers)
    colouring = colour_nodes(chart, by, coverage, standings)
    frame = picture_frame(name, chart.people_count, colouring, by, title=title, key=legend)
    return _Drawing(chart, layout, colouring, by, frame, standings)


def _load(
    path: Path, colour_by: ColourBy | None, results_measure: str | None = None
) -> tuple[OrgChart, list[str], str, Coverage | None, PeopleStandings | None]:
    """The organisation in ``path`` (a spreadsheet, or a project opened read-only), its
    customer segments, its name, and its plan's coverage as of today when colouring by it, or
    where its front line stands on ``results_measure`` (None: the first results measure with
    a target)."""
    coverage = standings = None
    if path.suffix.lower() == SUFFIX:
        opened, project = ProjectFile.open(path, read_only=True)
        opened.close()
        if colour_by is ColourBy.COVERAGE:
            coverage = compute_coverage(project.chart, project.plan, dt.date.today())
        if colour_by is ColourBy.RESULTS:
            chosen = None if results_measure is None else chosen_measure(project, results_measure)
            standings = people_standings(project, chosen)
        return project.chart, project.customers, project.name, coverage, standings
    if results_measure is not None:
        raise UnknownMeasureError(
            f"{results_measure!r}: {path.name!r} is a spreadsheet, which has no results; results "
            "measures and their targets are kept in a project (*.pyramid)"
        )
    result = read_org(path)
    return result.chart, result.customer_segments, path.stem, None, None


def render_pages(
    path: Path,
    output: Path,
    paper: Paper,
    arrangement: Arrangement = Arrangement.COMPACT,
    colour_by: ColourBy | None = None,
    conventional: bool = False,
    title: str | None = None,
    legend: bool = True,
    results_measure: str | None = None,
) -> PagesReport:
    """Headless: import ``path`` and print the whole organisation on pages of ``paper``
    (a PDF): the whole shape first, then every part at a scale where names can be read."""
    chart, layout, colouring, _by, frame, _standings = _drawing(
        path, arrangement, colour_by, conventional, title, legend, results_measure
    )
    return save_pages(
        output,
        chart,
        layout,
        colouring,
        paper,
        frame.title,
        key_heading=frame.key_heading.replace("\n", " · "),  # pages: one line
        key=frame.key,
    )
