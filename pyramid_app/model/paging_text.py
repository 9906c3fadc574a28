"""What the printed pages say about themselves: whose part each page holds, its levels and
people, where it comes from and where it continues ("continues on page 7: Rosa Chaudhry's
team"). Plain text from a :class:`~pyramid_app.model.paging.PagePlan`; page numbers count the
first page (the whole shape) as page 1, so the plan's page ``i`` is printed as ``i + 2``.
"""

from __future__ import annotations

import numpy as np

from pyramid_app.model.org import OrgChart
from pyramid_app.model.paging import PagePart, PagePlan, PartKind, Stub

FIRST_PART_PAGE = 2  # page 1 shows the whole shape


def printed_number(index: int) -> int:
    """The page number printed for the plan's page ``index``."""
    return index + FIRST_PART_PAGE


def people_words(count: int) -> str:
    """ "1 person", "1,555 people"."""
    return f"{count:,} {'person' if count == 1 else 'people'}"


def person_name(chart: OrgChart, node: int) -> str:
    return chart.names[node] or chart.ids[node]


def team_of(chart: OrgChart, node: int) -> str:
    """ "Rosa Chaudhry's team"."""
    return f"{person_name(chart, node)}'s team"


def names_text(chart: OrgChart, nodes: list[int], most: int = 2) -> str:
    """ "Tom Li", "Tom Li and Ann Ray", "Tom Li, Ann Ray and 3 more"."""
    names = [person_name(chart, node) for node in nodes[:most]]
    rest = len(nodes) - len(names)
    if rest > 0:
        return f"{', '.join(names)} and {rest:,} more"
    if len(names) == 2:
        return f"{names[0]} and {names[1]}"
    return names[0] if names else ""


def levels_text(chart: OrgChart, part: PagePart) -> str:
    """ "Level 3", "Levels 2-5", or "" when nobody on the page is on a level."""
    levels = chart.levels[part.nodes] if part.nodes.size else np.zeros(0, dtype=np.int64)
    levels = levels[levels >= 0]
    if not levels.size:
        return ""
    low, high = int(levels.min()), int(levels.max())
    return f"Level {low}" if low == high else f"Levels {low}\u2013{high}"


def part_heading(chart: OrgChart, part: PagePart) -> str:
    """Whose part a page holds, in a few words."""
    if part.kind is PartKind.TOP or part.manager < 0:
        return "The top of the organisation"
    team = team_of(chart, part.manager)
    if part.kind is PartKind.REPORTS:
        return f"{team}, part {part.part_number} of {part.part_count}"
    if part.kind is PartKind.INDEX:
        return f"{team}: where its pages are"
    return f"{team}: {names_text(chart, part.heads.tolist())}"


def part_details(chart: OrgChart, plan: PagePlan, index: int) -> str:
    """The page's levels, its people, and where its manager is."""
    part = plan.pages[index]
    words = [levels_text(chart, part)]
    if part.people:
        here = f"{people_words(part.people)} on this page"
        if part.beyond:
            here += f", {part.beyond:,} more on the pages it continues on"
        words.append(here)
    elif part.beyond:
        words.append(f"{part.beyond:,} people on the pages listed here")
    if part.from_page >= 0 and part.manager >= 0:
        words.append(
            f"{person_name(chart, part.manager)} is on page {printed_number(part.from_page)}"
        )
    return " \u00b7 ".join(word for word in words if word)


def arrival_text(chart: OrgChart, part: PagePart) -> str:
    """Under a part: the manager it hangs from and their page."""
    if part.manager < 0 or part.from_page < 0:
        return ""
    return f"reports to {person_name(chart, part.manager)} (page {printed_number(part.from_page)})"


def continuation(chart: OrgChart, plan: PagePlan, stub: Stub) -> str:
    """ "continues on page 7: Rosa Chaudhry's team (Tom Li and Ann Ray) · 84 people"."""
    target = plan.pages[stub.page]
    people = target.people + target.beyond
    return (
        f"continues on page {printed_number(stub.page)}: {short_heading(chart, target)}"
        f" \u00b7 {people_words(people)}"
    )


def short_heading(chart: OrgChart, part: PagePart) -> str:
    if part.manager < 0:
        return "the top of the organisation"
    team = team_of(chart, part.manager)
    if part.kind is PartKind.REPORTS:
        return f"{team}, part {part.part_number} of {part.part_count}"
    if part.kind is PartKind.INDEX:
        return f"{team}, the list of its pages"
    return f"{team} ({names_text(chart, part.heads.tolist())})"


def stub_label(plan: PagePlan, stub: Stub) -> tuple[str, str]:
    """The two lines of a continuation's card: "on page 7", "84 people"."""
    target = plan.pages[stub.page]
    people = target.people + target.beyond
    return (
        f"on page {printed_number(stub.page):,}",
        people_words(people),
    )
