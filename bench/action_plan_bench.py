"""The action-plan workbook: writing it, and reading updates back, against bare libraries.

    python bench/action_plan_bench.py                      # 100,000 people, 10,000 commitments
    python bench/action_plan_bench.py --people 20000 --commitments 2000 --repeats 1

Export, ours: ``write_action_plan`` (coverage, every sheet, styles, table, chart, validation,
conditional formatting, atomic replace). Baseline: a bare openpyxl write-only workbook holding
the same cell values in the same sheets (read back from our file with calamine beforehand, so
the values are exactly equal), without any formatting. Goal: at most 1.5x.

Reading, ours: ``read_action_plan_updates`` on that file after a tenth of the statuses and
some notes were changed (opening, finding the sheet and the record, comparing every row).
Baseline: python-calamine opening the same file and reading the same two sheets to Python
values. Goal: at most 1.3x.

    python bench/action_plan_bench.py --people 1000000 --commitments 1000000 --export-only

    python bench/action_plan_bench.py --read-only --repeats 9

``--read-only`` times the reading alone, on the edited workbook as openpyxl saved it and as
LibreOffice saves it again (skipped, with the reason, without ``soffice``): ours and the bare
read alternate, and the ratio of their medians is printed with the smallest, median and largest
ratio of single pairs.

``--export-only`` times the export alone, each repeat in a fresh process that first builds the
project: the export's seconds (goal at a million commitments: under 60 s), the process's peak
memory (VmHWM), and what the export added to the memory the project already took before
it started (goal: under 1 GB). The bare openpyxl write is left out: at a million rows it takes
longer than ten minutes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import openpyxl  # noqa: E402
import python_calamine  # noqa: E402
from import_bench import save_with_libreoffice  # noqa: E402
from memory import peak_resident_mb  # noqa: E402
from trees import random_parents  # noqa: E402

from pyramid_app.io.workbook.columns import PLAN_SHEET, RECORD_SHEET  # noqa: E402
from pyramid_app.io.workbook.writer import (  # noqa: E402
    read_action_plan_updates,
    write_action_plan,
)
from pyramid_app.model.org import OrgChart  # noqa: E402
from pyramid_app.model.plan import Commitment, Plan, ProgressNote, Status  # noqa: E402
from pyramid_app.model.project import OrgSource, Project  # noqa: E402

TODAY = dt.date(2025, 9, 1)
NOW = dt.datetime(2025, 9, 1, 9, 0)
PRACTICES = ("Leadership", "Customer advocacy", "Get it done", "Ambassadors", "Learning")
DEPARTMENTS = ("Rooms", "Kitchen", "Spa", "Sales", "Finance", "Front Office", "IT", "Events")
CITIES = ("Lisbon", "Edinburgh", "Copenhagen", "Valencia", "Porto")


def organisation(people: int) -> OrgChart:
    parents = random_parents(people)
    ids = [f"E{i:07d}" for i in range(people)]
    rng = np.random.default_rng(3)
    departments = [DEPARTMENTS[i] for i in rng.integers(0, len(DEPARTMENTS), people)]
    return OrgChart.from_parents(
        ids,
        parents,
        names=[f"Person {i} Surname{i % 997}" for i in range(people)],
        titles=[f"{department} associate" for department in departments],
        departments=departments,
        locations=[CITIES[i] for i in rng.integers(0, len(CITIES), people)],
    )


def plan_for(chart: OrgChart, count: int) -> Plan:
    managers = [chart.ids[i] for i in chart.managers().tolist()]
    rng = np.random.default_rng(5)
    statuses = list(Status)
    plan = Plan()
    commitments = []
    for number in range(1, count + 1):
        manager = managers[(number * 7) % len(managers)]
        notes = (
            (ProgressNote(dt.date(2025, 8, 1 + number % 28), f"Progress on item {number}"),)
            if number % 3 == 0
            else ()
        )
        commitments.append(
            Commitment(
                id=f"C-{number:05d}",
                manager_id=manager,
                text=f"Hold a thirty-minute one-to-one with each report every two weeks ({number})",
                practice=PRACTICES[number % len(PRACTICES)],
                measure="one-to-ones held / planned, looked at monthly",
                cadence="fortnightly",
                due=dt.date(2025, 6, 1) + dt.timedelta(days=int(rng.integers(0, 200))),
                status=statuses[number % len(statuses)],
                notes=notes,
                created=NOW - dt.timedelta(days=30),
                changed=NOW - dt.timedelta(days=number % 30),
            )
        )
    plan.put(commitments)
    return plan


def best_of(repeats: int, run: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best


def sheet_values(path: Path) -> list[tuple[str, list[list[object]]]]:
    workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    return [
        (
            name,
            [
                [None if value == "" else value for value in row]
                for row in workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
            ],
        )
        for name in workbook.sheet_names
    ]


def bare_write(sheets: list[tuple[str, list[list[object]]]], path: Path) -> None:
    workbook = openpyxl.Workbook(write_only=True)
    for name, rows in sheets:
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    workbook.save(path)


def edit_like_a_user(path: Path, edited: Path) -> None:
    """A tenth of the statuses and some notes changed, as a planner's colleagues would."""
    workbook = openpyxl.load_workbook(path)
    sheet = workbook[PLAN_SHEET]
    headers = [cell.value for cell in sheet[1]]
    status = headers.index("Status") + 1
    note = headers.index("Last progress note") + 1
    for row in range(2, sheet.max_row + 1, 10):
        sheet.cell(row, status).value = "done"
        sheet.cell(row, note).value = f"Checked on row {row}"
    workbook.save(edited)


def bare_read(path: Path) -> None:
    workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    for name in (PLAN_SHEET, RECORD_SHEET):
        workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)


def resident_mb() -> float:
    """This process's resident memory now, in MB (Linux)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


def measure_export(people: int, commitments: int) -> None:
    """In a fresh process: build the project, export it once, print the figures as JSON."""
    chart = organisation(people)
    project = Project(chart, OrgSource("bench.xlsx", "People"), plan=plan_for(chart, commitments))
    before = resident_mb()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.xlsx"
        started = time.perf_counter()
        write_action_plan(project, path, today=TODAY, now=NOW)
        seconds = time.perf_counter() - started
        size = path.stat().st_size
    print(
        json.dumps(
            {"seconds": seconds, "before": before, "peak": peak_resident_mb(), "bytes": size}
        )
    )


def export_only(people: int, commitments: int, repeats: int) -> None:
    runs = []
    for _ in range(repeats):
        done = subprocess.run(
            [sys.executable, __file__, "--measure-export", str(people), str(commitments)],
            capture_output=True,
            text=True,
            check=True,
        )
        run = json.loads(done.stdout.strip().splitlines()[-1])
        runs.append(run)
        print(
            f"export: {run['seconds']:6.1f} s · process peak {run['peak']:,.0f} MB · the "
            f"project before it {run['before']:,.0f} MB · the export's own "
            f"{run['peak'] - run['before']:,.0f} MB · {run['bytes'] / 1e6:.0f} MB file",
            flush=True,
        )
    seconds = [run["seconds"] for run in runs]
    own = [run["peak"] - run["before"] for run in runs]
    print(
        f"\n{people:,} people, {commitments:,} commitments, {repeats} fresh processes: export "
        f"{min(seconds):.1f} / {statistics.median(seconds):.1f} / {max(seconds):.1f} s (min / "
        f"median / max; goal < 60 s); the export's own memory {min(own):,.0f} / "
        f"{statistics.median(own):,.0f} / {max(own):,.0f} MB (goal < 1 GB); process peak "
        f"{statistics.median(run['peak'] for run in runs):,.0f} MB with the project's "
        f"{statistics.median(run['before'] for run in runs):,.0f} MB"
    )


def read_only(project: Project, repeats: int) -> None:
    """Reading the updates back, alone, on each writer's shape of the edited workbook."""
    with tempfile.TemporaryDirectory() as folder:
        exported = Path(folder) / "plan.xlsx"
        write_action_plan(project, exported, today=TODAY, now=NOW)
        edited = Path(folder) / "edited.xlsx"
        edit_like_a_user(exported, edited)
        shapes = {"openpyxl": edited}
        if shutil.which("soffice") is None:
            print("libreoffice: skipped, soffice (LibreOffice) is not installed on this machine")
        else:
            shapes["libreoffice"] = Path(folder) / "libreoffice" / "edited.xlsx"
            shapes["libreoffice"].parent.mkdir()
            save_with_libreoffice(edited, shapes["libreoffice"])
        for shape, path in shapes.items():
            preview = read_action_plan_updates(project, path)
            ours: list[float] = []
            bare: list[float] = []
            for _ in range(repeats):
                gc.collect()  # neither pays for the garbage the other left
                started = time.perf_counter()
                read_action_plan_updates(project, path)
                ours.append(time.perf_counter() - started)
                gc.collect()
                started = time.perf_counter()
                bare_read(path)
                bare.append(time.perf_counter() - started)
            pairs = sorted(o / b for o, b in zip(ours, bare, strict=True))
            ratio = statistics.median(ours) / statistics.median(bare)
            print(
                f"read ({shape}): ours {statistics.median(ours):5.3f} s   bare calamine "
                f"{statistics.median(bare):5.3f} s   ratio {ratio:4.2f}  (pairs {pairs[0]:.2f}"
                f"-{statistics.median(pairs):.2f}-{pairs[-1]:.2f}; goal <= 1.3; "
                f"{preview.summary()})",
                flush=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--commitments", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--export-only", action="store_true", help="time and measure the export alone"
    )
    parser.add_argument(
        "--read-only", action="store_true", help="time reading the updates back alone"
    )
    parser.add_argument("--measure-export", nargs=2, type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure_export:
        measure_export(*args.measure_export)
        return
    if args.export_only:
        export_only(args.people, args.commitments, args.repeats)
        return

    started = time.perf_counter()
    chart = organisation(args.people)
    project = Project(
        chart, OrgSource("bench.xlsx", "People"), plan=plan_for(chart, args.commitments)
    )
    print(
        f"{args.people:,} people, {len(project.plan):,} commitments "
        f"(made in {time.perf_counter() - started:.1f} s)"
    )
    if args.read_only:
        read_only(project, args.repeats)
        return
    with tempfile.TemporaryDirectory() as folder:
        ours_path = Path(folder) / "plan.xlsx"
        bare_path = Path(folder) / "bare.xlsx"

        def export() -> None:
            write_action_plan(project, ours_path, today=TODAY, now=NOW)

        ours = best_of(args.repeats, export)
        values = sheet_values(ours_path)
        bare = best_of(args.repeats, lambda: bare_write(values, bare_path))
        cells = sum(len(row) for _name, rows in values for row in rows)
        print(
            f"export:  ours {ours:6.2f} s   bare openpyxl write-only {bare:6.2f} s   "
            f"ratio {ours / bare:4.2f}  (goal <= 1.5; {cells:,} cells, "
            f"{ours_path.stat().st_size / 1e6:.1f} MB)"
        )

        edited = Path(folder) / "edited.xlsx"
        edit_like_a_user(ours_path, edited)
        preview = read_action_plan_updates(project, edited)
        ours_read = best_of(args.repeats, lambda: read_action_plan_updates(project, edited))
        bare_read_time = best_of(args.repeats, lambda: bare_read(edited))
        print(
            f"read:    ours {ours_read:6.2f} s   bare calamine {bare_read_time:6.2f} s   "
            f"ratio {ours_read / bare_read_time:4.2f}  (goal <= 1.3; {preview.summary()})"
        )


if __name__ == "__main__":
    main()
