"""Columns hidden from the audience: what the room must not see of the people on the pyramid.

An HR export often carries columns nobody in a workshop should read on a projector - pay,
ratings, dates of birth, personal phone numbers. A project keeps the names of the columns the
planner hid (:attr:`Project.hidden`). While the project is presented they are shown nowhere,
and no export writes them; the planner still sees them in the Details dock outside present
mode, marked as hidden.

When a spreadsheet is imported, :func:`likely_private` proposes the columns whose header looks
personal; the planner confirms. Hiding and showing are one undoable command.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from pyramid_app.model.commands import PlanError
from pyramid_app.model.org import OrgChart
from pyramid_app.model.project import Change, Command, Project

# Words of a header that says its column is about a person's private life or pay, matched as
# whole words ("Salary band", "date_of_birth", "DOB"; not "Agency" or "Payments team").
PRIVATE_WORDS = (
    "salary", "salaries", "pay", "payroll", "wage", "wages", "compensation", "bonus", "grade",
    "rating", "ratings", "performance", "appraisal", "birth", "birthday", "birthdate", "dob",
    "age", "phone", "mobile", "cell", "address", "postcode",
    "zip", "gender", "sex", "ethnicity", "ethnic", "religion", "nationality", "health",
    "medical", "disability", "sickness", "absence", "marital", "ssn", "nino", "passport",
    "tax", "bank", "iban", "personal", "private", "visa", "dateofbirth", "salaryband",
)  # fmt: skip
_PRIVATE = re.compile(r"(?<![a-z])(" + "|".join(PRIVATE_WORDS) + r")(?![a-z])", re.IGNORECASE)
EMAIL = "Email"  # the mapped email column, hideable like the columns kept as they came


def hideable_columns(chart: OrgChart) -> list[str]:
    """The columns of people's details that can be hidden: the email (when the file has one)
    and every column kept as it came from the spreadsheet."""
    columns = [EMAIL] if any(chart.emails) else []
    return columns + list(chart.attributes)


def likely_private(columns: Iterable[str]) -> list[str]:
    """Of ``columns``, those whose header looks personal (Salary, Rating, Date of birth,
    Mobile phone ...), in their order."""
    return [column for column in columns if _PRIVATE.search(column)]


def shown_details(
    chart: OrgChart, hidden: frozenset[str], presenting: bool
) -> tuple[list[str], list[str]]:
    """(columns shown, columns shown marked hidden) of the details: presenting, the hidden ones
    are left out; otherwise they are shown and marked."""
    columns = hideable_columns(chart)
    if presenting:
        return [c for c in columns if c not in hidden], []
    return columns, [c for c in columns if c in hidden]


@dataclass(frozen=True)
class SetHidden(Command):
    """The columns hidden from the audience, all at once (its inverse: the set before)."""

    columns: frozenset[str]
    label: str = "Hide columns from the audience"

    def apply(self, project: Project) -> tuple[Command, Change]:
        before = project.hidden
        project.hidden = self.columns
        return SetHidden(before, self.label), Change(audience=True)


def _known(project: Project, names: Iterable[str]) -> list[str]:
    """``names`` as the project spells its columns (case aside); PlanError names the unknown."""
    columns = {column.casefold(): column for column in hideable_columns(project.chart)}
    found: list[str] = []
    unknown: list[str] = []
    for name in names:
        column = columns.get(name.strip().casefold())
        if column is None:
            unknown.append(name)
        else:
            found.append(column)
    if unknown:
        have = ", ".join(columns.values()) or "none"
        missing = ", ".join(map(repr, unknown))
        raise PlanError(f"no column {missing} to hide or show (the columns: {have})")
    return found


def hide_columns(project: Project, names: Iterable[str]) -> SetHidden:
    """Hide ``names`` (with those hidden already) from the audience."""
    hidden = project.hidden | frozenset(_known(project, names))
    what = ", ".join(sorted(hidden - project.hidden)) or "nothing new"
    return SetHidden(hidden, f"Hide {what} from the audience")


def show_columns(project: Project, names: Iterable[str]) -> SetHidden:
    """Show ``names`` to the audience again."""
    shown = frozenset(_known(project, names))
    what = ", ".join(sorted(shown & project.hidden)) or "nothing new"
    return SetHidden(project.hidden - shown, f"Show {what} to the audience")
