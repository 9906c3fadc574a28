"""The bands tell the truth: named by level, front-line counts that add up, shading that holds
every person, and a focused team that keeps its levels and the chain it hangs from."""

from __future__ import annotations

import itertools
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pyramid_app.io import read_org
from pyramid_app.io.demo import demo_workbook_path
from pyramid_app.model.layout import (
    Arrangement,
    ContextChain,
    LayoutOptions,
    PyramidLayout,
    band_polygon,
    layout_inverted,
)
from pyramid_app.model.org import OrgChart


def front_line_said(caption: str) -> int:
    """The front-line count a band's caption states ("62 front line", "Front line · 294")."""
    whole = re.fullmatch(r"Front line · ([\d,]+)", caption)
    if whole:
        return int(whole.group(1).replace(",", ""))
    part = re.search(r"([\d,]+) front line", caption)
    return int(part.group(1).replace(",", "")) if part else 0


@pytest.fixture(scope="module")
def demo_chart() -> OrgChart:
    return read_org(demo_workbook_path()).chart


@pytest.mark.parametrize("arrangement", list(Arrangement))
def test_demo_bands_count_the_same_front_line_as_the_status_bar(
    demo_chart: OrgChart, arrangement: Arrangement
) -> None:
    layout = layout_inverted(demo_chart, LayoutOptions(arrangement))
    front_line = demo_chart.front_line().shape[0]
    assert front_line == 294
    assert sum(front_line_said(band.caption) for band in layout.bands) == front_line
    if arrangement is Arrangement.FRONT_LINE:
        assert layout.bands[-1].caption == "Front line · 294"
    else:
        assert [band.label for band in layout.bands] == [
            "Chief executive",
            *(f"Level {level}" for level in range(1, 7)),
        ]
        level_5 = layout.bands[5]
        assert level_5.caption == f"Level 5 · {level_5.headcount} · {level_5.front_line} front line"
        assert 0 < level_5.front_line < level_5.headcount  # a mixed tier is not the front line


@st.composite
def trees_and_collapses(draw: st.DrawFn) -> tuple[list[int], frozenset[int]]:
    n = draw(st.integers(1, 160))
    parent = [-1] + [draw(st.integers(max(0, i - 10), i - 1)) for i in range(1, n)]
    collapsed = draw(st.frozensets(st.integers(0, n - 1), max_size=3))
    return parent, collapsed


def chart_of(parent: list[int]) -> OrgChart:
    return OrgChart.from_parents([f"P{i}" for i in range(len(parent))], parent)


@settings(max_examples=80, deadline=None)
@given(tree=trees_and_collapses(), arrangement=st.sampled_from(list(Arrangement)))
def test_front_line_is_only_said_of_people_without_reports(
    tree: tuple[list[int], frozenset[int]], arrangement: Arrangement
) -> None:
    parent, collapsed = tree
    org = chart_of(parent)
    layout = layout_inverted(org, LayoutOptions(arrangement, team_rows=3, collapsed=collapsed))
    leaves = layout.visible & (org.span_of_control == 0)
    assert sum(front_line_said(band.caption) for band in layout.bands) == int(leaves.sum())
    if not collapsed:
        assert int(leaves.sum()) == org.front_line().shape[0]
    for band in layout.bands:
        if "Front line" in band.label:
            people = np.flatnonzero(layout.tier == band.tier)
            assert (org.span_of_control[people] == 0).all(), band


def inside(polygon: list[tuple[float, float]], x: float, y: float) -> bool:
    """Ray casting, with points on an edge counted in (a person may sit on the span's end)."""
    hit = False
    for (x1, y1), (x2, y2) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
        if min(y1, y2) <= y <= max(y1, y2) and y1 != y2:
            cross = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
            if abs(cross - x) < 1e-9:
                return True
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            hit = not hit
    return hit


def assert_people_inside_their_bands(layout: PyramidLayout) -> None:
    polygons = [band_polygon(layout, band.tier) for band in layout.bands]
    for node in layout.visible_index.tolist():
        x, y = float(layout.x[node]), float(layout.y[node])
        polygon = polygons[int(layout.tier[node])]
        # The mark's middle, and the half slot either side of it.
        for dx in (-0.49, 0.0, 0.49):
            assert inside(polygon, x + dx, y), (node, x + dx, y, polygon)
    # Tier after tier, the shapes meet edge to edge: no gaps, no stray wedges.
    for lower, upper in itertools.pairwise(polygons):
        assert sorted(lower[3:5]) == sorted([upper[0], upper[-1]])


@settings(max_examples=80, deadline=None)
@given(
    tree=trees_and_collapses(),
    arrangement=st.sampled_from(list(Arrangement)),
    inverted=st.booleans(),
)
def test_every_person_lies_inside_the_band_of_their_tier(
    tree: tuple[list[int], frozenset[int]], arrangement: Arrangement, inverted: bool
) -> None:
    parent, collapsed = tree
    options = LayoutOptions(arrangement, inverted=inverted, team_rows=3, collapsed=collapsed)
    assert_people_inside_their_bands(layout_inverted(chart_of(parent), options))


def test_compact_stacks_sit_inside_their_band(demo_chart: OrgChart) -> None:
    layout = layout_inverted(demo_chart, LayoutOptions(Arrangement.COMPACT, team_rows=4))
    assert max(band.row_high - band.row_low for band in layout.bands) >= 3  # stacked rows
    assert_people_inside_their_bands(layout)


def test_a_focused_team_keeps_its_levels_and_the_chain_below_it(demo_chart: OrgChart) -> None:
    level_2 = demo_chart.level_nodes[2]
    head = int(level_2[np.argmax(demo_chart.subtree_size[level_2])])
    team, original = demo_chart.subtree(head)
    chain = demo_chart.chain_to_root(head)[1:]
    context = ContextChain(
        ids=[demo_chart.ids[i] for i in chain],
        names=[demo_chart.names[i] for i in chain],
        titles=[demo_chart.titles[i] for i in chain],
    )
    layout = layout_inverted(team, context=context)
    bottom = layout.bands[0]
    assert bottom.label == demo_chart.titles[head] != ""
    assert bottom.caption == f"{demo_chart.titles[head]} · 1 · Level 2"
    assert [band.level for band in layout.bands] == list(range(2, 2 + len(layout.bands)))
    assert [band.label for band in layout.bands[1:]] == [
        f"Level {level}" for level in range(3, 2 + len(layout.bands))
    ]
    assert layout.first_level == 2
    assert layout.context is not None and layout.context.ids[-1] == demo_chart.ids[demo_chart.root]
    # The chain hangs under the focused manager, below the bottom band and inside the bounds.
    assert layout.context_y is not None
    assert layout.context_x == layout.x[team.root]
    assert (layout.context_y < bottom.y_low).all()
    assert layout.bounds()[2] <= layout.context_y.min() - 0.5
    # Nobody of the chain is counted in the bands.
    assert sum(band.headcount for band in layout.bands) == team.people_count
    front_line = int(np.isin(original, demo_chart.front_line()).sum())
    assert sum(front_line_said(band.caption) for band in layout.bands) == front_line
