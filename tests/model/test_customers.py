"""Customer segments, touchpoints and needs: the commands and their exact inverses, who stands at
a touchpoint, and which needs the plan answers (figures worked out by hand)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest

from pyramid_app.model.commands import (
    Batch,
    Command,
    PlanError,
    ReplaceOrganisation,
    UndoStack,
    add_commitment,
    duplicate_commitment,
    edit_commitment,
    update_organisation,
)
from pyramid_app.model.customer_commands import (
    DeleteNeed,
    DeleteSegment,
    DeleteTouchpoint,
    EditNeed,
    EditTouchpoint,
    InsertNeed,
    InsertSegment,
    InsertTouchpoint,
    MoveNeed,
    MoveSegment,
    MoveTouchpoint,
    add_need,
    add_segment,
    add_touchpoint,
    describe_segment,
    edit_need,
    move_need,
    move_segment,
    move_touchpoint,
    remove_need,
    remove_segment,
    remove_touchpoint,
    rename_segment,
    rename_touchpoint,
    set_touchpoint_note,
    set_touchpoint_rules,
)
from pyramid_app.model.customers import (
    CustomerMap,
    Importance,
    Need,
    NeedKind,
    RuleField,
    Segment,
    ServeRule,
    Touchpoint,
    merged_segments,
    served_people,
    unmatched_rules,
)
from pyramid_app.model.needs_coverage import NeedTally, needs_coverage, unanswered_must_needs
from pyramid_app.model.org import OrgChart
from pyramid_app.model.plan import Commitment, Status
from pyramid_app.model.project import Change, OrgSource, Project

NOW = dt.datetime(2025, 7, 1, 9, 0)
LATER = dt.datetime(2025, 7, 3, 16, 45)

#                    Ana (P0) board
#             /                        \
#   Diego (P1) Front Office, Lisbon     Fern (P2) Food & Beverage, Porto
#     /        |          \               /         \
#  Eva (P3)  Gus (P4)  Ivo (P6)      Hana (P5)    Jo (P7)
PEOPLE = [
    # id, parent, name, title, department, location
    ("P0", -1, "Ana Alves", "Chief Executive", "Board", "Lisbon"),
    ("P1", 0, "Diego Gallo", "Front Office Manager", "Front Office", "Lisbon"),
    ("P2", 0, "Fern Ito", "Restaurant Manager", "Food & Beverage", "Porto"),
    ("P3", 1, "Eva Berg", "Front Desk Agent", "Front Office", "Lisbon"),
    ("P4", 1, "Gus Lund", "Porter", "Front Office", "Lisbon"),
    ("P5", 2, "Hana Oya", "Server", "Food & Beverage", "Porto"),
    ("P6", 1, "Ivo Reis", " front desk agent ", "front office", "Porto"),
    ("P7", 2, "Jo Kim", "Front Desk Agent", "Food & Beverage", "Lisbon"),
]


def small_chart() -> OrgChart:
    columns = list(zip(*PEOPLE, strict=True))
    return OrgChart.from_parents(
        list(columns[0]),
        list(columns[1]),
        list(columns[2]),
        titles=list(columns[3]),
        departments=list(columns[4]),
        locations=list(columns[5]),
    )


def small_project() -> Project:
    return Project(
        small_chart(),
        OrgSource("hotel.xlsx"),
        customers=["Leisure guests", "Corporate clients"],
        name="Hotel",
    )


@pytest.fixture
def project() -> Project:
    return small_project()


@pytest.fixture
def stack(project: Project) -> UndoStack:
    return UndoStack(project)


def snapshot(project: Project) -> tuple[Any, ...]:
    """Everything an edit of the customers may change, as comparable values."""
    return project.customer_map.segments, dict(project.plan.commitments)


def changes_of(project: Project) -> list[Change]:
    seen: list[Change] = []
    project.subscribe(lambda _project, change: seen.append(change))
    return seen


def journey(stack: UndoStack) -> dict[str, str]:
    """Leisure guests: checks in (two needs), has dinner (one need); ids by short name."""
    project = stack.project
    stack.push(
        add_touchpoint(
            project, "Leisure guests", "checks in", rules=[("title", "Front Desk Agent")]
        )
    )
    stack.push(
        add_touchpoint(project, "leisure GUESTS", "has dinner", rules=[("location", "Porto")])
    )
    checks_in, dinner = (t.id for t in project.customer_map.segments[0].touchpoints)
    stack.push(add_need(project, checks_in, "a tablet that stays signed in", "have", "must"))
    stack.push(add_need(project, checks_in, "welcoming", NeedKind.BE, Importance.SHOULD))
    stack.push(add_need(project, dinner, "knows the allergens", "be", "must"))
    tablet, welcoming = (n.id for n in project.customer_map.segments[0].touchpoints[0].needs)
    (allergens,) = (n.id for n in project.customer_map.segments[0].touchpoints[1].needs)
    return {
        "checks in": checks_in,
        "dinner": dinner,
        "tablet": tablet,
        "welcoming": welcoming,
        "allergens": allergens,
    }


# -- the project's customers ---------------------------------------------------------------


def test_customers_are_the_segment_names_of_the_map() -> None:
    project = Project(
        small_chart(), OrgSource("x.xlsx"), customers=["Guests", " guests ", "", "Agents"]
    )
    assert project.customers == ["Guests", "Agents"]  # a repeated or blank name makes none
    kept = CustomerMap((Segment("Agents", touchpoints=(Touchpoint("T-004", "calls"),)),))
    project = Project(small_chart(), OrgSource("x.xlsx"), customers=["Guests", "agents"],
                      customer_map=kept)  # fmt: skip
    assert project.customers == ["Agents", "Guests"]
    assert project.customer_map.segments[0].touchpoints[0].id == "T-004"
    assert project.customer_map.next_touchpoint == 5  # past every id already there
    assert merged_segments((), ["A", "a", "B"]) == (Segment("A"), Segment("B"))


def test_a_map_refuses_repeated_names_and_ids() -> None:
    with pytest.raises(ValueError, match="two customer segments called 'guests'"):
        CustomerMap((Segment("Guests"), Segment("guests")))
    twice = Touchpoint("T-001", "a", needs=(Need("N-0001", "x"), Need("N-0001", "y")))
    with pytest.raises(ValueError, match="N-0001 is used twice"):
        CustomerMap((Segment("Guests", touchpoints=(twice,)),))
    with pytest.raises(ValueError, match="not a touchpoint id"):
        CustomerMap((Segment("Guests", touchpoints=(Touchpoint("X-1", "a"),)),))


# -- segments ------------------------------------------------------------------------------


def test_add_rename_describe_move_and_remove_a_segment(project: Project, stack: UndoStack) -> None:
    seen = changes_of(project)
    command = add_segment(project, "  Wedding   parties ", description="Couples", share=0.1)
    assert command.label == "Add customer segment “Wedding parties”"
    stack.push(command)
    assert project.customers == ["Leisure guests", "Corporate clients", "Wedding parties"]
    assert project.customer_map.segment("wedding parties") == Segment(
        "Wedding parties", "Couples", 0.1
    )
    assert seen[-1] == Change(customers=True)

    stack.push(add_segment(project, "Travel agents", position=0))
    assert project.customers[0] == "Travel agents"

    command = rename_segment(project, "wedding PARTIES", "Weddings")
    assert command.label == "Rename customer segment “Wedding parties” to “Weddings”"
    stack.push(command)
    assert project.customers[-1] == "Weddings"
    assert project.customer_map.segment("Weddings") == Segment("Weddings", "Couples", 0.1)
    stack.push(rename_segment(project, "Weddings", "WEDDINGS"))  # a change of case only
    assert project.customers[-1] == "WEDDINGS"

    stack.push(describe_segment(project, "weddings", "  Couples and guests ", None))
    assert project.customer_map.segment("Weddings") == Segment("WEDDINGS", "Couples and guests")
    assert stack.undo_label == "Describe customer segment “WEDDINGS”"

    command = move_segment(project, "Weddings", 1)
    assert command.label == "Move customer segment “WEDDINGS”"
    stack.push(command)
    assert project.customers == ["Travel agents", "WEDDINGS", "Leisure guests", "Corporate clients"]
    stack.push(move_segment(project, "Travel agents", 99))  # past the end: the last place
    assert project.customers[-1] == "Travel agents"

    command = remove_segment(project, "weddings")
    assert isinstance(command, DeleteSegment)
    assert command.label == "Remove customer segment “WEDDINGS”"
    stack.push(command)
    assert project.customers == ["Leisure guests", "Corporate clients", "Travel agents"]
    assert all(change == Change(customers=True) for change in seen)

    while stack.done:
        stack.undo()
    assert project.customers == ["Leisure guests", "Corporate clients"]


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda p: add_segment(p, "corporate CLIENTS"), "already a customer segment called"),
        (lambda p: add_segment(p, "   "), "a customer segment needs a name"),
        (lambda p: add_segment(p, "New", share=1.5), "a fraction from 0 to 1, not 1.5"),
        (lambda p: add_segment(p, "New", share=float("nan")), "a fraction from 0 to 1"),
        (lambda p: rename_segment(p, "Leisure guests", "corporate clients"), "already a"),
        (lambda p: rename_segment(p, "Nobody", "Someone"), "no customer segment called 'Nobody'"),
        (lambda p: move_segment(p, "Nobody", 0), "no customer segment called"),
        (lambda p: remove_segment(p, "Nobody"), "no customer segment called"),
    ],
)
def test_segment_edits_that_make_no_sense_are_refused(
    project: Project, build: Any, message: str
) -> None:
    with pytest.raises(PlanError, match=message):
        build(project)


def test_the_primitive_commands_check_the_map_as_it_is_when_applied(project: Project) -> None:
    with pytest.raises(PlanError, match="already a customer segment"):
        project.execute(InsertSegment(Segment("leisure guests"), 0))
    with pytest.raises(PlanError, match="no customer segment called 'Gone'"):
        project.execute(DeleteSegment("Gone"))
    with pytest.raises(PlanError, match="no touchpoint T-009"):
        project.execute(DeleteTouchpoint("T-009"))
    with pytest.raises(PlanError, match="no need N-0009"):
        project.execute(EditNeed(Need("N-0009", "x")))
    # An id already in the map (a stale redo, a hand-made command) is refused, not doubled.
    project.execute(InsertTouchpoint("Leisure guests", 0, Touchpoint("T-001", "a")))
    before = project.customer_map.segments
    with pytest.raises(PlanError, match="T-001 is used twice"):
        project.execute(InsertTouchpoint("Corporate clients", 0, Touchpoint("T-001", "b")))
    assert project.customer_map.segments == before


# -- touchpoints ---------------------------------------------------------------------------


def test_touchpoints_get_new_ids_that_are_never_reused(project: Project, stack: UndoStack) -> None:
    seen = changes_of(project)
    command = add_touchpoint(project, "leisure guests", " checks   in ", note=" at the desk ")
    assert command.label == "Add touchpoint “checks in” to Leisure guests"
    stack.push(command)
    first = project.customer_map.segments[0].touchpoints[0]
    assert first == Touchpoint("T-001", "checks in", (), (), "at the desk")
    assert seen[-1] == Change(touchpoints=frozenset({"T-001"}))
    stack.undo()
    assert project.customer_map.touchpoint_count == 0
    assert seen[-1] == Change(touchpoints=frozenset({"T-001"}))
    stack.redo()  # the same touchpoint, the same id
    assert project.customer_map.touchpoint("T-001") == first
    stack.undo()
    stack.push(add_touchpoint(project, "Leisure guests", "books"))
    assert [t.id for _s, t in project.customer_map.touchpoints()] == ["T-002"]
    stack.push(add_touchpoint(project, "Leisure guests", "arrives", position=0))
    assert [t.name for t in project.customer_map.segments[0].touchpoints] == ["arrives", "books"]


def test_rename_note_move_and_remove_a_touchpoint(project: Project, stack: UndoStack) -> None:
    ids = journey(stack)
    seen = changes_of(project)
    command = rename_touchpoint(project, ids["checks in"], "Checks in at the desk")
    assert command.label == "Rename touchpoint “checks in” to “Checks in at the desk”"
    stack.push(command)
    stack.push(set_touchpoint_note(project, ids["checks in"], "busiest at 15:00"))
    assert stack.undo_label == "Edit note of touchpoint “Checks in at the desk”"
    touchpoint = project.customer_map.touchpoint(ids["checks in"])
    assert touchpoint is not None
    assert (touchpoint.name, touchpoint.note, len(touchpoint.needs)) == (
        "Checks in at the desk",
        "busiest at 15:00",
        2,
    )
    assert seen == [Change(touchpoints=frozenset({ids["checks in"]}))] * 2

    command = move_touchpoint(project, ids["checks in"], 1)
    assert command.label == "Move touchpoint “Checks in at the desk”"
    stack.push(command)
    assert [t.id for t in project.customer_map.segments[0].touchpoints] == [
        ids["dinner"],
        ids["checks in"],
    ]
    command = move_touchpoint(project, ids["dinner"], 0, segment="corporate clients")
    assert command.label == "Move touchpoint “has dinner” to Corporate clients"
    stack.push(command)
    assert project.customer_map.segment_of(ids["allergens"]) == project.customer_map.segments[1]
    stack.undo()
    assert [t.id for t in project.customer_map.segments[0].touchpoints] == [
        ids["dinner"],
        ids["checks in"],
    ]
    stack.redo()

    command = remove_touchpoint(project, ids["checks in"])
    assert command.label == "Remove touchpoint “Checks in at the desk” from Leisure guests"
    stack.push(command)
    assert project.customer_map.touchpoint(ids["checks in"]) is None
    assert project.customer_map.need(ids["tablet"]) is None
    stack.undo()
    assert project.customer_map.need(ids["tablet"]) == Need(
        ids["tablet"], "a tablet that stays signed in", NeedKind.HAVE, Importance.MUST
    )


def test_rules_are_checked_and_kept_once(project: Project, stack: UndoStack) -> None:
    ids = journey(stack)
    command = set_touchpoint_rules(
        project,
        ids["checks in"],
        [
            ("Department", "  Front   Office "),
            ServeRule(RuleField.DEPARTMENT, "front office"),  # the same rule again
            ("person", "P4"),
            ("location", "Porto"),
        ],
    )
    assert command.label == "Set who serves “checks in”"
    stack.push(command)
    touchpoint = project.customer_map.touchpoint(ids["checks in"])
    assert touchpoint is not None
    assert touchpoint.rules == (
        ServeRule(RuleField.DEPARTMENT, "Front Office"),
        ServeRule(RuleField.PERSON, "P4"),
        ServeRule(RuleField.LOCATION, "Porto"),
    )
    assert [rule.describe() for rule in touchpoint.rules][:2] == [
        "department Front Office",
        "person P4",
    ]
    for rules, message in [
        ([("team", "x")], "'team' is not something a touchpoint rule can match"),
        ([("title", "  ")], "a title rule needs a value"),
        ([("person", "P99")], "no person with id 'P99'"),
        ([("person", "P1")], r"Diego Gallo \(P1\) has direct reports"),
    ]:
        with pytest.raises(PlanError, match=message):
            set_touchpoint_rules(project, ids["checks in"], rules)
    with pytest.raises(PlanError, match="no touchpoint T-404"):
        set_touchpoint_rules(project, "T-404", [])
    with pytest.raises(PlanError, match="a touchpoint needs a name"):
        add_touchpoint(project, "Leisure guests", "")


# -- needs ---------------------------------------------------------------------------------


def test_add_edit_move_and_remove_needs(project: Project, stack: UndoStack) -> None:
    ids = journey(stack)
    assert [ids["tablet"], ids["welcoming"], ids["allergens"]] == ["N-0001", "N-0002", "N-0003"]
    seen = changes_of(project)
    command = add_need(project, ids["checks in"], "  knows   the hotel ", "BE", position=0)
    assert command.label == "Add need “knows the hotel” to “checks in”"
    stack.push(command)
    touchpoint = project.customer_map.touchpoint(ids["checks in"])
    assert touchpoint is not None
    assert touchpoint.needs[0] == Need("N-0004", "knows the hotel", NeedKind.BE, Importance.SHOULD)
    assert seen[-1] == Change(touchpoints=frozenset({ids["checks in"]}))

    command = edit_need(project, "N-0004", importance="must")
    assert command.label == "Make need “knows the hotel” must"
    stack.push(command)
    assert edit_need(project, "N-0004", kind="do").label == "Make need “knows the hotel” a do need"
    long_text = "has the guest's booking, preferences and previous stays on the screen"
    command = edit_need(project, "N-0004", text=long_text, kind="have")
    assert command.label == "Edit need “knows the hotel”"
    stack.push(command)
    assert project.customer_map.need("N-0004") == Need(
        "N-0004", long_text, NeedKind.HAVE, Importance.MUST
    )
    assert add_need(project, ids["dinner"], long_text, "do").label == (
        "Add need “has the guest's booking, preferences…” to “has dinner”"
    )

    stack.push(move_need(project, "N-0004", 5))
    touchpoint = project.customer_map.touchpoint(ids["checks in"])
    assert touchpoint is not None
    assert [n.id for n in touchpoint.needs] == [ids["tablet"], ids["welcoming"], "N-0004"]

    command = remove_need(project, ids["welcoming"])
    assert isinstance(command, DeleteNeed)
    assert command.label == "Remove need “welcoming” from “checks in”"
    stack.push(command)
    assert not project.customer_map.has_need(ids["welcoming"])

    for build, message in [
        (lambda: add_need(project, ids["dinner"], " ", "be"), "a need needs some text"),
        (lambda: add_need(project, ids["dinner"], "x", "feel"), "'feel' is not a kind of need"),
        (lambda: add_need(project, ids["dinner"], "x", "be", "vital"), "'vital' is not an imp"),
        (lambda: add_need(project, "T-404", "x", "be"), "no touchpoint T-404"),
        (lambda: edit_need(project, ids["welcoming"], text="x"), "no need N-0002"),
    ]:
        with pytest.raises(PlanError, match=message):
            build()


def test_removing_an_answered_need_lets_go_of_it_and_undo_brings_it_back(
    project: Project, stack: UndoStack
) -> None:
    ids = journey(stack)
    stack.push(add_commitment(project, "P1", "Fix the tablets", now=NOW,
                              needs=[ids["tablet"], ids["welcoming"], ids["tablet"]]))  # fmt: skip
    stack.push(add_commitment(project, "P0", "Say hello", now=NOW, needs=[ids["welcoming"]]))
    stack.push(add_commitment(project, "P2", "Menu cards", now=NOW, needs=[ids["allergens"]]))
    assert project.plan["C-0001"].needs == (ids["tablet"], ids["welcoming"])  # each once
    before = snapshot(project)
    seen = changes_of(project)

    command = remove_need(project, ids["welcoming"], now=LATER)
    assert isinstance(command, Batch)
    assert command.label == "Remove need “welcoming” from “checks in”, unlinking 2 commitments"
    stack.push(command)
    assert project.plan["C-0001"].needs == (ids["tablet"],)
    assert project.plan["C-0002"].needs == ()
    assert project.plan["C-0002"].changed == LATER
    assert seen[-1] == Change(
        commitments=frozenset({"C-0001", "C-0002"}),
        managers=frozenset({"P1", "P0"}),
        touchpoints=frozenset({ids["checks in"]}),
    )
    stack.undo()
    assert snapshot(project) == before  # the need, both links and both timestamps

    command = remove_segment(project, "Leisure guests", now=LATER)
    assert command.label == ("Remove customer segment “Leisure guests”, unlinking 3 commitments")
    stack.push(command)
    assert project.customers == ["Corporate clients"]
    assert all(not c.needs for c in project.plan)
    assert seen[-1].customers and seen[-1].touchpoints == {ids["checks in"], ids["dinner"]}
    stack.undo()
    assert snapshot(project) == before

    command = remove_touchpoint(project, ids["dinner"], now=LATER)
    assert command.label.endswith("from Leisure guests, unlinking 1 commitment")
    stack.push(command)
    assert project.plan["C-0003"].needs == ()
    stack.undo()
    assert snapshot(project) == before


def test_commitments_name_the_needs_they_answer(project: Project, stack: UndoStack) -> None:
    ids = journey(stack)
    stack.push(add_commitment(project, "P1", "Buddy for new agents", now=NOW))
    assert project.plan["C-0001"].needs == ()
    command = edit_commitment(project, "C-0001", LATER, needs=[ids["welcoming"], ids["tablet"]])
    assert command.label == "Edit answered needs of C-0001 (Diego Gallo)"
    stack.push(command)
    assert project.plan["C-0001"].needs == (ids["welcoming"], ids["tablet"])
    assert project.plan["C-0001"].changed == LATER
    stack.push(duplicate_commitment(project, "C-0001", now=LATER))
    assert project.plan["C-0002"].needs == (ids["welcoming"], ids["tablet"])
    stack.undo()
    stack.undo()
    assert project.plan["C-0001"].needs == ()
    assert project.plan["C-0001"].changed == NOW
    with pytest.raises(PlanError, match="there is no need 'N-0404' at any touchpoint of Hotel"):
        edit_commitment(project, "C-0001", needs=["N-0404"])
    with pytest.raises(PlanError, match="no need 'T-001'"):
        add_commitment(project, "P1", "x", needs=[ids["checks in"]])


def test_every_edit_undoes_and_redoes_exactly(project: Project, stack: UndoStack) -> None:
    states = [snapshot(project)]
    labels: list[str] = []

    def push(command: Command) -> None:
        stack.push(command)
        states.append(snapshot(project))
        labels.append(command.label)

    push(add_segment(project, "Wedding parties", share=0.2))
    push(add_touchpoint(project, "Leisure guests", "books", rules=[("department", "Front office")]))
    push(add_touchpoint(project, "Wedding parties", "tastes the menu"))
    books, tastes = (t.id for _s, t in project.customer_map.touchpoints())
    push(add_need(project, books, "a clear price list", "have", "must"))
    push(add_need(project, tastes, "knows every dish", "be", "nice"))
    first_need = project.customer_map.segments[0].touchpoints[0].needs[0].id
    push(add_commitment(project, "P1", "Price list at the desk", now=NOW, needs=[first_need]))
    push(set_touchpoint_rules(project, books, [("person", "P3"), ("title", "Porter")]))
    push(move_touchpoint(project, tastes, 0, "Leisure guests"))
    push(move_need(project, first_need, 0))
    push(edit_need(project, first_need, text="prices for every room"))
    push(rename_segment(project, "Leisure guests", "Holiday guests"))
    push(move_segment(project, "Wedding parties", 0))
    push(describe_segment(project, "Wedding parties", "Couples", None))
    push(remove_need(project, first_need, now=LATER))
    push(remove_segment(project, "Holiday guests", now=LATER))
    assert len(set(labels)) == len(labels)

    for expected, label in zip(reversed(states[:-1]), reversed(labels), strict=True):
        assert stack.undo_label == label
        stack.undo()
        assert snapshot(project) == expected, label
    for expected, label in zip(states[1:], labels, strict=True):
        assert stack.redo_label == label
        stack.redo()
        assert snapshot(project) == expected, label


def test_each_small_command_returns_its_counterpart(project: Project, stack: UndoStack) -> None:
    ids = journey(stack)
    pairs: list[tuple[Command, type]] = [
        (InsertSegment(Segment("New"), 1), DeleteSegment),
        (MoveSegment("New", 0), MoveSegment),
        (DeleteSegment("New"), InsertSegment),
        (EditTouchpoint(ids["dinner"], "dines", (), "n"), EditTouchpoint),
        (MoveTouchpoint(ids["dinner"], 0), MoveTouchpoint),
        (InsertNeed(ids["dinner"], 0, Need("N-0100", "x")), DeleteNeed),
        (MoveNeed("N-0100", 1), MoveNeed),
        (EditNeed(Need("N-0100", "y", NeedKind.BE)), EditNeed),
        (DeleteNeed("N-0100"), InsertNeed),
    ]
    for command, inverse_type in pairs:
        before = snapshot(project)
        inverse, _change = command.apply(project)
        assert isinstance(inverse, inverse_type)
        inverse.apply(project)
        assert snapshot(project) == before, command
        command.apply(project)
    assert project.customer_map.next_need == 101  # a hand-made id moves the counter past it


# -- the organisation update keeps the customers' day --------------------------------------


def test_an_update_from_hr_adds_segments_and_keeps_touchpoints(
    project: Project, stack: UndoStack
) -> None:
    ids = journey(stack)
    before = snapshot(project)
    seen = changes_of(project)
    chart = small_chart()
    command = update_organisation(
        project, chart, OrgSource("hotel June.xlsx"), ["Wedding parties", "leisure guests"]
    )
    stack.push(command)
    assert project.customers == ["Leisure guests", "Corporate clients", "Wedding parties"]
    assert project.customer_map.touchpoint(ids["checks in"]) is not None
    assert seen[-1].org and seen[-1].customers and not seen[-1].touchpoints
    stack.undo()
    assert snapshot(project) == before
    stack.push(ReplaceOrganisation(chart, OrgSource("same.xlsx"), tuple(project.customers)))
    assert snapshot(project) == before
    assert seen[-1] == Change(org=True)  # nobody has commitments, and the customers stay


def test_change_combines_and_knows_when_it_is_empty() -> None:
    assert Change().empty and not Change().customer_map_changed
    assert not Change(customers=True).empty and Change(customers=True).customer_map_changed
    combined = Change(touchpoints=frozenset({"T-001"})) | Change(
        customers=True, touchpoints=frozenset({"T-002"}), commitments=frozenset({"C-0001"})
    )
    assert combined == Change(
        commitments=frozenset({"C-0001"}),
        customers=True,
        touchpoints=frozenset({"T-001", "T-002"}),
    )


# -- who stands at a touchpoint ------------------------------------------------------------


def people(chart: OrgChart, *rules: tuple[str, str]) -> list[str]:
    touchpoint = Touchpoint("T-001", "t", tuple(ServeRule(RuleField(f), v) for f, v in rules))
    nodes = served_people(chart, touchpoint)
    assert nodes.dtype == np.int64
    return [chart.ids[i] for i in nodes.tolist()]


def test_rules_pick_the_front_line_people_at_a_touchpoint() -> None:
    chart = small_chart()
    # Diego (P1) is in the Front Office too, and Fern (P2) in Porto, but they have reports.
    assert people(chart, ("department", "front OFFICE")) == ["P3", "P4", "P6"]
    assert people(chart, ("title", "Front Desk Agent")) == ["P3", "P6", "P7"]
    assert people(chart, ("location", " porto")) == ["P5", "P6"]
    assert people(chart, ("person", "P4")) == ["P4"]
    assert people(chart, ("person", "P1")) == []  # a manager never stands at a touchpoint
    assert people(chart, ("person", "P99")) == []  # someone who left
    assert people(chart, ("title", "Front Desk Agent"), ("location", "Porto")) == [
        "P3",
        "P5",
        "P6",
        "P7",
    ]
    assert people(chart) == []
    assert people(chart, ("department", "Spa")) == []
    touchpoint = Touchpoint(
        "T-001",
        "t",
        (
            ServeRule(RuleField.TITLE, "Porter"),
            ServeRule(RuleField.TITLE, "Front Office Manager"),
            ServeRule(RuleField.PERSON, "P99"),
        ),
    )
    assert unmatched_rules(chart, touchpoint) == list(touchpoint.rules[1:])


def test_rules_match_a_large_organisation_column_by_column() -> None:
    n = 200_000
    parent = np.arange(n) // 10 - 1  # 0 is the root; everyone else reports in tens
    parent[0] = -1
    titles = ["Agent" if i % 3 else "Porter" for i in range(n)]
    chart = OrgChart.from_parents([f"P{i}" for i in range(n)], parent, titles=titles)
    touchpoint = Touchpoint("T-001", "t", (ServeRule(RuleField.TITLE, "porter"),))
    found = served_people(chart, touchpoint)
    front_line = chart.span_of_control == 0
    expected = np.flatnonzero(front_line & (np.arange(n) % 3 == 0))
    np.testing.assert_array_equal(found, expected)


# -- needs coverage ------------------------------------------------------------------------


def coverage_project() -> Project:
    """Two segments, three touchpoints and six needs; commitments of every kind of link."""

    def need(number: int, importance: str) -> Need:
        return Need(f"N-{number:04d}", f"need {number}", NeedKind.DO, Importance(importance))

    leisure = Segment(
        "Leisure guests",
        touchpoints=(
            Touchpoint("T-001", "books", needs=(need(1, "must"), need(2, "should"))),
            Touchpoint("T-002", "checks in", needs=(need(3, "must"), need(4, "nice"))),
        ),
    )
    corporate = Segment(
        "Corporate clients",
        touchpoints=(Touchpoint("T-003", "negotiates", needs=(need(5, "must"), need(6, "must"))),),
    )
    empty = Segment("Wedding parties")
    project = Project(
        small_chart(),
        OrgSource("x.xlsx"),
        customer_map=CustomerMap((leisure, corporate, empty)),
    )

    def commitment(number: int, status: Status, *needs: str) -> Commitment:
        return Commitment(f"C-{number:04d}", "P1", "x", status=status, needs=needs)

    project.plan.put(
        [
            commitment(1, Status.IN_PROGRESS, "N-0001", "N-0003"),
            commitment(2, Status.DONE, "N-0003"),
            commitment(3, Status.DROPPED, "N-0002", "N-0005"),  # answers nothing
            commitment(4, Status.PLANNED, "N-0006", "N-0404"),  # one id no longer in the map
            commitment(5, Status.PLANNED),
        ]
    )
    return project


def test_needs_coverage_worked_out_by_hand() -> None:
    project = coverage_project()
    coverage = needs_coverage(project)
    assert coverage.answered_by == {
        "N-0001": ("C-0001",),
        "N-0002": (),
        "N-0003": ("C-0001", "C-0002"),
        "N-0004": (),
        "N-0005": (),
        "N-0006": ("C-0004",),
    }
    assert coverage.is_answered("N-0003") and not coverage.is_answered("N-0005")
    assert coverage.by_touchpoint == {
        "T-001": NeedTally(answered=1, total=2, must_answered=1, must_total=1),
        "T-002": NeedTally(answered=1, total=2, must_answered=1, must_total=1),
        "T-003": NeedTally(answered=1, total=2, must_answered=1, must_total=2),
    }
    assert coverage.by_segment == {
        "Leisure guests": NeedTally(answered=2, total=4, must_answered=2, must_total=2),
        "Corporate clients": NeedTally(answered=1, total=2, must_answered=1, must_total=2),
        "Wedding parties": NeedTally(),
    }
    assert coverage.overall == NeedTally(answered=3, total=6, must_answered=3, must_total=4)
    assert (coverage.overall.unanswered, coverage.overall.must_unanswered) == (3, 1)
    assert coverage.unknown == {"C-0004": ("N-0404",)}
    assert [place.need.id for place in coverage.unanswered()] == ["N-0002", "N-0004", "N-0005"]
    assert [place.need.id for place in coverage.unanswered(Importance.NICE)] == ["N-0004"]
    (place,) = unanswered_must_needs(project)
    segment, touchpoint, need = place
    assert (segment.name, touchpoint.id, need.id) == ("Corporate clients", "T-003", "N-0005")


def test_needs_coverage_follows_the_plan() -> None:
    project = coverage_project()
    project.execute(edit_commitment(project, "C-0005", NOW, needs=["N-0005"]))
    assert unanswered_must_needs(project) == []
    project.execute(edit_commitment(project, "C-0005", NOW, status="dropped"))
    assert [p.need.id for p in unanswered_must_needs(project)] == ["N-0005"]
    assert needs_coverage(Project(small_chart(), OrgSource("x.xlsx"))).overall == NeedTally()


def test_answering_commitments_are_listed_by_number() -> None:
    project = coverage_project()
    project.plan.put(
        Commitment(commitment_id, "P1", "x", needs=("N-0002",))
        for commitment_id in ("C-10000", "C-9999", "C-0010")
    )
    assert needs_coverage(project).answered_by["N-0002"] == ("C-0010", "C-9999", "C-10000")
