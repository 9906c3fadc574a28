"""The project file (``*.pyramid``, SQLite): opened, saved edit by edit, its undo kept."""
