"""The colour key's tail: the most common values have their own colour, the rest share grey,
and the key says how many values that grey stands for - or names it when it is only one."""

from __future__ import annotations

import pytest

from pyramid_app.model.colouring import PALETTE, ColourBy, colour_nodes
from pyramid_app.model.org import OrgChart


def org_with_departments(count: int) -> OrgChart:
    """A chief executive over two people in each of ``count`` departments."""
    people = 1 + 2 * count
    ids = [f"P{i}" for i in range(people)]
    departments = ["Board"] + [f"Dept {i // 2:02d}" for i in range(2 * count)]
    return OrgChart.from_parents(ids, [-1] + [0] * (people - 1), ids, departments=departments)


@pytest.mark.parametrize("extra", [1, 2, 5])
def test_the_grey_tail_is_counted_or_named(extra: int) -> None:
    named = len(PALETTE)
    chart = org_with_departments(named + extra - 1)  # plus the board: named + extra values
    legend = colour_nodes(chart, ColourBy.DEPARTMENT).legend
    assert len(legend) == named + 1
    label, _colour, people = legend[-1]
    if extra == 1:
        assert label.startswith("Dept") or label == "Board"
    else:
        assert label == f"{extra} others"
    assert sum(row[2] for row in legend) == chart.people_count
    assert people == 2 * extra or people == 2 * extra - 1
