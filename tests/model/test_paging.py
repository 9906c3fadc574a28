"""The whole organisation cut into pages: everyone on exactly one page, cuts at team joins,
a team wider than a page split off its manager by level, pages in reading order."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pyramid_app.model.layout import Arrangement, LayoutOptions, layout_inverted
from pyramid_app.model.org import OrgChart
from pyramid_app.model.paging import (
    PageCapacity,
    PagePlan,
    PartKind,
    cut_into_pages,
)
from pyramid_app.model.paging_text import continuation, part_heading, printed_number


def chart_of(parent: list[int] | np.ndarray) -> OrgChart:
    parent = np.asarray(parent, dtype=np.int64)
    ids = [f"P{i}" for i in range(parent.shape[0])]
    return OrgChart.from_parents(ids, parent, names=[f"Person {i}" for i in ids])


def plan_of(
    chart: OrgChart,
    capacity: PageCapacity,
    arrangement: Arrangement = Arrangement.TREE,
    collapsed: frozenset[int] = frozenset(),
) -> PagePlan:
    layout = layout_inverted(chart, LayoutOptions(arrangement=arrangement, collapsed=collapsed))
    return cut_into_pages(chart, layout, capacity)


def random_org(n: int, seed: int) -> OrgChart:
    """Managers taken breadth-first, each with 1-15 reports: wide and narrow teams."""
    spans = np.random.default_rng(seed).integers(1, 16, size=n)
    return chart_of(np.concatenate([[-1], np.repeat(np.arange(n), spans)[: n - 1]]))


def reached_from(plan: PagePlan, page: int) -> set[int]:
    """Pages a page's stubs lead to, through index pages (which hold stubs only)."""
    found: set[int] = set()
    for stub in plan.pages[page].stubs:
        found.add(stub.page)
        if plan.pages[stub.page].kind is PartKind.INDEX:
            found |= reached_from(plan, stub.page)
    return found


def assert_well_cut(chart: OrgChart, plan: PagePlan, visible: np.ndarray) -> None:
    columns, rows = plan.capacity
    on_pages = np.concatenate([part.nodes for part in plan.pages])
    # Everyone shown is on exactly one page, and page_of says which.
    assert np.array_equal(np.sort(on_pages), np.flatnonzero(visible))
    for index, part in enumerate(plan.pages):
        assert (plan.page_of[part.nodes] == index).all()
        assert part.width <= columns and part.height <= rows
        if part.nodes.size:
            assert part.x.min() >= 0 and part.x.max() <= part.width
            assert part.row.min() >= 0 and part.row.max() < part.height
        cells = {(x, r) for x, r in zip(part.x.tolist(), part.row.tolist(), strict=True)}
        cells |= {(s.x, s.row) for s in part.stubs}
        assert len(cells) == part.nodes.size + len(part.stubs)  # nobody drawn over another
    # Cuts only at team joins: someone whose manager is on another page is one of their
    # page's heads, the page says whose reports it holds, and the manager's page (or an
    # index page it leads to) continues there.
    parent = chart.parent
    for index, part in enumerate(plan.pages):
        up = parent[part.nodes]
        elsewhere = part.nodes[(up >= 0) & visible[up.clip(min=0)]]
        elsewhere = elsewhere[plan.page_of[parent[elsewhere]] != index]
        assert set(elsewhere.tolist()) <= set(part.heads.tolist())
        for head in part.heads.tolist():
            if parent[head] >= 0 and visible[parent[head]]:
                assert parent[head] == part.manager
                manager_page = int(plan.page_of[part.manager])
                assert index in reached_from(plan, manager_page)
                assert any(s.manager == part.manager for s in plan.pages[manager_page].stubs)


@settings(max_examples=25, deadline=None)
@given(
    n=st.integers(1, 600),
    seed=st.integers(0, 10_000),
    columns=st.integers(2, 12),
    rows=st.integers(2, 12),
    arrangement=st.sampled_from(list(Arrangement)),
)
def test_everyone_is_on_exactly_one_page_and_cuts_are_at_team_joins(
    n: int, seed: int, columns: int, rows: int, arrangement: Arrangement
) -> None:
    chart = random_org(n, seed)
    plan = plan_of(chart, PageCapacity(columns, rows), arrangement)
    assert_well_cut(chart, plan, np.ones(n, dtype=bool))
    assert plan.pages[0].kind is PartKind.TOP
    assert chart.root in plan.pages[0].nodes


def test_an_organisation_that_fits_is_one_page() -> None:
    chart = chart_of([-1, 0, 0, 1, 1, 1, 2])
    plan = plan_of(chart, PageCapacity(10, 10))
    assert len(plan) == 1
    assert plan.pages[0].people == 7 and not plan.pages[0].stubs


def test_teams_are_cut_off_whole_and_the_widest_first() -> None:
    # The chief has a small team (P1 and one report) and a wide one (P2 with 5 reports):
    # side by side they are 6 cards wide, one more than a page holds.
    parent = [-1, 0, 0, 1, 2, 2, 2, 2, 2]
    chart = chart_of(parent)
    plan = plan_of(chart, PageCapacity(5, 6))
    top, wide = plan.pages
    assert set(top.nodes.tolist()) == {0, 1, 3}  # the small team stays with the chief
    assert wide.kind is PartKind.TEAMS and wide.heads.tolist() == [2]
    assert set(wide.nodes.tolist()) == {2, 4, 5, 6, 7, 8}  # the wide team whole
    assert top.stubs[0].page == 1 and top.stubs[0].manager == 0
    assert wide.from_page == 0 and wide.manager == 0
    assert part_heading(chart, wide) == "Person P0's team: Person P2"


def test_a_team_wider_than_a_page_is_split_from_its_manager_by_level() -> None:
    # The chief, one manager, and the manager's 40 reports: no page holds 40 side by side.
    chart = chart_of([-1, 0, *([1] * 40)])
    plan = plan_of(chart, PageCapacity(10, 8))
    reports = [part for part in plan.pages if part.kind is PartKind.REPORTS]
    assert len(reports) == 4
    assert [part.part_number for part in reports] == [1, 2, 3, 4]
    assert all(part.part_count == 4 and part.manager == 1 for part in reports)
    assert sorted(np.concatenate([part.nodes for part in reports]).tolist()) == list(range(2, 42))
    # The manager stays a level below, on the top page, with a stub for each part.
    top = plan.pages[0]
    assert 1 in top.nodes and top.row_of(1) == 1.0
    assert [plan.pages[s.page].part_number for s in top.stubs] == [1, 2, 3, 4]
    levels = {int(level) for part in reports for level in chart.levels[part.nodes]}
    assert levels == {2}
    assert continuation(chart, plan, top.stubs[1]) == (
        f"continues on page {printed_number(top.stubs[1].page)}: Person P1's team, part 2 of 4"
        " \u00b7 10 people"
    )
    # Pages come in reading order: the parts right after the page they continue from.
    assert [s.page for s in top.stubs] == [1, 2, 3, 4]


def test_compact_stacks_a_wide_front_line_team_instead_of_splitting_it() -> None:
    chart = chart_of([-1, 0, *([1] * 40)])
    plan = plan_of(chart, PageCapacity(10, 12), Arrangement.COMPACT)
    assert len(plan) == 1
    assert plan.pages[0].width == 5  # 40 people in 5 columns of 8


def test_a_manager_with_more_pages_than_stubs_fit_gets_index_pages() -> None:
    chart = chart_of([-1, *([0] * 2_000)])
    plan = plan_of(chart, PageCapacity(3, 3))
    kinds = [part.kind for part in plan.pages]
    assert PartKind.INDEX in kinds
    assert_well_cut(chart, plan, np.ones(len(chart), dtype=bool))
    for part in plan.pages:
        if part.kind is PartKind.INDEX:
            assert not part.nodes.size and part.stubs
            # An index leads to the parts, or (past a page of them) to more index pages.
            assert {plan.pages[s.page].kind for s in part.stubs} <= {
                PartKind.REPORTS,
                PartKind.INDEX,
            }
    reports = [part for part in plan.pages if part.kind is PartKind.REPORTS]
    assert len(reports) == 667 and reports[-1].part_number == 667


def test_a_deep_chain_is_cut_into_bands_of_levels() -> None:
    levels = 5_000
    chart = chart_of(np.arange(-1, levels - 1))
    plan = plan_of(chart, PageCapacity(4, 10))
    # Nine levels a page, and the tenth row for the card saying where the chain goes on.
    assert len(plan) == -(-levels // 9)
    for part in plan.pages:
        held = np.sort(chart.levels[part.nodes])
        assert np.array_equal(held, np.arange(held[0], held[0] + held.size))  # a band
    assert_well_cut(chart, plan, np.ones(levels, dtype=bool))


def test_people_hidden_by_a_collapse_are_on_no_page() -> None:
    chart = chart_of([-1, 0, 0, 1, 1, 2, 2])
    layout_collapsed = frozenset({1})
    plan = plan_of(chart, PageCapacity(2, 2), collapsed=layout_collapsed)
    assert plan.page_of[3] == plan.page_of[4] == -1
    visible = np.ones(7, dtype=bool)
    visible[[3, 4]] = False
    assert_well_cut(chart, plan, visible)


def test_loose_parts_beside_the_pyramid_get_pages_of_their_own() -> None:
    # A synthetic root over a chief of 30 and a loose pair (not connected to the chief).
    ids = ["(organisation)", "A", *[f"R{i}" for i in range(29)], "L1", "L2"]
    parent = [-1, 0, *([1] * 29), 0, 31]
    chart = OrgChart.from_parents(ids, parent)
    chart.synthetic[0] = True
    plan = plan_of(chart, PageCapacity(6, 4))
    shown = np.ones(len(chart), dtype=bool)
    shown[0] = False  # the synthetic root under a chief executive is not drawn
    assert_well_cut(chart, plan, shown)
    loose = plan.page_of[[31, 32]]
    assert loose[0] == loose[1] >= 0
    assert plan.pages[loose[0]].kind is PartKind.TOP  # beside the chief, not under anyone


def test_too_small_a_page_is_refused() -> None:
    with pytest.raises(ValueError, match="too small"):
        plan_of(chart_of([-1, 0]), PageCapacity(1, 5))
