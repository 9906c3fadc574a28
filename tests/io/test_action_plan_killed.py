"""An export killed half way leaves nothing in the system's temporary folder, and what it left
beside the destination is removed by the next export there."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
from pathlib import Path

from project_samples import sample_project

from pyramid_app.io.project.file import ProjectFile
from pyramid_app.io.workbook.writer import write_action_plan

ROOT = Path(__file__).resolve().parents[2]

# Exports the project and stops for good inside the Organisation sheet, after openpyxl has
# streamed the other sheets' rows: a kill lands there, every time.
EXPORTER = r"""
import datetime as dt
import sys
import pyramid_app.io.workbook.writer as action_plan
import pyramid_app.io.workbook.sheets as sheets
from pyramid_app.io.project.file import ProjectFile

def stop(*args, **kwargs):
    print("writing", flush=True)
    sys.stdin.readline()

sheets.write_organisation_sheet = stop
file, project = ProjectFile.open(sys.argv[1], read_only=True, shipped=())
action_plan.write_action_plan(project, sys.argv[2], today=dt.date(2026, 12, 6))
"""


def test_a_killed_export_leaves_no_temporary_files(tmp_path: Path) -> None:
    project_path = tmp_path / "plan.pyramid"
    ProjectFile.create(project_path, sample_project()).close()
    system_temp = tmp_path / "system-temp"
    system_temp.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    destination = out / "plan.xlsx"
    with subprocess.Popen(
        [sys.executable, "-c", EXPORTER, str(project_path), str(destination)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "TMPDIR": str(system_temp)},
    ) as exporter:
        assert exporter.stdout is not None and exporter.stderr is not None
        line = exporter.stdout.readline()
        exporter.send_signal(signal.SIGKILL)
        exporter.wait(timeout=60)
        errors = exporter.stderr.read()
    assert line == "writing\n", errors
    assert list(system_temp.iterdir()) == []  # openpyxl's rows went beside the destination
    left = sorted(entry.name for entry in out.iterdir())
    assert left and all(name.startswith(".plan.xlsx.") for name in left)
    assert any(name.endswith(".parts") for name in left)

    file, project = ProjectFile.open(project_path, read_only=True, shipped=())
    file.close()
    write_action_plan(project, destination, today=dt.date(2026, 12, 6))
    assert [entry.name for entry in out.iterdir()] == ["plan.xlsx"]
