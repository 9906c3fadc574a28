"""Shared fixtures: offscreen Qt, isolated settings folders, writers for small spreadsheets."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from spreadsheets import SheetRows, write_csv, write_xlsx

REALDATA = Path(__file__).resolve().parents[2] / "shared" / "realdata"


@pytest.fixture(autouse=True)
def isolated_user_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Settings and app data of the code under test land in tmp_path, never in the real home."""
    for variable in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        folder = tmp_path / "user" / variable.lower()
        folder.mkdir(parents=True)
        monkeypatch.setenv(variable, str(folder))


@pytest.fixture
def realdata() -> Path:
    """The real org-chart files beside the project; skipped in a clone that lacks them."""
    if not REALDATA.is_dir():
        pytest.skip(f"real-data folder {REALDATA} is absent (only a full checkout has it)")
    return REALDATA


@pytest.fixture
def xlsx_file(tmp_path: Path) -> Callable[..., Path]:
    def make(
        rows: SheetRows | None = None,
        name: str = "org.xlsx",
        sheets: dict[str, SheetRows] | None = None,
    ) -> Path:
        return write_xlsx(tmp_path / name, sheets if sheets is not None else {"Sheet1": rows or []})

    return make


@pytest.fixture
def csv_file(tmp_path: Path) -> Callable[..., Path]:
    def make(rows: SheetRows, name: str = "org.csv", **options: Any) -> Path:
        return write_csv(tmp_path / name, rows, **options)

    return make
