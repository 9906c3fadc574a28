"""A project's identity: given when its file is made, kept by Save As, given once to a file made
before identities existed (opened for writing), never written by a read-only open."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from project_samples import sample_project

from pyramid_app.io.project_file import ProjectFile

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
