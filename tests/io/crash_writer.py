"""A window's edits in a process of its own, to be killed at random by the crash tests.

    python tests/io/crash_writer.py PROJECT SEED STEPS

Opens PROJECT, prints ``open``, then makes STEPS scripted edits through the model's UndoStack
exactly as the window does (every push, undo and redo is one ``Project.execute`` with the
ProjectFile as journal) and prints the step's number once ``push``/``undo``/``redo`` has
returned, that is once the edit is durable; then prints ``done`` and waits to be killed.
Whatever it printed must survive a SIGKILL.

The script is a pure function of the seed and the project's state, so the test replays it in
memory to know the exact state after every step (:func:`expected_digests`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import signal
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from pyramid_app.io.project.file import ProjectFile
from pyramid_app.model.commands import (
    ReplaceOrganisation,
    UndoStack,
    add_commitment,
    add_progress_note,
    add_user_suggestion,
    bulk_add,
    delete_commitments,
    edit_commitment,
)
from pyramid_app.model.library import Suggestion
from pyramid_app.model.org import OrgChart
from pyramid_app.model.plan import Status
from pyramid_app.model.project import OrgSource, Project

ROOT = Path(__file__).resolve().parents[2]
BASE_TIME = dt.datetime(2025, 1, 6, 8, 0)
PEOPLE = 60


def crash_chart(renamed: bool = False) -> OrgChart:
    """60 people, each manager with 2-5 reports; ``renamed`` is the same tree after an update."""
    rng = np.random.default_rng(3)
    spans = rng.integers(2, 6, size=PEOPLE)
    parent = np.concatenate([[-1], np.repeat(np.arange(PEOPLE), spans)[: PEOPLE - 1]])
    ids = [f"P{i:03d}" for i in range(PEOPLE)]
    names = [f"{'New ' if renamed else ''}Person {i}" for i in range(PEOPLE)]
    return OrgChart.from_parents(ids, parent, names, titles=["Manager"] * PEOPLE)


def crash_project() -> Project:
    return Project(crash_chart(), OrgSource("crash.xlsx", "People", 1, {"id": "ID"}))


def _managers(project: Project) -> list[str]:
    chart = project.chart
    return [chart.ids[int(i)] for i in chart.managers()]


def scripted_step(project: Project, stack: UndoStack, rng: random.Random, step: int) -> None:
    """One edit, chosen by ``rng`` among those that make sense for the project as it is."""
    now = BASE_TIME + dt.timedelta(minutes=step)
    ids = sorted(project.plan.commitments, key=lambda i: int(i[2:]))
    kinds = ["add"] * 4 + ["bulk", "library"]
    if ids:
        kinds += ["edit"] * 4 + ["note"] * 2 + ["delete"]
    if stack.done:
        kinds += ["undo"] * 2
    if stack.undone:
        kinds += ["redo"] * 2
    if step % 25 == 24:
        kinds = ["organisation"]
    kind = rng.choice(kinds)
    if kind == "undo":
        stack.undo()
    elif kind == "redo":
        stack.redo()
    elif kind == "add":
        manager = rng.choice(_managers(project))
        reports = project.direct_report_ids(manager)
        serves = rng.sample(reports, rng.randint(0, len(reports)))
        text = f"Commitment {step}: " + "serve the team " * rng.randint(1, 40)
        stack.push(add_commitment(project, manager, text, now=now, serves=serves))
    elif kind == "bulk":
        managers = rng.sample(_managers(project), 5)
        stack.push(bulk_add(project, managers, Suggestion(f"Bulk {step}", "asked"), now=now))
    elif kind == "library":
        suggestion = Suggestion(f"Own idea {step}", cadence="weekly")
        stack.push(add_user_suggestion(project, f"Family {step % 3}", suggestion))
    elif kind == "edit":
        target = rng.choice(ids)
        status = rng.choice(list(Status))
        due = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 365))
        stack.push(edit_commitment(project, target, now, status=status, due=due))
    elif kind == "note":
        stack.push(add_progress_note(project, rng.choice(ids), f"Note {step}", now=now))
    elif kind == "delete":
        stack.push(delete_commitments(project, [rng.choice(ids)]))
    else:
        renamed = project.chart.names[0].startswith("New")
        source = OrgSource(f"update {step}.xlsx", "People", 1, {"id": "ID"}, now)
        stack.push(ReplaceOrganisation(crash_chart(not renamed), source, (f"Segment {step}",)))


def digest(project: Project) -> str:
    """A fingerprint of everything the file stores."""
    parts = [
        repr(sorted(project.plan.commitments.items())),
        str(project.plan.next_number),
        repr(list(project.library.user_families.items())),
        repr(project.chart.names),
        repr(project.customers),
        repr(project.source),
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def expected_digests(path: Path, seed: int, steps: int) -> list[str]:
    """The digest before any step and after each one, replayed in memory from ``path``."""
    file, project = ProjectFile.open(path, read_only=True, shipped=())
    file.close()
    project.journal = None
    project.read_only_reason = None
    stack = UndoStack(project)
    rng = random.Random(seed)
    digests = [digest(project)]
    for step in range(steps):
        scripted_step(project, stack, rng, step)
        digests.append(digest(project))
    return digests


@dataclass(frozen=True)
class Crash:
    """One run killed: edits it acknowledged, edits found in the file afterwards."""

    acknowledged: int
    found: int
    killed_while_opening: bool


def crash_once(path: Path, seed: int, steps: int, chance: random.Random) -> Crash:
    """Run the writer on ``path``, SIGKILL it at a random moment, check what survived.

    Raises AssertionError if an acknowledged edit is missing, if the file holds anything but
    the state after some step, or if SQLite's integrity check fails.
    """
    expected = expected_digests(path, seed, steps)
    before = _history_length(path)
    printed: list[str] = []
    with subprocess.Popen(
        [sys.executable, __file__, str(path), str(seed), str(steps)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    ) as writer:
        assert writer.stdout is not None
        during_open = chance.random() < 0.1
        if during_open:
            # Start-up is mostly imports; the open itself (log recovery included) is short.
            ended = _ended_within(writer, chance.uniform(0.05, 0.4))
        else:
            for _ in range(chance.randint(1, steps - 2)):
                printed.append(writer.stdout.readline())
            # Land anywhere inside the next edits, unless the writer has ended by then.
            ended = _ended_within(writer, chance.uniform(0, 0.003))
        assert not ended, "the writer ended before it could be killed"
        rest, errors = kill_and_read_rest(writer)
    assert writer.returncode == -signal.SIGKILL, f"the writer ended by itself: {errors}"
    # Whatever it printed before it died, read before or after the kill, was acknowledged.
    numbers = [int(line) for line in [*printed, *rest.splitlines()] if line.strip().isdigit()]
    acknowledged = max(numbers, default=0)
    file, project = ProjectFile.open(path, shipped=())
    found = len(file.history()) - before
    file.close()
    assert acknowledged <= found <= acknowledged + 1, (acknowledged, found)
    assert digest(project) == expected[found], f"the file is not the state after step {found}"
    connection = sqlite3.connect(path)
    (check,) = connection.execute("PRAGMA integrity_check").fetchone()
    connection.close()
    assert check == "ok", check
    return Crash(acknowledged, found, during_open)


def kill_and_read_rest(process: subprocess.Popen[str]) -> tuple[str, str]:
    """SIGKILL ``process``, then everything it printed that was not read yet: (stdout, stderr).

    The rest is read through the same buffered file objects that ``readline()`` used: it may
    have read ahead ("21\n22\n23\n"), and ``communicate()`` would read the pipe beneath that
    buffer and miss those lines. The process is dead, so both pipes end and no read can block.
    """
    assert process.stdout is not None and process.stderr is not None
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    return process.stdout.read(), process.stderr.read()


def _ended_within(process: subprocess.Popen[str], seconds: float) -> bool:
    """Wait up to ``seconds`` for ``process`` to end; True if it did."""
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        return False
    return True


def _history_length(path: Path) -> int:
    connection = sqlite3.connect(path)
    (count,) = connection.execute("SELECT count(*) FROM history").fetchone()
    connection.close()
    return int(count)


def main(argv: list[str]) -> int:
    path, seed, steps = Path(argv[1]), int(argv[2]), int(argv[3])
    file, project = ProjectFile.open(path, shipped=())
    stack = UndoStack(project)
    rng = random.Random(seed)
    print("open", flush=True)
    for step in range(steps):
        scripted_step(project, stack, rng, step)
        print(step + 1, flush=True)
    print("done", flush=True)
    sys.stdin.readline()  # wait for the kill, so that it always comes from outside
    file.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
