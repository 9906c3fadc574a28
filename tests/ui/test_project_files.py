"""Projects in the window: always saved, Save As, open, refuse what cannot be opened, update."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox

from pyramid_app.io.project.file import ProjectFile
from pyramid_app.io.project.unsaved import default_data_folder, unsaved_projects
from pyramid_app.model.commands import add_commitment
from pyramid_app.ui.main_window import MainWindow
from spreadsheets import SMALL_ORG


def saved_project(window: MainWindow, tmp_path: Path) -> Path:
    """The small organisation with one commitment, saved as tmp_path/plan.pyramid."""
    project = window.project
    assert project is not None
    assert window.push(add_commitment(project, "B", "Weekly huddle"))
    target = tmp_path / "plan.pyramid"
    assert window.files.save_as(target)
    return target


def open_in(window: MainWindow, path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.files.project_opened, timeout=10_000):
        window.files.open_project(path)


def test_the_first_edit_saves_a_spreadsheet_project_in_the_data_folder(
    shown_small: MainWindow,
) -> None:
    window = shown_small
    project = window.project
    assert project is not None
    assert unsaved_projects() == []
    assert window.windowTitle() == "org (unsaved) - Pyramid Planner"
    assert window.push(add_commitment(project, "B", "Weekly huddle"))
    (unsaved,) = unsaved_projects()
    assert unsaved.parent.parent == default_data_folder()
    # The file holds the edit already: opening it elsewhere is refused while this window
    # has it, so read it after the window lets go.
    window.files.close_project()
    with ProjectFile.open(unsaved)[0] as file:
        assert [c.text for c in file.project.plan] == ["Weekly huddle"]  # type: ignore[union-attr]


def test_save_as_moves_the_project_and_carries_on_there(
    shown_small: MainWindow, tmp_path: Path
) -> None:
    window = shown_small
    target = saved_project(window, tmp_path)
    assert window.windowTitle() == "plan - Pyramid Planner"
    assert unsaved_projects() == []  # moved, not copied
    project = window.project
    assert project is not None
    assert window.push(add_commitment(project, "C", "Taste every new dish with the cooks"))
    window.files.close_project()
    assert window.windowTitle() == "Pyramid Planner"
    _file, reopened = ProjectFile.open(target)
    try:
        assert sorted(c.text for c in reopened.plan) == [
            "Taste every new dish with the cooks",
            "Weekly huddle",
        ]
    finally:
        _file.close()


def test_open_project_shows_its_plan_and_remembers_it(
    shown_small: MainWindow, tmp_path: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    window = shown_small
    target = saved_project(window, tmp_path)
    window.files.close_project()
    open_in(window, target, qtbot)
    assert window.project is not None
    assert [c.text for c in window.project.plan] == ["Weekly huddle"]
    assert window.chart is not None and window.chart.people_count == 7
    assert window.files.recent_menu.actions()[0].text() == "plan.pyramid"


def test_a_project_open_in_another_window_is_refused_and_nothing_changes(
    shown_small: MainWindow, tmp_path: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    window = shown_small
    target = saved_project(window, tmp_path)
    other = MainWindow(QSettings(str(tmp_path / "other.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(other)
    with qtbot.waitSignal(other.files.open_failed, timeout=10_000) as failed:
        other.files.open_project(target)
    assert "another" in failed.args[0]
    assert other.project is None
    box = other.files.message_box
    assert box is not None and box.icon() == QMessageBox.Icon.Warning
    # The first window still has it and goes on saving.
    project = window.project
    assert project is not None
    assert window.push(add_commitment(project, "A", "Monthly open forum"))


def test_a_file_that_is_not_a_project_is_refused(
    shown_small: MainWindow, tmp_path: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    window = shown_small
    fake = tmp_path / "notes.pyramid"
    fake.write_text("shopping list: eggs, milk\n", encoding="utf-8")
    before = window.project
    with qtbot.waitSignal(window.files.open_failed, timeout=10_000) as failed:
        window.files.open_project(fake)
    assert "notes.pyramid" in failed.args[0]
    assert window.project is before


def test_dropping_a_project_opens_it(shown_small: MainWindow, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = shown_small
    target = saved_project(window, tmp_path)
    window.files.close_project()
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(target))])
    event = QDropEvent(
        QPointF(50, 50),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(window.files.project_opened, timeout=10_000):
        window.dropEvent(event)
    assert window.project is not None and len(window.project.plan) == 1


def test_unsaved_projects_are_offered_at_the_next_start(
    shown_small: MainWindow, tmp_path: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    window = shown_small
    project = window.project
    assert project is not None
    assert window.push(add_commitment(project, "B", "Weekly huddle"))
    window.close()  # the app quits; the unsaved file stays
    later = MainWindow(QSettings(str(tmp_path / "later.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(later)
    later.show()
    unsaved_entries = [a.text() for a in later.files.recent_menu.actions()]
    assert "org (unsaved 1)" in unsaved_entries
    box = later.files.offer_unsaved()
    assert box is not None and "org (unsaved 1)" in box.text()
    with qtbot.waitSignal(later.files.project_opened, timeout=10_000):
        box.button(QMessageBox.StandardButton.Open).click()
    assert later.project is not None
    assert [c.text for c in later.project.plan] == ["Weekly huddle"]
    assert later.windowTitle() == "org (unsaved) - Pyramid Planner"


def test_update_from_a_newer_export_previews_then_applies_as_one_step(
    shown_small: MainWindow, xlsx_file: Callable[..., Path], qtbot
) -> None:  # type: ignore[no-untyped-def]
    window = shown_small
    project = window.project
    assert project is not None
    assert window.push(add_commitment(project, "C", "Taste every new dish with the cooks"))
    # Cy leaves; Gil now reports to Bob; Di becomes a supervisor; Hal joins under Ann.
    rows = [row for row in SMALL_ORG if row[0] != "C"]
    rows = [["G", "B", *row[2:]] if row[0] == "G" else row for row in rows]
    rows = [[*row[:3], "Front Desk Supervisor", row[4]] if row[0] == "D" else row for row in rows]
    rows.append(["H", "A", "Hal Hart", "Head of Sales", "Sales"])
    newer = xlsx_file(rows, name="hr_march.xlsx")
    window.files.update_from(newer)
    qtbot.waitUntil(lambda: window.files.update_dialog is not None, timeout=10_000)
    dialog = window.files.update_dialog
    assert dialog is not None
    tabs = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert tabs == [
        "Joiners (1)",
        "Leavers (1)",
        "Moves (1)",
        "Changed details (1)",
        "Flagged commitments (1)",
    ]
    with qtbot.waitSignal(window.project_edited, timeout=5000):
        dialog.apply_button.click()
    assert window.project is project
    assert project.has_person("H") and not project.has_person("C")
    assert len(project.plan) == 1  # kept, flagged, never deleted
    assert window.undo_action.text().startswith("&Undo Update organisation from hr_march.xlsx")
    window.undo_action.trigger()
    assert project.has_person("C") and not project.has_person("H")
