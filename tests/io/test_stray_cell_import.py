"""A stray cell far from the org chart (Excel's XFD1048576, say) no longer stops the import: the
people are read from a copy of the sheet without it, and a note names each cell left out and
what it held. A sheet whose real data is too large is still refused.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import openpyxl
import pytest
from hostile_workbooks import (
    org_rows,
    org_xlsx,
    validate_in_child,
    with_cells_added,
    with_shared_strings,
)

from pyramid_app.io import UnreadableFileError, read_org
from pyramid_app.io.spreadsheet import extent
from pyramid_app.io.spreadsheet.org_import import preview_org


def _org_with_stray_cell(path: Path, sheet: str = "Sheet1") -> Path:
    """A 100-person org chart with one word typed into Excel's last cell, saved by openpyxl:
    its ``<dimension>`` says A1:XFD1048576, as Excel's would."""
    workbook = openpyxl.Workbook()
    active = workbook.active
    assert active is not None
    active.title = sheet
    for row in org_rows(100):
        active.append(row)
    active["XFD1048576"] = "stray"
    workbook.save(path)
    return path


@pytest.fixture
def private_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The folder temporary files go to, to see that the import leaves nothing there."""
    folder = tmp_path / "temp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_a_stray_cell_beside_100_people_is_left_out_and_named(
    tmp_path: Path, private_temp: Path
) -> None:
    path = _org_with_stray_cell(tmp_path / "stray.xlsx")
    result = read_org(path)
    assert result.chart.people_count == 100
    assert result.chart.ids[:3] == ["E1", "E2", "E3"]
    assert len(result.report) == 0
    [note] = result.report.notes
    assert note.startswith('Sheet1!XFD1048576 ("stray") was left out: it lies far from the ')
    assert "the rest of the sheet's data (A1:C101)" in note
    assert "holding 17,179,869,184 cells" in note
    assert "Ctrl+End" in note
    assert list(private_temp.iterdir()) == []  # the copy read instead is gone


def test_validate_imports_it_quickly_in_little_memory(tmp_path: Path) -> None:
    path = _org_with_stray_cell(tmp_path / "stray.xlsx")
    done = validate_in_child(path, max_mb=300)
    assert done.code == 0, done.err
    assert done.err == ""
    assert "people 100 ·" in done.out
    assert '  note: Sheet1!XFD1048576 ("stray") was left out' in done.out
    assert done.cpu_seconds < 3  # about 0.1 s; reading the whole rectangle would never end


def test_a_copy_that_cannot_be_written_is_said_to_be_the_disk(tmp_path: Path) -> None:
    """The copy read instead goes to the temporary folder; when the disk refuses it (here a
    file-size limit, as a full disk would), the message says so, not that the file is bad."""
    path = _org_with_stray_cell(tmp_path / "stray.xlsx")
    done = validate_in_child(path, max_mb=300, max_file_bytes=2048)
    assert done.code == 2
    assert done.err == (
        "pyramid-app: stray.xlsx has cells far from its data, to be left out of a copy of it "
        "that could not be written to the temporary folder (File too large). Free some disk "
        "space and import again, or delete the far cells (in Excel, Ctrl+End goes to the "
        "farthest) and save.\n"
    )


def test_the_mapping_preview_shows_the_note(tmp_path: Path) -> None:
    path = _org_with_stray_cell(tmp_path / "stray.xlsx", sheet="Org Chart")
    preview = preview_org(path)
    assert len(preview.rows) == 20
    [note] = preview.notes
    # Excel quotes a sheet name with a space in a reference.
    assert note.startswith("'Org Chart'!XFD1048576 (\"stray\") was left out")


def test_each_far_cell_is_named_with_what_it_held(tmp_path: Path) -> None:
    intact = with_shared_strings(
        org_xlsx(tmp_path / "org.xlsx"), tmp_path / "strings.xlsx", ["first", "Q&amp;A notes"]
    )
    far = (
        '<row r="1"><c r="XFD1" t="b"><v>1</v></c></row>'
        '<row r="5"><c r="XFC5"><f>SUM(A1:A3)</f></c><c r="XFD5" t="e"><v>#N/A</v></c></row>'
        '<row r="900000"><c r="A900000" t="s"><v>1</v></c><c r="B900000"><v>42.5</v></c>'
        '<c r="C900000" t="inlineStr"><is><r><t>rich </t></r><r><t xml:space="preserve">'
        "text</t></r></is></c></row>"
    )
    # Cells written out of order land in the rows they name; the library sorts them.
    path = with_cells_added(intact, tmp_path / "far.xlsx", far)
    result = read_org(path)
    assert result.chart.people_count == 100
    [note] = result.report.notes
    assert note.startswith(
        "6 cells far from the rest of the sheet's data (A1:C101) were left out, as reading the "
        "sheet as far as them would mean holding 14,745,600,000 cells: "
    )
    named = note.split(" cells: ", 1)[1].split(". Delete them")[0]
    assert named == (
        "Sheet1!XFD1 (TRUE), Sheet1!XFC5 (a formula with no saved value, =SUM(A1:A3)), "
        'Sheet1!XFD5 (#N/A), Sheet1!A900000 ("Q&A notes"), Sheet1!B900000 (42.5), '
        'Sheet1!C900000 ("rich text")'
    )


def test_an_empty_formatted_far_cell_is_no_reason_to_refuse(tmp_path: Path) -> None:
    """A cell with a format and no value: the library does not read it, nothing is lost."""
    path = with_cells_added(
        org_xlsx(tmp_path / "org.xlsx"),
        tmp_path / "formatted.xlsx",
        '<row r="1048576" ht="30" customHeight="1"><c r="XFD1048576" s="0"/></row>',
    )
    result = read_org(path)
    assert result.chart.people_count == 100
    assert result.report.notes == []


def test_a_far_cell_behind_a_dimension_that_lies_is_left_out(tmp_path: Path) -> None:
    path = with_cells_added(
        org_xlsx(tmp_path / "org.xlsx"),
        tmp_path / "lying.xlsx",
        '<row r="900000"><c r="AAA900000"><v>7</v></c></row>',
        dimension="A1:C101",
    )
    result = read_org(path)
    assert result.chart.people_count == 100
    [note] = result.report.notes
    assert note.startswith("Sheet1!AAA900000 (7) was left out")


def test_far_cells_cut_by_every_piece_boundary_are_removed_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sheet is streamed in pieces; with pieces of 97 bytes every far cell's element is
    cut somewhere, and must still be taken out whole and named once."""
    far = (
        "".join(
            f'<row r="{row}"><c r="XFD{row}" t="inlineStr"><is><t>far {row}</t></is></c></row>'
            for row in (2, 50, 101)
        )
        + '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>last</t></is></c></row>'
    )
    path = with_cells_added(org_xlsx(tmp_path / "org.xlsx"), tmp_path / "far.xlsx", far)
    monkeypatch.setattr(extent, "_CHUNK", 97)
    result = read_org(path)
    assert result.chart.people_count == 100
    assert [len(row) for row in (result.chart.ids, result.chart.names)] == [100, 100]
    [note] = result.report.notes
    assert note.count("Sheet1!XFD") == 4
    assert '(Sheet1!XFD2 ("far 2"), Sheet1!XFD50' not in note  # each named once, in order
    assert 'Sheet1!XFD2 ("far 2"), Sheet1!XFD50 ("far 50"), Sheet1!XFD101 ("far 101")' in note


@pytest.mark.parametrize(
    ("far_cells", "limit", "imported"),
    [
        ("a few", None, True),
        ("too many", None, False),  # more far cells than strays would be: real data
        ("one", 250, False),  # the org chart's own 303 cells are over the limit
    ],
)
def test_only_a_few_far_cells_beside_data_that_fits_are_left_out(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    far_cells: str,
    limit: int | None,
    imported: bool,
) -> None:
    count = {"one": 1, "a few": 3, "too many": extent.MAX_LEFT_OUT + 1}[far_cells]
    if limit is not None:
        monkeypatch.setattr(extent, "MAX_SHEET_CELLS", limit)
    far = "".join(
        f'<row r="{900_000 + i}"><c r="XFD{900_000 + i}"><v>{i}</v></c></row>' for i in range(count)
    )
    path = with_cells_added(org_xlsx(tmp_path / "org.xlsx"), tmp_path / "far.xlsx", far)
    if imported:
        assert read_org(path).chart.people_count == 100
        return
    corner = f"XFD{900_000 + count - 1}"
    with pytest.raises(UnreadableFileError, match=f"reaches cell {corner}: reading it would"):
        read_org(path)
