"""Coverage on small hand-made organisations where every figure is worked out by hand."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from pyramid_app.model.colouring import COVERAGE_COLOURS, colour_by_coverage
from pyramid_app.model.coverage import (
    STATE_ORDER,
    Break,
    CoverageTracker,
    Gap,
    LevelRow,
    ManagerState,
    Share,
    compute_coverage,
)
from pyramid_app.model.org import OrgChart
from pyramid_app.model.plan import Commitment, Plan, Status
from pyramid_app.model.project import Change

TODAY = dt.date(2025, 3, 1)
YESTERDAY = TODAY - dt.timedelta(days=1)


def hotel() -> OrgChart:
    """Ann (CEO) <- Bob, Cy, Kim; Bob <- Di, Ed, Flo; Cy <- Gil; Kim <- Lu."""
    return OrgChart.from_parents(
        ["A", "B", "C", "K", "D", "E", "F", "G", "L"],
        [-1, 0, 0, 0, 1, 1, 1, 2, 3],
        "Ann Archer,Bob Baker,Cy Cole,Kim King,Di Dunn,Ed Eng,Flo Fox,Gil Gray,Lu Lane".split(","),
        departments="Board Rooms Kitchen Spa Rooms Rooms Rooms Kitchen Spa".split(),
        locations=["HQ", "HQ", "HQ", "Spa", "Lobby", "Lobby", "Lobby", "HQ", "Spa"],
    )


def plan_of(*commitments: Commitment) -> Plan:
    return Plan({c.id: c for c in commitments})


def commitment(number: int, manager: str, *serves: str, **fields: object) -> Commitment:
    return Commitment(f"C-{number:04d}", manager, f"promise {number}", serves=serves, **fields)  # type: ignore[arg-type]


def by_id(chart: OrgChart, values: np.ndarray) -> dict[str, object]:
    return {chart.ids[i]: values[i].item() for i in range(len(chart))}


def test_empty_plan_every_front_line_person_breaks_at_their_own_manager() -> None:
    chart = hotel()
    coverage = compute_coverage(chart, Plan(), TODAY)
    assert coverage.level_table() == [LevelRow(0, 1, 0), LevelRow(1, 3, 0)]
    assert coverage.served_share() == Share(0, 5)
    assert by_id(chart, coverage.first_broken) == {
        "A": -1, "B": 0, "C": 0, "K": 0, "D": 1, "E": 1, "F": 1, "G": 2, "L": 3,
    }  # fmt: skip
    # Ties on count and depth go by id: Cy (C) before Kim (K).
    assert coverage.gaps() == [Gap(1, "B", 3, 1), Gap(2, "C", 1, 1), Gap(3, "K", 1, 1)]
    assert coverage.gaps(limit=2) == [Gap(1, "B", 3, 1), Gap(2, "C", 1, 1)]
    assert coverage.unserved_reason(4) == (
        "not served: Bob Baker (B) has no active commitment serving Di Dunn"
    )
    assert coverage.state_counts()[ManagerState.NONE] == 4


def test_a_manager_serving_chosen_reports_only() -> None:
    chart = hotel()
    plan = plan_of(
        commitment(1, "A"),
        commitment(2, "B", "D"),
        commitment(3, "C"),
    )
    coverage = compute_coverage(chart, plan, TODAY)
    assert by_id(chart, coverage.link_served) == {
        "A": True, "B": True, "C": True, "K": True,
        "D": True, "E": False, "F": False, "G": True, "L": False,
    }  # fmt: skip
    assert by_id(chart, coverage.served) == {
        "A": True, "B": True, "C": True, "K": True,
        "D": True, "E": False, "F": False, "G": True, "L": False,
    }  # fmt: skip
    assert coverage.served_share() == Share(2, 5)
    assert coverage.served_share().fraction == pytest.approx(0.4)
    assert coverage.served_share_by("departments") == [
        ("Kitchen", 1, 1),
        ("Rooms", 1, 3),
        ("Spa", 0, 1),
    ]
    assert coverage.served_share_by("locations") == [("HQ", 1, 1), ("Lobby", 1, 3), ("Spa", 0, 1)]
    assert coverage.level_table() == [LevelRow(0, 1, 1), LevelRow(1, 3, 2)]
    assert coverage.gaps() == [Gap(1, "B", 2, 1), Gap(3, "K", 1, 1)]
    assert (
        coverage.unserved_reason(5) == "not served: Bob Baker (B) serves only Di Dunn, not Ed Eng"
    )
    assert coverage.unserved_reason(4) is None
    assert coverage.unserved_reason(0) is None
    with pytest.raises(ValueError, match="departments or locations"):
        coverage.served_share_by("titles")  # type: ignore[arg-type]


def test_a_chain_with_one_broken_link_in_the_middle() -> None:
    # Ann <- Bob <- Cy <- Di (front line) and Cy <- Ed: Ann and Cy commit, Bob does not.
    chart = OrgChart.from_parents(
        ["A", "B", "C", "D", "E"], [-1, 0, 1, 2, 2], ["Ann", "Bob", "Cy", "Di", "Ed"]
    )
    plan = plan_of(commitment(1, "A"), commitment(2, "C"))
    coverage = compute_coverage(chart, plan, TODAY)
    assert coverage.link_served.tolist() == [True, True, False, True, True]
    assert coverage.first_broken.tolist() == [-1, -1, 1, 1, 1]
    assert coverage.served_share() == Share(0, 2)
    # Cy's own links are served, but the chain breaks below: Bob is whom to talk to.
    assert coverage.gaps() == [Gap(1, "B", 2, 1)]
    assert coverage.unserved_reason(3) == (
        "not served: Bob (B) has no active commitment serving Cy (C), on the chain serving Di"
    )
    assert coverage.level_table() == [LevelRow(0, 1, 1), LevelRow(1, 1, 0), LevelRow(2, 1, 1)]

    # Bob committing to his one report mends both chains; the nearest break moves to nobody.
    fixed = compute_coverage(chart, plan_of(*plan, commitment(3, "B", "C")), TODAY)
    assert fixed.served_share() == Share(2, 2)
    assert fixed.gaps() == []


def test_the_first_broken_link_is_the_one_nearest_the_customer() -> None:
    # Nobody commits: Di's chain is broken at every link; the break nearest her is Cy's.
    chart = OrgChart.from_parents(["A", "B", "C", "D"], [-1, 0, 1, 2])
    coverage = compute_coverage(chart, Plan(), TODAY)
    assert coverage.first_broken.tolist() == [-1, 0, 1, 2]
    assert coverage.gaps() == [Gap(2, "C", 1, 2)]


def test_dropped_commitments_do_not_serve_and_overdue_ones_still_do() -> None:
    chart = hotel()
    plan = plan_of(
        commitment(1, "A", due=YESTERDAY),  # overdue, still active
        commitment(2, "B", status=Status.DROPPED),
        commitment(3, "C", status=Status.IN_PROGRESS, due=TODAY),  # due today: not overdue
        commitment(4, "K", status=Status.DONE, due=YESTERDAY),  # done: never overdue
    )
    coverage = compute_coverage(chart, plan, TODAY)
    assert by_id(chart, coverage.manager_state) == {
        "A": ManagerState.OVERDUE, "B": ManagerState.NONE, "C": ManagerState.IN_PROGRESS,
        "K": ManagerState.DONE, "D": 0, "E": 0, "F": 0, "G": 0, "L": 0,
    }  # fmt: skip
    assert coverage.served_share() == Share(2, 5)  # Gil and Lu; Bob's team is not
    assert coverage.level_table() == [LevelRow(0, 1, 1), LevelRow(1, 3, 2)]
    assert coverage.gaps() == [Gap(1, "B", 3, 1)]
    # The next morning Cy's commitment is overdue too; coverage itself does not change.
    later = CoverageTracker(chart, plan, TODAY)
    later.set_today(TODAY + dt.timedelta(days=1))
    moved = later.coverage()
    assert moved.manager_state[2] == ManagerState.OVERDUE
    assert moved.served_share() == Share(2, 5)


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ((), ManagerState.NONE),
        ((Status.DROPPED,), ManagerState.NONE),
        ((Status.DONE,), ManagerState.DONE),
        ((Status.DONE, Status.DROPPED), ManagerState.DONE),
        ((Status.DONE, Status.PLANNED), ManagerState.PLANNED),
        ((Status.PLANNED, Status.IN_PROGRESS, Status.DONE), ManagerState.IN_PROGRESS),
        (("overdue", Status.IN_PROGRESS, Status.DONE), ManagerState.OVERDUE),
    ],
)
def test_manager_state_precedence(statuses: tuple[object, ...], expected: ManagerState) -> None:
    chart = hotel()
    plan = plan_of(
        *(
            commitment(number, "B", due=YESTERDAY)
            if status == "overdue"
            else commitment(number, "B", status=status)
            for number, status in enumerate(statuses, start=1)
        )
    )
    assert compute_coverage(chart, plan, TODAY).manager_state[1] == expected


def test_people_under_the_unassigned_group_are_not_connected_and_never_served() -> None:
    # (organisation) <- Ann, (unassigned); Ann <- Bob <- Di; (unassigned) <- Zoe <- Yan; Wim alone.
    chart = OrgChart(
        ids=["A", "B", "D", "Z", "Y", "W", "(unassigned)", "(organisation)"],
        parent=np.array([7, 0, 1, 6, 3, 6, 7, -1]),
        names=["Ann", "Bob", "Di", "Zoe", "Yan", "Wim", "Unassigned", "Organisation"],
        titles=[""] * 8,
        departments=[""] * 8,
        locations=[""] * 8,
        emails=[""] * 8,
        synthetic=np.array([False] * 6 + [True, True]),
    )
    assert chart.chief == 0  # the only real person at the top: Ann heads the organisation
    plan = plan_of(commitment(1, "B"), commitment(2, "Z"))
    coverage = compute_coverage(chart, plan, TODAY)
    # Di: Bob commits but Ann does not. Yan and Wim hang from the synthetic group: nobody there
    # can commit for them, so they are not connected - neither served nor a gap of anyone's.
    assert by_id(chart, coverage.served) == {
        "A": True, "B": False, "D": False, "Z": False, "Y": False, "W": False,
        "(unassigned)": False, "(organisation)": False,
    }  # fmt: skip
    assert by_id(chart, coverage.not_connected) == {
        "A": False, "B": False, "D": False, "Z": False, "Y": True, "W": True,
        "(unassigned)": False, "(organisation)": False,
    }  # fmt: skip
    assert coverage.served_share() == Share(0, 1)
    assert coverage.not_connected_total == 2
    assert coverage.breaks() == [Break(6, "(unassigned)", 2)]
    assert coverage.gaps() == [Gap(0, "A", 1, 0)]
    # Levels count from Ann, the real chief executive: the synthetic root has no level.
    assert coverage.level_table() == [LevelRow(0, 1, 0), LevelRow(1, 1, 1)]
    assert coverage.state_counts() == {
        ManagerState.NONE: 1, ManagerState.PLANNED: 2, ManagerState.IN_PROGRESS: 0,
        ManagerState.DONE: 0, ManagerState.OVERDUE: 0,
    }  # fmt: skip
    counts = {label: count for label, _colour, count in colour_by_coverage(chart, coverage).legend}
    assert counts["front line served"] == 0
    assert counts["front line not served"] == 1
    assert counts["front line not connected"] == 2
    assert coverage.unserved_reason(5) == (
        "not connected to the chief executive: the manager named on their row was not found "
        "in the file"
    )


def test_commitments_that_no_longer_fit_the_organisation_serve_nobody() -> None:
    chart = hotel()
    plan = plan_of(
        commitment(1, "A"),
        commitment(2, "B", "G", "nobody"),  # Gil reports to Cy, "nobody" is unknown
        commitment(3, "left-the-company"),
        commitment(4, "D"),  # Di has no reports: nothing to serve
    )
    coverage = compute_coverage(chart, plan, TODAY)
    assert coverage.served_share() == Share(0, 5)
    assert coverage.gaps()[0] == Gap(1, "B", 3, 1)
    assert coverage.unserved_reason(4) == (
        "not served: Bob Baker (B) has no active commitment serving Di Dunn"
    )
    assert coverage.manager_state[4] == ManagerState.NONE  # only managers have a state
    assert coverage.level_table() == [LevelRow(0, 1, 1), LevelRow(1, 3, 1)]


def test_a_snapshot_stays_as_it_was_when_the_tracker_moves_on() -> None:
    chart = hotel()
    plan = plan_of(commitment(1, "B"))
    tracker = CoverageTracker(chart, plan, TODAY)
    before = tracker.coverage()
    assert before.served_share() == Share(0, 5)  # Ann has not committed
    plan.put([commitment(2, "A")])
    tracker.update(chart, plan, Change(commitments=frozenset({"C-0002"})))
    after = tracker.coverage()
    assert after.served_share() == Share(3, 5)
    assert before.served_share() == Share(0, 5)
    assert before.first_broken.tolist() == [-1, 0, 0, 0, 0, 0, 0, 2, 3]
    assert after.first_broken.tolist() == [-1, -1, -1, -1, -1, -1, -1, 2, 3]
    assert before.level_table() == [LevelRow(0, 1, 0), LevelRow(1, 3, 1)]
    # What snapshots share with every other snapshot of the chart cannot be written to.
    with pytest.raises(ValueError, match="read-only"):
        after.front_line[0] = True
    with pytest.raises(ValueError, match="read-only"):
        after.level_managers[0] = 7


def test_summary_is_plain_json_values() -> None:
    chart = hotel()
    summary = compute_coverage(chart, plan_of(commitment(1, "A"), commitment(2, "B", "D")), TODAY)
    document = summary.summary(gaps=1)
    assert document["served"] == {"served": 1, "total": 5, "share": 0.2}
    assert document["levels"][1] == {
        "level": 1,
        "managers": 3,
        "with_active_commitment": 1,
        "share": pytest.approx(1 / 3),
    }
    assert document["gaps"] == [
        {
            "manager_id": "B",
            "manager_name": "Bob Baker",
            "level": 1,
            "unserved_front_line": 2,
            "has_active_commitment": True,
        }
    ]
    assert list(document["manager_states"]) == [state.label for state in STATE_ORDER]
    assert document["served_by_location"][0] == {
        "location": "HQ", "served": 0, "total": 1, "share": 0.0,
    }  # fmt: skip


def test_colour_by_coverage() -> None:
    chart = hotel()
    plan = plan_of(
        commitment(1, "A", status=Status.IN_PROGRESS),
        commitment(2, "B", "D", due=YESTERDAY),
        commitment(3, "C", status=Status.DONE),
    )
    colouring = colour_by_coverage(chart, compute_coverage(chart, plan, TODAY))
    colours = {label: colour for label, colour, _count in colouring.legend}
    counts = {label: count for label, _colour, count in colouring.legend}
    assert counts == {
        "front line served": 2,
        "front line not served": 3,
        "manager: no commitment": 1,
        "manager: planned": 0,
        "manager: in progress": 1,
        "manager: done": 1,
        "manager: overdue": 1,
    }
    rgb = {chart.ids[i]: tuple(int(v) for v in colouring.rgb[i]) for i in range(len(chart))}
    assert rgb["D"] == rgb["G"] == colours["front line served"]
    assert rgb["E"] == rgb["L"] == colours["front line not served"]
    assert rgb["A"] == colours["manager: in progress"]
    assert rgb["B"] == colours["manager: overdue"]
    assert rgb["K"] == colours["manager: no commitment"]
    # Every entry but "not connected", which a file without loose rows does not list.
    assert len(set(colours.values())) == len(colours) == len(COVERAGE_COLOURS) - 1


def test_a_tracker_made_for_one_count_counts_the_same_and_refuses_to_follow_edits() -> None:
    """compute_coverage's tracker keeps no copy of the commitments (a million of them took
    50 MB): its figures are a following tracker's, and it says so when asked to follow."""
    chart = hotel()
    plan = plan_of(commitment(1, "B"), commitment(2, "A", "C"), commitment(3, "K", "L"))
    once = CoverageTracker(chart, plan, TODAY, follows_edits=False)
    following = CoverageTracker(chart, plan, TODAY)
    assert once.coverage().summary() == following.coverage().summary()
    assert once.coverage().first_broken.tolist() == following.coverage().first_broken.tolist()
    for follow in (
        lambda: once.update(chart, plan, Change(commitments=frozenset({"C-0001"}))),
        lambda: once.apply(plan, ["C-0001"]),
        lambda: once.set_today(YESTERDAY),
    ):
        with pytest.raises(RuntimeError, match="one count"):
            follow()
