"""What the window shows of a project, apart from the project itself: Qt-free and keyed by id.

Focus and collapse renumber the nodes drawn, so the view state names people by person id; the
window turns ids into node indexes each time it lays out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from pyramid_app.model.colouring import ColourBy
from pyramid_app.model.layout import Arrangement


@dataclass
class ViewState:
    """Focus (a stack of managers' ids, the last one shown), collapsed teams, the selection."""

    focus_ids: list[str] = field(default_factory=list)
    collapsed: set[str] = field(default_factory=set)
    selected: str | None = None
    arrangement: Arrangement = Arrangement.TREE
    inverted: bool = True
    colour_by: ColourBy = ColourBy.DEPARTMENT

    @property
    def focused_on(self) -> str | None:
        return self.focus_ids[-1] if self.focus_ids else None

    def reset(self) -> None:
        """A new organisation: back to the whole chart, nothing collapsed or selected."""
        self.focus_ids.clear()
        self.collapsed.clear()
        self.selected = None

    def forget_missing(self, exists: Callable[[str], bool]) -> None:
        """Drop ids that are no longer in the organisation (after an update from HR)."""
        self.focus_ids = [person_id for person_id in self.focus_ids if exists(person_id)]
        self.collapsed = {person_id for person_id in self.collapsed if exists(person_id)}
        if self.selected is not None and not exists(self.selected):
            self.selected = None
