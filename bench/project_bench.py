"""Project file speed: an edit made durable, and opening a big project, against baselines.

    python bench/project_bench.py                   # 1,048,575 people, 100,000 commitments
    python bench/project_bench.py --people 100000

1. Edit -> durable. ``UndoStack.push(edit_commitment(...))`` on a project whose journal is its
   ProjectFile, against a bare ``sqlite3`` ``BEGIN; INSERT OR REPLACE`` of a row of the same
   size ``; COMMIT`` in a file in the same mode (WAL, synchronous=FULL, exclusive locking),
   interleaved one for one; best and median of many. Goal: median ratio <= 3.
2. Open. The benchmarks' org chart written as xlsx (bench/import_bench.py, cached in
   bench/out/), imported with ``read_org`` (the baseline), made a project with 100,000
   commitments, saved, then opened with ``ProjectFile.open``; imports and opens interleaved,
   best of each. Goals: open / import <= 1.0, and project file size / xlsx size <= 1.5.
   ``layout_inverted`` of the opened chart is shown too: open + layout is what stands between
   a double-click and the first pyramid.
3. Commands on that project, each in a fresh process, with its time and peak memory
   (VmHWM): opening it read-only (the baseline: what every command starts with), then
   ``pyramid-app plan list`` (text and ``--json``, which read the commitments from the file as
   they write them: goal, less memory than opening the project), ``pyramid-app export``
   without and with the picture (goal at a million commitments: under 60 s and 1 GB), and the
   other commands that read the whole plan: ``coverage``, ``project info``, ``handouts``
   (the chief executive's, the whole pyramid drawn), ``deck`` and ``progress``.

    python bench/project_bench.py --people 1000000 --commitments 1000000 --skip-edits
    python bench/project_bench.py --people 1000000 --commitments 1000000 --skip-edits --own-times

``--own-times`` gives each commitment its own times of making and of last change, as
commitments made one by one in the window have them; without it they share one.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from import_bench import OUT, bench_file  # noqa: E402

from pyramid_app.io.project.file import ProjectFile  # noqa: E402
from pyramid_app.io.project.unsaved import project_from_import  # noqa: E402
from pyramid_app.io.spreadsheet.org_import import read_org  # noqa: E402
from pyramid_app.model.commands import UndoStack, edit_commitment  # noqa: E402
from pyramid_app.model.layout import layout_inverted  # noqa: E402
from pyramid_app.model.plan import Commitment, ProgressNote, Status  # noqa: E402
from pyramid_app.model.project import Project  # noqa: E402

WHEN = dt.datetime(2025, 3, 1, 9, 0)
TEXTS = (
    "Hold a 30-minute one-to-one with each report every two weeks",
    "Work one shift a month alongside the front line",
    "Open every team meeting with one recent guest story",
    "Remove one approval step that slows the front line each quarter",
    "Ask each report what gets in the way of their service, and fix one thing",
)


def add_commitments(project: Project, count: int, seed: int = 11, own_times: bool = False) -> None:
    """``count`` commitments spread over the managers, with the fields a real plan fills; with
    ``own_times`` each has its own time of making and of last change, as commitments made one
    by one in the window have (else they share one, as a plan added at once has)."""
    rng = random.Random(seed)
    chart = project.chart
    managers = [chart.ids[int(i)] for i in chart.managers()]
    statuses = list(Status)
    commitments = []
    for number in range(1, count + 1):
        manager = rng.choice(managers)
        notes = ()
        if number % 4 == 0:
            notes = (ProgressNote(dt.date(2025, 4, 1), "First round done, two to rebook"),)
        commitments.append(
            Commitment(
                id=f"C-{number:04d}",
                manager_id=manager,
                text=rng.choice(TEXTS),
                practice="Leadership",
                measure="held / planned",
                cadence="fortnightly",
                due=dt.date(2025, 6, 30) if number % 3 else None,
                status=statuses[number % len(statuses)],
                notes=notes,
                created=WHEN + dt.timedelta(seconds=number) if own_times else WHEN,
                changed=WHEN + dt.timedelta(days=1, seconds=7 * number) if own_times else WHEN,
            )
        )
    project.plan.put(commitments)


# -- 1. edit -> durable ----------------------------------------------------------------------


def bench_edits(project: Project, folder: Path, repeats: int) -> tuple[list[float], list[float]]:
    path = folder / "edits.pyramid"
    file = ProjectFile.create(path, project)
    stack = UndoStack(project)
    bare = sqlite3.connect(folder / "bare.db", isolation_level=None)
    bare.execute("PRAGMA locking_mode=EXCLUSIVE")
    bare.execute("PRAGMA journal_mode=WAL")
    bare.execute("PRAGMA synchronous=FULL")
    bare.execute("CREATE TABLE row (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)")
    ids = sorted(project.plan.commitments)[:500]
    ours: list[float] = []
    baseline: list[float] = []
    for i in range(repeats):
        target = ids[i % len(ids)]
        command = edit_commitment(project, target, WHEN, status=Status.DONE if i % 2 else "planned")
        payload = repr(project.plan[target])  # about the size of the commitment's row
        started = time.perf_counter()
        stack.push(command)
        ours.append(time.perf_counter() - started)
        started = time.perf_counter()
        bare.execute("BEGIN")
        bare.execute("INSERT OR REPLACE INTO row VALUES (?, ?)", (i % 500, payload))
        bare.execute("COMMIT")
        baseline.append(time.perf_counter() - started)
    bare.close()
    file.close()
    project.journal = None
    return ours, baseline


# -- 2. open ---------------------------------------------------------------------------------


def bench_open(
    xlsx: Path, commitments: int, folder: Path, repeats: int, own_times: bool = False
) -> dict[str, float]:
    started = time.perf_counter()
    result = read_org(xlsx)
    imported = time.perf_counter() - started
    project = project_from_import(result, shipped=())
    add_commitments(project, commitments, own_times=own_times)
    path = folder / "big.pyramid"
    started = time.perf_counter()
    ProjectFile.create(path, project).close()
    created = time.perf_counter() - started
    del result, project
    opened = float("inf")
    layout = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        read_org(xlsx)
        imported = min(imported, time.perf_counter() - started)
        started = time.perf_counter()
        file, project = ProjectFile.open(path, shipped=())
        opened = min(opened, time.perf_counter() - started)
        file.close()
        assert len(project.plan) == commitments
        started = time.perf_counter()
        layout_inverted(project.chart)
        layout = min(layout, time.perf_counter() - started)
        del project, file
    return {
        "import": imported,
        "create": created,
        "open": opened,
        "layout": layout,
        "xlsx_bytes": xlsx.stat().st_size,
        "project_bytes": path.stat().st_size,
    }


# -- 3. commands ---------------------------------------------------------------------------

# Runs one command (or only the read-only open) and reports its seconds and peak memory.
_COMMAND = """
import json, os, sys, time
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # the pictures are drawn offscreen
sys.path.insert(0, "bench")
from memory import peak_resident_mb
started = time.perf_counter()
if sys.argv[1] == "open":
    from pyramid_app.io.project.file import ProjectFile
    ProjectFile.open(sys.argv[2], read_only=True, shipped=())[0].close()
else:
    from pyramid_app.cli.main import main
    sys.stdout = open(os.devnull, "w")
    code = main(sys.argv[1:])
    assert code == 0, code
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "peak": peak_resident_mb()}), file=sys.stderr)
"""


def run_command(*arguments: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", _COMMAND, *arguments],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    if done.returncode != 0:
        command = " ".join(arguments)
        raise SystemExit(f"{command} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    figures: dict[str, float] = json.loads(done.stderr.strip().splitlines()[-1])
    return figures


def bench_commands(path: Path, folder: Path) -> list[tuple[str, dict[str, float]]]:
    workbook = folder / "plan.xlsx"
    runs = [
        ("open read-only (baseline)", ("open", str(path))),
        ("pyramid-app plan list", ("plan", "list", str(path))),
        ("pyramid-app plan list --json", ("plan", "list", "--json", str(path))),
        (
            "pyramid-app export --no-picture",
            ("export", str(path), "-o", str(workbook), "--no-picture", "--today", "2025-09-01"),
        ),
        ("pyramid-app export", ("export", str(path), "-o", str(workbook), "--today", "2025-09-01")),
        ("pyramid-app coverage", ("coverage", str(path), "--today", "2025-09-01")),
        ("pyramid-app project info", ("project", "info", str(path))),
        (
            "pyramid-app handouts --level 0",
            ("handouts", str(path), "-o", str(folder / "h.pdf"), "--level", "0"),
        ),
        ("pyramid-app deck", ("deck", str(path), "-o", str(folder / "deck.pptx"))),
        ("pyramid-app progress", ("progress", str(path), "--today", "2025-09-01")),
    ]
    measured = []
    for label, arguments in runs:
        figures = run_command(*arguments)
        measured.append((label, figures))
        print(f"  {label:32s} {figures['seconds']:6.1f} s, peak {figures['peak']:,.0f} MB")
    return measured


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1_048_575)
    parser.add_argument("--commitments", type=int, default=100_000)
    parser.add_argument("--edits", type=int, default=400, help="timed edits (and bare commits)")
    parser.add_argument("--repeats", type=int, default=3, help="imports and opens, best of")
    parser.add_argument("--skip-edits", action="store_true")
    parser.add_argument("--skip-open", action="store_true")
    parser.add_argument("--skip-commands", action="store_true")
    parser.add_argument(
        "--own-times",
        action="store_true",
        help="each commitment with its own times of making and last change (as made one by one)",
    )
    args = parser.parse_args()

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="project-bench-", dir=OUT) as name:
        folder = Path(name)
        if not args.skip_edits:
            print(f"1. edit -> durable ({args.edits} edits, 100,000-person org)", flush=True)
            xlsx = bench_file(100_000, regenerate=False)
            project = project_from_import(read_org(xlsx), shipped=())
            add_commitments(project, min(args.commitments, 100_000))
            ours, bare = bench_edits(project, folder, args.edits)
            del project
            ratio = statistics.median(ours) / statistics.median(bare)
            print(
                f"  push(edit_commitment) median {statistics.median(ours) * 1e3:.2f} ms, best "
                f"{min(ours) * 1e3:.2f} ms; bare insert+commit median "
                f"{statistics.median(bare) * 1e3:.2f} ms, best {min(bare) * 1e3:.2f} ms; "
                f"ratio of medians {ratio:.2f} (goal <= 3)",
                flush=True,
            )
        if args.skip_open:
            return 0
        print(f"2. open: {args.people:,} people, {args.commitments:,} commitments", flush=True)
        xlsx = bench_file(args.people, regenerate=False)
        figures = bench_open(xlsx, args.commitments, folder, args.repeats, args.own_times)
        size_ratio = figures["project_bytes"] / figures["xlsx_bytes"]
        print(
            f"  import (read_org) {figures['import']:.2f} s; create the project "
            f"{figures['create']:.2f} s; open {figures['open']:.2f} s; layout_inverted "
            f"{figures['layout']:.2f} s"
        )
        print(
            f"  open / import {figures['open'] / figures['import']:.2f} (goal <= 1.0); "
            "(open + layout) / import "
            f"{(figures['open'] + figures['layout']) / figures['import']:.2f}"
        )
        print(
            f"  file size: project {figures['project_bytes'] / 1e6:.1f} MB, xlsx "
            f"{figures['xlsx_bytes'] / 1e6:.1f} MB, ratio {size_ratio:.2f} (goal <= 1.5)",
            flush=True,
        )
        commands = []
        if not args.skip_commands:
            print("3. commands, each in a fresh process", flush=True)
            commands = bench_commands(folder / "big.pyramid", folder)
    print(
        "\n| people | commitments | import | open | open/import | layout | project MB | "
        "xlsx MB | size ratio |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {args.people:,} | {args.commitments:,} | {figures['import']:.2f} s | "
        f"{figures['open']:.2f} s | {figures['open'] / figures['import']:.2f} | "
        f"{figures['layout']:.2f} s | {figures['project_bytes'] / 1e6:.1f} | "
        f"{figures['xlsx_bytes'] / 1e6:.1f} | {size_ratio:.2f} |"
    )
    if commands:
        baseline = commands[0][1]["peak"]
        print("\n| command | time | peak memory | peak / opening's |")
        print("|---|---:|---:|---:|")
        for label, measured in commands:
            print(
                f"| {label} | {measured['seconds']:.1f} s | {measured['peak']:,.0f} MB | "
                f"{measured['peak'] / baseline:.2f} |"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
