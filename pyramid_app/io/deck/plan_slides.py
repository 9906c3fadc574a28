"""The plan's slides: the commitments by status and practice (a native chart people can edit),
and progress against the project's targets."""

from __future__ import annotations

from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.slide import Slide
from pptx.util import Pt

from pyramid_app.io.deck.content import STATUSES, DeckContent, ProgressRow
from pyramid_app.io.deck.geometry import CONTENT_BOTTOM, CONTENT_TOP, CONTENT_WIDTH, MARGIN
from pyramid_app.io.deck.overview_slides import deck_date, nothing_to_show, plural
from pyramid_app.io.deck.style import (
    BAD,
    BAND,
    CLOSE,
    FONT,
    GOOD,
    GREY,
    INK,
    NAVY,
    TABLE_PT,
    WHITE,
    Run,
    add_chart,
    block,
    set_notes,
    slide_title,
    style_axes,
    text_box,
)
from pyramid_app.io.deck.tables import Cell, TableSpec, add_table, header_row
from pyramid_app.io.deck.text_fit import more_words, shortened
from pyramid_app.model.plan import Status
from pyramid_app.model.targets import Standing

# The app's colours for the states of a manager's commitments (model/colouring.py).
STATUS_COLOURS = {
    Status.PLANNED: RGBColor(86, 180, 233),
    Status.IN_PROGRESS: RGBColor(0, 158, 115),
    Status.DONE: RGBColor(204, 121, 167),
    Status.DROPPED: RGBColor(187, 187, 187),
}
OVERDUE_COLOUR = RGBColor(213, 94, 0)
STANDING_COLOURS = {
    Standing.MET: GOOD,
    Standing.CLOSE: CLOSE,
    Standing.MISSED: BAD,
    Standing.NO_VALUE: GREY,
}


def commitments_slide(slide: Slide, content: DeckContent) -> None:
    total = content.commitments
    subtitle = (
        f"{plural(total, 'commitment')}; {plural(content.committed_managers, 'manager')} "
        f"of {content.managers:,} with an active one"
        if total
        else "No commitments yet"
    )
    if content.overdue:
        subtitle += f" · {content.overdue:,} overdue"
    slide_title(slide, "Commitments by status and practice", subtitle)
    if not total:
        nothing_to_show(
            slide,
            "No manager has written down how they serve their reports yet: the Workshop's "
            "fourth step is where they commit.",
        )
        return
    data = CategoryChartData(number_format="0")
    rows = list(reversed(content.practices))  # a bar chart draws its first category at the bottom
    data.categories = [row.practice for row in rows]
    for i, status in enumerate(STATUSES):
        data.add_series(status.value.capitalize(), [row.counts[i] for row in rows])
    chart = add_chart(
        slide,
        XL_CHART_TYPE.BAR_STACKED,
        (MARGIN, CONTENT_TOP, 8.6, CONTENT_BOTTOM - CONTENT_TOP),
        data,
        "Commitments by practice",
    )
    chart.font.name = FONT
    chart.font.size = Pt(TABLE_PT)
    chart.has_legend = True
    assert chart.legend is not None
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    chart.legend.font.size = Pt(TABLE_PT)
    plot = chart.plots[0]
    plot.gap_width = 45
    plot.overlap = 100
    for status, series in zip(STATUSES, plot.series, strict=True):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = STATUS_COLOURS[status]
    style_axes(chart)
    _status_totals(slide, content)


def _status_totals(slide: Slide, content: DeckContent) -> None:
    """Each status's count beside its colour, then the overdue ones, right of the chart."""
    left, top = MARGIN + 9.0, CONTENT_TOP + 0.15
    width = CONTENT_WIDTH - 9.0
    rows = [
        (STATUS_COLOURS[s], n, s.value)
        for s, n in zip(STATUSES, content.status_totals, strict=True)
    ]
    rows.append((OVERDUE_COLOUR, content.overdue, "overdue: past due, not done"))
    for colour, count, words in rows:
        block(slide, (left, top + 0.2, 0.3, 0.3), colour, "Swatch")
        text_box(
            slide,
            (left + 0.45, top, width - 0.45, 0.85),
            [
                [Run(f"{count:,}", 28, True, NAVY)],
                [Run(shortened(words, width - 0.6, TABLE_PT), TABLE_PT, colour=INK)],
            ],
            name="Status",
        )
        top += 1.0


# -- progress against targets ----------------------------------------------------------------

WIDTHS = (2.85, 2.25, 1.65, 2.25, 1.1, 2.233)
HEADINGS = ("Measure", "Where", "Now", "Target", "Standing", "Before → since")
BEFORE_SINCE = (
    "Before → since: the mean of a unit's results before the first commitment reaching it, "
    "and the mean since."
)


def progress_slide(slide: Slide, content: DeckContent) -> int:
    """Every measure with a target where it stands, as many rows as fit; returns the rows."""
    rows = content.progress
    counts = {standing: 0 for standing in Standing}
    for row in rows:
        counts[row.standing] += 1
    standings = ", ".join(
        f"{counts[s]:,} {s.value}"
        for s in (Standing.MET, Standing.CLOSE, Standing.MISSED)
        if counts[s]
    )
    slide_title(
        slide,
        "Progress against targets",
        f"{plural(len(rows), 'target')}: {standings}, as of {deck_date(content)}",
    )
    set_notes(slide, progress_notes(rows))
    spec = TableSpec(
        WIDTHS,
        [header_row(HEADINGS)],
    )
    budget = CONTENT_BOTTOM - CONTENT_TOP - 0.4
    shown = 0
    group = -1
    for i, row in enumerate(rows):
        first = i == 0 or rows[i - 1].measure != row.measure
        group += first
        spec.rows.append(_progress_cells(row, BAND if group % 2 else WHITE, first))
        if spec.height() > budget:
            spec.rows.pop()
            break
        shown += 1
    _span_measures(spec)
    add_table(slide, MARGIN, CONTENT_TOP, spec, "Progress")
    notes = []
    if shown < len(rows):
        notes.append(f"{more_words(len(rows) - shown, 'target')}, in the speaker notes.")
    if any(row.change for row in rows[:shown]):
        notes.append(BEFORE_SINCE)
    if notes:
        text_box(
            slide,
            (MARGIN, CONTENT_TOP + spec.height() + 0.02, CONTENT_WIDTH, 0.38),
            [
                [
                    Run(
                        shortened(" ".join(notes), CONTENT_WIDTH - 0.15, TABLE_PT),
                        TABLE_PT,
                        colour=GREY,
                        italic=True,
                    )
                ]
            ],
            name="More",
        )
    return shown


def _progress_cells(row: ProgressRow, fill: RGBColor, first: bool) -> list[Cell | None]:
    measure = shortened(row.measure, WIDTHS[0] - 0.25, TABLE_PT, 2, bold=True) if first else ""
    change: list[Run] = [Run(row.change or "-", TABLE_PT)]
    if row.better is not None:
        change.append(
            Run(" better" if row.better else " worse", TABLE_PT, True, GOOD if row.better else BAD)
        )
    return [
        Cell([[Run(measure, TABLE_PT, True, NAVY)]], fill=fill),
        Cell([[Run(shortened(row.where, WIDTHS[1] - 0.25, TABLE_PT, 2), TABLE_PT)]], fill=fill),
        Cell([[Run(row.now, TABLE_PT, True)]], fill=fill),
        Cell([[Run(shortened(row.target, WIDTHS[3] - 0.25, TABLE_PT, 2), TABLE_PT)]], fill=fill),
        Cell(
            [[Run(row.standing.value, TABLE_PT, True, STANDING_COLOURS[row.standing])]], fill=fill
        ),
        Cell([change], fill=fill),
    ]


def _span_measures(spec: TableSpec) -> None:
    """A measure's name spans its rows: the first row's cell grows down over the blank ones."""
    start = None
    for r in range(1, len(spec.rows) + 1):
        cell = spec.rows[r][0] if r < len(spec.rows) else None
        blank = cell is not None and not "".join(run.text for p in cell.paragraphs for run in p)
        if blank and start is not None:
            continue
        if start is not None and r - start > 1:
            head = spec.rows[start][0]
            assert head is not None
            head.rows = r - start
            for covered in range(start + 1, r):
                spec.rows[covered][0] = None
        start = r


def progress_notes(rows: tuple[ProgressRow, ...]) -> str:
    lines = []
    for row in rows:
        change = f"; before → since {row.change}" if row.change else ""
        standing = f"target {row.target}: {row.standing.value}"
        lines.append(f"{row.measure}, {row.where}: {row.now}, {standing}{change}")
    return "\n".join(lines)
