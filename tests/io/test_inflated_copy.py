"""The copy of a workbook whose first sheet is stored inflated (for the library to read without
inflating it again): every part as it was, the library reads the same cells from it, damage is
still reported as damage, and no copy is left behind whatever happens."""

from __future__ import annotations

import os
import tempfile
import zipfile
from pathlib import Path

import openpyxl
import pytest
import python_calamine
from hostile_workbooks import (
    SHEET_PART,
    rewritten,
    with_data_moved_past_the_end,
    with_garbled_data,
    with_header_lies,
    with_shared_strings,
)
from progress_samples import Clock, hotel_project

from pyramid_app.io.spreadsheet import inflated_copy, quick_check
from pyramid_app.io.spreadsheet.errors import UnreadableFileError
from pyramid_app.io.spreadsheet.quick_check import (
    Checked,
    check_first_sheet,
    copy_folder,
    open_source_quickly,
)
from pyramid_app.io.spreadsheet.readers import open_source
from pyramid_app.io.spreadsheet.results_import import read_results
from pyramid_app.model.project import Project


def workbook(path: Path) -> Path:
    """Two sheets of results and notes, saved by openpyxl, given a shared-string table."""
    book = openpyxl.Workbook()
    results = book.active
    assert results is not None
    results.title = "Résultats"
    results.append(["Month", "Hotel", "Measure", "Value"])
    for month in range(1, 13):
        results.append([f"2025-{month:02d}", "Lisbon", "Guest satisfaction", 7 + month / 10])
    notes = book.create_sheet("Notes")
    notes.append(["Exported from the guest survey", 2025])
    book.save(path.with_suffix(".plain.xlsx"))
    return with_shared_strings(path.with_suffix(".plain.xlsx"), path, ["one", "two"])


def copies_left() -> list[Path]:
    """This process's copies (named with its id): another import running on the machine
    meanwhile, another test run's say, leaves and takes its own."""
    folder = Path(copy_folder() or tempfile.gettempdir())
    return sorted(folder.glob(f"pyramid-import-{os.getpid()}-*"))


@pytest.fixture(autouse=True)
def no_copy_is_left_behind():
    before = copies_left()
    yield
    assert copies_left() == before


@pytest.fixture
def project() -> Project:
    made, _recorder = hotel_project(Clock())
    made.journal = None
    return made


def test_the_copy_holds_every_part_and_the_library_reads_the_same_cells(tmp_path: Path):
    path = workbook(tmp_path / "results.xlsx")
    checked = check_first_sheet(path, copy=True)
    assert checked is not None and checked.name == "Résultats" and checked.copy is not None
    try:
        with zipfile.ZipFile(path) as original, zipfile.ZipFile(checked.copy) as copy:
            assert copy.testzip() is None  # every part's CRC holds
            assert sorted(copy.namelist()) == sorted(original.namelist())
            for name in original.namelist():
                assert copy.read(name) == original.read(name)
            assert copy.getinfo(SHEET_PART).compress_type == zipfile.ZIP_STORED
            assert original.getinfo(SHEET_PART).compress_type == zipfile.ZIP_DEFLATED
        for sheet in ("Résultats", "Notes"):
            read = [
                python_calamine.CalamineWorkbook.from_path(str(place))
                .get_sheet_by_name(sheet)
                .to_python()
                for place in (path, checked.copy)
            ]
            assert read[0] == read[1]
    finally:
        checked.copy.unlink()


def test_a_quickly_opened_workbook_reads_what_the_usual_reader_reads(tmp_path: Path):
    path = workbook(tmp_path / "results.xlsx")
    quick, usual = open_source_quickly(path), open_source(path)
    assert quick.sheet_names == usual.sheet_names == ["Résultats", "Notes"]
    for name in usual.sheet_names:
        assert quick.table(name).rows == usual.table(name).rows


def test_a_sheet_whose_crc_does_not_match_is_reported_damaged(tmp_path: Path, project: Project):
    path = with_header_lies(workbook(tmp_path / "a.xlsx"), tmp_path / "crc.xlsx", SHEET_PART, crc=7)
    with pytest.raises(UnreadableFileError, match="looks damaged or incomplete"):
        read_results(path, project)


@pytest.mark.parametrize("damage", [with_garbled_data, with_data_moved_past_the_end])
def test_a_sheet_that_cannot_be_inflated_is_refused_as_the_usual_reader_refuses_it(
    tmp_path: Path, damage
) -> None:
    path = damage(workbook(tmp_path / "a.xlsx"), tmp_path / "damaged.xlsx", SHEET_PART)
    words = []
    for opener in (open_source_quickly, open_source):
        with pytest.raises(UnreadableFileError) as raised:
            source = opener(path)
            source.table(source.sheet_names[0])
        words.append(str(raised.value))
    assert words[0] == words[1]
    assert "looks damaged or incomplete" in words[0]


def test_a_workbook_naming_a_part_twice_is_read_as_it_is(tmp_path: Path, project: Project):
    path = workbook(tmp_path / "a.xlsx")
    twice = tmp_path / "twice.xlsx"
    with zipfile.ZipFile(path) as original, zipfile.ZipFile(twice, "w") as copy:
        for item in original.infolist():
            copy.writestr(item.filename, original.read(item.filename))
        with pytest.warns(UserWarning, match="Duplicate name"):
            copy.writestr("docProps/extra.xml", b"<x/>")
            copy.writestr("docProps/extra.xml", b"<y/>")
    checked = check_first_sheet(twice, copy=True)
    assert checked is not None and checked.copy is None
    assert len(read_results(twice, project).results) == 12


def test_a_workbook_written_by_another_zip_writer_reads_the_same(tmp_path: Path, project: Project):
    # A workbook rewritten by another zip writer (parts in another order, all deflated).
    path = rewritten(workbook(tmp_path / "a.xlsx"), tmp_path / "b.xlsx", lambda _n, data: data)
    read = read_results(path, project)
    assert read.sheet == "Résultats" and len(read.results) == 12 and read.problems == []


def test_without_room_for_a_copy_the_workbook_is_read_as_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, project: Project
) -> None:
    path = workbook(tmp_path / "results.xlsx")
    # Neither the memory-backed folder nor the temporary folder can take a file.
    monkeypatch.setattr(quick_check, "_MEMORY_FOLDER", str(tmp_path / "none"))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "none either"))
    assert check_first_sheet(path, copy=True) == Checked("Résultats")
    assert len(read_results(path, project).results) == 12


def test_a_workbook_is_copied_when_its_copy_fits_whatever_its_parts_inflate_to(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The copy holds one part inflated and the rest as they are: a workbook whose parts inflate
    to more than the limit is copied all the same when its copy fits, and not past that."""
    path = workbook(tmp_path / "results.xlsx")
    book = openpyxl.load_workbook(path)
    for _ in range(2_000):
        book["Notes"].append(["the same words again"] * 10)  # inflates a hundredfold
    book.save(path)
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
        fits = sum(i.compress_size for i in infos) + max(i.file_size for i in infos)
        assert sum(i.compress_size + i.file_size for i in infos) > fits  # what it used to count
        monkeypatch.setattr(inflated_copy, "COPY_LIMIT", fits)
        assert inflated_copy.copy_plan(path, archive) is not None
        monkeypatch.setattr(inflated_copy, "COPY_LIMIT", fits - 1)
        assert inflated_copy.copy_plan(path, archive) is None
