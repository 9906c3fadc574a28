"""`pyramid-app render P.pyramid -o x.png --colour-by "results against target"
--results-measure M`: the picture coloured by M (any case), its tiers counted beside it; a
measure the project has no target for, or a spreadsheet, refused in one line naming what there
is, exit 2."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from pyramid_app.cli import main
from pyramid_app.io.project.file import ProjectFile
from pyramid_app.model.colouring import RESULT_COLOURS
from pyramid_app.model.result_colouring import results_colouring, results_measures
from pyramid_app.ui.pyramid.band_ruler import RULER_WIDTH
from spreadsheets import SMALL_ORG

RESULTS = "results against target"
COMPLAINTS = "Complaints per 1,000 stays"
JUDGED = ("front line: met", "front line: close", "front line: missed")


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    path = tmp_path / "demo.pyramid"
    assert main(["project", "demo", "-o", str(path), "--today", "2026-12-06"]) == 0
    return path


def render(demo: Path, out: Path, *options: str) -> QImage:
    assert main(["render", str(demo), "-o", str(out), "--size", "1366x768", *options]) == 0
    image = QImage(str(out)).convertToFormat(QImage.Format.Format_RGB32)
    assert not image.isNull()
    return image


def colours(image: QImage, left: int, right: int) -> set[tuple[int, int, int]]:
    """The colours of the picture between two x (below its title line)."""
    found = {
        image.pixel(x, y) & 0xFFFFFF for x in range(left, right) for y in range(40, image.height())
    }
    return {((p >> 16) & 0xFF, (p >> 8) & 0xFF, p & 0xFF) for p in found}


def test_the_measure_named_colours_the_picture_and_the_ruler_counts_it(
    demo: Path,
    tmp_path: Path,
    qapp,  # type: ignore[no-untyped-def]
) -> None:
    default = render(demo, tmp_path / "default.png", "--colour-by", RESULTS)
    named = render(
        demo,
        tmp_path / "named.png",
        "--colour-by",
        RESULTS,
        "--results-measure",
        "guest SATISFACTION",
    )
    assert named == default  # the first measure given a target, named in another case
    # The tiers' counts beside the pyramid, each after a swatch of its colour.
    ruler = colours(named, 0, RULER_WIDTH - 8)
    assert {RESULT_COLOURS[label] for label in JUDGED} <= ruler

    # Implied by the measure alone; the picture shows complaints' standings.
    complaints = render(demo, tmp_path / "complaints.png", "--results-measure", COMPLAINTS.upper())
    assert complaints != default
    store, project = ProjectFile.open(demo, read_only=True)
    store.close()
    counts = {label: n for label, _c, n in results_colouring(project, COMPLAINTS).legend}
    satisfaction = {label: n for label, _c, n in results_colouring(project).legend}
    assert counts != satisfaction
    shown = colours(complaints, 0, complaints.width())
    for label in JUDGED:
        assert (RESULT_COLOURS[label] in shown) == (counts[label] > 0), label


def test_an_unknown_measure_is_refused_naming_the_measures_there_are(
    demo: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    qapp,  # type: ignore[no-untyped-def]
) -> None:
    out = tmp_path / "x.png"
    code = main(["render", str(demo), "-o", str(out), "--results-measure", "Guest happiness"])
    assert code == 2
    error = capsys.readouterr().err
    store, project = ProjectFile.open(demo, read_only=True)
    store.close()
    assert "'Guest happiness' is not a results measure with a target" in error
    for measure in results_measures(project):
        assert repr(measure) in error
    assert "Traceback" not in error and len(error.strip().splitlines()) == 1
    assert not out.exists()
    # A built-in measure has the coverage colours, not these.
    built_in = ["--results-measure", "front line served"]
    assert main(["render", str(demo), "-o", str(out), *built_in]) == 2
    assert "coverage colours" in capsys.readouterr().err


def test_with_another_colouring_or_a_spreadsheet_it_is_refused(
    demo: Path,
    tmp_path: Path,
    xlsx_file: Callable[..., Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "x.png"
    options = ["--colour-by", "department", "--results-measure", COMPLAINTS]
    assert main(["render", str(demo), "-o", str(out), *options]) == 2
    assert '--results-measure goes with --colour-by "results against target"' in (
        capsys.readouterr().err
    )
    sheet = xlsx_file(SMALL_ORG)
    assert main(["render", str(sheet), "-o", str(out), "--results-measure", COMPLAINTS]) == 2
    assert "needs a project (*.pyramid)" in capsys.readouterr().err
    assert not out.exists()


def test_a_project_without_results_targets_says_so(
    tmp_path: Path,
    xlsx_file: Callable[..., Path],
    capsys: pytest.CaptureFixture[str],
    qapp,  # type: ignore[no-untyped-def]
) -> None:
    project = tmp_path / "p.pyramid"
    assert main(["project", "new", str(xlsx_file(SMALL_ORG)), "-o", str(project)]) == 0
    capsys.readouterr()
    out = tmp_path / "x.png"
    assert main(["render", str(project), "-o", str(out), "--results-measure", COMPLAINTS]) == 2
    error = capsys.readouterr().err
    assert "no results measure with a target yet" in error
    assert "pyramid-app target set" in error
