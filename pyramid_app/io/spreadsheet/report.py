"""The import report: what was found in the file, how each problem was repaired, and notes.

Findings are tied to a place in the sheet. Most are repairs (the chart differs from what the
sheet literally says); a few only tell the planner something worth knowing (a manager who has
left is kept as the sheet says). Notes are about the file as a whole: what it really is, which
column was taken as the manager and why.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from pyramid_app.io.spreadsheet.cells import printable


class FindingKind(StrEnum):
    """Every kind of data problem the importer repairs. The value is a stable code for --json."""

    DUPLICATE_ROW = "duplicate-row"
    DUPLICATE_ID = "duplicate-id"
    MISSING_ID = "missing-id"
    MANAGER_NOT_FOUND = "manager-not-found"
    AMBIGUOUS_MANAGER = "ambiguous-manager"
    CYCLE = "cycle"
    SEVERAL_ROOTS = "several-roots"
    NO_MANAGER_COLUMN = "no-manager-column"
    MANAGER_HAS_LEFT = "manager-has-left"
    MANAGER_NOT_IN_FILE = "manager-not-in-file"
    UNCLOSED_QUOTE = "unclosed-quote"

    @property
    def is_repair(self) -> bool:
        """False for findings that change nothing: the chart is what the sheet says."""
        return self not in _NOT_REPAIRS


_NOT_REPAIRS = frozenset({FindingKind.MANAGER_HAS_LEFT, FindingKind.NO_MANAGER_COLUMN})


@dataclass(frozen=True)
class Finding:
    """One problem at one place in the source, with the repair already applied."""

    kind: FindingKind
    message: str
    sheet: str
    row: int | None = None
    column: int | None = None  # 0-based column index in the sheet
    header: str | None = None
    person_ids: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # Messages quote cells; whoever shows them (a terminal, a log) must not be steered.
        object.__setattr__(self, "message", printable(self.message))
        object.__setattr__(self, "sheet", printable(self.sheet))
        if self.header is not None:
            object.__setattr__(self, "header", printable(self.header))

    @property
    def cell(self) -> str:
        """Where to look, as a spreadsheet user would write it: ``OrgData!B14``."""
        if self.row is None:
            return self.sheet
        if self.column is None:
            return f"{self.sheet} row {self.row}"
        return f"{self.sheet}!{column_letter(self.column)}{self.row}"

    def __str__(self) -> str:
        return f"{self.cell}: {self.message}"

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "sheet": self.sheet,
            "row": self.row,
            "column": column_letter(self.column) if self.column is not None else None,
            "header": self.header,
            "cell": self.cell,
            "message": self.message,
            "person_ids": list(self.person_ids),
        }


@dataclass
class ImportReport:
    """Findings in the order they were made: by kind of check, then by row."""

    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def note(self, text: str) -> None:
        self.notes.append(printable(text))

    def repairs(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.kind.is_repair]

    def add(self, finding: Finding) -> None:
        self.findings.append(finding)

    def __len__(self) -> int:
        return len(self.findings)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def of_kind(self, kind: FindingKind) -> list[Finding]:
        return [finding for finding in self.findings if finding.kind is kind]

    def counts(self) -> dict[FindingKind, int]:
        totals: dict[FindingKind, int] = {}
        for finding in self.findings:
            totals[finding.kind] = totals.get(finding.kind, 0) + 1
        return totals


def column_letter(index: int) -> str:
    """Spreadsheet column name for a 0-based index: 0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def column_index(letters: str) -> int:
    """0-based index of a spreadsheet column name; raises ValueError for anything else."""
    letters = letters.strip().upper()
    if not letters.isalpha() or not letters.isascii() or len(letters) > 3:
        raise ValueError(f"{letters!r} is not a column letter")
    index = 0
    for char in letters:
        index = index * 26 + (ord(char) - ord("A") + 1)
    return index - 1
