"""What one manager's handout says: their team, their commitments, the gaps in their team and
the needs of the customers their front line meets. Plain values; ``ui/paper`` lays them out.

A handout leaves the app on paper and in the mail, so it carries no column the planner hid
from the audience (:mod:`pyramid_app.model.audience`): the email only when it is not hidden,
and never any column kept as it came from the spreadsheet.

The figures follow the coverage definitions (:mod:`pyramid_app.model.coverage`): a front-line
person is served when every manager on their chain down to the chief executive has an active
commitment serving the next one up; where a chain breaks is the unserved link nearest the
customer. :class:`HandoutSources` computes what every page shares once, so a pack of a hundred
managers costs each manager their own team only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from pyramid_app.model.audience import EMAIL
from pyramid_app.model.coverage import Coverage, compute_coverage
from pyramid_app.model.coverage_report import ManagerState, break_words
from pyramid_app.model.customers import Importance, NeedKind, served_people
from pyramid_app.model.needs_coverage import NeedsCoverage, needs_coverage
from pyramid_app.model.org import OrgChart
from pyramid_app.model.plan import Commitment, ProgressNote, Status
from pyramid_app.model.project import Project
from pyramid_app.model.tree import IntArray

GAPS_LISTED = 8  # managers where the team's chains break, the most front-line people first
NAMES_LISTED = 3  # reports named in one gap before "and N more"
TOUCHPOINTS_LISTED = 6
NEEDS_LISTED = 6  # per touchpoint


@dataclass(frozen=True)
class CommitmentLine:
    """One commitment as the handout prints it."""

    id: str
    text: str
    serves: str  # "all direct reports" or their names
    measure: str
    cadence: str
    due: dt.date | None
    status: Status
    overdue: bool
    last_note: ProgressNote | None
    answers: tuple[str, ...]  # the texts of the touchpoint needs it answers


@dataclass(frozen=True)
class GapLine:
    """Where chains of the team break: at ``manager`` (``you``: the handout's manager; ``below``:
    on the chain under the team), leaving ``front_line`` people unserved."""

    manager: str
    you: bool
    below: bool
    front_line: int
    reason: str


@dataclass(frozen=True)
class NeedLine:
    text: str
    kind: NeedKind
    importance: Importance
    answered: bool  # by some active commitment
    by_you: bool  # by one of this manager's active commitments


@dataclass(frozen=True)
class TouchpointLine:
    """A touchpoint where people of the team's front line stand, and what they need there."""

    segment: str
    name: str
    people: int  # of the team's front line
    needs: tuple[NeedLine, ...]
    needs_left_out: int


@dataclass(frozen=True)
class ManagerSheet:
    node: int
    person_id: str
    name: str
    title: str
    department: str
    location: str
    email: str  # empty when hidden from the audience
    level: int | None  # None: not connected to the chief executive
    not_connected: str  # why, when not connected
    reports: int
    team_people: int  # real people under the manager, the manager not counted
    front_line: int
    served: int
    commitments: tuple[CommitmentLine, ...]
    gaps: tuple[GapLine, ...]
    gaps_left_out: int
    touchpoints: tuple[TouchpointLine, ...]
    touchpoints_left_out: int
    lit: IntArray  # direct reports (nodes of the whole chart) this manager's commitments serve


class HandoutSources:
    """What every handout of a pack reads, computed once: coverage, needs, who stands where.

    ``coverage`` and ``needs`` are computed from the project's plan unless given: a caller that
    reads the commitments as they go counts them itself, and keeps in ``project.plan`` only the
    commitments of the managers it writes handouts for."""

    def __init__(
        self,
        project: Project,
        today: dt.date,
        coverage: Coverage | None = None,
        needs: NeedsCoverage | None = None,
    ) -> None:
        self.project = project
        self.today = today
        chart = project.chart
        if coverage is None or coverage.chart is not chart or coverage.today != today:
            coverage = compute_coverage(chart, project.plan, today)
        self.coverage = coverage
        self.needs: NeedsCoverage = needs if needs is not None else needs_coverage(project)
        self.touchpoints = [
            (segment, touchpoint, _mask(len(chart), served_people(chart, touchpoint)))
            for segment, touchpoint in project.customer_map.touchpoints()
        ]
        self.show_email = EMAIL not in project.hidden

    def sheet(self, node: int) -> ManagerSheet:
        """The handout of the manager at ``node`` of the project's chart."""
        project, chart, coverage = self.project, self.project.chart, self.coverage
        members = chart.subtree(node)[1]
        team = members[members != node]
        team = team[chart.real[team]]
        front = team[coverage.front_line[team]]
        own = project.plan.of_manager(chart.ids[node])
        reports = chart.children(node)
        lit = reports[coverage.link_served[reports] & chart.real[reports]]
        gaps = self._gaps(node, members, front)
        touchpoints = self._touchpoints(front, {c.id for c in own if c.active})
        connected = bool(chart.connected[node])
        return ManagerSheet(
            node=node,
            person_id=chart.ids[node],
            name=chart.names[node] or chart.ids[node],
            title=chart.titles[node],
            department=chart.departments[node],
            location=chart.locations[node],
            email=chart.emails[node] if self.show_email else "",
            level=int(chart.levels[node]) if connected else None,
            not_connected="" if connected else _to_you(break_words(chart, node)),
            reports=int(np.count_nonzero(chart.real[reports])),
            team_people=int(team.shape[0]),
            front_line=int(front.shape[0]),
            served=int(np.count_nonzero(coverage.served[front])),
            commitments=tuple(self._commitment(c) for c in _active_first(own)),
            gaps=tuple(gaps[:GAPS_LISTED]),
            gaps_left_out=max(len(gaps) - GAPS_LISTED, 0),
            touchpoints=tuple(touchpoints[:TOUCHPOINTS_LISTED]),
            touchpoints_left_out=max(len(touchpoints) - TOUCHPOINTS_LISTED, 0),
            lit=lit,
        )

    def _commitment(self, commitment: Commitment) -> CommitmentLine:
        project = self.project
        serves = (
            "all direct reports"
            if commitment.serves_all
            else _and_list([project.display_name(i) for i in commitment.serves])
        )
        answers = []
        for need_id in commitment.needs:
            need = project.customer_map.need(need_id)
            if need is not None:
                answers.append(need.text)
        return CommitmentLine(
            id=commitment.id,
            text=commitment.text,
            serves=serves,
            measure=commitment.measure,
            cadence=commitment.cadence,
            due=commitment.due,
            status=commitment.status,
            overdue=commitment.is_overdue(self.today),
            last_note=commitment.last_note,
            answers=tuple(answers),
        )

    def _gaps(self, node: int, members: IntArray, front: IntArray) -> list[GapLine]:
        chart, coverage = self.project.chart, self.coverage
        front = front[chart.connected[front] & ~coverage.served[front]]
        if front.shape[0] == 0:
            return []
        breaks, counts = np.unique(coverage.first_broken[front], return_counts=True)
        in_team = _mask(len(chart), members)
        depth = chart.depth[breaks]
        order = np.lexsort((depth, -counts))
        return [
            self._gap(node, int(breaks[i]), int(counts[i]), bool(in_team[breaks[i]]))
            for i in order.tolist()
        ]

    def _gap(self, node: int, manager: int, count: int, in_team: bool) -> GapLine:
        chart, coverage = self.project.chart, self.coverage
        if in_team:
            reports = chart.children(manager)
            unserved = reports[~coverage.link_served[reports] & chart.real[reports]]
        else:
            # Below the team only the link on the chain up to the team matters.
            chain = chart.chain_to_root(node)
            unserved = np.asarray([chain[chain.index(manager) - 1]], dtype=np.int64)
        names = [chart.names[i] or chart.ids[i] for i in unserved.tolist()]
        if len(names) > NAMES_LISTED:
            names = [*names[:NAMES_LISTED], f"{len(names) - NAMES_LISTED} more"]
        you = manager == node
        who = "you have" if you else f"{_who(chart, manager)} has"
        reason = f"{who} no active commitment serving {_and_list(names)}"
        if coverage.manager_state[manager] != ManagerState.NONE:
            reason += " (" + ("your" if you else "their") + " commitments serve other reports)"
        if not in_team:
            reason = f"below your team, on your chain to the chief executive: {reason}"
        return GapLine(
            manager=_who(chart, manager),
            you=you,
            below=not in_team,
            front_line=count,
            reason=reason[0].upper() + reason[1:],
        )

    def _touchpoints(self, front: IntArray, own_active: set[str]) -> list[TouchpointLine]:
        lines: list[TouchpointLine] = []
        if front.shape[0] == 0:
            return lines
        needs = self.needs
        for segment, touchpoint, standing in self.touchpoints:
            people = int(np.count_nonzero(standing[front]))
            if not people:
                continue
            rows = [
                NeedLine(
                    text=need.text,
                    kind=need.kind,
                    importance=need.importance,
                    answered=needs.is_answered(need.id),
                    by_you=bool(own_active.intersection(needs.answered_by.get(need.id, ()))),
                )
                for need in touchpoint.needs
            ]
            lines.append(
                TouchpointLine(
                    segment=segment.name,
                    name=touchpoint.name,
                    people=people,
                    needs=tuple(rows[:NEEDS_LISTED]),
                    needs_left_out=max(len(rows) - NEEDS_LISTED, 0),
                )
            )
        return lines


def _to_you(words: str) -> str:
    """Where a chain breaks, said to the manager whose chain it is."""
    for theirs, yours in (("their row", "your row"), ("their manager", "your manager")):
        words = words.replace(theirs, yours)
    return words.replace("their chain", "your chain")


def _mask(size: int, nodes: IntArray) -> npt.NDArray[np.bool_]:
    mask = np.zeros(size, dtype=bool)
    mask[nodes] = True
    return mask


def _active_first(commitments: list[Commitment]) -> list[Commitment]:
    """Active commitments in number order, then the dropped ones."""
    return sorted(commitments, key=lambda c: (not c.active, c.number))


def _who(chart: OrgChart, node: int) -> str:
    name, person_id = chart.names[node], chart.ids[node]
    return f"{name} ({person_id})" if name and name != person_id else person_id


def _and_list(names: list[str]) -> str:
    if not names:
        return "nobody"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
