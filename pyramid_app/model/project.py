"""The project document: the organisation, where it came from, its customers and the plan.

One object the window, the panels and the CLI observe. Every edit is a
:class:`~pyramid_app.model.commands.Command`; :meth:`Project.execute` applies it, has the
journal (the project file) make it durable, and only then tells the observers what changed. If
the journal refuses, the edit is taken back and the error goes to the caller: nothing is shown
as done that is not saved.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal, Protocol

from pyramid_app.model.customers import CustomerMap, merged_segments
from pyramid_app.model.library import PracticeLibrary
from pyramid_app.model.org import OrgChart
from pyramid_app.model.plan import Plan
from pyramid_app.model.results import ResultKey, Results
from pyramid_app.model.targets import Targets


@dataclass(frozen=True)
class Change:
    """What an edit touched, so observers redraw only that."""

    commitments: frozenset[str] = frozenset()  # ids added, changed or removed
    managers: frozenset[str] = frozenset()  # person ids whose commitments changed
    org: bool = False  # the chart or its source were replaced (an update from HR)
    library: bool = False  # the project's own practice families or suggestions
    # The customer segments: one added, removed, renamed, moved, or its description or share.
    customers: bool = False
    # Touchpoint ids added, changed (name, note, rules, needs) or removed, also when their
    # segment was added or removed.
    touchpoints: frozenset[str] = frozenset()
    audience: bool = False  # the columns hidden from the audience
    targets: bool = False  # a target set, changed or removed
    results: frozenset[ResultKey] = frozenset()  # results put, corrected or taken away

    def __or__(self, other: Change) -> Change:
        return Change(
            self.commitments | other.commitments,
            self.managers | other.managers,
            self.org or other.org,
            self.library or other.library,
            self.customers or other.customers,
            self.touchpoints | other.touchpoints,
            self.audience or other.audience,
            self.targets or other.targets,
            self.results | other.results,
        )

    @property
    def empty(self) -> bool:
        return not (
            self.commitments
            or self.managers
            or self.org
            or self.library
            or self.customers
            or self.touchpoints
            or self.audience
            or self.targets
            or self.results
        )

    @property
    def customer_map_changed(self) -> bool:
        """Anything of the customer map changed: segments, touchpoints or needs."""
        return self.customers or bool(self.touchpoints)


@dataclass(frozen=True)
class OrgSource:
    """The spreadsheet an organisation was imported from, so a project can say and replay it."""

    file_name: str
    sheet: str = ""
    header_row: int = 1
    mapping: dict[str, str] = field(default_factory=dict)  # field -> header text
    imported_at: dt.datetime = dt.datetime(1970, 1, 1)


StepKind = Literal["do", "undo", "redo"]


class Command(ABC):
    """One undoable step; ``label`` reads after "Undo " in the Edit menu. The commands
    themselves are in :mod:`pyramid_app.model.commands`."""

    label: str

    @abstractmethod
    def apply(self, project: Project) -> tuple[Command, Change]:
        """Change ``project``; return the command that takes it back and what was touched."""


@dataclass(frozen=True)
class UndoStep:
    """What the undo history needs of a saved edit, kept with it so that it outlives the
    window: whether it was a new edit, an undo or a redo, the command that takes it back, and
    whether it joins the step before (the words typed into a field are one step)."""

    kind: StepKind
    inverse: Command
    joins: bool = False


class Journal(Protocol):
    """Makes an applied edit durable before anyone is told; raises if it cannot."""

    def record(
        self, project: Project, command: Command, change: Change, step: UndoStep | None = None
    ) -> None: ...


class ReadOnlyProjectError(PermissionError):
    """The project is open for reading only (another window has it, or the file is read-only)."""


Observer = Callable[["Project", "Change"], None]


class Project:
    """The document: chart, source, customers, plan, the project's own practice library, and
    what the plan is measured against: its targets and the customers' results.

    The customers are one :class:`CustomerMap` (segments, their touchpoints and needs);
    :attr:`customers` is its list of segment names, which is all the layout and the reports
    need. ``customers`` given here join ``customer_map`` as new empty segments (names already
    there are kept as they are), the way an import's ``Customers`` sheet does.
    """

    def __init__(
        self,
        chart: OrgChart,
        source: OrgSource,
        customers: list[str] | None = None,
        plan: Plan | None = None,
        library: PracticeLibrary | None = None,
        name: str = "",
        customer_map: CustomerMap | None = None,
        identity: str = "",
        hidden: frozenset[str] = frozenset(),
        targets: Targets | None = None,
        results: Results | None = None,
    ) -> None:
        self.chart = chart
        # The columns of people's details hidden from the audience (model/audience.py).
        self.hidden = hidden
        # Which project this is, whatever it is called: given once when its file is created
        # (io), kept by Save As, written into every export so a returned workbook finds its
        # way home. "" until then (a project made in memory, a file older than identities).
        self.identity = identity
        self.source = source
        self.customer_map = customer_map if customer_map is not None else CustomerMap()
        if customers:
            self.customer_map.set_segments(merged_segments(self.customer_map.segments, customers))
        # Not ``plan or Plan()``: an empty plan is falsy, yet its next_number must survive.
        self.plan = plan if plan is not None else Plan()
        self.library = library or PracticeLibrary()
        self.targets = targets if targets is not None else Targets()
        self.results = results if results is not None else Results()
        self.name = name or source.file_name
        self.journal: Journal | None = None
        self.read_only_reason: str | None = None
        self._observers: list[Observer] = []

    @property
    def customers(self) -> list[str]:
        """The customer segment names in order (the pyramid's top band); edit by commands."""
        return self.customer_map.names()

    # -- observing -------------------------------------------------------------------------

    def subscribe(self, observer: Observer) -> Callable[[], None]:
        """Call ``observer(project, change)`` after every durable edit; returns unsubscribe."""
        self._observers.append(observer)

        def unsubscribe() -> None:
            if observer in self._observers:
                self._observers.remove(observer)

        return unsubscribe

    def notify(self, change: Change) -> None:
        for observer in list(self._observers):
            observer(self, change)

    # -- editing ---------------------------------------------------------------------------

    def execute(self, command: Command, kind: StepKind = "do", joins: bool = False) -> Command:
        """Apply ``command``, make it durable, tell observers; return the command that undoes it.

        ``kind`` says whether it is a new edit, an undo or a redo, and ``joins`` that it belongs
        to the undo step before (both are saved with it, for the undo history of a reopened
        project). Raises :class:`ReadOnlyProjectError` for a read-only project, or whatever the
        journal raises when the edit cannot be saved; in both cases the project is as it was.
        """
        if self.read_only_reason is not None:
            raise ReadOnlyProjectError(self.read_only_reason)
        # The ids the next new items get: a refused edit leaves them as they were, although an
        # applied one (even undone later) never gives them back.
        counters = self._id_counters()
        try:
            inverse, change = command.apply(self)
        except BaseException:
            self._set_id_counters(counters)
            raise
        if self.journal is not None:
            try:
                self.journal.record(self, command, change, UndoStep(kind, inverse, joins))
            except BaseException:
                inverse.apply(self)
                self._set_id_counters(counters)
                raise
        self.notify(change)
        return inverse

    def _id_counters(self) -> tuple[int, int, int]:
        customers = self.customer_map
        return self.plan.next_number, customers.next_touchpoint, customers.next_need

    def _set_id_counters(self, counters: tuple[int, int, int]) -> None:
        customers = self.customer_map
        self.plan.next_number, customers.next_touchpoint, customers.next_need = counters

    # -- lookups keyed by person id --------------------------------------------------------

    def has_person(self, person_id: str) -> bool:
        try:
            self.chart.index_of(person_id)
        except KeyError:
            return False
        return True

    def display_name(self, person_id: str) -> str:
        """The person's name (or id if the sheet had none); a person who left keeps their id."""
        try:
            index = self.chart.index_of(person_id)
        except KeyError:
            return person_id
        return self.chart.names[index] or person_id

    def direct_report_ids(self, person_id: str) -> list[str]:
        index = self.chart.index_of(person_id)
        return [self.chart.ids[int(i)] for i in self.chart.children(index)]

    def is_manager(self, person_id: str) -> bool:
        try:
            index = self.chart.index_of(person_id)
        except KeyError:
            return False
        return bool(self.chart.span_of_control[index] > 0 and self.chart.real[index])
