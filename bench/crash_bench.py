"""Kill a writing Pyramid Planner many times and count the acknowledged edits that were lost.

    python bench/crash_bench.py              # 500 kills
    python bench/crash_bench.py --kills 100

The same runs as tests/io/test_project_crash.py, many more of them: tests/io/crash_writer.py
edits one project file through the model's UndoStack and prints each edit once it is durable;
it is SIGKILLed at a random moment; the file is reopened as the app opens it and must hold
every acknowledged edit (exactly the state after one of the script's steps) and pass SQLite's
integrity check. The baseline is the number of kills: lost edits must be 0 of them.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "io"))

from crash_writer import crash_once, crash_project  # noqa: E402

from pyramid_app.io.project.file import ProjectFile  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=500)
    parser.add_argument("--steps", type=int, default=40, help="scripted edits per run")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument(
        "--fresh-every",
        type=int,
        default=100,
        help="start a new project file after this many kills (the plan grows with every run)",
    )
    args = parser.parse_args()
    chance = random.Random(args.seed)
    lost = unacknowledged_kept = during_open = edits = 0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="pyramid-crash-") as folder:
        path = Path(folder) / "crash.pyramid"
        for run in range(args.kills):
            if run % args.fresh_every == 0:
                ProjectFile.create(path, crash_project(), overwrite=True).close()
            try:
                crash = crash_once(path, args.seed * 100_000 + run, args.steps, chance)
            except AssertionError as error:
                lost += 1
                print(f"run {run}: {error}", flush=True)
                continue
            edits += crash.found
            during_open += crash.killed_while_opening
            unacknowledged_kept += crash.found - crash.acknowledged
            if (run + 1) % 50 == 0:
                print(f"  {run + 1} kills, {lost} with a loss", flush=True)
    seconds = time.perf_counter() - started
    print(
        f"\n{args.kills} kills ({during_open} while opening) in {seconds:.0f} s; {edits:,} edits "
        f"found; {unacknowledged_kept} killed after the commit but before the acknowledgement"
    )
    print(
        f"runs that lost an acknowledged edit or failed the integrity check: {lost} of "
        f"{args.kills} (goal 0)"
    )
    return 1 if lost else 0


if __name__ == "__main__":
    raise SystemExit(main())
