"""Reading and writing files: spreadsheets in, the project and the action plan. Never Qt.

The names below are imported when first asked for, not with the package: ``pyramid-app FILE``
starts reading the spreadsheet from a module of this package before anything heavier is
imported (:mod:`pyramid_app.io.spreadsheet.early_read`), and a command imports what it uses.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pyramid_app.io.library import PracticeLibraryError, load_shipped_library
    from pyramid_app.io.project.file import (
        HistoryEntry,
        ProjectFile,
        ProjectFileError,
        ProjectLockedError,
        ProjectReadOnlyError,
    )
    from pyramid_app.io.project.unsaved import (
        DeferredProjectFile,
        default_data_folder,
        project_from_import,
        unsaved_projects,
    )
    from pyramid_app.io.spreadsheet.errors import UnreadableFileError
    from pyramid_app.io.spreadsheet.mapping import ColumnMapping
    from pyramid_app.io.spreadsheet.org_import import (
        ImportResult,
        OrgPreview,
        preview_org,
        read_org,
    )
    from pyramid_app.io.spreadsheet.report import Finding, FindingKind, ImportReport

_MODULES = {
    "pyramid_app.io.library": ("PracticeLibraryError", "load_shipped_library"),
    "pyramid_app.io.project.file": (
        "HistoryEntry",
        "ProjectFile",
        "ProjectFileError",
        "ProjectLockedError",
        "ProjectReadOnlyError",
    ),
    "pyramid_app.io.project.unsaved": (
        "DeferredProjectFile",
        "default_data_folder",
        "project_from_import",
        "unsaved_projects",
    ),
    "pyramid_app.io.spreadsheet.errors": ("UnreadableFileError",),
    "pyramid_app.io.spreadsheet.mapping": ("ColumnMapping",),
    "pyramid_app.io.spreadsheet.org_import": (
        "ImportResult",
        "OrgPreview",
        "preview_org",
        "read_org",
    ),
    "pyramid_app.io.spreadsheet.report": ("Finding", "FindingKind", "ImportReport"),
}
_WHERE = {name: module for module, names in _MODULES.items() for name in names}

__all__ = [
    "ColumnMapping",
    "DeferredProjectFile",
    "Finding",
    "FindingKind",
    "HistoryEntry",
    "ImportReport",
    "ImportResult",
    "OrgPreview",
    "PracticeLibraryError",
    "ProjectFile",
    "ProjectFileError",
    "ProjectLockedError",
    "ProjectReadOnlyError",
    "UnreadableFileError",
    "default_data_folder",
    "load_shipped_library",
    "preview_org",
    "project_from_import",
    "read_org",
    "unsaved_projects",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # asked for once
    return value
