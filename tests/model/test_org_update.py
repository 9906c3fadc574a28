"""A new HR export for a project with a plan: the differences, the flags, applying and undoing."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from pyramid_app.model.commands import UndoStack, add_commitment, update_organisation
from pyramid_app.model.org import ROOT_ID, UNASSIGNED_ID, OrgChart
from pyramid_app.model.org_update import (
    FieldChange,
    Flag,
    FlagKind,
    Move,
    compare_orgs,
    plan_flags,
    preview_update,
)
from pyramid_app.model.plan import Commitment
from pyramid_app.model.project import OrgSource, Project

NOW = dt.datetime(2025, 3, 1, 9, 0)

# January: Ann <- Bob, Cy, Kim ; Bob <- Di, Ed, Flo ; Cy <- Gil ; Kim <- Lu
JANUARY = [
    ("A", "", "Ann Archer", "Chief Executive"),
    ("B", "A", "Bob Baker", "Head of Rooms"),
    ("C", "A", "Cy Cole", "Head of Kitchen"),
    ("K", "A", "Kim King", "Head of Spa"),
    ("D", "B", "Di Dunn", "Receptionist"),
    ("E", "B", "Ed Eng", "Receptionist"),
    ("F", "B", "Flo Fox", "Porter"),
    ("G", "C", "Gil Gray", "Chef"),
    ("L", "K", "Lu Lane", "Therapist"),
]
# March: Kim left (Lu now reports to Ann), Flo moved to Ann, Gil moved to Bob (so Cy has no
# reports), Hal joined under Ann, Ed was promoted.
MARCH = [
    ("A", "", "Ann Archer", "Chief Executive"),
    ("B", "A", "Bob Baker", "Head of Rooms"),
    ("C", "A", "Cy Cole", "Head of Kitchen"),
    ("D", "B", "Di Dunn", "Receptionist"),
    ("E", "B", "Ed Eng", "Head Receptionist"),
    ("F", "A", "Flo Fox", "Porter"),
    ("G", "B", "Gil Gray", "Chef"),
    ("H", "A", "Hal Hunt", "Concierge"),
    ("L", "A", "Lu Lane", "Therapist"),
]


def chart(rows: list[tuple[str, str, str, str]]) -> OrgChart:
    ids = [row[0] for row in rows]
    parent = [ids.index(row[1]) if row[1] else -1 for row in rows]
    return OrgChart.from_parents(
        ids, parent, [row[2] for row in rows], titles=[row[3] for row in rows]
    )


def source(file_name: str) -> OrgSource:
    return OrgSource(file_name, "People", 1, {"id": "Employee ID"}, NOW)


@pytest.fixture
def project() -> Project:
    """January's organisation with a plan; one commitment (C-0007) was flagged already."""
    project = Project(chart(JANUARY), source("hr_january.xlsx"), ["Guests"])
    stack = UndoStack(project)
    for manager, text, serves in (
        ("B", "Coach Di and Flo on guest complaints", ("D", "F")),  # C-0001
        ("C", "Taste every new dish with the chefs", ()),  # C-0002
        ("K", "Weekly spa huddle", ()),  # C-0003
        ("A", "Monthly one-to-one with the head of spa", ("K",)),  # C-0004
        ("B", "Shadow Ed on the night shift", ("E",)),  # C-0005
        ("B", "Fortnightly one-to-ones", ()),  # C-0006
    ):
        stack.push(add_commitment(project, manager, text, now=NOW, serves=serves))
    former = Commitment("C-0007", "Z", "Left over from an older export", created=NOW)
    project.plan.put([former])
    return project


def test_compare_finds_joiners_leavers_moves_and_changes() -> None:
    update = compare_orgs(chart(JANUARY), chart(MARCH))
    assert update.joiners == ("H",)
    assert update.leavers == ("K",)
    assert update.moves == (Move("F", "B", "A"), Move("G", "C", "B"), Move("L", "K", "A"))
    assert update.changes == (FieldChange("E", "title", "Receptionist", "Head Receptionist"),)
    assert update.describe() == "1 joiner, 1 leaver, 3 moves, 1 changed detail"
    assert compare_orgs(chart(MARCH), chart(MARCH)).empty


def test_changes_are_listed_person_by_person_then_field() -> None:
    old = OrgChart.from_parents(
        ["A", "B", "C"], [-1, 0, 0], ["Ann", "Bob", "Cy"], emails=["a@x", "b@x", "c@x"]
    )
    new = OrgChart.from_parents(
        ["C", "A", "B"],
        [1, -1, 1],
        ["Cyril", "Ann", "Bobby"],
        emails=["c@y", "a@x", "b@x"],
        locations=["Leeds", "", ""],
    )
    assert compare_orgs(old, new).changes == (
        FieldChange("C", "name", "Cy", "Cyril"),
        FieldChange("C", "location", "", "Leeds"),
        FieldChange("C", "email", "c@x", "c@y"),
        FieldChange("B", "name", "Bob", "Bobby"),
    )


def with_synthetic(ids: list[str], parent: list[int], synthetic: list[str]) -> OrgChart:
    n = len(ids)
    return OrgChart(
        ids=ids,
        parent=np.asarray(parent, dtype=np.int64),
        names=list(ids),
        titles=[""] * n,
        departments=[""] * n,
        locations=[""] * n,
        emails=[""] * n,
        synthetic=np.isin(np.asarray(ids), synthetic),
    )


def test_synthetic_nodes_are_not_people() -> None:
    # Two tops under a synthetic root; P's manager was missing from the sheet (Unassigned).
    old = with_synthetic(
        ["A", "X", "P", UNASSIGNED_ID, ROOT_ID], [4, 4, 3, 4, -1], [ROOT_ID, UNASSIGNED_ID]
    )
    # One top now, and P found their manager: A.
    new = with_synthetic(["A", "X", "P"], [-1, 0, 0], [])
    update = compare_orgs(old, new)
    assert update.joiners == ()
    assert update.leavers == ()
    assert update.moves == (Move("X", "", "A"), Move("P", "", "A"))


def test_preview_lists_what_applying_would_newly_flag(project: Project) -> None:
    preview = preview_update(project, chart(MARCH))
    assert preview.update == compare_orgs(project.chart, chart(MARCH))
    assert preview.new_flags == {
        "C-0001": [
            Flag(
                FlagKind.SERVES_MOVED,
                "serves Flo Fox (F), who now reports to Ann Archer (A)",
                "F",
                "A",
            )
        ],
        "C-0002": [Flag(FlagKind.NO_REPORTS, "Cy Cole (C) has no direct reports now", "C")],
        "C-0003": [Flag(FlagKind.OWNER_LEFT, "owner Kim King (K) left the organisation", "K")],
        "C-0004": [Flag(FlagKind.SERVES_LEFT, "serves Kim King (K), who left", "K")],
    }
    assert preview.counts() == {
        "joiners": 1,
        "leavers": 1,
        "moves": 3,
        "changes": 1,
        "flagged_commitments": 4,
    }
    assert preview.summary() == (
        "1 joiner, 1 leaver, 3 moves, 1 changed detail; 4 commitments newly flagged "
        "(1 owner left, 1 no reports now, 1 serves someone who moved, "
        "1 serves someone who left)."
    )
    # A preview changes nothing.
    assert project.chart.ids == [row[0] for row in JANUARY]
    assert list(plan_flags(project)) == ["C-0007"]


def test_applying_keeps_and_flags_commitments_and_undo_clears_the_flags(
    project: Project,
) -> None:
    before_plan = dict(project.plan.commitments)
    before_chart = project.chart
    stack = UndoStack(project)
    command = update_organisation(project, chart(MARCH), source("hr_march.xlsx"), ["Guests"])
    assert command.label == (
        "Update organisation from hr_march.xlsx (1 joiner, 1 leaver, 3 moves, 1 changed detail)"
    )
    stack.push(command)

    assert project.source.file_name == "hr_march.xlsx"
    assert project.chart.ids == [row[0] for row in MARCH]
    assert project.plan.commitments == before_plan
    flags = plan_flags(project)
    assert {cid: [flag.kind for flag in found] for cid, found in flags.items()} == {
        "C-0001": [FlagKind.SERVES_MOVED],
        "C-0002": [FlagKind.NO_REPORTS],
        "C-0003": [FlagKind.OWNER_LEFT],
        "C-0004": [FlagKind.SERVES_LEFT],
        "C-0007": [FlagKind.OWNER_LEFT],
    }
    # Kim is gone from the chart, so the flag can only name her by id now.
    assert flags["C-0003"][0].message == "owner K left the organisation"
    assert stack.undo_label == command.label

    stack.undo()
    assert project.chart is before_chart
    assert project.source.file_name == "hr_january.xlsx"
    assert project.plan.commitments == before_plan
    assert list(plan_flags(project)) == ["C-0007"]

    stack.redo()
    assert project.chart.ids == [row[0] for row in MARCH]
    assert len(plan_flags(project)) == 5


def test_person_without_a_manager_now(project: Project) -> None:
    # Flo's team gets its own top, under a synthetic root: she serves no one's plan by Bob now.
    rows = [row for row in JANUARY if row[0] != "F"]
    ids = [row[0] for row in rows] + ["F", ROOT_ID]
    parent = [ids.index(row[1]) if row[1] else len(ids) - 1 for row in rows] + [len(ids) - 1, -1]
    new = with_synthetic(ids, parent, [ROOT_ID])
    preview = preview_update(project, new)
    assert preview.new_flags["C-0001"] == [
        Flag(FlagKind.SERVES_MOVED, "serves Flo Fox (F), who now has no manager", "F")
    ]
    assert Move("F", "B", "") in preview.update.moves


def naive_compare(
    old: OrgChart, new: OrgChart
) -> tuple[set[str], set[str], set[Move], set[FieldChange]]:
    def people(org: OrgChart) -> dict[str, tuple[str, ...]]:
        found: dict[str, tuple[str, ...]] = {}
        for i, person_id in enumerate(org.ids):
            if org.synthetic[i]:
                continue
            up = int(org.parent[i])
            manager = org.ids[up] if up >= 0 and not org.synthetic[up] else ""
            person = org.person(i)
            found[person_id] = (manager, person.name, person.title, person.department)
        return found

    before, after = people(old), people(new)
    moves = {
        Move(p, before[p][0], after[p][0])
        for p in after
        if p in before and before[p][0] != after[p][0]
    }
    changes = {
        FieldChange(p, field, before[p][k], after[p][k])
        for p in after
        if p in before
        for k, field in ((1, "name"), (2, "title"), (3, "department"))
        if before[p][k] != after[p][k]
    }
    return set(after) - set(before), set(before) - set(after), moves, changes


@pytest.mark.parametrize("seed", range(8))
def test_compare_agrees_with_a_plain_loop_on_random_charts(seed: int) -> None:
    rng = np.random.default_rng(seed)

    def random_chart(ids: list[str]) -> OrgChart:
        n = len(ids)
        parent = [-1] + [int(rng.integers(0, i)) for i in range(1, n)]
        return OrgChart.from_parents(
            ids,
            parent,
            [f"N{rng.integers(3)}" for _ in ids],
            titles=[f"T{rng.integers(3)}" for _ in ids],
            departments=[f"D{rng.integers(2)}" for _ in ids],
        )

    old_ids = [f"P{i}" for i in rng.permutation(40)]
    new_ids = [f"P{i}" for i in rng.permutation(50) if rng.random() > 0.2]
    old, new = random_chart(old_ids), random_chart(new_ids)
    update = compare_orgs(old, new)
    joiners, leavers, moves, changes = naive_compare(old, new)
    assert set(update.joiners) == joiners
    assert set(update.leavers) == leavers
    assert set(update.moves) == moves
    assert set(update.changes) == changes
    assert len(update.moves) == len(moves)
    assert len(update.changes) == len(changes)
