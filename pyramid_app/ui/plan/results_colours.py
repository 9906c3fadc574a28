"""Colour by > Results against target in the window: the colours of the measure picked under
View > Colour by > Results measure (the project's first results measure with a target until
the planner picks another), recoloured when a result or a target changes.

A submenu rather than a second box on the toolbar: the toolbar is full on a 1366x768 laptop,
and the measure matters only while colouring by results. Picking a measure also colours by
results, so one click does what the planner means.

While coloured by results, each tier's name in the ruler counts its front line's standings and
the people kept apart get theirs under their caption (band_ruler.py): the standings are found
once with the colours, and given to the view after every new layout (a focus, a collapse) and
every recolouring of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu

from pyramid_app.model.colouring import ColourBy, Colouring, colour_by_results
from pyramid_app.model.org import OrgChart
from pyramid_app.model.project import Change
from pyramid_app.model.result_colouring import (
    UnknownMeasureError,
    chosen_measure,
    measure_shown,
    people_standings,
    results_measures,
)
from pyramid_app.model.result_tiers import standing_rows
from pyramid_app.model.targets import measure_key
from pyramid_app.ui.pyramid.band_ruler import show_standings

if TYPE_CHECKING:
    from pyramid_app.ui.context import WindowContext

ColourProvider = Callable[[OrgChart, ColourBy], Colouring]
MENU_TITLE = "Results &measure"
NO_MEASURE = "No results measure has a target yet"


class ResultsColours:
    """The window's colour provider while colouring by results; ``fallback`` for the rest."""

    def __init__(self, context: WindowContext, colour_menu: QMenu, fallback: ColourProvider):
        self.context, self.fallback = context, fallback
        self.chosen: str | None = None  # the planner's pick; None: the project's first
        # Per node of the project's chart, the standing row of the last results colouring.
        self.rows: npt.NDArray[np.int8] | None = None
        colour_menu.addSeparator()
        self.menu = colour_menu.addMenu(MENU_TITLE)
        self.group = QActionGroup(self.menu)
        context.project_shown.connect(self.fill_menu)
        context.project_edited.connect(self._edited)
        context.chart_shown.connect(self.show_standings)
        self.fill_menu()

    @property
    def measure(self) -> str | None:
        """The measure the pyramid is coloured by when coloured by results."""
        project = self.context.project
        return measure_shown(project, self.chosen) if project is not None else None

    def colour(self, chart: OrgChart, by: ColourBy) -> Colouring:
        project = self.context.project
        if by is ColourBy.RESULTS and project is not None and project.chart is chart:
            standings = people_standings(project, self.chosen)
            self.rows = standing_rows(chart, standings)
            return colour_by_results(chart, standings)
        self.rows = None
        return self.fallback(chart, by)

    def show_standings(self) -> None:
        """Give the view the standings of the people it shows, or none when not coloured by
        results (after every new layout: a focus shows other people, a collapse fewer)."""
        project, focus, rows = self.context.project, self.context.shown.focus, self.rows
        if (
            rows is None
            or project is None
            or focus is None
            or self.context.state.colour_by is not ColourBy.RESULTS
            or rows.shape != (len(project.chart),)
        ):
            show_standings(self.context.view, None)
        elif focus.original is None:
            show_standings(self.context.view, rows)
        else:
            show_standings(self.context.view, rows[focus.original])

    def choose(self, measure: str) -> None:
        """Colour by results of ``measure`` (the submenu's action)."""
        self.chosen = measure
        self._check()
        shown = self.context.shown
        if self.context.state.colour_by is ColourBy.RESULTS:
            shown.recolour()
            self.show_standings()
        else:
            shown.set_colour_by(ColourBy.RESULTS)

    def choose_named(self, name: str) -> None:
        """Colour by results of the measure ``name`` names (the command line's
        ``--results-measure``, any case); one the project has no target for is refused with
        the measures it has (:class:`UnknownMeasureError`)."""
        project = self.context.project
        if project is None:
            raise UnknownMeasureError("there is no project open to colour by its results")
        self.choose(chosen_measure(project, name))

    def choose_named_or_say(self, name: str) -> bool:
        """:meth:`choose_named` for the window's ``--results-measure``: a name the project
        cannot colour by is said on the status bar, with the measures it can."""
        try:
            self.choose_named(name)
        except UnknownMeasureError as error:
            self.context.host.statusBar().showMessage(f"--results-measure {error}", 15_000)
            return False
        return True

    def fill_menu(self) -> None:
        """One checkable action a results measure with a target; a disabled line if none."""
        for action in self.group.actions():
            self.group.removeAction(action)
        self.menu.clear()
        project = self.context.project
        measures = results_measures(project) if project is not None else []
        for measure in measures:
            action = QAction(measure.replace("&", "&&"), self.menu)
            action.setCheckable(True)
            action.setData(measure)
            action.triggered.connect(lambda _checked=False, m=measure: self.choose(m))
            self.group.addAction(action)
            self.menu.addAction(action)
        if not measures:
            self.menu.addAction(NO_MEASURE).setEnabled(False)
        self._check()

    def _check(self) -> None:
        shown = self.measure
        key = measure_key(shown) if shown is not None else None
        for action in self.group.actions():
            action.setChecked(measure_key(str(action.data())) == key)

    def _edited(self, change: Change) -> None:
        if change.targets:
            self.fill_menu()  # a measure's first target set, or its last one removed
        # Which people a unit holds moves with the customers' touchpoints and segments too;
        # an update of the organisation is recoloured by the window itself.
        moved = change.targets or change.results or change.touchpoints or change.customers
        if moved and self.context.state.colour_by is ColourBy.RESULTS:
            self.context.shown.recolour()
            self.show_standings()


def colour_menu_of(view_menu: QMenu) -> QMenu:
    """View > Colour by, which the window's menus build."""
    for action in view_menu.actions():
        menu = action.menu()
        if isinstance(menu, QMenu) and action.text().replace("&", "") == "Colour by":
            return menu
    raise LookupError("the View menu has no Colour by submenu")


def install_results_colours(
    context: WindowContext, view_menu: QMenu, fallback: ColourProvider
) -> ResultsColours:
    """The results colours, their measure submenu under View > Colour by."""
    return ResultsColours(context, colour_menu_of(view_menu), fallback)
