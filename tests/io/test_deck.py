"""The steering deck written by io (no Qt): read back with python-pptx and unzipped.

The pyramid's picture is drawn by the window or the command line; here a small PNG made by
hand stands in for it, so these tests run without a display.
"""

from __future__ import annotations

import datetime as dt
import io
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pptx import Presentation
from pptx.util import Emu, Pt

from pyramid_app.io.deck.choice import ALL_SLIDES, SlideKind, parse_slides
from pyramid_app.io.deck.content import DeckContent, deck_content, whole_percent
from pyramid_app.io.deck.errors import DeckError
from pyramid_app.io.deck.geometry import CONTENT_BOTTOM
from pyramid_app.io.deck.style import FOOTER_PT, TABLE_PT
from pyramid_app.io.deck.text_fit import shortened, text_width, wrap
from pyramid_app.io.deck.writer import write_deck
from pyramid_app.io.demo import demo_project
from pyramid_app.model.coverage import compute_coverage
from pyramid_app.model.customers import Need, NeedKind, Segment, Touchpoint
from pyramid_app.model.plan_history import PlanHistory
from pyramid_app.model.progress_report import progress_report
from pyramid_app.model.project import Project
from pyramid_app.model.targets import Targets

TODAY = dt.date(2026, 12, 6)
EMU_PER_INCH = 914400


def png(width: int = 40, height: int = 20) -> bytes:
    """A plain PNG, made without Qt: grey rows."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x80\x80\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def content_of(project: Project) -> DeckContent:
    coverage = compute_coverage(project.chart, project.plan, TODAY)
    progress = progress_report(project, PlanHistory(), TODAY)
    return deck_content(project, coverage, TODAY, progress)


@pytest.fixture(scope="module")
def demo() -> Project:
    return demo_project(today=TODAY)


@pytest.fixture(scope="module")
def demo_deck(demo: Project, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("deck") / "demo.pptx"
    write_deck(content_of(demo), path, ALL_SLIDES, png())
    return path


def slide_texts(path: Path) -> list[str]:
    """Each slide's text: its shapes' and its tables' cells'."""
    texts = []
    for slide in Presentation(str(path)).slides:
        parts = []
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts += [cell.text for row in shape.table.rows for cell in row.cells]
        texts.append("\n".join(parts))
    return texts


def package_bytes(path: Path) -> list[tuple[str, bytes]]:
    """Every part of the file, and every part of the workbooks inside it (the charts' data)."""
    found = []
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            data = package.read(name)
            found.append((name, data))
            if name.endswith(".xlsx"):
                with zipfile.ZipFile(io.BytesIO(data)) as workbook:
                    found += [
                        (f"{name}/{inner}", workbook.read(inner)) for inner in workbook.namelist()
                    ]
    return found


def test_every_slide_in_order_16_by_9(demo_deck: Path, demo: Project) -> None:
    deck = Presentation(str(demo_deck))
    assert (deck.slide_width, deck.slide_height) == (Emu(12192000), Emu(6858000))
    segments = demo.customer_map.names()
    assert len(segments) == 6
    assert len(deck.slides) == 6 + len(segments)
    titles = [slide.shapes.title.text_frame.text for slide in deck.slides]
    assert titles[0] == demo.name
    assert titles[1:4] == [
        "The pyramid, coloured by coverage",
        "Coverage by level",
        "Who to talk to first",
    ]
    assert titles[4:10] == segments
    assert titles[10:] == ["Commitments by status and practice", "Progress against targets"]
    for text in slide_texts(demo_deck):
        assert len(text.strip()) > 20  # real text on every slide, not pictures of it


def test_the_pyramid_is_the_one_picture(demo_deck: Path) -> None:
    deck = Presentation(str(demo_deck))
    pictures = [
        (number, shape)
        for number, slide in enumerate(deck.slides)
        for shape in slide.shapes
        if shape.shape_type is not None and shape.shape_type == 13  # MSO_SHAPE_TYPE.PICTURE
    ]
    assert [number for number, _shape in pictures] == [1]
    assert pictures[0][1].image.blob == png()


def test_the_coverage_chart_has_the_coverage_report_levels(demo_deck: Path, demo: Project) -> None:
    report = compute_coverage(demo.chart, demo.plan, TODAY).summary()
    expected = [
        whole_percent(row["with_active_commitment"], row["managers"]) for row in report["levels"]
    ]
    slide = Presentation(str(demo_deck)).slides[2]
    charts = [shape.chart for shape in slide.shapes if shape.has_chart]
    assert len(charts) == 1
    plot = charts[0].plots[0]
    assert list(plot.series[0].values) == expected
    assert list(plot.categories) == [
        f"Level {row['level']} · {row['with_active_commitment']} of {row['managers']}"
        for row in report["levels"]
    ]
    # Editable: the same figures are in the chart's own workbook (PowerPoint's Edit Data).
    workbook = load_workbook(io.BytesIO(charts[0].part.chart_workbook.xlsx_part.blob))
    column = [row[1] for row in workbook.active.iter_rows(min_row=2, values_only=True)]
    assert column == expected


def test_the_commitments_chart_counts_every_commitment(demo_deck: Path, demo: Project) -> None:
    slide = Presentation(str(demo_deck)).slides[10]
    chart = next(shape.chart for shape in slide.shapes if shape.has_chart)
    series = {s.name: list(s.values) for s in chart.plots[0].series}
    assert set(series) == {"Planned", "In progress", "Done", "Dropped"}
    assert sum(sum(values) for values in series.values()) == len(demo.plan)
    in_progress = sum(1 for c in demo.plan if c.status.value == "in progress")
    assert sum(series["In progress"]) == in_progress


def test_gaps_name_who_to_talk_to_first(demo_deck: Path, demo: Project) -> None:
    coverage = compute_coverage(demo.chart, demo.plan, TODAY)
    first = coverage.gaps(1)[0]
    text = slide_texts(demo_deck)[3]
    assert demo.chart.names[first.manager_index] in text
    assert f"{first.unserved_count}" in text
    assert "more managers with front-line people not served" in text


def test_a_segment_slide_has_its_day_needs_and_who_answers(demo_deck: Path, demo: Project) -> None:
    segment = demo.customer_map.segments[1]
    slide = Presentation(str(demo_deck)).slides[5]
    text = slide_texts(demo_deck)[5]
    for touchpoint in segment.touchpoints:
        assert touchpoint.name in text
    answering = {
        demo.display_name(c.manager_id)
        for c in demo.plan
        if c.active and set(c.needs) & {n.id for t in segment.touchpoints for n in t.needs}
    }
    assert answering and any(name in text for name in answering)
    notes = slide.notes_slide.notes_text_frame.text
    for touchpoint in segment.touchpoints:
        for need in touchpoint.needs:
            assert need.text in notes  # the speaker notes have the whole day


def test_text_is_readable_and_stays_on_the_slide(demo_deck: Path) -> None:
    deck = Presentation(str(demo_deck))
    width, height = deck.slide_width, deck.slide_height
    for number, slide in enumerate(deck.slides, 1):
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.top >= 0, (number, shape.name)
            assert shape.left + shape.width <= width, (number, shape.name)
            assert shape.top + shape.height <= height, (number, shape.name)
            frames = []
            if shape.has_text_frame:
                frames.append(shape.text_frame)
            if shape.has_table:
                rows = sum(row.height for row in shape.table.rows)
                assert shape.top + rows <= CONTENT_BOTTOM * EMU_PER_INCH, (number, shape.name)
                frames += [cell.text_frame for row in shape.table.rows for cell in row.cells]
            least = Pt(FOOTER_PT) if shape.name.startswith("Footer") else Pt(TABLE_PT)
            for frame in frames:
                for paragraph in frame.paragraphs:
                    for run in paragraph.runs:
                        assert run.font.size is not None and run.font.size >= least, (
                            number,
                            shape.name,
                            run.text,
                        )


def test_a_choice_of_slides(demo: Project, tmp_path: Path) -> None:
    path = tmp_path / "two.pptx"
    report = write_deck(content_of(demo), path, parse_slides("gaps, TITLE"), png())
    assert report.slides == ["title", "gaps"]  # the deck's order, not the order asked
    deck = Presentation(str(path))
    assert [s.shapes.title.text_frame.text for s in deck.slides] == [
        demo.name,
        "Who to talk to first",
    ]
    assert parse_slides("segments") == (SlideKind.SEGMENTS,)
    with pytest.raises(DeckError, match="'slides' is not a slide; the slides are title, pyramid"):
        parse_slides("title,slides")
    with pytest.raises(DeckError, match="no slide chosen"):
        parse_slides(" , ")


def test_hidden_columns_never_reach_the_file(tmp_path: Path) -> None:
    project = demo_project(today=TODAY)
    chart = project.chart
    chart.attributes["Salary band"] = [f"SALARY-BAND-{i:05d}-X" for i in range(len(chart))]
    project.hidden = frozenset({"Email", "Salary band", "Start Date"})
    path = tmp_path / "hidden.pptx"
    write_deck(content_of(project), path, ALL_SLIDES, png())
    secrets = [value for value in chart.emails if value]
    secrets += chart.attributes["Salary band"]
    assert len(secrets) > 700
    parts = package_bytes(path)
    first_gap = compute_coverage(chart, project.plan, TODAY).gaps(1)[0].manager_index
    assert any(chart.names[first_gap].encode() in data for _name, data in parts)  # it can find
    for name, data in parts:
        for secret in secrets:
            assert secret.encode() not in data, f"{secret} is in {name}"
        assert b"@harbourlight" not in data, name


def test_no_targets_no_progress_slide_and_no_segments_no_segment_slides(tmp_path: Path) -> None:
    project = demo_project(today=TODAY)
    project.targets = Targets()
    project.customer_map.set_segments([])
    content = content_of(project)
    assert content.progress == () and content.segments == ()
    report = write_deck(content, tmp_path / "bare.pptx", ALL_SLIDES, png())
    assert report.slides == ["title", "pyramid", "coverage", "gaps", "commitments"]
    assert report.left_out == [
        "segments: the project has no customer segments",
        "progress: the project has no targets",
    ]
    with pytest.raises(DeckError, match="nothing to put in it"):
        write_deck(content, tmp_path / "none.pptx", [SlideKind.PROGRESS], png())
    assert not (tmp_path / "none.pptx").exists()


def test_a_long_day_is_capped_and_stays_on_its_slide(tmp_path: Path) -> None:
    project = demo_project(today=TODAY)
    words = "a tablet that shows every booking, the guest's history and their preferences"
    touchpoints = [
        Touchpoint(
            f"T-{900 + t:03d}",
            f"Moment {t} of a very long day at one of the hotels",
            needs=tuple(
                Need(f"N-{9000 + t * 20 + n:04d}", f"{words} ({t}.{n})", NeedKind.HAVE)
                for n in range(12)
            ),
        )
        for t in range(14)
    ]
    project.customer_map.set_segments(
        [Segment("Night owls", "Guests awake at 3am", 0.1, tuple(touchpoints))]
    )
    path = tmp_path / "long.pptx"
    write_deck(content_of(project), path, [SlideKind.SEGMENTS], png())
    slide = Presentation(str(path)).slides[0]
    text = slide_texts(path)[0]
    assert "Moment 0 of a very long day" in text
    assert "more needs" in text and "more touchpoints, in the speaker notes" in text
    table = next(shape for shape in slide.shapes if shape.has_table)
    bottom = table.top + sum(row.height for row in table.table.rows)
    assert bottom <= CONTENT_BOTTOM * EMU_PER_INCH
    notes = slide.notes_slide.notes_text_frame.text
    assert "Moment 13 of a very long day" in notes and f"{words} (13.11)" in notes


def test_text_from_a_file_with_control_characters_is_written(tmp_path: Path) -> None:
    project = demo_project(today=TODAY)
    project.name = "Hotels\x00 \x1b[31mgroup\ufffe"
    path = tmp_path / "odd.pptx"
    write_deck(content_of(project), path, [SlideKind.TITLE], png())
    assert Presentation(str(path)).slides[0].shapes.title.text_frame.text == "Hotels [31mgroup"


def test_a_failed_write_leaves_the_old_deck(demo: Project, tmp_path: Path) -> None:
    path = tmp_path / "deck.pptx"
    path.write_bytes(b"the old deck")
    folder = tmp_path / "folder.pptx"
    folder.mkdir()
    with pytest.raises(DeckError, match="is a folder"):
        write_deck(content_of(demo), folder, [SlideKind.TITLE], png())
    missing = tmp_path / "nowhere" / "deck.pptx"
    with pytest.raises(DeckError, match="does not exist"):
        write_deck(content_of(demo), missing, [SlideKind.TITLE], png())
    write_deck(content_of(demo), path, [SlideKind.TITLE], png())
    assert path.read_bytes().startswith(b"PK")
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".saving")] == []


def test_text_is_measured_wide_of_arial() -> None:
    # Helvetica's widths, which Arial shares: 10 digits are 5.56 em.
    assert text_width("0123456789", 72) == pytest.approx(5.56 * 1.03, rel=0.001)
    assert text_width("é", 12) == text_width("e", 12)
    lines = wrap("every manager below them has committed to serving them", 2.0, 14)
    assert len(lines) > 1 and all(text_width(line, 14) <= 2.0 for line in lines)
    cut = shortened("a long sentence that cannot fit in one short line at all", 1.5, 14)
    assert cut.endswith("…") and text_width(cut, 14) <= 1.5


def test_without_a_picture_the_pyramid_slide_is_left_out(demo: Project, tmp_path: Path) -> None:
    report = write_deck(content_of(demo), tmp_path / "no picture.pptx", ALL_SLIDES, None)
    assert "pyramid" not in report.slides and len(report.slides) == 11
    assert report.left_out == ["pyramid: no picture of the pyramid could be made"]
    assert report.summary().startswith("11 slides (title, coverage, gaps, 6 segments")
