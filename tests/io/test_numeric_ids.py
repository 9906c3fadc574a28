"""Numeric id and manager cells are matched as numbers; the chart and the report must be the
same as when every cell is the text it shows."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from pyramid_app.io.spreadsheet.build import build_chart
from pyramid_app.io.spreadsheet.cells import (
    cell_text,
    column_texts,
    texts_and_numbers,
    whole_numbers,
)
from pyramid_app.io.spreadsheet.mapping import ColumnMapping
from pyramid_app.io.spreadsheet.readers import Table
from pyramid_app.io.spreadsheet.report import ImportReport

HEADERS = ["Employee ID", "Manager ID", "Name"]
MAPPING = ColumnMapping(id=0, manager=1, name=2)


def _built(rows: list[list[Any]]) -> tuple[list[str], list[int], list[str]]:
    report = ImportReport()
    chart = build_chart(Table(name="People", rows=[HEADERS, *rows]), 0, HEADERS, MAPPING, report)
    return chart.ids, chart.parent.tolist(), [finding.message for finding in report]


# A manager cell: a number that is (or is near) some id, a text of one, blank, or a name.
_MANAGER = st.one_of(
    st.integers(0, 40).map(float),
    st.integers(0, 40),
    st.integers(0, 40).map(lambda number: f" {number} "),
    st.sampled_from(["", "NULL", "Person 3", "nobody", 7.5, 1e17, 2**60]),
)
_ID = st.one_of(
    st.integers(0, 40).map(float), st.integers(0, 40), st.integers(0, 40).map(str), st.just("")
)


@settings(max_examples=150, deadline=None)
@given(
    people=st.lists(st.tuples(_ID, _MANAGER), min_size=1, max_size=30),
    order=st.randoms(use_true_random=False),
)
def test_numbers_match_as_their_texts_do(people: list[tuple[Any, Any]], order: Any) -> None:
    rows = [[person, manager, f"Person {i}"] for i, (person, manager) in enumerate(people)]
    order.shuffle(rows)
    as_texts = [[cell_text(cell) for cell in row] for row in rows]
    assert _built(rows) == _built(as_texts)


def test_a_large_sheet_of_numbers_is_matched_without_texts_of_the_managers() -> None:
    count = 5_000
    rows: list[list[Any]] = [
        [float(1001 + i), float(1001 + (i - 1) // 3) if i else "", f"P{i}"] for i in range(count)
    ]
    rows.reverse()  # ids that do not grow down the sheet are sorted first
    ids, parent, findings = _built(rows)
    assert findings == []
    top = ids.index("1001")
    assert parent[top] == -1
    assert ids[parent[ids.index("1006")]] == "1002"


def test_whole_numbers_keep_only_what_their_texts_name_exactly() -> None:
    values = [1001.0, 12, "1001", 7.5, "", 2.0**60, -3.0]
    numbers = whole_numbers(values)
    assert numbers is not None
    assert np.array_equal(numbers, [1001, 12, np.nan, np.nan, np.nan, np.nan, -3], equal_nan=True)
    assert whole_numbers(["a", "b"]) is None
    assert column_texts(values) == ["1001", "12", "1001", "7.5", "", "1.152921504606847e+18", "-3"]


_CELL = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False),
    st.integers(-(2**64), 2**64).map(float),
    st.integers(-(2**64), 2**64),
    st.integers(0, 99_999).map(float),
    st.text(max_size=6),
    st.booleans(),
    st.none(),
)


@settings(max_examples=200, deadline=None)
@given(values=st.lists(_CELL, max_size=12))
def test_a_column_reads_as_its_cells_do_one_by_one(values: list[Any]) -> None:
    texts, numbers = texts_and_numbers(values)
    assert texts == column_texts(values) == [cell_text(value) for value in values]
    expected = whole_numbers(values)
    if numbers is None or expected is None:
        assert numbers is None or not np.isfinite(numbers).any()
    else:
        assert np.array_equal(numbers, expected, equal_nan=True)
    for value, number in zip(values, numbers if numbers is not None else [], strict=False):
        if not np.isnan(number):
            assert cell_text(value) == str(int(number))
