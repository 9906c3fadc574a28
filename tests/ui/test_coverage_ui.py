"""Coverage in the window: colours and links, the dashboard, and the line in the Details dock.

The small organisation: Ann (A, chief executive) <- Bob (B), Cy (C); Bob <- Di, Ed, Flo;
Cy <- Gil. Front line: D, E, F, G; managers: A, B, C; six links from a real manager.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QImage, QKeySequence
from PySide6.QtWidgets import QMenu

from pyramid_app.cli import main
from pyramid_app.model.colouring import COVERAGE_COLOURS, LINK_COLOURS, ColourBy
from pyramid_app.model.commands import add_commitment
from pyramid_app.model.org import OrgChart
from pyramid_app.model.project import OrgSource, Project
from pyramid_app.ui.main_window import MainWindow


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


def legend(window: MainWindow) -> dict[str, int]:
    return {label: count for label, _colour, count in window.legend.entries}


def shown_rgb(window: MainWindow, person_id: str) -> tuple[int, int, int]:
    node = window.node_of(person_id)
    assert node is not None and window.view.data is not None
    r, g, b = (int(v) for v in window.view.data.rgb[node])
    return r, g, b


def unserved_links(window: MainWindow) -> set[str]:
    """People whose link from their manager the view draws as not served."""
    data = window.view.data
    assert data is not None and data.link_served is not None
    drawn = data.chart.parent >= 0  # the root of a team shown has no link drawn
    return {data.chart.ids[i] for i in np.flatnonzero(~data.link_served & drawn)}


def commit(window: MainWindow, manager_id: str, **fields: object) -> None:
    assert window.push(add_commitment(window.project, manager_id, "Weekly one-to-ones", **fields))


def colour_by_coverage(window: MainWindow) -> None:
    menu_action(window, "View", "Colour by", "Coverage").trigger()
    assert window.state.colour_by is ColourBy.COVERAGE
    assert window.colour_box.currentText() == "Coverage"


def show_dashboard(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    toggle = menu_action(window, "View", "Coverage dashboard")
    assert toggle.shortcut() == QKeySequence("Ctrl+Shift+C")
    toggle.trigger()
    qtbot.waitUntil(window.coverage_dock.isVisible)


def gap_ids(window: MainWindow) -> list[tuple[str, int]]:
    return [(row.person_id, row.unserved) for row in window.coverage_dashboard.gaps.rows]


def test_colours_legend_and_links_follow_edits_and_undo(shown_small: MainWindow) -> None:
    window = shown_small
    colour_by_coverage(window)
    assert legend(window) == {
        "front line served": 0,
        "front line not served": 4,
        "manager: no commitment": 3,
        "manager: planned": 0,
        "manager: in progress": 0,
        "manager: done": 0,
        "manager: overdue": 0,
        "link served": 0,
        "link not served": 6,
    }
    assert "link not served" in window.legend.label.text()
    assert shown_rgb(window, "D") == COVERAGE_COLOURS["front line not served"]
    assert unserved_links(window) == {"B", "C", "D", "E", "F", "G"}

    commit(window, "B")
    assert shown_rgb(window, "B") == COVERAGE_COLOURS["manager: planned"]
    assert shown_rgb(window, "D") == COVERAGE_COLOURS["front line not served"]  # Ann's link
    assert unserved_links(window) == {"B", "C", "G"}
    commit(window, "A", status="in progress")
    assert shown_rgb(window, "A") == COVERAGE_COLOURS["manager: in progress"]
    assert shown_rgb(window, "D") == COVERAGE_COLOURS["front line served"]
    assert shown_rgb(window, "G") == COVERAGE_COLOURS["front line not served"]
    assert unserved_links(window) == {"G"}
    assert legend(window)["front line served"] == 3
    assert legend(window)["link not served"] == 1

    window.undo_stack.undo()
    assert shown_rgb(window, "A") == COVERAGE_COLOURS["manager: no commitment"]
    assert shown_rgb(window, "D") == COVERAGE_COLOURS["front line not served"]
    assert unserved_links(window) == {"B", "C", "G"}
    window.undo_stack.redo()
    assert shown_rgb(window, "D") == COVERAGE_COLOURS["front line served"]

    # Another colouring draws plain links again; coming back brings the figures of now.
    window.set_colour_by(ColourBy.LEVEL)
    assert window.view.data is not None and window.view.data.link_served is None
    assert "link served" not in legend(window)
    colour_by_coverage(window)
    assert legend(window)["front line served"] == 3


def test_coverage_colours_under_a_focus(shown_small: MainWindow) -> None:
    window = shown_small
    colour_by_coverage(window)
    commit(window, "B", serves=["D"])
    window.focus_on_team(window.chart.index_of("B"))
    assert len(window.chart) == 4
    assert unserved_links(window) == {"E", "F"}  # Bob's own link is outside his team
    commit(window, "B", serves=["E"])
    assert unserved_links(window) == {"F"}
    assert shown_rgb(window, "E") == COVERAGE_COLOURS["front line not served"]  # Ann's link
    window.leave_focus()
    assert unserved_links(window) == {"B", "C", "F", "G"}


def orange_pixels(window: MainWindow) -> int:
    """Pixels of the warning orange (unserved front line and links) in the pyramid drawn now."""
    image = window.view.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    pixels = np.frombuffer(image.constBits(), dtype=np.uint32).reshape(
        image.height(), image.bytesPerLine() // 4
    )
    r, g, b = LINK_COLOURS["link not served"]
    return int(np.count_nonzero((pixels & 0xFFFFFF) == (r << 16) | (g << 8) | b))


def test_names_and_cards_paint_coverage(shown_small: MainWindow) -> None:
    window = shown_small
    colour_by_coverage(window)
    commit(window, "B")
    view = window.view
    modes = []
    for slot_pixels in (60, 300):  # names, cards
        width = view.view_box.size().width() / slot_pixels
        view.view_box.setRange(xRange=(-width / 2, width / 2), yRange=(-0.5, 3), padding=0)
        assert orange_pixels(window) > 0
        modes.append(view.people.last_mode)
    assert modes == ["labels", "cards"]
    # In cards, the links from Ann are drawn orange too: without the flags there is less.
    with_links = orange_pixels(window)
    view.set_link_served(None)
    assert orange_pixels(window) < with_links
    window.coverage_colours.show_links()
    assert orange_pixels(window) == with_links
    commit(window, "A")
    commit(window, "C")
    assert orange_pixels(window) == 0  # everyone served: no warning colour anywhere


def test_marks_paint_coverage(window: MainWindow) -> None:
    """Zoomed out on 3,031 people: marks only, orange where a team is not served."""
    managers = 30
    parent = [-1] + [0] * managers + [1 + i // 100 for i in range(managers * 100)]
    ids = [f"P{i}" for i in range(len(parent))]
    chart = OrgChart.from_parents(ids, parent)
    window.set_project(Project(chart, OrgSource("generated.xlsx")))
    colour_by_coverage(window)
    assert window.view.people.last_mode in ("", "dots")
    everyone_unserved = orange_pixels(window)
    assert window.view.people.last_mode == "dots"
    assert everyone_unserved > 0
    commit(window, "P0")
    for manager in range(1, managers + 1):
        commit(window, f"P{manager}")
    assert orange_pixels(window) == 0
    window.undo_stack.undo()  # one team of 100 unserved again
    assert 0 < orange_pixels(window) < everyone_unserved


def test_the_dashboard_follows_edits_undo_and_catches_up_when_shown(
    shown_small: MainWindow,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    window = shown_small
    dashboard = window.coverage_dashboard
    assert window.coverage_dock.objectName() == "coverage"
    assert not window.coverage_dock.isVisible()
    show_dashboard(window, qtbot)
    assert dashboard.headline.text() == (
        "<b>Front line served: 0 of 4 (0%) · managers with an active commitment: 0 of 3</b>"
    )
    assert dashboard.bars.heights() == [0.0, 0.0]
    assert gap_ids(window) == [("B", 3), ("C", 1)]
    assert dashboard.shares.rows[0].value == "Rooms"  # worst share first, then the largest

    commit(window, "B")
    assert dashboard.bars.heights() == [0.0, 0.5]
    assert dashboard.bars.tooltip_of(1) == (
        "Level 1: 1 of 2 managers have an active commitment (50%)"
    )
    assert gap_ids(window) == [("A", 3), ("C", 1)]
    # The Plan menu's Ctrl+N, for the selected manager.
    window.select_person("A")
    new = menu_action(window, "Plan", "New commitment for the selected manager")
    assert new.shortcut() == QKeySequence("Ctrl+N")
    new.trigger()
    assert len(window.project.plan.of_manager("A")) == 1
    assert "Front line served: 3 of 4 (75%)" in dashboard.headline.text()
    assert "2 of 3" in dashboard.headline.text()
    assert dashboard.bars.heights() == [1.0, 0.5]
    assert gap_ids(window) == [("C", 1)]
    assert [(row.value, row.served, row.total) for row in dashboard.shares.rows] == [
        ("Kitchen", 0, 1),
        ("Rooms", 3, 3),
    ]
    dashboard.by.setCurrentText("Location")
    assert [(row.value, row.served, row.total) for row in dashboard.shares.rows] == [("", 3, 4)]

    window.undo_stack.undo()
    assert "Front line served: 0 of 4 (0%)" in dashboard.headline.text()
    assert dashboard.bars.heights() == [0.0, 0.5]
    assert gap_ids(window) == [("A", 3), ("C", 1)]

    # Hidden, it does no work; shown again, it catches up.
    window.coverage_dock.hide()
    commit(window, "C")
    assert gap_ids(window) == [("A", 3), ("C", 1)]
    show_dashboard(window, qtbot)
    assert gap_ids(window) == [("A", 4)]  # Gil's chain now breaks at Ann too


def test_clicking_a_gap_selects_that_manager(shown_small: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = shown_small
    commit(window, "B")
    show_dashboard(window, qtbot)
    table = window.coverage_dashboard.gaps_table
    model = window.coverage_dashboard.gaps
    row = [r.person_id for r in model.rows].index("C")
    centre = table.visualRect(model.index(row, 0)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert window.state.selected == "C"
    assert "Cy Cole" in window.details.fields.text()


def test_details_say_whether_someone_is_served_and_which_link_is_broken(
    shown_small: MainWindow,
) -> None:
    window = shown_small
    note = window.coverage_note
    window.select_person("D")
    assert not note.isHidden()
    text = note.text.text()
    assert "Not served" in text
    assert "<a href='B'>Bob Baker</a> (B) has no active commitment serving Di Dunn." in text

    commit(window, "B", serves=["E"])  # the details follow the edit at once
    assert "serves only Ed Eng, not Di Dunn" in note.text.text()
    commit(window, "B")
    text = note.text.text()
    assert "<a href='A'>Ann Archer</a> (A) has no active commitment serving Bob Baker" in text
    assert "on the chain serving Di Dunn" in text
    note.text.linkActivated.emit("A")  # what a click on the name does
    assert window.state.selected == "A"
    text = note.text.text()
    assert "Ann Archer has no active commitment yet." in text
    assert "3 front-line people</b></span> in this team are not served" in text

    commit(window, "A")
    window.select_person("D")
    assert "Served</b></span>: every manager between Di Dunn" in note.text.text()
    window.undo_stack.undo()
    assert "Not served" in note.text.text()
    window.select_person("B")
    assert "commitments reach all 3 direct reports" in note.text.text()
    assert "front-line" not in note.text.text()  # Bob's links are fine; Ann's is missing
    window.select(None)
    assert note.isHidden()


def test_a_new_day_makes_commitments_overdue(shown_small: MainWindow) -> None:
    window = shown_small
    colour_by_coverage(window)
    today = dt.date.today()
    commit(window, "B", due=today + dt.timedelta(days=2))
    assert shown_rgb(window, "B") == COVERAGE_COLOURS["manager: planned"]
    window.coverage.today = lambda: today + dt.timedelta(days=3)
    window.coverage.check_day()
    assert shown_rgb(window, "B") == COVERAGE_COLOURS["manager: overdue"]
    assert legend(window)["manager: overdue"] == 1


def test_another_project_starts_coverage_afresh(shown_small: MainWindow, small_org: Path) -> None:
    from pyramid_app.io import read_org

    window = shown_small
    colour_by_coverage(window)
    commit(window, "B")
    first = window.coverage.tracker
    window.show_result(read_org(small_org))
    assert legend(window)["manager: planned"] == 0
    assert window.coverage.tracker is not first
    commit(window, "C")
    assert legend(window)["manager: planned"] == 1


@pytest.mark.parametrize("kind", ["spreadsheet", "project"])
def test_render_colours_by_coverage(
    kind: str,
    small_org: Path,
    tmp_path: Path,
    qapp,  # type: ignore[no-untyped-def]
) -> None:
    source = small_org
    if kind == "project":
        source = tmp_path / "small.pyramid"
        assert main(["project", "new", str(small_org), "-o", str(source)]) == 0
        assert main(["plan", "add", str(source), "--manager", "B", "--text", "Huddle"]) == 0
    out = tmp_path / "coverage.png"
    assert main(["render", str(source), "-o", str(out), "--colour-by", "coverage"]) == 0
    image = QImage(str(out)).convertToFormat(QImage.Format.Format_RGB32)
    colours = {image.pixel(x, y) & 0xFFFFFF for x in range(0, 1600, 2) for y in range(0, 1000, 2)}
    planned = COVERAGE_COLOURS["manager: planned"]
    assert ((planned[0] << 16) | (planned[1] << 8) | planned[2] in colours) is (kind == "project")


def test_the_toolbar_box_offers_coverage_too(shown_small: MainWindow) -> None:
    window = shown_small
    box = window.colour_box
    box.setCurrentIndex(box.findText("Coverage"))
    assert window.state.colour_by is ColourBy.COVERAGE
    assert legend(window)["front line not served"] == 4
    checked = [a.text() for a in window.colour_group.actions() if a.isChecked()]
    assert checked == ["Coverage"]


def test_the_needs_placeholder_can_be_replaced(shown_small: MainWindow) -> None:
    from PySide6.QtWidgets import QLabel

    dashboard = shown_small.coverage_dashboard
    assert "none mapped yet" in dashboard.needs.text()
    table = QLabel("needs table")
    dashboard.set_needs_widget(table)
    assert dashboard.needs.parent() is None
    assert table.parent() is not None
    assert dashboard.needs_box.count() == 1


def test_the_level_chart_is_made_when_the_dashboard_is_first_shown(
    shown_small: MainWindow,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    """A hidden dashboard costs the window's start no plot; shown, its chart holds the levels
    of the project shown meanwhile."""
    window = shown_small
    bars = window.coverage_dashboard.bars
    assert not window.coverage_dock.isVisible() and not bars.made
    commit(window, "B")
    assert not bars.made
    show_dashboard(window, qtbot)
    assert bars.made
    assert bars.heights() == [0.0, 0.5]


def test_without_a_project_the_dashboard_says_so(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    show_dashboard(window, qtbot)
    assert "Open a project" in window.coverage_dashboard.headline.text()
    assert window.coverage_dashboard.bars.heights() == []
    assert window.coverage.coverage() is None
    assert window.coverage_note.isHidden()
