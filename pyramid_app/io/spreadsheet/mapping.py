"""Which column holds what: proposing a mapping from header names, and applying the user's own.

Header names are compared after folding case and dropping spaces, underscores, dashes and dots,
so ``Employee ID``, ``employee_id`` and ``EmployeeID`` are the same header.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any

from pyramid_app.io.spreadsheet.report import column_index, column_letter


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Known spellings per field, best first. A header matches a field exactly, or after dropping a
# leading "employee"/"person"/"staff" word ("Employee Title" is a title).
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "id": _words(
        "employeeid empid personid employeekey postuniquereference id employeenumber "
        "employeeno empno empnumber staffid staffnumber staffno personnelnumber "
        "personnelno workerid userid uid key employeecode empcode badgeid badgenumber "
        "code shortname identifier"
    ),
    "manager": _words(
        "managerid reportsto reportstoid supervisorid parentemployeekey "
        "reportstoseniorpost parentid managerkey manageremployeeid linemanagerid "
        "managernumber supervisorkey bossid parent manager supervisor linemanager "
        "reportsto(id) boss managername supervisorname linemanagername manageremail "
        "supervisoremail parentkey parentname"
    ),
    "name": _words(
        "name fullname employeename displayname personname staffname preferredname employee person"
    ),
    "first_name": _words("firstname givenname forename fname first"),
    "last_name": _words("lastname surname familyname lname last"),
    "title": _words(
        "title jobtitle position role jobrole jobname designation positiontitle job grade"
    ),
    "department": _words(
        "department departmentname dept team division unit function businessunit group "
        "hometeam orgunit parentdepartment"
    ),
    "location": _words("location office site city worklocation officelocation base country region"),
    "email": _words("email emailaddress mail workemail emailid e-mail"),
}
_PREFIXES = ("employee", "emp", "person", "staff", "worker")
FIELD_NAMES = _words("id manager name first_name last_name title department location email")


def normalise_header(header: Any) -> str:
    """Fold a header to its comparable form: ``" Employee_ID "`` -> ``"employeeid"``."""
    return re.sub(r"[\s_\-.]+", "", str(header)).casefold()


@dataclass(frozen=True)
class ColumnMapping:
    """0-based column index for each field, or None where the sheet has no such column."""

    id: int | None = None
    manager: int | None = None
    name: int | None = None
    first_name: int | None = None
    last_name: int | None = None
    title: int | None = None
    department: int | None = None
    location: int | None = None
    email: int | None = None

    def items(self) -> list[tuple[str, int]]:
        """(field, column) for every mapped field, in field order."""
        return [
            (f.name, getattr(self, f.name))
            for f in fields(self)
            if getattr(self, f.name) is not None
        ]

    def used_columns(self) -> set[int]:
        return {column for _field, column in self.items()}

    def describe(self, headers: Sequence[Any]) -> dict[str, str]:
        """field -> header text, for the summary line and --json."""
        return {name: header_text(headers, column) for name, column in self.items()}


def header_text(headers: Sequence[Any], column: int) -> str:
    text = str(headers[column]).strip() if column < len(headers) else ""
    return text or f"column {column_letter(column)}"


def score_header(header: Any) -> dict[str, int]:
    """How well one header fits each field: higher is better, absent means no fit."""
    key = normalise_header(header)
    if not key:
        return {}
    scores: dict[str, int] = {}
    for field_name, spellings in _SYNONYMS.items():
        rank = _rank(key, spellings)
        if rank is None:
            for prefix in _PREFIXES:
                if key.startswith(prefix) and len(key) > len(prefix):
                    rank = _rank(key[len(prefix) :], spellings)
                    if rank is not None:
                        rank += 1
                        break
        if rank is None and field_name == "manager":
            rank = _manager_like(key)
        if rank is not None:
            scores[field_name] = 1000 - rank
    return scores


def _rank(key: str, spellings: tuple[str, ...]) -> int | None:
    try:
        return spellings.index(key) * 2
    except ValueError:
        return None


def _manager_like(key: str) -> int | None:
    """Headers that are clearly about a manager even though they are not in the list."""
    if any(word in key for word in ("manager", "supervisor", "reportsto", "reportingto")):
        return 200
    if key.startswith("parent") and key.endswith(("id", "key", "ref", "reference", "code")):
        return 210
    return None


def propose_mapping(headers: Sequence[Any]) -> ColumnMapping:
    """Best guess from header names alone; each column serves at most one field."""
    candidates: list[tuple[int, int, str, int]] = []
    for column, header in enumerate(headers):
        for field_name, score in score_header(header).items():
            candidates.append((-score, FIELD_NAMES.index(field_name), field_name, column))
    chosen: dict[str, int] = {}
    taken: set[int] = set()
    for _score, _order, field_name, column in sorted(candidates):
        if field_name in chosen or column in taken:
            continue
        chosen[field_name] = column
        taken.add(column)
    return ColumnMapping(**chosen)


def apply_overrides(
    mapping: ColumnMapping, headers: Sequence[Any], overrides: Mapping[str, str | int]
) -> ColumnMapping:
    """Replace fields with columns the user named (header text, column letter or index).

    A column the user gives to one field is taken away from any other field that had it.
    Raises ValueError with the headers that exist when a name matches no column.
    """
    updates: dict[str, int | None] = {}
    for field_name, wanted in overrides.items():
        if field_name not in FIELD_NAMES:
            raise ValueError(f"unknown field {field_name!r}")
        column = find_column(headers, wanted)
        for other, existing in mapping.items():
            if existing == column and other not in overrides:
                updates[other] = None
        updates[field_name] = column
    return replace(mapping, **updates)


def find_column(headers: Sequence[Any], wanted: str | int) -> int:
    """Column of a header given by text (loosely compared), letter (``C``) or 0-based index."""
    if isinstance(wanted, int):
        if 0 <= wanted < len(headers):
            return wanted
        raise ValueError(f"column {wanted} is outside the {len(headers)} columns")
    target = normalise_header(wanted)
    for column, header in enumerate(headers):
        if normalise_header(header) == target:
            return column
    try:
        column = column_index(wanted)
    except ValueError:
        column = -1
    if 0 <= column < len(headers) and wanted.strip().isupper():
        return column
    found = ", ".join(f'"{header_text(headers, c)}"' for c in range(len(headers)))
    raise ValueError(f'no column "{wanted}"; the columns are {found}')
