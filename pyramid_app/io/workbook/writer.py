"""The action plan as an Excel workbook people work from, and reading their updates back.

:func:`write_action_plan` writes the workbook (sheets: Summary, Action plan, Managers,
Touchpoints, Organisation, and a hidden Export record) beside its destination under a temporary
name and renames it over the destination only once it is complete, so a failure (a full disk, a
locked or read-only file, a missing folder) leaves the previous file as it was and says why.

:func:`read_action_plan_updates` (in :mod:`pyramid_app.io.workbook.reader`) reads an
exported workbook back after people edited it; :func:`apply_updates` (in
:mod:`pyramid_app.io.workbook.updates`) turns the preview into one undoable command.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import re
import shutil
import stat
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pyramid_app.io.memory import give_back_freed_memory
from pyramid_app.io.project.disk import fsync_path, process_alive, temporary_beside
from pyramid_app.io.workbook.columns import (
    MANAGERS_SHEET,
    ORGANISATION_SHEET,
    PLAN_SHEET,
    RECORD_SHEET,
    SUMMARY_SHEET,
    TOUCHPOINTS_SHEET,
    clean_text,
)
from pyramid_app.io.workbook.errors import ActionPlanError
from pyramid_app.io.workbook.plan_rows import PlanRows, rows_of_plan
from pyramid_app.io.workbook.reader import read_action_plan_updates
from pyramid_app.io.workbook.results_record import has_measures
from pyramid_app.io.workbook.rows import FastRows, splice_rows
from pyramid_app.io.workbook.updates import (
    Choice,
    Conflict,
    FieldChange,
    MissingRow,
    NewRow,
    Problem,
    ProblemKind,
    RowChange,
    UpdatesPreview,
    apply_updates,
)
from pyramid_app.model.coverage import Coverage, compute_coverage
from pyramid_app.model.needs_coverage import needs_coverage
from pyramid_app.model.plan_history import PlanHistory
from pyramid_app.model.project import Project

if TYPE_CHECKING:
    from openpyxl import Workbook

__all__ = [
    "ActionPlanError",
    "Choice",
    "Conflict",
    "ExportReport",
    "FieldChange",
    "MissingRow",
    "NewRow",
    "Problem",
    "ProblemKind",
    "RowChange",
    "TextChange",
    "UpdatesPreview",
    "apply_updates",
    "excel_lock_files",
    "read_action_plan_updates",
    "write_action_plan",
]

SUFFIX = ".xlsx"
# From this many people or commitments, the export gives back what each step freed before the
# next (pyramid_app/io/memory.py): a few milliseconds a time, tens of megabytes at a million.
_LARGE = 200_000


@dataclass(frozen=True)
class TextChange:
    """A cell whose text had to change to fit: ``count`` is the length before a cut, or the
    number of characters removed."""

    where: str  # "Action plan!I7"
    what: str  # "C-0042 commitment"
    count: int


@dataclass
class ExportReport:
    """What an export wrote, and every place where text had to be changed to fit Excel."""

    path: Path
    exported_at: dt.datetime
    commitments: int = 0
    managers: int = 0
    managers_committed: int = 0  # of them, managers with at least one commitment written
    people: int = 0
    touchpoint_rows: int = 0
    picture: bool = False
    cut: tuple[TextChange, ...] = ()
    cleaned: tuple[TextChange, ...] = ()
    people_left_out: int = 0
    notes: tuple[str, ...] = field(default_factory=tuple)
    seconds: float = 0.0

    def lines(self) -> list[str]:
        """The report in sentences, most important first."""
        lines = [
            f"{self.commitments:,} commitment{'' if self.commitments == 1 else 's'} by "
            f"{self.managers_committed:,} of {self.managers:,} managers, "
            f"{self.people:,} people"
            + (", with the pyramid picture" if self.picture else ", without a picture")
        ]
        for cut in self.cut:
            lines.append(
                f"{cut.where} ({cut.what}): {cut.count:,} characters, more than an Excel cell "
                "holds; cut, with a note saying so"
            )
        for cleaned in self.cleaned:
            lines.append(
                f"{cleaned.where} ({cleaned.what}): {cleaned.count:,} control character"
                f"{'' if cleaned.count == 1 else 's'} Excel cannot hold, removed"
            )
        if self.people_left_out:
            lines.append(
                f"{self.people_left_out:,} people did not fit in the Organisation sheet "
                "(Excel's row limit)"
            )
        lines.extend(self.notes)
        return lines

    def summary(self) -> str:
        return "; ".join(self.lines())


def excel_lock_files(path: Path) -> list[Path]:
    """Lock files Excel (``~$name``) and LibreOffice (``.~lock.name#``) keep beside an open
    workbook."""
    return [
        path.with_name(f"~${path.name}"),
        path.with_name(f".~lock.{path.name}#"),
    ]


def check_destination(path: Path) -> None:
    """Refuse at once a destination that cannot be written; the message says what to do."""
    if path.suffix.lower() != SUFFIX:
        raise ActionPlanError(
            f"{path.name}: an action plan is an Excel workbook; choose a name ending in .xlsx."
        )
    folder = path.parent
    if not folder.is_dir():
        raise ActionPlanError(
            f"The folder {folder} does not exist; choose another place for {path.name}."
        )
    if path.is_dir():
        raise ActionPlanError(f"{path} is a folder; choose another name for the action plan.")
    for lock in excel_lock_files(path):
        if lock.exists():
            program = "Excel" if lock.name.startswith("~$") else "LibreOffice"
            raise ActionPlanError(
                f"{path.name} is open in {program} (its lock file {lock.name} is beside it), so "
                f"it cannot be replaced. Close it in {program} and export again, or choose "
                f"another name. If {program} is not running, the lock file was left behind by "
                f"a crash: delete {lock.name}. The previous {path.name} is unchanged."
            )
    if path.exists() and _read_only(path):
        raise ActionPlanError(
            f"{path.name} is read-only, so it was not replaced. Choose another name, or make "
            f"the file writable and export again. The previous {path.name} is unchanged."
        )


def _read_only(path: Path) -> bool:
    # The write bits as well as access(): an administrator may write anything, yet a file
    # someone marked read-only should still not be overwritten behind their back.
    mode = path.stat().st_mode
    return not (mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)) or not os.access(path, os.W_OK)


def write_action_plan(
    project: Project,
    path: str | Path,
    *,
    today: dt.date,
    picture_png: bytes | None = None,
    coverage: Coverage | None = None,
    now: dt.datetime | None = None,
    history: PlanHistory | None = None,
    rows: PlanRows | None = None,
) -> ExportReport:
    """Write ``project``'s action plan to ``path`` (.xlsx), replacing any file there at once.

    ``today`` is the day the figures (overdue, coverage) are counted on; ``picture_png`` the
    pyramid coloured by coverage, placed on the Summary; ``coverage`` may be passed when it
    was already computed for ``project.chart`` on ``today``. ``now`` (naive UTC) stamps the
    export. ``history`` is the project's history of edits, which the Progress sheet's weekly
    figures are counted from (without it, from the commitments' own dates). ``rows`` are the
    plan's when it is not in ``project.plan`` (:func:`~pyramid_app.io.workbook.plan_rows.
    rows_read_again`): ``coverage`` must then be given, and the project must have no targets
    or results, whose sheets count from the whole plan. Raises
    :class:`ActionPlanError` when the file cannot be written; the previous file at ``path`` is
    then unchanged.
    """
    started = time.perf_counter()
    path = Path(path)
    check_destination(path)
    exported_at = (now or dt.datetime.now(dt.UTC).replace(tzinfo=None)).replace(microsecond=0)
    if coverage is None or coverage.chart is not project.chart or coverage.today != today:
        if rows is not None:
            raise ValueError("the plan's rows were given without their coverage")
        coverage = compute_coverage(project.chart, project.plan, today)
    if rows is not None and has_measures(project):
        raise ValueError("the Progress sheets count from the whole plan: read it first")
    if len(project.chart) >= _LARGE or len(rows or project.plan) >= _LARGE:
        # What counting coverage and drawing the picture used: 90 MB and more at a million.
        give_back_freed_memory()
    report = ExportReport(path=path, exported_at=exported_at)
    sweep_leftovers(path)
    temporary = temporary_beside(path)
    parts = temporary.with_suffix(".parts")
    # openpyxl takes a tenth of a second to import: only an export pays for it, not the
    # start of the window, which imports this module for its menus.
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    try:
        with rows_streamed_to(parts):
            fast = _build(
                workbook,
                project,
                today,
                picture_png,
                coverage,
                exported_at,
                report,
                parts,
                history,
                rows or rows_of_plan(project, today),
            )
            workbook.save(temporary)
        splice_rows(temporary, fast.deferred)
        fsync_path(temporary)
    except OSError as error:
        _discard(workbook, temporary)
        raise ActionPlanError(_writing_message(path, error)) from error
    except BaseException as error:
        _discard(workbook, temporary)
        failed = _failed_write(error)
        if failed is not None:
            raise ActionPlanError(_writing_message(path, failed)) from error
        raise
    finally:
        shutil.rmtree(parts, ignore_errors=True)
    try:
        os.replace(temporary, path)
    except OSError as error:
        _remove(temporary)
        raise ActionPlanError(
            f"{path.name} could not be replaced ({_reason(error)}): it may be open in another "
            f"program such as Excel. Close it there and export again, or choose another name. "
            f"The previous {path.name} is unchanged."
        ) from error
    fsync_path(path.parent, directory=True)
    report.seconds = time.perf_counter() - started
    return report


def _build(
    workbook: Workbook,
    project: Project,
    today: dt.date,
    picture_png: bytes | None,
    coverage: Coverage,
    exported_at: dt.datetime,
    report: ExportReport,
    scratch: Path,
    history: PlanHistory | None,
    rows: PlanRows,
) -> FastRows:
    from pyramid_app.io.workbook.progress_sheet import write_measure_sheets
    from pyramid_app.io.workbook.sheets import (
        SheetContext,
        write_managers_sheet,
        write_organisation_sheet,
        write_plan_sheet,
        write_record_sheet,
        write_touchpoints_sheet,
    )
    from pyramid_app.io.workbook.style import CellMaker, TextIssues
    from pyramid_app.io.workbook.summary import write_summary_sheet

    sheets = {
        name: workbook.create_sheet(name)
        for name in (
            SUMMARY_SHEET,
            PLAN_SHEET,
            MANAGERS_SHEET,
            TOUCHPOINTS_SHEET,
            ORGANISATION_SHEET,
            RECORD_SHEET,
        )
    }
    issues = TextIssues()
    title = clean_text(project.name).value[:80]
    context = SheetContext(
        project=project,
        coverage=coverage,
        needs=needs_coverage(project, rows.figures.answering),
        today=today,
        exported_at=exported_at,
        maker=CellMaker(sheets[SUMMARY_SHEET], issues),
        title=title,
        rows=rows,
    )
    context.fast = FastRows(scratch, context.maker.style_id)
    properties = workbook.properties
    properties.creator = "Pyramid Planner"
    properties.title = f"Action plan: {title}"
    properties.subject = "How every manager serves their reports"

    notes: list[str] = []
    picture = picture_png
    if picture is not None and not _looks_like_png(picture):
        notes.append("the pyramid picture was left out: it is not a PNG image")
        picture = None
    report.picture = write_summary_sheet(context, sheets[SUMMARY_SHEET], picture)
    large = len(project.chart) >= _LARGE or len(rows) >= _LARGE
    record = write_plan_sheet(context, sheets[PLAN_SHEET])
    if large:
        give_back_freed_memory()  # each big sheet's blocks, before the next sheet's
    report.managers = write_managers_sheet(context, sheets[MANAGERS_SHEET])
    report.touchpoint_rows = write_touchpoints_sheet(context, sheets[TOUCHPOINTS_SHEET])
    if large:
        give_back_freed_memory()
    report.people, report.people_left_out = write_organisation_sheet(
        context, sheets[ORGANISATION_SHEET]
    )
    write_record_sheet(context, sheets[RECORD_SHEET], record)
    notes += write_measure_sheets(workbook, context, history or PlanHistory())
    report.commitments = len(record)
    report.managers_committed = sum(
        1 for manager_id in rows.figures.per_manager if project.is_manager(manager_id)
    )
    report.cut = tuple(TextChange(*item) for item in issues.cut)
    report.cleaned = tuple(TextChange(*item) for item in issues.cleaned)
    report.notes = tuple(notes)
    return context.fast


def _looks_like_png(data: bytes) -> bool:
    from pyramid_app.io.workbook.summary import PNG_SIGNATURE

    return data.startswith(PNG_SIGNATURE) and data[12:16] == b"IHDR"


_STREAMING = threading.Lock()
# What an export leaves beside its destination while it runs: the workbook being written and
# the folder of the rows openpyxl streams before it saves (named by temporary_beside).
_LEFTOVER = re.compile(r"\.(?P<name>.+)\.(?P<pid>[0-9]+)-[0-9a-f]{8}\.(saving|parts)")


@contextlib.contextmanager
def rows_streamed_to(folder: Path) -> Iterator[None]:
    """openpyxl streams a write-only sheet's rows to temporary files, in the system's temporary
    folder, until it saves; a killed export left them there (70 MB for a million commitments).
    Here they go into ``folder`` beside the destination instead, which the export removes, and
    the next export removes if this one was killed."""
    from openpyxl.worksheet import _writer

    def in_folder(suffix: str = "") -> str:
        handle, name = tempfile.mkstemp(suffix=suffix, prefix="openpyxl.", dir=folder)
        os.close(handle)
        _writer.ALL_TEMP_FILES.append(name)
        return name

    folder.mkdir()
    with _STREAMING:  # the function is openpyxl's, for the whole process: one export at a time
        original = _writer.create_temporary_file
        _writer.create_temporary_file = in_folder
        try:
            yield
        finally:
            _writer.create_temporary_file = original


def sweep_leftovers(path: Path) -> None:
    """Remove what killed exports to ``path`` left beside it (their process is gone)."""
    try:
        entries = list(path.parent.iterdir())
    except OSError:
        return
    for entry in entries:
        found = _LEFTOVER.fullmatch(entry.name)
        if found is None or found["name"] != path.name or process_alive(int(found["pid"])):
            continue
        if entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            _remove(entry)


def _discard(workbook: Workbook, temporary: Path) -> None:
    """Remove the half-written file, and the rows openpyxl streamed to its own temporary
    files (write-only sheets keep them until saved)."""
    _remove(temporary)
    for sheet in workbook.worksheets:
        writer = getattr(sheet, "_writer", None)
        out = getattr(writer, "out", None)
        if isinstance(out, str):
            _remove(Path(out))


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def _failed_write(error: BaseException) -> OSError | None:
    """lxml, streaming a sheet openpyxl writes, reports a write the disk refused as a
    SerialisationError ("IO_ENOSPC"), not an OSError: the same full disk, said the same way."""
    text = str(error)
    if type(error).__name__ != "SerialisationError" or not text.startswith("IO_"):
        return None
    number = getattr(errno, text[3:], errno.EIO)
    return OSError(number, os.strerror(number))


def _reason(error: OSError) -> str:
    return error.strerror or str(error) or type(error).__name__


def _writing_message(path: Path, error: OSError) -> str:
    unchanged = f" The previous {path.name} is unchanged." if path.exists() else ""
    if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return (
            f"There is not enough space on the disk to write {path.name}; free some space or "
            f"choose another place.{unchanged}"
        )
    if error.errno == errno.EFBIG:
        return f"{path.name} would be larger than this disk or account allows.{unchanged}"
    if isinstance(error, PermissionError):
        return (
            f"Pyramid Planner may not write in the folder {path.parent}; choose another place "
            f"for {path.name}.{unchanged}"
        )
    return f"{path.name} could not be written ({_reason(error)}).{unchanged}"
