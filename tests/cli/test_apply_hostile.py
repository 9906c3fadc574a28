"""`pyramid-app apply-updates` on returned workbooks that were damaged or tampered with: made for
real (an export, then edited with openpyxl or at the XML level), read through the command line,
each with its message and exit code, and nothing saved lost."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from test_action_plan_cli import HOTEL, ROOT, edit, run

from pyramid_app.cli import main
from pyramid_app.io.project.file import ProjectFile
from pyramid_app.model.plan import Status

ESC = "\x1b"


@pytest.fixture
def planned(
    xlsx_file: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> Path:
    sheet = xlsx_file(name="hotel.xlsx", sheets={"People": HOTEL})
    path = tmp_path / "hotel.pyramid"
    assert main(["project", "new", str(sheet), "-o", str(path)]) == 0
    for options in (
        ["--manager", "A", "--text", "Monthly town hall", "--status", "in progress"],
        ["--manager", "B", "--text", "Coach Di on upsells", "--due", "2027-03-01"],
    ):
        assert main(["plan", "add", str(path), *options]) == 0
    capsys.readouterr()
    return path


@pytest.fixture
def exported(planned: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    output = tmp_path / "plan.xlsx"
    run(capsys, "export", str(planned), "-o", str(output), "--no-picture")
    return output


def stored(path: Path) -> dict[str, tuple[Status, dt.date | None, str]]:
    store, project = ProjectFile.open(path, read_only=True)
    with store:
        return {
            c.id: (c.status, c.due, c.last_note.text if c.last_note else "") for c in project.plan
        }


def rewrite_part(path: Path, part: str, change: Callable[[str], str]) -> None:
    """Edit one XML part of the workbook as text, keeping every other part as it is."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts[part] = change(parts[part].decode("utf-8")).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_escape_sequences_from_cells_never_reach_the_terminal(
    planned: Path, exported: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Excel writes ESC in a cell as _x001B_; the reader decodes it back to the character.
    edit(
        exported,
        {("C-0001", "Status"): "done_x001B_[2J", ("C-0002", "Commitment"): "Coach _x001B_]0;pwn"},
        [{"Manager id": "B_x001B_[31m", "Commitment": "New one"}],
    )
    out = run(capsys, "apply-updates", str(planned), str(exported), "--dry-run")
    assert ESC not in out
    assert "“done\\x1b[2J” is not a status" in out
    assert "no person with id “B\\x1b[31m”" in out
    assert '"Coach ]0;pwn"' in out  # a commitment's text loses what a cell cannot hold


def test_a_version_cell_that_is_no_number_reads_as_the_current_version(
    planned: Path, exported: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for value in ("1E+999", "NaN", "-1E+300"):
        # The cell holds the number as Excel would write it, not text.
        rewrite_part(
            exported,
            "xl/worksheets/sheet6.xml",
            lambda xml, v=value: re.sub(
                r'(<c r="B1"[^>]*?)(?: t="\w+")?>.*?</c>', rf"\1><v>{v}</v></c>", xml, count=1
            ),
        )
        out = run(capsys, "apply-updates", str(planned), str(exported), "--dry-run")
        assert "2 rows read" in out


@pytest.mark.parametrize(
    ("serial", "says"),
    [
        ("60", "1900-02-28 is before 1 March 1900"),
        ("NaN", "1899-12-30 is before 1 March 1900"),
        ("-5", "the cell holds a time of day or a number below 1, not a date"),
    ],
)
def test_date_serials_excel_gets_wrong_are_problems_and_the_due_date_is_kept(
    planned: Path, exported: Path, capsys: pytest.CaptureFixture[str], serial: str, says: str
) -> None:
    workbook = openpyxl.load_workbook(exported)
    sheet = workbook["Action plan"]
    headers = [cell.value for cell in sheet[1]]
    due = sheet.cell(3, headers.index("Due date") + 1)  # C-0002's due date
    letter = due.coordinate
    workbook.save(exported)
    rewrite_part(
        exported,
        "xl/worksheets/sheet2.xml",
        lambda xml: re.sub(
            rf'(<c r="{letter}"[^>]*?)(?: t="\w+")?>.*?</c>', rf"\1><v>{serial}</v></c>", xml
        ),
    )
    out = run(capsys, "apply-updates", str(planned), str(exported))
    assert f"Action plan!{letter}: {says}" in out
    assert stored(planned)["C-0002"][1] == dt.date(2027, 3, 1)


def test_a_cell_longer_than_excel_allows_is_a_problem_not_a_cut(
    planned: Path, exported: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    huge = "Weekly walk with the team. " * 200_000  # 5.4 million characters
    edit(exported, {("C-0001", "Last progress note"): huge}, [])
    out = run(capsys, "apply-updates", str(planned), str(exported))
    # The reading library stops at 32,767 characters, so the rest is unknown: never cut quietly.
    assert "the cell reaches the 32,767 characters an Excel cell can hold" in out
    assert stored(planned)["C-0001"][2] == ""  # no note written, and nothing cut


def test_a_text_the_export_cut_reads_back_unchanged_and_an_edit_of_it_is_refused(
    planned: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    long_text = "Listen first, then act. " * 3_000  # 72,000 characters: cut at the export
    assert main(["plan", "add", str(planned), "--manager", "C", "--text", long_text]) == 0
    capsys.readouterr()
    output = tmp_path / "long.xlsx"
    run(capsys, "export", str(planned), "-o", str(output), "--no-picture")
    untouched = run(capsys, "apply-updates", str(planned), str(output), "--dry-run")
    assert "0 changed commitments" in untouched and "0 problems" in untouched
    workbook = openpyxl.load_workbook(output)
    sheet = workbook["Action plan"]
    cell = next(row[8] for row in sheet.iter_rows(min_row=2) if row[0].value == "C-0003")
    assert "[cut here: " in cell.value
    cell.value = "Hear first, then act. " + cell.value[len("Listen first, then act. ") :]
    workbook.save(output)
    out = run(capsys, "apply-updates", str(planned), str(output))
    assert "is longer than an Excel cell holds, so the export showed only its beginning" in out
    store, project = ProjectFile.open(planned, read_only=True)
    with store:
        assert project.plan["C-0003"].text == long_text.strip()


def test_a_conflict_kept_as_the_apps_is_nothing_to_apply_and_exits_0(
    planned: Path, exported: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["plan", "list", str(planned)]) == 0
    with ProjectFile.open(planned)[0] as store:
        from pyramid_app.model.commands import edit_commitment

        assert store.project is not None
        store.project.execute(edit_commitment(store.project, "C-0001", status="dropped"))
    edit(exported, {("C-0001", "Status"): "done"}, [])
    capsys.readouterr()
    out = run(capsys, "apply-updates", str(planned), str(exported))  # code 0, as run() checks
    assert out.splitlines()[-1] == "nothing to apply (the conflicts keep the app's values)"
    assert stored(planned)["C-0001"][0] is Status.DROPPED


@pytest.mark.parametrize("far", ["XFD1048576", "A1048576"], ids=["far corner", "far down"])
def test_a_stray_cell_far_from_the_plan_is_left_out(
    planned: Path, exported: Path, tmp_path: Path, far: str
) -> None:
    edit(exported, {("C-0001", "Status"): "done"}, [])
    rewrite_part(
        exported,
        "xl/worksheets/sheet2.xml",
        lambda xml: xml.replace(
            "</sheetData>",
            f'<row r="1048576"><c r="{far}" t="inlineStr"><is><t>oops</t></is></c></row>'
            "</sheetData>",
        ),
    )
    # In a process of its own, under a memory limit: the whole rectangle would abort it (far
    # corner) or take 800 MB (far down one column of 17).
    script = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (700_000_000, 700_000_000))\n"
        "from pyramid_app.cli import main\n"
        "raise SystemExit(main(sys.argv[1:]))\n"
    )
    finished = subprocess.run(
        [sys.executable, "-c", script, "apply-updates", str(planned), str(exported)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert finished.returncode == 0, finished.stderr
    assert f"'Action plan'!{far} (\"oops\") was left out" in finished.stdout
    assert stored(planned)["C-0001"][0] is Status.DONE
