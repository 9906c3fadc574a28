"""`pyramid-app render FILE -o org.pdf --pages A4 --landscape`: the whole organisation on as
many pages as it needs, the first showing the whole shape, each part saying where its teams
continue."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from pyramid_app.cli import main
from pyramid_app.io import read_org
from pyramid_app.model.layout import Arrangement, LayoutOptions, layout_inverted
from pyramid_app.model.paging import cut_into_pages
from pyramid_app.ui.paper.sheet import Paper, page_capacity

FIRST = ["Rosa", "Tomas", "Anika", "Vikram", "Mei", "Ahmed"]
LAST = ["Chaudhry", "Lindqvist", "Okafor", "Brennan"]


def org_rows() -> list[list[str]]:
    """A chief, four heads, three team leads under each, ten people under each lead: 137
    people, wider than an A4 page even with the front-line teams stacked."""
    rows = [["Employee ID", "Manager ID", "Name", "Title", "Department"]]
    rows.append(["E0", "", "Ines Achterberg", "Chief Executive", "Board"])
    number = 1
    for head in range(4):
        head_id = f"E{number}"
        name = f"{FIRST[head]} {LAST[head]}"
        rows.append([head_id, "E0", name, "Director", f"Division {head}"])
        number += 1
        for lead in range(3):
            lead_id = f"E{number}"
            rows.append([lead_id, head_id, f"Lead {head}-{lead}", "Team Lead", f"Division {head}"])
            number += 1
            for member in range(10):
                rows.append(
                    [f"E{number}", lead_id, f"Member {head}-{lead}-{member}", "Agent", f"D{head}"]
                )
                number += 1
    return rows


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The organisation's file and its pages, printed once for the module's tests."""
    folder = tmp_path_factory.mktemp("pages")
    source = folder / "org.csv"
    source.write_text("\n".join(",".join(row) for row in org_rows()) + "\n", encoding="utf-8")
    pdf = folder / "org.pdf"
    assert main(["render", str(source), "-o", str(pdf), "--pages", "A4", "--landscape"]) == 0
    return source, pdf


def page_count(pdf: Path) -> int:
    """The page count in the PDF's page tree (the root Pages object's /Count)."""
    counts = re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", pdf.read_bytes())
    counts += re.findall(rb"/Count\s+(\d+)[^>]*?/Type\s*/Pages\b", pdf.read_bytes())
    assert counts, "no page tree found in the PDF"
    return max(int(count) for count in counts)


def page_text(pdf: Path, page: int) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: the pages' text is not read")
    done = subprocess.run(
        [tool, "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        check=True,
        text=True,
    )
    return " ".join(done.stdout.split())


def test_the_pages_are_the_cut_of_the_organisation_plus_the_whole_shape(
    printed: tuple[Path, Path],
) -> None:
    source, pdf = printed
    chart = read_org(source).chart
    layout = layout_inverted(chart, LayoutOptions(arrangement=Arrangement.COMPACT))
    plan = cut_into_pages(chart, layout, page_capacity(Paper("A4", landscape=True)))
    assert len(plan) >= 3  # it does not fit one page
    assert page_count(pdf) == len(plan) + 1
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo is not None:
        info = subprocess.run([pdfinfo, str(pdf)], capture_output=True, check=True, text=True)
        assert re.search(rf"^Pages:\s+{len(plan) + 1}$", info.stdout, re.MULTILINE)
        assert "842 x 595" in info.stdout  # A4 on its side, in points


def test_a_continuing_team_names_its_manager_on_both_pages(printed: tuple[Path, Path]) -> None:
    _source, pdf = printed
    total = page_count(pdf)
    first = page_text(pdf, 1)
    assert f"Page 1 of {total}" in first and "137 people" in first
    # The top page: the chief, and where each director's part of the organisation goes on.
    top = page_text(pdf, 2)
    assert f"Page 2 of {total}" in top and "Ines Achterberg" in top
    found = re.findall(r"continues on page (\d+): ([A-Z][a-z]+ [A-Z][a-z]+)'s team", top)
    assert found, top
    for number, manager in found:
        assert manager in top  # the manager is drawn on the page their team continues from
        part = page_text(pdf, int(number))
        assert f"Page {number} of {total}" in part
        assert f"{manager}'s team" in part
        assert f"reports to {manager} (page 2)" in part


def test_bad_paper_and_outputs_are_refused_with_a_message(
    printed: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, _pdf = printed
    out = tmp_path / "org.pdf"
    assert main(["render", str(source), "-o", str(out), "--pages", "B7"]) == 2
    assert "'B7' is not a paper size" in capsys.readouterr().err
    assert main(["render", str(source), "-o", str(tmp_path / "org.png"), "--pages", "A3"]) == 2
    assert "the output is a PDF" in capsys.readouterr().err
    assert main(["render", str(source), "-o", str(out), "--landscape"]) == 2
    assert "--landscape goes with --pages" in capsys.readouterr().err
    assert not out.exists()
