"""Each manager's commitments, indexed only once asked for (pyramid_app/model/plan.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pyramid_app.model.plan import Commitment, Plan, format_commitment_id

MANAGERS = ("A", "B", "C")

# Each step puts a commitment (a number, its manager) or removes one by number.
steps = st.lists(
    st.one_of(
        st.tuples(st.just("put"), st.integers(1, 8), st.sampled_from(MANAGERS)),
        st.tuples(st.just("remove"), st.integers(1, 8), st.just("")),
    ),
    max_size=30,
)


def _apply(plan: Plan, step: tuple[str, int, str]) -> None:
    action, number, manager = step
    cid = format_commitment_id(number)
    if action == "put":
        plan.put([Commitment(cid, manager, f"commitment {number} of {manager}")])
    elif cid in plan:
        plan.remove([cid])


def _by_manager(plan: Plan) -> dict[str, list[str]]:
    return {m: [c.id for c in plan.of_manager(m)] for m in (*MANAGERS, "Z")}


@given(steps, st.integers(0, 30))
def test_the_index_made_late_answers_as_one_kept_from_the_start(
    edits: list[tuple[str, int, str]], asked_at: int
) -> None:
    asked_early, asked_late = Plan(), Plan()
    for at, step in enumerate(edits):
        if at == asked_at:
            asked_early.managers()  # the index is made here and kept up to date after
        _apply(asked_early, step)
        _apply(asked_late, step)
    expected = {m: sorted(c.id for c in asked_late if c.manager_id == m) for m in (*MANAGERS, "Z")}
    for plan in (asked_early, asked_late, Plan(dict(asked_late.commitments))):
        assert _by_manager(plan) == expected
        assert plan.managers() == {m for m, ids in expected.items() if ids}
        assert [plan.count_of(m) for m in MANAGERS] == [len(expected[m]) for m in MANAGERS]
