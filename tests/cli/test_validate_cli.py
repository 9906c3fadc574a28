"""`pyramid-app validate`: the summary, the findings, exit codes and --json."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from pyramid_app.cli import main

HEADER = ["Employee ID", "Manager ID", "Employee Name", "Employee Title"]


def test_clean_file_prints_summary_and_exits_0(
    xlsx_file: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = xlsx_file(
        sheets={
            "OrgData": [
                HEADER,
                ["ID001", "", "Ann", "CEO"],
                ["ID002", "ID001", "Bob", "COO"],
                ["ID003", "ID001", "Cy", "CFO"],
            ]
        }
    )
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        'org.xlsx, sheet "OrgData", header on row 1',
        "  people 3 · levels 2 · front line 2 · managers 1 · widest span 2: Ann (ID001)",
        '  id: "Employee ID"  manager: "Manager ID"  name: "Employee Name"  '
        'title: "Employee Title"',
        "  ok: no problems found",
    ]


def test_findings_are_listed_by_cell_and_exit_1(
    csv_file: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = csv_file([HEADER, ["1", "", "Ann", ""], ["2", "9", "Bob", ""]])
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert "org.csv, header on line 1" in out
    assert "managers not found (1)" in out
    assert 'org.csv!B3: manager "9" of Bob (2) is not an id' in out


def test_many_findings_are_shortened_unless_all(
    csv_file: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [HEADER, ["0", "", "Ann", ""]] + [[str(i), f"ghost {i}", "", ""] for i in range(1, 31)]
    path = csv_file(rows)
    main(["validate", str(path)])
    assert "... and 10 more (--all lists them)" in capsys.readouterr().out
    main(["validate", "--all", str(path)])
    assert capsys.readouterr().out.count("is not an id") == 30


def test_json_document(csv_file: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    path = csv_file([["code", "boss"], ["a", ""], ["b", "a"], ["c", "zz"]])
    assert main(["validate", "--json", "--id", "code", "--manager", "boss", str(path)]) == 1
    document = json.loads(capsys.readouterr().out)
    assert document["status"] == "findings"
    assert document["mapping"] == {"id": "code", "manager": "boss"}
    assert document["summary"]["people"] == 3
    [finding] = document["findings"]
    assert (finding["kind"], finding["cell"], finding["row"], finding["column"]) == (
        "manager-not-found",
        "org.csv!B4",
        4,
        "B",
    )


def test_unreadable_file_exits_2_with_one_paragraph(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "photo.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    assert main(["validate", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("pyramid-app: photo.xlsx")
    assert "Traceback" not in captured.err
    assert main(["validate", "--json", str(path)]) == 2
    assert json.loads(capsys.readouterr().out)["status"] == "unreadable"


def test_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path / "nope.xlsx")]) == 2
    assert "nope.xlsx" in capsys.readouterr().err


def test_installed_command_runs(csv_file: Callable[..., Path]) -> None:
    path = csv_file([HEADER, ["1", "", "Ann", ""]])
    done = subprocess.run(
        [sys.executable, "-m", "pyramid_app", "validate", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "ok: no problems found" in done.stdout


# What a fresh `pyramid-app validate FILE` leaves running: its own threads, after the import.
_THREADS_AFTER_VALIDATE = """
import os, sys
from pyramid_app.cli import main
code = main(["validate", sys.argv[1]])
print("@@", code, len(os.listdir("/proc/self/task")))
"""


def test_the_command_starts_no_threads_for_matrices(xlsx_file: Callable[..., Path]) -> None:
    """numpy's linear algebra library would start a thread per core that spins a while as
    numpy is imported, beside the read that wants the cores."""
    if not Path("/proc/self/task").is_dir():
        pytest.skip("a process's threads are counted in /proc (Linux)")
    path = xlsx_file([HEADER, ["ID001", "", "Ann", "CEO"], ["ID002", "ID001", "Bob", "COO"]])
    environment = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}
    done = subprocess.run(
        [sys.executable, "-c", _THREADS_AFTER_VALIDATE, str(path)],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )
    [line] = [line for line in done.stdout.splitlines() if line.startswith("@@")]
    assert line.split() == ["@@", "0", "1"], done.stderr
