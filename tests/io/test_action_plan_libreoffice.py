"""The workbook in LibreOffice: saved again by it and read back, and printed to PDF.

Needs ``soffice`` (``apt-get install libreoffice-calc-nogui``); skipped where it is absent, as on
most CI machines. The PDF checks use poppler's ``pdftotext`` when it is there.
"""

from __future__ import annotations

import datetime as dt
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


def test_it_prints_one_page_wide_per_sheet(tmp_path: Path) -> None:
    exported = tmp_path / "plan.xlsx"
    write_action_plan(hotel_project(), exported, today=TODAY, now=EXPORTED)
    pdf = convert(exported, "pdf", tmp_path / "pdf")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    # Summary (one page), Action plan, Managers, Touchpoints, Organisation; the hidden record
    # is not printed. Each fits the page width, so a small plan is one page per sheet.
    assert pages == 5
    if PDFTOTEXT is None:
        return
    text = subprocess.run(
        [PDFTOTEXT, "-layout", str(pdf), "-"], capture_output=True, text=True, timeout=60
    ).stdout
    sheets = text.split("\f")
    plan_page = sheets[1]
    # The first and the last column on the same page: the sheet fits the width.
    assert plan_page.lstrip().startswith("Action plan")
    assert "Commitment" in plan_page and "Needs answered" in plan_page and "C-0004" in plan_page
    assert "Page 2 of 5" in plan_page and "Hotel plan" in plan_page
    assert "Coverage by level" in sheets[0] and "Page 1 of 5" in sheets[0]
