"""The plan's figures counted in one pass (``PlanTally``) against each figure counted on its
own from the whole plan."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from pyramid_app.model.plan import Commitment, Status
from pyramid_app.model.plan_figures import PlanTally

TODAY = dt.date(2025, 6, 1)

commitments = st.lists(
    st.builds(
        lambda number, manager, practice, status, due, needs: Commitment(
            f"C-{number:04d}",
            manager,
            "text",
            practice=practice,
            status=status,
            due=due,
            needs=needs,
        ),
        st.integers(1, 10_000),
        st.sampled_from(["A", "B", "C", "gone"]),
        st.sampled_from(["Listen", " Listen ", "Coach", "", "  "]),
        st.sampled_from(list(Status)),
        st.one_of(st.none(), st.dates(dt.date(2025, 5, 25), dt.date(2025, 6, 8))),
        st.sampled_from([(), ("N-0001",), ("N-0001", "N-0002")]),
    ),
    max_size=40,
    unique_by=lambda commitment: commitment.id,
)


@settings(max_examples=60, deadline=None)
@given(commitments)
def test_the_figures_counted_in_one_pass_are_each_figure_of_the_plan(
    plan: list[Commitment],
) -> None:
    tally = PlanTally(TODAY)
    assert list(tally.counted(iter(plan))) == plan  # passed on as they came
    figures = tally.figures()
    assert figures.commitments == len(plan)
    assert figures.active == sum(1 for c in plan if c.active)
    assert figures.overdue == sum(1 for c in plan if c.is_overdue(TODAY))
    assert figures.by_status == Counter(c.status for c in plan)
    assert figures.by_practice == Counter((c.practice.strip(), c.status) for c in plan)
    assert figures.per_manager == Counter(c.manager_id for c in plan)
    assert figures.active_per_manager == Counter(c.manager_id for c in plan if c.active)
    assert figures.answering == tuple(c for c in plan if c.needs)
    assert list(tally.numbers) == [c.number for c in plan]
    assert tally.managers == [c.manager_id for c in plan]
