"""The whole organisation on paper: time, pages and file size of ``--pages A3 --landscape``.

    python bench/paper_pages_bench.py                 # 10,000 and 100,000 people
    python bench/paper_pages_bench.py --sizes 20000

For each size: the layout (compact, as ``render --pages`` uses), the cut into pages (the
model alone), and the whole PDF written with QPdfWriter, in the same run. The ratio line
compares each size's whole time with the smallest size's per person (1.0: linear in the
people), and the cut with the whole (the share of the time the model takes).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from trees import random_parents  # noqa: E402

from pyramid_app.model.colouring import ColourBy, colour_nodes  # noqa: E402
from pyramid_app.model.layout import Arrangement, LayoutOptions, layout_inverted  # noqa: E402
from pyramid_app.model.org import OrgChart  # noqa: E402
from pyramid_app.model.paging import cut_into_pages  # noqa: E402
from pyramid_app.ui.app import application  # noqa: E402
from pyramid_app.ui.paper.pages import save_pages  # noqa: E402
from pyramid_app.ui.paper.sheet import Paper, page_capacity  # noqa: E402

FIRST = ("Rosa", "Tom", "Ann", "Vikram", "Mei", "Ahmed", "Laila", "Jonas", "Priya", "Chen")
LAST = ("Chaudhry", "Li", "Ray", "Ng", "Suzuki", "Ferreira", "Okafor", "Berg", "Patel")


def organisation(n: int) -> OrgChart:
    parent = random_parents(n)
    rng = np.random.default_rng(5)
    names = [f"{FIRST[a]} {LAST[b]}" for a, b in rng.integers(0, 9, size=(n, 2)).tolist()]
    chart = OrgChart.from_parents([f"E{i}" for i in range(n)], parent, names=names)
    chart.titles[:] = ["Manager" if s else "Team member" for s in chart.span_of_control.tolist()]
    chart.departments[:] = [f"Division {i % 7}" for i in range(n)]
    return chart


def measure(n: int, paper: Paper) -> dict[str, float]:
    chart = organisation(n)
    started = time.perf_counter()
    layout = layout_inverted(chart, LayoutOptions(arrangement=Arrangement.COMPACT))
    laid = time.perf_counter()
    plan = cut_into_pages(chart, layout, page_capacity(paper))
    cut = time.perf_counter()
    colouring = colour_nodes(chart, ColourBy.DEPARTMENT)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "org.pdf"
        written = time.perf_counter()
        report = save_pages(path, chart, layout, colouring, paper, f"{n:,} people")
        done = time.perf_counter()
        size = path.stat().st_size
    return {
        "people": n,
        "pages": report.pages,
        "layout_s": laid - started,
        "cut_s": cut - laid,
        "pdf_s": done - written,  # the cut again, and every page drawn
        "mb": size / 1e6,
        "parts": len(plan),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--paper", default="A3")
    parser.add_argument("--portrait", action="store_true")
    args = parser.parse_args()
    application(headless=True)
    paper = Paper(args.paper, landscape=not args.portrait)
    print(f"paper {paper.label}, capacity {page_capacity(paper)} (cards across, rows up)")
    print(f"{'people':>9} {'pages':>7} {'layout s':>9} {'cut s':>7} {'pdf s':>7} {'MB':>6}")
    rows = [measure(n, paper) for n in sorted(args.sizes)]
    for row in rows:
        print(
            f"{row['people']:>9,} {row['pages']:>7,} {row['layout_s']:>9.2f} "
            f"{row['cut_s']:>7.2f} {row['pdf_s']:>7.2f} {row['mb']:>6.1f}"
        )
    base = rows[0]
    for row in rows[1:]:
        per_person = (row["pdf_s"] / row["people"]) / (base["pdf_s"] / base["people"])
        print(
            f"ratio {row['people']:,} vs {base['people']:,}: time per person x{per_person:.2f} "
            f"(1.0 = linear); the cut is {row['cut_s'] / row['pdf_s']:.0%} of the whole"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process: {peak:,.0f} MB")


if __name__ == "__main__":
    main()
