"""`pyramid-app coverage` on a real project file made by `pyramid-app project new`."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from on_disk import damaged_copy

from pyramid_app.cli import build_window_parser, main

ROOT = Path(__file__).resolve().parents[2]
# Ann (CEO) <- Bob, Cy, Kim ; Bob <- Di, Ed, Flo ; Cy <- Gil ; Kim <- Lu
HOTEL = [
    ["Employee ID", "Manager ID", "Name", "Title", "Department", "Location"],
    ["A", "", "Ann Archer", "Chief Executive", "Board", "HQ"],
    ["B", "A", "Bob Baker", "Head of Rooms", "Rooms", "HQ"],
    ["C", "A", "Cy Cole", "Head of Kitchen", "Kitchen", "HQ"],
    ["K", "A", "Kim King", "Head of Spa", "Spa", "Spa"],
    ["D", "B", "Di Dunn", "Receptionist", "Rooms", "Lobby"],
    ["E", "B", "Ed Eng", "Receptionist", "Rooms", "Lobby"],
    ["F", "B", "Flo Fox", "Porter", "Rooms", "Lobby"],
    ["G", "C", "Gil Gray", "Chef", "Kitchen", "HQ"],
    ["L", "K", "Lu Lane", "Therapist", "Spa", "Spa"],
]


@pytest.fixture
def project(
    xlsx_file: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> Path:
    sheet = xlsx_file(name="hotel.xlsx", sheets={"People": HOTEL})
    path = tmp_path / "hotel.pyramid"
    assert main(["project", "new", str(sheet), "-o", str(path)]) == 0
    capsys.readouterr()
    return path


@pytest.fixture
def planned(project: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    for options in (
        ["--manager", "A", "--text", "Monthly town hall"],
        ["--manager", "B", "--text", "Coach Di on upsells", "--serves", "D"],
        ["--manager", "C", "--text", "Order better knives", "--due", "2025-02-01"],
        ["--manager", "K", "--text", "Old idea", "--status", "dropped"],
    ):
        assert main(["plan", "add", str(project), *options]) == 0
    capsys.readouterr()
    return project


def coverage(capsys: pytest.CaptureFixture[str], *arguments: str) -> str:
    assert main(["coverage", *arguments]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    return captured.out


def test_the_text_report(planned: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = coverage(capsys, str(planned), "--today", "2025-03-01")
    assert out.splitlines() == [
        f"{planned}: coverage on 2025-03-01",
        "  people 9 · managers 4 · front line 5 · commitments 4 (3 active)",
        "  managers with an active commitment, by level (0 is the bottom):",
        "    LEVEL  MANAGERS  COMMITTED  SHARE",
        "    0             1          1   100%",
        "    1             3          2    67%",
        "  managers: no commitment 1 · planned 2 · in progress 0 · done 0 · overdue 1",
        "  front line served (every manager below them committed): 2 of 5 (40%)",
        "  by department:",
        "    Kitchen  1 of 1  100%",
        "    Rooms    1 of 3   33%",
        "    Spa      0 of 1    0%",
        "  by location:",
        "    HQ     1 of 1  100%",
        "    Lobby  1 of 3   33%",
        "    Spa    0 of 1    0%",
        "  gaps, who to talk to first (front-line people whose chain breaks there):",
        "     1. Bob Baker (B), level 1: 2 front-line people · commitments leave out some reports",
        "     2. Kim King (K), level 1: 1 front-line person · no active commitment",
    ]


def test_json_and_the_day_overdue_is_counted_on(
    planned: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = json.loads(coverage(capsys, str(planned), "--json", "--today", "2025-01-15"))
    after = json.loads(coverage(capsys, str(planned), "--json", "--today", "2025-03-01"))
    assert before["manager_states"]["overdue"] == 0
    assert after["manager_states"]["overdue"] == 1
    assert before["served"] == after["served"] == {"served": 2, "total": 5, "share": 0.4}
    assert after["file"] == str(planned)
    assert after["commitments"] == 4
    assert after["active_commitments"] == 3
    assert after["levels"] == [
        {"level": 0, "managers": 1, "with_active_commitment": 1, "share": 1.0},
        {"level": 1, "managers": 3, "with_active_commitment": 2, "share": pytest.approx(2 / 3)},
    ]
    assert [row["department"] for row in after["served_by_department"]] == [
        "Kitchen",
        "Rooms",
        "Spa",
    ]
    assert after["gaps"][0] == {
        "manager_id": "B",
        "manager_name": "Bob Baker",
        "level": 1,
        "unserved_front_line": 2,
        "has_active_commitment": True,
        "reason": "commitments leave out some reports",
    }


def test_an_empty_plan_and_the_gaps_option(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = coverage(capsys, str(project), "--today", "2025-03-01", "--gaps", "1")
    assert "  front line served (every manager below them committed): 0 of 5 (0%)" in out
    assert out.splitlines()[-1] == (
        "     1. Bob Baker (B), level 1: 3 front-line people · no active commitment"
    )
    assert "Cy Cole" not in out


def test_a_fully_served_plan_has_no_gaps(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for manager in "ABCK":
        assert main(["plan", "add", str(project), "--manager", manager, "--text", "Serve"]) == 0
    capsys.readouterr()
    out = coverage(capsys, str(project))
    assert "2 of 5" not in out
    assert "  front line served (every manager below them committed): 5 of 5 (100%)" in out
    assert out.splitlines()[-1] == "  gaps: none, every front-line person is served"


def test_the_file_is_only_read(planned: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = planned.read_bytes()
    coverage(capsys, str(planned), "--json")
    assert planned.read_bytes() == before


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--today", "1 March"], "--today '1 March' is not a date; write it as YYYY-MM-DD"),
        ([], "is not a Pyramid Planner project"),
    ],
)
def test_bad_input_is_one_line_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], arguments: list[str], message: str
) -> None:
    not_a_project = tmp_path / "notes.pyramid"
    not_a_project.write_text("just some text, long enough to be looked at " * 20)
    assert main(["coverage", str(not_a_project), *arguments]) == 2
    err = capsys.readouterr().err
    assert err.startswith("pyramid-app coverage: ")
    assert message in err
    assert "Traceback" not in err
    assert err.count("\n") == 1


def test_a_damaged_commitment_is_one_line(
    planned: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The commitments are counted as they are read from the file: one that cannot be read
    back is found then, and said in one line."""
    damaged, _number = damaged_copy(planned, tmp_path, "serves", "not a list")
    assert main(["coverage", str(damaged)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("pyramid-app coverage: ") and "damaged" in err
    assert "Traceback" not in err and err.count("\n") == 1


def test_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["coverage", str(tmp_path / "nowhere.pyramid")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("pyramid-app coverage: ")
    assert "nowhere.pyramid" in err


HOLDER = """
import sys
from pyramid_app.io.project.file import ProjectFile
file, project = ProjectFile.open(sys.argv[1], shipped=())
print("holding", flush=True)
sys.stdin.readline()
file.close()
"""


def test_a_project_open_in_a_window_is_reported(
    planned: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(planned)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    ) as holder:
        assert holder.stdout is not None and holder.stdin is not None
        try:
            assert holder.stdout.readline() == "holding\n"
            assert main(["coverage", str(planned)]) == 2
        finally:
            holder.stdin.write("\n")
            holder.stdin.flush()
            holder.wait(timeout=30)
    err = capsys.readouterr().err
    assert err == (
        f"pyramid-app coverage: {planned} is open in another Pyramid Planner window (or another "
        "program is using it); close it there, then open it again.\n"
    )
    coverage(capsys, str(planned))  # and once the window lets go, it reads


def test_window_help_names_the_command() -> None:
    assert "pyramid-app coverage P.pyramid" in (build_window_parser().description or "")
