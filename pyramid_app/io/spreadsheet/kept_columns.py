"""Reading a newer export of an organisation the way the project's was read: the same id,
manager and name columns, the same sheet where it is still there, the same header row when
the search for a header lands elsewhere. Both the window's Update organisation and
``pyramid-app project update`` read updates through :func:`read_with_kept`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pyramid_app.io.spreadsheet.errors import MissingColumnError, UnreadableFileError
from pyramid_app.io.spreadsheet.org_import import ImportResult, read_org
from pyramid_app.model.project import OrgSource

KEPT_FIELDS = ("id", "manager", "name")


@dataclass(frozen=True)
class KeptColumns:
    """What a project's organisation was imported with, reused by its next update.

    ``columns`` maps the id, manager and name fields to the header text the project was
    imported with; ``sheet`` is read if the newer file has it, and ``header_row`` is tried when
    the header found by searching lacks one of the columns (the user had moved the header).
    """

    columns: Mapping[str, str] = field(default_factory=dict)
    sheet: str = ""
    header_row: int | None = None

    @classmethod
    def of(cls, source: OrgSource) -> KeptColumns:
        columns = {name: source.mapping[name] for name in KEPT_FIELDS if name in source.mapping}
        return cls(columns, source.sheet, source.header_row)


def read_with_kept(
    path: Path,
    kept: KeptColumns,
    sheet: str | None = None,
    header_row: int | None = None,
    overrides: Mapping[str, str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> ImportResult:
    """Read ``path`` with the kept columns (``overrides`` replace some of them; ``sheet`` and
    ``header_row`` given by the user win over the kept ones): on the header found by searching,
    then on the kept header row if the search found another row without those columns.

    Raises :class:`MissingColumnError` naming what the usual header lacks when neither has
    the columns.
    """
    columns: dict[str, str | int] = {**kept.columns, **(overrides or {})}
    try:
        return read_org(
            path,
            sheet=sheet,
            overrides=columns,
            progress=progress,
            header_row=header_row,
            prefer_sheet=kept.sheet or None,
        )
    except MissingColumnError as first:
        if header_row is not None or kept.header_row in (None, first.header_row):
            raise
        try:
            return read_org(
                path,
                sheet=first.sheet,
                overrides=columns,
                progress=progress,
                header_row=kept.header_row,
            )
        except UnreadableFileError:
            raise first from None  # what the usual header lacks is what the user needs
