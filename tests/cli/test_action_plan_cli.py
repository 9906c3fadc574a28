"""`pyramid-app export` and `pyramid-app apply-updates` on a project made by `project new`."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from pyramid_app.cli import main
from pyramid_app.io.project.file import ProjectFile
from pyramid_app.model.plan import Status

ROOT = Path(__file__).resolve().parents[2]
HOTEL = [
    ["Employee ID", "Manager ID", "Name", "Title", "Department", "Location"],
    ["A", "", "Ann Archer", "Chief Executive", "Board", "HQ"],
    ["B", "A", "Bob Baker", "Head of Rooms", "Rooms", "HQ"],
    ["C", "A", "Cy Cole", "Head of Kitchen", "Kitchen", "HQ"],
    ["K", "A", "Kim King", "Head of Spa", "Spa", "Spa"],
    ["D", "B", "Di Dunn", "Receptionist", "Rooms", "Lobby"],
    ["E", "B", "Ed Eng", "Receptionist", "Rooms", "Lobby"],
    ["G", "C", "Gil Gray", "Chef", "Kitchen", "HQ"],
    ["L", "K", "Lu Lane", "Therapist", "Spa", "Spa"],
]


@pytest.fixture
def planned(
    xlsx_file: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> Path:
    sheet = xlsx_file(name="hotel.xlsx", sheets={"People": HOTEL})
    path = tmp_path / "hotel.pyramid"
    assert main(["project", "new", str(sheet), "-o", str(path)]) == 0
    for options in (
        ["--manager", "A", "--text", "Monthly town hall", "--status", "in progress"],
        ["--manager", "B", "--text", "=Coach Di on upsells", "--serves", "D"],
        ["--manager", "C", "--text", "Order better knives", "--due", "2025-02-01"],
    ):
        assert main(["plan", "add", str(path), *options]) == 0
    capsys.readouterr()
    return path


def run(capsys: pytest.CaptureFixture[str], *arguments: str, code: int = 0) -> str:
    assert main(list(arguments)) == code
    captured = capsys.readouterr()
    if code == 0:
        assert captured.err == ""
        return captured.out
    return captured.err


def edit(
    path: Path, changes: dict[tuple[str, str], object], new_rows: list[dict[str, object]]
) -> None:
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Action plan"]
    headers = [cell.value for cell in sheet[1]]
    rows = {sheet.cell(row, 1).value: row for row in range(2, sheet.max_row + 1)}
    for (commitment_id, header), value in changes.items():
        sheet.cell(rows[commitment_id], headers.index(header) + 1).value = value
    for values in new_rows:
        row = sheet.max_row + 1
        for header, value in values.items():
            sheet.cell(row, headers.index(header) + 1).value = value
    workbook.save(path)


def test_export_without_the_picture(
    planned: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "plan.xlsx"
    out = run(
        capsys, "export", str(planned), "-o", str(output), "--today", "2025-03-01", "--no-picture"
    )
    assert out.startswith(
        f"saved {output}: 3 commitments by 3 of 4 managers, 8 people, without a picture"
    )
    sheet = openpyxl.load_workbook(output)["Action plan"]
    assert sheet["I3"].value == "=Coach Di on upsells" and sheet["I3"].data_type == "s"
    with zipfile.ZipFile(output) as archive:
        assert not [name for name in archive.namelist() if name.startswith("xl/media/")]


def test_export_with_the_picture_drawn_offscreen(
    planned: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], qapp: object
) -> None:
    output = tmp_path / "plan.xlsx"
    out = run(capsys, "export", str(planned), "-o", str(output), "--today", "2025-03-01")
    assert "with the pyramid picture" in out.splitlines()[0]
    with zipfile.ZipFile(output) as archive:
        media = [name for name in archive.namelist() if name.startswith("xl/media/")]
        assert len(media) == 1 and archive.read(media[0]).startswith(b"\x89PNG")


def test_export_to_a_missing_folder_says_so(
    planned: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "nowhere" / "plan.xlsx"
    err = run(capsys, "export", str(planned), "-o", str(target), "--no-picture", code=2)
    assert err.startswith("pyramid-app export: The folder") and "does not exist" in err
    err = run(capsys, "export", str(planned), "-o", "x.xlsx", "--today", "soon", code=2)
    assert "--today 'soon' is not a date" in err


def test_apply_updates_dry_run_then_for_real(
    planned: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "plan.xlsx"
    run(capsys, "export", str(planned), "-o", str(output), "--no-picture")
    edit(
        output,
        {("C-0001", "Status"): "done", ("C-0003", "Status"): "finished"},
        [{"Manager id": "K", "Commitment": "Walk the spa floor weekly"}],
    )
    out = run(capsys, "apply-updates", str(planned), str(output), "--dry-run")
    lines = out.splitlines()
    assert lines[0].startswith('plan.xlsx (sheet "Action plan", exported ')
    assert lines[1] == (
        "  4 rows read: 1 changed commitment, 1 new, 0 missing, 0 conflicts, 1 problem"
    )
    assert '    C-0001 (row 2): status "in progress" -> "done"' in lines
    assert '    row 5: Kim King (K): "Walk the spa floor weekly"' in lines
    assert any("Action plan!N4: “finished” is not a status" in line for line in lines)
    assert lines[-1] == "dry run: nothing was changed"
    with ProjectFile.open(planned, read_only=True)[0] as store:
        assert store.project is not None and len(store.project.plan) == 3

    out = run(capsys, "apply-updates", str(planned), str(output))
    assert out.splitlines()[-1] == (
        "done: Import plan updates from plan.xlsx (1 changed commitment, 1 new)"
    )
    store, project = ProjectFile.open(planned, read_only=True)
    with store:
        assert project.plan["C-0001"].status is Status.DONE
        assert project.plan["C-0004"].text == "Walk the spa floor weekly"
        assert store.history(1)[0].label.startswith("Import plan updates from plan.xlsx")

    again = run(capsys, "apply-updates", str(planned), str(output))
    assert again.splitlines()[-1] == "nothing to apply"


def test_conflicts_and_missing_rows_as_asked(
    planned: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "plan.xlsx"
    run(capsys, "export", str(planned), "-o", str(output), "--no-picture")
    with ProjectFile.open(planned)[0] as store:
        from pyramid_app.model.commands import edit_commitment

        assert store.project is not None
        store.project.execute(edit_commitment(store.project, "C-0001", status="dropped"))
    edit(output, {("C-0001", "Status"): "done"}, [])
    workbook = openpyxl.load_workbook(output)
    workbook["Action plan"].delete_rows(4)  # C-0003
    workbook.save(output)
    out = run(capsys, "apply-updates", str(planned), str(output), "--dry-run")
    assert '    C-0001 (row 2): status: app "dropped", workbook "done"' in out.splitlines()
    assert "missing from the workbook (1; kept unless --delete-missing):" in out
    run(
        capsys,
        "apply-updates",
        str(planned),
        str(output),
        "--conflicts",
        "workbook",
        "--delete-missing",
    )
    store, project = ProjectFile.open(planned, read_only=True)
    with store:
        assert project.plan["C-0001"].status is Status.DONE
        assert "C-0003" not in project.plan


def test_apply_updates_refuses_what_is_not_an_action_plan(
    planned: Path, xlsx_file: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    other = xlsx_file(name="org.xlsx", sheets={"People": HOTEL})
    err = run(capsys, "apply-updates", str(planned), str(other), code=2)
    assert err.startswith(
        "pyramid-app apply-updates: org.xlsx is not a Pyramid Planner action plan"
    )


BLOCKED_QT = textwrap.dedent(
    """
    import sys
    class BlockQt:
        def find_spec(self, name, path=None, target=None):
            if name.split('.')[0] in ('PySide6', 'shiboken6', 'pyqtgraph'):
                raise ImportError(f'{{name}} is blocked for this test')
            return None
    sys.meta_path.insert(0, BlockQt())
    from pyramid_app.cli import main
    code = main(['export', {project!r}, '-o', {output!r}, '--today', '2025-03-01'])
    print('loaded:', sorted(m for m in sys.modules if m.startswith(('PySide6', 'pyqtgraph'))))
    sys.exit(code)
    """
)


def test_export_runs_without_qt_and_leaves_the_picture_out(planned: Path, tmp_path: Path) -> None:
    output = tmp_path / "plan.xlsx"
    script = BLOCKED_QT.format(project=str(planned), output=str(output))
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    assert "the picture was left out" in done.stderr
    assert "without a picture" in done.stdout and "loaded: []" in done.stdout
    assert output.is_file()


def test_the_message_counts_the_managers_who_committed(
    planned: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["plan", "add", str(planned), "--manager", "A", "--text", "Visit each hotel"]) == 0
    capsys.readouterr()
    output = tmp_path / "plan.xlsx"
    out = run(capsys, "export", str(planned), "-o", str(output), "--no-picture")
    # Four commitments, but only three of the four managers made them.
    assert out.startswith(f"saved {output}: 4 commitments by 3 of 4 managers, 8 people")


def test_an_error_in_a_cell_is_a_problem_and_the_field_keeps_its_value(
    planned: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "plan.xlsx"
    run(capsys, "export", str(planned), "-o", str(output), "--no-picture")
    # What Excel writes for a formula whose reference was deleted, or a division by nothing:
    # openpyxl stores these texts as error cells (t="e"), as Excel does.
    edit(
        output,
        {
            ("C-0003", "Due date"): "#REF!",
            ("C-0001", "Status"): "#N/A",
            ("C-0001", "Commitment"): "Monthly town hall, open to all",
        },
        [{"Manager id": "K", "Commitment": "Walk the spa floor", "Due date": "#DIV/0!"}],
    )
    with zipfile.ZipFile(output) as archive:
        assert b't="e"' in archive.read("xl/worksheets/sheet2.xml")
    out = run(capsys, "apply-updates", str(planned), str(output))
    lines = out.splitlines()
    assert any(
        line.strip().startswith("Action plan!M4: the cell shows the error #REF!")
        and "the due date of C-0003 was kept as it is" in line
        for line in lines
    ), out
    assert any("Action plan!N2: the cell shows the error #N/A" in line for line in lines), out
    assert any(
        "the cell shows the error #DIV/0!" in line and "the row was left out" in line
        for line in lines
    ), out
    store, project = ProjectFile.open(planned, read_only=True)
    with store:
        assert project.plan["C-0003"].due == dt.date(2025, 2, 1)  # kept, not taken away
        assert project.plan["C-0001"].status is Status.IN_PROGRESS
        assert project.plan["C-0001"].text == "Monthly town hall, open to all"  # read as usual
        assert len(project.plan) == 3  # the new row with an error was left out


def test_a_workbook_from_another_project_is_refused_even_under_the_same_name(
    planned: Path,
    xlsx_file: Callable[..., Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # A second project made from the same HR file: same name, same people, its own plan.
    twin = tmp_path / "twin" / "hotel.pyramid"
    twin.parent.mkdir()
    sheet = xlsx_file(name="hotel.xlsx", sheets={"People": HOTEL})
    assert main(["project", "new", str(sheet), "-o", str(twin)]) == 0
    for text in ("Walk the floor", "Fix the rota", "Open the books"):
        assert main(["plan", "add", str(twin), "--manager", "A", "--text", text]) == 0
    capsys.readouterr()
    output = tmp_path / "plan.xlsx"
    run(capsys, "export", str(planned), "-o", str(output), "--no-picture")
    edit(output, {("C-0001", "Status"): "done", ("C-0002", "Status"): "dropped"}, [])

    error = run(capsys, "apply-updates", str(twin), str(output), code=2)
    assert "plan.xlsx was exported from the project “hotel”" in error
    assert "not from this one (“hotel”)" in error
    assert "Open that project and import the plan updates there" in error
    store, project = ProjectFile.open(twin, read_only=True)
    with store:
        assert [c.status for c in project.plan] == [Status.PLANNED] * 3  # nothing written

    # The project it came from reads it as always.
    out = run(capsys, "apply-updates", str(planned), str(output))
    assert out.splitlines()[-1].startswith("done: Import plan updates from plan.xlsx")


def test_an_export_made_before_identities_still_reads(
    planned: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "plan.xlsx"
    run(capsys, "export", str(planned), "-o", str(output), "--no-picture")
    workbook = openpyxl.load_workbook(output)
    record = workbook["Export record"]
    rows = [row[0].row for row in record.iter_rows() if row[0].value == "Project identity"]
    assert len(rows) == 1 and len(str(record.cell(rows[0], 2).value)) == 32
    record.delete_rows(rows[0])  # as an export of an earlier version wrote it
    workbook.save(output)
    edit(output, {("C-0001", "Status"): "done"}, [])
    out = run(capsys, "apply-updates", str(planned), str(output))
    assert out.splitlines()[-1] == (
        "done: Import plan updates from plan.xlsx (1 changed commitment)"
    )


def _sheet_values(path: Path) -> dict[str, list[tuple[object, ...]]]:
    workbook = openpyxl.load_workbook(path)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook}


def test_the_picture_drawn_before_the_plan_is_read_leaves_every_figure_as_without_it(
    planned: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], qapp: object
) -> None:
    """With a picture, coverage is counted from the commitments as they are read and the plan
    read whole after the drawing: every sheet holds what the export without a picture writes."""
    drawn, plain = tmp_path / "drawn.xlsx", tmp_path / "plain.xlsx"
    common = ["--today", "2025-03-01"]
    assert "with the pyramid picture" in run(
        capsys, "export", str(planned), "-o", str(drawn), *common
    )
    run(capsys, "export", str(planned), "-o", str(plain), *common, "--no-picture")
    with_picture, without = _sheet_values(drawn), _sheet_values(plain)
    assert with_picture.keys() == without.keys()
    # The record, and the Summary's line of when, are stamped with each export's own second.
    stamp = "Exported (UTC)"
    for title in with_picture:
        if title != "Export record":
            drawn_rows = [row for row in with_picture[title] if row[0] != stamp]
            plain_rows = [row for row in without[title] if row[0] != stamp]
            assert drawn_rows == plain_rows, title
    assert [row[0] for row in with_picture["Summary"]].count(stamp) == 1
    managers = dict((row[0], row) for row in with_picture["Managers"][1:] if row[0])
    assert {"A", "B", "C", "K"} <= managers.keys()


@pytest.mark.parametrize("picture", [[], ["--no-picture"]])
def test_export_of_a_plan_with_a_damaged_commitment_says_so(
    planned: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    qapp: object,
    picture: list[str],
) -> None:
    import sqlite3

    with sqlite3.connect(planned) as connection:
        connection.execute("UPDATE commitment SET status = 'maybe' WHERE id = 'C-0002'")
    connection.close()
    output = tmp_path / "plan.xlsx"
    err = run(capsys, "export", str(planned), "-o", str(output), *picture, code=2)
    assert "damaged" in err and "C-0002" in err and "Traceback" not in err
    assert not output.exists()
