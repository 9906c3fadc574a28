"""Hostile project files: every one is called damaged, in one line, with exit code 2.

Each case of :mod:`hostile_projects` is a real file (a saved project edited with sqlite3). The
read-only commands run on it in a fresh process with a time and a memory limit, and must end
with the damaged message naming the file, no traceback, the file's bytes unchanged and a peak
memory far below what the forged data would inflate to; opening it (for writing and read-only)
must raise DamagedProjectError.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from hostile_projects import CASES, edited, hostile_project, saved_project
from project_samples import SHIPPED

from pyramid_app.io.project import store as project_store
from pyramid_app.io.project.file import DamagedProjectError, ProjectFile, schema_version

ROOT = Path(__file__).resolve().parents[2]
MEMORY_LIMIT = 1536 * 2**20
PEAK_MB = 300

# Runs each command as `pyramid-app ...` does (cli.main), all in one process to keep the suite
# fast, each with its own stderr; a traceback that escapes main is printed into that stderr.
# The peak is this process's own (VmHWM), not the parent's that ru_maxrss would carry over.
COMMANDS_SCRIPT = """
import io, json, sys, traceback
from pyramid_app.cli import main
results = []
for arguments in json.loads(sys.argv[1]):
    out, err = io.StringIO(), io.StringIO()
    sys.stdout, sys.stderr = out, err
    try:
        code = main(arguments)
    except SystemExit as stop:
        code = stop.code
    except BaseException:
        traceback.print_exc()
        code = None
    finally:
        sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
    results.append({"arguments": arguments, "code": code, "stderr": err.getvalue()})
with open("/proc/self/status") as status:
    hwm = next(line for line in status if line.startswith("VmHWM:"))
print(json.dumps({"results": results, "peak_mb": int(hwm.split()[1]) // 1024}))
"""


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_commands(commands: list[list[str]]) -> tuple[list[dict[str, object]], int]:
    """The commands' exit codes and stderr, and the peak memory in MB, from a fresh process
    that must finish within 60 s under a 1.5 GB address-space limit."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OPENBLAS_NUM_THREADS": "1"}
    done = subprocess.run(
        [sys.executable, "-c", COMMANDS_SCRIPT, json.dumps(commands)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        preexec_fn=_limit_memory,
    )
    assert done.returncode == 0, f"the process died: {done.returncode} {done.stderr[-3000:]}"
    report = json.loads(done.stdout.splitlines()[-1])
    return report["results"], report["peak_mb"]


def read_only_commands(path: Path, output: Path) -> list[list[str]]:
    return [
        ["project", "info", str(path)],
        ["plan", "list", str(path)],
        ["plan", "list", str(path), "--json"],
        ["coverage", str(path)],
        ["export", str(path), "-o", str(output), "--no-picture"],
    ]


@pytest.mark.parametrize("case", list(CASES))
def test_the_read_only_commands_call_it_damaged(case: str, tmp_path: Path) -> None:
    path = hostile_project(tmp_path, case)
    before = path.read_bytes()
    output = tmp_path / "plan.xlsx"
    results, peak_mb = run_commands(read_only_commands(path, output))
    for result in results:
        stderr = str(result["stderr"])
        assert "Traceback" not in stderr, stderr
        assert result["code"] == 2, (result["arguments"], stderr)
        assert stderr.count("\n") == 1, stderr
        assert f"{path} is damaged and cannot be opened (" in stderr, stderr
        assert CASES[case].words in stderr, stderr
    assert peak_mb < PEAK_MB
    assert path.read_bytes() == before
    assert not output.exists()


@pytest.mark.parametrize("read_only", [False, True], ids=["for writing", "read-only"])
@pytest.mark.parametrize("case", list(CASES))
def test_opening_calls_it_damaged(case: str, read_only: bool, tmp_path: Path) -> None:
    path = hostile_project(tmp_path, case)
    before = path.read_bytes()
    with pytest.raises(DamagedProjectError) as caught:
        ProjectFile.open(path, read_only=read_only, shipped=SHIPPED)
    assert str(caught.value).startswith(f"{path} is damaged and cannot be opened (")
    assert CASES[case].words in str(caught.value)
    assert caught.value.path == path
    assert path.read_bytes() == before


def _names_column(values: list[str]) -> bytes:
    return zlib.compress("\x00".join(values).encode())


def test_a_column_is_bounded_by_its_people_and_reads_up_to_the_bound(tmp_path: Path) -> None:
    """The bound follows from the number of people: a 12-person names column of exactly as
    many bytes as they can hold opens; one byte more is refused before anything is split."""
    path = saved_project(tmp_path / "long.pyramid")
    people = 12
    limit = 4 * (people * 32_767 + 4 * 2**20) + 4 * people + 2
    names = ["Ann"] * (people - 1)
    fill = limit - (len("\x00".join(names)) + 1)
    for extra, refused in ((0, False), (1, True)):
        data = _names_column([*names, "a" * (fill + extra)])
        sql = "UPDATE org_column SET data = ? WHERE name = 'names'"
        edited(path, lambda connection, data=data, sql=sql: connection.execute(sql, (data,)))
        if refused:
            with pytest.raises(DamagedProjectError, match="inflates to more than the 18,"):
                ProjectFile.open(path, read_only=True, shipped=SHIPPED)
        else:
            file, project = ProjectFile.open(path, read_only=True, shipped=SHIPPED)
            file.close()
            assert len(project.chart.names[-1]) == fill


def test_the_checked_tables_are_those_the_migrations_make(tmp_path: Path) -> None:
    """The table check knows every schema version, and a new file passes it."""
    assert len(project_store.SCHEMA_STEPS) == schema_version()
    path = saved_project(tmp_path / "new.pyramid")
    for version in range(1, schema_version()):
        edited(
            path,
            lambda connection, version=version: connection.execute(
                "UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(version),)
            ),
        )
        with pytest.raises(DamagedProjectError, match=f"than the version {version} it states"):
            ProjectFile.open(path, read_only=True, shipped=SHIPPED)


def test_a_damaged_older_file_is_refused_before_its_upgrade_is_kept(tmp_path: Path) -> None:
    old = Path(__file__).resolve().parents[1] / "data" / "project_v1.pyramid"
    path = tmp_path / "old.pyramid"
    shutil.copyfile(old, path)
    connection = sqlite3.connect(path)
    connection.execute("UPDATE commitment SET text = CAST(text AS BLOB)")
    connection.commit()
    connection.close()
    before = path.read_bytes()
    with pytest.raises(DamagedProjectError, match="is damaged and cannot be opened"):
        ProjectFile.open(path, shipped=())
    # Not upgraded half way: the file is still the version-1 file it was, byte for byte.
    assert path.read_bytes() == before
