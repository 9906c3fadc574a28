"""The window's progress report, kept for the Progress dock and the progress slide.

The report (:func:`~pyramid_app.model.progress_report.progress_report`) is rebuilt from the
project file's history of edits. Two things make that slow on a large project, and each is
taken off the planner's hands:

- Reading the history back: a hundred thousand commitments' edits are JSON to decode, most of
  half a second for 20,000 edits. The file's connection belongs to the window's thread (the
  journal writes through it), so the history is read there, but a slice at a time between
  events (:class:`HistoryReader`), and kept: after an edit only the newer entries are read.
- The walk back and the counts (a tenth of a second at 100,000 people): on a worker thread,
  from a copy of the project and the history kept, so the window goes on while it runs. Each
  request is numbered; a report asked for before the latest edit is dropped when it arrives.

A project with no file yet (or its history unreadable) gets a report from its commitments' own
dates, with a note saying so.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal

from pyramid_app.io.project.errors import ProjectFileError
from pyramid_app.io.project.file import ProjectFile
from pyramid_app.io.project.unsaved import DeferredProjectFile
from pyramid_app.model.customers import CustomerMap
from pyramid_app.model.plan import Plan
from pyramid_app.model.plan_history import Edit, PlanHistory
from pyramid_app.model.progress_report import ProgressReport, UnitProgress, progress_report
from pyramid_app.model.project import Change, Project
from pyramid_app.model.results import Results
from pyramid_app.model.targets import Measure, Targets
from pyramid_app.model.units import Unit, unit_label

if TYPE_CHECKING:
    from pyramid_app.ui.context import WindowContext

SLICE_SECONDS = 0.02  # the history read at most this long between two events
CHECK_EVERY = 64  # edits read between two looks at the clock
EDIT_DELAY_MS = 300  # edits in quick succession (typing) make one report
NO_HISTORY = (
    "This project has no history of edits yet: the weekly series are estimated from the "
    "commitments' own dates. From its first edit on, every edit is kept with it."
)


@dataclass(frozen=True)
class ProgressView:
    """A report and, for the units chosen to compare, the plan's measures counted there too
    (the report has them only for the whole organisation and the units with a target)."""

    report: ProgressReport
    chosen: tuple[Unit, ...] = ()
    extra: dict[tuple[str, Unit], UnitProgress] = field(default_factory=dict)
    note: str = ""

    def rows(self, key: str) -> list[UnitProgress]:
        """Every row of measure ``key``: the report's, then those counted for chosen units."""
        measure = self.report.measure(key)
        found = list(measure.units) if measure is not None else []
        return found + [row for (k, _unit), row in self.extra.items() if k == key]


def project_copy(project: Project) -> Project:
    """What the report reads, copied for another thread: the plan, the customer map, the
    targets and results (their values are immutable); the chart is shared (never changed in
    place)."""
    customer_map = project.customer_map
    return Project(
        project.chart,
        project.source,
        plan=Plan(dict(project.plan.commitments), project.plan.next_number),
        name=project.name,
        customer_map=CustomerMap(
            customer_map.segments, customer_map.next_touchpoint, customer_map.next_need
        ),
        targets=Targets(list(project.targets)),
        results=Results(list(project.results)),
    )


def compute_view(
    project: Project, history: PlanHistory, today: dt.date, chosen: tuple[Unit, ...], note: str
) -> ProgressView:
    """The report, and the plan's measures at the chosen units it does not hold (any thread)."""
    report = progress_report(project, history, today)
    days = [day.isoformat() for day in report.days]
    extra: dict[tuple[str, Unit], UnitProgress] = {}
    for measure in report.measures:
        if not measure.built_in:
            continue
        built = Measure(measure.key)
        have = {row.unit for row in measure.units}
        for unit in chosen:
            if unit in have or unit.kind not in built.unit_kinds:
                continue
            values = report.series.counted(built, unit).values()
            extra[measure.key, unit] = UnitProgress(
                unit,
                unit_label(unit, project.customer_map),
                None,
                values[-1] if values else None,
                days[-1] if days else "",
                None,
                list(zip(days, values, strict=True)),
            )
    return ProgressView(report, chosen, extra, note)


def history_file(project: Project) -> ProjectFile | None:
    """The file keeping ``project``'s history, if it has one yet."""
    journal = project.journal
    if isinstance(journal, DeferredProjectFile):
        journal = journal.file
    return journal if isinstance(journal, ProjectFile) else None


class HistoryReader:
    """A project file's history of edits (newest first), read a slice at a time and kept.

    The first read takes the whole history, between events; later reads take only the entries
    saved since (the history only grows: an undo is saved as one more edit). ``read`` calls
    ``done`` once the history kept is the file's, or with the file's message if it cannot be
    read.
    """

    def __init__(self, parent: QObject) -> None:
        self.file: ProjectFile | None = None
        self.began: dt.datetime | None = None
        self.edits: list[Edit] = []  # newest first
        self.newest = 0  # the history entry the newest edit kept comes from
        self._reading: Iterator[Edit] | None = None
        self._fresh: list[Edit] = []
        self._wanted: int | None = None  # entries still to read (None: to the end)
        self._upto = 0
        self._done: Callable[[str], None] | None = None
        self.slices = 0  # how many slices the reads took (the window went on between them)
        self._tick = QTimer(parent)
        self._tick.setSingleShot(True)
        self._tick.setInterval(0)
        self._tick.timeout.connect(self._read_slice)

    @property
    def history(self) -> PlanHistory:
        """The history kept, for a walk on any thread (a copy of the list)."""
        return PlanHistory(self.began, tuple(self.edits))

    def forget(self) -> None:
        self._stop()
        self.file, self.began, self.edits, self.newest = None, None, [], 0

    def read(self, file: ProjectFile, done: Callable[[str], None]) -> None:
        """Bring the history kept up to ``file``'s; ``done("")`` when it is (maybe at once)."""
        if self._reading is not None and file is self.file:
            # Read on from where it is (edits saved meanwhile come in a pass of their own):
            # begun again at every edit, a long first read might never end.
            self._done = lambda message: done(message) if message else self.read(file, done)
            return
        self._stop()
        if file is not self.file:
            self.forget()
            self.file = file
        self._done = done
        try:
            entries = file.history(1)
            newest = entries[0].seq if entries else 0
            if newest == self.newest:
                self._finish("")
                return
            if newest < self.newest or not self.edits:
                self.edits, self.newest, self._wanted = [], 0, None
            else:
                # Entries are numbered in the order saved, each one an edit of the history.
                later = file.history(newest - self.newest)
                self._wanted = sum(1 for entry in later if entry.seq > self.newest)
            history = file.plan_history()
        except ProjectFileError as error:
            self._failed(str(error))
            return
        self.began = history.began
        self._upto = newest
        self._fresh = []
        self._reading = iter(history.edits)
        self._read_slice()

    @property
    def reading(self) -> bool:
        return self._reading is not None

    def _read_slice(self) -> None:
        reading = self._reading
        if reading is None:
            return
        deadline = time.perf_counter() + SLICE_SECONDS
        self.slices += 1
        fresh = self._fresh
        try:
            while self._wanted is None or len(fresh) < self._wanted:
                edit = next(reading, None)
                if edit is None:
                    break
                fresh.append(edit)
                if len(fresh) % CHECK_EVERY == 0 and time.perf_counter() > deadline:
                    self._tick.start()  # the rest after the window's pending events
                    return
        except ProjectFileError as error:
            self._failed(str(error))
            return
        except Exception as error:  # a bug: the dock says so rather than wait for ever
            self._failed(f"an internal error, {type(error).__name__}: {error}")
            return
        self._close_reading()
        self.edits = fresh + self.edits
        self.newest = self._upto
        self._fresh = []
        self._finish("")

    def _failed(self, message: str) -> None:
        self.forget()
        self._finish(message)

    def _finish(self, message: str) -> None:
        done, self._done = self._done, None
        if done is not None:
            done(message)

    def _close_reading(self) -> None:
        reading, self._reading = self._reading, None
        close = getattr(reading, "close", None)
        if callable(close):
            with contextlib.suppress(ProjectFileError):
                close()  # lets the file's statement go

    def _stop(self) -> None:
        self._tick.stop()
        self._close_reading()
        self._fresh = []
        self._done = None


def relevant(change: Change) -> bool:
    """Whether an edit can change a figure of the report (not the library, not the audience)."""
    return bool(
        change.commitments
        or change.org
        or change.customer_map_changed
        or change.targets
        or change.results
    )


class ProgressSource(QObject):
    """The window's progress report: asked for by the parts that show it, rebuilt off the GUI
    thread, ``ready`` on the GUI thread when a new one (or none, without a project) is there."""

    ready = Signal()
    # The report kept is no longer the project's: ask again (after this many ms) when shown.
    changed = Signal(int)
    # From the worker: the request's number and the view (or an error's message).
    _finished = Signal(int, object)

    def __init__(self, context: WindowContext) -> None:
        super().__init__(context)
        self.context = context
        self.view: ProgressView | None = None
        self.message = ""  # why there is no report (an internal error), if so
        self.chosen: tuple[Unit, ...] = ()  # the units to compare, chosen in the dock
        self.generation = 0
        self.current = False  # the view is the project's as it is now
        self._making: int | None = None  # the request under way, until its report arrives
        self.reader = HistoryReader(self)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # requests queue; superseded ones are skipped
        self._finished.connect(self._take)
        self._delay = QTimer(self)
        self._delay.setSingleShot(True)
        self._delay.timeout.connect(self._start)
        context.project_shown.connect(self._project_shown)
        context.project_edited.connect(self._edited)

    @property
    def busy(self) -> bool:
        """A report is being made (the history read or the worker counting)."""
        return self._delay.isActive() or self._making == self.generation

    def today(self) -> dt.date:
        return self.context.coverage.today()

    def request(self, delay_ms: int = 0) -> None:
        """Make the report of the project as it is now, unless the one kept is; ``ready`` when
        it is there. ``delay_ms`` lets a burst of edits pass first."""
        if self.current and (self.view is None or self.view.report.today == self.today()):
            return
        if self._making == self.generation:
            return  # under way since the latest change: it will be ready
        self._delay.start(delay_ms)

    def choose(self, units: tuple[Unit, ...]) -> None:
        """Compare these units (none: the units with targets or results) from now on."""
        if units != self.chosen:
            self.chosen = units
            self._stale()
            self.request()

    def _stale(self, delay_ms: int = 0) -> None:
        self.current = False
        self.generation += 1
        self.changed.emit(delay_ms)

    def _project_shown(self) -> None:
        self._delay.stop()
        self.reader.forget()
        self._making = None
        self.view = None
        self.message = ""
        self.chosen = ()
        self._stale()

    def _edited(self, change: Change) -> None:
        if relevant(change):
            self._stale(EDIT_DELAY_MS)

    def _start(self) -> None:
        project = self.context.project
        if project is None:
            self.view, self.current = None, True
            self.ready.emit()
            return
        generation = self._making = self.generation
        file = history_file(project)
        if file is None:
            self.reader.forget()
            self._run(project, PlanHistory(), NO_HISTORY, generation)
            return

        def read(message: str) -> None:
            if generation != self.generation or self.context.project is not project:
                return
            if message:
                note = (
                    f"The history of edits could not be read ({message}): the weekly series "
                    "are estimated from the commitments' own dates."
                )
                self._run(project, PlanHistory(), note, generation)
            else:
                self._run(project, self.reader.history, "", generation)

        self.reader.read(file, read)

    def _run(self, project: Project, history: PlanHistory, note: str, generation: int) -> None:
        copy, today, chosen = project_copy(project), self.today(), self.chosen

        def run() -> None:  # on the worker thread
            if generation != self.generation:
                return  # superseded while it waited: never counted
            result: ProgressView | str
            try:
                result = compute_view(copy, history, today, chosen, note)
            except Exception as error:  # a bug must not take the window down with it
                result = (
                    f"The progress could not be counted because of an internal error "
                    f"({type(error).__name__}: {error}). Please report it."
                )
            # RuntimeError: the window, and this source with it, is gone.
            with contextlib.suppress(RuntimeError):
                self._finished.emit(generation, result)

        self._pool.start(run)

    def _take(self, generation: int, result: ProgressView | str) -> None:
        if generation != self.generation:
            return  # asked for before the latest change; a newer one follows
        self._making = None
        self.current = True
        if isinstance(result, str):
            self.view, self.message = None, result
        else:
            self.view, self.message = result, ""
        self.ready.emit()

    def wait(self, msecs: int = -1) -> bool:
        """Block until the worker is idle (closing, benchmarks); True when it is."""
        return self._pool.waitForDone(msecs)
