"""A focus on a team keeps the organisation's level numbers, names its bottom tier after the
team's manager, and shows the managers below it, grey, down to the chief executive."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt

from pyramid_app.io import read_org
from pyramid_app.io.demo import demo_workbook_path
from pyramid_app.model.colouring import ColourBy
from pyramid_app.ui.main_window import MainWindow


@pytest.fixture
def demo(window: MainWindow) -> MainWindow:
    window.resize(1400, 860)
    window.show_result(read_org(demo_workbook_path()))
    return window


def biggest_level_2_manager(window: MainWindow) -> int:
    chart = window.chart
    level_2 = chart.level_nodes[2]
    return int(level_2[np.argmax(chart.subtree_size[level_2])])


def ruler_texts(window: MainWindow) -> list[str]:
    window.view.grab()  # paints the view, so the ruler records what it wrote
    return [" ".join(label.lines).replace("\u00a0", " ") for label in window.view.ruler.painted]


def test_a_focus_on_a_level_2_manager_keeps_levels_and_the_chain(demo: MainWindow) -> None:
    window = demo
    whole = window.chart
    head = biggest_level_2_manager(window)
    head_id, title = whole.ids[head], whole.titles[head]
    chain_ids = [whole.ids[i] for i in whole.chain_to_root(head)[1:]]
    assert len(chain_ids) == 2
    window.focus_on_team(head)

    layout = window.layout_
    bottom = layout.bands[0]
    assert window.chart.ids[window.chart.root] == head_id
    assert bottom.caption == f"{title} · 1 · Level 2"
    assert [band.label for band in layout.bands[1:]] == [
        f"Level {level}" for level in range(3, 2 + len(layout.bands))
    ]
    texts = ruler_texts(window)
    assert f"{title} · 1 Level 2" in texts
    assert any(text.startswith("Level 3 · ") for text in texts)
    assert "Level 1" in texts and "Chief executive" in texts  # the chain's levels, in grey

    # The chain is drawn, not counted: the team alone is in the chart and the status bar.
    assert layout.context is not None and layout.context.ids == chain_ids
    assert all(window.node_of(person) is None for person in chain_ids)
    team = window.chart
    assert f"people {team.people_count:,}" in window.status.text()
    assert team.people_count == int(whole.subtree_size[head])
    # The legend counts the team shown too.
    assert f"team of {whole.names[head]}" in window.legend.label.text()
    assert sum(count for _label, _colour, count in window.legend.entries) == team.people_count

    image = window.view.grab().toImage()
    where = window.view.bands.context_pixels()
    assert where is not None
    x, ys = where
    for y in ys.tolist():
        colour = image.pixelColor(round(x), round(y))
        red, green, blue = colour.red(), colour.green(), colour.blue()
        assert max(red, green, blue) - min(red, green, blue) <= 16, colour.name()  # grey
        assert 110 <= red <= 200, colour.name()  # neither white nor a person's colour
    # Below the focused manager, between them and the chain, the grey link: a line one pixel
    # wide, which lands on either pixel beside a centre that falls between two.
    middle = round((ys[0] + window_y_of_root(window)) / 2)
    beside = {image.pixelColor(column, middle).name() for column in (int(x), int(x) + 1)}
    assert beside != {"#ffffff"}


def window_y_of_root(window: MainWindow) -> float:
    layout, view = window.layout_, window.view
    root = window.chart.root
    scene = view.view_box.mapViewToScene(QPointF(float(layout.x[root]), float(layout.y[root])))
    return view.viewportTransform().map(scene).y()


def test_a_click_on_the_chain_goes_to_that_manager(demo: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window = demo
    whole = window.chart
    head = biggest_level_2_manager(window)
    chief = whole.ids[whole.root]
    window.focus_on_team(head)
    window.view.grab()
    where = window.view.bands.context_pixels()
    assert where is not None
    x, ys = where
    with qtbot.waitSignal(window.chart_shown):
        qtbot.mouseClick(
            window.view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(round(x), round(ys[-1]))
        )
    assert window.state.focus_ids == []
    assert window.state.selected == chief
    assert window.layout_.context is None
    assert window.layout_.bands[0].label == "Chief executive"


def test_coverage_legend_of_a_team_counts_its_front_line(demo: MainWindow) -> None:
    window = demo
    head = biggest_level_2_manager(window)
    window.set_colour_by(ColourBy.COVERAGE)
    window.focus_on_team(head)
    counts = {label: count for label, _colour, count in window.legend.entries}
    front_line = window.chart.front_line().shape[0]
    assert counts["front line served"] + counts["front line not served"] == front_line
    links = counts["link served"] + counts["link not served"]
    assert links == int(window.chart.span_of_control.sum())  # every link within the team
    window.leave_focus()
    counts = {label: count for label, _colour, count in window.legend.entries}
    assert counts["front line served"] + counts["front line not served"] == 294


def test_hovering_the_chain_names_the_manager(demo: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QToolTip

    window = demo
    whole = window.chart
    head = biggest_level_2_manager(window)
    window.focus_on_team(head)
    view = window.view
    view.grab()
    where = view.bands.context_pixels()
    assert where is not None
    x, ys = where
    # What the view hears as the pointer moves (whether Qt shows the tip then depends on the
    # window being active, which the offscreen platform does not promise).
    view._on_move(view.mapToScene(QPoint(round(x), round(ys[-1]))))
    text = QToolTip.text()
    assert whole.names[whole.root] in text and "click to go to them" in text
    view._on_move(view.mapToScene(QPoint(round(x) + 300, round(ys[-1]))))
    assert view._hovered is None


def test_a_tooltip_shows_a_name_from_the_file_as_text_not_markup(
    window: MainWindow, tmp_path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QToolTip

    sheet = tmp_path / "markup.csv"
    sheet.write_text(
        "Employee ID,Manager ID,Name,Title\nA,,<i>Ann</i> & co,<b>Boss</b>\nB,A,Bob,Aide\n"
    )
    window.resize(1400, 860)
    window.show_result(read_org(sheet))
    view = window.view
    view.grab()
    chart = window.chart
    point = view.view_box.mapViewToScene(
        QPointF(float(view.data.layout.x[chart.root]), float(view.data.layout.y[chart.root]))
    )
    view._on_move(point)
    text = QToolTip.text()
    assert "&lt;i&gt;Ann&lt;/i&gt; &amp; co" in text and "&lt;b&gt;Boss&lt;/b&gt;" in text
