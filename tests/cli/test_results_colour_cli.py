"""`pyramid-app render demo.pyramid --colour-by "results against target" -o x.png`: the demo's
front line in its hotels' standings, the key's heading whole; a spreadsheet (no results) all
"no result"."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QFontMetricsF, QImage

from pyramid_app.cli import main
from pyramid_app.io.demo import demo_project
from pyramid_app.io.project.file import ProjectFile
from pyramid_app.model.colouring import RESULT_COLOURS, ColourBy
from pyramid_app.model.result_colouring import results_colouring
from pyramid_app.ui.pyramid.picture import KEY_MARGIN, KEY_WIDTH, heading_font, picture_frame
from spreadsheets import SMALL_ORG

RESULTS = "results against target"


def colours_in(path: Path) -> set[tuple[int, int, int]]:
    image = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB32)
    assert not image.isNull()
    pixels = {
        image.pixel(x, y) & 0xFFFFFF
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
    }
    return {((p >> 16) & 0xFF, (p >> 8) & 0xFF, p & 0xFF) for p in pixels}


def test_render_colours_a_project_by_results_against_target(tmp_path: Path, qapp) -> None:  # type: ignore[no-untyped-def]
    demo = tmp_path / "demo.pyramid"
    assert main(["project", "demo", "-o", str(demo), "--today", "2026-12-06"]) == 0
    out = tmp_path / "results.png"
    assert main(["render", str(demo), "-o", str(out), "--colour-by", RESULTS]) == 0
    # The demo's guest satisfaction: one hotel meets its target, two are close, one misses.
    seen = colours_in(out)
    for label in ("front line: met", "front line: close", "front line: missed"):
        assert RESULT_COLOURS[label] in seen, label


def test_the_pictures_key_heading_fits_whole(tmp_path: Path, qapp) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "demo.pyramid"
    with ProjectFile.create(path, demo_project(today=dt.date(2026, 12, 6))) as _store:
        pass
    store, project = ProjectFile.open(path, read_only=True)
    store.close()
    colouring = results_colouring(project)
    frame = picture_frame(project.name, project.chart.people_count, colouring, ColourBy.RESULTS)
    lines = frame.heading_lines()
    metrics = QFontMetricsF(heading_font())
    assert " ".join(lines) == "Colour by results against target Guest satisfaction"
    assert len(lines) > 1  # the heading alone is wider than the key: wrapped, not cut
    assert all(metrics.horizontalAdvance(line) <= KEY_WIDTH - 2 * KEY_MARGIN for line in lines)


def test_render_of_a_spreadsheet_by_results_is_all_no_result(
    tmp_path: Path,
    xlsx_file: Callable[..., Path],
    qapp,  # type: ignore[no-untyped-def]
) -> None:
    out = tmp_path / "sheet.png"
    assert main(["render", str(xlsx_file(SMALL_ORG)), "-o", str(out), "--colour-by", RESULTS]) == 0
    seen = colours_in(out)
    assert RESULT_COLOURS["front line: no result"] in seen
    assert RESULT_COLOURS["front line: met"] not in seen
