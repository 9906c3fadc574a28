"""Hostile and pathological files: each class ends quickly, in bounded memory, with exit 2 and a
clear message when the file cannot be used, or a sensible import when it can.

Every file is made here, in tmp_path, as small as the class allows.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from hostile_workbooks import ods_file

from pyramid_app.cli import main
from pyramid_app.io import FindingKind, UnreadableFileError, read_org

# The peak is this process's own (VmHWM): ru_maxrss carries over the peak of the pytest
# process that forked it (Linux keeps it across exec), so a test run earlier in the same
# session that used 500 MB would fail every max_mb=300 below.
VALIDATE_SCRIPT = """
import resource, sys
from pyramid_app.cli import main
code = main(["validate", *sys.argv[1:]])
sys.stdout.flush()
try:
    with open("/proc/self/status") as status:
        hwm = next(line for line in status if line.startswith("VmHWM:"))
    peak = int(hwm.split()[1]) // 1024
except (OSError, StopIteration):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print(f"@@peak {peak}", file=sys.stderr)
raise SystemExit(code)
"""


def validate_apart(path: Path, *options: str, max_mb: int = 1024) -> tuple[int, str, str]:
    """``pyramid-app validate`` in a fresh process: it must end within 30 s and under
    ``max_mb`` of memory, never with a traceback; (exit code, stdout, stderr)."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", VALIDATE_SCRIPT, str(path), *options],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert time.perf_counter() - started < 30
    assert "Traceback" not in done.stderr, done.stderr
    assert "@@peak" in done.stderr, f"the process died: {done.returncode} {done.stderr[-2000:]}"
    err, _marker, peak = done.stderr.rpartition("@@peak ")
    assert int(peak) < max_mb
    return done.returncode, done.stdout, err


# -- a sheet that reaches far -----------------------------------------------------------------


def _with_extra_cells(source: Path, target: Path, extra: str, dimension: str | None = None) -> Path:
    """A copy of an openpyxl workbook with raw XML added at the end of its sheet data."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as copy:
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = data.replace(b"</sheetData>", extra.encode() + b"</sheetData>")
                if dimension is not None:
                    start = data.index(b"<dimension")
                    end = data.index(b"/>", start) + 2
                    data = data[:start] + f'<dimension ref="{dimension}"/>'.encode() + data[end:]
            copy.writestr(item, data, compress_type=zipfile.ZIP_DEFLATED)
    return target


def _small_workbook(xlsx_file: Callable[..., Path]) -> Path:
    return xlsx_file([["Employee ID", "Manager ID", "Name"], ["A", "", "Ann"], ["B", "A", "Bob"]])


def test_a_stray_cell_at_the_sheets_far_corner_is_left_out_and_named(
    xlsx_file: Callable[..., Path], tmp_path: Path
) -> None:
    far = _with_extra_cells(
        _small_workbook(xlsx_file),
        tmp_path / "far.xlsx",
        '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>',
    )
    code, out, err = validate_apart(far, max_mb=300)
    assert code == 0, err
    assert "people 2" in out
    assert 'Sheet1!XFD1048576 ("x") was left out' in out and "Ctrl+End" in out


# A far cell written in forms XML allows and no spreadsheet program writes: the library reads
# each of them (and aborted the process on every one of these before they were looked for).
UNUSUAL_FAR_CELLS = {
    "single quotes": "<row r='1048576'><c r='XFD1048576' t='inlineStr'><is><t>x</t></is></c></row>",
    "spaces around =": '<row r = "1048576"><c r = "XFD1048576" t="inlineStr"><is><t>x</t></is>'
    "</c></row>",
    "a tab before r": '<row\tr="1048576"><c\tr="XFD1048576" t="inlineStr"><is><t>x</t></is>'
    "</c></row>",
    "a line break before r": '<row\nr="1048576"><c\nr="XFD1048576" t="inlineStr"><is><t>x</t>'
    "</is></c></row>",
    "small letters": '<row r="1048576"><c r="xfd1048576" t="inlineStr"><is><t>x</t></is></c></row>',
}


@pytest.mark.parametrize("form", UNUSUAL_FAR_CELLS)
def test_a_far_cell_written_unusually_is_refused_not_a_crash(
    xlsx_file: Callable[..., Path], tmp_path: Path, form: str
) -> None:
    far = _with_extra_cells(
        _small_workbook(xlsx_file), tmp_path / "far.xlsx", UNUSUAL_FAR_CELLS[form]
    )
    code, out, err = validate_apart(far, max_mb=300)
    assert code == 2 and out == "", err
    assert "reaches cell XFD1048576" in err and "Ctrl+End" in err


def test_a_reference_that_is_no_reference_is_damage(
    xlsx_file: Callable[..., Path], tmp_path: Path
) -> None:
    far = _with_extra_cells(
        _small_workbook(xlsx_file),
        tmp_path / "far.xlsx",
        '<row r="1048576"><c r="&#88;FD1048576" t="inlineStr"><is><t>x</t></is></c></row>',
    )
    code, out, err = validate_apart(far, max_mb=300)
    assert code == 2 and out == ""
    assert "damaged" in err and "'&#88;FD1048576' is not a reference like B7" in err


def test_text_that_looks_like_unusual_markup_imports(
    xlsx_file: Callable[..., Path], tmp_path: Path
) -> None:
    """Text holding "r = 'x'" takes the careful measure, which reads only tags: imported."""
    text = _with_extra_cells(
        _small_workbook(xlsx_file),
        tmp_path / "text.xlsx",
        '<row r="4"><c r="A4" t="inlineStr"><is><t>C</t></is></c><c r="B4" t="inlineStr"><is>'
        '<t>A</t></is></c><c r="C4" t="inlineStr"><is><t>say r = \'x\', r="B2"</t></is>'
        "</c></row>",
    )
    code, out, err = validate_apart(text, max_mb=300)
    assert code == 0, err
    assert "people 3" in out


def test_a_cell_beyond_excels_last_row_and_column_is_refused_before_the_sheet_is_read(
    xlsx_file: Callable[..., Path], tmp_path: Path
) -> None:
    far = _with_extra_cells(
        _small_workbook(xlsx_file),
        tmp_path / "far.xlsx",
        '<row r="99999999"><c r="ZZZZ99999999" t="inlineStr"><is><t>x</t></is></c></row>',
    )
    code, out, err = validate_apart(far, max_mb=300)
    assert code == 2 and out == ""
    assert "reaches cell ZZZZ99999999" in err and "Ctrl+End" in err


def test_a_stray_cell_hidden_behind_a_small_dimension_is_found(
    xlsx_file: Callable[..., Path], tmp_path: Path
) -> None:
    far = _with_extra_cells(
        _small_workbook(xlsx_file),
        tmp_path / "lying.xlsx",
        '<row r="900000"><c r="AAA900000" t="inlineStr"><is><t>x</t></is></c></row>',
        dimension="A1:C3",
    )
    result = read_org(far)  # found behind the lying dimension, and left out
    assert result.chart.ids == ["A", "B"]
    assert any(
        note.startswith('Sheet1!AAA900000 ("x") was left out') for note in result.report.notes
    )


def test_a_huge_stated_dimension_over_small_data_imports(
    xlsx_file: Callable[..., Path], tmp_path: Path
) -> None:
    claimed = _with_extra_cells(
        _small_workbook(xlsx_file), tmp_path / "claims.xlsx", "", dimension="A1:XFD1048576"
    )
    result = read_org(claimed)
    assert result.chart.ids == ["A", "B"]
    assert len(result.report) == 0


def _record(kind: int, data: bytes) -> bytes:
    """One record of a binary workbook part: type and size as 7-bit varints, then data."""
    head = bytearray()
    for value in (kind, len(data)):
        while True:
            head.append((value & 0x7F) | (0x80 if value > 0x7F else 0))
            value >>= 7
            if not value:
                break
    return bytes(head) + data


@pytest.mark.parametrize(("kind", "refused"), [(5, True), (1, False)])
def test_a_far_cell_in_a_binary_workbook(tmp_path: Path, kind: int, refused: bool) -> None:
    """A number (kind 5) at XFD1048576 is refused; a blank styled cell (kind 1) is not read
    by the library at all, so it must not cause a refusal either."""
    import struct

    from pyxlsbwriter import XlsbWriter

    plain = tmp_path / "plain.xlsb"
    with XlsbWriter(str(plain)) as writer:
        writer.add_sheet("Staff")
        writer.write_sheet([["Employee ID", "Manager ID", "Name"], ["1", "", "Ann"]])
    value = struct.pack("<d", 1.0) if kind == 5 else b""
    far = _record(0, struct.pack("<IIHBBI", 1_048_575, 0, 300, 0, 0, 0))
    far += _record(kind, struct.pack("<II", 16_383, 0) + value)
    path = tmp_path / "far.xlsb"
    with zipfile.ZipFile(plain) as original, zipfile.ZipFile(path, "w") as copy:
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.bin":
                end = data.rindex(b"\x92\x01\x00")  # the record ending the sheet's data
                data = data[:end] + far + data[end:]
            copy.writestr(item, data, compress_type=zipfile.ZIP_DEFLATED)
    code, out, err = validate_apart(path, max_mb=300)
    if refused:
        assert code == 2 and "reaches cell XFD1048576" in err
    else:
        assert code == 0 and "people 1" in out


def test_a_cell_record_past_the_xls_limits_is_refused(tmp_path: Path) -> None:
    """An .xls cell record names its row and column in 16 bits each; one saying 65535 for
    both would make the library allocate 4 billion cells as it opens the file."""
    import struct

    import xlwt

    third = 1 / 3  # stored as a NUMBER record: row, column, format, value
    book = xlwt.Workbook()
    sheet = book.add_sheet("Staff")
    for r, row in enumerate([*ROWS, ["3", "1", third]]):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    path = tmp_path / "far.xls"
    book.save(str(path))
    assert read_org(path).chart.names == ["Ann", "Bob", "0.3333333333333333"]
    data = bytearray(path.read_bytes())
    value_at = data.index(struct.pack("<d", third))
    struct.pack_into("<HH", data, value_at - 6, 0xFFFF, 0xFFFF)
    path.write_bytes(bytes(data))
    code, _out, err = validate_apart(path, max_mb=300)
    assert code == 2
    assert 'far.xls, sheet "Staff", reaches cell CRXP65536' in err


# -- repeat counts and wide lines ---------------------------------------------------------


def _ods_cell(text: str, repeat: int = 1) -> str:
    repeated = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    return (
        f'<table:table-cell office:value-type="string"{repeated}><text:p>{text}</text:p>'
        "</table:table-cell>"
    )


ODS_HEADER = (
    f"<table:table-row>{_ods_cell('id')}{_ods_cell('manager')}</table:table-row>"
    f"<table:table-row>{_ods_cell('1')}<table:table-cell/></table:table-row>"
)


def test_ods_repeat_counts_are_bounded_before_they_are_expanded(tmp_path: Path) -> None:
    path = ods_file(
        tmp_path / "repeats.ods",
        ODS_HEADER + f'<table:table-row table:number-rows-repeated="90000">{_ods_cell("x", 400)}'
        "</table:table-row>",
    )
    code, _out, err = validate_apart(path, max_mb=300)
    assert code == 2
    # 90,000 rows of 400 repeated cells below two rows: counted, never expanded.
    assert 'sheet "Staff", reaches cell OJ90002' in err
    assert "holding 36,000,800 cells (the limit is 18,000,000)" in err


def test_ods_trailing_empty_repeats_as_libreoffice_writes_them_import(tmp_path: Path) -> None:
    path = ods_file(
        tmp_path / "libre.ods",
        ODS_HEADER + '<table:table-row table:number-rows-repeated="1048574">'
        '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>',
    )
    assert read_org(path).chart.ids == ["1"]


def test_csv_header_with_a_million_fields_is_refused_before_splitting(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text("a," * 1_000_000 + "\n1,2\n", encoding="utf-8")
    code, _out, err = validate_apart(path, max_mb=300)
    assert code == 2
    assert "line 1 has more than 16,384 fields" in err


# -- size and memory ----------------------------------------------------------------------


def test_text_file_over_the_limit_says_the_limit(tmp_path: Path) -> None:
    from pyramid_app.io.spreadsheet.safety import MAX_TEXT_BYTES

    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:
        handle.write(b"id,manager\n1,\n" + b"2,1\n" * 5000)  # text beyond the sniffed block
        handle.truncate(MAX_TEXT_BYTES + 1)  # sparse: no disk is spent on the rest
    with pytest.raises(UnreadableFileError, match=r"huge\.csv is a text file of 192\.0 MB"):
        read_org(path)


def test_cells_past_what_memory_holds_are_refused_while_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pyramid_app.io.spreadsheet import readers

    monkeypatch.setattr(readers, "MAX_TEXT_CELLS", 100)  # six million cells take a while
    path = tmp_path / "many.csv"
    path.write_text("id,manager\n" + "".join(f"{i},\n" for i in range(80)), encoding="utf-8")
    with pytest.raises(UnreadableFileError, match=r"more than 100 cells .* \(by line 51\)"):
        read_org(path)


MEMORY_SCRIPT = """
import sys, _testcapi
from pyramid_app.cli import main
import pyramid_app.cli.validate  # imported when asked for; here before the allocations count
# CPython's own test hook: allocations number N to N+50 from here on fail, as they would when
# memory runs out at that point; later ones succeed, so the error can be reported.
_testcapi.set_nomemory(int(sys.argv[2]), int(sys.argv[2]) + 50)
code = main(["validate", sys.argv[1]])
_testcapi.remove_mem_hooks()
raise SystemExit(code)
"""


@pytest.mark.parametrize("allocation", [1_000, 20_000, 300_000])
def test_running_out_of_memory_anywhere_is_a_message_and_exit_2(
    tmp_path: Path, allocation: int
) -> None:
    pytest.importorskip("_testcapi", reason="this Python was built without its test hooks")
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("id,manager," + ",".join(f"c{c}" for c in range(10)) + "\n")
        cells = ",".join(f"v{c}" for c in range(10))
        handle.writelines(f"{i},{i - 1},{cells}\n" for i in range(50_000))
    done = subprocess.run(
        [sys.executable, "-c", MEMORY_SCRIPT, str(path), str(allocation)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("pyramid-app: ")
    assert "memory" in done.stderr and done.stderr.count("\n") == 1
    if allocation > 1_000:  # past the argument parsing, while the file is read
        assert "big.csv needs more memory than this computer has free" in done.stderr


# -- things that are not files ------------------------------------------------------------


def _unix_socket(path: Path) -> Path:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.close()  # the socket file stays behind
    return path


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
@pytest.mark.parametrize(
    ("make", "said"),
    [
        (lambda folder: (os.mkfifo(folder / "pipe.csv"), folder / "pipe.csv")[1], "named pipe"),
        (lambda folder: _unix_socket(folder / "sock.csv"), "a socket"),
        (lambda folder: folder / "null.xlsx", "a link to a device"),
        (lambda folder: folder / "pipe_link.csv", "a link to a named pipe"),
    ],
)
def test_pipes_sockets_devices_and_links_to_them_are_refused_unopened(
    tmp_path: Path, make: Callable[[Path], Path], said: str
) -> None:
    os.symlink("/dev/null", tmp_path / "null.xlsx")
    os.mkfifo(tmp_path / "target_pipe")
    os.symlink(tmp_path / "target_pipe", tmp_path / "pipe_link.csv")
    path = make(tmp_path)
    with pytest.raises(UnreadableFileError, match=said):
        read_org(path)  # a pipe that was opened would block here, waiting for a writer


# -- work that must stay linear -------------------------------------------------------------


def test_one_id_on_50000_rows_imports_quickly(tmp_path: Path) -> None:
    path = tmp_path / "same_id.csv"
    path.write_text(
        "id,manager,name\n" + "".join(f"7,,P{i}\n" for i in range(50_000)), encoding="utf-8"
    )
    started = time.process_time()  # CPU time: a busy machine does not make it grow
    result = read_org(path)
    assert time.process_time() - started < 5  # about 1 s; quadratic suffixes took minutes
    assert result.chart.ids[49_999] == "7 (50000)"
    assert len(result.report.of_kind(FindingKind.DUPLICATE_ID)) == 49_999


def test_a_name_shared_by_20000_people_as_a_manager_lists_a_handful(tmp_path: Path) -> None:
    lines = ["id,manager,name", "0,,Boss"]
    lines += [f"{i},0,Sam Poe" for i in range(1, 20_001)]
    lines += [f"{i},Sam Poe,Other {i}" for i in range(20_001, 40_001)]
    path = tmp_path / "namesakes.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    started = time.process_time()
    result = read_org(path)
    assert time.process_time() - started < 5
    findings = result.report.of_kind(FindingKind.AMBIGUOUS_MANAGER)
    assert len(findings) == 20_000
    assert findings[0].message.count("Sam Poe (") == 5
    assert "and 19,995 more" in findings[0].message
    assert len(findings[0].person_ids) == 6


# -- what the bytes say ---------------------------------------------------------------------


ROWS = [["Employee ID", "Manager ID", "Name"], ["1", "", "Ann"], ["2", "1", "Bob"]]


def _xls(path: Path) -> Path:
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("Staff")
    for r, row in enumerate(ROWS):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    book.save(str(path))
    return path


@pytest.mark.parametrize(
    ("name", "make", "really"),
    [
        ("xls_named.xlsx", "xls", "an Excel 97-2003 workbook (.xls)"),
        ("xlsx_named.xls", "xlsx", "an Excel workbook (.xlsx)"),
        ("ods_named.xlsx", "ods", "an OpenDocument spreadsheet (.ods)"),
        ("csv_named.xlsx", "csv", "a text (CSV) file"),
    ],
)
def test_a_lying_extension_is_read_by_content_and_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, make: str, really: str
) -> None:
    from spreadsheets import write_csv, write_xlsx

    path = tmp_path / name
    if make == "xls":
        _xls(path)
    elif make == "xlsx":
        write_xlsx(path, {"Staff": ROWS})
    elif make == "ods":
        body = "".join(
            "<table:table-row>" + "".join(_ods_cell(text) for text in row) + "</table:table-row>"
            for row in ROWS
        )
        ods_file(path, body)
    else:
        write_csv(path, ROWS)
    result = read_org(path)
    assert result.chart.names == ["Ann", "Bob"]
    assert result.report.notes == [
        f'{name} is really {really}, although its name ends in "{path.suffix}"; it was read '
        "as what it is."
    ]
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"note: {name} is really {really}" in out
    assert ("header on line 1" in out) is (make == "csv")


def test_a_workbook_without_its_content_types_is_called_damaged(
    xlsx_file: Callable[..., Path], tmp_path: Path
) -> None:
    source = _small_workbook(xlsx_file)
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(broken, "w") as copy:
        for item in original.infolist():
            if item.filename != "[Content_Types].xml":
                copy.writestr(item, original.read(item.filename))
    with pytest.raises(UnreadableFileError) as caught:
        read_org(broken)
    message = str(caught.value)
    assert "broken.xlsx is a damaged workbook" in message
    assert "[Content_Types].xml" in message and "unpack" not in message.casefold()


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_header_only_is_no_people_and_exit_2(
    xlsx_file: Callable[..., Path],
    csv_file: Callable[..., Path],
    capsys: pytest.CaptureFixture[str],
    kind: str,
) -> None:
    header = [["Employee ID", "Manager ID", "Name"]]
    path = xlsx_file(header) if kind == "xlsx" else csv_file(header)
    assert main(["validate", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"no people in {path.name}" in captured.err
    assert "ok" not in captured.err


def test_a_header_below_a_long_title_block_is_found(
    csv_file: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [[f"Report line {i}"] for i in range(300)]
    rows += [["Employee ID", "Manager ID", "Name"], ["1", "", "Ann"], ["2", "1", "Bob"]]
    path = csv_file(rows)
    result = read_org(path)
    assert result.header_row == 301
    assert result.chart.names == ["Ann", "Bob"]
    # The user can also say where it is, and is told when that row does not exist.
    assert main(["validate", "--header-row", "301", str(path)]) == 0
    assert "header on line 301" in capsys.readouterr().out
    assert main(["validate", "--header-row", "999", str(path)]) == 2
    assert "has no line 999 to use as the header" in capsys.readouterr().err
    project = path.with_suffix(".pyramid")
    assert main(["project", "new", str(path), "-o", str(project), "--header-row", "301"]) == 0
    assert main(["project", "info", str(project)]) == 0
    assert "people 2 · managers 1" in capsys.readouterr().out


def test_an_unclosed_quote_is_reported_with_its_line_and_rows_after_it_kept(
    tmp_path: Path,
) -> None:
    path = tmp_path / "quote.csv"
    rows = "".join(f"{i},1,Person {i}\n" for i in range(3, 300))
    path.write_text('id,manager,name\n1,,Ann\n2,1,"Bob\n' + rows, encoding="utf-8")
    result = read_org(path)
    [finding] = result.report.of_kind(FindingKind.UNCLOSED_QUOTE)
    assert finding.row == 3
    assert "a quote opened on line 3 is never closed" in finding.message
    assert result.chart.people_count == 299
    assert result.chart.names[1] == '"Bob'


def test_a_quote_left_open_at_the_end_of_the_file(tmp_path: Path) -> None:
    path = tmp_path / "end.csv"
    path.write_text('id,manager,name\n1,,Ann\n2,1,"Bob\n3,1,Cy\n', encoding="utf-8")
    result = read_org(path)
    [finding] = result.report.of_kind(FindingKind.UNCLOSED_QUOTE)
    assert (finding.row, result.chart.ids) == (3, ["1", "2", "3"])
    assert "to the end of the file" in finding.message


def test_formulas_without_saved_values_are_explained(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Employee ID", "Manager ID", "Name"])
    for row in range(2, 40):
        sheet.append(['="E"&ROW()', "", f"Person {row}"])
    path = tmp_path / "formulas.xlsx"
    workbook.save(path)
    with pytest.raises(UnreadableFileError) as caught:
        read_org(path)
    message = str(caught.value)
    assert 'ids in column A ("Employee ID") are formulas with no saved values (38 cells)' in (
        message
    )
    assert "Open it in Excel or LibreOffice, save it" in message


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark(tmp_path: Path, codec: str) -> None:
    path = tmp_path / "unicode.csv"
    path.write_bytes("Employee ID\tManager ID\tName\r\n1\t\tZoë\r\n2\t1\tBob\r\n".encode(codec))
    result = read_org(path)
    assert result.chart.names == ["Zoë", "Bob"]


def test_control_characters_never_reach_the_terminal(
    csv_file: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    path = csv_file(
        [
            ["Employee ID", "Manager ID", "Name"],
            ["1", "", "Ann\x1b[2J"],
            ["2\u202e\x9b", "\x1b]0;owned\x07", "Bob\nok: no problems found"],
            ["3", "1", "Cy"],
        ]
    )
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "\\x1b]0;owned\\x07" in out
    assert "Bob\\nok: no problems found (2\\u202e\\x9b)" in out
    assert all(not line.startswith("ok") for line in out.splitlines())
    # --json keeps the values (they round-trip) but writes no character a terminal acts on.
    assert main(["validate", "--json", str(path)]) == 1
    out = capsys.readouterr().out
    assert not any((ord(char) < 32 and char != "\n") or 0x7F <= ord(char) <= 0x9F for char in out)
    assert "\u202e" not in out and "\\u202e" in out
    [finding] = json.loads(out)["findings"]
    assert finding["person_ids"] == ["2\u202e\x9b"]
    assert finding["message"].startswith('manager "\\x1b]0;owned\\x07" of Bob\\n')
    # The same file as a newer export of a project: joiners and changes are named safely too.
    earlier = csv_file([["Employee ID", "Manager ID", "Name"], ["1", "", "Ann"]], name="old.csv")
    project = path.with_suffix(".pyramid")
    assert main(["project", "new", str(earlier), "-o", str(project)]) == 0
    assert main(["project", "update", str(project), str(path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "+ Bob\\nok: no problems found (2\\u202e\\x9b)" in out
    assert 'name "Ann" -> "Ann\\x1b[2J"' in out
