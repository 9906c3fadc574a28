"""Kill a writing app at random moments: every edit it acknowledged is in the file afterwards.

Each run starts tests/io/crash_writer.py on the same project file, lets it make some of its
scripted edits (each printed only after UndoStack.push returned), SIGKILLs it, then opens the
file as the app would and checks it holds exactly the state after some step no earlier than
the last acknowledged one, and that SQLite's integrity check passes. The next run starts from
what the last one left, log recovery included. bench/crash_bench.py runs many more.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from crash_writer import crash_once, crash_project, kill_and_read_rest

from pyramid_app.io.project.file import ProjectFile

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


# A child that prints three lines in one write and then waits: the first readline() takes all
# three into the reader's buffer, so they are only found by reading through that buffer.
THREE_AT_ONCE = """
import sys
sys.stdout.write("1\\n2\\n3\\n")
sys.stdout.flush()
print("after", file=sys.stderr, flush=True)
sys.stdin.readline()
"""


def test_lines_read_ahead_before_the_kill_are_counted() -> None:
    with subprocess.Popen(
        [sys.executable, "-c", THREE_AT_ONCE],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as child:
        assert child.stdout is not None and child.stderr is not None
        assert child.stdout.readline() == "1\n"
        # Wait until the child has written everything: its stderr line comes after its stdout.
        assert child.stderr.readline() == "after\n"
        rest, errors = kill_and_read_rest(child)
    assert rest == "2\n3\n"
    assert errors == ""
    assert child.returncode == -signal.SIGKILL
