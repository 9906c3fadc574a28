"""`pyramid-app handouts` on the demo project: read back with poppler's pdftotext and pdftoppm."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from on_disk import damaged_copy

from pyramid_app.cli import main
from pyramid_app.io.project.file import ProjectFile
from pyramid_app.model.handout_choice import (
    ChoiceKind,
    HandoutChoice,
    chosen_managers,
    handout_file_names,
)
from pyramid_app.model.project import Project

TODAY = "2026-12-06"
FOOTER = re.compile(r"handout for (.+) \(([^()]+)\)\s+as of .+ · page (\d+) of (\d+)")


def need(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        pytest.skip(f"{tool} (poppler-utils) is not installed, so the PDF cannot be read back")
    return found


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.pyramid"
    assert main(["project", "demo", "-o", str(path), "--today", TODAY]) == 0
    return path


def opened(path: Path) -> Project:
    store, project = ProjectFile.open(path, read_only=True)
    store.close()
    return project


def text_pages(pdf: Path) -> list[str]:
    done = subprocess.run(
        [need("pdftotext"), "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    return done.stdout.split("\f")[:-1]


def by_manager(pages: list[str]) -> dict[str, list[tuple[int, int, str]]]:
    """Each manager's pages by person id: (page, of pages, the page's text)."""
    found: dict[str, list[tuple[int, int, str]]] = {}
    for page in pages:
        match = FOOTER.search(page)
        assert match is not None, f"a page without its footer:\n{page[-400:]}"
        found.setdefault(match.group(2), []).append(
            (int(match.group(3)), int(match.group(4)), page)
        )
    return found


def flat(text: str) -> str:
    """Text as one line: a word broken after its hyphen at the end of a line joined again."""
    return re.sub(r"(?<=\w)- (?=\w)", "-", " ".join(text.split()))


def test_every_manager_of_the_demo_gets_their_pages(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "handouts.pdf"
    assert main(["handouts", str(demo), "-o", str(out), "--today", TODAY]) == 0
    said = capsys.readouterr().out
    project = opened(demo)
    chart = project.chart
    managers = chosen_managers(chart, HandoutChoice()).tolist()
    assert f"wrote handouts for {len(managers)} managers (every manager)" in said
    pages = by_manager(text_pages(out))
    assert list(pages) == [chart.ids[node] for node in managers]  # in the pack's order
    for node in managers:
        person_id = chart.ids[node]
        own = pages[person_id]
        count = own[0][1]
        assert 1 <= count <= 2, f"{person_id} has {count} pages"
        assert [(number, of) for number, of, _text in own] == [
            (n, count) for n in range(1, count + 1)
        ]
        text = flat(" ".join(page for _n, _of, page in own))
        assert chart.names[node] in text
        commitments = project.plan.of_manager(person_id)
        for commitment in commitments:
            assert flat(commitment.text) in text, f"{commitment.id} is not on {person_id}'s page"
        if not commitments:
            assert "No commitments yet." in text and "Your first commitments" in text


def test_one_file_per_manager_named_after_them(demo: Path, tmp_path: Path) -> None:
    folder = tmp_path / "mail"
    assert (
        main(["handouts", str(demo), "--each", str(folder), "--team", "HL0043", "--today", TODAY])
        == 0
    )
    chart = opened(demo).chart
    team = chosen_managers(chart, HandoutChoice(ChoiceKind.TEAM, "HL0043")).tolist()
    names = handout_file_names(chart, team)
    assert sorted(p.name for p in folder.iterdir()) == sorted(names)
    assert len(names) > 1
    for node, name in zip(team, names, strict=True):
        pages = by_manager(text_pages(folder / name))
        assert list(pages) == [chart.ids[node]]
        assert chart.names[node] in flat(" ".join(text for _n, _of, text in pages[chart.ids[node]]))


def test_a_page_renders_as_a_picture(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "letter.pdf"
    args = ["handouts", str(demo), "-o", str(out), "--level", "1", "--page-size", "Letter"]
    assert main([*args, "--today", TODAY]) == 0
    info = subprocess.run([need("pdfinfo"), str(out)], capture_output=True, text=True, check=True)
    assert "612 x 792 pts (letter)" in info.stdout
    subprocess.run(
        [need("pdftoppm"), "-png", "-r", "40", "-f", "1", "-l", "1", str(out), str(tmp_path / "p")],
        check=True,
    )
    [png] = list(tmp_path.glob("p*.png"))
    from PySide6.QtGui import QImage

    image = QImage(str(png))
    assert image.width() > 300 and image.height() > 400
    # Ink on the page, not a blank sheet: sample a grid and count what is not paper.
    inked = sum(
        1
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
        if image.pixelColor(x, y).lightness() < 200
    )
    assert inked > 500


def test_hidden_columns_never_reach_the_paper(demo: Path, tmp_path: Path) -> None:
    hidden = tmp_path / "hidden.pyramid"
    shutil.copy(demo, hidden)
    assert main(["project", "hide", str(hidden), "--columns", "Email"]) == 0
    out = tmp_path / "hidden.pdf"
    assert main(["handouts", str(hidden), "-o", str(out), "--level", "1", "--today", TODAY]) == 0
    text = "".join(text_pages(out))
    assert "Chief Commercial Officer" in text
    assert "@" not in text


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--managers", "HL0001,NOPE"], "nobody has the id NOPE"),
        (["--managers", "HL0380"], "no reports, so no handout: Yaw Rocha (HL0380)"),
        (["--level", "9"], "no manager on level 9"),
        (["--department", "Golf"], "no manager in the department 'Golf'"),
        (["--team", "HL0380"], "has no reports: a handout is for a manager"),
        (["--today", "soon"], "--today 'soon' is not a date"),
    ],
)
def test_a_choice_nobody_matches_is_one_line(
    demo: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    options: list[str],
    message: str,
) -> None:
    out = tmp_path / "none.pdf"
    assert main(["handouts", str(demo), "-o", str(out), *options]) == 2
    error = capsys.readouterr().err
    assert error.startswith("pyramid-app handouts: ") and message in error
    assert error.count("\n") == 1
    assert not out.exists()


def test_outputs_that_cannot_be_written(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["handouts", str(demo), "-o", str(tmp_path / "plan.txt")]) == 2
    assert "end the name in .pdf" in capsys.readouterr().err
    assert main(["handouts", str(demo), "-o", str(tmp_path / "no" / "x.pdf")]) == 2
    assert "does not exist" in capsys.readouterr().err
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    assert main(["handouts", str(demo), "--each", str(a_file)]) == 2
    assert "is a file; give a folder" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "user") == ["a-file"]


def test_the_day_is_the_one_given(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "later.pdf"
    args = ["handouts", str(demo), "-o", str(out), "--managers", "HL0001"]
    assert main([*args, "--today", "2030-01-31"]) == 0
    assert "as of 31 January 2030" in text_pages(out)[0]


@pytest.mark.parametrize("choice", [HandoutChoice(ChoiceKind.LEVEL, "2"), HandoutChoice()])
def test_the_commitments_read_as_they_go_give_every_sheet_as_the_whole_plan(
    demo: Path, choice: HandoutChoice
) -> None:
    """The command counts coverage and the needs answered from the commitments as they are read
    and keeps only the chosen managers' commitments: each sheet is the one the whole plan gives."""
    import dataclasses
    import datetime as dt

    import numpy as np

    from pyramid_app.cli.plan_count import count_plan
    from pyramid_app.model.handout_sheet import HandoutSources

    today = dt.date.fromisoformat(TODAY)
    whole = opened(demo)
    nodes = chosen_managers(whole.chart, choice).tolist()
    chosen = {whole.chart.ids[node] for node in nodes}
    store, streamed = ProjectFile.open(demo, read_only=True, with_plan=False)
    try:
        counted = count_plan(store, streamed, today, lambda c: c.manager_id in chosen)
    finally:
        store.close()
    assert (counted.commitments, counted.active) == (
        len(whole.plan),
        sum(1 for c in whole.plan if c.active),
    )
    assert {c.id for c in streamed.plan} == {c.id for c in whole.plan if c.manager_id in chosen}
    expected = HandoutSources(whole, today)
    got = HandoutSources(streamed, today, counted.coverage, counted.needs)
    assert got.needs == expected.needs
    answered = [n for n, by in got.needs.answered_by.items() if by]
    assert answered  # the demo's plan answers needs: what this compares is there
    lit = 0
    for node in nodes:
        mine, theirs = dataclasses.asdict(got.sheet(node)), dataclasses.asdict(expected.sheet(node))
        assert np.array_equal(mine.pop("lit"), theirs.pop("lit")), whole.chart.ids[node]
        assert mine == theirs, whole.chart.ids[node]
        lit += len(got.sheet(node).lit)
    assert lit > 0


def test_handouts_of_a_plan_with_a_damaged_commitment_say_so(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    damaged, _number = damaged_copy(demo, tmp_path, "due", "next week")
    out = tmp_path / "handouts.pdf"
    assert main(["handouts", str(damaged), "-o", str(out), "--level", "1"]) == 2
    error = capsys.readouterr().err
    assert error.startswith("pyramid-app handouts: ") and "damaged" in error
    assert "next week" in error
    assert "Traceback" not in error and not out.exists()
