"""Launching the window on a spreadsheet, to the first painted pyramid, against reading it bare.

    python bench/launch_bench.py                        # 100,000 people, text and numeric ids
    python bench/launch_bench.py --people 10000 --repeats 7
    python bench/launch_bench.py --shapes openpyxl --busy-core
    python bench/launch_bench.py --file some.xlsx

Both sides are measured from process start, in fresh processes run alternately (so that a slow
spell of this shared machine falls on both alike), each the median of ``--repeats``:

* the baseline is a Python process that reads the file with python-calamine
  (``CalamineWorkbook.from_path(p).get_sheet_by_index(0).to_python()``) and stops;
* ours is ``pyramid-app FILE`` (offscreen, settings in a scratch folder, compiled modules
  cached as an installed app has them) with ``PYRAMID_PLANNER_LAUNCH_TIMING=1``: the window
  prints when ``run_window`` started, when the window was built, when the project was shown
  and when the first paint with people ended, then quits.

The ratio painted / bare read is the goal's measure (<= 2.0 at 100,000 people); each pair of
runs gives one, and their smallest, median and largest show how far a run can stray. The files
are bench/import_bench.py's, in each of its shapes (as Excel, openpyxl or LibreOffice write
them; cached in bench/out/). ``--busy-core`` keeps one core busy with a spinning process
meanwhile, as another program would on a two-core laptop.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from import_bench import SHAPES, bench_file, busy_core, missing_tool, spread  # noqa: E402

BARE = """
import sys, time
from python_calamine import CalamineWorkbook
rows = CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0).to_python(
    skip_empty_area=False
)
print(time.time(), len(rows), flush=True)
"""
PHASES = ("run_window", "window", "shown", "painted")


def app_command(path: Path) -> list[str]:
    """``pyramid-app FILE``, from the same environment as this interpreter."""
    script = Path(sys.executable).with_name("pyramid-app")
    if script.exists():
        return [str(script), str(path)]
    return [sys.executable, "-m", "pyramid_app", str(path)]


def bare_launch(path: Path, environment: dict[str, str]) -> float:
    started = time.time()
    done = subprocess.run(
        [sys.executable, "-c", BARE, str(path)],
        capture_output=True,
        text=True,
        check=True,
        env=environment,
        timeout=300,
    )
    return float(done.stdout.split()[0]) - started


def app_launch(path: Path, environment: dict[str, str]) -> dict[str, float]:
    """Seconds from the process's start to each phase the window printed."""
    started = time.time()
    done = subprocess.run(
        app_command(path), capture_output=True, text=True, env=environment, timeout=300
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise SystemExit(f"pyramid-app failed ({done.returncode}):\n{done.stderr[-3000:]}")
    marks = json.loads(lines[-1])
    return {phase: marks[phase] - started for phase in PHASES if phase in marks}


def scratch_environment(folder: Path, bytecode_cache: bool = True) -> dict[str, str]:
    """Offscreen, with settings and data in ``folder``, and compiled modules cached there as
    an installed app has them (this machine's shell sets PYTHONDONTWRITEBYTECODE, so that
    every start compiles the app's modules again: ``--no-bytecode-cache`` measures that)."""
    environment = dict(os.environ)
    environment["QT_QPA_PLATFORM"] = "offscreen"
    environment["PYRAMID_PLANNER_LAUNCH_TIMING"] = "1"
    if bytecode_cache:
        environment.pop("PYTHONDONTWRITEBYTECODE", None)
        environment["PYTHONPYCACHEPREFIX"] = str(folder / "pycache")
    for variable in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        (folder / variable.lower()).mkdir(parents=True, exist_ok=True)
        environment[variable] = str(folder / variable.lower())
    return environment


def measure(
    path: Path, repeats: int, bytecode_cache: bool
) -> tuple[float, dict[str, float], list[float]]:
    """Medians of the bare reads and of each phase of the app, and the ratio of each pair."""
    bare_times: list[float] = []
    app_times: dict[str, list[float]] = {phase: [] for phase in PHASES}
    with tempfile.TemporaryDirectory(prefix="launch-bench-") as name:
        environment = scratch_environment(Path(name), bytecode_cache)
        # Warm the page cache and the compiled-module cache for both sides.
        bare_launch(path, environment)
        app_launch(path, environment)
        for _ in range(repeats):
            bare_times.append(bare_launch(path, environment))
            for phase, seconds in app_launch(path, environment).items():
                app_times[phase].append(seconds)
            shutil.rmtree(Path(name) / "xdg_data_home", ignore_errors=True)
    medians = {phase: statistics.median(times) for phase, times in app_times.items() if times}
    ratios = [app / bare for app, bare in zip(app_times["painted"], bare_times, strict=True)]
    return statistics.median(bare_times), medians, ratios


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--kinds", default="text,numeric", help="comma-separated id kinds")
    parser.add_argument(
        "--shapes", help=f"comma-separated: {', '.join(SHAPES)} (default all that can be made)"
    )
    parser.add_argument("--file", type=Path, help="measure this spreadsheet instead")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--busy-core", action="store_true", help="keep one core busy meanwhile")
    parser.add_argument(
        "--no-bytecode-cache",
        action="store_true",
        help="keep this shell's PYTHONDONTWRITEBYTECODE: every start compiles the app's modules",
    )
    args = parser.parse_args()
    files = [args.file] if args.file else []
    if not args.file:
        for shape in args.shapes.split(",") if args.shapes else SHAPES:
            reason = missing_tool(shape)
            if reason:
                print(f"shape {shape} skipped: {reason}", flush=True)
                continue
            files += [bench_file(args.people, False, kind, shape) for kind in args.kinds.split(",")]
    table = []
    with busy_core(args.busy_core):
        if args.busy_core:
            print("one core kept busy by a spinning process", flush=True)
        for path in files:
            print(f"{path.name} (median of {args.repeats})", flush=True)
            bare, phases, ratios = measure(path, args.repeats, not args.no_bytecode_cache)
            for phase, seconds in phases.items():
                print(f"  {phase:12s} {seconds:6.2f} s after the process started")
            ratio = phases["painted"] / bare
            print(f"  bare read    {bare:6.2f} s · ratio painted / bare {ratio:.2f} (goal <= 2.0)")
            print(f"  ratio per run {spread(ratios)}", flush=True)
            table.append((path.name, bare, phases, ratio, ratios))
    print(
        "\n| file | bare read | window built | project shown | first paint | ratio | "
        "ratio per run min / median / max |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, bare, phases, ratio, ratios in table:
        print(
            f"| {name} | {bare:.2f} s | {phases.get('window', 0):.2f} s | "
            f"{phases.get('shown', 0):.2f} s | {phases['painted']:.2f} s | {ratio:.2f} | "
            f"{min(ratios):.2f} / {statistics.median(ratios):.2f} / {max(ratios):.2f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
