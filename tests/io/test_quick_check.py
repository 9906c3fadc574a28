"""The first sheet's used-range check done as the sheet is inflated (into a copy of the
workbook, or as the zip module inflates it): it says exactly what the careful check says (fits,
far cells to leave out, refused, damaged), on sheets of several pieces cut anywhere, and a
stray cell far from a results sheet is still left out, never read.
"""

from __future__ import annotations

import os
import random
import tempfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from hostile_workbooks import (
    SHEET_PART,
    entry,
    rewritten,
    with_cells_added,
    with_garbled_data,
    with_header_lies,
)
from progress_samples import Clock, hotel_project

from pyramid_app.io.spreadsheet import extent, quick_check
from pyramid_app.io.spreadsheet.errors import UnreadableFileError
from pyramid_app.io.spreadsheet.extent import FarCells, first_sheet_extent
from pyramid_app.io.spreadsheet.quick_check import (
    Checked,
    check_first_sheet,
    first_sheet_check,
    open_source_quickly,
    quicker,
)
from pyramid_app.io.spreadsheet.results_import import read_results
from pyramid_app.model.project import Project

HEADER = ["Month", "Hotel", "Measure", "Value"]


def results_workbook(path: Path, rows: int) -> Path:
    """A results sheet saved by openpyxl (inline strings, a ``<dimension>``)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Results"
    sheet.append(HEADER)
    for row in range(rows):
        sheet.append([f"2025-{row % 12 + 1:02d}", "Lisbon", f"Measure {row}", row / 10])
    workbook.save(path)
    return path


def long_sheet(tmp_path: Path, far: str = "", rows: int = 12_000) -> Path:
    """A results sheet a few megabytes long (several of the check's pieces), written as
    openpyxl writes cells, with ``far`` (raw row XML) after its data."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    base = results_workbook(tmp_path / "base.xlsx", 3)
    cells = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>2025-01</t></is></c>'
        f'<c r="B{r}" t="inlineStr"><is><t>Lisbon</t></is></c>'
        f'<c r="C{r}" t="inlineStr"><is><t>Measure {r}</t></is></c>'
        f'<c r="D{r}" t="n"><v>{r}.5</v></c></row>'
        for r in range(5, rows + 5)
    )
    return with_cells_added(base, tmp_path / "long.xlsx", cells + far, dimension=None)


FAR_CELL = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>stray</t></is></c></row>'


@pytest.fixture(autouse=True)
def small_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pieces of 256 KiB: the sheets here are a few of them long."""
    monkeypatch.setattr(quick_check, "_PIECE", 256 * 1024)


@pytest.fixture(params=[True, False], ids=["a core idle", "no core idle"])
def idle_core(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Both ways of looking for unusual markup: on a helper thread (a core idle) or piece by
    piece on the searching thread (every core busy), whatever the machine's load now."""
    idle = bool(request.param)
    monkeypatch.setattr(quick_check, "cores_to_spare", lambda: idle)
    return idle


def both_checks(path: Path) -> tuple[object, object]:
    """What each check says: its answer, or the words of the error it raised."""
    answers = []
    for check in (first_sheet_check, first_sheet_extent):
        try:
            answers.append(check(path))
        except UnreadableFileError as error:
            answers.append(("raised", str(error)))
    return answers[0], answers[1]


def copied(path: Path) -> object:
    """What the check that writes a copy says: the sheet's name when it fits (the copy is
    deleted), else None."""
    checked = check_first_sheet(path, copy=True)
    if checked is None:
        return None
    assert checked.copy is not None and checked.copy.is_file()
    checked.copy.unlink()
    return checked.name


def answer(found: object) -> object:
    """An answer with a returned error turned into its words (errors do not compare)."""
    if isinstance(found, tuple) and isinstance(found[1], UnreadableFileError):
        return found[0], "refused", str(found[1])
    return found


HOSTILE_SHEETS = [
    pytest.param(lambda tmp: long_sheet(tmp), id="fits"),
    pytest.param(lambda tmp: long_sheet(tmp, FAR_CELL), id="stray-cell-at-the-end"),
    pytest.param(
        lambda tmp: long_sheet(tmp, '<row r="30000000"><c r="A30000000"><v>1</v></c></row>'),
        id="past-excel-last-row",
    ),
    pytest.param(
        lambda tmp: with_header_lies(long_sheet(tmp), tmp / "crc.xlsx", SHEET_PART, crc=0x1234),
        id="crc-lie",
    ),
    pytest.param(
        lambda tmp: with_garbled_data(long_sheet(tmp), tmp / "garbled.xlsx", SHEET_PART),
        id="garbled",
    ),
]


@pytest.mark.parametrize("make", HOSTILE_SHEETS)
def test_the_quick_check_says_what_the_careful_one_says(
    tmp_path: Path, make: Callable[[Path], Path], idle_core: bool
) -> None:
    path = make(tmp_path)
    assert entry(path, SHEET_PART).file_size > 4 * quick_check._PIECE  # several pieces
    quick, careful = both_checks(path)
    assert answer(quick) == answer(careful)
    fits = isinstance(careful, tuple) and careful[1] is None
    # The copy does not check the CRC: the library does, as it reads the copy.
    if "crc" not in str(path):
        assert copied(path) == ("Results" if fits else None)


@pytest.mark.parametrize("make", HOSTILE_SHEETS)
def test_a_sheet_kept_in_memory_to_be_cut_is_checked_as_a_copied_one_is(
    tmp_path: Path, make: Callable[[Path], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check that keeps a sheet to write its halves says what the careful one says, and
    hands over two halves, one whole copy (a sheet whose bytes do not match their CRC, for the
    library to say so), or nothing, with nothing else left behind."""
    monkeypatch.setattr(quick_check, "HALVES_FROM", 0)  # the sheet here is small
    monkeypatch.setattr(quick_check, "second_core", lambda: True)  # whatever the cores
    path = make(tmp_path)
    careful = first_sheet_extent(path)
    checked = check_first_sheet(path, copy=True)
    handed = [] if checked is None else [checked.copy, checked.second_half]
    if "crc" in path.name:
        assert checked is not None and checked.copy is not None and checked.second_half is None
    else:
        fits = isinstance(careful, tuple) and careful[1] is None
        assert (checked is not None) == fits
        assert checked is None or None not in handed  # both halves
    for copy in handed:
        if copy is not None:
            copy.unlink()
    folder = Path(quick_check.copy_folder() or tempfile.gettempdir())
    assert list(folder.glob(f"pyramid-import-{os.getpid()}-*")) == []


def test_the_stray_cell_is_found_in_the_last_piece(tmp_path: Path):
    path = long_sheet(tmp_path, FAR_CELL)
    name, found = first_sheet_check(path)  # type: ignore[misc]
    assert name == "Results"
    assert isinstance(found, FarCells) and found.kept.corner == "D12004"
    assert copied(path) is None


def test_a_far_reference_in_the_first_piece_stops_the_copy(tmp_path: Path):
    def far_first(name: str, data: bytes) -> bytes:
        if name != SHEET_PART:
            return data
        return data.replace(b"<sheetData>", b"<sheetData>" + FAR_CELL.encode(), 1)

    path = rewritten(long_sheet(tmp_path), tmp_path / "far-first.xlsx", far_first)
    quick, careful = both_checks(path)
    assert answer(quick) == answer(careful)
    assert isinstance(quick, tuple) and isinstance(quick[1], FarCells)
    assert copied(path) is None


@pytest.mark.parametrize("size", [97, 256, 1000, 4099, 2**20])
def test_pieces_never_cut_a_reference(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: int
) -> None:
    # Pieces as small as a few tags, or one tag longer than a piece: every cut is at a tag's
    # start or looked at again, so the far reference is found whole wherever the cuts fall.
    path = long_sheet(tmp_path, FAR_CELL, rows=300)
    monkeypatch.setattr(quick_check, "_PIECE", size)
    quick, careful = both_checks(path)
    assert answer(quick) == answer(careful)
    assert isinstance(quick, tuple) and isinstance(quick[1], FarCells)
    assert copied(path) is None
    assert copied(long_sheet(tmp_path / "fits", rows=300)) == "Results"


def test_a_tag_longer_than_a_piece_is_searched_to_its_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A cell tag 4,000 bytes long, its reference in the middle: with pieces of 1,000 bytes,
    # the pieces around the reference hold no tag start, and it is still read whole.
    def row(reference: str) -> str:
        return (
            f'<row r="20000"><c note="{"x" * 2000}" r="{reference}" more="{"y" * 2000}" '
            't="inlineStr"><is><t>late</t></is></c></row>'
        )

    monkeypatch.setattr(quick_check, "_PIECE", 1000)
    assert copied(long_sheet(tmp_path / "fits", row("A20000"), rows=2000)) == "Results"
    far = long_sheet(tmp_path / "far", row("XFD20000"), rows=2000)
    assert copied(far) is None
    quick, careful = both_checks(far)
    assert answer(quick) == answer(careful)


@pytest.fixture
def project() -> Project:
    made, _recorder = hotel_project(Clock())
    made.journal = None
    return made


def test_a_stray_cell_far_from_the_results_is_left_out_and_named(
    tmp_path: Path, project: Project
) -> None:
    path = long_sheet(tmp_path, FAR_CELL, rows=2_000)
    read = read_results(path, project)
    assert len(read.results) == 2_003 and read.problems == []
    [note] = [note for note in read.notes if "XFD1048576" in note]
    assert note.startswith('Results!XFD1048576 ("stray") was left out')


def test_a_quickly_opened_source_reads_what_the_usual_one_reads(tmp_path: Path) -> None:
    from pyramid_app.io.spreadsheet.readers import open_source

    path = results_workbook(tmp_path / "results.xlsx", 50)
    quick, usual = open_source_quickly(path), open_source(path)
    assert quick.sheet_names == usual.sheet_names == ["Results"]
    assert quick.table("Results").rows == usual.table("Results").rows
    assert quick.real_format == usual.real_format == "xlsx"


def test_a_csv_is_opened_the_usual_way(tmp_path: Path, csv_file) -> None:
    path = csv_file([HEADER, ["2025-01", "Lisbon", "NPS", "41"]], name="results.csv")
    source = open_source_quickly(path)
    assert source.kind == "csv" and source.table(source.sheet_names[0]).rows[1][3] == "41"


def test_only_a_sheet_within_bounds_is_answered_without_the_careful_check(tmp_path: Path):
    checked = check_first_sheet(long_sheet(tmp_path), copy=False)
    assert checked == Checked("Results")
    assert check_first_sheet(long_sheet(tmp_path / "far", FAR_CELL), copy=False) is None


@pytest.mark.parametrize(
    ("columns", "rows"), [(4, 4_500_000), (17, 1_058_823), (30, 600_000), (1, 9), (16_384, 1_098)]
)
def test_the_quicker_expression_finds_exactly_the_same_references(columns: int, rows: int):
    outside = extent._outside(columns, rows)
    quick = quicker(outside)
    assert quick.pattern != outside.pattern or rows < 10
    pick = random.Random(columns * 7 + rows)
    samples = ["A1", "XFD1048576", f"A{rows}", f"A{rows + 1}", "AA1", "D0", "", "A", "1x", "a1"]
    for _ in range(20_000):
        letters = "".join(pick.choice("ABCDEFXZa") for _ in range(pick.randint(0, 3)))
        digits = "".join(pick.choice("0123456789") for _ in range(pick.randint(0, 9)))
        samples.append(letters + digits + pick.choice(["", "", "", "x", '"']))
    for reference in samples:
        tag = f'<c r="{reference}" t="n">'.encode()
        assert bool(quick.search(tag)) == bool(outside.search(tag)), reference


@pytest.mark.parametrize(("reference", "outside"), [("XFD7", True), ("D7", False)])
def test_a_reference_is_found_wherever_the_pieces_are_cut(reference: str, outside: bool):
    pattern = quicker(extent._outside(4, 1_000))
    xml = (
        f'<row r="6"><c r="A6"><v>1</v></c></row><row r="7"><c r="{reference}" t="n"><v>2</v>'
        '</c></row><row r="8"><c r="B8"><v>3</v></c></row>'
    ).encode()
    for first in range(len(xml)):
        for second in (first, first + 1, first + 7, first + 40):
            search = quick_check._Search(pattern)
            pieces = [xml[:first], xml[first:second], xml[second:]]
            taken = [search.take(piece) for piece in pieces if piece]
            assert (any(taken) or search.found()) is outside, (first, second)


@pytest.mark.parametrize(
    "far",
    [
        "<row r='1048576'><c r='XFD1048576' t='n'><v>1</v></c></row>",
        '<row r = "1048576"><c r = "XFD1048576" t="n"><v>1</v></c></row>',
        '<row\tr="1048576"><c\tr="XFD1048576" t="n"><v>1</v></c></row>',
        '<row r="1048576"><c r="xfd1048576" t="n"><v>1</v></c></row>',
    ],
    ids=["single quotes", "spaces around =", "a tab before r", "small letters"],
)
def test_a_far_cell_written_unusually_is_never_let_through(
    tmp_path: Path, far: str, idle_core: bool
) -> None:
    """The quick check does not say "fits" for a sheet far past its data in a form only the
    careful check reads; that one refuses it (no far cell is left out of such markup)."""
    path = long_sheet(tmp_path, far)
    assert check_first_sheet(path) is None
    _name, said = first_sheet_extent(path) or ("", None)
    assert isinstance(said, UnreadableFileError)
    assert "reaches cell XFD1048576" in str(said)


def test_a_copy_a_killed_import_left_is_removed_by_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A copy's name carries its process: the next import removes those of a process that is
    gone, never a running one's (its own, another import's)."""
    import os
    import subprocess
    import sys

    folder = tmp_path / "copies"
    folder.mkdir()
    monkeypatch.setattr(quick_check, "copy_folder", lambda: str(folder))
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], check=True,
                           capture_output=True, text=True)  # fmt: skip
    gone = folder / f"pyramid-import-{int(ended.stdout)}-abc123.xlsx"
    running = folder / f"pyramid-import-{os.getppid()}-def456.xlsx"
    other = folder / "someone-elses.xlsx"
    for path in (gone, running, other):
        path.write_bytes(b"x" * 10)
    checked = check_first_sheet(long_sheet(tmp_path / "sheet", rows=200))
    assert checked is not None and checked.copy is not None
    assert checked.copy.parent == folder and str(os.getpid()) in checked.copy.name
    checked.copy.unlink()
    assert sorted(p.name for p in folder.iterdir()) == sorted([running.name, other.name])
