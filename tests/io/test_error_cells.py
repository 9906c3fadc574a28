"""Error cells (``#REF!``, ``#N/A``) found in a returned sheet's XML (``extent.error_cells``),
wherever the pieces the XML is read in happen to cut it."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from pyramid_app.io.spreadsheet import extent

ERRORS = {(3, 1): "#REF!", (10, 4): "#N/A", (57, 0): "#DIV/0!", (58, 2): "#VALUE!"}


def workbook_with_errors(path: Path) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Action plan"
    for row in range(1, 61):
        sheet.append([f"C-{row:04d}", "a commitment with a longer text", row, "planned", None])
    for (row, column), shown in ERRORS.items():
        sheet.cell(row + 1, column + 1).value = shown  # openpyxl stores these as t="e" cells
    workbook.save(path)
    return path


def test_error_cells_are_found_in_one_piece(tmp_path: Path) -> None:
    path = workbook_with_errors(tmp_path / "errors.xlsx")
    assert extent.error_cells(path, "Action plan") == ERRORS


@pytest.mark.parametrize("chunk", [97, 128, 211, 256, 401])
def test_error_cells_cut_between_pieces_are_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    """Pieces of a few hundred bytes cut the error cells' tags and values at every place."""
    path = workbook_with_errors(tmp_path / "errors.xlsx")
    monkeypatch.setattr(extent, "_CHUNK", chunk)
    assert extent.error_cells(path, "Action plan") == ERRORS


def test_a_sheet_without_errors_has_none(tmp_path: Path) -> None:
    path = tmp_path / "plain.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(['t="e" in a text is not an error', "#REF! typed as text"])
    workbook.save(path)
    assert extent.error_cells(path, workbook.active.title) == {}
