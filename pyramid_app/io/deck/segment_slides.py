"""One slide per customer segment: the touchpoints of the customer's day in order, what the
front line needs at each, and the managers whose commitments answer each need.

A segment's day can hold more needs than a slide can show at a readable size. Every touchpoint
keeps its row (as many as fit, then "and N more touchpoints"), and needs are added while the
table fits: the must-needs nobody answers first, then the other must-needs, then the rest, each
shown in the order of the day, with "and N more needs" where some stayed out. The speaker notes
have the whole list.
"""

from __future__ import annotations

from dataclasses import dataclass

from pptx.dml.color import RGBColor
from pptx.slide import Slide

from pyramid_app.io.deck.content import NeedRow, SegmentPage, TouchpointRow
from pyramid_app.io.deck.geometry import CONTENT_BOTTOM, CONTENT_TOP, CONTENT_WIDTH, MARGIN
from pyramid_app.io.deck.overview_slides import nothing_to_show, plural
from pyramid_app.io.deck.style import (
    BAD,
    BAND,
    GREY,
    NAVY,
    TABLE_PT,
    WHITE,
    Run,
    set_notes,
    slide_title,
    text_box,
)
from pyramid_app.io.deck.tables import Cell, TableSpec, add_table, header_row
from pyramid_app.io.deck.text_fit import more_words, shortened

WIDTHS = (3.1, 6.4, 2.833)
NAMES_SHOWN = 2  # managers named per need; the others are counted
MORE_HEIGHT = 0.4  # inches of the line under a table that says what it left out


@dataclass(frozen=True)
class SegmentShown:
    touchpoints: int
    needs: int


def segment_slide(slide: Slide, page: SegmentPage) -> SegmentShown:
    slide_title(slide, page.name, _subtitle(page))
    set_notes(slide, segment_notes(page))
    if not page.touchpoints:
        nothing_to_show(
            slide,
            "No touchpoints yet: walk through a day of these customers in the Workshop and "
            "list every moment they meet the staff.",
        )
        return SegmentShown(0, 0)
    chosen = _fit(page)
    spec = _table(page, chosen)
    add_table(slide, MARGIN, CONTENT_TOP, spec, "Touchpoints")
    left_out = len(page.touchpoints) - len(chosen)
    if left_out:
        text_box(
            slide,
            (MARGIN, CONTENT_TOP + spec.height() + 0.02, CONTENT_WIDTH, MORE_HEIGHT),
            [
                [
                    Run(
                        f"{more_words(left_out, 'touchpoint')}, in the speaker notes",
                        TABLE_PT,
                        colour=GREY,
                        italic=True,
                    )
                ]
            ],
            name="More",
        )
    return SegmentShown(len(chosen), sum(len(needs) for needs in chosen.values()))


def _subtitle(page: SegmentPage) -> str:
    parts = [page.description.strip()] if page.description.strip() else []
    if page.share is not None:
        parts.append(f"{round(page.share * 100)}% of the business")
    if not parts:
        parts.append(plural(len(page.touchpoints), "touchpoint"))
    return " · ".join(parts)


def _priority(need: NeedRow, position: int) -> tuple[bool, bool, int]:
    return (not need.must, bool(need.answered_by), position)


def _fit(page: SegmentPage) -> dict[int, list[int]]:
    """Which needs of which touchpoints the table shows: touchpoint position -> need positions
    (in the day's order), every shown touchpoint with its first need at least."""
    touchpoints = page.touchpoints
    order = {
        t: [p for _key, p in sorted((_priority(n, p), p) for p, n in enumerate(tp.needs))]
        for t, tp in enumerate(touchpoints)
    }
    chosen = {t: order[t][:1] for t in range(len(touchpoints))}

    def fits() -> bool:
        room = CONTENT_BOTTOM - CONTENT_TOP
        if len(chosen) < len(touchpoints):
            room -= MORE_HEIGHT  # for "and N more touchpoints" under the table
        return _table(page, chosen).height() <= room

    while len(chosen) > 1 and not fits():
        chosen.pop(max(chosen))
    full: set[int] = set()
    rank = 1
    while len(full) < len(chosen):
        for t in chosen:
            if t in full:
                continue
            if rank >= len(order[t]):
                full.add(t)
                continue
            chosen[t] = sorted([*chosen[t], order[t][rank]])
            if not fits():
                chosen[t].remove(order[t][rank])
                full.add(t)
        rank += 1
    return chosen


def _table(page: SegmentPage, chosen: dict[int, list[int]]) -> TableSpec:
    tally = page.needs
    answered = (
        f"Who answers it ({tally.answered:,} of {tally.total:,})"
        if tally.total
        else "Who answers it"
    )
    headings = ("The customer's day", "What the front line needs there", answered)
    spec = TableSpec(
        WIDTHS,
        [header_row(headings)],
    )
    for group, (t, positions) in enumerate(chosen.items()):
        touchpoint = page.touchpoints[t]
        fill = WHITE if group % 2 == 0 else BAND
        rows: list[list[Cell | None]] = [_need_cells(touchpoint.needs[p], fill) for p in positions]
        hidden = [n for p, n in enumerate(touchpoint.needs) if p not in positions]
        if not touchpoint.needs:
            rows.append(_plain_row("no needs written down yet", fill))
        elif hidden:
            answered_hidden = sum(1 for need in hidden if need.answered_by)
            rows.append(
                _plain_row(
                    f"{more_words(len(hidden), 'need')} ({answered_hidden:,} answered)", fill
                )
            )
        rows[0][0] = Cell(_touchpoint_paragraphs(touchpoint), fill=fill, rows=len(rows))
        spec.rows.extend(rows)
    return spec


def _touchpoint_paragraphs(touchpoint: TouchpointRow) -> list[list[Run]]:
    width = WIDTHS[0] - 0.25
    name = shortened(f"{touchpoint.number}. {touchpoint.name}", width, TABLE_PT, 2, bold=True)
    if touchpoint.who:
        who = f"{plural(touchpoint.people, 'person', 'people')}: {', '.join(touchpoint.who)}"
    else:
        who = "nobody on the front line chosen yet"
    return [
        [Run(name, TABLE_PT, True, NAVY)],
        [Run(shortened(who, width, TABLE_PT), TABLE_PT, colour=GREY)],
    ]


def _need_cells(need: NeedRow, fill: RGBColor) -> list[Cell | None]:
    """ "Must have: live availability ..." (the must in red) and the managers answering it."""
    width = WIDTHS[1] - 0.25
    kind = need.kind.capitalize()
    lead = [Run("Must ", TABLE_PT, True, BAD), Run(f"{need.kind}: ", TABLE_PT, True, GREY)]
    if not need.must:
        lead = [Run(f"{kind}: ", TABLE_PT, True, GREY)]
    words = "".join(run.text for run in lead)
    text = shortened(words + need.text, width, TABLE_PT, 2)
    runs = [*lead, Run(text[len(words) :], TABLE_PT)]
    if need.answered_by:
        names = list(need.answered_by[:NAMES_SHOWN])
        extra = len(need.answered_by) - len(names)
        answered = ", ".join(names) + (f" and {extra} more" if extra else "")
        answer = Run(shortened(answered, WIDTHS[2] - 0.25, TABLE_PT, 2), TABLE_PT)
    else:
        answer = Run("nobody yet", TABLE_PT, need.must, BAD if need.must else GREY)
    return [None, Cell([runs], fill=fill), Cell([[answer]], fill=fill)]


def _plain_row(words: str, fill: RGBColor) -> list[Cell | None]:
    return [
        None,
        Cell([[Run(words, TABLE_PT, colour=GREY, italic=True)]], fill=fill),
        Cell([[Run("", TABLE_PT)]], fill=fill),
    ]


def segment_notes(page: SegmentPage) -> str:
    """The whole day of the segment, for the speaker notes: every touchpoint and every need."""
    lines = [page.name]
    if page.description:
        lines.append(page.description)
    for touchpoint in page.touchpoints:
        who = ", ".join(touchpoint.who) or "nobody chosen yet"
        lines.append(f"{touchpoint.number}. {touchpoint.name} ({who})")
        for need in touchpoint.needs:
            answer = ", ".join(need.answered_by) or "nobody yet"
            must = ", must" if need.must else ""
            lines.append(f"  - {need.kind}{must}: {need.text} - answered by {answer}")
    return "\n".join(lines)
