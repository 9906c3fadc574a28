"""Each person is drawn in the most detailed form that fits where they stand: at fit, the chief
executive alone in a wide band is a card with name and title, a crowded tier stays marks, and
a click anywhere on a card picks its person."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage

from pyramid_app.io import read_org
from pyramid_app.io.demo import demo_project
from pyramid_app.model.org import PLACEHOLDER_PREFIX, OrgChart
from pyramid_app.model.project import OrgSource, Project
from pyramid_app.ui.main_window import MainWindow
from pyramid_app.ui.pyramid.badge_paint import BADGE_HEIGHT
from pyramid_app.ui.pyramid.marks import mark_size
from pyramid_app.ui.pyramid.scene import CARD_HEIGHT, CARD_WIDTH, HIDDEN_BADGE, HIGHLIGHT
from pyramid_app.ui.pyramid.view import PyramidView


def pixels_of(view: PyramidView) -> np.ndarray:
    """The view as drawn now: 0xRRGGBB per pixel, rows first, in view-widget coordinates."""
    image = view.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    rows = np.frombuffer(image.constBits(), dtype=np.uint32).reshape(
        image.height(), image.bytesPerLine() // 4
    )
    return rows[:, : image.width()] & 0xFFFFFF


def screen_of(view: PyramidView, node: int) -> tuple[int, int]:
    """Where a person is on the view, in widget pixels."""
    assert view.data is not None
    layout = view.data.layout
    scene = view.view_box.mapViewToScene(QPointF(float(layout.x[node]), float(layout.y[node])))
    point = view.mapFromScene(scene)
    return point.x(), point.y()


def dark(pixels: np.ndarray, limit: int = 90) -> np.ndarray:
    """Pixels dark in every channel: text ink, not a band's fill or a department colour."""
    r, g, b = (pixels >> 16) & 0xFF, (pixels >> 8) & 0xFF, pixels & 0xFF
    return (r < limit) & (g < limit) & (b < limit)


def card_drawn_at(pixels: np.ndarray, x: int, y: int) -> bool:
    """A card's white face, its outline across the top and dark name text in its top half."""
    half_w, half_h = int(CARD_WIDTH / 2), int(CARD_HEIGHT / 2)
    face = pixels[y + 3 : y + half_h - 3, x - half_w + 12 : x + half_w - 8]
    white = np.count_nonzero(face == 0xFFFFFF) / face.size
    top_edge = pixels[y - half_h, x - half_w + 10 : x + half_w - 30]
    outlined = np.count_nonzero(top_edge != 0xFFFFFF) / top_edge.size
    # The name is left-aligned, so its first letters sit left of the middle.
    name = pixels[y - half_h + 4 : y - 2, x - half_w + 12 : x - 10]
    return white > 0.5 and outlined > 0.9 and np.count_nonzero(dark(name)) >= 15


@pytest.fixture
def demo_at_fit(window: MainWindow) -> MainWindow:
    window.set_project(demo_project(today=dt.date(2026, 1, 5)))
    window.view.fit()
    return window


def test_at_fit_the_chief_executive_is_a_card_and_some_are_named(demo_at_fit: MainWindow) -> None:
    window = demo_at_fit
    view = window.view
    chart = window.chart
    assert chart is not None
    pixels = pixels_of(view)
    root_x, root_y = screen_of(view, chart.root)
    assert card_drawn_at(pixels, root_x, root_y)
    forms = view.people.forms
    assert forms is not None and chart.root in forms.cards
    # Below the card is white page or band, not another card's text: the card sits alone.
    assert 0 < len(forms.cards) < 40
    # Some people between cards and marks show their name under their mark.
    named = [int(n) for n in forms.names]
    assert named
    found = 0
    for node in named:
        x, y = screen_of(view, node)
        under = pixels[y + 4 : y + 20, x - 20 : x + 20]
        found += np.count_nonzero(dark(under)) >= 8
    assert found >= len(named) // 2


def crowded_org() -> OrgChart:
    """A chief executive over two managers: one with 300 reports, one with two."""
    parent = [-1, 0, 0] + [1] * 300 + [2, 2]
    ids = [f"P{i:03d}" for i in range(len(parent))]
    names = ["Ada Chief", "Ben Wide", "Cy Narrow"] + [f"Member {i}" for i in range(302)]
    titles = ["Chief executive", "Operations", "Finance"] + ["Agent"] * 302
    return OrgChart.from_parents(ids, parent, names, titles=titles)


def test_a_crowded_tier_stays_marks_under_readable_managers(window: MainWindow) -> None:
    chart = crowded_org()
    window.set_project(Project(chart, OrgSource("crowded.xlsx")))
    view = window.view
    view.fit()
    pixels = pixels_of(view)
    for manager in (0, 1, 2):
        assert card_drawn_at(pixels, *screen_of(view, manager))
    forms = view.people.forms
    assert forms is not None
    assert set(forms.cards.tolist()) == {0, 1, 2}
    team = np.arange(3, 303)
    for drawn in (forms.cards, forms.names, forms.upright):
        assert not np.isin(team, drawn).any()
    # Under the crowded row of marks there is no text.
    left, y = screen_of(view, 3)
    right, _ = screen_of(view, 302)
    assert right - left > 300
    assert not dark(pixels[y + 6 : y + 22, left:right]).any()
    assert view.people.last_mode == "dots"  # most people in view are marks


def test_a_click_on_a_cards_corner_picks_its_person(demo_at_fit: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = demo_at_fit
    view = window.view
    chart = window.chart
    assert chart is not None
    view.grab()
    x, y = screen_of(view, chart.root)
    corner = QPoint(int(x - CARD_WIDTH / 2 + 3), int(y + CARD_HEIGHT / 2 - 3))
    with qtbot.waitSignal(view.person_clicked, timeout=2000) as clicked:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=corner)
    assert clicked.args == [chart.root]
    assert view.node_at(view.mapToScene(corner)) == chart.root
    beside = QPoint(int(x - CARD_WIDTH / 2 - 6), int(y + CARD_HEIGHT / 2 - 3))
    assert view.node_at(view.mapToScene(beside)) != chart.root


def near_colour(pixels: np.ndarray, colour: QColor, tolerance: int = 40) -> np.ndarray:
    r, g, b = (pixels >> 16) & 0xFF, (pixels >> 8) & 0xFF, pixels & 0xFF
    return (
        (np.abs(r.astype(int) - colour.red()) <= tolerance)
        & (np.abs(g.astype(int) - colour.green()) <= tolerance)
        & (np.abs(b.astype(int) - colour.blue()) <= tolerance)
    )


def test_short_rows_name_people_beside_their_mark(demo_at_fit: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The compact arrangement's thin bottom tiers have no room for a name under a mark, but
    the chief executive alone on their row still gets name and title beside it, clickable."""
    window = demo_at_fit
    window.set_arrangement("compact")
    view = window.view
    view.fit()
    chart = window.chart
    assert chart is not None
    pixels = pixels_of(view)
    forms = view.people.forms
    assert forms is not None
    assert chart.root not in forms.cards and chart.root not in forms.names
    assert chart.root in forms.side
    x, y = screen_of(view, chart.root)
    beside = pixels[y - 5 : y + 6, x + 8 : x + 200]
    assert np.count_nonzero(dark(beside)) >= 60  # "Anders Shah · Chief Executive Officer"
    assert not dark(pixels[y - 5 : y + 6, x - 200 : x - 8]).any()  # nothing on the left
    on_text = QPoint(x + 60, y)
    with qtbot.waitSignal(view.person_clicked, timeout=2000) as clicked:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=on_text)
    assert clicked.args == [chart.root]
    past_text = QPoint(x + 280, y)
    assert view.node_at(view.mapToScene(past_text)) != chart.root


def test_the_served_chain_runs_behind_cards_and_the_outline_on_top(
    shown_small: MainWindow,
) -> None:
    window = shown_small
    view = window.view
    view.fit()
    chart = window.chart
    assert chart is not None
    di, bob, ann = (chart.index_of(i) for i in ("D", "B", "A"))
    window.select(di)
    pixels = pixels_of(view)
    half_w, half_h = int(CARD_WIDTH / 2), int(CARD_HEIGHT / 2)
    # The chain goes down through Bob's card and Di's: none of it shows on their faces.
    for node in (bob, di, ann):
        x, y = screen_of(view, node)
        assert card_drawn_at(pixels, x, y)
        face = pixels[y - half_h + 2 : y + half_h - 2, x - half_w + 8 : x + half_w - 2]
        assert not near_colour(face, HIGHLIGHT).any()
    # Between the cards it shows, and the outline around Di's card is drawn over everything.
    x, y = screen_of(view, bob)
    below_bob = pixels[y + half_h + 4 : y + half_h + 12, x - 2 : x + 3]
    assert near_colour(below_bob, HIGHLIGHT).any()
    x, y = screen_of(view, di)
    outline = pixels[y - half_h - 5 : y - half_h, x - 20 : x + 20]
    assert np.count_nonzero(near_colour(outline, HIGHLIGHT)) >= 30
    forms = view.people.forms
    assert forms is not None and {di, bob, ann} <= set(forms.cards.tolist())


def pill_pixels(pixels: np.ndarray, x: int, edge: int) -> tuple[int, int]:
    """Pixels of the "+N" pill's colour, and white ones (its text) among them, in the box just
    above a card's or mark's top ``edge``."""
    box = pixels[edge - 2 - int(BADGE_HEIGHT) : edge - 2, x - 14 : x + 14]
    return (
        int(np.count_nonzero(near_colour(box, HIDDEN_BADGE, 12))),
        int(np.count_nonzero(box == 0xFFFFFF)),
    )


def test_a_collapsed_manager_shows_how_many_it_hides_as_a_card_and_as_a_mark(
    shown_small: MainWindow,
) -> None:
    window = shown_small
    view = window.view
    assert window.chart is not None
    bob = window.chart.index_of("B")
    window.toggle_collapse(bob)
    view.fit()
    pixels = pixels_of(view)
    forms = view.people.forms
    assert forms is not None and bob in forms.cards
    x, y = screen_of(view, bob)
    shade, text = pill_pixels(pixels, x, y - int(CARD_HEIGHT / 2))
    assert shade >= 120 and text >= 6

    people = 4_000
    ids = [f"P{i:04d}" for i in range(people)]
    chart = OrgChart.from_parents(ids, np.concatenate([[-1], np.arange(people - 1) // 7]))
    window.set_project(Project(chart, OrgSource("wide.xlsx")))
    manager = 100  # a level 3 manager of 7, among 343 on that level
    window.toggle_collapse(manager)
    view.fit()
    pixels = pixels_of(view)
    forms = view.people.forms
    assert forms is not None
    for drawn in (forms.cards, forms.names, forms.upright):
        assert manager not in drawn  # a mark
    assert window.layout_ is not None and window.layout_.hidden_below[manager] == 7
    x, y = screen_of(view, manager)
    _w, mark_h = mark_size(forms.geometry.slot_px, forms.geometry.row_px)
    shade, text = pill_pixels(pixels, x, y - mark_h // 2)
    assert shade >= 120 and text >= 6
    # A click on the pill picks its manager.
    assert view.node_at(view.mapToScene(QPoint(x, y - mark_h // 2 - 10))) == manager


def runs_of(line: np.ndarray) -> int:
    """How many times a row of booleans changes value."""
    return int(np.count_nonzero(line[1:] != line[:-1]))


def test_a_manager_not_in_the_file_is_a_dashed_card_and_a_dotted_mark(
    window: MainWindow, csv_file: Callable[..., Path]
) -> None:
    rows = [
        ["id", "manager", "name", "title"],
        ["1", "Board of Directors", "Ann", "Chair"],
        ["2", "Board of Directors", "Bob", "Member"],
        ["3", "1", "Cy", "Aide"],
    ]
    window.show_result(read_org(csv_file(rows)))
    view = window.view
    view.fit()
    chart = window.chart
    assert chart is not None
    board = chart.index_of(f"{PLACEHOLDER_PREFIX}Board of Directors)")
    ann = chart.index_of("1")
    pixels = pixels_of(view)
    forms = view.people.forms
    assert forms is not None and {board, ann} <= set(forms.cards.tolist())
    half_w, half_h = int(CARD_WIDTH / 2), int(CARD_HEIGHT / 2)
    edges = {}
    for node in (board, ann):
        x, y = screen_of(view, node)
        top = pixels[y - half_h - 1 : y - half_h + 2, x - half_w + 10 : x + half_w - 10]
        edges[node] = max(runs_of(dark(row, 160)) for row in top)
    assert edges[board] >= 8  # dashes
    assert edges[ann] <= 2  # a solid line
    # "not in the file" where a title would be.
    x, y = screen_of(view, board)
    assert np.count_nonzero(dark(pixels[y + 2 : y + half_h - 2, x - half_w + 12 : x], 130)) >= 20

    # Crowded, a placeholder is a dotted stroke instead of a solid mark.
    rows = [["id", "manager", "name"]]
    for boss in range(250):
        rows += [[f"{boss}-{i}", f"Boss {boss}", f"Member {boss}-{i}"] for i in range(2)]
    window.show_result(read_org(csv_file(rows, name="crowded.csv")))
    view.fit()
    chart = window.chart
    assert chart is not None
    pixels = pixels_of(view)
    boss = chart.index_of(f"{PLACEHOLDER_PREFIX}Boss 100)")
    member = chart.index_of("100-0")
    for drawn in (view.people.forms.cards, view.people.forms.names, view.people.forms.upright):
        assert boss not in drawn
    x, y = screen_of(view, boss)
    assert (pixels[y - 4 : y + 5, x - 1 : x + 2] == 0xFFFFFF).any()
    assert dark(pixels[y - 4 : y + 5, x - 1 : x + 2], 130).any()
    x, y = screen_of(view, member)
    assert not (pixels[y - 2 : y + 3, x - 1 : x + 2] == 0xFFFFFF).all()


def test_links_reach_out_of_the_view_from_either_end(window: MainWindow) -> None:
    window.set_project(Project(crowded_org(), OrgSource("crowded.xlsx")))
    view = window.view
    # Zoomed in on the chief executive: both managers are far off to the sides.
    view.centre_on(0, readable=True)
    pixels = pixels_of(view)
    for manager in (1, 2):
        x, _y = screen_of(view, manager)
        assert not 0 <= x < pixels.shape[1]
    _x, chief_y = screen_of(view, 0)
    _x, managers_y = screen_of(view, 1)
    elbow = pixels[(chief_y + managers_y) // 2 - 1 : (chief_y + managers_y) // 2 + 2]
    across = dark(elbow, 200).any(axis=0)
    # The elbow to both managers runs across the whole view box (the band ruler is left of it).
    box = view.mapFromScene(view.view_box.sceneBoundingRect()).boundingRect()
    inside = across[box.left() + 2 : box.right() - 2]
    assert inside.shape[0] > 500 and inside.all()

    # Zoomed in on a report whose manager is below the view: its line still goes down to it.
    assert view.data is not None
    layout = view.data.layout
    member = 150
    x0, y0 = float(layout.x[member]), float(layout.y[member])
    y1 = float(layout.y[1])  # the manager's row, below the view
    view.view_box.setRange(
        xRange=(x0 - 2.5, x0 + 2.5), yRange=(y0 - 0.4 * (y0 - y1), y0 + 2), padding=0
    )
    pixels = pixels_of(view)
    x, y = screen_of(view, member)
    _mx, manager_y = screen_of(view, 1)
    assert manager_y > pixels.shape[0]
    below = pixels[y + int(CARD_HEIGHT / 2) + 2 :, x - 1 : x + 2]
    assert below.shape[0] > 40
    assert dark(below, 200).any(axis=1).mean() > 0.9


def test_at_fit_no_card_is_cut_by_the_views_edges(demo_at_fit: MainWindow) -> None:
    """A card reaches half its width past its person: fit leaves that room at either edge (a
    focused team's outermost manager is a card at the pyramid's very edge)."""
    window = demo_at_fit
    chart = window.chart
    assert chart is not None
    head = next(i for i in range(len(chart)) if chart.names[i] == "Rosa Chaudhry")
    window.focus_on_team(head)
    view = window.view
    view.grab()
    forms = view.people.forms
    assert forms is not None and forms.cards.shape[0] >= 3
    box = view.view_box.sceneBoundingRect()
    left, right = view.mapFromScene(box.topLeft()).x(), view.mapFromScene(box.topRight()).x()
    for card in forms.cards.tolist():
        x, _y = screen_of(view, card)
        assert left <= x - CARD_WIDTH / 2 and x + CARD_WIDTH / 2 <= right, chart.names[card]
