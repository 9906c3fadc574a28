"""Commands and pipes: a named pipe called x.pyramid is refused at once (never waited on), and
a command whose reader goes away (`| head -1`) ends quietly, without a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from pyramid_app.cli import EXIT_READER_GONE, main

ROOT = Path(__file__).resolve().parents[2]
# A department each, so that `coverage --json` lists 3,000 of them: both outputs are far more
# than a pipe holds (64 KB), so the command is still writing when its reader goes away.
PEOPLE = [["ID", "Manager", "Name", "Department"], ["A", "", "Ann", "Board"]] + [
    [f"P{i}", "A", f"Person {i}", f"Department {i}"] for i in range(3_000)
]
LONG_TEXT = "Walk the floor with the team and ask what gets in their way. " * 40


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")
@pytest.mark.parametrize(
    "command",
    [
        ["project", "info", "{pipe}"],
        ["plan", "list", "{pipe}"],
        ["coverage", "{pipe}"],
        ["export", "{pipe}", "-o", "{folder}/plan.xlsx"],
    ],
)
def test_a_named_pipe_is_refused_without_waiting(tmp_path: Path, command: list[str]) -> None:
    pipe = tmp_path / "x.pyramid"
    os.mkfifo(pipe)
    arguments = [part.format(pipe=pipe, folder=tmp_path) for part in command]
    finished = subprocess.run(
        [sys.executable, "-m", "pyramid_app", *arguments],
        capture_output=True,
        text=True,
        timeout=60,  # a hang fails here, long before pytest's own limit
        cwd=ROOT,
    )
    assert finished.returncode == 2, finished.stderr
    assert "it is a named pipe, not a file saved on disk" in finished.stderr
    assert "Traceback" not in finished.stderr


@pytest.fixture
def project(csv_file: Callable[..., Path], tmp_path: Path) -> Path:
    path = tmp_path / "big.pyramid"
    assert main(["project", "new", str(csv_file(PEOPLE)), "-o", str(path)]) == 0
    for i in range(300):
        text = f"Promise {i}: {LONG_TEXT}"
        assert main(["plan", "add", str(path), "--manager", "A", "--text", text]) == 0
    return path


@pytest.mark.parametrize("command", [["plan", "list", "--json"], ["coverage", "--json"]])
def test_a_reader_that_goes_away_ends_the_command_quietly(
    project: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    arguments = [*command[:-1], str(project), command[-1]]
    with subprocess.Popen(
        [sys.executable, "-m", "pyramid_app", *arguments],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        assert process.stdout.readline().strip() == b"{"
        process.stdout.close()  # what `| head -1` does once it has its line
        errors = process.stderr.read().decode()
        code = process.wait(timeout=60)
    assert "Traceback" not in errors and "BrokenPipeError" not in errors, errors
    assert code == EXIT_READER_GONE
