"""The import begun in a child process at start-up: what it hands over is what ``read_org``
would have returned or raised here."""

from __future__ import annotations

import io
import os
import pickle
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pytest
from hostile_workbooks import SHEET_PART, with_cells_added, with_header_lies
from test_unreadable import write_zip_bomb

from pyramid_app.io import UnreadableFileError, read_org
from pyramid_app.io.spreadsheet import early_read, extent, org_import, quick_check
from pyramid_app.io.spreadsheet.early_read import BackgroundRead, start_reading, take_started
from pyramid_app.io.spreadsheet.errors import NoIdColumnError
from pyramid_app.model.org import OrgChart


def _people(count: int) -> list[list[object]]:
    rows: list[list[object]] = [["Employee ID", "Manager ID", "Name", "Title", "Grade"]]
    for i in range(count):
        rows.append([1001 + i, 1001 + (i - 1) // 4 if i else "", f"Person {i}", "Agent", "B"])
    return rows


def _no_second_read(*_args: object, **_kwargs: object) -> None:
    raise AssertionError("the file was read again here")


def test_the_child_hands_over_what_read_org_returns(
    xlsx_file: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = xlsx_file(_people(600))
    started = BackgroundRead(path)
    with monkeypatch.context() as patch:
        patch.setattr(org_import, "read_org", _no_second_read)  # the child has its own copy
        early = started.result()
    here = read_org(path)
    assert early.chart.ids == here.chart.ids and early.chart.names == here.chart.names
    assert early.chart.titles == here.chart.titles
    assert early.chart.attributes == here.chart.attributes == {"Grade": ["B"] * 600}
    # Columns of few values come over sharing one string per value, as the import made them.
    for column in (early.chart.titles, early.chart.attributes["Grade"]):
        assert len({id(value) for value in column}) == len(set(column)) == 1
    for name in ("parent", "depth", "child_offsets", "child_index", "subtree_size"):
        assert np.array_equal(getattr(early.chart, name), getattr(here.chart, name))
    assert early.chart.index_of("1500") == 499
    assert early.summary() == here.summary()
    assert early.mapping == here.mapping and early.path == here.path
    assert [f.message for f in early.report] == [f.message for f in here.report]


def test_a_refused_file_is_refused_with_the_same_error(
    xlsx_file: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    no_ids = xlsx_file([["Colour", "Size"], ["red", "big"]])
    started = BackgroundRead(no_ids)
    with monkeypatch.context() as patch, pytest.raises(NoIdColumnError) as early:
        patch.setattr(org_import, "read_org", _no_second_read)
        started.result()
    with pytest.raises(NoIdColumnError) as here:
        read_org(no_ids)
    assert str(early.value) == str(here.value)
    assert (early.value.sheet, early.value.headers) == (here.value.sheet, here.value.headers)
    missing = tmp_path / "gone.xlsx"
    with pytest.raises(UnreadableFileError, match=r"gone\.xlsx"):
        BackgroundRead(missing).result()


def test_a_reader_that_dies_is_a_message_not_a_second_attempt(
    xlsx_file: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    if not early_read._can_fork():
        pytest.skip("children are forked only on Linux")
    # The forked child runs this instead of the import: it blocks until a signal arrives, so
    # it is still there to be killed.
    monkeypatch.setattr(early_read, "_payload", lambda _path, **_options: signal.pause())
    read = BackgroundRead(xlsx_file(_people(50)))
    assert read._pid is not None
    os.kill(read._pid, signal.SIGKILL)
    with pytest.raises(UnreadableFileError, match=r"stopped unexpectedly \(SIGKILL\)"):
        read.result()


def test_a_started_read_is_taken_once_and_only_by_an_import_that_chooses_nothing(
    xlsx_file: Callable[..., Path],
) -> None:
    path = xlsx_file(_people(20))
    start_reading(path)
    assert take_started(path, sheet="Sheet1") is None
    started = take_started(path)
    assert started is not None
    assert take_started(path) is None
    assert started.result().chart.people_count == 20


def test_without_fork_a_fresh_interpreter_reads_it(
    xlsx_file: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = xlsx_file(_people(300))
    monkeypatch.setattr(early_read, "_can_fork", lambda: False)
    started = BackgroundRead(path)
    assert started._process is not None
    monkeypatch.setattr(org_import, "read_org", _no_second_read)
    result = started.result()
    assert result.chart.people_count == 300 and result.chart.names[299] == "Person 299"


def test_a_large_or_missing_file_is_left_to_the_window(
    xlsx_file: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = xlsx_file(_people(20))
    monkeypatch.setattr(early_read, "EARLY_LIMIT", path.stat().st_size - 1)
    assert not start_reading(path)
    assert not start_reading(tmp_path / "absent.xlsx")
    assert take_started(path) is None


def test_text_columns_cross_the_pipe_as_they_were() -> None:
    """Long text columns travel joined by a separator; one holding the separator itself, or
    a value that is not text, travels as a list."""
    count = 400
    names = [f"Person {i}" for i in range(count)]
    names[7] = "a\x00b"
    titles = ["Agent"] * count
    titles[3] = ""
    chart = OrgChart.from_parents(
        [str(i) for i in range(count)], [-1] + [0] * (count - 1), names, titles=titles
    )
    chart.attributes = {"Grade": ["B"] * count, "Odd": [1.5] * count}
    buffer = io.BytesIO()
    early_read._send(("ok", chart), buffer)
    buffer.seek(0)
    _ok, copy = pickle.load(buffer)
    assert copy.names == names and copy.titles == titles and copy.ids == chart.ids
    assert copy.attributes == chart.attributes
    assert np.array_equal(copy.subtree_size, chart.subtree_size)


def _org_with_far_cell(path: Path, far: str) -> Path:
    """60 people and one word typed into the cell ``far``, saved by openpyxl."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "People"
    for row in _people(60):
        sheet.append(row)
    sheet[far] = "stray"
    workbook.save(path)
    return path


def _forking() -> None:
    if not early_read._can_fork():
        pytest.skip("the first sheet is read unchecked only by a forked child (Linux)")


def _recording_checks(monkeypatch: pytest.MonkeyPatch, record: Path) -> None:
    """Each process that checks a sheet for far cells (before a child is forked, so that
    the child records too) writes its id into ``record``."""
    careful = quick_check.check_sheet

    def recorded(*args: Any, **kwargs: Any) -> quick_check.Checked | None:
        with record.open("a") as out:  # the child's record reaches the file too
            out.write(f"{os.getpid()}\n")
        return careful(*args, **kwargs)

    monkeypatch.setattr(quick_check, "check_sheet", recorded)


def test_a_large_first_sheet_is_read_by_the_child_without_the_check(
    xlsx_file: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its bytes are searched by no process: the library's rectangle of it is checked in
    the child instead, and the child's read is taken."""
    _forking()
    path = xlsx_file(_people(400))
    monkeypatch.setattr(early_read, "UNCHECKED_FROM", 0)  # this sheet counts as large
    checked_by = tmp_path / "checked-by"
    _recording_checks(monkeypatch, checked_by)
    started = BackgroundRead(path)
    assert started._unchecked
    with monkeypatch.context() as patch:
        patch.setattr(org_import, "read_org", _no_second_read)  # the child's read is taken
        early = started.result()
    assert not checked_by.exists()
    here = read_org(path)
    assert early.chart.ids == here.chart.ids and early.summary() == here.summary()


def test_a_small_first_sheet_is_checked_by_the_child_as_any_import_checks_it(
    xlsx_file: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _forking()
    path = xlsx_file(_people(400))
    checked_by = tmp_path / "checked-by"
    _recording_checks(monkeypatch, checked_by)
    started = BackgroundRead(path)
    child = started._pid
    assert not started._unchecked and child is not None
    with monkeypatch.context() as patch:
        patch.setattr(org_import, "read_org", _no_second_read)
        early = started.result()
    assert checked_by.read_text().split() == [str(child)]  # and not this process
    assert early.chart.ids == read_org(path).chart.ids


def _read_here_counted(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The files this process reads with ``read_org`` from now on."""
    reads: list[Path] = []
    read = org_import.read_org

    def counted(path: Path, **options: Any) -> Any:
        reads.append(path)
        return read(path, **options)

    monkeypatch.setattr(org_import, "read_org", counted)
    return reads


@pytest.mark.parametrize(
    ("far", "unchecked"),
    [("XFD1048576", False), ("Z1048576", False), ("XFD1048576", True)],
    ids=["checked-XFD", "checked-Z", "unchecked-XFD"],
)
def test_a_first_sheet_with_a_far_cell_is_read_the_careful_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, far: str, unchecked: bool
) -> None:
    """A child that checks the sheet finds the far cell and reads it without it, as the import
    here does; one that reads it unchecked is refused the rectangle's memory by its own bound
    (XFD1048576's would take half a terabyte), and this process reads it."""
    _forking()
    path = _org_with_far_cell(tmp_path / "stray.xlsx", far)
    if unchecked:
        monkeypatch.setattr(early_read, "UNCHECKED_FROM", 0)
    started = BackgroundRead(path)
    child = started._pid
    assert child is not None and started._unchecked == unchecked
    reads = _read_here_counted(monkeypatch)
    early = started.result()
    assert reads == ([path] if unchecked else [])
    here = read_org(path)
    assert early.chart.people_count == here.chart.people_count == 60
    assert early.report.notes == here.report.notes
    assert early.report.notes[0].startswith(f'People!{far} ("stray") was left out')
    with pytest.raises(ChildProcessError):  # stopped and reaped: nothing left running
        os.waitpid(child, os.WNOHANG)


def test_a_cell_beyond_the_rectangle_a_child_read_unchecked_leaves_the_read_here(
    xlsx_file: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cell at Z1010 below a five-column sheet that says it ends at E1001 is no far cell
    (the sheet is read whole), but it lies outside the rectangle the child was allowed (the
    sheet's first rows are five columns wide too): the child does not turn the sheet into
    Python's, and this process reads it."""
    _forking()
    stray = '<row r="1010"><c r="Z1010" t="inlineStr"><is><t>stray</t></is></c></row>'
    path = with_cells_added(xlsx_file(_people(1000)), tmp_path / "wide.xlsx", stray, "A1:E1001")
    monkeypatch.setattr(early_read, "UNCHECKED_FROM", 0)
    started = BackgroundRead(path)
    assert started._unchecked
    reads = _read_here_counted(monkeypatch)
    early = started.result()
    assert reads == [path]
    here = read_org(path)
    assert early.chart.ids == here.chart.ids and early.summary() == here.summary()
    assert early.chart.attributes == here.chart.attributes  # the stray word among them
    assert [f.message for f in early.report] == [f.message for f in here.report]


def _in_a_fresh_interpreter(script: str, path: Path) -> subprocess.CompletedProcess[str]:
    """``script`` run by a new Python with ``path`` as its argument, within a minute."""
    return subprocess.run(
        [sys.executable, "-c", script, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


# In a fresh interpreter, whose heap has no free room to lend: a child forked from this test
# process could find the little it needs in memory the process freed earlier.
_BOUND_TO_NOTHING = """
import sys
from pathlib import Path
from pyramid_app.io.spreadsheet import early_read, org_import
early_read.CHILD_ALLOWANCE = 0
early_read.UNCHECKED_FROM = 0
started = early_read.BackgroundRead(Path(sys.argv[1]))
reads, read = [], org_import.read_org
def watched(source, **options):
    reads.append(source)
    return read(source, **options)
org_import.read_org = watched
result = started.result()
print(len(reads), result.chart.people_count, result.chart.names[-1])
"""


def test_a_child_out_of_its_memory_bound_leaves_the_read_to_this_process(
    xlsx_file: Callable[..., Path],
) -> None:
    _forking()
    path = xlsx_file(_people(3000))
    done = _in_a_fresh_interpreter(_BOUND_TO_NOTHING, path)
    assert done.returncode == 0, done.stderr
    # Read once here, after the child could not: the whole chart, no message.
    assert done.stdout.split() == ["1", "3000", "Person", "2999"]


def test_a_text_file_under_an_xlsx_name_is_read_by_the_child_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only a zip archive's first sheet is checked here: the child reads anything else the
    usual way, and its read is taken."""
    path = tmp_path / "org.xlsx"
    path.write_text("\n".join(",".join(map(str, row)) for row in _people(120)), encoding="utf-8")
    started = BackgroundRead(path)
    with monkeypatch.context() as patch:
        patch.setattr(org_import, "read_org", _no_second_read)
        early = started.result()
    assert early.chart.people_count == 120 and early.real_format == "text"


def test_a_zip_bomb_is_refused_by_the_safety_gate_before_its_sheet_is_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whether the child may read the first sheet unchecked is asked after the safety gate,
    as the child's import asks: a sheet that inflates hundreds of times is never opened."""
    _forking()
    bomb = tmp_path / "bomb.xlsx"
    write_zip_bomb(bomb, claim_gib=None)
    opened: list[str] = []
    measure = extent.safe_rectangle

    def watched(archive: Any, part: str, *options: Any) -> Any:
        opened.append(part)
        return measure(archive, part, *options)

    monkeypatch.setattr(early_read, "UNCHECKED_FROM", 0)
    monkeypatch.setattr(extent, "safe_rectangle", watched)
    started = BackgroundRead(bomb)
    assert not started._unchecked
    with pytest.raises(UnreadableFileError, match="possible zip bomb"):
        started.result()
    assert opened == []


@pytest.mark.parametrize("unchecked", [False, True], ids=["checked", "unchecked"])
def test_a_sheet_whose_crc_lies_is_refused_in_the_words_of_the_import(
    xlsx_file: Callable[..., Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    unchecked: bool,
) -> None:
    """A child that checks the sheet refuses it as the import here would; one that reads it
    unchecked leaves it to this process, whose import says what is wrong."""
    _forking()
    path = with_header_lies(xlsx_file(_people(400)), tmp_path / "crc.xlsx", SHEET_PART, crc=7)
    if unchecked:
        monkeypatch.setattr(early_read, "UNCHECKED_FROM", 0)
    started = BackgroundRead(path)
    assert started._unchecked == unchecked
    reads = _read_here_counted(monkeypatch)
    with pytest.raises(UnreadableFileError) as early:
        started.result()
    assert reads == ([path] if unchecked else [])
    with pytest.raises(UnreadableFileError) as here:
        read_org(path)
    assert str(early.value) == str(here.value)
    assert "crc.xlsx" in str(here.value)


# A named pipe under a workbook's name, read early in a fresh interpreter: a wait for a writer
# that never comes would hang it, and the test's timeout catches that.
_READ_PIPE = """
import sys
from pathlib import Path
from pyramid_app.io.spreadsheet.early_read import BackgroundRead
try:
    BackgroundRead(Path(sys.argv[1])).result()
except Exception as error:
    print(type(error).__name__, error)
"""


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")
def test_a_named_pipe_under_an_xlsx_name_is_refused_without_waiting(tmp_path: Path) -> None:
    pipe = tmp_path / "org.xlsx"
    os.mkfifo(pipe)
    done = _in_a_fresh_interpreter(_READ_PIPE, pipe)  # a wait would end in its timeout
    assert done.stdout.startswith("UnreadableFileError org.xlsx is a named pipe"), done.stderr
