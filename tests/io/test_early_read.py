"""The import begun in a child process at start-up: what it hands over is what ``read_org``
would have returned or raised here."""

from __future__ import annotations

import io
import os
import pickle
import signal
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from pyramid_app.io import UnreadableFileError, read_org
from pyramid_app.io.spreadsheet import early_read, org_import
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
    monkeypatch.setattr(early_read, "_payload", lambda _path: signal.pause())
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
