"""The window's project as it is on disk right now, for tests that check an edit was saved."""

from __future__ import annotations

import shutil
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
