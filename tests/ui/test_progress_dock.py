"""The Progress dock (View > Progress, Ctrl+Shift+G): every measure against its target over time,
the units compared side by side, following edits; made off the GUI thread from the project
file's history of edits.

The demo project file (``pyramid-app project demo``) has twelve months of four hotels' results
and the group's targets. Every figure is checked against ``progress_report`` run by the test on
the same file.
"""

from __future__ import annotations

import calendar
import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMenu
from pytestqt.qtbot import QtBot
from window_samples import shown_window

from pyramid_app.cli import main
from pyramid_app.io import read_org
from pyramid_app.io.project.file import ProjectFile
from pyramid_app.model.commands import add_commitment
from pyramid_app.model.progress_report import ProgressReport, progress_report
from pyramid_app.model.results import read_stored_period
from pyramid_app.model.target_commands import change_target
from pyramid_app.model.targets import Measure
from pyramid_app.model.units import WHOLE_ORGANISATION, Unit, UnitKind
from pyramid_app.ui.main_window import MainWindow
from pyramid_app.ui.plan import progress_source
from pyramid_app.ui.plan.progress_charts import MeasureChart
from pyramid_app.ui.plan.progress_dock import ProgressParts

LISBON = Unit(UnitKind.LOCATION, "Lisbon")
EDINBURGH = Unit(UnitKind.LOCATION, "Edinburgh")
COMPLAINTS = "Complaints per 1,000 stays"


def menu_action(window: MainWindow, *path: str) -> QAction:
    """The QAction reached through the menu bar by its texts (ampersands ignored)."""
    actions = window.menuBar().actions()
    for step, text in enumerate(path):
        found = [a for a in actions if a.text().replace("&", "") == text]
        assert found, f"no {text!r} among {[a.text() for a in actions]}"
        if step == len(path) - 1:
            return found[0]
        menu = found[0].menu()
        assert isinstance(menu, QMenu)
        actions = menu.actions()
    raise AssertionError("empty path")


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    path = tmp_path / "demo.pyramid"
    assert main(["project", "demo", "-o", str(path)]) == 0
    return path


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    return shown_window(qtbot, tmp_path, data_folder=tmp_path)


def progress(window: MainWindow) -> ProgressParts:
    parts = window.progress
    assert isinstance(parts, ProgressParts)
    return parts


def open_file(window: MainWindow, path: Path) -> ProjectFile:
    file, project = ProjectFile.open(path)
    window.set_project(project)
    return file


def show_progress(window: MainWindow, qtbot: QtBot) -> ProgressParts:
    """View > Progress, as a user does, and the report it asks for."""
    toggle = menu_action(window, "View", "Progress")
    assert toggle.shortcut() == QKeySequence("Ctrl+Shift+G")
    toggle.trigger()
    parts = progress(window)
    qtbot.waitUntil(parts.dock.isVisible)
    settled(parts, qtbot)
    return parts


def settled(parts: ProgressParts, qtbot: QtBot) -> None:
    source = parts.source
    qtbot.waitUntil(lambda: source.current and not source.busy, timeout=10_000)


def stamp(day: dt.date) -> float:
    return float(calendar.timegm(day.timetuple()))


def expected_points(at: str, value: float, built_in: bool) -> tuple[float, float]:
    if built_in:
        return stamp(dt.date.fromisoformat(at)), value
    period = read_stored_period(at)
    return stamp(period.start + (period.end - period.start) / 2), value


def independent(window: MainWindow, file: ProjectFile, parts: ProgressParts) -> ProgressReport:
    """The report the test makes itself, for the day the dock counted."""
    assert window.project is not None and parts.source.view is not None
    return progress_report(window.project, file.plan_history(), parts.source.view.report.today)


def card(parts: ProgressParts, key: str) -> MeasureChart:
    found = parts.panel.charts.card(key)
    assert found is not None, key
    return found


def test_view_progress_charts_every_measure_against_its_target(
    window: MainWindow, demo_file: Path, qtbot: QtBot
) -> None:
    file = open_file(window, demo_file)
    parts = show_progress(window, qtbot)
    report = independent(window, file, parts)
    assert len(report.measures) == 7  # the plan's four and the hotels' three
    for measure in report.measures:
        chart = card(parts, measure.key)
        assert chart.title.text() == measure.title
        for row in measure.units:
            drawn = chart.series(row.unit)
            points = [
                expected_points(at, value, measure.built_in)
                for at, value in row.series
                if value is not None
            ]
            assert [x for x, _y in drawn] == [x for x, _y in points], (measure.key, row.label)
            assert [y for _x, y in drawn] == pytest.approx([y for _x, y in points])
        targets = {row.target.value for row in measure.units if row.target is not None}
        assert sorted(chart.target_values()) == pytest.approx(sorted(targets))
        assert len(chart.legend_texts()) == len(measure.units)
    served = report.measure(Measure.FRONT_LINE_SERVED.value)
    assert served is not None and served.units[0].target is not None
    assert card(parts, served.key).target_values() == [pytest.approx(0.5)]
    assert "target at least 50%" in card(parts, served.key).legend_texts()[0]


def test_the_results_say_before_and_after_the_first_commitment(
    window: MainWindow, demo_file: Path, qtbot: QtBot
) -> None:
    file = open_file(window, demo_file)
    parts = show_progress(window, qtbot)
    report = independent(window, file, parts)
    complaints = report.measure(COMPLAINTS)
    assert complaints is not None
    chart = card(parts, COMPLAINTS)
    assert chart.first_lines, "the first commitment reaching the hotels is marked"
    for row in complaints.units:
        figures = row.before_after
        assert figures is not None and figures.before is not None and figures.after is not None
        text = chart.figure_rows[row.unit].text()
        assert f"{figures.before:.2f} → {figures.after:.2f}" in text
        change = figures.after - figures.before
        assert f"{change:+.2f}".rstrip("0").rstrip(".") in text
        assert ("better" if change < 0 else "worse") in text  # fewer complaints is better
    assert chart.summary.text().endswith(
        f"{sum(1 for r in complaints.units if r.standing and r.standing.value == 'met')} "
        f"of {len(complaints.units)} at target</span>"
    )


def test_edits_update_the_dock_and_only_new_history_is_read(
    window: MainWindow, demo_file: Path, qtbot: QtBot
) -> None:
    file = open_file(window, demo_file)
    parts = show_progress(window, qtbot)
    project = window.project
    assert project is not None
    kept = len(parts.source.reader.edits)
    assert kept == len(file.history())
    key = Measure.MANAGERS_COMMITTED.value
    before = card(parts, key).series(WHOLE_ORGANISATION)[-1][1]
    chart = project.chart
    idle = next(
        chart.ids[node]
        for node in chart.managers().tolist()
        if not any(c.active for c in project.plan if c.manager_id == chart.ids[node])
    )
    assert window.push(add_commitment(project, idle, "Weekly one-to-ones"))
    settled(parts, qtbot)
    report = independent(window, file, parts)
    now = report.measure(key)
    assert now is not None and now.units[0].latest is not None
    after = card(parts, key).series(WHOLE_ORGANISATION)[-1][1]
    assert after == pytest.approx(now.units[0].latest) and after > before
    assert len(parts.source.reader.edits) == kept + 1  # the one new entry, not all again

    assert window.push(change_target(project, COMPLAINTS, LISBON, value=3.0))
    settled(parts, qtbot)
    assert 3.0 in card(parts, COMPLAINTS).target_values()


def test_two_hotels_compared_side_by_side(
    window: MainWindow, demo_file: Path, qtbot: QtBot
) -> None:
    file = open_file(window, demo_file)
    parts = show_progress(window, qtbot)
    panel = parts.panel
    for text in ("Location: Lisbon", "Location: Edinburgh"):
        action = panel.unit_action(text)
        assert action is not None, text
        action.trigger()
    settled(parts, qtbot)
    assert parts.source.chosen == (LISBON, EDINBURGH)
    assert "Lisbon, Edinburgh" in panel.chooser.text()
    report = independent(window, file, parts)
    # The plan's own measure, counted at each hotel (the report has it only where targeted).
    served = card(parts, Measure.FRONT_LINE_SERVED.value)
    assert set(served.curves) == {LISBON, EDINBURGH}
    for unit in (LISBON, EDINBURGH):
        values = report.series.counted(Measure.FRONT_LINE_SERVED, unit).values()
        drawn = [value for _x, value in served.series(unit)]
        assert drawn == pytest.approx([v for v in values if v is not None])
    legend = served.legend_texts()
    assert len(legend) == 2 and "Lisbon" in legend[0] and "Edinburgh" in legend[1]
    colours = [served.curves[u].opts["pen"].color().name() for u in (LISBON, EDINBURGH)]
    assert colours[0] != colours[1]
    complaints = card(parts, COMPLAINTS)
    assert set(complaints.curves) == {LISBON, EDINBURGH}
    # The same hotel, the same colour in every chart.
    assert complaints.curves[LISBON].opts["pen"].color().name() == colours[0]

    automatic = panel.unit_action("Units with targets or results")
    assert automatic is not None
    automatic.trigger()
    settled(parts, qtbot)
    assert len(card(parts, COMPLAINTS).curves) == 4


def test_a_project_without_targets_or_results_says_how_to_get_them(
    window: MainWindow, small_org: Path, qtbot: QtBot
) -> None:
    window.show_result(read_org(small_org))  # not saved yet: no history either
    parts = show_progress(window, qtbot)
    panel = parts.panel
    assert panel.hint.isVisible()
    assert "No targets or results yet" in panel.hint.text()
    assert "Targets and results" in panel.hint.text()
    assert panel.note.isVisible() and "no history of edits yet" in panel.note.text()
    # Escaped words read as words: "commitments' own dates", never "&#x27;".
    for label in panel.findChildren(QLabel):
        if "&" in label.text():
            assert label.textFormat() is Qt.TextFormat.RichText, label.text()
    shown = [c for c in panel.charts.cards if c.isVisibleTo(panel.charts)]
    assert [c.chart.key for c in shown if c.chart] == [m.value for m in Measure]
    assert all(c.target_values() == [] for c in shown)


def test_without_a_project_the_dock_says_to_open_one(window: MainWindow, qtbot: QtBot) -> None:
    parts = show_progress(window, qtbot)
    assert "Open a project" in parts.panel.headline.text()
    assert not parts.panel.chooser.isEnabled()


def test_a_long_history_is_read_a_slice_at_a_time(
    window: MainWindow, demo_file: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    file, project = ProjectFile.open(demo_file)
    managers = [project.chart.ids[n] for n in project.chart.managers().tolist()[:6]]
    for manager in managers:
        project.execute(add_commitment(project, manager, "Monthly walk of the floor"))
    file.close()
    monkeypatch.setattr(progress_source, "SLICE_SECONDS", 0.0)
    monkeypatch.setattr(progress_source, "CHECK_EVERY", 1)
    file = open_file(window, demo_file)
    parts = show_progress(window, qtbot)
    entries = len(file.history())
    assert entries >= 7
    assert parts.source.reader.slices >= entries - 1  # the window went on between them
    report = independent(window, file, parts)
    key = Measure.MANAGERS_COMMITTED.value
    expected = report.measure(key)
    assert expected is not None
    drawn = [value for _x, value in card(parts, key).series(WHOLE_ORGANISATION)]
    assert drawn == pytest.approx([v for _at, v in expected.units[0].series if v is not None])
