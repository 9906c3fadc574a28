"""Importing the customers' results against a bare python-calamine read of the same file.

    python bench/results_import_bench.py                  # 100,000 rows, both shapes, 7 runs
    python bench/results_import_bench.py --rows 20000 --repeats 3
    python bench/results_import_bench.py --profile excel  # where our time goes

Each file is a results sheet in the long shape (period, unit, measure, value), one row a
month, hotel and measure: 100 locations of a 2,000-person organisation, 10 measures, as many
months as the rows need. Two shapes, as different programs write them (cached in bench/out/):

* ``excel``: as Excel saves a sheet people typed: shared strings, ``<dimension>``, and the
  month a date cell ("Mar-25", the first of the month with a date style), values numbers;
* ``openpyxl``: openpyxl's write-only workbook, as a script exports one: every text an inline
  string, the month as text ("2025-03"), no ``<dimension>``.

Each run times, alternately, (a) a bare read:
``CalamineWorkbook.from_path(p).get_sheet_by_index(0).to_python()``, and (b) ours, the command
line's import path up to the save: ``read_results`` (safety gate, used-range check as the
sheet is inflated into a copy the library reads, read, header and column choice, every row's
period, unit, measure and value, repeats, the results made) and ``preview_results`` (what it
would change in the project). The ratio of the medians is what the import adds to reading the
cells at all; goal <= 1.3. Each pair's own ratio gives the spread (smallest, median, largest).
The machine's load average is printed before and after: on a shared machine the figures move
with it.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import os
import pstats
import statistics
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import numpy as np  # noqa: E402
from import_bench import CONTENT_TYPES, NS, ROOT_RELS, WORKBOOK_RELS, spread  # noqa: E402
from trees import random_parents  # noqa: E402

from pyramid_app.io.spreadsheet.results_import import preview_results, read_results  # noqa: E402
from pyramid_app.model.org import OrgChart  # noqa: E402
from pyramid_app.model.project import OrgSource, Project  # noqa: E402

OUT = ROOT / "bench" / "out"
PEOPLE = 2_000
HOTELS = [f"Hotel {name} {i}" for i, name in enumerate(["Lisbon", "Oslo", "Lima", "Pune"] * 25)]
MEASURES = [
    "Guest satisfaction",
    "Complaints per 1,000 stays",
    "First-contact resolution (%)",
    "Net promoter score",
    "Check-in minutes",
    "Room readiness (%)",
    "Breakfast rating",
    "Spa rating",
    "Repeat stays (%)",
    "Staff turnover (%)",
]
HEADER = ["Month", "Hotel", "Measure", "Value"]
SHAPES = ("excel", "openpyxl")


def project() -> Project:
    """A 2,000-person organisation whose people work at the hundred hotels."""
    parents = random_parents(PEOPLE)
    rng = np.random.default_rng(11)
    chart = OrgChart.from_parents(
        [f"E{i:06d}" for i in range(PEOPLE)],
        parents,
        names=[f"Person {i}" for i in range(PEOPLE)],
        titles=["Associate"] * PEOPLE,
        departments=["Rooms"] * PEOPLE,
        locations=[HOTELS[i] for i in rng.integers(0, len(HOTELS), PEOPLE)],
    )
    return Project(chart, OrgSource("bench.xlsx", "People"), name="Bench hotels")


def months(count: int) -> list[dt.date]:
    first = dt.date(2020, 1, 1)
    return [
        dt.date(first.year + (first.month - 1 + i) // 12, (first.month - 1 + i) % 12 + 1, 1)
        for i in range(count)
    ]


def result_rows(rows: int) -> Iterator[tuple[dt.date, str, str, float]]:
    per_month = len(HOTELS) * len(MEASURES)
    rng = np.random.default_rng(5)
    values = np.round(rng.uniform(1, 100, rows), 2).tolist()
    at = 0
    for month in months(-(-rows // per_month)):
        for hotel in HOTELS:
            for measure in MEASURES:
                if at == rows:
                    return
                yield month, hotel, measure, values[at]
                at += 1


# Styles with one date format (Excel's "mmm-yy", id 17) for the month cells.
STYLES = (
    f'<?xml version="1.0"?><styleSheet xmlns="{NS}/spreadsheetml/2006/main">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border/></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="17" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs></styleSheet>"
)
WORKBOOK = (
    f'<?xml version="1.0"?><workbook xmlns="{NS}/spreadsheetml/2006/main" '
    f'xmlns:r="{NS}/officeDocument/2006/relationships"><sheets>'
    '<sheet name="Results" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
EPOCH = dt.date(1899, 12, 30)


def write_excel_shape(path: Path, rows: int) -> None:
    """Shared strings, a ``<dimension>``, months as date cells with a date style."""
    strings: dict[str, int] = {}

    def text(ref: str, value: str) -> str:
        return f'<c r="{ref}" t="s"><v>{strings.setdefault(value, len(strings))}</v></c>'

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns='
                f'"{NS}/spreadsheetml/2006/main"><dimension ref="A1:D{rows + 1}"/>'
                "<sheetData>".encode()
            )
            header = "".join(text(f"{'ABCD'[c]}1", name) for c, name in enumerate(HEADER))
            sheet.write(f'<row r="1" spans="1:4">{header}</row>'.encode())
            for r, (month, hotel, measure, value) in enumerate(result_rows(rows), start=2):
                serial = (month - EPOCH).days
                sheet.write(
                    f'<row r="{r}" spans="1:4"><c r="A{r}" s="1"><v>{serial}</v></c>'
                    f"{text(f'B{r}', hotel)}{text(f'C{r}', measure)}"
                    f'<c r="D{r}"><v>{value}</v></c></row>'.encode()
                )
            sheet.write(b"</sheetData></worksheet>")
        with archive.open("xl/sharedStrings.xml", "w") as shared:
            shared.write(
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{NS}/'
                f'spreadsheetml/2006/main" count="{len(strings)}" '
                f'uniqueCount="{len(strings)}">'.encode()
            )
            for value in strings:
                shared.write(f"<si><t>{escape(value)}</t></si>".encode())
            shared.write(b"</sst>")
        content = CONTENT_TYPES.replace(
            "</Types>",
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.styles+xml"/></Types>',
        )
        archive.writestr("[Content_Types].xml", content)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            WORKBOOK_RELS.replace(
                "</Relationships>",
                f'<Relationship Id="rId3" Type="{NS}/officeDocument/2006/relationships/styles" '
                'Target="styles.xml"/></Relationships>',
            ),
        )
        archive.writestr("xl/styles.xml", STYLES)


def write_openpyxl_shape(path: Path, rows: int) -> None:
    """openpyxl's write-only workbook: inline strings, the month as text, no dimension."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Results")
    sheet.append(HEADER)
    for month, hotel, measure, value in result_rows(rows):
        sheet.append([f"{month:%Y-%m}", hotel, measure, value])
    workbook.save(path)


def bench_file(shape: str, rows: int, regenerate: bool) -> Path:
    path = OUT / f"results-{shape}-{rows}.xlsx"
    if regenerate or not path.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        (write_excel_shape if shape == "excel" else write_openpyxl_shape)(path, rows)
    return path


def bare_read(path: Path) -> int:
    from python_calamine import CalamineWorkbook

    return len(
        CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python(skip_empty_area=False)
    )


def ours(path: Path, into: Project) -> int:
    read = read_results(path, into)
    preview = preview_results(into, read)
    if read.problems:
        raise SystemExit(f"{path.name}: {read.problems[0]}")  # the file is meant to be clean
    return len(preview.update.new)


def run(shape: str, rows: int, repeats: int, regenerate: bool, into: Project) -> None:
    path = bench_file(shape, rows, regenerate)
    ours(path, into)  # warm: imports, the file in the page cache
    bare_times: list[float] = []
    our_times: list[float] = []
    read = found = 0
    for _ in range(repeats):
        started = time.perf_counter()
        read = bare_read(path)
        bare_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        found = ours(path, into)
        our_times.append(time.perf_counter() - started)
    bare, mine = statistics.median(bare_times), statistics.median(our_times)
    ratios = [o / b for o, b in zip(our_times, bare_times, strict=True)]
    verdict = "met" if mine / bare <= 1.3 else "NOT met"
    print(
        f"{shape:9} {rows:>9,} rows: bare {bare:6.3f} s ({read - 1:,} rows), ours {mine:6.3f} s "
        f"({found:,} new results); ratio {mine / bare:.2f} (goal <= 1.3: {verdict}); "
        f"pairs {spread(ratios)}"
    )
    gate = statistics.median(gated_read(path) for _ in range(repeats))
    print(
        f"{'':9} where ours goes: the safety gate and the read {gate:.3f} s "
        f"({gate / bare:.2f}x the bare read), the rows and the comparison {mine - gate:.3f} s "
        f"({(mine - gate) / bare:.2f}x)"
    )


def gated_read(path: Path) -> float:
    """The importer's own open and read of the sheet (the size and used-range checks first),
    with the cycle collector paused as the import pauses it."""
    from pyramid_app.io.spreadsheet.org_import import cycle_collection_paused
    from pyramid_app.io.spreadsheet.quick_check import open_source_quickly

    started = time.perf_counter()
    with cycle_collection_paused():
        source = open_source_quickly(path)
        source.table(source.sheet_names[0])
    return time.perf_counter() - started


def profile(shape: str, rows: int, into: Project) -> None:
    path = bench_file(shape, rows, False)
    ours(path, into)
    profiler = cProfile.Profile()
    profiler.enable()
    ours(path, into)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--shapes", nargs="+", choices=SHAPES, default=list(SHAPES))
    parser.add_argument("--regenerate", action="store_true", help="write the files again")
    parser.add_argument("--profile", choices=SHAPES, help="profile one import of this shape")
    args = parser.parse_args()
    into = project()
    if args.profile:
        profile(args.profile, args.rows, into)
        return 0
    print(
        f"results import against a bare python-calamine read, median of {args.repeats} runs "
        f"each, alternating; load average {load()}"
    )
    for shape in args.shapes:
        run(shape, args.rows, args.repeats, args.regenerate, into)
    print(f"load average after: {load()}")
    return 0


def load() -> str:
    """The load average over 1, 5 and 15 minutes, where the system tells it."""
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except (AttributeError, OSError):
        return "unknown"


if __name__ == "__main__":
    raise SystemExit(main())
