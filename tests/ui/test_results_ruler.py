"""Coloured by results against target, each tier's name in the ruler counts its front line's
standings, and the box of people kept apart its own: read back from what the ruler and the
caption wrote, they add up to the colour key's counts - on the demo hotel group at 1366x768
(whole, focused on a team, after an edit of a result), and on an HR file with an orphan and a
second top, opened and given results the way a planner does."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QFont, QFontMetrics
from pytestqt.qtbot import QtBot
from targets_window import demo_file, menu_action, open_window, project_of
from test_results_colours import (
    SATISFACTION,
    VALENCIA,
    colour_action,
    legend_counts,
    next_month,
    valencia_front_line,
)

from pyramid_app.model.colouring import ColourBy
from pyramid_app.model.result_commands import set_result
from pyramid_app.model.results import Period
from pyramid_app.model.target_commands import set_target
from pyramid_app.model.units import Unit, UnitKind
from pyramid_app.ui.main_window import MainWindow
from pyramid_app.ui.pyramid.standing_counts import fit_counts

COUNT = re.compile(r"(\d[\d,]*) (met|close|missed|no result)\b")
FRONT_LINE = re.compile(r"(\d[\d,]*) front line\b")


def counts_in(lines: list[str]) -> Counter[str]:
    found: Counter[str] = Counter()
    for line in lines:
        for number, word in COUNT.findall(line):
            found[f"front line: {word}"] += int(number.replace(",", ""))
    return found


def ruler_labels(window: MainWindow) -> list[tuple[str, ...]]:
    """The ruler's names as the view paints them now, each a tuple of its lines."""
    window.view.grab()
    return [tuple(line.replace("\u00a0", " ") for line in label.lines) for label in ruler(window)]


def ruler(window: MainWindow):  # type: ignore[no-untyped-def]
    return window.view.ruler.painted


def front_line_key(window: MainWindow) -> Counter[str]:
    """The colour key's front-line rows (managers are not judged, so not on the tiers)."""
    return Counter(
        {label: count for label, count in legend_counts(window).items() if "front line" in label}
    )


def assert_ruler_matches_key(window: MainWindow) -> list[tuple[str, ...]]:
    labels = ruler_labels(window)
    written = counts_in([line for label in labels for line in label])
    written.update(counts_in(window.view.labels.apart_count_lines))
    assert +written == +front_line_key(window)  # zero rows aside
    for label in labels:  # each tier's counts add up to its front line
        front = FRONT_LINE.findall(" ".join(label))
        if front:
            assert sum(counts_in(list(label)).values()) == int(front[0].replace(",", ""))
    return labels


def test_the_tiers_count_the_standings_the_key_counts_on_the_demo(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_window(qtbot, tmp_path, demo_file(tmp_path))
    assert not counts_in([line for label in ruler_labels(window) for line in label])
    colour_action(window, "Results against target").trigger()
    labels = assert_ruler_matches_key(window)
    # At 1366x768 every tier with a front line has room for its counts, in words.
    tiers_counted = [label for label in labels if counts_in(list(label))]
    assert len(tiers_counted) == sum(1 for band in window.layout_.bands if band.front_line) >= 5
    assert labels_starting(labels, "Level 5")[:2] == ("Level 5 · 91", "72 front line")
    # Counted once with the colours, not at every paint.
    counted = window.view.bands.standings.counts
    window.view.grab()
    assert counted is not None and window.view.bands.standings.counts is counted

    # Valencia meets its target next month: the tiers follow the colours.
    project = project_of(window)
    valencia = len(valencia_front_line(project))
    before = counts_in([line for label in labels for line in label])["front line: met"]
    period = next_month(project, VALENCIA, SATISFACTION)
    assert window.push(set_result(project, VALENCIA, SATISFACTION, period, 9.5))
    labels = assert_ruler_matches_key(window)
    after = counts_in([line for label in labels for line in label])["front line: met"]
    assert after == before + valencia

    colour_action(window, "Department").trigger()
    assert window.state.colour_by is ColourBy.DEPARTMENT
    assert not counts_in([line for label in ruler_labels(window) for line in label])


def labels_starting(labels: list[tuple[str, ...]], heading: str) -> tuple[str, ...]:
    return next(label for label in labels if label[0].startswith(heading))


def test_focused_on_a_team_the_tiers_count_the_team_like_the_key(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_window(qtbot, tmp_path, demo_file(tmp_path))
    colour_action(window, "Results against target").trigger()
    whole = front_line_key(window)
    chart = project_of(window).chart
    head = int(chart.parent[valencia_front_line(project_of(window))[0]])
    window.select(head)
    menu_action(window, "Go", "Focus on this team").trigger()
    assert window.state.focused_on == chart.ids[head]
    labels = assert_ruler_matches_key(window)
    assert front_line_key(window) != whole
    assert counts_in([line for label in labels for line in label])["front line: missed"] > 0


# An HR export with an orphan (manager 42 is not in the file: under "Unassigned") and a second
# top (Wim names no manager): both kept apart, not connected to Ann, the chief executive.
MESSY = [
    ["ID", "Manager", "Name", "Title", "Location"],
    ["1", "", "Ann Chief", "Chief Executive", "Lisbon"],
    ["2", "1", "Bob", "Head of Rooms", "Lisbon"],
    ["3", "1", "Cy", "Head of Food", "Porto"],
    *[[f"{10 + i}", "2", f"Porter {i}", "Porter", "Lisbon"] for i in range(6)],
    *[[f"{20 + i}", "3", f"Cook {i}", "Cook", "Porto"] for i in range(5)],
    ["8", "42", "Hal", "Porter", "Lisbon"],
    ["9", "", "Wim", "Driver", "Porto"],
]


def test_an_orphan_and_a_second_top_are_counted_in_their_box_and_it_all_adds_up(
    window: MainWindow, csv_file: Callable[..., Path], qtbot: QtBot
) -> None:
    with qtbot.waitSignal(window.chart_shown, timeout=20_000):
        window.files.open_path(csv_file(MESSY, name="hr export.csv"), remember=False)
    project = project_of(window)
    assert project.chart.not_connected.sum() == 2  # Hal and Wim
    january = Period.month(2025, 1)
    for hotel, value in (("Lisbon", 8.4), ("Porto", 7.8)):
        unit = Unit(UnitKind.LOCATION, hotel)
        assert window.push(set_result(project, unit, SATISFACTION, january, value))
        assert window.push(set_target(project, SATISFACTION, 8.0, unit))
    colour_action(window, "Results against target").trigger()
    labels = assert_ruler_matches_key(window)
    assert counts_in([line for label in labels for line in label]) == {
        "front line: met": 6,  # Lisbon's porters
        "front line: close": 5,  # Porto's cooks, within 5% of the target
    }
    # Hal (Lisbon) and Wim (Porto), under the caption of the people kept apart.
    assert " ".join(window.view.labels.apart_lines).startswith("Not connected")
    assert window.view.labels.apart_count_lines == ["1 met · 1 close"]
    # A collapse hides Bob's porters: the tiers count who is drawn, like their headcounts.
    window.toggle_collapse(project.chart.index_of("2"))
    labels = ruler_labels(window)
    assert counts_in([line for label in labels for line in label]) == {"front line: close": 5}


def test_counts_fall_back_to_numbers_then_to_nothing_never_to_some(qapp) -> None:  # type: ignore[no-untyped-def]
    font = QFont()
    font.setPointSizeF(8.5)
    metrics = QFontMetrics(font)
    counts = (40, 8, 12, 12)
    words = fit_counts(counts, metrics, 400, 1)
    assert [line.text for line in words] == ["40 met · 8 close · 12 missed · 12 no result"]
    stacked = fit_counts(counts, metrics, 132, 4)
    assert " · ".join(line.text for line in stacked) == words[0].text and len(stacked) > 1
    short = fit_counts(counts, metrics, 132, 1)  # one line: the numbers after their swatches
    assert [line.text for line in short] == ["40 · 8 · 12 · 12"]
    assert fit_counts(counts, metrics, 30, 1) == []  # not even those: nothing, not some
    assert fit_counts((0, 0, 0, 0), metrics, 400, 4) == []
    assert [line.text for line in fit_counts((0, 3, 0, 0), metrics, 400, 1)] == ["3 close"]
