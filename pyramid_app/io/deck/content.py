"""What the steering deck says, gathered from a project before any slide is made.

Plain values only, so the slides are a matter of layout and the figures can be checked against
the reports they come from: the coverage by level and the gaps as ``pyramid-app coverage``
gives them, the customers' day with its needs and the managers whose commitments answer them,
the commitments by status and practice, and every measure that has a target as
``pyramid-app progress`` reports it.

Columns hidden from the audience (``Project.hidden``: the email and the columns kept as they
came from the spreadsheet) are never read here; nothing else reaches a slide. A person appears
by name, title and department only.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

import numpy as np

from pyramid_app.model.coverage import Coverage, ManagerState, Share
from pyramid_app.model.customers import Importance, RuleField, ServeRule, served_people
from pyramid_app.model.needs_coverage import NeedsCoverage, NeedTally, needs_coverage
from pyramid_app.model.plan import Commitment, Status
from pyramid_app.model.plan_figures import PlanFigures, plan_figures
from pyramid_app.model.progress_report import MeasureProgress, ProgressReport, UnitProgress
from pyramid_app.model.project import Project
from pyramid_app.model.targets import Standing, Target

GAPS_KEPT = 20  # the most a gaps slide could show; it shows what fits
PRACTICES_SHOWN = 10  # more practices than this: the rest are one bar, "other practices"
NO_PRACTICE = "(no practice)"
STATUSES = (Status.PLANNED, Status.IN_PROGRESS, Status.DONE, Status.DROPPED)
# Month names written out: strftime's follow the locale, which the window sets from the
# desktop, and the deck's other words are English.
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def long_date(day: dt.date) -> str:
    """ "6 December 2026" """
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def short_date(day: dt.date) -> str:
    """ "31 Mar 2027" """
    return f"{day.day} {MONTHS[day.month - 1][:3]} {day.year}"


def whole_percent(part: int, whole: int) -> int | None:
    """``part`` of ``whole`` in whole percent that never reads 100 before it is complete nor 0
    after a start (as ``pyramid-app coverage`` prints it); None when there is no whole."""
    if whole <= 0:
        return None
    value = round(100 * part / whole)
    if part < whole:
        value = min(value, 99)
    if part > 0:
        value = max(value, 1)
    return value


def percent_text(part: int, whole: int) -> str:
    value = whole_percent(part, whole)
    return "-" if value is None else f"{value}%"


@dataclass(frozen=True)
class LevelFigure:
    level: int
    managers: int
    with_active: int

    @property
    def percent(self) -> int:
        return whole_percent(self.with_active, self.managers) or 0


@dataclass(frozen=True)
class GapRow:
    name: str
    person_id: str
    title: str
    department: str
    level: int
    unserved: int  # front-line people whose chain first breaks at this manager
    has_active_commitment: bool  # then their commitments leave out some of their reports


@dataclass(frozen=True)
class NeedRow:
    need_id: str
    text: str
    kind: str  # be, do or have
    must: bool
    answered_by: tuple[str, ...]  # the names of the managers whose active commitments answer it


@dataclass(frozen=True)
class TouchpointRow:
    number: int  # its place in the customer's day, from 1
    touchpoint_id: str
    name: str
    who: tuple[str, ...]  # who stands there, in words ("Front Desk Agent", "Ana Costa")
    people: int  # front-line people the touchpoint's rules pick
    needs: tuple[NeedRow, ...]


@dataclass(frozen=True)
class SegmentPage:
    name: str
    description: str
    share: float | None
    touchpoints: tuple[TouchpointRow, ...]
    needs: NeedTally


@dataclass(frozen=True)
class PracticeRow:
    practice: str
    counts: tuple[int, ...]  # per status, in the order of STATUSES

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class ProgressRow:
    measure: str
    where: str
    now: str  # the latest value, and when for a result
    target: str
    standing: Standing
    change: str  # for a result: the mean before the first commitment against since, or ""
    better: bool | None


@dataclass(frozen=True)
class DeckContent:
    organisation: str
    today: dt.date
    people: int
    managers: int
    front_line: int
    commitments: int
    active_commitments: int
    committed_managers: int  # managers with at least one active commitment
    levels: tuple[LevelFigure, ...]
    served: Share
    needs: NeedTally
    states: dict[ManagerState, int]
    gaps: tuple[GapRow, ...]
    gap_managers: int  # every manager at whom some front-line person's chain first breaks
    segments: tuple[SegmentPage, ...]
    practices: tuple[PracticeRow, ...]
    status_totals: tuple[int, ...]  # per status, in the order of STATUSES
    overdue: int
    progress: tuple[ProgressRow, ...]  # the measures with a target; none: no progress slide


def deck_content(
    project: Project,
    coverage: Coverage,
    today: dt.date,
    progress: ProgressReport | None = None,
    figures: PlanFigures | None = None,
) -> DeckContent:
    """Everything the deck shows of ``project`` on ``today``; ``coverage`` must be of its chart.

    ``progress`` (the report ``pyramid-app progress`` prints) gives the progress slide's rows;
    without it, or without targets, there are none. ``figures`` are the plan's, counted on
    ``today`` as its commitments were read, when it is not in ``project.plan``.
    """
    if coverage.chart is not project.chart:
        raise ValueError("the coverage given was computed for another chart")
    chart = project.chart
    if figures is None:
        figures = plan_figures(project.plan, today)
    needs = needs_coverage(project, figures.answering)
    levels = tuple(LevelFigure(*row) for row in coverage.level_table())
    return DeckContent(
        organisation=project.name,
        today=today,
        people=chart.people_count,
        managers=sum(level.managers for level in levels),
        front_line=coverage.front_line_total,
        commitments=figures.commitments,
        active_commitments=figures.active,
        committed_managers=sum(level.with_active for level in levels),
        levels=levels,
        served=coverage.served_share(),
        needs=needs.overall,
        states=coverage.state_counts(),
        gaps=_gaps(project, coverage),
        gap_managers=int(np.count_nonzero(coverage.gap_counts)),
        segments=_segments(project, needs, figures),
        practices=_practices(figures),
        status_totals=tuple(figures.by_status[status] for status in STATUSES),
        overdue=figures.overdue,
        progress=_progress(progress) if progress is not None else (),
    )


def _gaps(project: Project, coverage: Coverage) -> tuple[GapRow, ...]:
    chart = project.chart
    return tuple(
        GapRow(
            name=chart.names[gap.manager_index] or gap.manager_id,
            person_id=gap.manager_id,
            title=chart.titles[gap.manager_index],
            department=chart.departments[gap.manager_index],
            level=gap.depth,
            unserved=gap.unserved_count,
            has_active_commitment=bool(coverage.manager_state[gap.manager_index]),
        )
        for gap in coverage.gaps(GAPS_KEPT)
    )


def _segments(
    project: Project, needs: NeedsCoverage, figures: PlanFigures
) -> tuple[SegmentPage, ...]:
    answering = {commitment.id: commitment for commitment in figures.answering}
    pages = []
    for segment in project.customer_map:
        rows = []
        for number, touchpoint in enumerate(segment.touchpoints, 1):
            rows.append(
                TouchpointRow(
                    number=number,
                    touchpoint_id=touchpoint.id,
                    name=touchpoint.name,
                    who=tuple(_rule_words(project, rule) for rule in touchpoint.rules),
                    people=int(served_people(project.chart, touchpoint).shape[0]),
                    needs=tuple(
                        NeedRow(
                            need.id,
                            need.text,
                            need.kind.value,
                            need.importance is Importance.MUST,
                            _answering(project, answering, needs.answered_by.get(need.id, ())),
                        )
                        for need in touchpoint.needs
                    ),
                )
            )
        pages.append(
            SegmentPage(
                segment.name,
                segment.description,
                segment.share,
                tuple(rows),
                needs.by_segment.get(segment.name, NeedTally()),
            )
        )
    return tuple(pages)


def _rule_words(project: Project, rule: ServeRule) -> str:
    """Who a rule picks, as the room reads it: a title or a department as it is, a person by
    name."""
    if rule.field is RuleField.PERSON:
        return project.display_name(rule.value.strip())
    return rule.value.strip()


def _answering(
    project: Project, answering: dict[str, Commitment], commitment_ids: tuple[str, ...]
) -> tuple[str, ...]:
    """The managers of these commitments (of ``answering``) by name, each once, in the
    commitments' order."""
    names: dict[str, None] = {}
    for commitment_id in commitment_ids:
        commitment = answering.get(commitment_id)
        if commitment is not None:
            names[project.display_name(commitment.manager_id)] = None
    return tuple(names)


def _practices(figures: PlanFigures) -> tuple[PracticeRow, ...]:
    counts: Counter[tuple[str, Status]] = Counter()
    for (practice, status), count in figures.by_practice.items():
        counts[(practice or NO_PRACTICE, status)] += count
    totals: Counter[str] = Counter()
    for (practice, _status), count in counts.items():
        totals[practice] += count
    ranked = sorted(totals, key=lambda practice: (-totals[practice], practice.casefold()))
    rows = [
        PracticeRow(practice, tuple(counts[(practice, status)] for status in STATUSES))
        for practice in ranked
    ]
    if len(rows) <= PRACTICES_SHOWN:
        return tuple(rows)
    kept, rest = rows[: PRACTICES_SHOWN - 1], rows[PRACTICES_SHOWN - 1 :]
    other = PracticeRow(
        f"{len(rest)} other practices",
        tuple(sum(row.counts[i] for row in rest) for i in range(len(STATUSES))),
    )
    return (*kept, other)


# -- progress against targets --------------------------------------------------------------


def _progress(report: ProgressReport) -> tuple[ProgressRow, ...]:
    return tuple(
        _progress_row(measure, row, row.target)
        for measure in report.measures
        for row in measure.units
        if row.target is not None
    )


def _progress_row(measure: MeasureProgress, row: UnitProgress, target: Target) -> ProgressRow:
    now = value_text(measure, row.latest)
    if not measure.built_in and row.latest_at and row.latest is not None:
        now += f" in {row.latest_at}"
    bound = "≤" if target.lower_is_better else "≥"
    by = f" by {short_date(target.by)}" if target.by else ""
    change, better = "", None
    figures = row.before_after
    if figures is not None and figures.before is not None and figures.after is not None:
        change = f"{value_text(measure, figures.before)} → {value_text(measure, figures.after)}"
        better = figures.improved(target.lower_is_better)
    return ProgressRow(
        measure=measure.title,
        where=row.label,
        now=now,
        target=f"{bound} {value_text(measure, target.value)}{by}",
        standing=row.standing or Standing.NO_VALUE,
        change=change,
        better=better,
    )


def value_text(measure: MeasureProgress, value: float | None) -> str:
    """A value as the progress report writes it: a share in whole percent, a result with up to
    four figures."""
    if value is None:
        return "-"
    if measure.share:
        return percent_text(round(value * 10_000), 10_000)
    return f"{value:,.6g}" if abs(value) >= 1000 else f"{value:.4g}"
