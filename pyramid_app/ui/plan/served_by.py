"""Words shown about people: whom a commitment serves, who serves someone, whether they are
served (coverage) and which link is broken."""

from __future__ import annotations

import datetime as dt
import html

import numpy as np

from pyramid_app.model.colouring import COVERAGE_COLOURS
from pyramid_app.model.coverage import Coverage, ManagerState
from pyramid_app.model.coverage_report import break_words
from pyramid_app.model.org import OrgChart
from pyramid_app.model.plan import Commitment
from pyramid_app.model.project import Project
from pyramid_app.ui.plan.commitment_list import CommitmentRow

MAX_NAMED = 3  # people named in "serves" before "and N more"
MAX_CHAIN = 8  # managers named for a front-line person
# Text in the coverage colours, darkened where the colour is too light to read on white.
SERVED_COLOUR = "rgb{}".format(COVERAGE_COLOURS["front line served"])
UNSERVED_COLOUR = "#b35900"  # the orange of "not served", dark enough for text
NOT_CONNECTED_COLOUR = "rgb{}".format(COVERAGE_COLOURS["front line not connected"])


def serves_text(project: Project, commitment: Commitment) -> str:
    """ "all direct reports", or the names of the people chosen."""
    if commitment.serves_all:
        return "all direct reports"
    names = [project.display_name(p) for p in commitment.serves[:MAX_NAMED]]
    more = len(commitment.serves) - MAX_NAMED
    return ", ".join(names) + (f" and {more} more" if more > 0 else "")


def row_of(project: Project, commitment: Commitment, flags: tuple[str, ...] = ()) -> CommitmentRow:
    overdue = commitment.is_overdue(dt.date.today())
    needs = tuple(
        need.text for need in map(project.customer_map.need, commitment.needs) if need is not None
    )
    return CommitmentRow(commitment, serves_text(project, commitment), flags, overdue, needs)


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


# -- coverage: whether someone is served, and why not ----------------------------------------


def _link(chart: OrgChart, node: int) -> str:
    return f"<a href='{html.escape(chart.ids[node])}'>{html.escape(_name(chart, node))}</a>"


def _people(count: int) -> str:
    return f"{count:,} front-line {'person' if count == 1 else 'people'}"


def coverage_html(coverage: Coverage, index: int) -> str:
    """Whether the person at ``index`` (of ``coverage.chart``) is served, and why not.

    For a front-line person: served, or the first broken link on their chain with the manager
    as a link (its target is the manager's person id). For a manager: how many direct reports
    their commitments reach, and how many front-line people are unserved because of them. Empty
    for anyone else (a grouping).
    """
    chart = coverage.chart
    if chart.synthetic[index]:
        return ""
    name = html.escape(chart.names[index] or chart.ids[index])
    if chart.not_connected[index]:
        reason = html.escape(break_words(chart, index))
        return (
            f"<span style='color:{NOT_CONNECTED_COLOUR}'><b>Not connected to the chief "
            f"executive</b></span>: {reason}. Nobody on {name}'s chain can commit for them, so "
            "they are counted apart, neither served nor a gap."
        )
    if chart.span_of_control[index] == 0:
        unserved = coverage.unserved_reason(index)
        if unserved is None:
            return (
                f"<span style='color:{SERVED_COLOUR}'><b>Served</b></span>: every manager "
                f"between {name} and the chief executive has an active commitment serving "
                "the next person on the chain."
            )
        manager = int(coverage.first_broken[index])
        text = html.escape(unserved.removeprefix("not served: "))
        who = html.escape(_who(chart, manager))
        # The reason starts with the manager; make their name the way to select them.
        linked = _link(chart, manager) + html.escape(
            _who(chart, manager)[len(_name(chart, manager)) :]
        )
        text = text.replace(who, linked, 1)
        return f"<span style='color:{UNSERVED_COLOUR}'><b>Not served</b></span>: {text}."
    reports = chart.children(index)
    reached = int(np.count_nonzero(coverage.link_served[reports]))
    if coverage.manager_state[index] == ManagerState.NONE:
        lines = [f"{name} has no active commitment yet."]
    elif reached == reports.shape[0]:
        lines = [f"{name}'s commitments reach all {reached:,} direct reports."]
    else:
        lines = [f"{name}'s commitments reach {reached:,} of {reports.shape[0]:,} direct reports."]
    gaps = int(coverage.gap_counts[index])
    if gaps:
        are = "is" if gaps == 1 else "are"
        lines.append(
            f"<span style='color:{UNSERVED_COLOUR}'><b>{_people(gaps)}</b></span> in this team "
            f"{are} not served because of it: the broken link nearest to them is here."
        )
    return "<br>".join(lines)


def _name(chart: OrgChart, index: int) -> str:
    return chart.names[index] or chart.ids[index]


def _who(chart: OrgChart, index: int) -> str:
    """A manager as :meth:`Coverage.unserved_reason` names them: name and id."""
    name, person_id = chart.names[index], chart.ids[index]
    return f"{name} ({person_id})" if name and name != person_id else person_id
