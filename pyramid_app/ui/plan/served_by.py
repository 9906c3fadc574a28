"""Words the commitments panel shows about people: whom a commitment serves, who serves someone."""

from __future__ import annotations

import datetime as dt
import html

from pyramid_app.model.plan import Commitment
from pyramid_app.model.project import Project
from pyramid_app.ui.plan.commitment_list import CommitmentRow

MAX_NAMED = 3  # people named in "serves" before "and N more"
MAX_CHAIN = 8  # managers named for a front-line person


def serves_text(project: Project, commitment: Commitment) -> str:
    """ "all direct reports", or the names of the people chosen."""
    if commitment.serves_all:
        return "all direct reports"
    names = [project.display_name(p) for p in commitment.serves[:MAX_NAMED]]
    more = len(commitment.serves) - MAX_NAMED
    return ", ".join(names) + (f" and {more} more" if more > 0 else "")


def row_of(project: Project, commitment: Commitment, flags: tuple[str, ...] = ()) -> CommitmentRow:
    overdue = commitment.is_overdue(dt.date.today())
    return CommitmentRow(commitment, serves_text(project, commitment), flags, overdue)


def who_serves_html(project: Project, person_id: str) -> str:
    """For someone without reports: commitments belong to managers, and which ones serve them.

    The direct manager's count is of the commitments that reach this person (all reports, or
    this person named); the managers further down count all their active commitments. Each
    name is a link whose target is the manager's person id.
    """
    chart = project.chart
    index = chart.index_of(person_id)
    name = html.escape(project.display_name(person_id))
    if chart.synthetic[index]:
        return f"<i>{name} is a grouping, not a person: commitments belong to managers.</i>"
    managers = [i for i in chart.chain_to_root(index)[1:] if chart.real[i]]
    if not managers:
        return f"Commitments belong to managers; no one manages {name}."
    parts = []
    for step, node in enumerate(managers[:MAX_CHAIN]):
        manager_id = chart.ids[node]
        active = [c for c in project.plan.of_manager(manager_id) if c.active]
        if step == 0:
            active = [c for c in active if c.serves_all or person_id in c.serves]
        count = f"{len(active)} commitment{'' if len(active) == 1 else 's'}"
        who = html.escape(chart.names[node] or manager_id)
        link = f"<a href='{html.escape(manager_id)}'>{who}</a>"
        parts.append(f"{link} ({count if active else 'none yet'})")
    if len(managers) > MAX_CHAIN:
        parts.append(f"{len(managers) - MAX_CHAIN} more")
    served = ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]
    return f"Commitments belong to managers. {name} is served by {served}."
