"""A checked sheet cut in two and read at once: the halves' rows joined equal the whole sheet's
on every shape a writer gives them (gaps, ragged widths, a second half further right), a cut is
made only where it is plainly safe, and damage is still found.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
import zipfile
import zlib
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import python_calamine
from hostile_workbooks import SHEET_PART, rewritten
from hypothesis import given, settings
from hypothesis import strategies as st

from pyramid_app.io.spreadsheet import quick_check, sheet_halves
from pyramid_app.io.spreadsheet.inflated_copy import Entry, copy_plan
from pyramid_app.io.spreadsheet.quick_check import open_source_quickly
from pyramid_app.io.spreadsheet.readers import Halves, workbook_source, worksheet_names
from pyramid_app.io.spreadsheet.sheet_halves import (
    crc32_combine,
    find_cut,
    join_halves,
    write_halves,
)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300), st.binary(max_size=300))
def test_the_crc_of_two_pieces_is_the_crc_of_both(first: bytes, second: bytes) -> None:
    combined = crc32_combine(zlib.crc32(first), zlib.crc32(second), len(second))
    assert combined == zlib.crc32(first + second)


def test_the_crc_of_two_long_pieces_is_the_crc_of_both() -> None:
    first, second = bytes(range(256)) * 4000, b"<row r='1'/>" * 90_001
    combined = crc32_combine(zlib.crc32(first), zlib.crc32(second), len(second))
    assert combined == zlib.crc32(first + second)


def workbook(path: Path, rows: list[list[object]], gap_at: int | None = None) -> Path:
    """A sheet saved by openpyxl; rows from ``gap_at`` on begin ten rows further down."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for number, row in enumerate(rows, start=1):
        down = 10 if gap_at is not None and number > gap_at else 0
        for column, value in enumerate(row, start=1):
            if value is not None:
                sheet.cell(row=number + down, column=column, value=value)
    book.save(path)
    return path


def inflated_sheet(path: Path) -> tuple[list[Entry], Entry, bytearray]:
    """The parts of ``path``, its sheet's, and the sheet's bytes as the check keeps them."""
    with zipfile.ZipFile(path) as archive:
        entries = copy_plan(path, archive)
        data = bytearray(archive.read(SHEET_PART))
    assert entries is not None
    sheet = next(entry for entry in entries if entry.name == SHEET_PART.encode())
    return entries, sheet, data


def halves_of(path: Path, tmp_path: Path) -> tuple[Path, Path] | None:
    """The halves :func:`write_halves` writes from the sheet of ``path``."""
    entries, sheet, data = inflated_sheet(path)
    targets = (tmp_path / "first.xlsx", tmp_path / "second.xlsx")
    return targets if write_halves(path, entries, sheet, data, targets) else None


def rows_of(path: Path, skip_empty_area: bool = False) -> tuple[list[list[Any]], Any]:
    sheet = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    return sheet.to_python(skip_empty_area=skip_empty_area), sheet.start


def joined(halves: tuple[Path, Path]) -> list[list[object]] | None:
    first, _start = rows_of(halves[0])
    second, start = rows_of(halves[1], skip_empty_area=True)
    assert isinstance(start, tuple)
    return join_halves(first, second, start)


def people(count: int, width: int = 4) -> list[list[object]]:
    header: list[Any] = ["Id", "Manager", "Name", "Score"][:width]
    body: list[list[object]] = [
        [f"E{n}", f"E{n // 3}" if n else "", f"Person {n}", n * 1.5][:width] for n in range(count)
    ]
    return [header, *body]


@pytest.mark.parametrize(
    "shape",
    [
        pytest.param({}, id="plain"),
        pytest.param({"gap_at": 150}, id="empty-rows-at-the-cut"),
        pytest.param({"wider_below": True}, id="second-half-wider"),
        pytest.param({"right_below": True}, id="second-half-starts-further-right"),
        pytest.param({"wider_above": True}, id="first-half-wider"),
    ],
)
@pytest.mark.parametrize("idle", [True, False], ids=["halves written at once", "one by one"])
def test_the_halves_joined_are_the_whole_sheet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shape: dict[str, object], idle: bool
) -> None:
    monkeypatch.setattr(sheet_halves, "cores_to_spare", lambda: idle)  # whatever the load
    rows = people(300)
    if shape.get("wider_below"):
        rows = [row + ([f"note {i}"] if i > 200 else []) for i, row in enumerate(rows)]
    if shape.get("right_below"):
        rows = [[None, None, *row[2:]] if i > 140 else row for i, row in enumerate(rows)]
    if shape.get("wider_above"):
        rows = [row + ([None, "wide"] if i == 1 else []) for i, row in enumerate(rows)]
    gap = shape.get("gap_at")
    path = workbook(tmp_path / "people.xlsx", rows, gap_at=gap if isinstance(gap, int) else None)
    halves = halves_of(path, tmp_path)
    assert halves is not None
    first, _start = rows_of(halves[0])
    assert 0 < len(first) < len(rows)  # really cut
    whole, _start = rows_of(path)
    assert joined(halves) == whole


def test_rows_written_out_of_order_are_not_joined(tmp_path: Path) -> None:
    path = workbook(tmp_path / "people.xlsx", people(300))

    def backwards(name: str, data: bytes) -> bytes:
        if name != SHEET_PART:
            return data
        return data.replace(b'<row r="280"', b'<row r="3"', 1).replace(b'r="A280"', b'r="A3"')

    moved = rewritten(path, tmp_path / "moved.xlsx", backwards)
    halves = halves_of(moved, tmp_path)
    assert halves is not None
    assert joined(halves) is None  # the whole sheet is read instead


SHEET = (
    b'<?xml version="1.0"?>\n<worksheet><dimension ref="A1:A9"/><sheetData>'
    + b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (n, n, n) for n in range(1, 10))
    + b"</sheetData></worksheet>"
)


def test_a_cut_falls_on_a_numbered_row_in_the_second_half() -> None:
    cut = find_cut(SHEET)
    assert cut is not None
    assert SHEET[cut.head - len(b"<sheetData>") : cut.head] == b"<sheetData>"
    assert SHEET[cut.split :].startswith(b'<row r="')
    assert cut.split >= len(SHEET) // 2
    assert SHEET[cut.tail :] == b"</sheetData></worksheet>"


@pytest.mark.parametrize(
    "sheet",
    [
        pytest.param(
            SHEET.replace(b'<row r="2">', b'<row r="2"><!-- <row r="5"> -->'), id="comment"
        ),
        pytest.param(
            SHEET.replace(b"<v>2</v>", b'<is><t><![CDATA[<row r="8">]]></t></is>'), id="cdata"
        ),
        pytest.param(SHEET.replace(b"<row r=", b"<row spans="), id="rows-without-numbers"),
        pytest.param(
            b'<?xml version="1.0"?><worksheet><sheetData/></worksheet>', id="no-rows-at-all"
        ),
        pytest.param(SHEET.replace(b"</sheetData>", b""), id="sheet-data-never-ends"),
        pytest.param(SHEET.replace(b"<row", b"<x:row"), id="prefixed-rows"),
    ],
)
def test_no_cut_where_it_is_not_plainly_safe(sheet: bytes) -> None:
    assert find_cut(sheet) is None


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from([b"<", b"!", b"?", b"<?", b"<!", b"a", b">", b"\xef\xbb\xbf", b" "]),
        max_size=60,
    ),
    st.integers(min_value=0, max_value=5),
)
def test_declarations_found_one_by_one_are_those_found_at_once(
    pieces: list[bytes], offset: int
) -> None:
    """The search for ``!`` and ``?`` one at a time says what the pass over the whole array
    says, on bytes and on a view into a larger buffer searched by offsets (as the copy's
    mapping is)."""
    data = b"".join(pieces)
    at_once = sheet_halves._declarations(data)
    assert sheet_halves._declarations(data, data.find) == at_once
    buffer = b"x" * offset + data + b"<?<!"  # marks outside the view are not its own
    view = memoryview(buffer)[offset : offset + len(data)]

    def find(needle: bytes, low: int, high: int) -> int:
        return buffer.find(needle, offset + low, offset + high) - offset

    assert sheet_halves._declarations(view, find) == at_once


def test_many_marks_in_the_text_are_looked_for_in_one_pass() -> None:
    text = b"".join(b"<c><v>Why?</v></c>" for _ in range(40))
    plain = b'<?xml version="1.0"?><sheetData>' + text
    assert sheet_halves._declarations_by_find(plain, plain.find) is None  # too many to look at
    assert not sheet_halves._declarations(plain, plain.find)
    instruction = plain + b"<?hidden row?>"
    assert sheet_halves._declarations(instruction, instruction.find)


@pytest.mark.parametrize("idle", [True, False], ids=["halves written at once", "one by one"])
def test_a_sheet_whose_bytes_do_not_match_their_crc_is_not_cut(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, idle: bool
) -> None:
    monkeypatch.setattr(sheet_halves, "cores_to_spare", lambda: idle)  # whatever the load
    path = workbook(tmp_path / "people.xlsx", people(300))
    entries, sheet, data = inflated_sheet(path)
    lying: Entry = dataclasses.replace(sheet, crc=sheet.crc ^ 1)
    targets = (tmp_path / "first.xlsx", tmp_path / "second.xlsx")
    assert not write_halves(path, entries, lying, data, targets)
    assert not targets[0].exists() and not targets[1].exists()


def cut_in_halves(path: Path) -> None:
    """The check of ``path`` writes its sheet's halves (deleted here, as the importer deletes
    them once it has them open)."""
    checked = quick_check.check_first_sheet(path)
    assert checked is not None and checked.second_half is not None
    for copy in (checked.copy, checked.second_half):
        assert copy is not None
        copy.unlink()


def test_an_import_reads_the_halves_and_gets_the_whole_sheet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through the importer's own opening: the copies are gone once it has them open."""
    monkeypatch.setattr(quick_check, "HALVES_FROM", 0)  # the sheet here is small
    monkeypatch.setattr(quick_check, "second_core", lambda: True)  # whatever the cores
    path = workbook(tmp_path / "people.xlsx", people(400), gap_at=250)
    cut_in_halves(path)
    source = open_source_quickly(path)
    whole, _start = rows_of(path)
    assert source.table(source.sheet_names[0]).rows == whole
    assert source.table(source.sheet_names[0], 100).rows == whole[:100]  # from the first half
    assert source.table(source.sheet_names[0], 390).rows == whole[:390]  # from both
    assert _copies_left() == []


def test_halves_that_cannot_be_read_give_way_to_the_original(tmp_path: Path) -> None:
    """The halves only save time: a second half the library cannot read (here a workbook
    without the sheet) leaves the original to be read, and its rows are the table's."""
    path = workbook(tmp_path / "people.xlsx", people(300))
    halves = halves_of(path, tmp_path)
    assert halves is not None
    first = python_calamine.CalamineWorkbook.from_path(str(halves[0]))
    book = openpyxl.Workbook()
    assert book.active is not None
    book.active.title = "Elsewhere"
    book.save(tmp_path / "other.xlsx")
    stranger = python_calamine.CalamineWorkbook.from_path(str(tmp_path / "other.xlsx"))
    name = worksheet_names(first)[0]
    source = workbook_source(path, "xlsx", first, [name], (name, None), Halves(name, stranger))
    whole, _start = rows_of(path)
    assert source.table(name).rows == whole
    assert source.table(name, 250).rows == whole[:250]


@pytest.mark.skipif(
    len(os.sched_getaffinity(0)) < 2 if hasattr(os, "sched_getaffinity") else True,
    reason="the halves are for a process that may use two cores; this one may use one",
)
def test_a_busy_machine_still_gets_the_halves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With every core busy, two threads still get more of the machine than one: the sheet
    is cut in two all the same, and the import's rows are the whole sheet's."""
    monkeypatch.setattr(quick_check, "HALVES_FROM", 0)  # the sheet here is small
    monkeypatch.setattr(quick_check, "cores_to_spare", lambda: False)  # as a busy machine says
    path = workbook(tmp_path / "people.xlsx", people(400))
    cut_in_halves(path)
    source = open_source_quickly(path)
    assert source.table(source.sheet_names[0]).rows == rows_of(path)[0]


def test_a_child_that_leaves_the_window_a_core_reads_the_sheet_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(quick_check, "HALVES_FROM", 0)
    monkeypatch.setattr(sheet_halves, "halves_wanted", False)  # as early_read's child sets it
    checked = quick_check.check_first_sheet(workbook(tmp_path / "people.xlsx", people(400)))
    assert checked is not None and checked.copy is not None and checked.second_half is None
    checked.copy.unlink()


def _copies_left() -> list[Path]:
    folder = Path(quick_check.copy_folder() or tempfile.gettempdir())
    return list(folder.glob(f"pyramid-import-{os.getpid()}-*"))


@pytest.fixture
def halves_at_any_size(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sheets here are small: they are cut as large ones are, on any machine."""
    monkeypatch.setattr(quick_check, "HALVES_FROM", 0)
    monkeypatch.setattr(quick_check, "second_core", lambda: True)


@pytest.mark.usefixtures("halves_at_any_size")
def test_a_far_cell_in_a_sheet_kept_to_be_cut_leaves_nothing_behind(tmp_path: Path) -> None:
    def far(name: str, data: bytes) -> bytes:
        if name != SHEET_PART:
            return data
        return data.replace(
            b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
        )

    path = rewritten(workbook(tmp_path / "people.xlsx", people(400)), tmp_path / "far.xlsx", far)
    assert quick_check.check_first_sheet(path) is None
    assert _copies_left() == []


@pytest.mark.usefixtures("halves_at_any_size")
def test_a_sheet_kept_to_be_cut_but_not_cut_is_copied_whole(tmp_path: Path) -> None:
    """A comment before the middle: no cut, and the copy written from memory holds the sheet
    as it is, under its own CRC (the zip module checks it as it reads)."""

    def commented(name: str, data: bytes) -> bytes:
        if name != SHEET_PART:
            return data
        return data.replace(b'<row r="3"', b'<!-- a note --><row r="3"', 1)

    path = rewritten(
        workbook(tmp_path / "people.xlsx", people(400)), tmp_path / "note.xlsx", commented
    )
    checked = quick_check.check_first_sheet(path)
    assert checked is not None and checked.copy is not None and checked.second_half is None
    with zipfile.ZipFile(checked.copy) as copy, zipfile.ZipFile(path) as original:
        assert copy.getinfo(SHEET_PART).compress_type == zipfile.ZIP_STORED
        assert copy.read(SHEET_PART) == original.read(SHEET_PART)
        assert sorted(copy.namelist()) == sorted(original.namelist())
    checked.copy.unlink()
    assert source_rows(path) == rows_of(path)[0]


def source_rows(path: Path) -> list[list[Any]]:
    source = open_source_quickly(path)
    return source.table(source.sheet_names[0]).rows
