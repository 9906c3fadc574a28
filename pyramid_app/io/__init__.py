"""Reading and writing files: spreadsheets in, the project and the action plan. Never Qt."""

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
from pyramid_app.io.spreadsheet.org_import import ImportResult, OrgPreview, preview_org, read_org
from pyramid_app.io.spreadsheet.report import Finding, FindingKind, ImportReport

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
