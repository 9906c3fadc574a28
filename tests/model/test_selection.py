"""Choosing managers for a bulk edit: by level, department, location and subtree."""

from __future__ import annotations

import numpy as np
import pytest

from pyramid_app.model.org import OrgChart
from pyramid_app.model.selection import (
    ManagerScope,
    ScopeKind,
    level_manager_counts,
    manager_counts_by,
    managers_at_level,
    managers_under,
    managers_with,
    subtree_nodes,
)

# (organisation) is synthetic, above two roots:
#   0 (organisation)
#   ├── 1 Ann (Board, Lisbon)
#   │   ├── 3 Bob (Rooms, Lisbon)  ── 6 Di, 7 Ed (Rooms)
#   │   └── 4 Cy (Kitchen, Porto)  ── 8 Gil (Kitchen)
#   └── 2 Hal (Rooms, Porto)       ── 5 Ivy (Rooms, Porto) ── 9 Jo (Rooms)
PARENT = [-1, 0, 0, 1, 1, 2, 3, 3, 4, 5]
IDS = ["(organisation)", "A", "H", "B", "C", "I", "D", "E", "G", "J"]
DEPARTMENTS = ["", "Board", "Rooms", "Rooms", "Kitchen", "Rooms", "Rooms", "Rooms", "Kitchen", ""]
LOCATIONS = ["", "Lisbon", "Porto", "Lisbon", "Porto", "Porto", "", "", "", ""]


def small_chart() -> OrgChart:
    n = len(IDS)
    synthetic = np.zeros(n, dtype=bool)
    synthetic[0] = True
    return OrgChart(
        ids=IDS,
        parent=np.asarray(PARENT, dtype=np.int64),
        names=["Organisation", "Ann", "Hal", "Bob", "Cy", "Ivy", "Di", "Ed", "Gil", "Jo"],
        titles=[""] * n,
        departments=DEPARTMENTS,
        locations=LOCATIONS,
        emails=[""] * n,
        synthetic=synthetic,
    )


def ids(chart: OrgChart, nodes: np.ndarray) -> list[str]:
    return [chart.ids[i] for i in nodes.tolist()]


def test_levels_count_from_the_real_tops_under_a_synthetic_root() -> None:
    chart = small_chart()  # Ann and Hal both head teams: several tops, levels start at them
    assert ids(chart, managers_at_level(chart, -1)) == []
    assert ids(chart, managers_at_level(chart, 0)) == ["A", "H"]
    assert ids(chart, managers_at_level(chart, 1)) == ["B", "C", "I"]
    assert ids(chart, managers_at_level(chart, 2)) == []
    assert level_manager_counts(chart) == [(0, 2), (1, 3)]


def test_managers_by_department_and_location() -> None:
    chart = small_chart()
    assert ids(chart, managers_with(chart, "departments", "Rooms")) == ["H", "B", "I"]
    assert ids(chart, managers_with(chart, "departments", "Kitchen")) == ["C"]
    assert ids(chart, managers_with(chart, "departments", "Nowhere")) == []
    assert ids(chart, managers_with(chart, "locations", "Porto")) == ["H", "C", "I"]
    # Front-line people and the synthetic root never count, so a blank department has none.
    assert manager_counts_by(chart, "departments") == [("Board", 1), ("Kitchen", 1), ("Rooms", 3)]
    assert manager_counts_by(chart, "locations") == [("Lisbon", 2), ("Porto", 3)]


def test_subtree_includes_the_head_when_they_manage() -> None:
    chart = small_chart()
    assert sorted(ids(chart, subtree_nodes(chart, chart.index_of("A")))) == sorted(
        ["A", "B", "C", "D", "E", "G"]
    )
    assert ids(chart, managers_under(chart, "A")) == ["A", "B", "C"]
    assert ids(chart, managers_under(chart, "H")) == ["H", "I"]
    assert ids(chart, managers_under(chart, "D")) == []
    assert ids(chart, managers_under(chart, "(organisation)")) == ["A", "H", "B", "C", "I"]
    with pytest.raises(KeyError):
        managers_under(chart, "nobody")


def test_scopes_select_and_describe_themselves() -> None:
    chart = small_chart()
    rooms = ManagerScope(ScopeKind.DEPARTMENT, "Rooms")
    assert rooms.manager_ids(chart) == ["H", "B", "I"]
    assert rooms.count(chart) == 3
    assert rooms.describe(chart) == "in Rooms"
    assert ManagerScope(ScopeKind.LEVEL, 1).manager_ids(chart) == ["B", "C", "I"]
    assert ManagerScope(ScopeKind.LEVEL, 1).describe(chart) == "at level 1"
    assert ManagerScope(ScopeKind.LOCATION, "Lisbon").manager_ids(chart) == ["A", "B"]
    under_ann = ManagerScope(ScopeKind.SUBTREE, "A")
    assert under_ann.manager_ids(chart) == ["A", "B", "C"]
    assert under_ann.describe(chart) == "under and including Ann"
    assert ManagerScope(ScopeKind.SUBTREE, "gone").manager_ids(chart) == []
    assert ManagerScope(ScopeKind.LOCATION, "").describe(chart) == "with no location"


def test_a_large_organisation_matches_a_plain_loop() -> None:
    """100,000 people with about 10,000 managers: every scope agrees with the obvious loop."""
    n = 100_000
    rng = np.random.default_rng(3)
    spans = rng.integers(5, 16, size=n)
    parent = np.concatenate([[-1], np.repeat(np.arange(n), spans)[: n - 1]])
    departments = [f"Dept {i}" for i in rng.integers(0, 40, size=n).tolist()]
    locations = [f"Site {i}" for i in rng.integers(0, 12, size=n).tolist()]
    chart = OrgChart.from_parents(
        [f"E{i:06d}" for i in range(n)], parent, departments=departments, locations=locations
    )
    span = chart.span_of_control.tolist()
    depth = chart.depth.tolist()
    is_manager = [s > 0 for s in span]
    assert 9_000 < sum(is_manager) < 11_000

    for level, count in level_manager_counts(chart):
        expected = [i for i in range(n) if is_manager[i] and depth[i] == level]
        assert managers_at_level(chart, level).tolist() == expected
        assert count == len(expected)
    expected = [i for i in range(n) if is_manager[i] and departments[i] == "Dept 7"]
    assert managers_with(chart, "departments", "Dept 7").tolist() == expected
    expected = [i for i in range(n) if is_manager[i] and locations[i] == "Site 3"]
    assert ManagerScope(ScopeKind.LOCATION, "Site 3").nodes(chart).tolist() == expected

    head = int(managers_at_level(chart, 2)[0])
    under = set()
    stack = [head]
    while stack:
        node = stack.pop()
        under.add(node)
        stack.extend(chart.children(node).tolist())
    assert managers_under(chart, chart.ids[head]).tolist() == sorted(
        i for i in under if is_manager[i]
    )
