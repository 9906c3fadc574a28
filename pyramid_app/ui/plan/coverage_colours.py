"""Coverage as the colours of the window's pyramid: the window's colour provider while the
planner colours by coverage, recoloured after each edit, the links served or not included."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pyramid_app.model.colouring import ColourBy, Colouring, colour_by_coverage, colour_nodes
from pyramid_app.model.coverage import Coverage
from pyramid_app.model.org import OrgChart

if TYPE_CHECKING:
    from pyramid_app.ui.context import WindowContext


class CoverageColours:
    """Coverage as a colouring of the window: recoloured after each edit, links included."""

    def __init__(self, context: WindowContext) -> None:
        self.context, self.source = context, context.coverage
        self._used: Coverage | None = None  # the snapshot the window is coloured from
        self.source.changed.connect(self._changed)
        context.chart_shown.connect(self.show_links)

    def colour(self, chart: OrgChart, by: ColourBy) -> Colouring:
        """The window's colouring provider: coverage colours come from this project's plan."""
        if by is ColourBy.COVERAGE:
            coverage = self.source.coverage()
            if coverage is not None and coverage.chart is chart:
                self._used = coverage
                return colour_by_coverage(chart, coverage)
        return colour_nodes(chart, by)

    def _changed(self) -> None:
        context = self.context
        if context.state.colour_by is not ColourBy.COVERAGE or context.project is None:
            return
        # A project just shown was coloured from these very figures: no second pass.
        if self.source.coverage() is not self._used:
            context.shown.recolour()
            self.show_links()

    def show_links(self) -> None:
        """Hand the view the served flag of each link shown (none unless coloured by coverage)."""
        context, view = self.context, self.context.view
        colouring, focus = context.shown.colouring, context.shown.focus
        if view.data is None:
            return
        served = colouring.link_served if colouring is not None else None
        if served is not None and focus is not None and focus.original is not None:
            served = served[focus.original]
        if served is not None and served.shape != (len(view.data.chart),):
            served = None  # a colouring of another chart: never colour links wrongly
        view.set_link_served(served)
