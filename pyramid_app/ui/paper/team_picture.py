"""A manager's team as its own small pyramid, painted into a rectangle of a handout's page.

No second renderer: one offscreen :class:`~pyramid_app.ui.pyramid.view.PyramidView` is laid
out with the team exactly as the window's focus on a team does (``OrgChart.subtree`` and the
chain of managers below it, so the tiers keep their levels), coloured by coverage, with the
reports the manager's commitments serve lit, and rendered through the page's QPainter. The
view's items paint afresh for a paint device that is not the screen, so a PDF gets vector
marks and text that stays text.

The view is a widget: it lives on the GUI thread, and one is reused for every page (building
a view per manager would cost more than drawing it).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QApplication, QGraphicsView, QWidget

from pyramid_app.model.colouring import Colouring
from pyramid_app.model.layout import ContextChain, LayoutOptions, PyramidLayout, layout_inverted
from pyramid_app.model.org import OrgChart
from pyramid_app.model.tree import IntArray
from pyramid_app.ui.pyramid.view import PyramidView

# A team larger than this is drawn with its deeper teams folded (their counts shown), so a
# handout's small picture stays readable; the window still has the whole team.
WHOLE_TEAM_UP_TO = 90
WIDEST_FOLDED_ROW = 16  # people two levels up past which only the direct reports unfold
POINTS_PER_ROW = 26.0  # of the picture's height, per row of the layout
PICTURE_POINTS = (110.0, 190.0)  # the picture's least and greatest height
VIEW_PIXELS_PER_POINT = 1.45  # the view's pixels per point of the page: text about 7.5 pt


def folded_managers(team: OrgChart) -> frozenset[int]:
    """The managers of ``team`` (its head at node ``team.root``) whose reports are folded in a
    handout's picture (their counts shown): none for a small team; else those two levels
    above the head, or one level where two would still be too wide to read."""
    if int(team.subtree_size[team.root]) <= WHOLE_TEAM_UP_TO:
        return frozenset()
    depth = team.depth - int(team.depth[team.root])
    managers = team.span_of_control > 0
    if int(np.count_nonzero(depth == 2)) <= WIDEST_FOLDED_ROW:
        return frozenset(np.flatnonzero(managers & (depth == 2)).tolist())
    return frozenset(np.flatnonzero(managers & (depth == 1)).tolist())


@dataclass(frozen=True)
class TeamDrawing:
    """One team laid out for a page: ``height`` is the picture's height in points."""

    picture: TeamPicture
    team: OrgChart
    original: IntArray
    layout: PyramidLayout
    lit: IntArray  # nodes of ``team``
    height: float

    def paint(self, painter: QPainter, rect: QRectF) -> None:
        self.picture.paint(self, painter, rect)


class TeamPicture:
    """Paints one manager's team at a time; :meth:`close` when the handouts are done."""

    def __init__(self, chart: OrgChart, colouring: Colouring, customers: list[str]) -> None:
        self.chart = chart
        self.colouring = colouring
        self.customers = customers
        self.view = PyramidView()
        # Laid out as if shown, never on screen: no window flashes up while pages are made.
        self.view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        self.view.resize(640, 400)
        self.view.show()

    @property
    def dpi(self) -> int:
        """The resolution the view's text is sized for: a page at this resolution draws the
        picture's text at the size the page's own text is measured in."""
        return self.view.logicalDpiY()

    def prepare(self, head: int, lit: IntArray) -> TeamDrawing:
        """The team of ``head`` (a node of the whole chart) laid out, with ``lit`` (nodes of the
        whole chart, sorted) to be ringed: what the page needs to know before painting it."""
        chart = self.chart
        team, original = chart.subtree(head)
        chain = [i for i in chart.chain_to_root(head)[1:] if chart.real[i]]
        context = ContextChain(
            ids=[chart.ids[i] for i in chain],
            names=[chart.names[i] for i in chain],
            titles=[chart.titles[i] for i in chain],
        )
        options = LayoutOptions(collapsed=folded_managers(team))
        layout = layout_inverted(team, options, self.customers, context if chain else None)
        position = np.searchsorted(original, lit)
        inside = position < original.shape[0]
        inside[inside] = original[position[inside]] == lit[inside]
        _x0, _x1, y0, y1 = layout.bounds()
        height = float(np.clip((y1 - y0) * POINTS_PER_ROW, *PICTURE_POINTS))
        return TeamDrawing(self, team, original, layout, position[inside], height)

    def paint(self, drawing: TeamDrawing, painter: QPainter, rect: QRectF) -> None:
        """Paint ``drawing`` into ``rect`` of ``painter``'s page (device units)."""
        dpi = painter.device().logicalDpiX() if painter.device() is not None else 72
        ratio = VIEW_PIXELS_PER_POINT * 72.0 / max(dpi, 1)
        width = max(int(rect.width() * ratio), 200)
        height = max(int(rect.height() * ratio), 120)
        view = self.view
        if view.width() != width or view.height() != height:
            view.resize(width, height)
        view.show_layout(drawing.team, drawing.layout, self.colouring.rgb[drawing.original])
        served = self.colouring.link_served
        view.set_link_served(None if served is None else served[drawing.original])
        view.set_highlight(drawing.lit)
        if view.data is not None:
            # Lit in the window means a spotlight: the others fade. On paper the lit people
            # are ringed and everyone keeps their coverage colour, as the key says.
            view.data.paint_argb = view.data.argb
        # The new size reaches the view box (and the tiers' ruler) through posted layout
        # events: let them through - no input events, so nothing else runs meanwhile - then fit.
        QApplication.sendPostedEvents()
        view.fit()
        port = view.viewport()
        painter.save()
        try:
            painter.setClipRect(rect)  # names near the edge must not reach into the text
            # Through Qt's own (typed) method: pyqtgraph's override carries no annotations.
            QGraphicsView.render(view, painter, rect, QRect(0, 0, port.width(), port.height()))
        finally:
            painter.restore()

    def close(self) -> None:
        QWidget.close(self.view)
        self.view.deleteLater()
