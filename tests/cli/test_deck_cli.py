"""`pyramid-app deck` on the demo project: read back with python-pptx, and once through
LibreOffice (PDF) with poppler's pdftotext and pdftoppm, where they are installed."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from on_disk import damaged_copy
from PIL import Image
from pptx import Presentation

from pyramid_app.cli import main
from pyramid_app.io.deck.geometry import pyramid_pixels
from pyramid_app.io.project.file import ProjectFile

TODAY = "2026-12-06"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.pyramid"
    assert main(["project", "demo", "-o", str(path), "--today", TODAY]) == 0
    return path


@pytest.fixture(scope="module")
def demo_deck(demo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("deck") / "Harbourlight deck.pptx"
    assert main(["deck", str(demo), "-o", str(path), "--today", TODAY]) == 0
    return path


def titles(path: Path) -> list[str]:
    return [slide.shapes.title.text_frame.text for slide in Presentation(str(path)).slides]


def test_the_whole_deck(demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "deck.pptx"
    assert main(["deck", str(demo), "-o", str(out), "--today", TODAY]) == 0
    said = capsys.readouterr().out
    assert said.startswith(f"wrote {out}: 12 slides (title, pyramid, coverage, gaps, 6 segments, ")
    assert f"as of {TODAY}" in said and "left out" not in said
    store, project = ProjectFile.open(demo, read_only=True)
    store.close()
    shown = titles(out)
    assert shown[0] == project.name and shown[4:10] == project.customer_map.names()
    assert shown[-1] == "Progress against targets"
    pyramid = next(s for s in Presentation(str(out)).slides[1].shapes if s.shape_type == 13)
    picture = Image.open(io.BytesIO(pyramid.image.blob))
    assert picture.size == pyramid_pixels()  # drawn at the slide's resolution
    # Coloured by coverage: the orange of front-line people not served is in it.
    colours = picture.convert("RGB").getcolors(maxcolors=1 << 20)
    assert colours is not None and any(rgb == (230, 159, 0) for _n, rgb in colours)


def test_slides_chosen(demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "short.pptx"
    assert main(["deck", str(demo), "-o", str(out), "--slides", "coverage,title,segments"]) == 0
    assert capsys.readouterr().out.startswith(
        f"wrote {out}: 8 slides (title, coverage, 6 segments)"
    )
    shown = titles(out)
    assert shown[1] == "Coverage by level" and len(shown) == 8


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--slides", "title,charts"], "--slides: 'charts' is not a slide; the slides are title"),
        (["--slides", ","], "--slides: no slide chosen"),
        (["--today", "soon"], "--today 'soon' is not a date"),
    ],
)
def test_a_wrong_choice_is_one_line(
    demo: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    options: list[str],
    message: str,
) -> None:
    out = tmp_path / "none.pptx"
    assert main(["deck", str(demo), "-o", str(out), *options]) == 2
    error = capsys.readouterr().err
    assert error.startswith("pyramid-app deck: ") and message in error
    assert error.count("\n") == 1
    assert not out.exists()


def test_a_wrong_output_is_one_line(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["deck", str(demo), "-o", str(tmp_path / "deck.pdf")]) == 2
    assert "end the name in .pptx" in capsys.readouterr().err
    folder = tmp_path / "deck.pptx"
    folder.mkdir()
    assert main(["deck", str(demo), "-o", str(folder)]) == 2
    assert "is a folder" in capsys.readouterr().err
    assert main(["deck", str(tmp_path / "missing.pyramid"), "-o", str(tmp_path / "x.pptx")]) == 2
    assert capsys.readouterr().err.startswith("pyramid-app deck: ")


def test_hidden_columns_never_reach_the_file(demo: Path, tmp_path: Path) -> None:
    hidden = tmp_path / "hidden.pyramid"
    shutil.copy(demo, hidden)
    assert main(["project", "hide", str(hidden), "--columns", "Email,Start Date"]) == 0
    out = tmp_path / "hidden.pptx"
    assert main(["deck", str(hidden), "-o", str(out), "--today", TODAY]) == 0
    store, project = ProjectFile.open(hidden, read_only=True)
    store.close()
    assert project.hidden == frozenset({"Email", "Start Date"})
    emails = [email.encode() for email in project.chart.emails if email]
    assert len(emails) > 300
    with zipfile.ZipFile(out) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    assert any(b"Leisure guests" in data for data in parts.values())
    for name, data in parts.items():
        assert b"harbourlight-hotels.example" not in data, name
        assert not any(email in data for email in emails), name


def test_a_bare_project_leaves_out_what_it_has_not(
    xlsx_file: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    people = [
        ["Employee ID", "Manager ID", "Name", "Title"],
        ["A", "", "Ann Archer", "Chief Executive"],
        ["B", "A", "Bob Baker", "Head of Rooms"],
        ["C", "B", "Cy Cole", "Receptionist"],
    ]
    sheet = xlsx_file(name="tiny.xlsx", sheets={"People": people})
    project = tmp_path / "tiny.pyramid"
    assert main(["project", "new", str(sheet), "-o", str(project)]) == 0
    capsys.readouterr()
    out = tmp_path / "tiny.pptx"
    assert (
        main(["deck", str(project), "-o", str(out), "--slides", "title,gaps,segments,progress"])
        == 0
    )
    said = capsys.readouterr().out.splitlines()
    assert said[0].startswith(f"wrote {out}: 2 slides (title, gaps)")
    assert said[1:] == [
        "  left out segments: the project has no customer segments",
        "  left out progress: the project has no targets",
    ]
    assert titles(out) == ["tiny", "Who to talk to first"]


def _slide_contents(path: Path) -> list[list[object]]:
    """Each slide's texts and its charts' categories and values, in the order of its shapes;
    not its number ("3 / 12")."""
    slides = []
    for slide in Presentation(str(path)).slides:
        contents: list[object] = []
        for shape in slide.shapes:
            if shape.has_text_frame and not re.fullmatch(r"[0-9]+ / [0-9]+", shape.text_frame.text):
                contents.append(shape.text_frame.text)
            if shape.has_chart:
                plot = shape.chart.plots[0]
                contents.append(list(plot.categories))
                contents.extend(list(series.values) for series in plot.series)
            if shape.has_table:
                contents.extend(cell.text for row in shape.table.rows for cell in row.cells)
        slides.append(contents)
    return slides


def test_the_pyramid_drawn_before_the_plan_is_read_leaves_every_slide_as_without_it(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With the pyramid's slide, coverage is counted from the commitments as they are read and
    the plan read whole after the drawing: every other slide says what it says without it."""
    drawn, plain = tmp_path / "drawn.pptx", tmp_path / "plain.pptx"
    assert main(["deck", str(demo), "-o", str(drawn), "--today", TODAY]) == 0
    others = "title,coverage,gaps,segments,commitments,progress"
    assert main(["deck", str(demo), "-o", str(plain), "--today", TODAY, "--slides", others]) == 0
    capsys.readouterr()
    with_pyramid, without = _slide_contents(drawn), _slide_contents(plain)
    assert len(with_pyramid) == len(without) + 1
    assert with_pyramid[:1] + with_pyramid[2:] == without
    assert with_pyramid[2][0] == "Coverage by level"
    assert any(isinstance(values, list) and values for values in with_pyramid[2])  # its chart


@pytest.mark.parametrize("slides", [[], ["--slides", "title,coverage,commitments"]])
def test_a_deck_of_a_plan_with_a_damaged_commitment_says_so(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], slides: list[str]
) -> None:
    damaged, number = damaged_copy(demo, tmp_path, "status", "maybe")
    out = tmp_path / "deck.pptx"
    assert main(["deck", str(damaged), "-o", str(out), "--today", TODAY, *slides]) == 2
    error = capsys.readouterr().err
    assert error.startswith("pyramid-app deck: ") and "damaged" in error and number in error
    assert "Traceback" not in error
    assert not out.exists()


def test_libreoffice_opens_it(demo_deck: Path, tmp_path: Path) -> None:
    """One conversion (slow): Impress reads the deck, its text is text, a page renders."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed, so the deck cannot be opened")
    pdftotext, pdftoppm = shutil.which("pdftotext"), shutil.which("pdftoppm")
    if pdftotext is None or pdftoppm is None:
        pytest.skip("poppler-utils (pdftotext, pdftoppm) is not installed to read the PDF")
    profile = (tmp_path / "profile").as_uri()
    # A blank presentation as python-pptx makes it, converted in the same run: a LibreOffice
    # without its presentation program (Debian's libreoffice-calc-nogui alone) loads neither.
    blank = tmp_path / "blank.pptx"
    Presentation().save(str(blank))
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(blank),
            str(demo_deck),
        ],
        capture_output=True,
        check=True,
        timeout=180,
    )
    if not (tmp_path / "blank.pdf").exists():
        pytest.skip("this LibreOffice cannot open presentations (Impress is not installed)")
    pdf = tmp_path / "Harbourlight deck.pdf"
    text = subprocess.run(
        [pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = text.split("\f")[:-1]
    assert len(pages) == 12
    assert "Harbourlight Hotels" in pages[0]
    assert "Leisure guests" in pages[4] and "Books a room" in pages[4]
    assert "Who to talk to first" in pages[3]
    subprocess.run(
        [pdftoppm, "-png", "-r", "40", "-f", "2", "-l", "2", str(pdf), str(tmp_path / "page")],
        check=True,
        timeout=60,
    )
    page = Image.open(next(tmp_path.glob("page*.png"))).convert("RGB")
    assert page.width > page.height * 1.7  # 16:9
    colours = page.getcolors(maxcolors=1 << 20)
    assert colours is not None
    ink = sum(count for count, rgb in colours if sum(rgb) < 600)
    assert ink > page.width * page.height // 50  # a drawn page, not a blank one
