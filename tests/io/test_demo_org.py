"""The shipped demo organisation is a clean tree of a believable size, and can be rebuilt.

The demo is what a new user sees first, so it must import without a single repair, and the
committed workbook must be exactly what ``tools/make_demo_org.py`` produces, or the next person
to regenerate it would silently change the demo.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterator
from contextlib import ExitStack
from importlib import resources
from pathlib import Path
from types import ModuleType
from typing import Any

import openpyxl
import pytest

from pyramid_app.io import read_org

DEMO_NAME = "demo_hotel_group.xlsx"
REPO = Path(__file__).resolve().parents[2]
GENERATOR = REPO / "tools" / "make_demo_org.py"
PEOPLE_HEADER = (
    "Employee ID",
    "Name",
    "Job Title",
    "Department",
    "Location",
    "Manager ID",
    "Email",
    "Start Date",
)
Rows = list[tuple[Any, ...]]


@pytest.fixture(scope="module")
def demo_path() -> Iterator[Path]:
    """The checkout's workbook, else the installed package's copy (CI tests the installed one)."""
    checkout = REPO / "resources" / DEMO_NAME
    if checkout.is_file():
        yield checkout
        return
    with ExitStack() as stack:
        installed = resources.files("pyramid_app.resources") / DEMO_NAME
        yield stack.enter_context(resources.as_file(installed))


def read_sheets(path: Path) -> dict[str, Rows]:
    """Every sheet's cell values, row by row, in sheet order; the file is closed on return."""
    workbook = openpyxl.load_workbook(path, read_only=True)
    try:
        return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook}
    finally:
        workbook.close()


def timestamps(path: Path) -> tuple[object, object]:
    """The workbook's created and modified properties, which must not follow the clock."""
    workbook = openpyxl.load_workbook(path, read_only=True)
    try:
        return workbook.properties.created, workbook.properties.modified
    finally:
        workbook.close()


@pytest.fixture(scope="module")
def sheets(demo_path: Path) -> dict[str, Rows]:
    return read_sheets(demo_path)


@pytest.fixture(scope="module")
def people(sheets: dict[str, Rows]) -> Rows:
    """The People rows below the header, with trailing empty rows (if any) dropped."""
    return [row for row in sheets["People"][1:] if any(cell is not None for cell in row)]


@pytest.fixture(scope="module")
def manager_of(people: Rows) -> dict[str, str | None]:
    return {row[0]: row[5] for row in people}


def test_people_sheet_comes_first_with_the_exact_header(sheets: dict[str, Rows]) -> None:
    assert next(iter(sheets)) == "People"
    assert sheets["People"][0] == PEOPLE_HEADER


def test_ids_are_unique_text_in_sorted_order(people: Rows) -> None:
    ids = [row[0] for row in people]
    assert len(set(ids)) == len(ids)
    assert all(isinstance(id_, str) and re.fullmatch(r"HL\d{4}", id_) for id_ in ids)
    assert ids == sorted(ids)


def test_every_manager_is_a_listed_employee(manager_of: dict[str, str | None]) -> None:
    dangling = {
        id_: manager
        for id_, manager in manager_of.items()
        if manager is not None and manager not in manager_of
    }
    assert dangling == {}


def test_exactly_one_person_has_no_manager(people: Rows) -> None:
    roots = [row for row in people if row[5] is None]
    assert len(roots) == 1
    assert roots[0][2] == "Chief Executive Officer"


def test_every_chain_of_managers_reaches_the_root(manager_of: dict[str, str | None]) -> None:
    # A chain longer than the whole list must have gone round a cycle.
    for start in manager_of:
        seen: set[str] = set()
        current: str | None = start
        while current is not None:
            assert current not in seen, f"{start} is in a reporting cycle through {current}"
            seen.add(current)
            current = manager_of.get(current)


def test_size_and_depth_are_those_of_a_real_hotel_group(
    manager_of: dict[str, str | None],
) -> None:
    assert 250 <= len(manager_of) <= 450

    def level(id_: str) -> int:
        count, current = 1, manager_of[id_]
        while current is not None:
            count, current = count + 1, manager_of[current]
        return count

    assert 5 <= max(level(id_) for id_ in manager_of) <= 8


def test_rows_are_complete(people: Rows) -> None:
    """Every cell but the chief executive's manager is filled, and start dates are dates."""
    for row in people:
        assert all(cell not in (None, "") for cell in row[:5] + row[6:]), row
        assert hasattr(row[7], "year"), row
    emails = [row[6] for row in people]
    assert len(set(emails)) == len(emails)
    assert all(email.isascii() for email in emails)


def test_customers_sheet_lists_the_segments(sheets: dict[str, Rows]) -> None:
    rows = [row for row in sheets["Customers"] if any(cell is not None for cell in row)]
    assert rows[0] == ("Segment", "Description", "Share of revenue")
    assert 5 <= len(rows) - 1 <= 7
    assert all(isinstance(row[0], str) and row[0].strip() for row in rows[1:])
    assert sum(row[2] for row in rows[1:]) == pytest.approx(1.0)


def test_the_app_imports_the_demo_without_repairs(demo_path: Path) -> None:
    result = read_org(demo_path)
    assert result.sheet == "People"
    assert len(result.report) == 0
    assert 5 <= result.chart.level_count <= 8
    assert len(result.customer_segments) >= 5


def load_generator() -> ModuleType:
    if not GENERATOR.is_file():
        pytest.skip(f"{GENERATOR} is absent: the tests run against an installed package")
    spec = importlib.util.spec_from_file_location("make_demo_org", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generator_reproduces_the_committed_workbook(demo_path: Path, tmp_path: Path) -> None:
    generator = load_generator()
    fresh = tmp_path / "first" / DEMO_NAME
    assert generator.main(["--quiet", "-o", str(fresh)]) == 0
    committed = read_sheets(demo_path)
    regenerated = read_sheets(fresh)
    assert list(regenerated) == list(committed)  # the same sheets in the same order
    for name, rows in committed.items():
        assert regenerated[name] == rows, f"sheet {name} differs from the committed workbook"
    assert timestamps(fresh) == timestamps(demo_path)
    # Same code, same library: the bytes too, so regenerating leaves nothing to commit.
    again = tmp_path / "second" / DEMO_NAME
    assert generator.main(["--quiet", "--output", str(again)]) == 0
    assert again.read_bytes() == fresh.read_bytes()
