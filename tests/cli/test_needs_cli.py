"""The customers' needs on the command line: `coverage` lists the must-needs no active commitment
answers, and `plan list --json` says which needs each commitment answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pyramid_app.cli import main
from pyramid_app.io.demo import demo_project
from pyramid_app.io.project.file import ProjectFile
from pyramid_app.model.needs_coverage import unanswered_must_needs


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.pyramid"
    ProjectFile.create(path, demo_project()).close()
    return path


def run(capsys: pytest.CaptureFixture[str], *arguments: str) -> str:
    assert main(list(arguments)) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    return captured.out


def test_coverage_lists_the_unanswered_must_needs(
    demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = unanswered_must_needs(demo_project())
    document = json.loads(
        run(capsys, "coverage", str(demo_file), "--json", "--today", "2025-10-06")
    )
    needs = document["needs"]
    # The plan file's two segments hold 10 touchpoints and 33 needs; the demo's other four
    # segments add 17 touchpoints and 36 needs (13 of them must-needs) no commitment answers yet.
    assert (needs["segments"], needs["touchpoints"], needs["total"]) == (6, 27, 69)
    assert (needs["answered"], needs["must_answered"], needs["must_total"]) == (18, 9, 28)
    assert [row["need_id"] for row in needs["unanswered_must"]] == [p.need.id for p in expected]
    first = needs["unanswered_must"][0]
    assert first == {
        "segment": "Leisure guests",
        "touchpoint_id": "T-001",
        "touchpoint": "Books a room",
        "need_id": "N-0001",
        "kind": "have",
        "text": "live availability and prices for all four hotels on one screen",
    }

    lines = run(capsys, "coverage", str(demo_file), "--today", "2025-10-06").splitlines()
    start = lines.index("  must-needs no active commitment answers:")
    assert lines[start - 1] == (
        "  customer needs answered by an active commitment: 18 of 69 (26%) at 27 touchpoints; "
        "must-needs 9 of 28 (32%)"
    )
    assert lines[start + 1] == (
        "    Leisure guests / Books a room (T-001): N-0001 [have] live availability and prices "
        "for all four hotels on one screen"
    )
    assert len(lines) == start + 1 + len(expected)


def test_plan_list_says_which_needs_each_commitment_answers(
    demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = json.loads(run(capsys, "plan", "list", str(demo_file), "--json"))
    needs = {entry["id"]: entry["needs"] for entry in document["commitments"]}
    plan = demo_project().plan
    assert needs == {commitment.id: list(commitment.needs) for commitment in plan}
    assert needs["C-0010"] == ["N-0004", "N-0026"]
    assert needs["C-0002"] == []


def test_a_project_without_needs_prints_no_needs_section(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = demo_project()
    project.customer_map.set_segments(())
    path = tmp_path / "plain.pyramid"
    ProjectFile.create(path, project).close()
    out = run(capsys, "coverage", str(path), "--today", "2025-10-06")
    assert "customer needs" not in out and "must-needs" not in out
    document = json.loads(run(capsys, "coverage", str(path), "--json"))
    assert document["needs"] == {
        "segments": 0,
        "touchpoints": 0,
        "total": 0,
        "answered": 0,
        "must_total": 0,
        "must_answered": 0,
        "unanswered_must": [],
    }
