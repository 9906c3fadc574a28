"""The window's idle work: jobs wait for a quiet moment and run in turn a slice at a time; the
Review workspace's docks are made ready with it before they are first shown, and show what
was made (never figures of a plan that has changed since)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from pyramid_app.model.commands import add_commitment
from pyramid_app.ui.idle_work import IdleWork, idle_work
from pyramid_app.ui.main_window import MainWindow
from pyramid_app.ui.workspaces import Workspace


def slices(log: list[str], name: str, count: int) -> Callable[[], bool]:
    """A job of ``count`` slices, each noted in ``log``."""
    done = [0]

    def job() -> bool:
        done[0] += 1
        log.append(f"{name}{done[0]}")
        return done[0] == count

    return job


def test_jobs_wait_for_a_quiet_moment_then_run_a_slice_at_a_time_in_turn(qtbot: QtBot) -> None:
    owner = QObject()
    work = IdleWork(owner)
    log: list[str] = []
    work.add("a", slices(log, "a", 3))
    work.add("b", slices(log, "b", 1))
    work.add("c", slices(log, "c", 2))
    work.add("c", slices(log, "C", 1))  # the same key: in place of the waiting one
    assert log == [] and work.pending  # nothing at once
    with qtbot.waitSignal(work.finished, timeout=2_000):
        pass
    assert log == ["a1", "a2", "a3", "b1", "C1"]
    assert not work.pending


def test_a_dropped_job_never_runs_and_a_failing_one_is_not_tried_again() -> None:
    owner = QObject()
    work = IdleWork(owner)
    log: list[str] = []
    work.add("a", slices(log, "a", 1))
    work.drop("a")
    assert not work.pending

    def failing() -> bool:
        log.append("failed")
        raise RuntimeError("a bug")

    work.add("f", failing)
    work.add("b", slices(log, "b", 1))
    with pytest.raises(RuntimeError, match="a bug"):
        work.run_all()
    work.run_all()
    assert log == ["failed", "b1"]


def test_the_planners_input_puts_the_work_off(qtbot: QtBot) -> None:
    """A key press while jobs wait starts the wait for the quiet again: a slice never lands
    between two frames of a pan or under a typed word. Nothing waiting, input is not watched."""
    field = QLineEdit()
    qtbot.addWidget(field)
    field.show()
    work = IdleWork(field, idle_ms=10_000)
    work.add("a", slices([], "a", 1))
    qtbot.waitUntil(lambda: 0 < work.waiting_ms < 9_900)
    qtbot.keyClick(field, "x")
    assert work.waiting_ms > 9_900
    work.run_all()
    assert not work.pending and work.waiting_ms == -1
    qtbot.keyClick(field, "y")  # nothing waits: input starts no wait
    assert work.waiting_ms == -1 and field.text() == "xy"


@pytest.fixture
def window(demo_window: MainWindow) -> MainWindow:
    return demo_window


def leave_idle(window: MainWindow, qtbot: QtBot, report: bool = True) -> None:
    """Leave the window alone until its idle work is done (and the progress report it asked
    for is in, with ``report``)."""
    work, source = idle_work(window), window.progress.source
    if work.pending:
        with qtbot.waitSignal(work.finished, timeout=5_000):
            pass
    if report:
        qtbot.waitUntil(lambda: source.current and not source.busy, timeout=10_000)


def test_the_review_docks_are_ready_before_review_is_first_chosen(
    window: MainWindow, qtbot: QtBot
) -> None:
    dashboard, targets, progress = (
        window.coverage_dashboard,
        window.targets_and_results,
        window.progress,
    )
    assert window.coverage.tracker is None and dashboard.shown is None  # not on the spot
    assert progress.source.view is None
    leave_idle(window, qtbot)
    assert all(d.isHidden() for d in (window.coverage_dock, targets.dock, progress.dock))
    tracker, figures = window.coverage.tracker, dashboard.shown
    assert tracker is not None and figures is not None
    assert "Front line served" in dashboard.headline.text()
    assert targets.targets.project is window.project
    assert targets.tabs.tabText(0) == "Targets (15)"
    view = progress.source.view
    assert view is not None and progress.panel.shown is view  # charts drawn while hidden

    window.workspaces.actions[Workspace.REVIEW].trigger()
    qtbot.waitUntil(window.coverage_dock.isVisible)
    assert window.coverage.tracker is tracker and dashboard.shown is figures  # as made
    assert progress.panel.shown is view and progress.source.view is view


def test_an_edit_while_hidden_is_caught_up_when_idle_and_never_shown_stale(
    window: MainWindow, qtbot: QtBot
) -> None:
    dashboard = window.coverage_dashboard
    leave_idle(window, qtbot)
    before = dashboard.shown
    assert before is not None
    project = window.project
    assert project is not None
    unserved = next(g for g in dashboard.gaps.rows if g.level >= 0)
    assert window.push(add_commitment(project, unserved.person_id, "Walk the floor daily"))
    assert dashboard.shown is before  # hidden: not at each edit
    leave_idle(window, qtbot, report=False)  # a later report waits for its dock to be shown
    after = dashboard.shown
    assert after is not None and after is not before
    assert unserved.person_id not in [g.person_id for g in dashboard.gaps.rows]

    assert window.push(add_commitment(project, unserved.person_id, "And listen"))
    window.workspaces.actions[Workspace.REVIEW].trigger()  # before the window was idle
    qtbot.waitUntil(window.coverage_dock.isVisible)
    assert dashboard.shown is not after  # caught up as it was shown
    assert dashboard.shown is window.coverage.coverage()
