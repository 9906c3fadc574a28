"""Errors the importer raises when a file cannot be used at all.

Data problems inside a readable file are never errors: they become findings in the import report.
"""


class UnreadableFileError(Exception):
    """The file cannot be imported; ``str(error)`` is one paragraph meant for the user."""


class NoIdColumnError(UnreadableFileError):
    """No column of a readable table could be the person id: the window lets the user choose
    the columns; ``headers`` are the header row's names, ``sheet`` the sheet read."""

    def __init__(self, message: str, sheet: str, headers: list[str]) -> None:
        super().__init__(message)
        self.sheet = sheet
        self.headers = headers


class MissingColumnError(UnreadableFileError):
    """Columns the import was told to use by name are not in the header row (a newer export
    without the columns a project was imported with). ``missing`` maps each such field to the
    column asked for; ``sheet``, ``header_row`` (as the user sees it) and ``headers`` say
    where the header was read and what it holds."""

    def __init__(
        self,
        message: str,
        sheet: str,
        header_row: int,
        headers: list[str],
        missing: dict[str, str],
    ) -> None:
        super().__init__(message)
        self.sheet = sheet
        self.header_row = header_row
        self.headers = headers
        self.missing = missing
