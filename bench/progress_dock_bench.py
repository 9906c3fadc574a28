"""The Progress dock's work at 100,000 people: what the window does when the dock is shown or
the project edited, against a coverage count from scratch (what the Coverage dock costs).

    python bench/progress_dock_bench.py                       # 100,000 people, 20,000 edits
    python bench/progress_dock_bench.py --people 20000 --edits 4000

A project file is made (in a temporary folder) with bench/trees.py's organisation, six sites
with targets and two years of monthly results, and a plan grown through ``--edits`` saved edits
spread over two years (each through ``Project.execute`` and the file's own journal, its clock
set to the edit's day): commitments made one by one, then moved on (in progress, done, dropped,
due dates moved).

Timed, in the same script, against a baseline: ``compute_coverage`` from scratch on the
project as it is now (what the Coverage dock costs):
- the history read back whole, in one go (what reading it on the GUI thread would block);
- the same read as the dock reads it, a slice per event: its total and its longest slice;
- the read after one more edit (only the new entry);
- the copy of the project handed to the worker (GUI thread);
- the worker's job: the walk back and every measure per unit (``compute_view``);
- the charts filled from a new report in place of the one shown, and painted, in a scroll
  area of a side dock's size at 1920x1080 (GUI thread, offscreen Qt).

Goal: no step on the GUI thread over 100 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from coverage_bench import LOCATIONS, make_chart  # noqa: E402
from PySide6.QtCore import QObject  # noqa: E402
from PySide6.QtWidgets import QApplication, QScrollArea  # noqa: E402

from pyramid_app.io.project.file import ProjectFile  # noqa: E402
from pyramid_app.model.commands import (  # noqa: E402
    AddCommitments,
    ChangeCommitment,
    Command,
    add_commitment,
)
from pyramid_app.model.coverage import compute_coverage  # noqa: E402
from pyramid_app.model.plan import Commitment, Status  # noqa: E402
from pyramid_app.model.project import OrgSource, Project  # noqa: E402
from pyramid_app.model.results import Period, Result, Results  # noqa: E402
from pyramid_app.model.targets import Measure, Target, Targets  # noqa: E402
from pyramid_app.model.units import WHOLE_ORGANISATION, Unit, UnitKind  # noqa: E402
from pyramid_app.ui.plan.progress_charts import MeasureCharts  # noqa: E402
from pyramid_app.ui.plan.progress_source import (  # noqa: E402
    HistoryReader,
    compute_view,
    project_copy,
)

START = dt.date(2024, 1, 1)
WEEKS = 104
TODAY = START + dt.timedelta(weeks=WEEKS)
SCORE = "Guest satisfaction"


def targets_and_results(rng: random.Random) -> tuple[Targets, Results]:
    by = TODAY + dt.timedelta(days=90)
    targets = [Target(Measure.FRONT_LINE_SERVED.value, WHOLE_ORGANISATION, 0.5, by=by)]
    results = []
    for site in LOCATIONS:
        unit = Unit(UnitKind.LOCATION, site)
        targets.append(Target(SCORE, unit, 8.5, by=by))
        level = rng.uniform(7.5, 8.3)
        for month in range(24):
            period = Period.month(START.year + month // 12, month % 12 + 1)
            results.append(Result(unit, SCORE, period, round(level + rng.uniform(-0.2, 0.3), 1)))
    return Targets(targets), Results(results)


def make_file(folder: Path, people: int, edits: int, rng: random.Random) -> Path:
    chart = make_chart(people, False, rng)
    targets, results = targets_and_results(rng)
    project = Project(chart, OrgSource("bench.xlsx"), targets=targets, results=results)
    moment = [dt.datetime.combine(START, dt.time(9))]
    path = folder / "bench.pyramid"
    ProjectFile.create(path, project, clock=lambda: moment[0])
    managers = [chart.ids[i] for i in chart.managers().tolist()]
    made: list[str] = []
    for index in range(edits):
        day = START + dt.timedelta(days=(WEEKS * 7 - 1) * index // max(1, edits - 1))
        now = moment[0] = dt.datetime.combine(day, dt.time(11))
        command: Command
        if not made or rng.random() < 0.35:
            number = project.plan.next_number
            commitment = Commitment(
                f"C-{number:06d}",
                rng.choice(managers),
                "serve",
                due=day + dt.timedelta(days=rng.randint(14, 120)),
                created=now,
                changed=now,
            )
            made.append(commitment.id)
            command = AddCommitments((commitment,), "Add commitment")
        else:
            target = project.plan[rng.choice(made)]
            status = {
                Status.PLANNED: Status.IN_PROGRESS,
                Status.IN_PROGRESS: Status.DONE,
                Status.DONE: Status.IN_PROGRESS,
                Status.DROPPED: Status.PLANNED,
            }[target.status]
            if rng.random() < 0.1:
                status = Status.DROPPED
            command = ChangeCommitment(target.id, {"status": status}, now, "Edit commitment")
        project.execute(command)
    assert project.journal is not None
    close = getattr(project.journal, "close", None)
    if callable(close):
        close()
    return path


def best_of(repeats: int, run: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best


def read_sliced(app: QApplication, reader: HistoryReader, file: ProjectFile) -> tuple[float, float]:
    """The history read as the window reads it, a slice per event; its total and its longest
    slice (what the window waits at most)."""
    longest = [0.0]
    read_slice = reader._read_slice

    def timed() -> None:
        started = time.perf_counter()
        read_slice()
        longest[0] = max(longest[0], time.perf_counter() - started)

    reader._read_slice = timed  # type: ignore[method-assign]
    reader._tick.timeout.disconnect()
    reader._tick.timeout.connect(timed)
    done: list[str] = []
    started = time.perf_counter()
    reader.read(file, done.append)
    while not done:
        app.processEvents()
    total = time.perf_counter() - started
    assert done == [""], done
    return total, longest[0]


def run(people: int, edits: int) -> None:
    rng = random.Random(5)
    print(f"{people:,} people, {edits:,} edits over {WEEKS} weeks")
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        path = make_file(Path(folder), people, edits, rng)
        print(f"  file made in {time.perf_counter() - started:.1f} s")
        store, project = ProjectFile.open(path)
        try:
            baseline = best_of(3, lambda: compute_coverage(project.chart, project.plan, TODAY))
            whole = best_of(1, lambda: list(store.plan_history().edits))
            owner = QObject()
            reader = HistoryReader(owner)
            total, longest = read_sliced(app, reader, store)
            history = reader.history
            copy_time = best_of(3, lambda: project_copy(project))
            view = compute_view(project_copy(project), history, TODAY, (), "")
            worker = best_of(3, lambda: compute_view(project_copy(project), history, TODAY, (), ""))
            manager = project.chart.ids[project.chart.managers()[0]]
            project.execute(add_commitment(project, manager, "one more"))
            again, _longest = read_sliced(app, reader, store)
            assert len(reader.edits) == len(history.edits) + 1
            # As the dock holds them: in a scroll area, a side dock's width at 1920x1080.
            charts = MeasureCharts()
            scroller = QScrollArea()
            scroller.setWidgetResizable(True)
            scroller.setWidget(charts)
            scroller.resize(460, 900)
            scroller.show()

            views = [view, compute_view(project_copy(project), reader.history, TODAY, (), "")]

            def fill() -> None:  # a new report in place of the one shown, and painted
                views.reverse()
                charts.show_view(views[0])
                app.processEvents()

            fill_time = best_of(3, fill)
        finally:
            store.close()
    report = view.report
    print(f"  points {len(report.days)}, marks {len(report.marks):,}")
    rows = [
        ("baseline: coverage from scratch", baseline),
        ("history read whole, in one go", whole),
        ("  the same in slices: total", total),
        ("  its longest slice (GUI thread)", longest),
        ("  after one more edit: the new entry", again),
        ("project copied for the worker", copy_time),
        ("worker: walk back + every measure", worker),
        ("charts filled and painted (GUI thread)", fill_time),
    ]
    for name, seconds in rows:
        print(f"  {name:<40} {seconds * 1000:8.1f} ms   x{seconds / baseline:.2f}")
    gui = max(longest, again, copy_time, fill_time)
    print(f"  goal: no GUI-thread step over 100 ms: {'met' if gui < 0.1 else 'NOT met'}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--edits", type=int, default=20_000)
    args = parser.parse_args()
    run(args.people, args.edits)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
