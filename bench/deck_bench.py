"""The steering deck of a large organisation, against bare python-pptx writing as many slides.

    QT_QPA_PLATFORM=offscreen python bench/deck_bench.py                  # 100,000 people
    QT_QPA_PLATFORM=offscreen python bench/deck_bench.py --people 20000

Ours, in three parts as the window and ``pyramid-app deck`` run them: the content (coverage,
gaps, needs, commitments by practice, progress against targets), the pyramid's picture drawn
offscreen at the slide's resolution with its key, and the slides written (text measured,
tables fitted, two native charts). The organisation is of random shape with commitments; the
demo's customer map and targets are kept.

Baseline: python-pptx alone writing the same number of slides, each a title and one text box,
and the same picture: what any deck costs. The ratio says what the fitting and the charts cost
on top. Then the demo project, as a user would make its deck.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from action_plan_bench import organisation, plan_for  # noqa: E402
from pptx import Presentation  # noqa: E402
from pptx.util import Inches, Pt  # noqa: E402

from pyramid_app.io.deck.choice import ALL_SLIDES  # noqa: E402
from pyramid_app.io.deck.content import DeckContent, deck_content  # noqa: E402
from pyramid_app.io.deck.writer import write_deck  # noqa: E402
from pyramid_app.io.demo import demo_project  # noqa: E402
from pyramid_app.model.coverage import compute_coverage  # noqa: E402
from pyramid_app.model.plan_history import PlanHistory  # noqa: E402
from pyramid_app.model.progress_report import progress_report  # noqa: E402
from pyramid_app.model.project import OrgSource, Project  # noqa: E402
from pyramid_app.ui.app import application  # noqa: E402
from pyramid_app.ui.dialogs.deck_picture import deck_pyramid_png  # noqa: E402

TODAY = dt.date(2025, 9, 1)


def ours(project: Project, path: Path) -> tuple[float, float, float, int]:
    """Seconds for the content, the picture and the slides; the slides written."""
    started = time.perf_counter()
    coverage = compute_coverage(project.chart, project.plan, TODAY)
    progress = progress_report(project, PlanHistory(), TODAY)
    content = deck_content(project, coverage, TODAY, progress)
    gathered = time.perf_counter()
    picture = deck_pyramid_png(project, coverage)
    drawn = time.perf_counter()
    report = write_deck(content, path, ALL_SLIDES, picture)
    written = time.perf_counter()
    return gathered - started, drawn - gathered, written - drawn, len(report.slides)


def baseline(content: DeckContent, picture: bytes, slides: int, path: Path) -> float:
    started = time.perf_counter()
    deck = Presentation()
    for number in range(slides):
        slide = deck.slides.add_slide(deck.slide_layouts[5])
        assert slide.shapes.title is not None
        slide.shapes.title.text = f"{content.organisation} {number}"
        box = slide.shapes.add_textbox(Inches(0.5), Inches(1.5), Inches(12), Inches(5))
        box.text_frame.text = "\n".join(gap.name for gap in content.gaps)
        box.text_frame.paragraphs[0].runs[0].font.size = Pt(14)
        if number == 1:
            slide.shapes.add_picture(io.BytesIO(picture), Inches(0.5), Inches(1.5), Inches(12))
    deck.save(str(path))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--commitments", type=int, default=20_000)
    args = parser.parse_args()
    application(headless=True)
    demo = demo_project(today=TODAY)
    chart = organisation(args.people)
    project = Project(
        chart,
        OrgSource("bench.xlsx"),
        plan=plan_for(chart, args.commitments),
        name="Bench organisation",
        customer_map=demo.customer_map,
        targets=demo.targets,
    )
    with tempfile.TemporaryDirectory() as folder:
        gather, draw, write, slides = ours(project, Path(folder) / "ours.pptx")
        total = gather + draw + write
        coverage = compute_coverage(project.chart, project.plan, TODAY)
        content = deck_content(project, coverage, TODAY)
        picture = deck_pyramid_png(project, coverage)
        bare = baseline(content, picture, slides, Path(folder) / "bare.pptx")
        print(
            f"{args.people:,} people, {args.commitments:,} commitments, {slides} slides: "
            f"content {gather:.2f} s, picture {draw:.2f} s, slides {write:.2f} s = {total:.2f} s"
        )
        print(
            f"baseline (python-pptx, {slides} plain slides and the picture): {bare:.2f} s; "
            f"writing our slides costs {write / bare:.1f}x that, the whole deck {total / bare:.1f}x"
        )
        gather, draw, write, slides = ours(demo, Path(folder) / "demo.pptx")
        print(
            f"demo ({demo.chart.people_count} people), {slides} slides: content {gather:.2f} s, "
            f"picture {draw:.2f} s, slides {write:.2f} s = {gather + draw + write:.2f} s"
        )


if __name__ == "__main__":
    main()
