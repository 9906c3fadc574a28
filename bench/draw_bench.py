"""Drawing speed: a full repaint of the pyramid view against a bare pyqtgraph scatter plot.

    python bench/draw_bench.py              # 10k, 100k and 1,048,575 people
    python bench/draw_bench.py --sizes 10000

For each size, in one process and the same 1400x860 view: the whole organisation in view, then
zoomed in on one front-line team (cards with names), against a pyqtgraph ScatterPlotItem holding
the same points, auto-ranged. A frame is one render of the view into a pixmap (``grab``), best
of 15 (5 at 1M) after a warm-up. Goals: whole view <= 1.0x the bare scatter; zoomed in <= 16 ms
at any size. Then the same two frames again with 100,000 commitments spread over random managers
(badges: rings on marks, counts on cards); goal: within 10% of the frames without them.

Coloured by coverage (half the managers commit to all their reports, so the links in view are
split between the plain grey path and the orange one), against the department colours: the
same three frames, one where the links show (about 4 pixels a slot, the whole height), and the
links item's worst case (60,000 links in one paint, timed directly); goal within 10%. That worst
case also against the links drawn as before, one QPainterPath a style (pyqtgraph's
arrayToQPath), and with every line handed to Qt, none dropped outside the image; goal under
16 ms. And what an edit costs the picture when coloured by coverage (the tracker takes the edit
in, a snapshot, ``colour_by_coverage``, the view's colours and link flags), against switching
the department colours on (``colour_nodes`` and the view's colours).

Panning and zooming the whole view: a frame is one paint of the view's viewport (``repaint``),
as the screen gets while the user drags or turns the wheel. Against two baselines measured here:
a bare frame (a pyqtgraph view drawing one picture the size of the view, the floor a frame
of a whole picture pays) and the whole
view drawn afresh every frame (the people item's kept picture switched off, as every frame was
before it). Frames: a pan by a few pixels at the same zoom (the kept picture drawn shifted), a
wheel step (drawn scaled), the frame once the zoom stops (still scaled: the crisp picture is drawn
on another thread; against the same frame drawing it crisply within the frame, as before,
alternately, medians of 5), how long until the crisp picture is in and the frame that shows it,
and zoomed in on a team. Goals: pan and zoom steps, the frame once the zoom stops and the crisp
frame under 16 ms at every size, zoomed in under 16 ms.

View > Text size: the whole view and zoomed in on a team again with extra large text (1.75x:
cards, names, ruler and bands), against the normal text above; goal within 10%.

Also reports start-up: launch to the first painted window on the demo organisation.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SIZE = (1400, 860)


def frame_time(widget: object, repeats: int = 5) -> float:
    widget.grab()  # type: ignore[attr-defined]  # warm-up: caches, first layout
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        widget.grab()  # type: ignore[attr-defined]
        best = min(best, time.perf_counter() - started)
    return best


COMMITMENTS = 100_000


def paint_times(view, frames: int, move) -> list[float]:  # type: ignore[no-untyped-def]
    """Each frame: ``move()`` changes the view, then one paint of the viewport, timed."""
    times = []
    for _ in range(frames):
        move()
        started = time.perf_counter()
        view.viewport().repaint()
        times.append(time.perf_counter() - started)
    return times


def median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def moving_frames(view, front_line: int) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Frames while panning and zooming the whole view, and the two baselines."""
    import numpy as np
    import pyqtgraph as pg
    from PySide6.QtWidgets import QApplication

    # The floor: a picture the size of the view, drawn whole each frame by pyqtgraph.
    bare = pg.GraphicsView(background="w")
    bare_box = pg.ViewBox()
    bare.setCentralItem(bare_box)
    noise = np.random.default_rng(1).integers(0, 255, (SIZE[0], SIZE[1], 4), dtype=np.uint8)
    bare_box.addItem(pg.ImageItem(noise))
    bare_box.autoRange(padding=0)
    bare.resize(*SIZE)
    bare.show()
    QApplication.processEvents()  # shown and exposed: a repaint paints
    timed = {"bare": median(paint_times(bare, 15, lambda: None))}
    bare.close()
    people, box = view.people, view.view_box
    QApplication.processEvents()
    step = [1.0]

    def pan() -> None:
        # By whole pixels, back and forth, as a drag with the mouse does.
        step[0] = -step[0]
        box.translateBy(x=3 * step[0] * box.viewPixelSize()[0])

    def wheel() -> None:
        people.note_zooming()  # what a wheel event on the viewport does
        box.scaleBy((0.97, 0.97))

    view.fit()
    people.keep_picture = False
    timed["afresh"] = median(paint_times(view, 7, pan))
    people.keep_picture = True
    view.fit()
    view.viewport().repaint()  # the kept picture is made here
    timed["pan at fit"] = median(paint_times(view, 15, pan))
    timed["zoom step"] = median(paint_times(view, 15, wheel))
    timed.update(settle_frames(view))
    timed["pan zoomed"] = median(paint_times(view, 15, pan))
    view.centre_on(front_line, readable=True)
    timed["zoomed in"] = median(paint_times(view, 15, pan))
    timed["renders"] = people.cache.renders
    return timed


def settle_frames(view, rounds: int = 5) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """The frame once a zoom stops, with the crisp picture drawn on another thread and, as the
    baseline, drawn within that frame; alternately, medians of ``rounds`` each. Also how long
    until the crisp picture is in, and the frame that shows it. Leaves the view zoomed."""
    from PySide6.QtWidgets import QApplication

    people, box = view.people, view.view_box
    runs: dict[str, list[float]] = {}
    for _ in range(rounds):
        for background in (False, True):
            # Both start from the kept picture drawn at fit, nothing pending.
            people.crisp.wait()
            QApplication.processEvents()
            people.crisp_in_background = False
            view.fit()
            view.viewport().repaint()
            people.crisp_in_background = background
            for _step in range(15):
                people.note_zooming()
                box.scaleBy((0.97, 0.97))
                view.viewport().repaint()
            people._settled()  # what the single-shot timer does once the wheel stops
            renders = people.cache.renders
            started = time.perf_counter()
            view.viewport().repaint()
            stopped = time.perf_counter() - started
            while people.cache.renders == renders and people.crisp.pending:
                people.crisp.wait(1)
                QApplication.processEvents()
            arrived = time.perf_counter() - started
            started = time.perf_counter()
            view.viewport().repaint()
            crisp_frame = time.perf_counter() - started
            kind = "thread" if background else "in frame"
            runs.setdefault(f"settle {kind}", []).append(stopped)
            runs.setdefault(f"crisp arrives {kind}", []).append(arrived)
            runs.setdefault(f"crisp frame {kind}", []).append(crisp_frame)
    people.crisp_in_background = True
    timed = {key: median(values) for key, values in runs.items()}
    timed["settle thread spread"] = max(runs["settle thread"]) - min(runs["settle thread"])
    timed["settle in frame spread"] = max(runs["settle in frame"]) - min(runs["settle in frame"])
    return timed


def measure(n: int) -> tuple[float, float, float, str, float, float, dict[str, float]]:
    repeats = 15 if n <= 200_000 else 5
    import numpy as np
    import pyqtgraph as pg
    from trees import random_parents

    from pyramid_app.model.colouring import ColourBy, colour_nodes
    from pyramid_app.model.layout import layout_inverted
    from pyramid_app.model.org import OrgChart
    from pyramid_app.ui.pyramid.view import PyramidView

    parent = random_parents(n)
    departments = [
        ("Sales", "Service", "Operations", "Finance", "Support")[i % 5] for i in range(n)
    ]
    chart = OrgChart.from_parents([f"E{i:07d}" for i in range(n)], parent, departments=departments)
    layout = layout_inverted(chart)
    view = PyramidView()
    view.resize(*SIZE)
    view.show_layout(chart, layout, colour_nodes(chart, ColourBy.DEPARTMENT).rgb)
    view.show()
    front_line = int(chart.front_line()[len(chart.front_line()) // 2])
    moving = moving_frames(view, front_line)
    view.fit()
    whole = frame_time(view, repeats)
    view.centre_on(front_line, readable=True)
    zoomed = frame_time(view, repeats)
    mode = view.people.last_mode

    # The same frames with badges: each commitment belongs to a random manager.
    owners = np.random.default_rng(3).choice(chart.managers(), COMMITMENTS)
    view.set_commitment_counts(np.bincount(owners, minlength=len(chart)))
    view.fit()
    whole_badged = frame_time(view, repeats)
    view.centre_on(front_line, readable=True)
    zoomed_badged = frame_time(view, repeats)

    view.set_commitment_counts(None)
    coverage = coverage_frames(view, chart, layout, front_line, repeats)
    coverage.update({f"moving {key}": value for key, value in moving.items()})

    # Extra large text: larger cards and names, what fits chosen again.
    view.set_text_scale(1.75)
    view.fit()
    coverage["large text whole"] = frame_time(view, repeats)
    view.centre_on(front_line, readable=True)
    coverage["large text zoomed"] = frame_time(view, repeats)
    view.set_text_scale(1.0)

    bare = pg.GraphicsView(background="w")
    box = pg.ViewBox()
    bare.setCentralItem(box)
    box.addItem(pg.ScatterPlotItem(layout.x, layout.y, size=5, pen=None, brush=(31, 119, 180)))
    box.autoRange()
    bare.resize(*SIZE)
    bare.show()
    scatter = frame_time(bare, repeats)
    view.close()
    bare.close()
    return whole, zoomed, scatter, mode, whole_badged, zoomed_badged, coverage


def links_as_one_path(painter, data, transform, nodes, slot_px: float) -> None:  # type: ignore[no-untyped-def]
    """The baseline: the links as they were drawn before, one QPainterPath a style."""
    import numpy as np
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QPen

    from pyramid_app.ui.pyramid.links import elbow_path
    from pyramid_app.ui.pyramid.scene import UNSERVED_LINK
    from pyramid_app.ui.pyramid.sizes import NAME_ROOM_PIXELS

    painter.setBrush(Qt.BrushStyle.NoBrush)
    firm = data.room[nodes] * slot_px >= NAME_ROOM_PIXELS
    served = data.link_served
    for strong in (False, True):
        group = nodes[firm == strong]
        grey = QPen(QColor(90, 100, 115, 170 if strong else 60), 1)
        warning = QColor(UNSERVED_LINK)
        warning.setAlpha(255 if strong else 150)
        broken = np.zeros(group.shape[0], dtype=bool) if served is None else ~served[group]
        warn = QPen(warning, 2 if strong else 1)
        for part, pen in ((group[~broken], grey), (group[broken], warn)):
            if part.shape[0]:
                painter.setPen(pen)
                painter.drawPath(elbow_path(data.layout, data.chart.parent, transform, part))


def most_links(view, repeats: int, culled: bool = True, baseline: bool = False) -> float:  # type: ignore[no-untyped-def]
    """The links item's worst case: as many links as it ever draws (MAX_LINKS), one paint.

    No real frame gets there in the tree arrangement (a few hundred slots fit across the
    window once links show), so the drawing is timed directly, into an image, as the view
    draws them (``culled``: the lines wholly outside the image dropped first, as a frame does;
    spread at 3 pixels a slot, all but about 1% of them are) or every line handed to Qt; or,
    with ``baseline``, as they were drawn before (one path a style).
    """
    from PySide6.QtGui import QImage, QPainter, QTransform

    from pyramid_app.ui.pyramid.links import paint_links
    from pyramid_app.ui.pyramid.scene import MAX_LINKS

    data = view.data
    nodes = data.order[data.order.shape[0] // 2 :][:MAX_LINKS]
    nodes = nodes[data.chart.parent[nodes] >= 0]
    xs = data.layout.x[nodes]
    # Spread those people over the image, about 3 pixels a slot.
    transform = QTransform(3.0, 0, 0, -60.0, -3.0 * float(xs.min()), 600.0)
    image = QImage(1400, 860, QImage.Format.Format_ARGB32_Premultiplied)
    window = (1400.0, 860.0) if culled else None
    best = float("inf")
    for _ in range(repeats):
        image.fill(0xFFFFFFFF)
        painter = QPainter(image)
        started = time.perf_counter()
        if baseline:
            links_as_one_path(painter, data, transform, nodes, 3.0)
        else:
            paint_links(painter, data, transform, nodes, 3.0, window)
        best = min(best, time.perf_counter() - started)
        painter.end()
    return best


def coverage_frames(view, chart, layout, front_line: int, repeats: int) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Frames coloured by department, then by coverage; and what an edit costs the picture."""
    import datetime as dt

    import numpy as np

    from pyramid_app.model.colouring import ColourBy, colour_by_coverage, colour_nodes
    from pyramid_app.model.coverage import CoverageTracker
    from pyramid_app.model.plan import Commitment, Plan, format_commitment_id

    def frames(prefix: str) -> dict[str, float]:
        view.fit()
        timed = {f"{prefix} whole": frame_time(view, repeats)}
        _x0, _x1, y0, y1 = layout.bounds()
        width = view.view_box.size().width() / 4  # about four pixels a slot: links show
        x = float(layout.x[front_line])
        view.view_box.setRange(xRange=(x - width / 2, x + width / 2), yRange=(y0, y1), padding=0)
        timed[f"{prefix} links"] = frame_time(view, repeats)
        view.centre_on(front_line, readable=True)
        timed[f"{prefix} zoomed"] = frame_time(view, repeats)
        return timed

    timed = frames("department")
    timed["department most links"] = most_links(view, repeats)
    timed["department most links, none culled"] = most_links(view, repeats, culled=False)
    timed["department most links, one path"] = most_links(view, repeats, baseline=True)
    rng = np.random.default_rng(5)
    managers = chart.managers()
    chosen = rng.permutation(managers)
    committed, spare = chosen[: managers.shape[0] // 2], chosen[managers.shape[0] // 2 :]
    ids = [format_commitment_id(i + 1) for i in range(committed.shape[0])]
    plan = Plan(
        {
            cid: Commitment(cid, chart.ids[int(m)], "Serve")
            for cid, m in zip(ids, committed.tolist(), strict=True)
        }
    )
    today = dt.date(2026, 1, 1)
    tracker = CoverageTracker(chart, plan, today)
    colouring = colour_by_coverage(chart, tracker.coverage())
    view.set_colours(colouring.rgb)
    view.set_link_served(colouring.link_served)
    timed.update(frames("coverage"))
    timed["coverage most links"] = most_links(view, repeats)
    timed["coverage most links, none culled"] = most_links(view, repeats, culled=False)
    timed["coverage most links, one path"] = most_links(view, repeats, baseline=True)

    # An edit: one more manager commits; the picture follows it.
    edits = []
    for manager in spare[:5].tolist():
        (cid,) = plan.new_ids(1)
        plan.put([Commitment(cid, chart.ids[manager], "Serve")])
        started = time.perf_counter()
        tracker.apply(plan, [cid])
        colouring = colour_by_coverage(chart, tracker.coverage())
        view.set_colours(colouring.rgb)
        view.set_link_served(colouring.link_served)
        edits.append(time.perf_counter() - started)
    timed["coverage edit"] = min(edits)
    switches = []
    for _ in range(3):
        started = time.perf_counter()
        view.set_colours(colour_nodes(chart, ColourBy.DEPARTMENT).rgb)
        switches.append(time.perf_counter() - started)
    timed["department colours"] = min(switches)
    view.set_link_served(None)
    return timed


STARTUP_PROBE = """
import sys, time
started = float(sys.argv[1])
from PySide6.QtCore import QEvent, QObject, QSettings
from pyramid_app.ui.app import application
from pyramid_app.ui.main_window import MainWindow
from pyramid_app.io.demo import demo_workbook_path
app = application()
window = MainWindow(QSettings("/tmp/pyramid-bench.ini", QSettings.Format.IniFormat))
class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and window.view.data is not None:
            print(time.time() - started, flush=True)
            app.quit()
        return False
probe = FirstPaint()
window.view.viewport().installEventFilter(probe)
window.show()
window.files.open_path(demo_workbook_path(), remember=False)
app.exec()
"""


def startup_seconds() -> float:
    started = time.time()
    done = subprocess.run(
        [sys.executable, "-c", STARTUP_PROBE, repr(started)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    return float(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1048575")
    args = parser.parse_args()
    from pyramid_app.ui.app import application

    application(headless=True)
    rows = []
    coverage_rows = []
    for n in (int(size) for size in args.sizes.split(",")):
        whole, zoomed, scatter, mode, whole_badged, zoomed_badged, coverage = measure(n)
        rows.append((n, whole, zoomed, scatter, whole_badged, zoomed_badged))
        coverage_rows.append((n, coverage))
        print(
            f"{n:,} people: whole view {whole * 1000:.1f} ms, zoomed in ({mode}) "
            f"{zoomed * 1000:.1f} ms, bare scatter {scatter * 1000:.1f} ms; with "
            f"{COMMITMENTS:,} commitments: whole {whole_badged * 1000:.1f} ms, "
            f"zoomed {zoomed_badged * 1000:.1f} ms",
            flush=True,
        )
    print(
        "\n| people | bare frame | whole view afresh | pan (kept picture) | ratio to afresh "
        "| ratio to bare | wheel step (scaled) | ratio to afresh | once the zoom stops, drawn in "
        "the frame (before) | once the zoom stops, crisp on a thread | ratio | crisp picture in "
        "after | crisp frame | pan, zoomed | zoomed in on a team |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n, timed in coverage_rows:
        m = {
            key[len("moving ") :]: value
            for key, value in timed.items()
            if key.startswith("moving ")
        }
        print(
            f"| {n:,} | {m['bare'] * 1000:.1f} ms | {m['afresh'] * 1000:.1f} ms | "
            f"{m['pan at fit'] * 1000:.1f} ms | {m['pan at fit'] / m['afresh']:.2f} | "
            f"{m['pan at fit'] / m['bare']:.1f} | {m['zoom step'] * 1000:.1f} ms | "
            f"{m['zoom step'] / m['afresh']:.2f} | {m['settle in frame'] * 1000:.1f} ms "
            f"(spread {m['settle in frame spread'] * 1000:.1f}) | "
            f"{m['settle thread'] * 1000:.1f} ms (spread {m['settle thread spread'] * 1000:.1f}) "
            f"| {m['settle thread'] / m['settle in frame']:.2f} | "
            f"{m['crisp arrives thread'] * 1000:.1f} ms | "
            f"{m['crisp frame thread'] * 1000:.1f} ms | "
            f"{m['pan zoomed'] * 1000:.1f} ms | {m['zoomed in'] * 1000:.1f} ms |",
            flush=True,
        )
    startups = sorted(startup_seconds() for _ in range(3))
    print(f"start-up to first painted window on the demo: {startups[1]:.2f} s (median of 3)")
    print(
        "\n| people | whole view | bare ScatterPlotItem | ratio (goal <= 1.0) | "
        "zoomed in on a team (goal <= 16 ms) |"
    )
    print("|---:|---:|---:|---:|---:|")
    for n, whole, zoomed, scatter, _whole_badged, _zoomed_badged in rows:
        print(
            f"| {n:,} | {whole * 1000:.1f} ms | {scatter * 1000:.1f} ms | "
            f"{whole / scatter:.2f} | {zoomed * 1000:.1f} ms |"
        )
    print(
        f"\n| people | whole view, with {COMMITMENTS:,} commitments | ratio to without "
        "(goal <= 1.1) | zoomed in, with | ratio to without |"
    )
    print("|---:|---:|---:|---:|---:|")
    for n, whole, zoomed, _scatter, whole_badged, zoomed_badged in rows:
        print(
            f"| {n:,} | {whole_badged * 1000:.1f} ms | {whole_badged / whole:.2f} | "
            f"{zoomed_badged * 1000:.1f} ms | {zoomed_badged / zoomed:.2f} |"
        )
    print(
        "\n| people | frame | by department | by coverage, links coloured | ratio (goal <= 1.1) |"
    )
    print("|---:|---|---:|---:|---:|")
    for n, timed in coverage_rows:
        for frame in ("whole", "links", "zoomed", "most links", "most links, none culled"):
            plain, coloured = timed[f"department {frame}"], timed[f"coverage {frame}"]
            print(
                f"| {n:,} | {frame} | {plain * 1000:.1f} ms | {coloured * 1000:.1f} ms | "
                f"{coloured / plain:.2f} |"
            )
    print(
        "\n| people | colours | most links as one path a style (before) | as lines, those outside "
        "the image dropped (as a frame draws them) | ratio | as lines, every one handed to Qt "
        "| ratio |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|")
    for n, timed in coverage_rows:
        for colours in ("department", "coverage"):
            path = timed[f"{colours} most links, one path"]
            culled = timed[f"{colours} most links"]
            every = timed[f"{colours} most links, none culled"]
            print(
                f"| {n:,} | {colours} | {path * 1000:.1f} ms | {culled * 1000:.1f} ms | "
                f"{culled / path:.2f} | {every * 1000:.1f} ms | {every / path:.2f} |"
            )
    print(
        "\n| people | whole view, extra large text | ratio to normal (goal <= 1.1) | "
        "zoomed in, extra large text | ratio to normal |"
    )
    print("|---:|---:|---:|---:|---:|")
    for (n, whole, zoomed, *_rest), (_n, timed) in zip(rows, coverage_rows, strict=True):
        large, large_zoomed = timed["large text whole"], timed["large text zoomed"]
        print(
            f"| {n:,} | {large * 1000:.1f} ms | {large / whole:.2f} | "
            f"{large_zoomed * 1000:.1f} ms | {large_zoomed / zoomed:.2f} |"
        )
    print(
        "\n| people | an edit recoloured by coverage (tracker, snapshot, colours, links) | "
        "department colours switched on | ratio |"
    )
    print("|---:|---:|---:|---:|")
    for n, timed in coverage_rows:
        edit, switch = timed["coverage edit"], timed["department colours"]
        print(f"| {n:,} | {edit * 1000:.1f} ms | {switch * 1000:.1f} ms | {edit / switch:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
