"""Which column says who manages whom, chosen by how many of its cells name a person.

HR exports often carry several manager-like columns: a ``ManagerName`` holding "First Last"
beside a ``ManagerID`` that numbers managers separately from employee ids. Header names alone
pick the id-like one, and then nobody resolves. So every candidate column is tried against the
people of the file (by id, then by name in its usual forms, then by email) and the one whose
cells resolve most often wins; the report says why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from pyramid_app.io.spreadsheet.cells import column_texts, is_null_marker
from pyramid_app.io.spreadsheet.mapping import ColumnMapping, score_header
from pyramid_app.io.spreadsheet.people_by_name import PeopleByName
from pyramid_app.model.org import OrgChart

_NAMES_TRIED_ALONE = 50_000


@dataclass(frozen=True)
class ManagerCandidate:
    """A column that could say who manages whom, and how many of its cells name a person."""

    column: int
    header: str
    resolved: int
    rows: int

    def describe(self) -> str:
        return f"{self.header}: {self.resolved:,} of {self.rows:,} resolve"


def candidate_columns(headers: list[str], mapping: ColumnMapping) -> list[int]:
    """Columns whose header could name a manager, and the mapped manager column; a column
    another field already uses (the id, an email) is not a candidate."""
    taken = {column for field, column in mapping.items() if field != "manager"}
    columns = [
        column
        for column, header in enumerate(headers)
        if "manager" in score_header(header) and column not in taken
    ]
    if mapping.manager is not None and mapping.manager not in columns:
        columns.append(mapping.manager)
    return columns


def manager_candidates(
    body: Sequence[Sequence[Any]], headers: list[str], mapping: ColumnMapping
) -> list[ManagerCandidate]:
    """Every column whose header could name a manager (and the mapped one), with how many of
    its cells resolve to a person of the file, counted over all ``body`` rows."""
    columns = candidate_columns(headers, mapping)
    if mapping.id is None or not columns:
        return []
    rows = [row for row in body if row]
    ids = _column_texts(rows, mapping.id)
    index = {person_id: i for i, person_id in enumerate(ids) if person_id}
    people: PeopleByName | None = None
    # With one candidate there is nothing to choose: names are tried only while that is cheap.
    by_name = len(columns) > 1 or len(rows) <= _NAMES_TRIED_ALONE
    found = []
    for column in columns:
        references = _column_texts(rows, column)
        by_id = sum(map(index.__contains__, references))
        others = [
            text for text in references if text and text not in index and not is_null_marker(text)
        ]
        by_other = 0
        if others and by_name:
            if people is None:
                people = PeopleByName(_names(rows, mapping), _column_texts(rows, mapping.email))
            by_other = sum(1 for text in others if people.matches(text))
        found.append(
            ManagerCandidate(
                column=column, header=headers[column], resolved=by_id + by_other, rows=len(rows)
            )
        )
    return found


def share_from_chart(chart: OrgChart, header: str, column: int, rows: int) -> ManagerCandidate:
    """The one candidate's share as the import resolved it: people whose manager is a person."""
    parent = chart.parent
    has_person = (parent >= 0) & chart.real[np.clip(parent, 0, None)]
    resolved = int((has_person & chart.real).sum())
    return ManagerCandidate(column=column, header=header, resolved=resolved, rows=rows)


def best_manager_column(
    mapping: ColumnMapping, candidates: list[ManagerCandidate]
) -> ColumnMapping:
    """The mapping with the manager column whose cells resolve most (the proposal on a tie)."""
    current = next((c for c in candidates if c.column == mapping.manager), None)
    best = max(candidates, key=lambda c: c.resolved, default=None)
    if best is None or current is None or best.resolved <= current.resolved:
        return mapping
    return ColumnMapping(**{**dict(mapping.items()), "manager": best.column})


def choice_note(mapping: ColumnMapping, candidates: list[ManagerCandidate]) -> str | None:
    """The report's sentence on why the manager column is the one it is."""
    chosen = next((c for c in candidates if c.column == mapping.manager), None)
    if chosen is None or len(candidates) < 2:
        return None
    others = "; ".join(c.describe() for c in candidates if c is not chosen)
    return (
        f'Manager column "{chosen.header}" chosen: its cells name people in the file most '
        f"often ({chosen.describe()}; {others})."
    )


def _column_texts(rows: Sequence[Sequence[Any]], column: int | None) -> list[str]:
    if column is None:
        return [""] * len(rows)
    try:
        values = [row[column] for row in rows]
    except IndexError:  # a ragged CSV row
        values = [row[column] if column < len(row) else "" for row in rows]
    return column_texts(values)


def _names(rows: Sequence[Sequence[Any]], mapping: ColumnMapping) -> list[str]:
    if mapping.name is not None:
        return _column_texts(rows, mapping.name)
    firsts = _column_texts(rows, mapping.first_name)
    lasts = _column_texts(rows, mapping.last_name)
    return [f"{first} {last}".strip() for first, last in zip(firsts, lasts, strict=True)]
