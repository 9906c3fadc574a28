"""The whole organisation on paper: one PDF, the whole shape first, then a page per part.

``pyramid-app render FILE -o org.pdf --pages A3 --landscape`` comes here. The cuts are the
model's (:mod:`pyramid_app.model.paging`); this draws them with QPdfWriter so names stay text
(searchable, and read back by ``pdftotext``). Each part's page carries:

* on top, the organisation and "Page 3 of 12", and what the page holds (whose team, which
  levels, how many people, where their manager is);
* the part itself at the printed scale (cards with name and title, links, the levels on the
  left), each team that goes on elsewhere as a dashed card saying on which page, and under
  the part the manager it hangs from and that manager's page;
* at the bottom, a small picture of the whole with this page marked (the locator), and the
  lines "continues on page 7: Rosa Chaudhry's team" for every continuation.

The first page shows the whole shape with every page's outline and number, the colour key and
a list of the pages.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtGui import QPainter, QPdfWriter

from pyramid_app.io.project.disk import temporary_beside
from pyramid_app.model.colouring import Colouring, LegendRow
from pyramid_app.model.layout import PyramidLayout
from pyramid_app.model.org import OrgChart
from pyramid_app.model.paging import PageCapacity, cut_into_pages
from pyramid_app.ui.paper.first_page import FirstPage
from pyramid_app.ui.paper.part_paint import PartPainter
from pyramid_app.ui.paper.sheet import RESOLUTION, Millimetres, Paper, page_capacity
from pyramid_app.ui.paper.whole import WholeShape


@dataclass(frozen=True)
class PagesReport:
    """What was printed: the file, its pages (the first page included), the scale's page
    capacity and how long it took."""

    path: Path
    pages: int
    capacity: PageCapacity
    seconds: float


def save_pages(
    path: Path,
    chart: OrgChart,
    layout: PyramidLayout,
    colouring: Colouring,
    paper: Paper,
    title: str,
    key_heading: str = "",
    key: list[LegendRow] | None = None,
) -> PagesReport:
    """Write ``layout`` of ``chart`` cut into pages of ``paper`` to the PDF ``path``.

    The file is written beside ``path`` and renamed over it once complete, so a failure
    leaves any earlier file as it was. Raises OSError when it cannot be written.
    """
    started = time.perf_counter()
    capacity = page_capacity(paper)
    plan = cut_into_pages(chart, layout, capacity)
    temporary = temporary_beside(path)
    writer = QPdfWriter(str(temporary))
    writer.setPageLayout(paper.page_layout())
    writer.setResolution(RESOLUTION)
    writer.setTitle(title or "The organisation")
    writer.setCreator("Pyramid Planner")
    mm = Millimetres(RESOLUTION)
    area = paper.part_area()
    whole = WholeShape(layout, plan, aspect=area.width() / area.height())
    painter = QPainter(writer)
    try:
        if not painter.isActive():
            raise OSError(f"could not write {path}")
        parts = PartPainter(painter, mm, paper, chart, colouring.rgb, plan, whole, title)
        FirstPage(parts).paint(key_heading, key or [])
        for index in range(len(plan.pages)):
            if not writer.newPage():
                raise OSError(f"could not add a page to {path}")
            parts.paint_page(index)
    except BaseException:
        painter.end()
        temporary.unlink(missing_ok=True)
        raise
    painter.end()
    if not temporary.exists() or temporary.stat().st_size == 0:
        temporary.unlink(missing_ok=True)
        raise OSError(f"could not write {path}")
    os.replace(temporary, path)
    return PagesReport(
        path=path,
        pages=len(plan.pages) + 1,
        capacity=capacity,
        seconds=time.perf_counter() - started,
    )
