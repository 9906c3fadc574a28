"""At fit, on a projector's screen, names are written across wherever they fit (on one line, or
alternating over two), upright only where nothing across fits, never cut shorter than the first
name, and never over each other or over a card."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QFontMetrics, QFontMetricsF

from pyramid_app.io import read_org
from pyramid_app.io.demo import demo_workbook_path
from pyramid_app.model.colouring import ColourBy, colour_nodes
from pyramid_app.model.layout import layout_inverted
from pyramid_app.model.org import OrgChart
from pyramid_app.ui.pyramid.names import DrawnLabel, first_name, fit_name
from pyramid_app.ui.pyramid.view import PyramidView

SCREENS = [(1024, 640), (1366, 768), (1920, 1080)]
MARGIN = 8  # pixels between two names on a line
FIRST = ["Giulia", "Sunita", "Kwame", "Ingrid", "Rafael", "Yusuf", "Chen", "Elena", "Omar"]
LAST = ["Rossi", "Kim", "Tan", "Dahl", "Sen", "Okafor", "Haddad", "Lopes", "Berg"]


def crowded_tier(managers: int = 19) -> OrgChart:
    """A chief executive, 5 directors, ``managers`` under them and 15 people in each team: at
    fit on a 1024-pixel screen with 19, the managers stand about 45 pixels apart, too close
    for their names on one line, in a tier tall enough for two."""
    parent, names, titles = [-1], ["Margaret Thornbury"], ["Chief executive"]
    directors = list(range(1, 6))
    parent += [0] * 5
    names += [f"{FIRST[i]} {LAST[-1 - i]}" for i in range(5)]
    titles += ["Director"] * 5
    team_leads = []
    for m in range(managers):
        team_leads.append(len(parent))
        parent.append(directors[m % 5])
        names.append(f"{FIRST[m % len(FIRST)]} {LAST[(m * 4) % len(LAST)]}")
        titles.append("Manager")
    for manager in team_leads:
        for k in range(15):
            parent.append(manager)
            names.append(f"{FIRST[k % len(FIRST)]} {LAST[k % len(LAST)]}")
            titles.append("Agent")
    ids = [f"P{i:03d}" for i in range(len(parent))]
    return OrgChart.from_parents(ids, parent, names, titles=titles)


def show(view: PyramidView, chart: OrgChart, size: tuple[int, int], qtbot) -> None:  # type: ignore[no-untyped-def]
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    layout = layout_inverted(chart)
    view.show_layout(chart, layout, colour_nodes(chart, ColourBy.DEPARTMENT).rgb)
    view.fit()
    view.grab()  # a paint: the names are chosen and written


@pytest.fixture
def view(qtbot) -> PyramidView:  # type: ignore[no-untyped-def]
    shown = PyramidView()
    qtbot.addWidget(shown)
    return shown


def screen_x(view: PyramidView, nodes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where people are on the view widget, in pixels."""
    assert view.data is not None
    layout = view.data.layout
    to_widget = view.viewportTransform()
    origin = to_widget.map(view.view_box.mapViewToScene(QPointF(0.0, 0.0)))
    unit = to_widget.map(view.view_box.mapViewToScene(QPointF(1.0, 1.0)))
    x = origin.x() + (unit.x() - origin.x()) * layout.x[nodes]
    y = origin.y() + (unit.y() - origin.y()) * layout.y[nodes]
    return x, y


def labels_of(view: PyramidView) -> list[DrawnLabel]:
    labels = view.people.drawn_labels
    assert labels, "the paint wrote no names"
    return labels


def card_boxes(view: PyramidView) -> list[QRectF]:
    forms = view.people.forms
    assert forms is not None
    sizes = view.text_sizes
    xs, ys = screen_x(view, forms.cards)
    return [
        QRectF(
            x - sizes.card_width / 2, y - sizes.card_height / 2, sizes.card_width, sizes.card_height
        )
        for x, y in zip(xs.tolist(), ys.tolist(), strict=True)
    ]


def overlapping(boxes: list[QRectF]) -> list[tuple[int, int]]:
    found = []
    for i, one in enumerate(boxes):
        for j in range(i + 1, len(boxes)):
            both = one.intersected(boxes[j])
            if both.width() > 0.5 and both.height() > 0.5:
                found.append((i, j))
    return found


@pytest.mark.parametrize("size", SCREENS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_crowded_tier_is_named_across_over_two_lines_not_upright(
    view: PyramidView,
    size: tuple[int, int],
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    chart = crowded_tier(round(19 * size[0] / 1024))  # as crowded on every screen
    show(view, chart, size, qtbot)
    managers = [i for i, title in enumerate(chart.titles) if title == "Manager"]
    x, _y = screen_x(view, np.asarray(managers))
    gaps = np.diff(np.sort(x))
    metrics = QFontMetrics(view.people.label_font)
    longest = max(metrics.horizontalAdvance(chart.names[m]) for m in managers)
    assert gaps.max() < longest + MARGIN, "the managers' names should not fit on one line"
    by_node = {label.node: label for label in labels_of(view)}
    for manager in managers:
        label = by_node.get(manager)
        assert label is not None, f"{chart.names[manager]} is not named"
        assert not label.upright, f"{chart.names[manager]} is written upright"
        assert label.text.startswith(first_name(chart.names[manager])), label.text
    # Two lines: neighbours alternate, so some names sit lower than others.
    tops = {round(by_node[m].box.top()) for m in managers}
    assert len(tops) == 2


def demo_chart() -> OrgChart:
    return read_org(demo_workbook_path()).chart


@pytest.mark.parametrize("scale", [1.0, 1.75])
@pytest.mark.parametrize("size", SCREENS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_name_written_shows_at_least_the_first_name(
    view: PyramidView,
    size: tuple[int, int],
    scale: float,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    for chart in (demo_chart(), crowded_tier()):
        view.set_text_scale(scale)
        show(view, chart, size, qtbot)
        for label in labels_of(view):
            name = chart.names[label.node] or chart.ids[label.node]
            assert label.text.startswith(first_name(name)), (label.text, name)


@pytest.mark.parametrize("scale", [1.0, 1.35, 1.75])
@pytest.mark.parametrize("size", SCREENS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_names_never_cover_each_other_or_a_card(
    view: PyramidView,
    size: tuple[int, int],
    scale: float,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    for chart in (demo_chart(), crowded_tier()):
        view.set_text_scale(scale)
        show(view, chart, size, qtbot)
        labels = labels_of(view)
        boxes = [label.box for label in labels] + card_boxes(view)
        clashes = [
            (labels[i].text, labels[j].text if j < len(labels) else "a card")
            for i, j in overlapping(boxes)
            if i < len(labels)
        ]
        assert not clashes
        width = view.viewport().width()
        for label in labels:  # inside the view box, right of the tiers' ruler
            assert label.box.left() >= view.ruler.size().width() - 1, label.text
            assert label.box.right() <= width + 1, label.text


@pytest.mark.parametrize("size", SCREENS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_name_is_upright_only_where_no_name_across_fits(
    view: PyramidView,
    size: tuple[int, int],
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    """Across, a name may take half the gap to each neighbour on its row (one line), or half
    the gap to the person two along (two lines, in a row tall enough): an upright name's first
    name must fit neither, or the neighbour beside it is a card."""
    chart = demo_chart()
    show(view, chart, size, qtbot)
    assert view.data is not None
    data = view.data
    forms = view.people.forms
    assert forms is not None
    metrics = QFontMetrics(view.people.label_font)
    sizes = view.text_sizes
    upright = [label for label in labels_of(view) if label.upright]
    shown = data.order
    xs, ys = screen_x(view, shown)
    rows = np.unique(np.round(ys, 3))
    row_gap = np.diff(rows).min() if rows.shape[0] > 1 else np.inf
    for label in upright:
        node = label.node
        first = metrics.horizontalAdvance(first_name(chart.names[node] or chart.ids[node]))
        here = int(np.flatnonzero(shown == node)[0])
        same_row = np.flatnonzero(np.isclose(ys, ys[here]))
        row = same_row[np.argsort(xs[same_row])]
        at = int(np.flatnonzero(row == here)[0])

        def gap(step: int, row: np.ndarray = row, at: int = at) -> float:
            other = at + step
            return abs(float(xs[row[other]] - xs[row[at]])) if 0 <= other < len(row) else np.inf

        one_line = min(gap(-1), gap(1)) - MARGIN
        assert first > one_line, f"{label.text}: fits on one line"
        beside_card = any(
            0 <= at + step < len(row) and int(shown[row[at + step]]) in forms.cards
            for step in (-1, 1)
        )
        if row_gap >= sizes.stagger_row and not beside_card:
            two_lines = min(gap(-2), gap(2)) - MARGIN
            assert first > two_lines, f"{label.text}: fits on two lines"


def test_a_name_is_cut_no_shorter_than_its_first_name(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = PyramidView()
    qtbot.addWidget(view)
    metrics = QFontMetrics(view.people.label_font)
    whole = metrics.horizontalAdvance("Giulia Romero")
    first = metrics.horizontalAdvance("Giulia")
    assert fit_name("Giulia Romero", whole, metrics) == "Giulia Romero"
    cut = fit_name("Giulia Romero", whole - 1, metrics)
    assert cut.startswith("Giulia") and cut.endswith("…") and cut != "Giulia Romero"
    assert fit_name("Giulia Romero", first, metrics) == "Giulia"
    assert fit_name("Giulia Romero", first - 1, metrics) == ""  # not "Gi…"
    assert QFontMetricsF(view.people.label_font).horizontalAdvance("Gi…") < first


def test_a_click_on_a_name_on_the_second_line_picks_its_person(view: PyramidView, qtbot) -> None:  # type: ignore[no-untyped-def]
    chart = crowded_tier()
    show(view, chart, SCREENS[0], qtbot)
    managers = {i for i, title in enumerate(chart.titles) if title == "Manager"}
    labels = [label for label in labels_of(view) if label.node in managers]
    lowest = max(label.box.top() for label in labels)
    second = [label for label in labels if label.box.top() == lowest]
    assert second
    for label in second:
        where = view.mapToScene(label.box.center().toPoint())
        assert view.node_at(QPointF(where)) == label.node, label.text
