"""An import pauses Python's cycle collector while it makes a list per row, and leaves it as
it found it, whatever happens."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from pyramid_app.io import UnreadableFileError, preview_org, read_org
from pyramid_app.model.collector import cycle_collection_paused

ROWS = [["Employee ID", "Manager ID", "Name"], ["A", "", "Ann"], ["B", "A", "Bob"]]


@pytest.fixture
def collector_was_on() -> Iterator[None]:
    was_enabled = gc.isenabled()
    yield
    if was_enabled:
        gc.enable()
    else:
        gc.disable()


@pytest.mark.usefixtures("collector_was_on")
@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_left_as_it_was(
    xlsx_file: Callable[..., Path], tmp_path: Path, enabled: bool
) -> None:
    (gc.enable if enabled else gc.disable)()
    assert read_org(xlsx_file(ROWS)).chart.ids == ["A", "B"]
    assert gc.isenabled() is enabled
    assert preview_org(xlsx_file(ROWS)).headers[0] == "Employee ID"
    assert gc.isenabled() is enabled
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(UnreadableFileError):
        read_org(empty)
    assert gc.isenabled() is enabled


@pytest.mark.usefixtures("collector_was_on")
def test_the_collector_is_off_during_the_read() -> None:
    gc.enable()
    with cycle_collection_paused():
        assert not gc.isenabled()
        with cycle_collection_paused():  # a read inside another one
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
