"""The window's project as it is on disk right now, for tests that check an edit was saved."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from pyramid_app.io import ProjectFile, unsaved_projects
from pyramid_app.model.project import Project


def project_on_disk(copies: Path) -> Project:
    """The one unsaved project, read from its file on disk as it is now.

    The window holds its file exclusively, so the file and its write-ahead log are copied into
    ``copies`` (as a crash would leave them) and the copy is opened.
    """
    (path,) = unsaved_projects()
    copy = copies / f"copy{len(list(copies.iterdir()))}.pyramid"
    shutil.copyfile(path, copy)
    log = Path(f"{path}-wal")
    if log.exists():
        shutil.copyfile(log, Path(f"{copy}-wal"))
    file, project = ProjectFile.open(copy, read_only=True, shipped=())
    file.close()
    return project


def damaged_copy(project: Path, folder: Path, field: str, value: str) -> tuple[Path, str]:
    """A copy of ``project`` in ``folder`` whose first commitment holds ``value`` in ``field``
    as only a damaged or tampered file would (written past the app with sqlite3), and that
    commitment's id."""
    copy = folder / f"damaged-{project.name}"
    shutil.copyfile(project, copy)
    with sqlite3.connect(copy) as connection:
        (commitment,) = connection.execute("SELECT id FROM commitment ORDER BY number").fetchone()
        connection.execute(f"UPDATE commitment SET {field} = ? WHERE id = ?", (value, commitment))
    connection.close()
    return copy, commitment
