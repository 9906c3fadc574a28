"""The project file (``*.pyramid``, SQLite): opened, saved edit by edit, its undo kept."""

# Here rather than in file.py, so that telling a project from a spreadsheet imports nothing.
SUFFIX = ".pyramid"
