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
