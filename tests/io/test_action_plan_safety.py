"""No user text becomes a formula or a link; characters XML cannot hold never crash an export;
text too long for a cell is cut visibly and reported. Checked cell by cell, in every sheet."""

from __future__ import annotations

import dataclasses
import re
import zipfile
from pathlib import Path

import openpyxl
import python_calamine
from action_plan_samples import EXPORTED, TODAY, hotel_project, shown
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pyramid_app.io.workbook.columns import (
    EXCEL_MAX_TEXT,
    PLAN_COLUMNS,
    PLAN_SHEET,
    clean_text,
    excel_escaped,
)
from pyramid_app.io.workbook.writer import read_action_plan_updates, write_action_plan
from pyramid_app.model.customers import Segment
from pyramid_app.model.org import OrgChart
from pyramid_app.model.plan import ProgressNote
from pyramid_app.model.project import Project

RISKY = ["=", "+", "-", "@", "\t", "\r", '=HYPERLINK("http://example.com","x")', "=1+2", "_x0041_"]
# Any code point, lone surrogates and control characters included.
ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=40)
USER_TEXT = st.builds(lambda head, tail: head + tail, st.sampled_from(["", *RISKY]), ANY_TEXT)
HEADER_COLUMN = {column.key: i for i, column in enumerate(PLAN_COLUMNS)}


def project_with(texts: list[str]) -> Project:
    """The hotel project with user text in every field a user can type."""
    project = hotel_project()
    commitments = list(project.plan)
    for i, commitment in enumerate(commitments):
        text = texts[i % len(texts)]
        changed = dataclasses.replace(
            commitment,
            text=text,
            practice=texts[(i + 1) % len(texts)],
            measure=texts[(i + 2) % len(texts)],
            cadence=texts[(i + 3) % len(texts)],
            notes=(ProgressNote(TODAY, texts[(i + 4) % len(texts)]),),
        )
        project.plan.put([changed])
    chart = project.chart
    named = OrgChart.from_parents(
        chart.ids,
        chart.parent,
        names=[texts[i % len(texts)] for i in range(len(chart))],
        titles=[texts[(i + 1) % len(texts)] for i in range(len(chart))],
        departments=chart.departments,
        locations=chart.locations,
    )
    segments = project.customer_map.segments
    first = segments[0]
    touchpoint = dataclasses.replace(first.touchpoints[0], name=texts[0] or "x")
    renamed = dataclasses.replace(first, touchpoints=(touchpoint, *first.touchpoints[1:]))
    project.customer_map.set_segments([renamed, *segments[1:]])
    project.chart = named
    project.name = texts[-1]
    return project


def same_text(read: str, original: str) -> bool:
    """``read`` is ``original`` as the workbook holds it. A cell of nothing but white space
    (Python's, which counts a NEL or an em space) may read as less of it: openpyxl writes no
    xml:space for such text, and a reader drops the XML white space (tabs, line breaks) at its
    ends. The app compares texts without the white space at their ends, so both read as empty."""
    written = clean_text(original).value
    return read == written or (not written.strip() and not read.strip())


def assert_no_formula_or_link(path: Path) -> None:
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/sheet"):
                xml = archive.read(name)
                assert b"<f>" not in xml and b"<f " not in xml, name
                assert b"hyperlink" not in xml, name
    workbook = openpyxl.load_workbook(path)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate}"
                assert cell.hyperlink is None, f"{sheet.title}!{cell.coordinate}"
                value = cell.value
                if isinstance(value, str) and value[:1] in "=+-@\t":
                    assert cell.quotePrefix, f"{sheet.title}!{cell.coordinate}"


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(texts=st.lists(USER_TEXT, min_size=1, max_size=6))
def test_user_text_is_text_in_every_cell(tmp_path: Path, texts: list[str]) -> None:
    project = project_with(texts)
    path = tmp_path / "plan.xlsx"
    write_action_plan(project, path, today=TODAY, now=EXPORTED)
    assert_no_formula_or_link(path)
    # What calamine (and Excel) shows is the text, cleaned of what XML cannot hold.
    rows = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name(PLAN_SHEET)
    by_id = {row[0]: row for row in rows.to_python()[1:]}
    for commitment in project.plan:
        row = by_id[commitment.id]
        for key in ("text", "measure", "practice", "cadence"):
            assert same_text(row[HEADER_COLUMN[key]], getattr(commitment, key)), key
    # Reading the untouched workbook back finds nothing to change.
    preview = read_action_plan_updates(project, path)
    assert not preview.changed and not preview.conflicts and not preview.new
    assert not preview.problems and not preview.missing
    assert preview.unchanged == len(project.plan)


def test_formula_like_text_is_stored_as_quoted_text(tmp_path: Path) -> None:
    project = project_with(["=SUM(A1:A9)", "+44 20 7946 0000", "-5 days", "@everyone", "\tx"])
    path = tmp_path / "plan.xlsx"
    write_action_plan(project, path, today=TODAY, now=EXPORTED)
    sheet = openpyxl.load_workbook(path)[PLAN_SHEET]
    text_column = HEADER_COLUMN["text"] + 1
    cell = next(
        sheet.cell(row, text_column)
        for row in range(2, sheet.max_row + 1)
        if sheet.cell(row, text_column).value == "=SUM(A1:A9)"
    )
    assert cell.data_type == "s" and cell.quotePrefix
    assert_no_formula_or_link(path)


def test_control_characters_and_lone_surrogates_are_removed_and_reported(tmp_path: Path) -> None:
    dirty = "Call\x00 each\x07 report\ud800 weekly\uffff"
    project = project_with([dirty, "Leadership", "calls", "weekly", "ok", "Plan"])
    path = tmp_path / "plan.xlsx"
    report = write_action_plan(project, path, today=TODAY, now=EXPORTED)
    rows = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name(PLAN_SHEET)
    texts = {row[HEADER_COLUMN["text"]] for row in rows.to_python()[1:]}
    assert "Call each report weekly" in texts
    cleaned = [entry for entry in report.cleaned if entry.where.startswith("Action plan!I")]
    assert cleaned and cleaned[0].count == 4 and "commitment" in cleaned[0].what
    assert any("control character" in line for line in report.lines())
    preview = read_action_plan_updates(project, path)
    assert not preview.changed and not preview.problems


def test_text_over_the_cell_limit_is_cut_with_a_marker_and_reported(tmp_path: Path) -> None:
    long_text = "serve " * 8000 + "_x0041_ " * 10  # 48,080 characters, escapes near the end
    project = hotel_project()
    first = project.plan["C-0001"]
    project.plan.put([dataclasses.replace(first, text=long_text)])
    path = tmp_path / "plan.xlsx"
    report = write_action_plan(project, path, today=TODAY, now=EXPORTED)
    assert [(cut.where, cut.what, cut.count) for cut in report.cut] == [
        ("Action plan!I2", "C-0001 commitment", len(long_text))
    ]
    assert "more than an Excel cell holds" in report.summary()
    stored = openpyxl.load_workbook(path)[PLAN_SHEET]["I2"].value
    assert len(stored) <= EXCEL_MAX_TEXT
    visible = shown(stored)
    assert visible.startswith("serve serve")
    assert re.search(r"cut here: [\d,]+ more characters are in Pyramid Planner\]$", visible)
    # The cut is not taken for an edit when the workbook comes back untouched.
    preview = read_action_plan_updates(project, path)
    assert not preview.changed and preview.unchanged == len(project.plan)


def test_escape_lookalikes_read_back_as_typed() -> None:
    assert excel_escaped("_x0041_ and _X00e9_ stay") == "_x005F_x0041_ and _X00e9_ stay"
    assert shown(excel_escaped("_x0041_")) == "_x0041_"


def test_segment_and_project_names_are_safe_too(tmp_path: Path) -> None:
    project = hotel_project()
    project.customer_map.set_segments(
        [Segment("=cmd|' /C calc'!A0"), *project.customer_map.segments]
    )
    project.name = "@SUM(1)"
    path = tmp_path / "plan.xlsx"
    write_action_plan(project, path, today=TODAY, now=EXPORTED)
    assert_no_formula_or_link(path)
