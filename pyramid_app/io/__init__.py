"""Reading and writing files: spreadsheets in, the project and the action plan. Never Qt."""

from pyramid_app.io.errors import UnreadableFileError
from pyramid_app.io.mapping import ColumnMapping
from pyramid_app.io.org_import import ImportResult, OrgPreview, preview_org, read_org
from pyramid_app.io.report import Finding, FindingKind, ImportReport

__all__ = [
    "ColumnMapping",
    "Finding",
    "FindingKind",
    "ImportReport",
    "ImportResult",
    "OrgPreview",
    "UnreadableFileError",
    "preview_org",
    "read_org",
]
