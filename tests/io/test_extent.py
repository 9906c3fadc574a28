"""The used-range check of xlsx sheets: one pass against the largest safe rectangle, and the
exact measure only when something lies outside it."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pyramid_app.io import UnreadableFileError, read_org
from pyramid_app.io.spreadsheet.extent import MAX_SHEET_CELLS, _at_most, _xlsx_extent, column_number
from pyramid_app.io.spreadsheet.report import column_letter


@settings(max_examples=300, deadline=None)
@given(bound=st.integers(1, 10**9), value=st.integers(1, 10**10))
def test_at_most_digits_matches_exactly_the_numbers_up_to_the_bound(bound: int, value: int) -> None:
    pattern = re.compile(_at_most(str(bound), "0", "9"))
    assert (pattern.fullmatch(str(value)) is not None) == (value <= bound)


@settings(max_examples=300, deadline=None)
@given(bound=st.integers(1, 20_000), value=st.integers(1, 20_000))
def test_at_most_letters_matches_exactly_the_columns_up_to_the_bound(
    bound: int, value: int
) -> None:
    pattern = re.compile(_at_most(column_letter(bound - 1), "A", "Z"))
    letters = column_letter(value - 1)
    assert column_number(letters) == value
    assert (pattern.fullmatch(letters) is not None) == (value <= bound)


def _rewritten(
    source: Path, target: Path, extra: str = "", keep_dimension: bool = True, middle: str = ""
) -> Path:
    """A copy of an openpyxl workbook with its sheet XML changed: rows added at the end (or
    ``middle``, just after the first row), and its ``<dimension>`` optionally removed."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as copy:
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = data.replace(b"</sheetData>", extra.encode() + b"</sheetData>")
                if middle:
                    first_row_end = data.index(b"</row>") + len(b"</row>")
                    data = data[:first_row_end] + middle.encode() + data[first_row_end:]
                if not keep_dimension:
                    start = data.index(b"<dimension")
                    data = data[:start] + data[data.index(b"/>", start) + 2 :]
            copy.writestr(item, data, compress_type=zipfile.ZIP_DEFLATED)
    return target


@pytest.fixture
def small(xlsx_file: Callable[..., Path]) -> Path:
    return xlsx_file(
        [
            ["Employee ID", "Manager ID", "Name"],
            ["A", "", "Ann"],
            ["B", "A", "Bob"],
            ["C", "A", "Cy"],
        ]
    )


def test_a_sheet_without_a_dimension_is_checked_at_the_width_of_its_first_rows(
    small: Path, tmp_path: Path
) -> None:
    plain = _rewritten(small, tmp_path / "plain.xlsx", keep_dimension=False)
    assert _xlsx_extent(plain, "Sheet1") is None  # fits: nothing to measure
    assert read_org(plain).chart.ids == ["A", "B", "C"]
    far = _rewritten(
        small,
        tmp_path / "far.xlsx",
        '<row r="2000"><c r="XFD2000" t="inlineStr"><is><t>x</t></is></c></row>',
        keep_dimension=False,
    )
    result = read_org(far)  # the far cell is measured at the first rows' width, and left out
    assert result.chart.ids == ["A", "B", "C"]
    assert any(note.startswith('Sheet1!XFD2000 ("x") was left out') for note in result.report.notes)


def test_a_row_far_down_out_of_order_is_found(small: Path, tmp_path: Path) -> None:
    rows = MAX_SHEET_CELLS // 3 + 1  # three columns that deep are one cell too many
    far = _rewritten(
        small,
        tmp_path / "far.xlsx",
        middle=f'<row r="{rows}"><c r="A{rows}" t="inlineStr"><is><t>x</t></is></c></row>',
    )
    with pytest.raises(UnreadableFileError, match=f"reaches cell C{rows}"):
        read_org(far)


def test_a_cell_past_the_stated_width_in_a_small_rectangle_is_read(
    small: Path, tmp_path: Path
) -> None:
    """A note in column H after the first rows: outside the checked rectangle, so the sheet is
    measured, and small enough to read."""
    many = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>E{r}</t></is></c></row>'
        for r in range(5, 3000)
    )
    note = '<row r="3000"><c r="H3000" t="inlineStr"><is><t>a note</t></is></c></row>'
    noted = _rewritten(small, tmp_path / "note.xlsx", many + note)
    extent = _xlsx_extent(noted, "Sheet1")
    assert extent is not None and (extent.rows, extent.columns) == (3000, 8)
    assert read_org(noted).chart.people_count == 2999  # the note row is kept under a made-up id


def test_a_reference_cut_between_two_pieces_is_seen_whole(small: Path, tmp_path: Path) -> None:
    """Over 4 MB of sheet XML, so that it is read in several pieces, with the far cell last."""
    many = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>E{r}</t></is></c></row>'
        for r in range(5, 80_000)
    )
    big = _rewritten(small, tmp_path / "big.xlsx", many)
    far = _rewritten(
        small,
        tmp_path / "big_far.xlsx",
        many + '<row r="9000000"><c r="A9000000" t="inlineStr"><is><t>x</t></is></c></row>',
    )
    with zipfile.ZipFile(far) as archive:
        assert archive.getinfo("xl/worksheets/sheet1.xml").file_size > 4 * 2**20
    assert _xlsx_extent(big, "Sheet1") is None
    extent = _xlsx_extent(far, "Sheet1")
    assert extent is not None and (extent.rows, extent.columns) == (9_000_000, 3)


def test_a_far_cell_in_the_first_of_several_pieces_ends_the_search_there(
    small: Path, tmp_path: Path
) -> None:
    """The search stops at it; the exact measure then reads every piece."""
    many = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>E{r}</t></is></c></row>'
        for r in range(5, 200_000)
    )
    far = _rewritten(
        small,
        tmp_path / "far_first.xlsx",
        many,
        middle='<row r="9000000"><c r="A9000000" t="inlineStr"><is><t>x</t></is></c></row>',
    )
    with zipfile.ZipFile(far) as archive:
        assert archive.getinfo("xl/worksheets/sheet1.xml").file_size > 8 * 2**20
    extent = _xlsx_extent(far, "Sheet1")
    assert extent is not None and (extent.rows, extent.columns) == (9_000_000, 3)
