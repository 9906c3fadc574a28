"""Layout speed against d3-hierarchy (stratify + tree) on the same trees, run with Node.js.

    python bench/layout_bench.py            # 100k and 1,048,575 people
    python bench/layout_bench.py --sizes 10000

Ours: ``OrgChart`` from the parent indexes (the hierarchy) plus ``layout_inverted`` in the tree
arrangement. d3: ``stratify()`` from parent ids plus ``tree()``. Both best of three in the same
run; ratio = ours / d3, goal <= 1.0. Needs ``npm install`` in bench/js once (d3-hierarchy from
the npm registry); without Node.js the d3 column says why it is missing.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from trees import random_parents  # noqa: E402

from pyramid_app.model.layout import Arrangement, LayoutOptions, layout_inverted  # noqa: E402
from pyramid_app.model.org import OrgChart  # noqa: E402

JS = ROOT / "bench" / "js"


def ours(parent: np.ndarray, repeats: int) -> tuple[float, float]:
    ids = [str(i) for i in range(parent.shape[0])]
    best_build = best_layout = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        chart = OrgChart.from_parents(ids, parent)
        built = time.perf_counter()
        layout_inverted(chart, LayoutOptions(Arrangement.TREE))
        done = time.perf_counter()
        best_build = min(best_build, built - started)
        best_layout = min(best_layout, done - built)
    return best_build, best_layout


def d3(parent: np.ndarray, repeats: int) -> dict[str, float] | str:
    node = shutil.which("node")
    if node is None:
        return "skipped: Node.js is not installed"
    if not (JS / "node_modules" / "d3-hierarchy").is_dir():
        if shutil.which("npm") is None:
            return "skipped: npm is missing, cannot install d3-hierarchy"
        subprocess.run(
            ["npm", "install", "--silent", "--no-audit", "--no-fund"], cwd=JS, check=True
        )
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump({"parent": parent.tolist()}, handle)
    try:
        done = subprocess.run(
            [node, "--max-old-space-size=8192", str(JS / "d3_tree.mjs"), handle.name, str(repeats)],
            capture_output=True,
            text=True,
            check=True,
            cwd=JS,
        )
    finally:
        Path(handle.name).unlink()
    timings = json.loads(done.stdout)
    return {key: value / 1000 for key, value in timings.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1048575")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    rows = []
    for n in (int(size) for size in args.sizes.split(",")):
        parent = random_parents(n)
        build, layout = ours(parent, args.repeats)
        theirs = d3(parent, args.repeats)
        rows.append((n, build, layout, theirs))
        print(
            f"{n:,} people: ours build {build:.3f} s + layout {layout:.3f} s; d3 {theirs}",
            flush=True,
        )
    print(
        "\n| people | ours: hierarchy + tree layout | d3: stratify + tree() | ratio (goal <= 1.0) |"
    )
    print("|---:|---:|---:|---:|")
    for n, build, layout, theirs in rows:
        if isinstance(theirs, str):
            print(f"| {n:,} | {build + layout:.3f} s | {theirs} | - |")
            continue
        ratio = (build + layout) / theirs["total"]
        print(
            f"| {n:,} | {build + layout:.3f} s ({build:.3f} + {layout:.3f}) | "
            f"{theirs['total']:.3f} s ({theirs['stratify']:.3f} + {theirs['tree']:.3f}) | "
            f"{ratio:.2f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
