"""Which managers a handout pack is for, its order, its files' names, and what each page says."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pytest

from pyramid_app.model.audience import EMAIL
from pyramid_app.model.customers import CustomerMap, Need, RuleField, Segment, ServeRule, Touchpoint
from pyramid_app.model.handout_choice import (
    ChoiceKind,
    HandoutChoice,
    HandoutChoiceError,
    chosen_managers,
    handout_file_names,
    manager_levels,
    manager_values,
    parse_ids,
    safe_file_stem,
)
from pyramid_app.model.handout_sheet import HandoutSources
from pyramid_app.model.org import OrgChart
from pyramid_app.model.plan import Commitment, Plan, ProgressNote, Status
from pyramid_app.model.project import OrgSource, Project

TODAY = dt.date(2025, 3, 1)


def hotel() -> OrgChart:
    """Ann (CEO) <- Bob, Cy, Kim; Bob <- Di, Ed, Flo; Cy <- Gil; Kim <- Lu; Di <- Mo.

    Managers in depth-first order: Ann, Bob, Di, Cy, Kim.
    """
    people = "Ann Archer,Bob Baker,Cy Cole,Kim King,Di Dunn,Ed Eng,Flo Fox,Gil Gray,Lu Lane,Mo Moss"
    return OrgChart.from_parents(
        ["A", "B", "C", "K", "D", "E", "F", "G", "L", "M"],
        [-1, 0, 0, 0, 1, 1, 1, 2, 3, 4],
        people.split(","),
        departments="Board Rooms Kitchen Spa Rooms Rooms Rooms Kitchen Spa Rooms".split(),
        locations=["HQ", "HQ", "HQ", "Spa", "Lobby", "Lobby", "Lobby", "HQ", "Spa", "Lobby"],
        emails=[f"{c.lower()}@hotel.example" for c in "ABCKDEFGLM"],
    )


def names(chart: OrgChart, nodes: np.ndarray) -> list[str]:
    return [chart.ids[i] for i in nodes.tolist()]


def test_every_manager_in_the_order_of_the_organisation() -> None:
    chart = hotel()
    assert names(chart, chosen_managers(chart, HandoutChoice())) == ["A", "B", "D", "C", "K"]


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        (HandoutChoice(ChoiceKind.LEVEL, "1"), ["B", "C", "K"]),
        (HandoutChoice(ChoiceKind.LEVEL, " 2 "), ["D"]),
        (HandoutChoice(ChoiceKind.DEPARTMENT, "rooms"), ["B", "D"]),
        (HandoutChoice(ChoiceKind.LOCATION, "Spa "), ["K"]),
        (HandoutChoice(ChoiceKind.TEAM, "B"), ["B", "D"]),
        (HandoutChoice(ChoiceKind.TEAM, "A"), ["A", "B", "D", "C", "K"]),
        (HandoutChoice(ChoiceKind.IDS, ids=("K", "A", "K")), ["K", "A"]),
    ],
)
def test_a_level_a_department_a_location_a_team_or_ids(
    choice: HandoutChoice, expected: list[str]
) -> None:
    chart = hotel()
    assert names(chart, chosen_managers(chart, choice)) == expected


@pytest.mark.parametrize(
    ("choice", "words"),
    [
        (HandoutChoice(ChoiceKind.IDS, ids=("A", "NOPE", "ZZ")), "nobody has the ids NOPE, ZZ"),
        (HandoutChoice(ChoiceKind.IDS, ids=("A", "E")), "no reports, so no handout: Ed Eng (E)"),
        (HandoutChoice(ChoiceKind.IDS, ids=()), "no person id given"),
        (HandoutChoice(ChoiceKind.TEAM, "Q"), "nobody has the id 'Q'"),
        (HandoutChoice(ChoiceKind.TEAM, "G"), "Gil Gray (G) has no reports"),
        (HandoutChoice(ChoiceKind.LEVEL, "7"), "levels with managers: 0, 1, 2"),
        (HandoutChoice(ChoiceKind.LEVEL, "two"), "'two' is not a whole number"),
        (HandoutChoice(ChoiceKind.DEPARTMENT, "Golf"), "with managers: Board, Kitchen, Rooms, Spa"),
        (HandoutChoice(ChoiceKind.LOCATION, "Moon"), "locations with managers: HQ, Lobby, Spa"),
    ],
)
def test_nobody_matching_says_what_there_is(choice: HandoutChoice, words: str) -> None:
    with pytest.raises(HandoutChoiceError, match=re.escape(words)):
        chosen_managers(hotel(), choice)


def test_what_the_dialog_offers() -> None:
    chart = hotel()
    assert manager_levels(chart) == [0, 1, 2]
    assert manager_values(chart, chart.departments) == ["Board", "Kitchen", "Rooms", "Spa"]
    assert parse_ids(" A, B;C\nD ,,") == ("A", "B", "C", "D")
    assert HandoutChoice(ChoiceKind.DEPARTMENT, "Rooms").describe() == (
        "the managers in the Rooms department"
    )


def test_file_names_are_safe_and_unique() -> None:
    chart = OrgChart.from_parents(
        ["1", "2", "3", "4", "5/6", "7"],
        [-1, 0, 0, 0, 0, 0],
        ["Anna Berg", "anna berg", "Zoë Łukasz-Ørsted", "../etc/passwd", "", "CON"],
    )
    files = handout_file_names(chart, range(6))
    assert files == [
        "Anna Berg.pdf",
        "anna berg 2.pdf",
        "Zoe ukasz-rsted.pdf",
        "etc passwd.pdf",
        "5 6.pdf",
        "CON handout.pdf",
    ]
    assert len({name.casefold() for name in files}) == len(files)
    assert safe_file_stem("a" * 200) == "a" * 80


def sources(hidden: frozenset[str] = frozenset(), plan: Plan | None = None) -> HandoutSources:
    chart = hotel()
    plan = plan or Plan(
        {
            "C-0001": Commitment(
                "C-0001",
                "B",
                "Weekly huddle with the front desk",
                serves=("D",),
                measure="huddles held",
                cadence="weekly",
                due=dt.date(2025, 2, 1),
                status=Status.IN_PROGRESS,
                notes=(
                    ProgressNote(dt.date(2025, 1, 5), "first one"),
                    ProgressNote(dt.date(2025, 2, 5), "second one"),
                ),
                needs=("N-0001",),
            ),
            "C-0002": Commitment("C-0002", "B", "Old idea", status=Status.DROPPED),
            "C-0003": Commitment("C-0003", "A", "Town hall"),
        },
        next_number=4,
    )
    touchpoint = Touchpoint(
        "T-001",
        "Checks in",
        rules=(ServeRule(RuleField.LOCATION, "Lobby"),),
        needs=(Need("N-0001", "a working key printer"), Need("N-0002", "a smile")),
    )
    customers = CustomerMap((Segment("Guests", touchpoints=(touchpoint,)),))
    project = Project(chart, OrgSource("hotel.xlsx"), plan=plan, customer_map=customers)
    project.hidden = hidden
    return HandoutSources(project, TODAY)


def test_a_page_says_the_team_its_commitments_gaps_and_needs() -> None:
    source = sources()
    chart = source.project.chart
    sheet = source.sheet(chart.index_of("B"))
    assert (sheet.name, sheet.level, sheet.reports, sheet.team_people) == ("Bob Baker", 1, 3, 4)
    assert sheet.email == "b@hotel.example"
    # Front line of Bob's team: Ed, Flo, Mo; nobody is served (Di does not serve Mo, Bob
    # serves only Di, and Ann serves nobody).
    assert (sheet.front_line, sheet.served) == (3, 0)
    assert [line.id for line in sheet.commitments] == ["C-0001", "C-0002"]  # dropped last
    first = sheet.commitments[0]
    assert first.serves == "Di Dunn" and first.overdue
    assert first.last_note is not None and first.last_note.text == "second one"
    assert first.answers == ("a working key printer",)
    assert names(chart, sheet.lit) == ["D"]
    reasons = [(gap.front_line, gap.reason) for gap in sheet.gaps]
    assert reasons == [
        (
            2,
            "You have no active commitment serving Ed Eng and Flo Fox (your commitments serve "
            "other reports)",
        ),
        (1, "Di Dunn (D) has no active commitment serving Mo Moss"),
    ]
    [touchpoint] = sheet.touchpoints
    assert (touchpoint.name, touchpoint.people) == ("Checks in", 3)
    assert [(n.text, n.answered, n.by_you) for n in touchpoint.needs] == [
        ("a working key printer", True, True),
        ("a smile", False, False),
    ]


def test_a_break_below_the_team_is_named_on_the_chain() -> None:
    plan = Plan(
        {
            "C-0001": Commitment("C-0001", "B", "Coach everyone"),
            "C-0002": Commitment("C-0002", "D", "Coach Mo"),
        },
        next_number=3,
    )
    source = sources(plan=plan)
    chart = source.project.chart
    sheet = source.sheet(chart.index_of("B"))
    assert [(gap.front_line, gap.below, gap.reason) for gap in sheet.gaps] == [
        (
            3,
            True,
            "Below your team, on your chain to the chief executive: Ann Archer (A) has no "
            "active commitment serving Bob Baker",
        )
    ]
    assert names(chart, sheet.lit) == ["D", "E", "F"]
    sheet = source.sheet(chart.index_of("K"))
    assert [gap.reason for gap in sheet.gaps] == ["You have no active commitment serving Lu Lane"]
    assert sheet.commitments == ()
    assert sheet.touchpoints == ()  # Lu works at the spa, not in the lobby


def test_a_hidden_email_stays_off_the_page() -> None:
    sheet = sources(frozenset({EMAIL})).sheet(0)
    assert sheet.email == ""
