"""Reading a returned plan from the copy the quick check writes: the plan sheet inflated once,
read in two halves at once on a machine with a core to spare; the preview is the one the
original, read the careful way, gives."""

from __future__ import annotations

import os
import random
import tempfile
from pathlib import Path
from typing import Any

import pytest
from action_plan_samples import PlanEditor
from hostile_workbooks import with_shared_strings
from random_plans import NOW, TODAY, planned_at_random

from pyramid_app.io.spreadsheet import extent, quick_check
from pyramid_app.io.workbook import reader
from pyramid_app.io.workbook.writer import (
    ProblemKind,
    UpdatesPreview,
    read_action_plan_updates,
    write_action_plan,
)
from pyramid_app.model.project import Project

WAYS = ("halves", "one copy")


@pytest.fixture
def project() -> Project:
    return planned_at_random(random.Random(11), people=60, count=150)


def exported(project: Project, path: Path) -> Path:
    write_action_plan(project, path, today=TODAY, now=NOW)
    return path


def edited(project: Project, path: Path, error: bool = False) -> Path:
    """A colleague's session: statuses and notes changed, a row added and one deleted, the
    rows sorted; with ``error`` a due date that became a formula's #REF!."""
    editor = PlanEditor(exported(project, path))
    ids = sorted(project.plan.commitments)
    for commitment_id in ids[::7]:
        editor.set(commitment_id, "Status", "done")
        editor.set(commitment_id, "Last progress note", f"checked {commitment_id}")
    editor.set(ids[3], "Commitment", "")
    editor.delete(ids[5])
    editor.add_row({"Manager id": "P000", "Commitment": "Walk the floor each Monday"})
    if error:
        editor.set(ids[9], "Due date", "#REF!")  # openpyxl writes an error cell: t="e"
    editor.sort_by("Manager")
    return editor.save()


def read_the_careful_way(
    project: Project, path: Path, monkeypatch: pytest.MonkeyPatch
) -> UpdatesPreview:
    with monkeypatch.context() as patch:
        patch.setattr(reader, "check_sheet", lambda *_args, **_options: None)
        return read_action_plan_updates(project, path)


def read_quickly(
    project: Project, path: Path, monkeypatch: pytest.MonkeyPatch, way: str
) -> tuple[UpdatesPreview, list[Any]]:
    """The preview, and what each opening of the copies gave (None: not read this way)."""
    opened: list[Any] = []
    open_copies = reader.open_copies

    def watched(checked: quick_check.Checked) -> Any:
        result = open_copies(checked)
        opened.append(result)
        return result

    with monkeypatch.context() as patch:
        patch.setattr(quick_check, "HALVES_FROM", 0)  # the sheet here is small
        patch.setattr(quick_check, "second_core", lambda: way == "halves")  # whatever the cores
        patch.setattr(reader, "open_copies", watched)
        return read_action_plan_updates(project, path), opened


def copies_left() -> list[Path]:
    folder = Path(quick_check.copy_folder() or tempfile.gettempdir())
    return list(folder.glob(f"pyramid-import-{os.getpid()}-*"))


@pytest.mark.parametrize("way", WAYS)
def test_the_copy_gives_the_preview_of_the_original(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, way: str
) -> None:
    path = edited(project, tmp_path / "plan.xlsx")
    careful = read_the_careful_way(project, path, monkeypatch)
    quick, opened = read_quickly(project, path, monkeypatch, way)
    assert len(opened) == 1 and opened[0] is not None
    _workbook, halves = opened[0]
    assert (halves is not None) == (way == "halves")
    assert quick == careful
    counts = quick.counts()
    assert counts["changed"] >= 20 and counts["new"] == 1 and counts["missing"] == 1
    assert [p.kind for p in quick.problems] == [ProblemKind.CLEARED]
    assert not copies_left()


@pytest.mark.parametrize("way", WAYS)
def test_an_error_cell_is_found_in_the_copy(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, way: str
) -> None:
    path = edited(project, tmp_path / "plan.xlsx", error=True)
    quick, opened = read_quickly(project, path, monkeypatch, way)
    assert opened[0] is not None
    assert quick == read_the_careful_way(project, path, monkeypatch)
    errors = [p for p in quick.problems if p.kind is ProblemKind.ERROR_VALUE]
    assert len(errors) == 1 and "#REF!" in errors[0].message


@pytest.mark.parametrize("piece", [97, 211, 401])
def test_an_error_cell_cut_between_pieces_is_found(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, piece: int
) -> None:
    """The check sees the sheet a piece at a time: an error's mark cut between two pieces is
    seen all the same."""
    path = edited(project, tmp_path / "plan.xlsx", error=True)
    monkeypatch.setattr(quick_check, "_PIECE", piece)
    quick, opened = read_quickly(project, path, monkeypatch, "one copy")
    assert opened[0] is not None
    assert [p.kind for p in quick.problems].count(ProblemKind.ERROR_VALUE) == 1


def test_a_sheet_without_an_error_is_not_searched_for_errors_again(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check saw every cell's tag: without an error's mark, no second pass looks for
    error cells; with one, the pass finds it."""
    searched: list[str] = []
    search = extent.error_cells

    def counted(path: Path, sheet: str) -> dict[tuple[int, int], str]:
        searched.append(sheet)
        return search(path, sheet)

    monkeypatch.setattr(reader, "error_cells", counted)
    read_quickly(project, edited(project, tmp_path / "clean.xlsx"), monkeypatch, "one copy")
    assert searched == []
    read_quickly(project, edited(project, tmp_path / "error.xlsx", True), monkeypatch, "halves")
    assert searched == ["Action plan"]


def test_a_far_cell_takes_the_careful_way(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stray cell far down the plan sheet: the quick check does not answer, and the careful
    way reads the plan without it and names it."""
    editor = PlanEditor(edited(project, tmp_path / "plan.xlsx"))
    editor.sheet.cell(1_000_000, 2).value = "stray"
    path = editor.save()
    quick, opened = read_quickly(project, path, monkeypatch, "halves")
    assert opened == []
    assert any("stray" in warning for warning in quick.warnings)
    assert quick.counts()["changed"] >= 20
    assert not copies_left()


def test_a_workbook_that_is_not_a_plan_leaves_no_copy(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = PlanEditor(exported(project, tmp_path / "plan.xlsx"))
    editor.sheet.cell(1, editor.column("Commitment id")).value = "Reference"
    path = editor.save()
    with pytest.raises(reader.ActionPlanError, match="Commitment id"):
        read_quickly(project, path, monkeypatch, "halves")
    assert not copies_left()


@pytest.mark.parametrize("error", [False, True])
def test_a_workbook_of_many_shared_strings_is_read_from_the_original(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: bool
) -> None:
    """Its shared strings weigh much beside the plan sheet (as in a workbook Excel or
    LibreOffice saved with a large organisation): the library opens the original while the
    sheet is checked, and no copy is written that it would open too."""
    plain = edited(project, tmp_path / "plain.xlsx", error=error)
    strings = [f"Person {i} of the organisation, in a department far away" for i in range(9_000)]
    path = with_shared_strings(plain, tmp_path / "plan.xlsx", strings)
    careful = read_the_careful_way(project, path, monkeypatch)
    checks: list[quick_check.Checked | None] = []
    check = reader.check_sheet

    def watched(*args: Any, **options: Any) -> quick_check.Checked | None:
        checks.append(check(*args, **options))
        return checks[-1]

    monkeypatch.setattr(reader, "check_sheet", watched)
    quick, opened = read_quickly(project, path, monkeypatch, "halves")
    assert len(checks) == 1 and checks[0] is not None and checks[0].copy is None
    assert checks[0].error_marks == error
    assert opened == [None]
    assert quick == careful
    assert [p.kind for p in quick.problems].count(ProblemKind.ERROR_VALUE) == error
    assert not copies_left()


def test_error_marks_are_looked_for_only_when_asked(project: Project, tmp_path: Path) -> None:
    """Another pass over the sheet's bytes: the import's check of a first sheet does not make
    it; a returned plan's does."""
    path = edited(project, tmp_path / "plan.xlsx", error=True)
    asked = quick_check.check_sheet(path, "Action plan", copy=False, marks=True)
    unasked = quick_check.check_sheet(path, "Action plan", copy=False)
    assert asked is not None and asked.error_marks
    assert unasked is not None and not unasked.error_marks
