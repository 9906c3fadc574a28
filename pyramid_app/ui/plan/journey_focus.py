"""The customer segment and touchpoint being looked at, and the people lit on the pyramid.

One :class:`JourneyFocus` per window, shared by the journey, the workshop and the needs table,
so choosing a touchpoint in any of them shows it in all and lights the same people. It follows
the window: a new project clears the choice, an edit that removes the chosen touchpoint or
segment lets go of it (a renamed segment stays chosen), and every new layout (a focus on a
team, a collapse, an update from HR) lights the touchpoint's people again in the chart shown.

Panels listen to :attr:`JourneyFocus.edited` rather than to the window's ``project_edited``:
it fires after the choice was brought in line with the edit, so a panel never reads a
touchpoint that just went away.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLineEdit

from pyramid_app.model.customer_commands import add_segment, add_touchpoint
from pyramid_app.model.customers import Segment, Touchpoint, served_people
from pyramid_app.model.org import OrgChart
from pyramid_app.model.project import Change, Project

if TYPE_CHECKING:
    from pyramid_app.ui.context import WindowContext


class JourneyFocus(QObject):
    """``changed`` when another segment or touchpoint is chosen; ``edited(change)`` after each
    edit of the project, once the choice follows it."""

    changed = Signal()
    edited = Signal(object)

    def __init__(self, context: WindowContext, open_commitment: Callable[[str], None]) -> None:
        super().__init__(context)
        self.context = context
        # Select a commitment's manager and edit it in the Details dock (the commitments panel).
        self.open_commitment = open_commitment
        self.segment: str | None = None  # the chosen segment's name, as the map spells it
        self.touchpoint: str | None = None  # the chosen touchpoint's id
        self._where: tuple[int, int] | None = None  # (position, segment count) when chosen
        self._lit: tuple[OrgChart, Touchpoint, np.ndarray] | None = None
        context.project_shown.connect(self._project_shown)
        context.project_edited.connect(self._edited)
        context.chart_shown.connect(self.relight)

    # -- adding what the planner typed -----------------------------------------------------

    def add_typed_segment(self, line: QLineEdit) -> None:
        """Add the segment named in ``line`` (journey and workshop alike) and choose it."""
        project, name = self.project, line.text().strip()
        if project is None or not name:
            return
        if self.context.push_checked(lambda: add_segment(project, name)):
            line.clear()
            self.choose_segment(name)

    def add_typed_touchpoint(self, line: QLineEdit) -> None:
        """Add the touchpoint named in ``line`` to the chosen segment and choose it."""
        project, segment = self.project, self.chosen_segment()
        name = line.text().strip()
        if project is None or segment is None or not name:
            return
        command = self.context.build(
            lambda: add_touchpoint(project, segment.name, name), "Add touchpoint"
        )
        if command is not None and self.context.push(command):
            line.clear()
            self.choose_touchpoint(command.touchpoint.id)
            line.setFocus()

    # -- reading ---------------------------------------------------------------------------

    @property
    def project(self) -> Project | None:
        return self.context.project

    def chosen_segment(self) -> Segment | None:
        project = self.project
        if project is None or self.segment is None:
            return None
        return project.customer_map.segment(self.segment)

    def chosen_touchpoint(self) -> Touchpoint | None:
        project = self.project
        if project is None or self.touchpoint is None:
            return None
        return project.customer_map.touchpoint(self.touchpoint)

    def lit_people(self) -> np.ndarray:
        """Node indexes in the whole organisation of the chosen touchpoint's people."""
        project, touchpoint = self.project, self.chosen_touchpoint()
        if project is None or touchpoint is None:
            return np.zeros(0, dtype=np.int64)
        cached = self._lit
        if cached is not None and cached[0] is project.chart and cached[1] == touchpoint:
            return cached[2]
        people = served_people(project.chart, touchpoint)
        self._lit = (project.chart, touchpoint, people)
        return people

    # -- choosing --------------------------------------------------------------------------

    def choose_segment(self, name: str | None) -> None:
        """Show this segment's journey (None: none); its touchpoint choice starts empty."""
        project = self.project
        segment = project.customer_map.segment(name) if project and name else None
        new = segment.name if segment is not None else None
        if new == self.segment:
            return
        self.segment, self.touchpoint = new, None
        self._remember()
        self._show()

    def choose_touchpoint(self, touchpoint_id: str | None) -> None:
        """Choose a touchpoint (its segment too) and light its people; None lets go."""
        project = self.project
        segment = None
        if project is not None and touchpoint_id is not None:
            segment = project.customer_map.segment_of(touchpoint_id)
            if segment is None or project.customer_map.touchpoint(touchpoint_id) is None:
                touchpoint_id = None
        if touchpoint_id == self.touchpoint and (segment is None or segment.name == self.segment):
            return
        self.touchpoint = touchpoint_id
        if segment is not None:
            self.segment = segment.name
        self._remember()
        self._show()

    def _remember(self) -> None:
        """Where the chosen segment stands, to know it again after a rename."""
        project, self._where = self.project, None
        if project is not None and self.segment is not None:
            position = project.customer_map.segment_position(self.segment)
            if position is not None:
                self._where = (position, len(project.customer_map))

    def _show(self) -> None:
        self.relight()
        self.changed.emit()

    # -- following the window --------------------------------------------------------------

    def _project_shown(self) -> None:
        self.segment, self.touchpoint, self._where, self._lit = None, None, None, None
        self._show()

    def _edited(self, change: Change) -> None:
        before = (self.segment, self.touchpoint)
        if change.customer_map_changed or change.org:
            self._follow(change)
        if (self.segment, self.touchpoint) != before:
            self._remember()
            self._show()
        elif change.org or (self.touchpoint is not None and self.touchpoint in change.touchpoints):
            self.relight()
        self.edited.emit(change)

    def _follow(self, change: Change) -> None:
        project = self.project
        if project is None:
            return
        customer_map = project.customer_map
        if self.touchpoint is not None:
            holder = customer_map.segment_of(self.touchpoint)
            if holder is None or customer_map.touchpoint(self.touchpoint) is None:
                self.touchpoint = None
            else:
                self.segment = holder.name  # moved to another segment: the journey follows
                return
        if self.segment is None:
            return
        found = customer_map.segment(self.segment)
        if found is not None:
            self.segment = found.name  # the same name in another case after a rename
            return
        # Gone by that name: a rename (or its undo) keeps the count and the position.
        where = self._where
        if change.customers and where is not None and where[1] == len(customer_map):
            self.segment = customer_map.segments[where[0]].name
        else:
            self.segment = None

    def relight(self) -> None:
        """Light the chosen touchpoint's people in the chart shown (none when nothing is chosen)."""
        context, view = self.context, self.context.view
        view.set_chosen_segment(self.segment)
        focus = context.shown.focus
        if view.data is None or focus is None:
            return
        people = self.lit_people()
        if people.shape[0] and focus.original is not None:
            # The chart shown is a team: keep the people in it, numbered as it numbers them.
            original = focus.original
            at = np.searchsorted(original, people).clip(max=original.shape[0] - 1)
            people = at[original[at] == people]
        if view.data.chart is not focus.chart:
            return
        view.set_highlight(people if people.shape[0] else None)
