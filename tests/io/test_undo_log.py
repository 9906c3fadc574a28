"""The undo history kept in the project file: a reopened project undoes its last session's
edits exactly as that session would have, and commands survive their trip through JSON."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest
from crash_writer import BASE_TIME as NOW
from crash_writer import crash_chart, crash_project, digest, scripted_step
from hypothesis import given, settings
from hypothesis import strategies as st

from pyramid_app.io.project.command_codec import (
    CodecError,
    NotStorable,
    decode_command,
    encode_command,
)
from pyramid_app.io.project.file import ProjectFile
from pyramid_app.model.commands import (
    Batch,
    ReplaceOrganisation,
    UndoStack,
    add_commitment,
    edit_commitment,
    run_undo,
)
from pyramid_app.model.customer_commands import (
    add_need,
    add_segment,
    add_touchpoint,
    remove_segment,
    rename_segment,
)
from pyramid_app.model.plan import Status
from pyramid_app.model.project import OrgSource


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 100_000), steps=st.integers(1, 24))
def test_a_reopened_project_undoes_as_the_session_would(
    tmp_path_factory: pytest.TempPathFactory, seed: int, steps: int
) -> None:
    path = tmp_path_factory.mktemp("undo") / "plan.pyramid"
    ProjectFile.create(path, crash_project()).close()
    file, project = ProjectFile.open(path, shipped=())
    stack = UndoStack(project)
    rng = random.Random(seed)
    for step in range(steps):
        scripted_step(project, stack, rng, step)  # edits, undos, redos (step 24 is tested below)
    file.close()

    kept = len(stack.done)
    labels = [command.label for command, _ in stack.done]
    project.journal = None
    expected = []
    for _ in range(kept):
        stack.undo()
        expected.append(digest(project))

    file, reopened = ProjectFile.open(path, shipped=())
    try:
        restored = file.undo_steps()
        assert len(restored) == kept
        assert [forward.label for forward, _ in restored] == labels
        actual = []
        for _forward, backward in reversed(restored):
            run_undo(reopened, backward)
            actual.append(digest(reopened))
    finally:
        file.close()
    assert actual == expected


def test_every_kind_of_edit_survives_json(tmp_path: Path) -> None:
    project = crash_project()
    stack = UndoStack(project)
    rng = random.Random(5)
    kinds = set()
    for step in range(120):
        scripted_step(project, stack, rng, step)
    for command, inverse in stack.done + stack.undone:
        for each in (command, inverse):
            kinds.add(type(each).__name__)
            if isinstance(each, ReplaceOrganisation):
                with pytest.raises(NotStorable):
                    encode_command(each)
                continue
            assert decode_command(encode_command(each)) == each
    assert {"AddCommitments", "ChangeCommitment", "RemoveCommitments", "_Restore"} <= kinds
    plain = [c for c, _ in stack.done if not isinstance(c, ReplaceOrganisation)]
    batch = Batch(tuple(plain[:5]), "Several edits")
    assert decode_command(encode_command(batch)) == batch


@pytest.mark.parametrize(
    "text",
    [
        "",
        "[]",
        '{"$": "Popen", "f": {"args": "rm"}}',  # a class that is not a command of ours
        '{"$": "AddCommitments", "f": {"commitments": 5}}',
        '{"$": "Commitment", "f": {"id": "C-0001", "manager_id": "A", "text": "x"}}',
        "[" * 10_000 + "]" * 10_000,
    ],
)
def test_stored_text_that_is_not_a_command_is_refused(text: str) -> None:
    with pytest.raises(CodecError):
        decode_command(text)


def test_a_damaged_undo_row_ends_the_history_there(tmp_path: Path) -> None:
    path = tmp_path / "plan.pyramid"
    ProjectFile.create(path, crash_project()).close()
    file, project = ProjectFile.open(path, shipped=())
    stack = UndoStack(project)
    rng = random.Random(1)
    for step in range(10):
        scripted_step(project, stack, rng, step)
    file.close()
    connection = sqlite3.connect(path)
    (count,) = connection.execute("SELECT count(*) FROM undo_step").fetchone()
    # The fourth newest edit's row is garbled: Undo reaches the three after it, no further.
    connection.execute(
        "UPDATE undo_step SET inverse = 'yesterday afternoon' WHERE history_seq = "
        "(SELECT history_seq FROM undo_step ORDER BY history_seq DESC LIMIT 1 OFFSET 3)"
    )
    connection.commit()
    connection.close()
    assert count == 10
    file, _project = ProjectFile.open(path, shipped=())
    try:
        assert len(file.undo_steps()) <= 3
    finally:
        file.close()


def test_customer_edits_survive_json() -> None:
    project = crash_project()
    stack = UndoStack(project)
    stack.push(add_segment(project, "Leisure guests", description="Weekend stays", share=0.4))
    stack.push(add_touchpoint(project, "Leisure guests", "Check-in", rules=[("title", "Manager")]))
    touchpoint = project.customer_map.segments[0].touchpoints[0].id
    stack.push(add_need(project, touchpoint, "A key that works first time", "have", "must"))
    stack.push(rename_segment(project, "Leisure guests", "Families"))
    stack.push(remove_segment(project, "Families"))
    for command, inverse in stack.done:
        for each in (command, inverse):
            assert decode_command(encode_command(each)) == each


def test_undo_after_a_reopen_reaches_back_to_the_last_organisation_update(tmp_path: Path) -> None:
    path = tmp_path / "plan.pyramid"
    ProjectFile.create(path, crash_project()).close()
    file, project = ProjectFile.open(path, shipped=())
    stack = UndoStack(project)
    stack.push(add_commitment(project, "P000", "Before the update", now=NOW))
    stack.push(ReplaceOrganisation(crash_chart(renamed=True), OrgSource("newer.xlsx"), ()))
    stack.push(add_commitment(project, "P000", "After the update", now=NOW))
    stack.push(edit_commitment(project, "C-0002", NOW, status=Status.DONE))
    file.close()
    file, reopened = ProjectFile.open(path, shipped=())
    try:
        restored = file.undo_steps()
        # The new organisation (a whole chart) is not kept for undo: the history starts after it.
        assert [forward.label for forward, _ in restored] == [
            stack.done[2][0].label,
            stack.done[3][0].label,
        ]
        for _forward, backward in reversed(restored):
            run_undo(reopened, backward)
        assert [c.text for c in reopened.plan] == ["Before the update"]
        assert reopened.chart.names[0].startswith("New")  # the update itself stays
    finally:
        file.close()
