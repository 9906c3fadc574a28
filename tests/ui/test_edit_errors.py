"""One error policy for every edit: a refusal says why; anything else is a bug, logged with its
traceback and reported as an internal error, never passed off as a refused edit."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import pytest

from pyramid_app.model.commands import Command, PlanError, add_commitment
from pyramid_app.model.project import Change, Project
from pyramid_app.ui.main_window import MainWindow


@dataclass(frozen=True)
class Broken(Command):
    """A command with a bug in it: it fails the way no user action can explain."""

    label: str = "Rename the moon"

    def apply(self, project: Project) -> tuple[Command, Change]:
        raise KeyError("moon")


def test_a_bug_in_an_edit_is_an_internal_error_with_its_traceback_logged(
    shown_small: MainWindow, qtbot, caplog: pytest.LogCaptureFixture
) -> None:  # type: ignore[no-untyped-def]
    window = shown_small
    project = window.project
    assert project is not None
    steps = window.undo_stack.count()
    with (
        caplog.at_level(logging.ERROR, logger="pyramid_app"),
        qtbot.waitSignal(window.undo_stack.failed) as failed,
    ):
        assert not window.push(Broken())
    message = failed.args[0]
    assert message.startswith("Rename the moon: not done. This is an internal error")
    assert "KeyError: 'moon'" in message
    assert window.undo_stack.count() == steps and len(project.plan) == 0
    [record] = [r for r in caplog.records if r.name == "pyramid_app"]
    assert record.exc_info is not None and record.exc_info[0] is KeyError
    assert window.edit_failure_box is not None and window.edit_failure_box.isVisible()


def test_a_refused_edit_says_why_and_is_no_internal_error(
    shown_small: MainWindow, caplog: pytest.LogCaptureFixture
) -> None:
    window = shown_small
    project = window.project
    assert project is not None

    def refused() -> Command:
        raise PlanError("Dan has no direct reports, so no one to serve")

    with caplog.at_level(logging.ERROR, logger="pyramid_app"):
        assert not window.push_checked(refused, "Add commitment")
        assert window.push_checked(lambda: add_commitment(project, "B", "Weekly huddle"))
    box = window.edit_failure_box
    assert box is not None
    assert box.text() == "Add commitment: not done.\nDan has no direct reports, so no one to serve"
    assert not [r for r in caplog.records if r.name == "pyramid_app"]
    assert [c.text for c in project.plan] == ["Weekly huddle"]


def test_a_command_the_builder_refuses_is_told_by_the_same_policy(
    shown_small: MainWindow, caplog: pytest.LogCaptureFixture
) -> None:
    """The panels build their commands through the context: a refusal names the edit and the
    reason; a bug in a builder is an internal error with its traceback logged."""
    window = shown_small
    project = window.project
    assert project is not None

    def refused() -> Command:
        return add_commitment(project, "nobody-by-that-id", "Walk the floor")

    assert window.context.build(refused, "Add commitment") is None
    box = window.edit_failure_box
    assert box is not None and box.text().startswith("Add commitment: not done.\n")

    def buggy() -> Command:
        raise KeyError("moon")

    with caplog.at_level(logging.ERROR, logger="pyramid_app"):
        assert window.context.build(buggy, "Add touchpoint") is None
    assert window.edit_failure_box is not None
    assert "internal error" in window.edit_failure_box.text()
    assert "KeyError" in caplog.text
