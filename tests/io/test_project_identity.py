"""A project's identity: given when its file is made, kept by Save As, given once to a file made
before identities existed (opened for writing), never written by a read-only open."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import pytest
from project_samples import sample_project

from pyramid_app.io.project.file import ProjectFile, ProjectFileError
from pyramid_app.model.commands import add_commitment

NOW = dt.datetime(2026, 12, 6, 9, 0)

V1_FILE = Path(__file__).resolve().parents[1] / "data" / "project_v1.pyramid"


def stored_identity(path: Path) -> str | None:
    connection = sqlite3.connect(path)
    try:
        row = connection.execute("SELECT value FROM meta WHERE key = 'identity'").fetchone()
    finally:
        connection.close()
    return None if row is None else str(row[0])


def test_two_projects_made_alike_have_different_identities(tmp_path: Path) -> None:
    first = ProjectFile.create(tmp_path / "a.pyramid", sample_project())
    second = ProjectFile.create(tmp_path / "b.pyramid", sample_project())
    assert first.project is not None and second.project is not None
    identities = {first.project.identity, second.project.identity}
    first.close()
    second.close()
    assert len(identities) == 2 and all(len(i) == 32 for i in identities)
    assert stored_identity(tmp_path / "a.pyramid") in identities


def test_save_as_keeps_the_identity(tmp_path: Path) -> None:
    file = ProjectFile.create(tmp_path / "a.pyramid", sample_project())
    assert file.project is not None
    identity = file.project.identity
    moved = file.save_as(tmp_path / "b.pyramid")
    moved.close()
    file.close()
    assert stored_identity(tmp_path / "b.pyramid") == identity


def test_an_older_file_gets_one_identity_when_opened_for_writing(tmp_path: Path) -> None:
    path = tmp_path / "old.pyramid"
    shutil.copyfile(V1_FILE, path)
    assert stored_identity(path) is None
    file, project = ProjectFile.open(path, read_only=True, shipped=())
    file.close()
    assert project.identity == ""
    assert stored_identity(path) is None  # a read-only open writes nothing
    file, project = ProjectFile.open(path, shipped=())
    file.close()
    given = project.identity
    assert len(given) == 32 and stored_identity(path) == given
    file, project = ProjectFile.open(path, shipped=())
    file.close()
    assert project.identity == given  # given once, kept


def test_a_log_of_another_project_beside_the_file_is_refused_and_the_file_kept(
    tmp_path: Path,
) -> None:
    mine = tmp_path / "mine.pyramid"
    other = tmp_path / "other.pyramid"
    ProjectFile.create(mine, sample_project()).close()
    before = stored_identity(mine)
    with ProjectFile.create(other, sample_project()) as file:
        assert file.project is not None
        file.project.execute(
            add_commitment(file.project, "B", "A commitment of the other project", now=NOW)
        )
        # A backup tool copied the other project's live log; it lands beside this file.
        shutil.copyfile(Path(f"{other}-wal"), Path(f"{mine}-wal"))
    assert Path(f"{mine}-wal").stat().st_size > 32
    for read_only in (False, True):
        with pytest.raises(ProjectFileError, match="belongs to another project") as refused:
            ProjectFile.open(mine, read_only=read_only, shipped=())
        assert "mine.pyramid-wal" in str(refused.value)
    # Nothing was replayed into the file: moved away, the log leaves the project as it was.
    Path(f"{mine}-wal").rename(tmp_path / "other-log.keep")
    file, project = ProjectFile.open(mine, shipped=())
    file.close()
    assert project.identity == before
    assert "A commitment of the other project" not in [c.text for c in project.plan]


def test_the_projects_own_log_after_a_crash_is_replayed(tmp_path: Path) -> None:
    mine = tmp_path / "mine.pyramid"
    ProjectFile.create(mine, sample_project()).close()
    keep = tmp_path / "kept-log"
    with ProjectFile.open(mine, shipped=())[0] as file:
        assert file.project is not None
        file.project.execute(add_commitment(file.project, "B", "Weekly huddle", now=NOW))
        shutil.copyfile(Path(f"{mine}-wal"), keep)  # the log as a crash leaves it
        shutil.copyfile(mine, tmp_path / "kept-file")
    shutil.copyfile(tmp_path / "kept-file", mine)
    shutil.copyfile(keep, Path(f"{mine}-wal"))
    file, project = ProjectFile.open(mine, shipped=())
    file.close()
    assert "Weekly huddle" in [c.text for c in project.plan]
