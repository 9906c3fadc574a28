"""Header names from real exports map to the right fields."""

from __future__ import annotations

import pytest

from pyramid_app.io.spreadsheet.mapping import (
    ColumnMapping,
    apply_overrides,
    find_column,
    propose_mapping,
)


@pytest.mark.parametrize(
    "header",
    [
        "Employee ID",
        "EmpID",
        "PersonID",
        "EmployeeKey",
        "Post Unique Reference",
        "id",
        "ID",
        "employee_id",
        "Staff Number",
        "  Employee  Id ",
    ],
)
def test_id_spellings(header: str) -> None:
    assert propose_mapping([header, "Manager ID"]).id == 0


@pytest.mark.parametrize(
    "header",
    [
        "Manager ID",
        "ReportsTo",
        "Supervisor ID",
        "ParentEmployeeKey",
        "Reports to Senior Post",
        "parentId",
        "manager",
        "Manager Name",
        "Manager Email",
        "Line Manager",
        "reports_to",
    ],
)
def test_manager_spellings(header: str) -> None:
    assert propose_mapping(["Employee ID", header]).manager == 1


def test_name_title_department_location_email() -> None:
    headers = ["Employee Name", "Job Title", "Department", "Office", "E-mail", "Employee ID"]
    assert propose_mapping(headers) == ColumnMapping(
        id=5, name=0, title=1, department=2, location=3, email=4
    )


def test_first_and_last_name_columns() -> None:
    mapping = propose_mapping(["FirstName", "LastName", "EmployeeKey", "ParentEmployeeKey"])
    assert (mapping.first_name, mapping.last_name, mapping.name) == (0, 1, None)


def test_an_id_manager_is_preferred_over_a_name_or_email_manager() -> None:
    mapping = propose_mapping(["Manager Email", "Manager Name", "Manager ID", "Employee ID"])
    assert mapping.manager == 2


def test_parent_department_is_not_a_manager() -> None:
    mapping = propose_mapping(
        ["Post Unique Reference", "Parent Department", "Reports to Senior Post"]
    )
    assert (mapping.id, mapping.manager, mapping.department) == (0, 2, 1)


def test_override_takes_the_column_away_from_another_field() -> None:
    headers = ["Name", "Boss", "Key"]
    mapping = propose_mapping(headers)
    changed = apply_overrides(mapping, headers, {"id": "Name"})
    assert (changed.id, changed.name) == (0, None)


def test_find_column_by_letter_and_error_lists_headers() -> None:
    assert find_column(["x", "y", "z"], "C") == 2
    with pytest.raises(ValueError, match='no column "z"; the columns are "a", "b"'):
        find_column(["a", "b"], "z")
