"""`pyramid-app project new|info|update` and `pyramid-app plan add|list` on real files."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from pyramid_app.cli import build_window_parser, main
from pyramid_app.io.project.file import ProjectFile
from pyramid_app.model.plan import Commitment
from spreadsheets import write_csv

HEADER = ["Employee ID", "Manager ID", "Name", "Title", "Department"]
# Ann (CEO) <- Bob, Cy, Kim ; Bob <- Di, Ed, Flo ; Cy <- Gil ; Kim <- Lu
JANUARY = [
    HEADER,
    ["A", "", "Ann Archer", "Chief Executive", "Board"],
    ["B", "A", "Bob Baker", "Head of Rooms", "Rooms"],
    ["C", "A", "Cy Cole", "Head of Kitchen", "Kitchen"],
    ["K", "A", "Kim King", "Head of Spa", "Spa"],
    ["D", "B", "Di Dunn", "Receptionist", "Rooms"],
    ["E", "B", "Ed Eng", "Receptionist", "Rooms"],
    ["F", "B", "Flo Fox", "Porter", "Rooms"],
    ["G", "C", "Gil Gray", "Chef", "Kitchen"],
    ["L", "K", "Lu Lane", "Therapist", "Spa"],
]
# March: Kim left (Lu reports to Ann), Flo moved to Ann, Gil to Bob (Cy has no one), Hal joined,
# Ed was promoted.
MARCH = [
    HEADER,
    ["A", "", "Ann Archer", "Chief Executive", "Board"],
    ["B", "A", "Bob Baker", "Head of Rooms", "Rooms"],
    ["C", "A", "Cy Cole", "Head of Kitchen", "Kitchen"],
    ["D", "B", "Di Dunn", "Receptionist", "Rooms"],
    ["E", "B", "Ed Eng", "Head Receptionist", "Rooms"],
    ["F", "A", "Flo Fox", "Porter", "Rooms"],
    ["G", "B", "Gil Gray", "Chef", "Kitchen"],
    ["H", "A", "Hal Hunt", "Concierge", "Rooms"],
    ["L", "A", "Lu Lane", "Therapist", "Spa"],
]
CUSTOMERS = [["Segment"], ["Guests"], ["Companies"]]


@pytest.fixture
def january(xlsx_file: Callable[..., Path]) -> Path:
    return xlsx_file(name="hr_january.xlsx", sheets={"People": JANUARY, "Customers": CUSTOMERS})


@pytest.fixture
def march(xlsx_file: Callable[..., Path]) -> Path:
    return xlsx_file(name="hr_march.xlsx", sheets={"People": MARCH})


@pytest.fixture
def project(january: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "hotel.pyramid"
    assert main(["project", "new", str(january), "-o", str(path)]) == 0
    capsys.readouterr()
    return path


def add(project: Path, capsys: pytest.CaptureFixture[str], *options: str) -> str:
    assert main(["plan", "add", str(project), *options]) == 0
    return capsys.readouterr().out


def commitments_in(path: Path) -> dict[str, Commitment]:
    store, opened = ProjectFile.open(path, read_only=True)
    try:
        return dict(opened.plan.commitments)
    finally:
        store.close()


# -- project new ---------------------------------------------------------------------------


def test_new_imports_and_prints_a_summary(
    january: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "hotel.pyramid"
    assert main(["project", "new", str(january), "-o", str(path)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f'created {path} from hr_january.xlsx, sheet "People"',
        "  people 9 · levels 3 · front line 5 · managers 4",
        "  customers: Guests, Companies",
    ]
    store, opened = ProjectFile.open(path, read_only=True)
    try:
        assert opened.chart.ids == [row[0] for row in JANUARY[1:]]
        assert opened.customers == ["Guests", "Companies"]
    finally:
        store.close()


def test_new_refuses_an_existing_file_without_force(
    project: Path, january: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add(project, capsys, "--manager", "B", "--text", "Weekly huddle")
    assert main(["project", "new", str(january), "-o", str(project)]) == 2
    assert "already exists; add --force" in capsys.readouterr().err
    assert list(commitments_in(project)) == ["C-0001"]  # the old project is untouched
    assert main(["project", "new", str(january), "-o", str(project), "--force"]) == 0
    assert commitments_in(project) == {}


def test_new_reports_an_unreadable_spreadsheet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "not_a_sheet.xlsx"
    bad.write_bytes(b"this is no workbook")
    output = tmp_path / "x.pyramid"
    assert main(["project", "new", str(bad), "-o", str(output)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("pyramid-app project new: ")
    assert "not_a_sheet.xlsx" in err
    assert "Traceback" not in err
    assert not output.exists()


def test_new_with_column_options(
    xlsx_file: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [["Person", "Boss", "Who"], ["1", "", "Ann"], ["2", "1", "Bob"]]
    sheet = xlsx_file(name="odd.xlsx", sheets={"Staff": rows, "Other": [["x"], ["y"]]})
    path = tmp_path / "odd.pyramid"
    options = ["--sheet", "Staff", "--id", "Person", "--manager", "B", "--name", "Who"]
    assert main(["project", "new", str(sheet), "-o", str(path), *options]) == 0
    assert "people 2 · levels 2" in capsys.readouterr().out


# -- plan add ------------------------------------------------------------------------------


def test_add_prints_only_the_id_and_the_commitment_is_saved(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert add(project, capsys, "--manager", "B", "--text", "Weekly huddle") == "C-0001\n"
    out = add(
        project,
        capsys,
        "--manager", "B",
        "--text", "Coach Di and Flo on complaints",
        "--practice", "Get it done",
        "--serves", "D, F",
        "--measure", "complaints closed in a day",
        "--cadence", "fortnightly",
        "--due", "2025-06-30",
        "--status", "in-progress",
    )  # fmt: skip
    assert out == "C-0002\n"
    saved = commitments_in(project)["C-0002"]
    assert saved.serves == ("D", "F")
    assert saved.due == dt.date(2025, 6, 30)
    assert saved.status.value == "in progress"
    assert saved.practice == "Get it done"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--manager", "Q", "--text", "x"], "there is no person with id 'Q'"),
        (["--manager", "D", "--text", "x"], "Di Dunn (D) has no direct reports"),
        (["--manager", "B", "--text", "x", "--due", "30/06/2025"], "is not a date"),
        (["--manager", "B", "--text", "x", "--status", "soon"], "is not a status"),
        (["--manager", "B", "--text", "x", "--serves", "D,G"], "'G' is not a direct report"),
        (["--manager", "B", "--text", "  "], "needs some text"),
    ],
)
def test_add_refuses_bad_input_with_a_clear_message(
    project: Path, capsys: pytest.CaptureFixture[str], options: list[str], message: str
) -> None:
    assert main(["plan", "add", str(project), *options]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert message in captured.err
    assert "Traceback" not in captured.err
    assert commitments_in(project) == {}


def test_add_refuses_files_that_are_not_projects(
    tmp_path: Path, january: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for path in (january, tmp_path / "missing.pyramid"):
        assert main(["plan", "add", str(path), "--manager", "B", "--text", "x"]) == 2
        captured = capsys.readouterr()
        assert captured.out == ""
        assert captured.err.startswith("pyramid-app plan add: ")
        assert "Traceback" not in captured.err


def test_add_refuses_a_project_from_a_newer_version(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with contextlib.closing(sqlite3.connect(project)) as connection, connection:
        connection.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    assert main(["plan", "add", str(project), "--manager", "B", "--text", "x"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "made by a newer Pyramid Planner" in captured.err
    assert main(["project", "info", str(project)]) == 2
    assert "made by a newer Pyramid Planner" in capsys.readouterr().err


def test_add_refuses_a_project_open_elsewhere(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store, _opened = ProjectFile.open(project)
    try:
        assert main(["plan", "add", str(project), "--manager", "B", "--text", "x"]) == 2
        captured = capsys.readouterr()
        assert captured.out == ""
        assert "pyramid-app plan add: " in captured.err
    finally:
        store.close()
    assert add(project, capsys, "--manager", "B", "--text", "x") == "C-0001\n"


def test_add_in_a_real_process_prints_an_id_that_is_already_saved(project: Path) -> None:
    command = [
        sys.executable, "-m", "pyramid_app", "plan", "add", str(project),
        "--manager", "C", "--text", "Taste every new dish with the chefs",
    ]  # fmt: skip
    with subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        text=True,
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        printed = process.stdout.readline()
        # Killed the moment it has spoken: nothing it might do after printing (closing the
        # file) may be needed for the commitment to be there.
        process.kill()
        process.wait(timeout=60)
        problems = process.stderr.read()
    assert printed == "C-0001\n", problems
    saved = commitments_in(project)["C-0001"]
    assert saved.text == "Taste every new dish with the chefs"


# -- plan list -----------------------------------------------------------------------------


def test_list_table_and_json(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    add(project, capsys, "--manager", "B", "--text", "Weekly huddle", "--due", "2025-04-01")
    long_text = "Hold a thirty-minute one-to-one with each report every two weeks, no excuses"
    add(project, capsys, "--manager", "C", "--text", long_text, "--practice", "Leadership")
    assert main(["plan", "list", str(project)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["ID", "MANAGER", "STATUS", "DUE", "PRACTICE", "COMMITMENT"]
    assert lines[1].split()[:6] == ["C-0001", "Bob", "Baker", "(B)", "planned", "2025-04-01"]
    assert "Cy Cole (C)" in lines[2]
    assert lines[2].endswith("…")
    assert long_text not in lines[2]
    assert lines[-1] == "2 commitments"

    assert main(["plan", "list", str(project), "--json", "--manager", "C"]) == 0
    document = json.loads(capsys.readouterr().out)
    (only,) = document["commitments"]
    assert only["id"] == "C-0002"
    assert only["manager_name"] == "Cy Cole"
    assert only["text"] == long_text
    assert only["serves"] == "all"
    assert only["due"] is None
    assert only["status"] == "planned"
    assert only["flags"] == []


def test_list_unknown_manager(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", "list", str(project), "--manager", "Q"]) == 2
    assert "no person with id 'Q'" in capsys.readouterr().err


# -- project update and info ---------------------------------------------------------------


def plan_for_update(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    add(project, capsys, "--manager", "B", "--text", "Coach Di and Flo", "--serves", "D,F")
    add(project, capsys, "--manager", "C", "--text", "Taste every new dish")
    add(project, capsys, "--manager", "K", "--text", "Weekly spa huddle")
    add(project, capsys, "--manager", "B", "--text", "Fortnightly one-to-ones")


def test_update_dry_run_changes_nothing(
    project: Path, march: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan_for_update(project, capsys)
    before = project.read_bytes()
    assert main(["project", "update", str(project), str(march), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "1 joiner, 1 leaver, 3 moves, 1 changed detail" in out
    assert "+ Hal Hunt (H), reports to Ann Archer (A)" in out
    assert "- Kim King (K)" in out
    assert "Flo Fox (F): Bob Baker (B) -> Ann Archer (A)" in out
    assert 'Ed Eng (E): title "Receptionist" -> "Head Receptionist"' in out
    assert "C-0001 of Bob Baker (B): serves Flo Fox (F), who now reports to Ann Archer (A)" in out
    assert "C-0002 of Cy Cole (C): Cy Cole (C) has no direct reports now" in out
    assert "C-0003 of Kim King (K): owner Kim King (K) left the organisation" in out
    assert out.rstrip().endswith("dry run: nothing was changed")
    assert project.read_bytes() == before


def test_update_applies_as_one_step_and_info_shows_flags(
    project: Path, march: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan_for_update(project, capsys)
    assert main(["project", "update", str(project), str(march)]) == 0
    out = capsys.readouterr().out
    assert (
        "done: Update organisation from hr_march.xlsx "
        "(1 joiner, 1 leaver, 3 moves, 1 changed detail); every commitment was kept"
    ) in out

    store, opened = ProjectFile.open(project, read_only=True)
    try:
        assert "H" in opened.chart.ids
        assert "K" not in opened.chart.ids
        assert opened.source.file_name == "hr_march.xlsx"
        assert opened.customers == ["Guests", "Companies"]  # March has no Customers sheet
        assert sorted(opened.plan.commitments) == ["C-0001", "C-0002", "C-0003", "C-0004"]
    finally:
        store.close()

    assert main(["project", "info", str(project), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["people"] == 9
    assert info["source"]["file"] == "hr_march.xlsx"
    assert info["source"]["sheet"] == "People"
    assert info["commitments"]["total"] == 4
    assert info["commitments"]["by_status"]["planned"] == 4
    assert info["flags"]["commitments"] == 3
    assert info["history"][0]["label"].startswith("Update organisation from hr_march.xlsx")

    assert main(["plan", "list", str(project)]) == 0
    listing = capsys.readouterr().out
    assert "! owner K left the organisation" in listing
    assert "! Cy Cole (C) has no direct reports now" in listing
    assert listing.splitlines()[-1] == "4 commitments, 3 flagged"


# A summary block over the real header: searching finds the summary's row 1 first.
SUMMARY_ABOVE = [
    ["Employee ID", "Manager ID", "Name"],
    ["total", "", "3 people"],
    [],
    ["Badge", "Boss", "Name"],
    ["a1", "", "Ann"],
    ["b2", "a1", "Bob"],
    ["c3", "a1", "Cy"],
]


def test_update_reads_the_kept_sheet_and_header_row(
    xlsx_file: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The project was read from sheet "Staff", header on row 4, ids in "Badge": the update reads
    the newer file the same way although another sheet and an earlier row look likelier."""
    first = xlsx_file(
        name="staff_may.xlsx", sheets={"Notes": [["x"], ["y"]], "Staff": SUMMARY_ABOVE}
    )
    path = tmp_path / "staff.pyramid"
    options = ["--sheet", "Staff", "--header-row", "4", "--id", "Badge", "--manager", "Boss"]
    assert main(["project", "new", str(first), "-o", str(path), *options]) == 0
    capsys.readouterr()
    later = [*SUMMARY_ABOVE, ["d4", "b2", "Di"]]
    newer = xlsx_file(
        name="staff_june.xlsx",
        sheets={"Overview": [["Employee ID", "Name"], ["1", "x"], ["2", "y"]], "Staff": later},
    )
    assert main(["project", "update", str(path), str(newer), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "1 joiner, 0 leavers, 0 moves" in out and "+ Di (d4), reports to Bob (b2)" in out

    gone = xlsx_file(
        name="staff_july.xlsx",
        sheets={"Staff": [["Person", "Boss", "Name"], ["a1", "", "Ann"], ["b2", "a1", "Bob"]]},
    )
    assert main(["project", "update", str(path), str(gone)]) == 2
    err = capsys.readouterr().err
    assert "staff_july.xlsx has no column 'Badge' (id)" in err
    assert "--id" in err and "Traceback" not in err
    # A column named on the command line wins over the kept one.
    assert main(["project", "update", str(path), str(gone), "--id", "Person", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "0 joiners, 1 leaver, 0 moves" in out and "- Cy (c3)" in out


def test_info_text(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    add(project, capsys, "--manager", "B", "--text", "Weekly huddle", "--practice", "Leadership")
    assert main(["project", "info", str(project)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == str(project)
    assert out[1] == "  people 9 · managers 4 · levels 3"
    assert out[2].startswith('  source: hr_january.xlsx, sheet "People", header on row 1, ')
    assert 'id: "Employee ID"' in out[3]
    assert "  commitments 1: planned 1 · in progress 0 · done 0 · dropped 0" in out
    assert "  by practice: Leadership 1" in out
    assert "  flags: none, every commitment fits the organisation" in out
    assert any(line.endswith("Add commitment for Bob Baker") for line in out)


def test_window_help_names_the_new_commands() -> None:
    description = build_window_parser().description or ""
    for command in ("project new", "project info", "project update", "plan add", "plan list"):
        assert command in description


@pytest.mark.parametrize("command", [["project", "new"], ["validate"]])
def test_a_header_row_below_1_is_refused_by_every_import(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    sheet = write_csv(tmp_path / "org.csv", [["ID", "Manager"], ["A", ""]])
    extra = ["-o", str(tmp_path / "p.pyramid")] if command[0] == "project" else []
    with pytest.raises(SystemExit) as stopped:
        main([*command, str(sheet), "--header-row", "0", *extra])
    assert stopped.value.code == 2
    assert "'0' is not a row number (1 or more)" in capsys.readouterr().err
