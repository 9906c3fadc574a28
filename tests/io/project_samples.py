"""Projects for the project-file tests: one with every kind of content, and a full comparison."""

from __future__ import annotations

import datetime as dt

import numpy as np

from pyramid_app.model.library import PracticeFamily, PracticeLibrary, Suggestion
from pyramid_app.model.org import ROOT_ID, UNASSIGNED_ID, OrgChart
from pyramid_app.model.plan import Commitment, Plan, ProgressNote, Status
from pyramid_app.model.project import OrgSource, Project

SHIPPED = (
    PracticeFamily(
        "Leadership", "Set the direction", (Suggestion("Share the plan", "asked", "monthly"),), True
    ),
    PracticeFamily("Get it done", "Remove barriers", (Suggestion("Fix one blocker"),), True),
)

# Two real roots (A and X) under a synthetic organisation node, and a synthetic unassigned group.
_PEOPLE = [
    # id, parent id, name, title, department, location, email, cost centre, grade
    (ROOT_ID, None, "Organisation", "", "", "", "", "", ""),
    ("A", ROOT_ID, "Ann Abe", "Chief executive", "Board", "Lisbon", "ann@example.com", "CC1", "9"),
    ("B", "A", "Bob Berg", "Head of service", "Service", "Oslo", "bob@example.com", "CC2", "7"),
    ("C", "A", "Cy Cruz", "Head of sales", "Sales", "Lima", "", "CC3", ""),
    ("D", "B", "Zoë Diaz", "Agent", "Service", "東京", "zoe@example.com", "CC2", "3"),
    ("E", "B", "Eli Eto", "Agent", "Service", "Oslo", "eli@example.com", "CC2", "3"),
    ("F", "B", "Fay Fox", "Agent, nights", "Service", "Oslo", "", "", "3"),
    ("G", "C", "Gus Gray", "Account manager", "Sales", "Lima", "gus@example.com", "CC3", "4"),
    ("X", ROOT_ID, "Xia Xu", "Founder", "Board", "Porto", "", "", ""),
    ("Y", "X", "Yan 'Quote' \"Yu\"", "Adviser", "", "", "", "", ""),
    (UNASSIGNED_ID, ROOT_ID, "Unassigned", "", "", "", "", "", ""),
    ("H", UNASSIGNED_ID, "Hana Holm", "Temp", "", "", "", "", ""),
]


def sample_chart() -> OrgChart:
    index = {row[0]: i for i, row in enumerate(_PEOPLE)}
    columns = list(zip(*_PEOPLE, strict=True))
    return OrgChart(
        ids=list(columns[0]),
        parent=np.array([index[p] if p is not None else -1 for p in columns[1]], dtype=np.int64),
        names=list(columns[2]),
        titles=list(columns[3]),
        departments=list(columns[4]),
        locations=list(columns[5]),
        emails=list(columns[6]),
        synthetic=np.array([row[0] in (ROOT_ID, UNASSIGNED_ID) for row in _PEOPLE]),
        attributes={"Cost centre": list(columns[7]), "Grade": list(columns[8])},
    )


def sample_commitments() -> list[Commitment]:
    created = dt.datetime(2025, 3, 1, 9, 30)
    return [
        Commitment(
            id="C-0001",
            manager_id="A",
            text="Hold a 30-minute one-to-one with each report every two weeks",
            practice="Leadership",
            measure="one-to-ones held / planned",
            cadence="fortnightly",
            due=dt.date(2025, 6, 30),
            status=Status.IN_PROGRESS,
            owner_note="Start with the new heads",
            notes=(
                ProgressNote(dt.date(2025, 3, 15), "First round done"),
                ProgressNote(dt.date(2025, 4, 1), "Missed one with Cy; rebooked"),
            ),
            created=created,
            changed=dt.datetime(2025, 4, 1, 17, 5, 12),
        ),
        Commitment(
            id="C-0002",
            manager_id="B",
            text="Sit with the night shift once a month",
            practice="Listening",
            serves=("D", "F"),
            cadence="monthly",
            status=Status.PLANNED,
            created=created,
            changed=created,
        ),
        Commitment(
            id="C-0004",
            manager_id="C",
            text="Remove one approval step from refunds",
            serves=("G",),
            measure="refund time in days",
            due=dt.date(2025, 5, 1),
            status=Status.DONE,
            notes=(ProgressNote(dt.date(2025, 4, 20), "Done: manager sign-off dropped"),),
            created=created,
            changed=created,
        ),
        Commitment(
            id="C-0010",
            manager_id="X",
            text="Mentor Yan — «quarterly» review\nwith notes",
            status=Status.DROPPED,
            created=created,
            changed=created,
        ),
    ]


def sample_project() -> Project:
    source = OrgSource(
        file_name="Harbourlight HR export.xlsx",
        sheet="People",
        header_row=3,
        mapping={"id": "Employee ID", "manager": "Reports to", "name": "Full name"},
        imported_at=dt.datetime(2025, 2, 28, 14, 0, 5),
    )
    library = PracticeLibrary(
        shipped=SHIPPED,
        user_families={
            "Listening": PracticeFamily(
                "Listening",
                "Hear the front line first",
                (Suggestion("Sit with a shift", "shifts joined", "monthly"), Suggestion("Ask")),
            ),
            "Leadership": PracticeFamily("Leadership", "", (Suggestion("Our own idea"),)),
        },
    )
    return Project(
        sample_chart(),
        source,
        customers=["Hotel guests", "Travel agents", "Event planners"],
        plan=Plan({c.id: c for c in sample_commitments()}, next_number=12),
        library=library,
        name="Harbourlight plan",
    )


def assert_same_chart(first: OrgChart, second: OrgChart) -> None:
    for column in ("ids", "names", "titles", "departments", "locations", "emails", "attributes"):
        assert getattr(first, column) == getattr(second, column), column
    assert list(first.attributes) == list(second.attributes)
    np.testing.assert_array_equal(first.parent, second.parent)
    np.testing.assert_array_equal(first.synthetic, second.synthetic)
    assert first.parent.dtype == second.parent.dtype
    assert first.synthetic.dtype == second.synthetic.dtype


def assert_same_project(first: Project, second: Project) -> None:
    """Everything a project file stores is equal (the shipped library is not stored)."""
    assert_same_chart(first.chart, second.chart)
    assert first.source == second.source
    assert first.customers == second.customers
    assert first.customer_map == second.customer_map
    assert first.plan.commitments == second.plan.commitments
    assert first.plan.next_number == second.plan.next_number
    assert first.plan.managers() == second.plan.managers()
    assert first.library.user_families == second.library.user_families
    assert list(first.library.user_families) == list(second.library.user_families)
    assert first.name == second.name
    assert list(first.targets) == list(second.targets)
    assert list(first.results) == list(second.results)
