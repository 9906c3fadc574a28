"""`pyramid-app results import`, `target set|list|remove` and `progress` on real project files:
what they print, what they save, and the one line and exit code 2 of everything refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from progress_samples import Clock, hotel, hotel_edits

from pyramid_app.cli import main
from pyramid_app.io.project.file import ProjectFile

TODAY = "2025-02-03"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The hotel group (tests/progress_samples.py) saved with its edits on chosen days."""
    clock = Clock()
    made = hotel()
    path = tmp_path / "hotel.pyramid"
    file = ProjectFile.create(path, made, clock=clock)
    hotel_edits(made, clock)
    file.close()
    return path


def run(capsys: pytest.CaptureFixture[str], *arguments: str, code: int = 0) -> str:
    assert main(list(arguments)) == code
    captured = capsys.readouterr()
    if code:
        assert captured.out == ""
        assert captured.err.count("\n") == 1, captured.err
        assert "Traceback" not in captured.err
        return captured.err
    assert captured.err == ""
    return captured.out


def test_progress_tells_every_measure_against_its_target(project: Path, capsys):
    out = run(capsys, "progress", str(project), "--today", TODAY)
    assert out.splitlines()[:2] == [
        f"{project}: progress on {TODAY}, a point a week since 2025-01-06 (5 points)",
        "  commitments made 2 and done 0 over that time",
    ]
    assert "Front line served (plan)" in out
    assert "  the whole organisation: 0% now · target at least 75% by 2025-06-30: missed" in out
    weeks = "2025-01-06 0% · 2025-01-13 0% · 2025-01-20 50% · 2025-01-27 50% · 2025-02-03 0%"
    assert f"    last 5 weeks: {weeks}" in out
    assert "  segment Guests: 0% now · target at least 50%: missed" in out
    assert "    now by level: level 0 1 of 1 · level 1 0 of 2" in out
    assert "Guest satisfaction (results)" in out
    assert "  location Lisbon: 8.4 in 2025-01 · target at least 8.5: close" in out
    assert (
        "    first commitment 2025-01-08: mean before 7.7 (2 periods), since 8.4 (1 periods), "
        "+0.7, better" in out
    )


def test_progress_as_json(project: Path, capsys):
    document = json.loads(run(capsys, "progress", str(project), "--today", TODAY, "--json"))
    assert document["days"] == ["2025-01-06", "2025-01-13", "2025-01-20", "2025-01-27", TODAY]
    measures = {m["measure"]: m for m in document["measures"]}
    served = measures["front-line-served"]["units"][0]
    assert [point["value"] for point in served["series"]] == [0, 0, 0.5, 0.5, 0]
    assert served["target"] == {"value": 0.75, "lower_is_better": False, "by": "2025-06-30"}
    assert served["met"] is False
    needs = {unit["label"]: unit for unit in measures["must-needs-answered"]["units"]}
    assert [p["value"] for p in needs["segment Guests"]["series"]] == [0, 0, 0.5, 0.5, 0]
    lisbon = measures["Guest satisfaction"]["units"][0]
    assert lisbon["unit"] == {"kind": "location", "name": "Lisbon"}
    assert lisbon["latest"] == 8.4 and lisbon["latest_at"] == "2025-01"
    assert lisbon["before_after"]["before"] == pytest.approx(7.7)
    assert lisbon["before_after"]["improved"] is True
    assert [m["on"] for m in document["marks"]] == ["2025-01-08", "2025-01-15"]
    assert document["managers_by_level"][1] == {
        "level": 1,
        "managers": 2,
        "with_active": [0, 0, 1, 1, 0],
    }


def test_progress_since_a_day(project: Path, capsys):
    document = json.loads(
        run(capsys, "progress", str(project), "--today", TODAY, "--since", "2025-01-20", "--json")
    )
    assert document["days"] == ["2025-01-20", "2025-01-27", TODAY]


@pytest.mark.parametrize(
    ("arguments", "words"),
    [
        (["--today", "yesterday"], "--today 'yesterday' is not a date"),
        (["--since", "2026-01-01", "--today", TODAY], "is after the last day"),
    ],
)
def test_progress_refuses_bad_days(project: Path, capsys, arguments: list[str], words: str):
    err = run(capsys, "progress", str(project), *arguments, code=2)
    assert words in err


def test_a_missing_project_is_one_line(tmp_path: Path, capsys):
    err = run(capsys, "progress", str(tmp_path / "nowhere.pyramid"), code=2)
    assert "nowhere.pyramid" in err


def test_results_import_dry_run_then_for_real(project: Path, tmp_path: Path, capsys):
    sheet = tmp_path / "february.csv"
    sheet.write_text(
        "Month,Hotel,Measure,Value\n"
        "2025-01,Lisbon,Guest satisfaction,8.5\n"  # corrected
        "2025-02,Lisbon,Guest satisfaction,8.6\n"
        "2025-02,Porto,Guest satisfaction,7.9\n"
        "2025-02,Faro,Guest satisfaction,9.0\n"  # unknown
        "sometime,Porto,Complaints,3\n"
        "2025-02,Porto,Complaints,lots\n",
        encoding="utf-8",
    )
    before = project.read_bytes()
    out = run(capsys, "results", "import", str(project), str(sheet), "--dry-run")
    assert out.splitlines() == [
        'february.csv (header on line 1: period "Month", unit "Hotel", measure "Measure", '
        'value "Value"):',
        "  3 results read, 3 lines with problems; 2 new, 1 corrected",
        "  new periods: 2025-02",
        "  corrected (1):",
        "    Guest satisfaction · location Lisbon · 2025-01: 8.4 -> 8.5",
        "  units the project does not know (their rows are left out):",
        "    'Faro': 1 line",
        "  problems (3; those cells or rows were left out):",
        "    line 5: the unit 'Faro' is not a department, a location, a customer segment or a "
        "touchpoint of Hotel",
        "    line 6: the period 'sometime' is not a month, a week or a date",
        "    line 7: the value 'lots' is not a number",
        "dry run: nothing was changed",
    ]
    assert project.read_bytes() == before
    out = run(capsys, "results", "import", str(project), str(sheet))
    assert out.splitlines()[-1] == "done: Import results from february.csv (2 new, 1 corrected)"
    out = run(capsys, "results", "import", str(project), str(sheet))
    assert out.splitlines()[-1] == "nothing to import: every value read is in the project already"
    document = json.loads(run(capsys, "progress", str(project), "--today", TODAY, "--json"))
    lisbon = next(m for m in document["measures"] if m["measure"] == "Guest satisfaction")
    assert [unit["label"] for unit in lisbon["units"]] == ["location Lisbon", "location Porto"]
    assert lisbon["units"][0]["standing"] == "met"


def test_results_import_refuses_what_it_cannot_read(project: Path, tmp_path: Path, capsys):
    picture = tmp_path / "results.xlsx"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    err = run(capsys, "results", "import", str(project), str(picture), code=2)
    assert "is a PNG picture" in err
    sheet = tmp_path / "odd.csv"
    sheet.write_text("When,Where,What,How much\n2025-01,Lisbon,NPS,40\n", encoding="utf-8")
    err = run(capsys, "results", "import", str(project), str(sheet), code=2)
    assert "no column of periods" in err
    out = run(
        capsys,
        "results", "import", str(project), str(sheet), "--period", "When", "--unit", "Where",
        "--measure", "What", "--value", "How much",
    )  # fmt: skip
    assert out.splitlines()[-1] == "done: Import results from odd.csv (1 new)"


def test_text_from_the_file_is_escaped(project: Path, tmp_path: Path, capsys):
    sheet = tmp_path / "escape.csv"
    sheet.write_text("Month,Hotel,Measure,Value\n2025-02,\x1b[2JLisbon,NPS,4\n", encoding="utf-8")
    out = run(capsys, "results", "import", str(project), str(sheet), "--dry-run")
    assert "\x1b" not in out and "\\x1b[2JLisbon" in out


def test_target_set_list_and_remove(project: Path, capsys):
    out = run(
        capsys, "target", "set", str(project), "--measure", "managers committed",
        "--value", "80", "--by", "2025-12-31",
    )  # fmt: skip
    assert out == (
        "done: Set target for Managers with an active commitment: at least 80% by 2025-12-31\n"
    )
    err = run(
        capsys, "target", "set", str(project), "--measure", "Complaints per 1,000 stays",
        "--value", "2,5", "--unit", "location: Lisbon", "--lower-is-better", code=2,
    )  # fmt: skip
    assert (
        "there is no measure called 'Complaints per 1,000 stays'; the measures are front line "
        "served, managers with an active commitment, must-needs answered, commitments done on "
        "time and, from the results, Guest satisfaction" in err
    )
    out = run(capsys, "target", "set", str(project), "--measure", "guest satisfaction",
              "--value", "8,7", "--unit", "lisbon")  # fmt: skip
    assert out == "done: Change target for Guest satisfaction at Lisbon: at least 8.7\n"
    listed = run(capsys, "target", "list", str(project))
    assert listed.splitlines() == [
        "MEASURE                             UNIT                    TARGET",
        "Front line served                   the whole organisation  at least 75% by 2025-06-30",
        "Must-needs answered                 segment Guests          at least 50%",
        "Guest satisfaction                  location Lisbon         at least 8.7",
        "Managers with an active commitment  the whole organisation  at least 80% by 2025-12-31",
    ]
    document = json.loads(run(capsys, "target", "list", str(project), "--json"))
    assert document["targets"][2] == {
        "measure": "Guest satisfaction",
        "title": "Guest satisfaction",
        "unit": {"kind": "location", "name": "Lisbon"},
        "label": "location Lisbon",
        "value": 8.7,
        "lower_is_better": False,
        "by": None,
    }
    out = run(capsys, "target", "remove", str(project), "--measure", "front line served")
    assert out == "done: Remove target for Front line served\n"
    assert len(json.loads(run(capsys, "target", "list", str(project), "--json"))["targets"]) == 3


@pytest.mark.parametrize(
    ("options", "words"),
    [
        (["--measure", "happiness", "--value", "1"], "there is no measure called 'happiness'"),
        (["--measure", "front line served", "--value", "150"], "a share from 0 to 1"),
        (["--measure", "front line served", "--value", "lots"], "--value 'lots' is not a number"),
        (
            ["--measure", "front line served", "--value", "50%", "--lower-is-better"],
            "is better higher",
        ),
        (["--measure", "NPS", "--value", "1", "--by", "soon"], "--by 'soon' is not a date"),
        (
            ["--measure", "front line served", "--value", "0.5", "--unit", "Faro"],
            "--unit 'Faro' is not a department",
        ),
        (
            ["--measure", "must-needs answered", "--value", "0.5", "--unit", "Lisbon"],
            "is not counted per location",
        ),
    ],
)
def test_target_set_refuses_with_the_reason(project: Path, capsys, options: list[str], words: str):
    before = project.read_bytes()
    err = run(capsys, "target", "set", str(project), *options, code=2)
    assert err.startswith("pyramid-app target set: ")
    assert words in err
    assert project.read_bytes() == before


def test_an_ambiguous_unit_asks_for_its_kind(tmp_path: Path, capsys):
    made = hotel()
    made.chart.locations[1] = "Rooms"  # a place called Rooms, and the Rooms department
    path = tmp_path / "rooms.pyramid"
    ProjectFile.create(path, made).close()
    err = run(
        capsys, "target", "set", str(path), "--measure", "front line served", "--value", "0.5",
        "--unit", "Rooms", code=2,
    )  # fmt: skip
    assert "could be department Rooms and location Rooms" in err
    assert "'department: Rooms'" in err
    out = run(capsys, "target", "set", str(path), "--measure", "front line served",
              "--value", "0.5", "--unit", "location: rooms")  # fmt: skip
    assert out == "done: Set target for Front line served at Rooms: at least 50%\n"
