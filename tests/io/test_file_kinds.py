"""A file that is not a spreadsheet is called what it is: a picture, a PDF, a letter, a zip."""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from pyramid_app.io import UnreadableFileError, preview_org, read_org
from pyramid_app.io.spreadsheet.errors import NoIdColumnError

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 8
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nstream\n" + bytes(range(256))
LETTER = (
    "Dear team,\n\nplease find attached the organisation chart for next quarter.\n"
    "It has changed a little since March, mostly in Rooms.\n\nRegards\nAnn\n"
)
WEB_PAGE = (
    "<!DOCTYPE html>\n<html><head><title>Staff</title></head><body><table>"
    "<tr><td>Employee ID</td><td>Manager</td></tr><tr><td>1</td><td></td></tr>"
    "</table></body></html>\n"
)


def refusal(path: Path) -> str:
    """The message of both the import and the preview the mapping dialog starts from."""
    with pytest.raises(UnreadableFileError) as imported:
        read_org(path)
    with pytest.raises(UnreadableFileError) as previewed:
        preview_org(path)
    assert str(imported.value) == str(previewed.value)
    assert not isinstance(imported.value, NoIdColumnError)
    return str(imported.value)


@pytest.mark.parametrize(
    ("name", "data", "said"),
    [
        ("org.xlsx", PNG, "org.xlsx is a PNG picture, not a spreadsheet"),
        ("photo.csv", JPEG, "photo.csv is a JPEG picture, not a spreadsheet"),
        ("chart.xlsx", PDF, "chart.xlsx is a PDF document, not a spreadsheet"),
        ("org.pdf", PDF, "org.pdf is a PDF document"),
        ("letter.txt", LETTER.encode(), "letter.txt is a text file, not a spreadsheet"),
        ("org.xlsx", LETTER.encode(), "org.xlsx is a text file, not a spreadsheet"),
        ("staff.xls", WEB_PAGE.encode(), "staff.xls is a web page (HTML), not a spreadsheet"),
        ("org.json", b'{"people": [{"id": 1, "manager": null}]}', "org.json is JSON data"),
    ],
)
def test_the_refusal_says_what_the_file_is(
    tmp_path: Path, name: str, data: bytes, said: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    message = refusal(path)
    assert said in message
    assert "--id" not in message  # not a table: no column to name


def test_a_zip_that_holds_a_spreadsheet_names_it(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("export/org chart.csv", "id,manager\n1,\n")
        archive.writestr("export/readme.pdf", "x")
    message = refusal(path)
    assert "export.xlsx is a zip archive, not a spreadsheet" in message
    assert "org chart.csv" in message and "unpack it" in message


def test_a_zip_of_pictures_says_there_is_no_spreadsheet(tmp_path: Path) -> None:
    path = tmp_path / "photos.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for number in range(5):
            archive.writestr(f"team-{number}.jpg", JPEG)
    message = refusal(path)
    assert "no spreadsheet or CSV file" in message
    assert "team-0.jpg" in message and "2 more" in message


def test_an_opendocument_text_is_not_taken_for_a_spreadsheet(tmp_path: Path) -> None:
    path = tmp_path / "minutes.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    assert "an OpenDocument text document (.odt), not a spreadsheet" in refusal(path)


def test_a_word_97_document_is_named(tmp_path: Path) -> None:
    import xlwt

    book = xlwt.Workbook()
    book.add_sheet("Staff").write(0, 0, "x")
    path = tmp_path / "letter.xls"
    book.save(str(path))
    # The same compound file with its one stream renamed as Word names its own.
    data = bytearray(path.read_bytes())
    old = "Workbook".encode("utf-16-le") + b"\x00\x00"
    at = data.index(old)
    new = "WordDocument".encode("utf-16-le") + b"\x00\x00"
    data[at : at + 64] = new.ljust(64, b"\x00")
    data[at + 64 : at + 66] = struct.pack("<H", len(new))
    path.write_bytes(bytes(data))
    assert "letter.xls is a Word 97-2003 document (.doc), not a spreadsheet" in refusal(path)


def test_a_table_without_an_id_column_is_a_choice_to_make_not_a_kind(
    csv_file: Callable[..., Path],
) -> None:
    path = csv_file([["Badge", "Lead", "Known as"], ["a", "", "Ann"], ["b", "a", "Bob"]])
    with pytest.raises(NoIdColumnError) as raised:
        read_org(path)
    assert raised.value.headers == ["Badge", "Lead", "Known as"]
    assert "no column could be the person id" in str(raised.value)
    assert preview_org(path).mapping.id is None  # the mapping dialog can open on it
