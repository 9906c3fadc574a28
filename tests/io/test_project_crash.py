"""Kill a writing app at random moments: every edit it acknowledged is in the file afterwards.

Each run starts tests/io/crash_writer.py on the same project file, lets it make some of its
scripted edits (each printed only after UndoStack.push returned), SIGKILLs it, then opens the
file as the app would and checks it holds exactly the state after some step no earlier than
the last acknowledged one, and that SQLite's integrity check passes. The next run starts from
what the last one left, log recovery included. bench/crash_bench.py runs many more.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from crash_writer import crash_once, crash_project

from pyramid_app.io.project_file import ProjectFile

RUNS = 17  # per case: 3 cases, 51 kills


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_killed_writers_lose_no_acknowledged_edit(tmp_path: Path, seed: int) -> None:
    path = tmp_path / "crash.pyramid"
    ProjectFile.create(path, crash_project()).close()
    chance = random.Random(seed)
    crashes = [crash_once(path, seed * 1000 + run, 30, chance) for run in range(RUNS)]
    assert len(crashes) == RUNS
    # The runs did edit: the kills fell after real work, not only during start-up.
    assert sum(crash.found for crash in crashes) >= RUNS * 5
    assert any(0 < crash.found < 30 for crash in crashes), "no kill fell in the middle"
