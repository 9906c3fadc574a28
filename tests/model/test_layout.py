"""Geometry of the inverted pyramid, checked on hand-made and random trees."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pyramid_app.model.layout import Arrangement, LayoutOptions, layout_inverted
from pyramid_app.model.org import OrgChart

#        0
#      /   \
#     1     2
#    /|\   /|\
#   3 4 5 6 7 8
SMALL = [-1, 0, 0, 1, 1, 1, 2, 2, 2]


def chart(parent: list[int]) -> OrgChart:
    return OrgChart.from_parents([f"P{i}" for i in range(len(parent))], parent)


def test_tree_centres_managers_and_puts_customers_on_top() -> None:
    layout = layout_inverted(chart(SMALL))
    assert layout.x.tolist() == [0.0, -1.5, 1.5, -2.5, -1.5, -0.5, 0.5, 1.5, 2.5]
    assert layout.y.tolist() == [0.0, 1.0, 1.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0]
    assert layout.customer_band.y_low > np.nanmax(layout.y)
    assert [band.label for band in layout.bands] == ["Chief executive", "Level 1", "Level 2"]
    assert [band.headcount for band in layout.bands] == [1, 2, 6]
    assert [band.front_line for band in layout.bands] == [0, 0, 6]


def test_conventional_orientation_mirrors_the_picture() -> None:
    inverted = layout_inverted(chart(SMALL))
    conventional = layout_inverted(chart(SMALL), LayoutOptions(inverted=False))
    assert conventional.y.tolist() == (-inverted.y).tolist()
    assert conventional.x.tolist() == inverted.x.tolist()


def test_compact_stacks_a_large_team_in_columns() -> None:
    team = [-1, 0] + [1] * 40
    wide = layout_inverted(chart(team))
    compact = layout_inverted(chart(team), LayoutOptions(Arrangement.COMPACT, team_rows=8))
    members = slice(2, None)
    assert np.ptp(wide.x[members]) == 39
    assert np.ptp(compact.x[members]) == 4  # 40 people in 5 columns of 8
    assert sorted(set(compact.y[members].tolist())) == [2.0 + row for row in range(8)]
    # Each (x, y) place is used once.
    places = set(zip(compact.x[members].tolist(), compact.y[members].tolist(), strict=True))
    assert len(places) == 40
    assert compact.x[1] == pytest.approx(np.mean([compact.x[2:].min(), compact.x[2:].max()]))
    assert compact.bands[2].y_high - compact.bands[2].y_low == 8


def test_front_line_aligned_puts_every_leaf_on_the_top_tier() -> None:
    parent = [-1, 0, 0, 1, 3]  # person 2 has no reports at depth 1; 4 is at depth 3
    layout = layout_inverted(chart(parent), LayoutOptions(Arrangement.FRONT_LINE))
    assert layout.y[2] == layout.y[4] == 3.0
    assert layout.y[1] == 1.0


def test_collapse_hides_the_subtree_and_counts_it() -> None:
    org = chart(SMALL)
    layout = layout_inverted(org, LayoutOptions(collapsed=frozenset({1})))
    assert layout.visible.tolist() == [True, True, True, False, False, False, True, True, True]
    assert np.isnan(layout.x[3:6]).all()
    assert layout.hidden_below[1] == 3
    assert {tuple(edge) for edge in layout.edges.tolist()} == {(0, 1), (0, 2), (2, 6), (2, 7),
                                                                (2, 8)}  # fmt: skip
    expanded = layout_inverted(org)
    assert expanded.visible.all()


def test_customer_segments_divide_the_customer_band() -> None:
    layout = layout_inverted(chart(SMALL), customer_segments=["Guests", "Companies", "Events"])
    segments = layout.customer_segments
    assert [segment.label for segment in segments] == ["Guests", "Companies", "Events"]
    assert segments[0].x_low == -layout.half_width
    assert segments[-1].x_high == pytest.approx(layout.half_width)


@st.composite
def random_parents(draw: st.DrawFn) -> list[int]:
    n = draw(st.integers(1, 200))
    return [-1] + [draw(st.integers(max(0, i - 12), i - 1)) for i in range(1, n)]


@settings(max_examples=60, deadline=None)
@given(parent=random_parents(), arrangement=st.sampled_from(list(Arrangement)))
def test_random_trees_keep_the_pyramid_geometry(
    parent: list[int], arrangement: Arrangement
) -> None:
    org = chart(parent)
    layout = layout_inverted(org, LayoutOptions(arrangement, team_rows=3))
    x, y = layout.x, layout.y
    assert not np.isnan(x).any() and not np.isnan(y).any()
    child = np.arange(1, len(parent))
    # Every person is above their manager, and the customers above everyone.
    assert (y[child] > y[np.asarray(parent[1:], dtype=np.int64)]).all()
    assert layout.customer_band.y_low > y.max()
    # No two people share a place.
    assert len(set(zip(x.tolist(), y.tolist(), strict=True))) == len(parent)
    # Every band spans its own people, half a slot beyond the outermost.
    counts = np.array([band.headcount for band in layout.bands])
    assert counts.sum() == len(parent)
    for band in layout.bands:
        mine = x[layout.tier == band.tier]
        assert (band.x_low, band.x_high) == (mine.min() - 0.5, mine.max() + 0.5)
    if arrangement is Arrangement.TREE:
        assert_subtrees_do_not_overlap(org, x)


def assert_subtrees_do_not_overlap(org: OrgChart, x: np.ndarray) -> None:
    """Sibling subtrees occupy disjoint x intervals."""
    low = x.copy()
    high = x.copy()
    for level_nodes in reversed(org.level_nodes[1:]):
        np.minimum.at(low, org.parent[level_nodes], low[level_nodes])
        np.maximum.at(high, org.parent[level_nodes], high[level_nodes])
    for manager in range(len(org)):
        reports = org.children(manager)
        spans = sorted((low[r], high[r]) for r in reports)
        for (_, first_high), (second_low, _) in itertools.pairwise(spans):
            assert first_high < second_low


def test_the_biggest_team_is_drawn_in_the_middle() -> None:
    #   root -> a (1 person), b (5 people), c (2 people), in that sheet order
    parent = [-1, 0, 0, 0, 2, 2, 2, 2, 3]
    layout = layout_inverted(chart(parent))
    x = layout.x
    a, b, c = 1, 2, 3
    assert x[a] < x[b] < x[c]  # b, the biggest, between the two smaller teams
    assert x[0] == pytest.approx((x[a] + x[c]) / 2)
    # Equal-sized siblings keep their sheet order, left to right.
    assert list(np.argsort(x[4:8])) == [0, 1, 2, 3]
