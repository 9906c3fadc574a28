"""The workbook in LibreOffice: saved again by it and read back, and printed to PDF.

Needs ``soffice`` (``apt-get install libreoffice-calc-nogui``); skipped where it is absent, as on
most CI machines. The PDF checks use poppler's ``pdftotext`` when it is there.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from action_plan_samples import EXPORTED, TODAY, PlanEditor, hotel_project

from pyramid_app.io.workbook.writer import (
    apply_updates,
    read_action_plan_updates,
    write_action_plan,
)
from pyramid_app.model.plan import Status

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")
pytestmark = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui",
)


def convert(source: Path, kind: str, folder: Path) -> Path:
    """Have LibreOffice open ``source`` and save it as ``kind`` into ``folder``."""
    folder.mkdir(exist_ok=True)
    profile = (folder.parent / "lo-profile").as_uri()  # its own profile: runs cannot collide
    assert SOFFICE is not None
    done = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            kind,
            "--outdir",
            str(folder),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    result = folder / f"{source.stem}.{kind}"
    assert result.exists(), done.stdout + done.stderr
    return result


def test_saved_again_by_libreoffice_and_read_back(tmp_path: Path) -> None:
    project = hotel_project()
    exported = tmp_path / "plan.xlsx"
    write_action_plan(project, exported, today=TODAY, now=EXPORTED)
    editor = PlanEditor(exported)
    editor.set("C-0002", "Status", "done")
    editor.set("C-0001", "Due date", dt.datetime(2025, 7, 1))
    editor.add_row({"Manager id": "K", "Commitment": "Walk the spa floor weekly"})
    editor.save()

    resaved = convert(exported, "xlsx", tmp_path / "libreoffice")
    preview = read_action_plan_updates(project, resaved)
    # The hidden record survived, and nothing but the edits reads as changed.
    assert not preview.warnings and not preview.problems and not preview.conflicts
    changed = {c.commitment_id: {f.field: f.value for f in c.fields} for c in preview.changed}
    assert changed == {
        "C-0001": {"due": dt.date(2025, 7, 1)},
        "C-0002": {"status": Status.DONE},
    }
    assert [row.text for row in preview.new] == ["Walk the spa floor weekly"]
    assert preview.unchanged == 2 and not preview.missing
    project.execute(apply_updates(project, preview))
    assert project.plan["C-0002"].status is Status.DONE


# Poppler measures a word's box from its font's ascent and descent, which LibreOffice leaves
# at 0 in the PDF: poppler then takes 0.95 and -0.35 of the size.
_DEFAULT_ASCENT, _DEFAULT_DESCENT = 0.95, -0.35
# Calibri's digits are 1038/2048 of its size wide. LibreOffice sizes a column by the digits of
# the face it draws Calibri with (Carlito: the same; DejaVu Sans, where Carlito is missing:
# wider), so a sheet fitted to the page prints smaller in the ratio of the two.
CALIBRI_DIGIT = 1038 / 2048
_WORD = re.compile(
    r'<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)">([^<]*)</word>'
)


def words_of(pdf: Path, page: int) -> list[tuple[float, float, str]]:
    """(width, height, text) of every word on ``page``, as poppler's pdftotext boxes them."""
    assert PDFTOTEXT is not None
    done = subprocess.run(
        [PDFTOTEXT, "-f", str(page), "-l", str(page), "-bbox", str(pdf), "-"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return [
        (float(x2) - float(x1), float(y2) - float(y1), html.unescape(text))
        for x1, y1, x2, y2, text in _WORD.findall(done.stdout)
    ]


def box_height_per_point(pdf: Path) -> float:
    """A word's box height per point of type, from the regular body font's descriptor."""
    data = pdf.read_bytes()
    for name, ascent, descent in re.findall(
        rb"/FontName\s*/[A-Z]{6}\+([A-Za-z]+)\s*/Flags[^/]*/FontBBox[^/]*/ItalicAngle\s*\S+"
        rb"\s*/Ascent\s*(-?\d+)\s*/Descent\s*(-?\d+)",
        data,
    ):
        if name.endswith((b"Bold", b"Italic", b"Oblique")):
            continue
        up = int(ascent) / 1000 if 0 < int(ascent) < 3000 else _DEFAULT_ASCENT
        down = int(descent) / 1000 if -3000 < int(descent) < 0 else _DEFAULT_DESCENT
        return up - down
    return _DEFAULT_ASCENT - _DEFAULT_DESCENT


def test_the_demo_workbook_prints_readably_on_six_pages(tmp_path: Path) -> None:
    """As a user does it: the demo project, exported from the command line, printed by
    LibreOffice (the one PDF conversion of the suite)."""
    from pyramid_app.cli import main
    from pyramid_app.io.demo import demo_project

    demo, exported = tmp_path / "demo.pyramid", tmp_path / "plan.xlsx"
    assert main(["project", "demo", "-o", str(demo)]) == 0
    assert main(["export", str(demo), "-o", str(exported)]) == 0
    pdf = convert(exported, "pdf", tmp_path / "pdf")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    assert pages <= 6
    if PDFTOTEXT is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: the pages are not read")
    on_pages = [words_of(pdf, page) for page in range(1, pages + 1)]
    firsts = [words[0][2] if words else "" for words in on_pages]
    # The Summary, then the Action plan; the big reference sheets stay off paper.
    assert firsts[0] == "Summary"
    plan_pages = [words for words in on_pages if words and words[0][2] == "Action"]
    assert len(plan_pages) >= 2
    assert not {"Managers", "Touchpoints", "Organisation"} & set(firsts)
    plan_words = [word for words in plan_pages for word in words]
    texts = {text for _w, _h, text in plan_words}
    pieces = {piece for text in texts for piece in text.split("-") if piece}
    # Every header word whole (a wrapped header breaks between words only).
    for header in ("Manager", "Practice", "Commitment", "Serves", "Measure", "Cadence"):
        assert header in texts
    assert {"Due", "date", "Status", "Last", "progress", "note"} <= texts
    assert "Needs" not in texts and "Department" not in texts  # for reference, not printed
    # Rows as tall as their text: every word of every commitment is there, none cut off.
    plan = demo_project(today=dt.date.today()).plan
    for commitment in plan:
        for word in commitment.text.split():
            for piece in word.split("-"):
                assert not piece or piece in pieces, (commitment.id, piece)
    # The body type, once fitted to the page width, at 8 points or more as Excel prints it:
    # its size from the words' boxes, and the face's digits against Calibri's.
    per_point = box_height_per_point(pdf)
    body = sorted(height / per_point for _w, height, _t in plan_words)
    size = body[len(body) // 2]
    years = [width for width, _h, text in plan_words if re.fullmatch(r"20[0-9][0-9]", text)]
    assert years, "no dates printed"
    digit = sorted(years)[len(years) // 2] / 4 / size
    assert size * digit / CALIBRI_DIGIT >= 8.0, (size, digit)
