"""Handouts: a hundred managers' pages written as one PDF, against a bare QPdfWriter.

    QT_QPA_PLATFORM=offscreen python bench/handouts_bench.py            # 100 managers
    QT_QPA_PLATFORM=offscreen python bench/handouts_bench.py --managers 300 --people 20000

Ours: ``write_handouts`` for the first N managers of an organisation of random shape, each with
commitments (the demo's customer map is not used: its rules name the demo's departments):
the coverage, each manager's team laid out and drawn as a small pyramid, the text measured,
wrapped and flowed onto one or two pages, written by Qt's PDF writer. Goal: 100 managers in
under 20 s on this 2-core machine.

Baseline: the same QPdfWriter writing one page per manager with the same text (name, title,
each commitment's wording, measure and last note) as plain ``drawText`` lines, no layout and
no picture. The ratio says what the layout and the pictures cost on top of writing text.
Then the demo project's every manager, as a user would make them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from action_plan_bench import organisation, plan_for  # noqa: E402
from PySide6.QtCore import QMarginsF, QPointF  # noqa: E402
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPainter, QPdfWriter  # noqa: E402

from pyramid_app.io.demo import demo_project  # noqa: E402
from pyramid_app.model.handout_choice import HandoutChoice, chosen_managers  # noqa: E402
from pyramid_app.model.project import OrgSource, Project  # noqa: E402
from pyramid_app.ui.app import application  # noqa: E402
from pyramid_app.ui.paper.handout_writer import HandoutReport, write_handouts  # noqa: E402

TODAY = dt.date(2025, 9, 1)


def ours(project: Project, nodes: list[int], path: Path, today: dt.date) -> HandoutReport:
    report = HandoutReport()
    for _step in write_handouts(project, nodes, today, path, report=report):
        pass
    return report


def baseline(project: Project, nodes: list[int], path: Path) -> None:
    writer = QPdfWriter(str(path))
    writer.setResolution(96)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
        )
    )
    painter = QPainter(writer)
    font = QFont()
    font.setPointSizeF(9.5)
    painter.setFont(font)
    chart = project.chart
    for number, node in enumerate(nodes):
        if number:
            writer.newPage()
        lines = [chart.names[node], chart.titles[node]]
        for commitment in project.plan.of_manager(chart.ids[node]):
            note = commitment.last_note
            lines += [commitment.text, commitment.measure, note.text if note else ""]
        for row, line in enumerate(lines):
            painter.drawText(QPointF(50, 60 + 16 * row), line)
    painter.end()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--managers", type=int, default=100)
    args = parser.parse_args()
    application(headless=True)
    chart = organisation(args.people)
    project = Project(chart, OrgSource("bench.xlsx"), plan=plan_for(chart, args.managers * 2))
    nodes = chosen_managers(chart, HandoutChoice()).tolist()[: args.managers]
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        baseline(project, nodes, Path(folder) / "bare.pdf")
        bare = time.perf_counter() - started
        started = time.perf_counter()
        report = ours(project, nodes, Path(folder) / "handouts.pdf", TODAY)
        made = time.perf_counter() - started
        print(
            f"{len(nodes)} managers of {args.people:,} people: handouts {made:.2f} s "
            f"({report.page_total} pages, {made / len(nodes) * 1000:.0f} ms a manager); "
            f"bare QPdfWriter text {bare:.2f} s; ratio {made / bare:.1f}x "
            f"(goal: under 20 s)"
        )
        demo = demo_project(today=TODAY)
        every = chosen_managers(demo.chart, HandoutChoice()).tolist()
        started = time.perf_counter()
        report = ours(demo, every, Path(folder) / "demo.pdf", TODAY)
        made = time.perf_counter() - started
        started = time.perf_counter()
        baseline(demo, every, Path(folder) / "demo_bare.pdf")
        bare = time.perf_counter() - started
        print(
            f"demo, every manager ({len(every)}): handouts {made:.2f} s "
            f"({report.page_total} pages); bare text {bare:.2f} s; ratio {made / bare:.1f}x"
        )


if __name__ == "__main__":
    main()
