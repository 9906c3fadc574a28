"""Errors the importer raises when a file cannot be used at all.

Data problems inside a readable file are never errors: they become findings in the import report.
"""


class UnreadableFileError(Exception):
    """The file cannot be imported; ``str(error)`` is one paragraph meant for the user."""
