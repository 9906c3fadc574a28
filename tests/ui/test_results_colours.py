"""View > Colour by > Results against target on the demo hotel group, opened from a real project
file: the legend's counts against a count made here from the results and targets themselves,
the measure picked from its submenu, and the colours following edits of results and targets
(and their undo) through the window's own path."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot
from targets_window import demo_file, menu_action, open_window, project_of

from pyramid_app.model.colouring import RESULT_COLOURS, ColourBy
from pyramid_app.model.project import Project
from pyramid_app.model.result_commands import set_result
from pyramid_app.model.results import Period
from pyramid_app.model.target_commands import remove_target
from pyramid_app.model.units import Unit, UnitKind
from pyramid_app.ui.main_window import MainWindow
from pyramid_app.ui.plan.results_colours import NO_MEASURE

SATISFACTION = "Guest satisfaction"
COMPLAINTS = "Complaints per 1,000 stays"
VALENCIA = Unit(UnitKind.LOCATION, "Valencia")


def expected_labels(project: Project, measure: str) -> list[str]:
    """Each person's legend row, worked out here: a front-line person (no one reports to them)
    by their hotel's target and latest result. The demo's targets of its results measures are
    all at hotels, which this relies on."""
    chart = project.chart
    targets = {
        t.unit.name: t for t in project.targets if t.measure.casefold() == measure.casefold()
    }
    assert targets and all(t.unit.kind is UnitKind.LOCATION for t in targets.values())
    has_reports = set(chart.parent.tolist())
    labels = []
    for node, location in enumerate(chart.locations):
        target = targets.get(location)
        series = project.results.series(measure, target.unit) if target is not None else []
        if node in has_reports:
            labels.append("managers: not judged")
        elif target is None or not series:
            labels.append("front line: no result")
        else:
            value = series[-1][1]
            met = value <= target.value if target.lower_is_better else value >= target.value
            if met:
                labels.append("front line: met")
            elif abs(value - target.value) <= 0.05 * target.value:
                labels.append("front line: close")
            else:
                labels.append("front line: missed")
    return labels


def expected_counts(
    project: Project, measure: str, nodes: set[int] | None = None
) -> dict[str, int]:
    """The legend's counts, of everyone or of ``nodes``, from :func:`expected_labels`."""
    counts = dict.fromkeys(RESULT_COLOURS, 0)
    for node, label in enumerate(expected_labels(project, measure)):
        if nodes is None or node in nodes:
            counts[label] += 1
    return counts


def legend_counts(window: MainWindow) -> dict[str, int]:
    return {label: count for label, _colour, count in window.legend.entries}


def colour_action(window: MainWindow, text: str) -> QAction:
    return next(a for a in window.colour_group.actions() if a.text() == text)


def measure_menu(window: MainWindow) -> QMenu:
    colour_menu = menu_action(window, "View", "Colour by").menu()
    assert isinstance(colour_menu, QMenu)
    action = next(
        a for a in colour_menu.actions() if a.text().replace("&", "") == "Results measure"
    )
    menu = action.menu()
    assert isinstance(menu, QMenu)
    return menu


def valencia_front_line(project: Project) -> list[int]:
    chart = project.chart
    return [
        node
        for node, place in enumerate(chart.locations)
        if place == "Valencia" and chart.span_of_control[node] == 0
    ]


def drawn(window: MainWindow, nodes: list[int]) -> set[tuple[int, ...]]:
    """The colours the pyramid view paints these people in (the whole organisation shown)."""
    data = window.view.data
    assert data is not None and data.chart is project_of(window).chart
    return {tuple(int(c) for c in data.rgb[node]) for node in nodes}


def next_month(project: Project, unit: Unit, measure: str) -> Period:
    latest = project.results.latest(measure, unit)
    assert latest is not None
    day = latest[0].end + dt.timedelta(days=1)
    return Period.month(day.year, day.month)


def test_colour_by_results_counts_the_front_line_by_their_hotels_standing(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_window(qtbot, tmp_path, demo_file(tmp_path))
    project = project_of(window)
    colour_action(window, "Results against target").trigger()
    assert window.state.colour_by is ColourBy.RESULTS
    assert window.colour_box.currentData() == ColourBy.RESULTS
    assert legend_counts(window) == expected_counts(project, SATISFACTION)
    assert "Guest satisfaction" in window.legend.label.text()
    # The counts are of something: the demo's hotels stand in more than one place.
    assert sum(1 for count in legend_counts(window).values() if count) >= 4
    # What is drawn: Valencia's front line (its satisfaction misses the target) in red.
    assert drawn(window, valencia_front_line(project)) == {RESULT_COLOURS["front line: missed"]}

    menu = measure_menu(window)
    assert [a.text() for a in menu.actions()] == [
        SATISFACTION,
        COMPLAINTS,
        "First-contact resolution (%)",
    ]
    assert [a.text() for a in menu.actions() if a.isChecked()] == [SATISFACTION]
    next(a for a in menu.actions() if a.text() == COMPLAINTS).trigger()
    assert legend_counts(window) == expected_counts(project, COMPLAINTS)
    assert COMPLAINTS in window.legend.label.text()
    assert [a.text() for a in menu.actions() if a.isChecked()] == [COMPLAINTS]


def test_picking_a_measure_colours_by_results(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_window(qtbot, tmp_path, demo_file(tmp_path))
    colour_action(window, "Department").trigger()
    assert window.state.colour_by is ColourBy.DEPARTMENT
    next(a for a in measure_menu(window).actions() if a.text() == SATISFACTION).trigger()
    assert window.state.colour_by is ColourBy.RESULTS
    assert colour_action(window, "Results against target").isChecked()
    assert legend_counts(window) == expected_counts(project_of(window), SATISFACTION)


def test_edits_of_results_and_targets_recolour_and_undo_puts_them_back(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_window(qtbot, tmp_path, demo_file(tmp_path))
    project = project_of(window)
    colour_action(window, "Results against target").trigger()
    before = legend_counts(window)
    valencia = len(valencia_front_line(project))
    assert before["front line: missed"] >= valencia > 0  # Valencia misses its target
    period = next_month(project, VALENCIA, SATISFACTION)
    assert window.push(set_result(project, VALENCIA, SATISFACTION, period, 9.5))
    after = legend_counts(window)
    assert after == expected_counts(project, SATISFACTION)
    assert drawn(window, valencia_front_line(project)) == {RESULT_COLOURS["front line: met"]}
    assert after["front line: met"] == before["front line: met"] + valencia
    assert window.push(remove_target(project, SATISFACTION, VALENCIA))
    assert (
        legend_counts(window)["front line: no result"] == before["front line: no result"] + valencia
    )
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert legend_counts(window) == before


def test_a_project_without_results_targets_shows_all_no_result_and_says_why(
    qtbot: QtBot, shown_small: MainWindow
) -> None:
    window = shown_small
    menu = measure_menu(window)
    assert [(a.text(), a.isEnabled()) for a in menu.actions()] == [(NO_MEASURE, False)]
    colour_action(window, "Results against target").trigger()
    counts = legend_counts(window)
    front_line = len(project_of(window).chart.front_line())
    assert counts["front line: no result"] == front_line > 0
    assert "no results measure has a target yet" in window.legend.label.text()


def test_under_a_focus_the_legend_counts_the_team_shown(qtbot: QtBot, tmp_path: Path) -> None:
    window = open_window(qtbot, tmp_path, demo_file(tmp_path))
    project = project_of(window)
    chart = project.chart
    colour_action(window, "Results against target").trigger()
    whole = expected_counts(project, SATISFACTION)
    # The manager of Valencia's first front-line person, and everyone under them.
    head = int(chart.parent[valencia_front_line(project)[0]])
    under = set()
    for node in range(len(chart)):
        walker = node
        while walker >= 0 and walker != head:
            walker = int(chart.parent[walker])
        if walker == head:
            under.add(node)
    window.select(head)
    menu_action(window, "Go", "Focus on this team").trigger()
    assert window.state.focused_on == chart.ids[head]
    counts = legend_counts(window)
    assert counts == expected_counts(project, SATISFACTION, under) != whole
    assert list(counts) == list(RESULT_COLOURS)  # every row kept in its place, zeros too
