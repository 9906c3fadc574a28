"""Columns named for an import (a project's kept columns, --id and the like): a missing one is
reported by field, and a sheet the project was read from is preferred when the file has it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from pyramid_app.io import UnreadableFileError, read_org
from pyramid_app.io.spreadsheet.errors import MissingColumnError

STAFF = [
    ["Badge", "Boss", "Name"],
    ["a1", "", "Ann"],
    ["b2", "a1", "Bob"],
]
# A sheet that looks more like an org chart to the importer than "Staff" does.
LIKELY = [
    ["Employee ID", "Manager ID", "Name", "Title"],
    ["1", "", "Zoe", "Director"],
    ["2", "1", "Yan", "Clerk"],
    ["3", "1", "Xia", "Clerk"],
]


def test_a_named_column_the_header_lacks_is_reported_by_field(
    xlsx_file: Callable[..., Path],
) -> None:
    path = xlsx_file(STAFF, name="newer.xlsx")
    with pytest.raises(MissingColumnError) as raised:
        read_org(path, overrides={"id": "Badge No", "manager": "Boss", "name": "Full name"})
    error = raised.value
    assert error.missing == {"id": "Badge No", "name": "Full name"}
    assert (error.sheet, error.header_row) == ("Sheet1", 1)
    assert error.headers == ["Badge", "Boss", "Name"]
    assert 'no column "Badge No"; the columns are "Badge", "Boss", "Name"' in str(error)


def test_an_unknown_field_stays_a_plain_refusal(xlsx_file: Callable[..., Path]) -> None:
    path = xlsx_file(STAFF)
    with pytest.raises(UnreadableFileError) as raised:
        read_org(path, overrides={"badge": "Badge"})
    assert not isinstance(raised.value, MissingColumnError)


def test_the_preferred_sheet_is_read_when_the_file_has_it(
    xlsx_file: Callable[..., Path],
) -> None:
    path = xlsx_file(sheets={"Summary": LIKELY, "Staff": STAFF}, name="two.xlsx")
    assert read_org(path).sheet == "Summary"
    kept = {"id": "Badge", "manager": "Boss"}
    result = read_org(path, overrides=kept, prefer_sheet="staff")
    assert (result.sheet, result.chart.ids) == ("Staff", ["a1", "b2"])
    # A sheet the file no longer has leaves the choice to the importer, not a refusal.
    assert read_org(path, prefer_sheet="People").sheet == "Summary"
    # An explicit sheet wins over the preference.
    assert read_org(path, sheet="Summary", prefer_sheet="Staff").sheet == "Summary"
