"""`pyramid-app project demo -o P.pyramid`: the demo as the window opens it, as a project file."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from pyramid_app.cli import main
from pyramid_app.cli.project import run as run_project
from pyramid_app.io.demo import demo_project
from pyramid_app.io.project.file import ProjectFile

TODAY = dt.date(2026, 12, 6)


def test_demo_written_is_the_demo_the_window_opens(tmp_path: Path) -> None:
    path = tmp_path / "demo.pyramid"
    out = io.StringIO()
    assert run_project(["demo", "-o", str(path), "--today", TODAY.isoformat()], out) == 0
    expected = demo_project(today=TODAY)
    store, project = ProjectFile.open(path, read_only=True)
    try:
        assert project.chart.people_count == expected.chart.people_count
        assert sorted(c.id for c in project.plan) == sorted(c.id for c in expected.plan)
        assert [c.due for c in project.plan] == [c.due for c in expected.plan]
        assert list(project.customers) == list(expected.customers)
        assert len(project.results) == len(expected.results) > 0
        assert len(project.targets) == len(expected.targets) > 0
    finally:
        store.close()
    assert f"{expected.chart.people_count:,} people" in out.getvalue()


def test_an_existing_file_is_kept_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "mine.pyramid"
    path.write_bytes(b"my own work")
    assert main(["project", "demo", "-o", str(path)]) == 2
    assert path.read_bytes() == b"my own work"
    assert "--force" in capsys.readouterr().err
    assert main(["project", "demo", "-o", str(path), "--force"]) == 0
    assert path.read_bytes() != b"my own work"
