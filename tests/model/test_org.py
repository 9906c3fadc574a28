"""The OrgChart arrays and helpers, on hand-made and random trees."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pyramid_app.model.org import NotATreeError, OrgChart
from pyramid_app.model.tree import depths_or_cycles, find_cycles

#        0
#      /   \
#     1     2
#    / \     \
#   3   4     5
PARENT = [-1, 0, 0, 1, 1, 2]


def chart(parent: list[int]) -> OrgChart:
    return OrgChart.from_parents([f"P{i}" for i in range(len(parent))], parent)


def test_structure_arrays() -> None:
    org = chart(PARENT)
    assert org.depth.tolist() == [0, 1, 1, 2, 2, 2]
    assert org.subtree_size.tolist() == [6, 3, 2, 1, 1, 1]
    assert org.span_of_control.tolist() == [2, 2, 1, 0, 0, 0]
    assert org.children(1).tolist() == [3, 4]
    assert org.root == 0
    assert org.level_sizes().tolist() == [1, 2, 3]
    assert [level.tolist() for level in org.level_nodes] == [[0], [1, 2], [3, 4, 5]]


def test_front_line_managers_chain_and_widest_span() -> None:
    org = chart(PARENT)
    assert org.front_line().tolist() == [3, 4, 5]
    assert org.managers().tolist() == [0, 1, 2]
    assert org.chain_to_root(4) == [4, 1, 0]
    assert org.widest_span() == (0, 2)
    assert org.index_of("P5") == 5
    with pytest.raises(KeyError):
        org.index_of("nobody")
    assert org.indices_of(["P5", "nobody", "P0"]) == [5, None, 0]


def test_a_cycle_is_refused_by_the_model() -> None:
    with pytest.raises(NotATreeError):
        chart([-1, 2, 1])


def test_find_cycles_lists_each_loop_from_its_earliest_member() -> None:
    parent = np.array([-1, 4, 1, 2, 3, 6, 5, 5], dtype=np.int64)
    _depth, unsettled = depths_or_cycles(parent)
    assert unsettled.tolist() == [False, True, True, True, True, True, True, True]
    assert find_cycles(parent, unsettled) == [[1, 4, 3, 2], [5, 6]]


def test_a_long_chain_is_handled_quickly() -> None:
    n = 200_000
    parent = np.arange(-1, n - 1, dtype=np.int64)
    org = OrgChart.from_parents([str(i) for i in range(n)], parent)
    assert int(org.depth[-1]) == n - 1
    assert int(org.subtree_size[0]) == n
    assert org.level_count == n


@st.composite
def random_forest_parents(draw: st.DrawFn) -> list[int]:
    n = draw(st.integers(1, 300))
    return [-1] + [draw(st.integers(0, i - 1)) for i in range(1, n)]


@settings(max_examples=60, deadline=None)
@given(random_forest_parents())
def test_arrays_agree_with_a_plain_walk(parent: list[int]) -> None:
    org = chart(parent)
    for node in range(len(parent)):
        walk = [node]
        while parent[walk[-1]] >= 0:
            walk.append(parent[walk[-1]])
        assert org.chain_to_root(node) == walk
        assert org.depth[node] == len(walk) - 1
    sizes = [1] * len(parent)
    for node in range(len(parent) - 1, 0, -1):  # parents come before children here
        sizes[parent[node]] += sizes[node]
    assert org.subtree_size.tolist() == sizes
    assert sum(org.span_of_control.tolist()) == len(parent) - 1


def test_subtree_is_a_chart_of_its_own() -> None:
    org = chart(PARENT)
    team, original = org.subtree(1)
    assert original.tolist() == [1, 3, 4]
    assert team.ids == ["P1", "P3", "P4"]
    assert team.parent.tolist() == [-1, 0, 0]
    assert team.root == 0
    leaf, leaf_original = org.subtree(5)
    assert (len(leaf), leaf_original.tolist()) == (1, [5])
