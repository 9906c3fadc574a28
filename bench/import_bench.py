"""Import speed and memory against a bare python-calamine read of the same file.

    python bench/import_bench.py            # 10k, 100k and 1,048,575 people
    python bench/import_bench.py --quick    # 10k and 100k only
    python bench/import_bench.py --kinds numeric   # only files whose ids are numbers
    python bench/import_bench.py --sizes 100000 --shapes openpyxl --repeats 7 --busy-core

For each size, each kind of id and each shape of file the script writes an org chart as xlsx
(cached in bench/out/): "text" ids like ``E0000042`` and "numeric" ids like ``1042`` (number
cells, the common case in HR exports). The shapes are what different programs write:

* ``excel``: seven columns, shared strings, the used range stated in ``<dimension>``, as Excel
  saves a workbook;
* ``openpyxl``: five columns (id, name, title, department, manager id) written by openpyxl's
  write-only mode, as scripts and pandas-like exports write them: every text an inline string
  (``t="inlineStr"``), numbers with ``t="n"``, and no ``<dimension>`` at all, so the importer
  learns the sheet's width from its first rows;
* ``libreoffice``: that openpyxl file opened and saved again by LibreOffice
  (``soffice --headless --convert-to xlsx``): shared strings, a ``<dimension>``, and its own
  styles; skipped, with the reason printed, when ``soffice`` is not installed.

It then times, in the same run, (a) a bare read:
``CalamineWorkbook.from_path(p).get_sheet_by_index(0).to_python()`` and (b) our whole import,
``read_org(p)``: safety gate, used-range check, read, sheet and header detection, column mapping
and manager column choice, validation and the OrgChart arrays. Each is the median of
``--repeats`` runs, the two alternating. The ratio full/bare is what the import adds on top of
reading the cells at all; the goal is <= 1.3 for every kind and shape at 100k and 1M. Each
alternating pair also gives a ratio of its own: their smallest, median and largest show how
far one run can stray. ``--busy-core`` keeps one core busy with a spinning process meanwhile,
as another program would on a two-core laptop. Peak memory is
measured for each in a fresh process (its VmHWM); the goal for 1M people is
under 1.5 GB.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

OUT = ROOT / "bench" / "out"
SIZES = (10_000, 100_000, 1_048_575)
HEADER = ["Employee ID", "Manager ID", "Name", "Title", "Department", "Location", "Email"]
FIRST = "Ann Bob Cleo Dev Eli Fay Gus Hana Ivo Jia Kai Lea Mo Nia Oto Pia Raj Sue Tom Uma".split()
LAST = "Abe Berg Cruz Diaz Eto Fox Gray Holm Ito Jung Kerr Lind Moss Noor Ortiz Park".split()
TITLES = "Associate Specialist Analyst Engineer Agent Technician Coordinator Advisor".split()
DEPARTMENTS = "Sales Service Operations Finance Logistics Support Marketing Legal".split()
LOCATIONS = "Lisbon Oslo Lima Pune Austin Leeds Porto Kyoto Accra Perth".split()


# -- writing a large xlsx quickly ------------------------------------------------------------


KINDS = ("text", "numeric")


def org_rows(n: int, seed: int = 7, numeric: bool = False) -> Iterator[list[str | int]]:
    """The benchmarks' random tree as spreadsheet rows with names, titles and places; with
    ``numeric`` the ids are numbers from 1001 on."""
    from trees import random_parents

    rng = random.Random(seed)
    for i, parent in enumerate(random_parents(n, seed).tolist()):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        person: str | int = 1001 + i if numeric else f"E{i + 1:07d}"
        manager: str | int = ""
        if parent >= 0:
            manager = 1001 + parent if numeric else f"E{parent + 1:07d}"
        yield [
            person,
            manager,
            f"{first} {last}",
            rng.choice(TITLES),
            rng.choice(DEPARTMENTS),
            rng.choice(LOCATIONS),
            f"{first.lower()}.{last.lower()}{i}@example.com",
        ]


def write_xlsx(path: Path, rows: Iterator[list[str | int]], n: int) -> None:
    """A minimal workbook with shared strings and number cells, as Excel saves it, streamed to
    the zip; ``n`` data rows follow the header."""
    strings: dict[str, int] = {}

    def cell(ref: str, value: str | int) -> str:
        if isinstance(value, int):
            return f'<c r="{ref}"><v>{value}</v></c>'
        if not value:
            return ""
        index = strings.setdefault(value, len(strings))
        return f'<c r="{ref}" t="s"><v>{index}</v></c>'

    letters = "ABCDEFG"
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns='
                b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                + f'<dimension ref="A1:{letters[len(HEADER) - 1]}{n + 1}"/><sheetData>'.encode()
            )
            for r, row in enumerate([HEADER, *rows], start=1):
                cells = "".join(cell(f"{letters[c]}{r}", v) for c, v in enumerate(row))
                sheet.write(f'<row r="{r}">{cells}</row>'.encode())
            sheet.write(b"</sheetData></worksheet>")
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as shared:
            shared.write(
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://'
                b"schemas.openxmlformats.org/spreadsheetml/2006/main"
                + f'" count="{len(strings)}" uniqueCount="{len(strings)}">'.encode()
            )
            for text in strings:
                shared.write(f"<si><t>{escape(text)}</t></si>".encode())
            shared.write(b"</sst>")
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)


NS = "http://schemas.openxmlformats.org"
CONTENT_TYPES = (
    f'<?xml version="1.0"?><Types xmlns="{NS}/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
    'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
    'worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
)
ROOT_RELS = (
    f'<?xml version="1.0"?><Relationships xmlns="{NS}/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{NS}/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    f'<?xml version="1.0"?><workbook xmlns="{NS}/spreadsheetml/2006/main" '
    f'xmlns:r="{NS}/officeDocument/2006/relationships"><sheets>'
    '<sheet name="People" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    f'<?xml version="1.0"?><Relationships xmlns="{NS}/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{NS}/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" '
    f'Type="{NS}/officeDocument/2006/relationships/sharedStrings" '
    'Target="sharedStrings.xml"/></Relationships>'
)


SHAPES = ("excel", "openpyxl", "libreoffice")
SCRIPT_HEADER = ["id", "name", "title", "department", "manager id"]


def write_with_openpyxl(path: Path, rows: Iterator[list[str | int]]) -> None:
    """The org chart as a script writes it with openpyxl's write-only workbook: five columns,
    inline strings, no ``<dimension>``; an empty manager cell is not written at all."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Sheet1")
    sheet.append(SCRIPT_HEADER)
    for person, manager, name, title, department, *_rest in rows:
        sheet.append([person, name, title, department, manager if manager != "" else None])
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)


def missing_tool(shape: str) -> str | None:
    """Why ``shape`` cannot be made on this machine; None when it can."""
    if shape == "libreoffice" and shutil.which("soffice") is None:
        return "soffice (LibreOffice) is not installed on this machine"
    return None


def save_with_libreoffice(source: Path, path: Path) -> None:
    """``source`` opened and saved as xlsx by LibreOffice, with a scratch profile so that a
    running LibreOffice or the user's settings play no part."""
    with tempfile.TemporaryDirectory(prefix="bench-soffice-") as name:
        folder = Path(name)
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{folder / 'profile'}",
                "--headless",
                "--convert-to",
                "xlsx",
                "--outdir",
                str(folder),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=1800,
        )
        shutil.move(folder / source.name, path)


def bench_file(n: int, regenerate: bool, kind: str = "text", shape: str = "excel") -> Path:
    """The cached file of ``n`` people with ``kind`` ids in ``shape``, written when missing."""
    prefix = "org" if shape == "excel" else shape
    path = OUT / f"{prefix}_{n}_{kind}.xlsx"
    if regenerate or not path.exists():
        started = time.perf_counter()
        rows = org_rows(n, numeric=kind == "numeric")
        if shape == "excel":
            write_xlsx(path, rows, n)
        elif shape == "openpyxl":
            write_with_openpyxl(path, rows)
        else:
            save_with_libreoffice(bench_file(n, regenerate, kind, "openpyxl"), path)
        print(f"  wrote {path.name} in {time.perf_counter() - started:.1f} s", flush=True)
    return path


@contextmanager
def busy_core(busy: bool) -> Iterator[None]:
    """With ``busy``, one spinning process runs meanwhile: the other program of a two-core
    laptop. It is stopped by its own handle when the block ends."""
    if not busy:
        yield
        return
    spinner = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        yield
    finally:
        spinner.kill()
        spinner.wait()


def spread(ratios: list[float]) -> str:
    """Smallest, median and largest of per-run ratios."""
    return (
        f"{min(ratios):.2f} / {statistics.median(ratios):.2f} / {max(ratios):.2f} "
        f"(min / median / max of {len(ratios)})"
    )


# -- measuring ---------------------------------------------------------------------------------


def bare_read(path: Path) -> int:
    from python_calamine import CalamineWorkbook

    rows = (
        CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python(skip_empty_area=False)
    )
    return len(rows)


def full_import(path: Path) -> int:
    from pyramid_app.io import read_org

    return read_org(path).chart.people_count


def median_times(path: Path, repeats: int) -> tuple[float, float, list[float], int, int]:
    """Medians of ``repeats`` bare reads and full imports, run alternately so that a slow
    spell of this shared machine falls on both sides alike, and the ratio of each pair."""
    bare: list[float] = []
    full: list[float] = []
    rows = people = 0
    for _ in range(repeats):
        started = time.perf_counter()
        rows = bare_read(path)
        bare.append(time.perf_counter() - started)
        started = time.perf_counter()
        people = full_import(path)
        full.append(time.perf_counter() - started)
    ratios = [ours / baseline for ours, baseline in zip(full, bare, strict=True)]
    return statistics.median(bare), statistics.median(full), ratios, rows, people


def peak_memory_mb(mode: str, path: Path) -> float:
    """Peak RSS of one bare read or one full import in a fresh interpreter."""
    done = subprocess.run(
        [sys.executable, __file__, "--measure-one", mode, str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(done.stdout.strip().splitlines()[-1])


def measure_one(mode: str, path: Path) -> None:
    import numpy  # noqa: F401  (loaded by both modes' callers; keep the baseline fair)
    from memory import peak_resident_mb

    (bare_read if mode == "bare" else full_import)(path)
    print(peak_resident_mb())


def phase_breakdown(path: Path) -> dict[str, float]:
    """Wall time per import phase, by wrapping the phase functions in this process only."""
    from pyramid_app.io.spreadsheet import build, org_import, readers

    spent: dict[str, float] = {}

    def timed(name: str, function: Callable[..., object]) -> Callable[..., object]:
        def wrapper(*args: object, **kwargs: object) -> object:
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + time.perf_counter() - started

        return wrapper

    originals = (org_import.open_source_quickly, readers.Source.table, org_import.build_chart)
    org_import.open_source_quickly = timed(
        "open (safety gate, far-cell check, workbook)", originals[0]
    )
    readers.Source.table = timed("read sheet cells", originals[1])  # type: ignore[method-assign]
    org_import.build_chart = timed("validate + build OrgChart", originals[2])
    try:
        started = time.perf_counter()
        org_import.read_org(path)
        spent["total"] = time.perf_counter() - started
    finally:
        org_import.open_source_quickly, readers.Source.table, org_import.build_chart = originals
    named = sum(value for key, value in spent.items() if key != "total")
    spent["header, mapping, rest"] = spent["total"] - named
    _ = build
    return spent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", help="comma-separated people counts")
    parser.add_argument("--quick", action="store_true", help="10k and 100k only")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--kinds", help="comma-separated: text, numeric (default both)")
    parser.add_argument(
        "--shapes", help=f"comma-separated: {', '.join(SHAPES)} (default all that can be made)"
    )
    parser.add_argument("--busy-core", action="store_true", help="keep one core busy meanwhile")
    parser.add_argument("--no-memory", action="store_true", help="skip the memory runs")
    parser.add_argument("--measure-one", nargs=2, metavar=("MODE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure_one:
        measure_one(args.measure_one[0], Path(args.measure_one[1]))
        return 0
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else list(SIZES)
    if args.quick:
        sizes = [10_000, 100_000]
    kinds = args.kinds.split(",") if args.kinds else list(KINDS)
    shapes = []
    for shape in args.shapes.split(",") if args.shapes else SHAPES:
        reason = missing_tool(shape)
        if reason:
            print(f"shape {shape} skipped: {reason}", flush=True)
        else:
            shapes.append(shape)
    files = {
        (n, kind, shape): bench_file(n, args.regenerate, kind, shape)
        for n in sizes
        for shape in shapes
        for kind in kinds
    }
    table = []
    with busy_core(args.busy_core):
        if args.busy_core:
            print("one core kept busy by a spinning process", flush=True)
        for (n, kind, shape), path in files.items():
            print(f"{n:,} people, {kind} ids, {shape} shape", flush=True)
            repeats = args.repeats if n <= 200_000 else max(1, args.repeats - 1)
            bare_read(path)  # warm the page cache so neither side pays for the disk
            bare, full, ratios, rows, people = median_times(path, repeats)
            assert people == n and rows == n + 1, (people, rows)
            memory = (
                (None, None)
                if args.no_memory
                else (peak_memory_mb("bare", path), peak_memory_mb("full", path))
            )
            table.append((n, kind, shape, bare, full, ratios, memory))
            print(
                f"  bare read {bare:.2f} s · full import {full:.2f} s · ratio {full / bare:.2f}"
                + (f" · peak {memory[1]:,.0f} MB (bare {memory[0]:,.0f} MB)" if memory[0] else "")
                + f"\n  ratio per run {spread(ratios)}",
                flush=True,
            )
        largest = max(sizes)
        for (n, kind, shape), path in files.items():
            if n == largest:
                print(f"\nwhere the time goes at {largest:,} people, {kind} ids, {shape} shape:")
                for phase, seconds in phase_breakdown(path).items():
                    print(f"  {phase:32s} {seconds:6.2f} s")
    print(
        "\n| people | ids | shape | bare calamine read | full import | ratio (goal <= 1.3) | "
        "ratio per run min / median / max | peak memory (goal < 1.5 GB at 1M) |"
    )
    print("|---:|---|---|---:|---:|---:|---:|---:|")
    for n, kind, shape, bare, full, ratios, (bare_mb, full_mb) in table:
        memory_text = f"{full_mb:,.0f} MB (bare read {bare_mb:,.0f} MB)" if full_mb else "-"
        print(
            f"| {n:,} | {kind} | {shape} | {bare:.2f} s | {full:.2f} s | {full / bare:.2f} | "
            f"{min(ratios):.2f} / {statistics.median(ratios):.2f} / {max(ratios):.2f} | "
            f"{memory_text} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
