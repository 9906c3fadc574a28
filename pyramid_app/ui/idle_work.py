"""Work a window does while the planner is not using it, so a dock is ready before it is shown.

Switching workspace must draw the new docks within a frame or two, even the first time: the
Plan table's rows, the coverage tracker and the Review docks cost more than that to build at
100,000 people. Their parts hand that work to the window's :class:`IdleWork` queue, which runs
it once nothing has asked for work for a moment (:data:`IDLE_MS`), a short slice at a time with
the window's events in between, one job after another in the order they came. Every new job (an
edit, another project) puts the queue back to waiting, so a burst of edits is caught up once,
after it.

A job is only a head start: it leaves the part exactly as its own catch-up when shown would,
and any edit after it makes the part behind again (caught up by the next idle moment, or when
shown), so nothing stale is ever on screen; a dock shown before its job ran catches up then.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QDockWidget, QWidget

from pyramid_app.ui.menus import FollowWhileShown

IDLE_MS = 250  # nothing asked for this long: the window is idle
NAME = "idle-work"

# A slice of work: True when the job is finished, False to be called again.
Job = Callable[[], bool]

# The planner's hand on the mouse or the keys: not idle, whatever else is quiet (a slice run
# between two frames of a pan would make one of them late).
_INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
    }
)


class IdleWork(QObject):
    """The window's queue of work for idle moments: first come first served, a slice a turn."""

    finished = Signal()  # the queue ran empty

    def __init__(self, parent: QObject, idle_ms: int = IDLE_MS) -> None:
        super().__init__(parent)
        self.setObjectName(NAME)
        self._jobs: dict[Hashable, Job] = {}
        self._wait = QTimer(self)
        self._wait.setSingleShot(True)
        self._wait.setInterval(idle_ms)
        self._idle_ms = idle_ms
        self._quiet_from = time.monotonic()
        self._wait.timeout.connect(self._run)
        self._next = QTimer(self)
        self._next.setSingleShot(True)
        self._next.setInterval(0)
        self._next.timeout.connect(self._run)
        self._listening = False

    @property
    def pending(self) -> bool:
        return bool(self._jobs)

    @property
    def waiting_ms(self) -> int:
        """How long until the next slice if nothing else happens; -1 when not waiting."""
        if not self._wait.isActive():
            return -1
        waited = (time.monotonic() - self._quiet_from) * 1000
        return max(0, round(self._idle_ms - waited))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Any input while jobs wait puts the queue back to waiting for the quiet."""
        if event.type() in _INPUT and self._jobs:
            self._wait_again()
        return False

    def _wait_again(self) -> None:
        self._next.stop()
        self._wait.start()
        self._quiet_from = time.monotonic()

    def _listen(self, on: bool) -> None:
        """Input is watched (an application-wide filter) only while jobs wait."""
        application = QCoreApplication.instance()
        if application is None or on == self._listening:
            return
        self._listening = on
        if on:
            application.installEventFilter(self)
        else:
            application.removeEventFilter(self)

    def add(self, key: Hashable, job: Job) -> None:
        """Run ``job`` when the window is next idle (in place of a job of the same ``key``)."""
        self._jobs.pop(key, None)
        self._jobs[key] = job
        self._wait_again()  # something just happened: wait for the quiet again
        self._listen(True)

    def drop(self, key: Hashable) -> None:
        """Forget the job of ``key`` (its part caught up by itself)."""
        self._jobs.pop(key, None)
        if not self._jobs:
            self._wait.stop()
            self._next.stop()
            self._listen(False)

    def run_all(self) -> None:
        """Do every job now, to the end (tests, benchmarks)."""
        while self._jobs:
            self._step()

    def _run(self) -> None:
        window = self.parent()
        if self._jobs and isinstance(window, QWidget) and not window.isVisible():
            self._wait_again()  # a closed (or not yet shown) window: nothing is needed yet
        elif self._jobs:
            self._step()

    def _step(self) -> None:
        key, job = next(iter(self._jobs.items()))
        del self._jobs[key]  # a job that fails is not tried again and again
        if not job() and key not in self._jobs:
            # Its next slice first: a job is done before the next starts (the next may need
            # what it makes: the dashboard, the coverage tracker).
            self._jobs = {key: job, **self._jobs}
        if self._jobs:
            if not self._wait.isActive():
                self._next.start()
        else:
            self._wait.stop()
            self._listen(False)
            self.finished.emit()


def idle_work(host: QWidget) -> IdleWork:
    """The queue of ``host``'s window (made the first time a part asks for it)."""
    found = host.findChild(IdleWork, NAME, Qt.FindChildOption.FindDirectChildrenOnly)
    return found if isinstance(found, IdleWork) else IdleWork(host)


class FollowAndWarm(FollowWhileShown):
    """:class:`FollowWhileShown` that, hidden and behind, also catches up once the window is
    idle: the dock is then current when it is next shown, and its catch-up is not part of the
    switch that shows it. For parts whose catch-up is short (a few milliseconds: one slice)."""

    def __init__(
        self,
        dock: QDockWidget,
        catch_up: Callable[[], None],
        idle: IdleWork,
        let_go: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(dock, catch_up, let_go)
        self.idle = idle

    def changed(self, update: Callable[[], None] | None = None) -> None:
        super().changed(update)
        if self.behind and self.dock.isHidden():
            self.idle.add(self, self._warm)
        else:
            self.idle.drop(self)

    def _warm(self) -> bool:
        if self.behind and self.dock.isHidden():
            self.catch_up()
            self.behind = False
        return True
