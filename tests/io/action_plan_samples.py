"""A small hotel project for the action-plan tests, and helpers to read and edit its workbook.

Ann (A, chief executive) <- Bob (B), Cy (C), Kim (K); Bob <- Di, Ed, Flo; Cy <- Gil; Kim <- Lu.
Kim has no commitment, so the Managers sheet must still list her.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import openpyxl

from pyramid_app.io.workbook.columns import PLAN_COLUMNS, PLAN_SHEET
from pyramid_app.model.customers import (
    CustomerMap,
    Importance,
    Need,
    NeedKind,
    RuleField,
    Segment,
    ServeRule,
    Touchpoint,
)
from pyramid_app.model.org import OrgChart
from pyramid_app.model.plan import Commitment, Plan, ProgressNote, Status
from pyramid_app.model.project import OrgSource, Project

TODAY = dt.date(2025, 3, 1)
EXPORTED = dt.datetime(2025, 3, 1, 9, 0)
CREATED = dt.datetime(2025, 2, 1, 9, 0)
HEADERS = [column.header for column in PLAN_COLUMNS]

_PEOPLE = [
    # id, manager, name, title, department, location
    ("A", None, "Ann Archer", "Chief Executive", "Board", "HQ"),
    ("B", "A", "Bob Baker", "Head of Rooms", "Rooms", "HQ"),
    ("C", "A", "Cy Cole", "Head of Kitchen", "Kitchen", "HQ"),
    ("K", "A", "Kim King", "Head of Spa", "Spa", "Spa"),
    ("D", "B", "Di Dunn", "Receptionist", "Rooms", "Lobby"),
    ("E", "B", "Ed Eng", "Receptionist", "Rooms", "Lobby"),
    ("F", "B", "Flo Fox", "Porter", "Rooms", "Lobby"),
    ("G", "C", "Gil Gray", "Chef", "Kitchen", "HQ"),
    ("L", "K", "Lu Lane", "Therapist", "Spa", "Spa"),
]


def hotel_chart() -> OrgChart:
    index = {row[0]: i for i, row in enumerate(_PEOPLE)}
    return OrgChart.from_parents(
        [row[0] for row in _PEOPLE],
        [index[row[1]] if row[1] else -1 for row in _PEOPLE],
        names=[row[2] for row in _PEOPLE],
        titles=[row[3] for row in _PEOPLE],
        departments=[row[4] for row in _PEOPLE],
        locations=[row[5] for row in _PEOPLE],
    )


def hotel_customers() -> CustomerMap:
    check_in = Touchpoint(
        "T-001",
        "Arrives and checks in",
        rules=(ServeRule(RuleField.TITLE, "Receptionist"),),
        needs=(
            Need(
                "N-0001", "a check-in tablet that stays signed in", NeedKind.HAVE, Importance.MUST
            ),
            Need("N-0002", "welcoming, whatever the queue", NeedKind.BE, Importance.SHOULD),
            Need("N-0003", "authority to upgrade a guest", NeedKind.HAVE, Importance.MUST),
        ),
    )
    dinner = Touchpoint(
        "T-002", "Dinner", rules=(ServeRule(RuleField.DEPARTMENT, "Kitchen"),), needs=()
    )
    return CustomerMap(
        (Segment("Leisure guests", touchpoints=(check_in, dinner)), Segment("Companies"))
    )


def hotel_commitments() -> list[Commitment]:
    return [
        Commitment(
            id="C-0001",
            manager_id="A",
            text="Hold a monthly town hall",
            practice="Leadership",
            measure="town halls held / 12",
            cadence="monthly",
            due=dt.date(2025, 12, 31),
            status=Status.IN_PROGRESS,
            notes=(
                ProgressNote(dt.date(2025, 1, 10), "First one held"),
                ProgressNote(dt.date(2025, 2, 14), "Second one: 40 questions"),
            ),
            created=CREATED,
            changed=dt.datetime(2025, 2, 14, 17, 0),
        ),
        Commitment(
            id="C-0002",
            manager_id="B",
            text="Coach Di on upselling",
            practice="Get it done",
            serves=("D",),
            measure="upsells a week",
            cadence="weekly",
            due=dt.date(2025, 2, 1),  # overdue on TODAY
            status=Status.PLANNED,
            needs=("N-0002",),
            created=CREATED,
            changed=CREATED,
        ),
        Commitment(
            id="C-0003",
            manager_id="B",
            text="Fix the check-in tablets",
            practice="Get it done",
            status=Status.DONE,
            needs=("N-0001",),
            notes=(ProgressNote(dt.date(2025, 2, 20), "New tablets in"),),
            created=CREATED,
            changed=CREATED,
        ),
        Commitment(
            id="C-0004",
            manager_id="C",
            text="Order better knives",
            status=Status.DROPPED,
            created=CREATED,
            changed=CREATED,
        ),
    ]


def hotel_project() -> Project:
    return Project(
        hotel_chart(),
        OrgSource("hotel.xlsx", "People", imported_at=dt.datetime(2025, 1, 5, 8, 30)),
        plan=Plan({c.id: c for c in hotel_commitments()}, next_number=5),
        name="Hotel plan",
        customer_map=hotel_customers(),
    )


# -- the workbook as a user sees it --------------------------------------------------------

_ESCAPED = re.compile("_x([0-9A-Fa-f]{4})_")


def shown(value: Any) -> Any:
    """A cell value as Excel shows it (openpyxl keeps Excel's _xHHHH_ escapes as they are)."""
    if isinstance(value, str):
        return _ESCAPED.sub(lambda match: chr(int(match[1], 16)), value)
    return value


def plan_rows(path: Path) -> dict[str, dict[str, Any]]:
    """The Action plan sheet read with openpyxl: commitment id -> {header: value}."""
    workbook = openpyxl.load_workbook(path)
    sheet = workbook[PLAN_SHEET]
    headers = [cell.value for cell in sheet[1]]
    rows = {}
    for row in sheet.iter_rows(min_row=2, values_only=True):
        if row[0] is None:
            continue
        rows[row[0]] = dict(zip(headers, row, strict=True))
    return rows


class PlanEditor:
    """Edits the Action plan sheet the way a person in Excel would, then saves."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.workbook = openpyxl.load_workbook(path)
        self.sheet = self.workbook[PLAN_SHEET]

    def column(self, header: str) -> int:
        headers = [cell.value for cell in self.sheet[1]]
        return headers.index(header) + 1

    def row_of(self, commitment_id: str) -> int:
        id_column = self.column("Commitment id")
        for row in range(2, self.sheet.max_row + 1):
            if self.sheet.cell(row, id_column).value == commitment_id:
                return row
        raise KeyError(commitment_id)

    def set(self, commitment_id: str, header: str, value: Any) -> None:
        self.sheet.cell(self.row_of(commitment_id), self.column(header)).value = value

    def add_row(self, values: dict[str, Any]) -> int:
        row = self.sheet.max_row + 1
        for header, value in values.items():
            self.sheet.cell(row, self.column(header)).value = value
        return row

    def delete(self, commitment_id: str) -> None:
        self.sheet.delete_rows(self.row_of(commitment_id))

    def sort_by(self, header: str, reverse: bool = False) -> None:
        """Sort the data rows by one column (values only, as Excel's sort does)."""
        sheet = self.sheet
        width = sheet.max_column
        rows = [
            [sheet.cell(row, column).value for column in range(1, width + 1)]
            for row in range(2, sheet.max_row + 1)
        ]
        key = self.column(header) - 1
        rows.sort(key=lambda values: str(values[key] or ""), reverse=reverse)
        for offset, values in enumerate(rows):
            for column, value in enumerate(values, start=1):
                sheet.cell(offset + 2, column).value = value

    def move_column_to_end(self, header: str) -> None:
        """Cut a column and paste it after the last one, leaving the old place empty."""
        source = self.column(header)
        target = self.sheet.max_column + 1
        for row in range(1, self.sheet.max_row + 1):
            self.sheet.cell(row, target).value = self.sheet.cell(row, source).value
            self.sheet.cell(row, source).value = None

    def save(self, path: Path | None = None) -> Path:
        target = path or self.path
        self.workbook.save(target)
        return target
