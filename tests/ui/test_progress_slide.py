"""Present mode's progress slide, after coverage: every measure with its target, its latest value
and whether it is met, and the customers' results before and since the first commitments, in
type for the room; reached with the clicker's keys, Up and Down choose the measure in hand."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot
from window_samples import shown_window

from pyramid_app.cli import main
from pyramid_app.io.project.file import ProjectFile
from pyramid_app.model.progress_report import ProgressReport, progress_report
from pyramid_app.model.target_commands import change_target
from pyramid_app.model.targets import Measure, Standing
from pyramid_app.ui.main_window import MainWindow
from pyramid_app.ui.present import Slide, body_pixels, present_slide
from pyramid_app.ui.workspaces import Workspace

COMPLAINTS = "Complaints per 1,000 stays"


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    path = tmp_path / "demo.pyramid"
    assert main(["project", "demo", "-o", str(path)]) == 0
    return path


def _window(qtbot: QtBot, tmp_path: Path, path: Path) -> tuple[MainWindow, ProjectFile]:
    window = shown_window(qtbot, tmp_path, (1920, 1080), data_folder=tmp_path)
    file, project = ProjectFile.open(path)
    window.set_project(project)
    return window, file


def _key(window: MainWindow, qtbot: QtBot, key: Qt.Key) -> None:
    window.view.setFocus()
    qtbot.keyClick(window.view, key)


def _on_progress(window: MainWindow, qtbot: QtBot) -> ProgressReport:
    """F5, then Page Down to the progress slide; the report the test makes itself."""
    presenter = window.presenter
    with qtbot.waitSignal(presenter.entered):
        presenter.action.trigger()
    while presenter.slides()[presenter.position] != Slide("progress", 0):
        assert presenter.position < 5
        with qtbot.waitSignal(presenter.slide_shown):
            _key(window, qtbot, Qt.Key.Key_PageDown)
    source = presenter.progress
    assert source is not None
    qtbot.waitUntil(lambda: source.current and source.view is not None, timeout=10_000)
    qtbot.waitUntil(lambda: "targets met" in presenter.strip.question.text())
    project, view = window.project, source.view
    assert project is not None and view is not None and project.journal is not None
    assert isinstance(project.journal, ProjectFile)
    return progress_report(project, project.journal.plan_history(), view.report.today)


def test_page_down_after_coverage_tells_every_measure_against_its_target(
    qtbot: QtBot, tmp_path: Path, demo_file: Path
) -> None:
    window, _file = _window(qtbot, tmp_path, demo_file)
    report = _on_progress(window, qtbot)
    strip = window.present_strip
    assert window.presenter.position == 5 and present_slide("progress") == 5
    rows = [row for measure in report.measures for row in measure.units]
    judged = [row for row in rows if row.standing is not None]
    met = sum(1 for row in judged if row.standing is Standing.MET)
    assert strip.question.text().endswith(f"{met} of {len(judged)} targets met")
    # Every measure with a target or results, the one in hand first: the front line served.
    measured = [m.key for m in report.measures if not m.built_in or any(r.target for r in m.units)]
    assert strip.item_keys() == measured
    served = report.measure(Measure.FRONT_LINE_SERVED.value)
    assert served is not None
    row = served.units[0]
    assert row.latest is not None and row.target is not None and row.standing is not None
    items = strip.items.text()
    assert f"Front line served {round(row.latest * 100)}% (target 50%)" in items
    detail = strip.detail.text()
    assert f"{round(row.latest * 100)}% now" in detail
    assert "target at least 50%" in detail and row.standing.value in detail
    screen = window.screen().geometry().height()
    assert strip.detail.font().pixelSize() == body_pixels(screen)  # the room's type


def test_up_and_down_walk_the_measures_and_say_before_and_after(
    qtbot: QtBot, tmp_path: Path, demo_file: Path
) -> None:
    window, _file = _window(qtbot, tmp_path, demo_file)
    report = _on_progress(window, qtbot)
    presenter, strip = window.presenter, window.present_strip
    keys = strip.item_keys()
    target = keys.index(COMPLAINTS)
    for _ in range(target):
        with qtbot.waitSignal(presenter.slide_shown):
            _key(window, qtbot, Qt.Key.Key_Down)
    assert presenter.progress_key == COMPLAINTS
    complaints = report.measure(COMPLAINTS)
    assert complaints is not None
    detail = strip.detail.text()
    for row in complaints.units:
        figures = row.before_after
        assert figures is not None and figures.before is not None and figures.after is not None
        assert f"<b>{row.unit.name}</b>" in detail
        assert f"before {figures.before:.2f} → since {figures.after:.2f}" in detail
        assert row.standing is not None and row.standing.value in detail
    assert "better" in detail  # fewer complaints since the commitments
    with qtbot.waitSignal(presenter.slide_shown):
        _key(window, qtbot, Qt.Key.Key_Up)
    assert presenter.progress_key == keys[target - 1]
    with qtbot.waitSignal(presenter.slide_shown):
        _key(window, qtbot, Qt.Key.Key_PageDown)
    assert presenter.slides()[presenter.position] == Slide("level", -1)  # then the walk


def test_the_slide_follows_an_edit(qtbot: QtBot, tmp_path: Path, demo_file: Path) -> None:
    window, _file = _window(qtbot, tmp_path, demo_file)
    _on_progress(window, qtbot)
    project = window.project
    assert project is not None
    assert window.push(change_target(project, Measure.FRONT_LINE_SERVED.value, value=0.05))
    qtbot.waitUntil(lambda: "(target 5%) ✓" in window.present_strip.items.text(), timeout=5000)
    assert "met" in window.present_strip.detail.text()


def test_the_room_sees_progress_while_the_dock_stays_hidden(
    qtbot: QtBot, tmp_path: Path, demo_file: Path
) -> None:
    window, _file = _window(qtbot, tmp_path, demo_file)
    window.workspaces.switch(Workspace.EXPLORE)
    _on_progress(window, qtbot)
    assert window.progress.source.view is not None
    window.presenter.leave()
    assert not window.progress.dock.isVisible()


def test_the_command_line_opens_on_the_progress_slide(tmp_path: Path, demo_file: Path) -> None:
    picture = tmp_path / "progress.png"
    arguments = [str(demo_file), "--present", "progress", "--screenshot", str(picture)]
    assert main([*arguments, "--size", "1366x768"]) == 0
    image = QImage(str(picture))
    assert (image.width(), image.height()) == (1366, 768)
    assert image.pixelColor(10, 760).name() == "#1f2a44"  # present mode's strip
