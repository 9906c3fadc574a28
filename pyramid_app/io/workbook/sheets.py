"""The data sheets of the action-plan workbook: Action plan, Managers, Touchpoints,
Organisation, and the hidden Export record.

Each is an Excel table (filters, banded rows) with a frozen header, set widths and a print
setup. Big sheets are written row by row (openpyxl's write-only mode), columns at a time where
text has to be checked, so a 100,000-person organisation costs about what its cell values do.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any

import numpy as np
from openpyxl.formatting.rule import DataBarRule, FormulaRule
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

from pyramid_app.io.workbook.columns import (
    COLUMN_BY_KEY,
    EXCEL_MAX_ROWS,
    PLAN_COLUMNS,
    PLAN_TABLE,
    PRINTED_PLAN_KEYS,
    RECORD_ENTRIES_PER_CELL,
    RECORD_HEADER,
    RECORD_MARK,
    RECORD_VERSION,
    Column,
    fingerprints,
    record_time,
)
from pyramid_app.io.workbook.plan_rows import PlanRows
from pyramid_app.io.workbook.printing import header_widths, leave_out_of_print, print_columns
from pyramid_app.io.workbook.rows import FAST_ROWS, FastRows
from pyramid_app.io.workbook.style import (
    BLUE,
    DONE_FILL,
    DONE_TEXT,
    DROPPED_TEXT,
    GAP_FILL,
    GAP_TEXT,
    OVERDUE_FILL,
    OVERDUE_TEXT,
    TABLE_STYLE,
    CellMaker,
    line_capacity,
    row_heights,
    set_print,
    set_widths,
)
from pyramid_app.model.coverage import Coverage, ManagerState
from pyramid_app.model.coverage_frame import chart_frame
from pyramid_app.model.customers import served_people
from pyramid_app.model.needs_coverage import NeedsCoverage
from pyramid_app.model.org import OrgChart
from pyramid_app.model.plan import STANDARD_CADENCES, Commitment, Status
from pyramid_app.model.project import Project

_LAST_ROW = EXCEL_MAX_ROWS


@dataclass
class SheetContext:
    """What every sheet writer needs: the project, its figures, the cell maker, the title."""

    project: Project
    coverage: Coverage
    needs: NeedsCoverage
    today: dt.date
    exported_at: dt.datetime
    maker: CellMaker
    title: str  # for the page header
    rows: PlanRows  # the plan's figures, and its commitments in the Action plan's order
    fast: FastRows | None = None  # writes the rows of big sheets as text (action_plan_rows.py)


def add_table(sheet: Any, name: str, headers: Sequence[str], rows: int) -> str:
    """An Excel table over the header and ``rows`` data rows (at least one, maybe empty)."""
    ref = f"A1:{get_column_letter(len(headers))}{max(rows, 1) + 1}"
    table = Table(displayName=name, ref=ref)
    table.tableStyleInfo = TableStyleInfo(
        name=TABLE_STYLE, showRowStripes=True, showColumnStripes=False
    )
    # Write-only sheets cannot look their headers up, so the columns are named here.
    table.tableColumns = [TableColumn(id=i, name=h) for i, h in enumerate(headers, start=1)]
    table.autoFilter = AutoFilter(ref=ref)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "you must add table columns manually": done above
        sheet.add_table(table)
    return ref


def start_sheet(
    context: SheetContext,
    sheet: Any,
    headers: Sequence[str],
    widths: Sequence[float],
    freeze: str = "A2",
    tab: str | None = None,
) -> list[float]:
    """Widths, frozen panes, print setup and the header row, in the order write-only needs;
    returns the widths set (widened where a header word would not fit on a line)."""
    widths = header_widths(headers, widths)
    set_widths(sheet, widths)
    sheet.freeze_panes = freeze
    if tab:
        sheet.sheet_properties.tabColor = tab
    set_print(sheet, title=context.title)
    sheet.row_dimensions[1].height = 30
    sheet.append(context.maker.row(sheet, list(headers), ["header"] * len(headers)))
    return widths


def write_rows(
    context: SheetContext,
    sheet: Any,
    columns: Sequence[list[Any]],
    styles: Sequence[str | None],
    widths: Sequence[float] = (),
    first_row: int = 2,
) -> int:
    """Write column lists as rows; plain values where no style is needed.

    Rows with wrapped text (style "wrap") get a height that shows it all; ``widths`` are the
    column widths it is wrapped in.
    """
    maker = context.maker
    count = len(columns[0]) if columns else 0
    heights = _heights(columns, styles, widths)
    if (
        count >= FAST_ROWS
        and context.fast is not None
        and context.fast.write(sheet.title, columns, styles, heights, first_row)
    ):
        return count
    if all(style is None for style in styles):
        # Most cells go in as plain values; only text starting like a formula needs its own.
        risky: set[int] = set()
        for column in columns:
            risky.update(
                i for i, value in enumerate(column) if type(value) is str and value[:1] in "=+-@\t"
            )
        for i, values in enumerate(zip(*columns, strict=True)):
            sheet.append(maker.row(sheet, values) if i in risky else values)
        return count
    styled = [(i, style) for i, style in enumerate(styles) if style is not None]
    every = len(styled) == len(styles)
    dimensions = sheet.row_dimensions
    cell = maker.cell
    for number, values in enumerate(zip(*columns, strict=True), start=first_row):
        if heights is not None and heights[number - first_row] is not None:
            dimensions[number].height = heights[number - first_row]
        if every:
            sheet.append(maker.row(sheet, values, styles))
            continue
        row = [cell(sheet, value) for value in values]
        for i, style in styled:
            row[i] = cell(sheet, values[i], style)
        sheet.append(row)
    return count


def _heights(
    columns: Sequence[list[Any]], styles: Sequence[str | None], widths: Sequence[float]
) -> list[float | None] | None:
    wrapped = [i for i, style in enumerate(styles) if style == "wrap"]
    if not (widths and wrapped):
        return None
    return row_heights([columns[i] for i in wrapped], [line_capacity(widths[i]) for i in wrapped])


# Rows made at a time by :func:`write_row_blocks` (a block of 50,000 plan rows held 160 MB at
# its peak, one of 20,000 about 100 MB, and the export takes no longer); cells of the export
# record (each holds RECORD_ENTRIES_PER_CELL entries).
ROW_BLOCK = 10_000
RECORD_BLOCK = 200


def write_row_blocks(
    context: SheetContext,
    sheet: Any,
    count: int,
    block: Callable[[int, int], list[list[Any]]],
    styles: Sequence[str | None],
    widths: Sequence[float] = (),
    first_row: int = 2,
    block_rows: int | None = None,
) -> int:
    """:func:`write_rows` for a sheet of ``count`` rows (from ``first_row``) whose columns
    ``block(start, stop)`` makes for the rows ``start`` to ``stop``: a sheet of a million rows
    then never holds all its cells' values at once (a plan's sheet did: half a gigabyte).

    Should a block hold what must go the ordinary way, the sheet is written that way whole,
    its blocks made again (and the text changes they report counted once)."""
    block_rows = block_rows or ROW_BLOCK
    starts = range(0, count, block_rows)
    issues = context.maker.issues
    reported = len(issues.cleaned), len(issues.cut)
    if count >= FAST_ROWS and context.fast is not None:
        with context.fast.sheet(sheet.title, styles) as rows:
            for start in starts:
                columns = block(start, min(start + block_rows, count))
                if not rows.add(columns, _heights(columns, styles, widths), first_row + start):
                    break
            else:
                rows.finish()
                return count
        del issues.cleaned[reported[0] :], issues.cut[reported[1] :]
    blocks = [block(start, min(start + block_rows, count)) for start in starts]
    columns = [list(chain.from_iterable(parts)) for parts in zip(*blocks, strict=True)]
    return write_rows(context, sheet, columns or [[]] * len(styles), styles, widths, first_row)


def _where(
    sheet_name: str, column: int, what: Callable[[int], str], first: int = 0
) -> Callable[[int], tuple[str, str]]:
    """Names the cell of the ``i``-th row of a block whose first row is row ``first`` of the
    sheet's data (``what(i)`` says what it holds)."""
    letter = get_column_letter(column)
    return lambda i: (f"{sheet_name}!{letter}{first + i + 2}", what(i))


# -- Action plan ----------------------------------------------------------------------------


def write_plan_sheet(context: SheetContext, sheet: Any) -> RecordEntries:
    """The commitments a row each, in the order of ``context.rows``; returns the export
    record's entries of those written."""
    project, maker = context.project, context.maker
    chart, customer_map = project.chart, project.customer_map
    count = min(len(context.rows), _LAST_ROW - 1)
    record = RecordEntries(count)
    headers = [column.header for column in PLAN_COLUMNS]
    widths = start_sheet(
        context, sheet, headers, [c.width for c in PLAN_COLUMNS], freeze="B2", tab=BLUE
    )

    def who(person_id: str) -> str:
        try:
            name = chart.names[chart.index_of(person_id)]
        except KeyError:
            name = ""
        return f"{name} ({person_id})" if name and name != person_id else person_id

    def need_line(need_id: str) -> str:
        need = customer_map.need(need_id)
        if need is None:
            return f"{need_id} (no longer a need of any touchpoint)"
        return f"{need.text} ({need_id}, {need.kind.value}, {need.importance.value})"

    names, titles = chart.names, chart.titles
    departments, locations = chart.departments, chart.locations
    levels = chart.levels.tolist()
    statuses = {status: status.value for status in Status}
    styles = [_plan_style(column.kind) for column in PLAN_COLUMNS]

    def block(first: int, stop: int) -> list[list[Any]]:
        """The columns of the rows ``first`` to ``stop``, each one comprehension."""
        some = context.rows.block(first, stop)
        record.put(first, some)
        manager_ids = [c.manager_id for c in some]
        where = chart.indices_of(manager_ids)
        lasts = [c.last_note for c in some]
        columns: dict[str, list[Any]] = {
            "id": [c.id for c in some],
            "manager_id": manager_ids,
            "manager": [
                f"{manager_id} (not in the organisation now)"
                if i is None
                else names[i] or manager_id
                for i, manager_id in zip(where, manager_ids, strict=True)
            ],
            "title": ["" if i is None else titles[i] for i in where],
            "department": ["" if i is None else departments[i] for i in where],
            "location": ["" if i is None else locations[i] for i in where],
            # Someone not connected to the chief executive has no level.
            "level": [None if i is None or levels[i] < 0 else levels[i] for i in where],
            "practice": [c.practice for c in some],
            "text": [c.text for c in some],
            "serves": [
                "\n".join(who(person_id) for person_id in c.serves)
                if c.serves
                else "All direct reports"
                for c in some
            ],
            "measure": [c.measure for c in some],
            "cadence": [c.cadence for c in some],
            "due": [c.due for c in some],
            "status": [statuses[c.status] for c in some],
            "note": [last.text if last else "" for last in lasts],
            "note_date": [last.on if last else None for last in lasts],
            "needs": ["\n".join(need_line(need_id) for need_id in c.needs) for c in some],
        }
        ids = columns["id"]
        for number, column in enumerate(PLAN_COLUMNS, start=1):
            if column.kind in ("text", "wrap"):
                words = _where(sheet.title, number, _plan_cell_words(ids, column), first)
                columns[column.key] = maker.texts(columns[column.key], words)
        return [columns[c.key] for c in PLAN_COLUMNS]

    count = write_row_blocks(context, sheet, count, block, styles, widths)
    add_table(sheet, PLAN_TABLE, headers, count)
    _plan_rules(sheet, max(count, 1) + 1)
    print_columns(
        sheet,
        plan_column_number(PRINTED_PLAN_KEYS[0]),
        plan_column_number(PRINTED_PLAN_KEYS[-1]),
        max(count, 1) + 1,
    )
    return record


def _plan_cell_words(ids: list[Any], column: Column) -> Callable[[int], str]:
    return lambda i: f"{ids[i]} {column.header.lower()}"


def _plan_style(kind: str) -> str:
    return {"wrap": "wrap", "date": "date", "number": "number"}.get(kind, "text")


def _letter(key: str) -> str:
    return str(get_column_letter([c.key for c in PLAN_COLUMNS].index(key) + 1))


def _plan_rules(sheet: Any, last_row: int) -> None:
    """Drop-downs and the colours of overdue, done and dropped rows."""
    status, due, cadence = _letter("status"), _letter("due"), _letter("cadence")
    note_date = _letter("note_date")
    statuses = ",".join(status_value.value for status_value in Status)
    choose = DataValidation(
        type="list",
        formula1=f'"{statuses}"',
        allow_blank=False,
        showErrorMessage=True,
        errorTitle="Status",
        error=f"Choose one of: {statuses.replace(',', ', ')}.",
        showInputMessage=True,
        promptTitle="Status",
        prompt="Choose from the list.",
    )
    choose.add(f"{status}2:{status}{last_row}")
    cadences = DataValidation(
        type="list",
        formula1=f'"{",".join(STANDARD_CADENCES)}"',
        allow_blank=True,
        # Any other cadence ("every sprint") is fine too: the list only offers the usual ones.
        showErrorMessage=False,
        showInputMessage=True,
        promptTitle="Cadence",
        prompt="Pick one, or type your own.",
    )
    cadences.add(f"{cadence}2:{cadence}{last_row}")
    dates = DataValidation(
        type="date",
        operator="greaterThan",
        formula1="1",
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle="Date",
        error="This does not look like a date; type it as 2025-06-30 or 30 Jun 2025.",
    )
    dates.add(f"{due}2:{due}{last_row}")
    dates.add(f"{note_date}2:{note_date}{last_row}")
    for validation in (choose, cadences, dates):
        sheet.data_validations.append(validation)

    # Overdue (live: TODAY() as the workbook is opened) marks the due date and the status;
    # done marks the status; a dropped commitment greys its whole row.
    whole = f"A2:{get_column_letter(len(PLAN_COLUMNS))}{last_row}"
    overdue = (
        f'AND(ISNUMBER(${due}2),${due}2<TODAY(),OR(${status}2="planned",${status}2="in progress"))'
    )
    sheet.conditional_formatting.add(
        f"{due}2:{due}{last_row} {status}2:{status}{last_row}",
        FormulaRule(
            formula=[overdue],
            fill=PatternFill(bgColor=OVERDUE_FILL),
            font=Font(color=OVERDUE_TEXT, bold=True),
        ),
    )
    sheet.conditional_formatting.add(
        f"{status}2:{status}{last_row}",
        FormulaRule(
            formula=[f'${status}2="done"'],
            fill=PatternFill(bgColor=DONE_FILL),
            font=Font(color=DONE_TEXT),
        ),
    )
    sheet.conditional_formatting.add(
        whole,
        FormulaRule(formula=[f'${status}2="dropped"'], font=Font(color=DROPPED_TEXT, italic=True)),
    )


# -- Managers -------------------------------------------------------------------------------

MANAGER_HEADERS = (
    ("Manager id", 12),
    ("Name", 20),
    ("Title", 24),
    ("Department", 18),
    ("Location", 14),
    ("Reports to", 12),
    ("Level", 7),
    ("State", 15),
    ("Direct reports", 9),
    ("People under them", 11),
    ("Commitments", 13),
    ("Active", 9),
    ("Front line under them", 11),
    ("Served", 9),
    ("Not served", 9),
    ("Served share", 11),
)
_STATE_COLUMN = get_column_letter(8)
_SHARE_COLUMN = get_column_letter(len(MANAGER_HEADERS))


def front_line_under(coverage: Coverage) -> tuple[np.ndarray, np.ndarray]:
    """Per node: front-line people in its subtree, and how many of them are served."""
    chart = coverage.chart
    n = len(chart)
    front = coverage.front_line.astype(np.int64)
    served = (coverage.front_line & coverage.served).astype(np.int64)
    for nodes in reversed(chart.level_nodes[1:]):
        parents = chart.parent[nodes]
        front += np.bincount(parents, weights=front[nodes], minlength=n).astype(np.int64)
        served += np.bincount(parents, weights=served[nodes], minlength=n).astype(np.int64)
    return front, served


def write_managers_sheet(context: SheetContext, sheet: Any) -> int:
    project, coverage = context.project, context.coverage
    chart = project.chart
    frame = chart_frame(chart)
    order = frame.order
    managers = order[frame.manager[order]].tolist()[: _LAST_ROW - 1]
    headers = [header for header, _width in MANAGER_HEADERS]
    start_sheet(context, sheet, headers, [w for _h, w in MANAGER_HEADERS], freeze="C2")
    counts = context.rows.figures.per_manager
    active = context.rows.figures.active_per_manager
    front, served = front_line_under(coverage)
    states = coverage.manager_state
    maker = context.maker

    def block(start: int, stop: int) -> list[list[Any]]:
        # A block of managers at a time: 130,000 managers' cells at once took 150 MB.
        nodes = managers[start:stop]
        who = person_columns(chart, nodes)
        ids = who[0]
        fronts, serveds = front[nodes].tolist(), served[nodes].tolist()
        columns: list[list[Any]] = [
            *who,
            [ManagerState(int(states[i])).label for i in nodes],
            chart.span_of_control[nodes].tolist(),
            (chart.subtree_size[nodes] - 1).tolist(),
            [counts.get(person_id, 0) for person_id in ids],
            [active.get(person_id, 0) for person_id in ids],
            fronts,
            serveds,
            (front[nodes] - served[nodes]).tolist(),
            [s / f if f else None for s, f in zip(serveds, fronts, strict=True)],
        ]
        for number in range(1, 7):
            columns[number - 1] = maker.texts(
                columns[number - 1],
                _where(sheet.title, number, lambda i: f"manager {ids[i]}", start),
            )
        return columns

    styles: list[str | None] = [None] * (len(MANAGER_HEADERS))
    styles[6] = "centre"
    styles[-1] = "percent"
    count = write_row_blocks(context, sheet, len(managers), block, styles)
    add_table(sheet, "Managers", headers, count)
    last_row = max(count, 1) + 1
    width = get_column_letter(len(headers))
    sheet.conditional_formatting.add(
        f"A2:{width}{last_row}",
        FormulaRule(
            formula=[f'${_STATE_COLUMN}2="{ManagerState.NONE.label}"'],
            fill=PatternFill(bgColor=GAP_FILL),
            font=Font(color=GAP_TEXT),
        ),
    )
    sheet.conditional_formatting.add(
        f"{_SHARE_COLUMN}2:{_SHARE_COLUMN}{last_row}",
        DataBarRule(start_type="num", start_value=0, end_type="num", end_value=1, color=BLUE),
    )
    # A row a manager: pages of figures. Coverage by level is on the Summary; the sheet is
    # for screen and filters ("No commitment yet").
    leave_out_of_print(sheet, len(headers) + 2)
    return count


# -- Touchpoints ----------------------------------------------------------------------------

TOUCHPOINT_HEADERS = (
    ("Segment", 16),
    ("Touchpoint id", 10),
    ("Touchpoint", 24),
    ("Who serves it", 24),
    ("Front-line people", 10),
    ("Need id", 9),
    ("Kind", 7),
    ("Need", 34),
    ("Importance", 11),
    ("Answered by", 34),
    ("Answered", 10),
)


def write_touchpoints_sheet(context: SheetContext, sheet: Any) -> int:
    project, needs = context.project, context.needs
    chart = project.chart
    headers = [header for header, _width in TOUCHPOINT_HEADERS]
    widths = start_sheet(context, sheet, headers, [w for _h, w in TOUCHPOINT_HEADERS], freeze="D2")

    def answering(commitment_id: str) -> str:
        commitment = context.rows.answering(commitment_id)
        if commitment is None:
            return commitment_id
        manager = project.display_name(commitment.manager_id)
        return f"{commitment_id} {manager}: {commitment.text}"

    rows: list[list[Any]] = []
    for segment in project.customer_map:
        if not segment.touchpoints:
            rows.append(
                [segment.name, "", "(no touchpoints yet)", "", None, "", "", "", "", "", ""]
            )
        for touchpoint in segment.touchpoints:
            who = "; ".join(rule.describe() for rule in touchpoint.rules) or "(nobody chosen yet)"
            people = int(served_people(chart, touchpoint).shape[0])
            head = [segment.name, touchpoint.id, touchpoint.name, who, people]
            if not touchpoint.needs:
                rows.append([*head, "", "", "(no needs written yet)", "", "", ""])
            for need in touchpoint.needs:
                by = needs.answered_by.get(need.id, ())
                rows.append(
                    [
                        *head,
                        need.id,
                        need.kind.value,
                        need.text,
                        need.importance.value,
                        "\n".join(answering(i) for i in by),
                        "yes" if by else "no",
                    ]
                )
    columns: list[list[Any]] = (
        [list(column) for column in zip(*rows, strict=True)] if rows else [[] for _ in headers]
    )
    maker = context.maker
    for number, column in enumerate(columns, start=1):
        if number != 5:
            columns[number - 1] = maker.texts(
                column, _where(sheet.title, number, lambda i: "touchpoint row")
            )
    styles = [
        "wrap",
        "text",
        "wrap",
        "wrap",
        "number",
        "text",
        "text",
        "wrap",
        "text",
        "wrap",
        "text",
    ]
    count = write_rows(context, sheet, columns, styles, widths) if rows else 0
    add_table(sheet, "Touchpoints", headers, count)
    # A row a need, with the commitments answering it: pages of them. Their figures are on
    # the Summary; the sheet is for screen and filters.
    leave_out_of_print(sheet, len(headers) + 2)
    last_row = max(count, 1) + 1
    sheet.conditional_formatting.add(
        f"A2:K{last_row}",
        FormulaRule(
            formula=['AND($I2="must",$K2="no")'],
            fill=PatternFill(bgColor=OVERDUE_FILL),
            font=Font(color=OVERDUE_TEXT, bold=True),
        ),
    )
    return count


# -- Organisation ---------------------------------------------------------------------------

ORGANISATION_HEADERS = (
    ("Person id", 12),
    ("Name", 22),
    ("Title", 26),
    ("Department", 18),
    ("Location", 14),
    ("Manager id", 12),
    ("Level", 7),
    ("Chain of managers, down to the chief executive", 70),
)


def manager_chains(project: Project) -> dict[int, str]:
    """Per real manager, the chain of managers their reports have: the manager's name, then
    the manager's own managers' down to the top (real people). A person's chain is their
    manager's entry (none without a real manager): one string per team, made from the
    managers alone (a chain per person took 200 MB for a million people, a list of them and
    of the breadth-first order 80 MB more)."""
    chart = project.chart
    parent, real, names, ids = chart.parent, chart.real, chart.names, chart.ids
    order = chart_frame(chart).order
    heads = order[(chart.span_of_control[order] > 0) & real[order]].tolist()
    ups = parent[heads].tolist()
    chains: dict[int, str] = {}
    for head, up in zip(heads, ups, strict=True):  # a manager's managers come before them
        above = chains.get(up, "")
        name = names[head] or ids[head]
        chains[head] = f"{name} › {above}" if above else name  # noqa: RUF001
    return chains


def write_organisation_sheet(context: SheetContext, sheet: Any) -> tuple[int, int]:
    """Every real person in the sheet's order; returns (rows written, people left out)."""
    chart = context.project.chart
    people = np.flatnonzero(chart.real)  # a list of a million numbers would take 36 MB more
    left_out = max(0, len(people) - (_LAST_ROW - 1))
    people = people[: _LAST_ROW - 1]
    headers = [header for header, _width in ORGANISATION_HEADERS]
    start_sheet(context, sheet, headers, [w for _h, w in ORGANISATION_HEADERS], freeze="C2")
    chains = manager_chains(context.project)
    maker = context.maker
    styles: list[str | None] = [None] * len(headers)
    styles[6] = "centre"

    def block(first: int, stop: int) -> list[list[Any]]:
        some = people[first:stop].tolist()
        ups = chart.parent[people[first:stop]].tolist()
        columns = [*person_columns(chart, some), [chains.get(up, "") for up in ups]]
        ids = columns[0]
        for number in (1, 2, 3, 4, 5, 6, 8):
            words = _where(sheet.title, number, lambda i: f"person {ids[i]}", first)
            columns[number - 1] = maker.texts(columns[number - 1], words)
        return columns

    count = write_row_blocks(context, sheet, len(people), block, styles)
    add_table(sheet, "Organisation", headers, count)
    # Everyone, a row each: dozens of pages on paper. On screen it stays as it is.
    leave_out_of_print(sheet, len(headers) + 2)
    return count, left_out


# -- the export record ----------------------------------------------------------------------


def write_record_sheet(context: SheetContext, sheet: Any, record: RecordEntries) -> None:
    """Hidden: who exported what when, and each commitment's state at the export."""
    maker = context.maker
    sheet.sheet_state = "hidden"
    set_widths(sheet, (16, 60))
    name = maker.text(context.project.name, f"{sheet.title}!B2", "project name")
    heading: list[list[Any]] = [
        [RECORD_MARK, RECORD_VERSION],
        ["Project", name],
        ["Project identity", context.project.identity],
        ["Exported at", record_time(context.exported_at)],
        ["Figures as of", context.today.isoformat()],
        ["Commitments", len(record)],
        ["Note", "Pyramid Planner reads this sheet to match updates; leave it as it is."],
        [],
        [RECORD_HEADER],
    ]
    for values in heading:
        sheet.append(maker.row(sheet, values))
    cells = -(-len(record) // RECORD_ENTRIES_PER_CELL)
    write_row_blocks(
        context,
        sheet,
        cells,
        lambda first, stop: [record.cells(first, stop)],
        [None],
        first_row=len(heading) + 1,
        block_rows=RECORD_BLOCK,
    )


class RecordEntries:
    """The export record's entry (id, last changed, fingerprint) of each commitment written,
    put a block at a time as the Action plan sheet is written and given back in number order,
    :data:`RECORD_ENTRIES_PER_CELL` to a cell. Kept as one array of bytes: a million entries
    as Python strings took half as much again."""

    def __init__(self, count: int) -> None:
        self.numbers = np.zeros(count, dtype=np.int64)
        self.entries = np.zeros(count, dtype="S1")
        self._order: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.numbers)

    def put(self, first: int, commitments: Sequence[Commitment]) -> None:
        """The entries of ``commitments``, written from place ``first``."""
        texts: list[bytes] = []
        # Commitments made together share their time (one object as read): written once.
        last, written = None, ""
        for commitment, fingerprint in zip(commitments, fingerprints(commitments), strict=True):
            if commitment.changed is not last:
                last, written = commitment.changed, record_time(commitment.changed)
            texts.append(f"{commitment.id} {written} {fingerprint}".encode())
        width = max(map(len, texts), default=1)
        if width > self.entries.dtype.itemsize:
            self.entries = self.entries.astype(f"S{width + 8}")  # ids and times of other lengths
        stop = first + len(commitments)
        self.entries[first:stop] = texts
        self.numbers[first:stop] = [commitment.number for commitment in commitments]
        self._order = None

    def cells(self, first: int, stop: int) -> list[str]:
        """The cells ``first`` to ``stop`` of the entries in number order."""
        if self._order is None:
            self._order = np.argsort(self.numbers, kind="stable")
        step = RECORD_ENTRIES_PER_CELL
        chosen = self.entries[self._order[first * step : stop * step]].tolist()
        return [b"\n".join(chosen[at : at + step]).decode() for at in range(0, len(chosen), step)]


def plan_column_number(key: str) -> int:
    return [c.key for c in PLAN_COLUMNS].index(COLUMN_BY_KEY[key].key) + 1


def person_columns(chart: OrgChart, nodes: list[int]) -> list[list[Any]]:
    """Who ``nodes`` are, a column each: id, name, title, department, location, their
    manager's id (blank above the top or for one not in the file), level."""
    parent, real = chart.parent, chart.real
    return [
        [chart.ids[i] for i in nodes],
        [chart.names[i] for i in nodes],
        [chart.titles[i] for i in nodes],
        [chart.departments[i] for i in nodes],
        [chart.locations[i] for i in nodes],
        [chart.ids[parent[i]] if parent[i] >= 0 and real[parent[i]] else "" for i in nodes],
        _levels(chart, nodes),
    ]


def _levels(chart: OrgChart, nodes: list[int]) -> list[int | None]:
    """Each node's level, blank for someone not connected to the chief executive."""
    return [level if level >= 0 else None for level in chart.levels[nodes].tolist()]
