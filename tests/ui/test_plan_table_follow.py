"""The Plan table while its dock is hidden: the rows of a new project (or of a large edit) are
made while the window is idle, so the Plan workspace opens on them at once; small edits are
taken row by row; and rows of a plan that has changed since are never shown."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from pyramid_app.model.commands import add_commitment, bulk_add, delete_commitments
from pyramid_app.model.library import Suggestion
from pyramid_app.model.project import Project
from pyramid_app.ui.idle_work import idle_work
from pyramid_app.ui.main_window import MainWindow
from pyramid_app.ui.plan.plan_table_follow import PlanTableFollower
from pyramid_app.ui.plan.plan_table_model import RESET_ABOVE, Col
from pyramid_app.ui.plan.plan_table_rows import PlanRows
from pyramid_app.ui.workspaces import Workspace


@pytest.fixture
def window(demo_window: MainWindow) -> MainWindow:
    return demo_window


def project_of(window: MainWindow) -> Project:
    assert window.project is not None
    return window.project


def follower_of(window: MainWindow) -> PlanTableFollower:
    follower = window.plan_table.follower
    assert follower is not None
    return follower


def ids_shown(window: MainWindow) -> list[str]:
    model = window.plan_table.model
    return [model.index(row, Col.ID).data() for row in range(model.rowCount())]


def plan_ids(window: MainWindow) -> list[str]:
    """The plan's commitments in the table's first order (by number)."""
    return [c.id for c in sorted(project_of(window).plan, key=lambda c: c.number)]


def leave_idle(window: MainWindow, qtbot: QtBot) -> None:
    """Leave the window alone until its idle work is done."""
    work = idle_work(window)
    if work.pending:
        with qtbot.waitSignal(work.finished, timeout=5_000):
            pass
    assert not work.pending


def open_plan_workspace(window: MainWindow, qtbot: QtBot) -> None:
    window.workspaces.actions[Workspace.PLAN].trigger()
    qtbot.waitUntil(window.plan_dock.isVisible)


def test_the_rows_are_made_while_idle_and_the_plan_workspace_shows_them(
    window: MainWindow, qtbot: QtBot
) -> None:
    model, follower = window.plan_table.model, follower_of(window)
    assert window.plan_dock.isHidden()
    assert follower.behind and model.total == 0  # not made on the spot
    leave_idle(window, qtbot)
    assert not follower.behind
    assert model.project is window.project and model.total == len(project_of(window).plan)
    made = model.rows
    open_plan_workspace(window, qtbot)
    assert model.rows is made  # shown as made, not made again
    assert ids_shown(window) == plan_ids(window)
    assert window.plan_table.count.text() == "37 of 37 commitments"


def test_an_edit_while_the_rows_are_made_starts_them_again(
    window: MainWindow, qtbot: QtBot
) -> None:
    follower = follower_of(window)
    assert follower.behind
    project = project_of(window)
    command = add_commitment(project, project.plan[plan_ids(window)[0]].manager_id, "Huddle")
    assert window.push(command)
    assert follower.behind and window.plan_table.model.total == 0
    open_plan_workspace(window, qtbot)  # before the window was idle: made at once
    assert not follower.behind
    assert ids_shown(window) == plan_ids(window)
    assert command.commitments[0].id in ids_shown(window)


def test_hidden_small_edits_go_row_by_row_and_a_large_one_is_made_again_when_idle(
    window: MainWindow, qtbot: QtBot
) -> None:
    model, follower, project = window.plan_table.model, follower_of(window), project_of(window)
    leave_idle(window, qtbot)
    made = model.rows
    first = plan_ids(window)[0]
    assert window.push(add_commitment(project, project.plan[first].manager_id, "Huddle"))
    assert window.push(delete_commitments(project, [first]))
    assert model.rows is made and not follower.behind  # taken in, hidden, row by row
    assert sorted(model.rows.row_of) == sorted(plan_ids(window))

    managers = [project.chart.ids[i] for i in project.chart.managers()]
    managers = [m for m in managers if project.is_manager(m)][: RESET_ABOVE + 1]
    assert len(managers) == RESET_ABOVE + 1
    assert window.push(bulk_add(project, managers, Suggestion("Walk the floor daily")))
    assert follower.behind and model.total == 0  # nothing of the older plan kept
    leave_idle(window, qtbot)
    assert model.rows is not made and model.total == len(project.plan)
    open_plan_workspace(window, qtbot)
    assert ids_shown(window) == plan_ids(window)
    window.undo_stack.undo()  # shown: taken in at once, as before
    assert ids_shown(window) == plan_ids(window)


@pytest.mark.parametrize("chunk", [1, 5, 36, 37])
def test_rows_made_a_slice_at_a_time_are_the_rows_made_at_once(
    window: MainWindow, chunk: int
) -> None:
    project = project_of(window)
    whole, sliced = PlanRows(), PlanRows()
    whole.build(project)
    pauses = sum(1 for _ in sliced.building(project, chunk))
    assert pauses == -(-len(project.plan) // chunk) - 1
    assert sliced.commitments == whole.commitments
    assert sliced.cells == whole.cells and sliced.numbers == whole.numbers
    assert sliced.haystack == whole.haystack and sliced.row_of == whole.row_of
