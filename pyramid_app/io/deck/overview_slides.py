"""The deck's opening slides: the title, the pyramid, coverage by level, and the first gaps."""

from __future__ import annotations

import io

from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.slide import Slide
from pptx.util import Inches, Pt

from pyramid_app.io.deck.content import DeckContent, GapRow, long_date, percent_text
from pyramid_app.io.deck.geometry import (
    CONTENT_BOTTOM,
    CONTENT_TOP,
    CONTENT_WIDTH,
    MARGIN,
    PYRAMID_BOX,
    SLIDE_WIDTH,
)
from pyramid_app.io.deck.style import (
    BAD,
    BAND,
    FIGURE_PT,
    FONT,
    GAP,
    GREY,
    INK,
    NAVY,
    TABLE_PT,
    WHITE,
    Paragraph,
    Run,
    add_chart,
    block,
    describe,
    rule,
    slide_title,
    style_axes,
    text_box,
    write_runs,
)
from pyramid_app.io.deck.tables import Cell, TableSpec, add_table, header_row
from pyramid_app.io.deck.text_fit import more_words, shortened


def deck_date(content: DeckContent) -> str:
    return long_date(content.today)


def plural(count: int, noun: str, many: str | None = None) -> str:
    return f"{count:,} {noun if count == 1 else many or noun + 's'}"


# The title slide's emblem: the pyramid upside down, customers on top (the app's colours for
# the customer band, the front line served, managers committed, planned, and the base).
EMBLEM = (
    (RGBColor(0xF5, 0xC8, 0x6A), 2.6),
    (RGBColor(0, 114, 178), 2.15),
    (RGBColor(0, 158, 115), 1.7),
    (RGBColor(86, 180, 233), 1.25),
    (NAVY, 0.8),
)
TITLE_TEXT_WIDTH = 8.4


def title_slide(slide: Slide, content: DeckContent) -> None:
    block(slide, (0, 0, SLIDE_WIDTH, 0.22), NAVY, "Band")
    centre, top = SLIDE_WIDTH - 2.3, 1.85
    for colour, width in EMBLEM:
        block(slide, (centre - width / 2, top, width, 0.4), colour, "Emblem")
        top += 0.48
    title = slide.shapes.title
    assert title is not None
    title.left, title.top = Inches(0.9), Inches(1.5)
    title.width, title.height = Inches(TITLE_TEXT_WIDTH), Inches(2.1)
    frame = title.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.BOTTOM
    frame.margin_left = frame.margin_right = Inches(0.05)
    name = shortened(content.organisation, TITLE_TEXT_WIDTH - 0.15, 44, lines=2, bold=True)
    write_runs(frame, [[Run(name, 44, True, NAVY)]], PP_ALIGN.LEFT)
    subtitle = slide.placeholders[1]
    subtitle.left, subtitle.top = Inches(0.9), Inches(3.75)
    subtitle.width, subtitle.height = Inches(TITLE_TEXT_WIDTH), Inches(1.4)
    words = subtitle.text_frame
    words.word_wrap = True
    words.margin_left = words.margin_right = Inches(0.05)
    write_runs(
        words,
        [
            [Run("Steering deck: how the organisation serves", 24, colour=INK)],
            [Run("those who serve the customers", 24, colour=INK)],
            [Run(deck_date(content), 24, colour=GREY)],
        ],
        PP_ALIGN.LEFT,
    )
    figures = " · ".join(
        [
            plural(content.people, "person", "people"),
            plural(content.managers, "manager"),
            f"{content.front_line:,} on the front line",
            plural(content.commitments, "commitment"),
        ]
    )
    rule(slide, 0.9, 5.45, SLIDE_WIDTH - 1.8)
    text_box(
        slide,
        (0.9, 5.6, SLIDE_WIDTH - 1.8, 0.6),
        [[Run(shortened(figures, SLIDE_WIDTH - 2.0, 20), 20, colour=GREY)]],
        name="Figures",
    )


def pyramid_slide(slide: Slide, content: DeckContent, picture: bytes) -> None:
    served = content.served
    subtitle = (
        "Customers on top, the chief executive at the bottom · "
        f"{served.served:,} of {served.total:,} front-line people served "
        f"({percent_text(served.served, served.total)})"
    )
    slide_title(slide, "The pyramid, coloured by coverage", subtitle)
    left, top, width, height = PYRAMID_BOX
    shape = slide.shapes.add_picture(
        io.BytesIO(picture), Inches(left), Inches(top), Inches(width), Inches(height)
    )
    shape.name = "Pyramid"
    describe(shape, f"The organisation as an inverted pyramid coloured by coverage: {subtitle}")


def coverage_slide(slide: Slide, content: DeckContent) -> None:
    slide_title(
        slide,
        "Coverage by level",
        "Managers with an active commitment at each level, the chief executive (level 0) at "
        "the bottom",
    )
    if not content.levels:
        nothing_to_show(slide, "Nobody has reports yet, so no manager has anyone to commit to.")
    else:
        data = CategoryChartData(number_format='0"%"')
        # A bar chart draws its first category at the bottom: level 0 under the others, as
        # in the pyramid.
        data.categories = [
            f"Level {row.level} · {row.with_active:,} of {row.managers:,}" for row in content.levels
        ]
        data.add_series(
            "Managers with an active commitment", [row.percent for row in content.levels]
        )
        chart = add_chart(
            slide,
            XL_CHART_TYPE.BAR_CLUSTERED,
            (MARGIN, CONTENT_TOP, 8.2, CONTENT_BOTTOM - CONTENT_TOP),
            data,
            "Coverage by level",
        )
        chart.font.name = FONT
        chart.font.size = Pt(TABLE_PT)
        chart.has_legend = False
        chart.has_title = False  # the slide's title says it
        plot = chart.plots[0]
        plot.gap_width = 45
        plot.vary_by_categories = False
        series = plot.series[0]
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = NAVY
        plot.has_data_labels = True
        labels = plot.data_labels
        labels.number_format = '0"%"'
        labels.number_format_is_linked = False
        labels.position = XL_LABEL_POSITION.OUTSIDE_END
        labels.font.size = Pt(TABLE_PT)
        labels.font.bold = True
        style_axes(chart)
        chart.value_axis.maximum_scale, chart.value_axis.major_unit = 100, 25
    _figures(slide, content)


def _figures(slide: Slide, content: DeckContent) -> None:
    """The three figures a steering group asks for first, on the right of the chart."""
    served, needs = content.served, content.needs
    figures = [
        (
            percent_text(served.served, served.total),
            f"of the front line is served: every manager below them has committed "
            f"({served.served:,} of {served.total:,})",
        ),
        (
            percent_text(content.committed_managers, content.managers),
            f"of managers have an active commitment ({content.committed_managers:,} of "
            f"{content.managers:,})",
        ),
    ]
    if needs.total:
        figures.append(
            (
                percent_text(needs.answered, needs.total),
                f"of the customers' needs are answered by a commitment ({needs.answered:,} of "
                f"{needs.total:,}; must-needs {needs.must_answered:,} of {needs.must_total:,})",
            )
        )
    left, width = MARGIN + 8.5, CONTENT_WIDTH - 8.5
    top = CONTENT_TOP + 0.1
    for figure, words in figures:
        text_box(
            slide,
            (left, top, width, 1.65),
            [
                [Run(figure, FIGURE_PT, True, NAVY)],
                [Run(shortened(words, width - 0.15, TABLE_PT, lines=3), TABLE_PT, colour=INK)],
            ],
            name="Figure",
        )
        top += 1.75


def nothing_to_show(slide: Slide, words: str) -> None:
    """A line of grey text where a slide has nothing else to show."""
    text_box(
        slide,
        (MARGIN, CONTENT_TOP + 0.4, 8.0, 1.5),
        [[Run(words, 20, colour=GREY)]],
        name="Note",
    )


# -- gaps ------------------------------------------------------------------------------------

GAPS_SHOWN = 10  # the first gaps: a steering group talks to these first
GAP_WIDTHS = (0.45, 2.45, 2.75, 2.25, 0.8, 1.25, 2.383)
GAP_HEADINGS = ("", "Manager", "Role", "Department", "Level", "Front line not served", "Why")


def gaps_slide(slide: Slide, content: DeckContent) -> list[GapRow]:
    """The managers at whom the most front-line chains first break, as many as fit (ten at
    most); returns those shown."""
    unserved = content.served.total - content.served.served
    slide_title(
        slide,
        "Who to talk to first",
        f"Where front-line people's chain of service first breaks: "
        f"{plural(content.gap_managers, 'manager')}, "
        f"{plural(unserved, 'front-line person', 'front-line people')} not served",
    )
    if not content.gaps:
        words = (
            "No gaps: every front-line person is served."
            if content.front_line
            else "There is nobody on the front line yet."
        )
        nothing_to_show(slide, words)
        return []
    header = header_row(GAP_HEADINGS)
    budget = CONTENT_BOTTOM - CONTENT_TOP - 0.45  # room kept for "and N more"
    spec = TableSpec(GAP_WIDTHS, [header])
    shown: list[GapRow] = []
    for rank, gap in enumerate(content.gaps[:GAPS_SHOWN], 1):
        spec.rows.append(_gap_row(rank, gap))
        if spec.height() > budget:
            spec.rows.pop()
            break
        shown.append(gap)
    add_table(slide, MARGIN, CONTENT_TOP, spec, "Gaps")
    left_out = content.gap_managers - len(shown)
    if left_out > 0:
        more = f"{more_words(left_out, 'manager')} with front-line people not served"
        text_box(
            slide,
            (MARGIN, CONTENT_TOP + spec.height() + 0.05, CONTENT_WIDTH, 0.4),
            [[Run(more, TABLE_PT, colour=GREY, italic=True)]],
            name="More",
        )
    return shown


def _gap_row(rank: int, gap: GapRow) -> list[Cell | None]:
    fill = BAND if rank % 2 == 0 else WHITE
    widths = [width - 0.25 for width in GAP_WIDTHS]
    no_commitment = not gap.has_active_commitment
    cells: list[Paragraph] = [
        [Run(f"{rank}", TABLE_PT, True, GREY)],
        [Run(shortened(gap.name, widths[1], TABLE_PT, 2, bold=True), TABLE_PT, True)],
        [Run(shortened(gap.title or "-", widths[2], TABLE_PT, 2), TABLE_PT, colour=GREY)],
        [Run(shortened(gap.department or "-", widths[3], TABLE_PT, 2), TABLE_PT)],
        [Run(str(gap.level), TABLE_PT)],
        [Run(f"{gap.unserved:,}", TABLE_PT, True, GAP)],
        [
            Run(
                "no commitment" if no_commitment else "leaves out some reports",
                TABLE_PT,
                colour=BAD if no_commitment else INK,
            )
        ],
    ]
    row: list[Cell | None] = [Cell([paragraph], fill=fill) for paragraph in cells]
    return row
