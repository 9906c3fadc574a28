"""The built-in demo organisation shipped in ``resources/``."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

DEMO_WORKBOOK = "demo_hotel_group.xlsx"


def demo_workbook_path() -> Path:
    """Where the demo workbook is, installed (``pyramid_app.resources``) or in a checkout."""
    try:
        installed = Path(str(resources.files("pyramid_app.resources") / DEMO_WORKBOOK))
    except ModuleNotFoundError:
        # A source checkout keeps resources/ beside the package rather than inside it.
        installed = Path(__file__).resolve().parents[2] / "resources" / DEMO_WORKBOOK
    if not installed.is_file():
        raise FileNotFoundError(f"the demo organisation is missing: {installed}")
    return installed
