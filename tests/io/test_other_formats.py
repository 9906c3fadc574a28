"""Old .xls, binary .xlsb and OpenDocument .ods files read like xlsx."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from pyramid_app.io import read_org

ROWS = [["Employee ID", "Manager ID", "Name"], ["1", "", "Zoë"], ["2", "1", "Bob"], [3, 2, "Cy"]]


def test_xls_written_by_an_excel_97_writer(tmp_path: Path) -> None:
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("Staff")
    for r, row in enumerate(ROWS):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    path = tmp_path / "old.xls"
    book.save(str(path))
    result = read_org(path)
    assert result.sheet == "Staff"
    assert result.chart.ids == ["1", "2", "3"]
    assert result.chart.parent.tolist() == [-1, 0, 1]
    assert result.chart.names[0] == "Zoë"


def test_xlsb_binary_workbook(tmp_path: Path) -> None:
    from pyxlsbwriter import XlsbWriter

    path = tmp_path / "binary.xlsb"
    with XlsbWriter(str(path)) as writer:
        writer.add_sheet("Staff")
        writer.write_sheet(ROWS)
    result = read_org(path)
    assert result.sheet == "Staff"
    assert result.chart.ids == ["1", "2", "3"]  # the number 3 reads back as the id "3"
    assert result.chart.parent.tolist() == [-1, 0, 1]
    assert result.chart.names[0] == "Zoë"


def test_ods_document(tmp_path: Path) -> None:
    path = tmp_path / "org.ods"
    write_minimal_ods(path, "Staff", ROWS)
    result = read_org(path)
    assert result.chart.ids == ["1", "2", "3"]
    assert result.chart.parent.tolist() == [-1, 0, 1]


def write_minimal_ods(path: Path, sheet: str, rows: list[list[object]]) -> None:
    """The smallest OpenDocument spreadsheet LibreOffice and calamine accept."""
    cells = []
    for row in rows:
        parts = []
        for value in row:
            if isinstance(value, int):
                parts.append(
                    f'<table:table-cell office:value-type="float" office:value="{value}">'
                    f"<text:p>{value}</text:p></table:table-cell>"
                )
            else:
                parts.append(
                    '<table:table-cell office:value-type="string">'
                    f"<text:p>{escape(str(value))}</text:p></table:table-cell>"
                )
        cells.append("<table:table-row>" + "".join(parts) + "</table:table-row>")
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="{sheet}">'
        + "".join(cells)
        + "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type='
        '"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
        'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
