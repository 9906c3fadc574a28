"""Closing the app and starting it again, as a user does: the project last worked on comes
back, an unsaved project reopened and then saved under a name is moved (never left behind to be
offered again), and the demo opens only on the very first start."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from pyramid_app.io.project.unsaved import unsaved_projects
from pyramid_app.model.commands import add_commitment
from pyramid_app.ui.main_window import MainWindow


def new_window(qtbot, settings_file: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    """The app started again: a new window over the same settings file."""
    window = MainWindow(QSettings(str(settings_file), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    return window


def imported(window: MainWindow, path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    """``path`` opened as a user opens a spreadsheet, once its organisation is shown."""
    with qtbot.waitSignal(window.files.project_opened, timeout=20_000):
        window.files.open_path(path)


def start(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    """What the app does at start without a file, waiting for a project to be shown."""
    with qtbot.waitSignal(window.files.project_opened, timeout=20_000):
        window.files.start()


def test_the_demo_on_the_first_start_then_the_project_last_worked_on(
    qtbot, tmp_path: Path, small_org: Path
) -> None:  # type: ignore[no-untyped-def]
    settings = tmp_path / "app.ini"
    first = new_window(qtbot, settings)
    start(first, qtbot)
    assert first.project is not None and first.project.name == "Harbourlight Hotels (demo)"
    assert first.files.message_box is None  # nothing unsaved to offer
    imported(first, small_org, qtbot)
    assert first.push(add_commitment(first.project, "B", "Weekly huddle"))
    saved = tmp_path / "hotel plan.pyramid"
    assert first.files.save_as(saved)
    first.close()

    second = new_window(qtbot, settings)
    start(second, qtbot)
    assert second.files.project_path() == saved
    assert second.project is not None
    assert [c.text for c in second.project.plan] == ["Weekly huddle"]
    assert second.files.message_box is None  # Save As left nothing unsaved behind
    assert unsaved_projects() == []


def test_save_as_of_a_reopened_unsaved_project_moves_it(
    qtbot, tmp_path: Path, small_org: Path
) -> None:  # type: ignore[no-untyped-def]
    settings = tmp_path / "app.ini"
    first = new_window(qtbot, settings)
    imported(first, small_org, qtbot)
    assert first.push(add_commitment(first.project, "B", "Weekly huddle"))
    (unsaved,) = unsaved_projects()
    first.close()  # the app quits before the project was saved under a name

    second = new_window(qtbot, settings)
    start(second, qtbot)  # the project last worked on: the unsaved one
    assert second.files.project_path() == unsaved
    assert second.files.is_unsaved()
    assert second.windowTitle() == "org (unsaved) - Pyramid Planner"
    assert second.push(add_commitment(second.project, "C", "Taste every new dish"))
    saved = tmp_path / "kept.pyramid"
    assert second.files.save_as(saved)
    assert unsaved_projects() == []  # moved, not copied
    assert not Path(f"{unsaved}-wal").exists()
    menu = [action.text() for action in second.files.recent_menu.actions()]
    assert "org (unsaved 1)" not in menu
    assert "Not saved under a name" not in menu
    second.close()

    third = new_window(qtbot, settings)
    start(third, qtbot)
    assert third.files.project_path() == saved
    assert third.files.message_box is None
    assert third.project is not None
    assert [c.text for c in third.project.plan] == ["Weekly huddle", "Taste every new dish"]


def test_a_closed_project_is_not_reopened_and_the_demo_only_when_asked(
    qtbot, tmp_path: Path, small_org: Path
) -> None:  # type: ignore[no-untyped-def]
    settings = tmp_path / "app.ini"
    first = new_window(qtbot, settings)
    imported(first, small_org, qtbot)
    first.files.close_project()
    first.close()
    second = new_window(qtbot, settings)
    second.files.start()
    assert second.project is None  # the empty window offers spreadsheet, project or demo
