"""Which touchpoint needs the plan answers, and which no manager has taken on.

Definitions:

- A need is *answered* when at least one *active* commitment (any status but dropped) names it
  in :attr:`~pyramid_app.model.plan.Commitment.needs`. A dropped commitment answers nothing;
  that is how a need a manager gave up on shows up again as open.
- Per touchpoint, per segment and over the whole map: needs answered out of all needs, and the
  same for the *must* needs alone.
- A commitment naming an id that is no longer a need in the map (a plan file written for
  another map) answers nothing; the ids are listed in :attr:`NeedsCoverage.unknown` so a
  report can say so.

One pass over the plan and one over the map: O(commitments + needs).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from pyramid_app.model.customers import Importance, NeedPlace
from pyramid_app.model.plan import Commitment, Status
from pyramid_app.model.project import Project


@dataclass
class NeedTally:
    """Needs answered out of all, and must-needs answered out of all must-needs."""

    answered: int = 0
    total: int = 0
    must_answered: int = 0
    must_total: int = 0

    def count(self, must: bool, answered: bool) -> None:
        self.total += 1
        self.answered += answered
        if must:
            self.must_total += 1
            self.must_answered += answered

    @property
    def unanswered(self) -> int:
        return self.total - self.answered

    @property
    def must_unanswered(self) -> int:
        return self.must_total - self.must_answered


@dataclass
class NeedsCoverage:
    """The needs of a customer map against a plan (see the module's definitions).

    ``answered_by`` has every need of the map, in map order, with the ids of the active
    commitments naming it in commitment-number order (empty: unanswered). ``by_touchpoint``
    and ``by_segment`` hold every touchpoint id and segment name, also those without needs.
    """

    answered_by: dict[str, tuple[str, ...]] = field(default_factory=dict)
    by_touchpoint: dict[str, NeedTally] = field(default_factory=dict)
    by_segment: dict[str, NeedTally] = field(default_factory=dict)
    overall: NeedTally = field(default_factory=NeedTally)
    places: dict[str, NeedPlace] = field(default_factory=dict)
    unknown: dict[str, tuple[str, ...]] = field(default_factory=dict)  # commitment -> need ids

    def is_answered(self, need_id: str) -> bool:
        return bool(self.answered_by.get(need_id))

    def unanswered(self, importance: Importance | None = None) -> list[NeedPlace]:
        """Needs no active commitment answers, in map order; only of ``importance`` if given."""
        return [
            place
            for need_id, place in self.places.items()
            if not self.answered_by[need_id]
            and (importance is None or place.need.importance is importance)
        ]

    def unanswered_must(self) -> list[NeedPlace]:
        return self.unanswered(Importance.MUST)


def _by_number(commitment_id: str) -> tuple[int, str]:
    return len(commitment_id), commitment_id


def needs_coverage(
    project: Project, commitments: Iterable[Commitment] | None = None
) -> NeedsCoverage:
    """How far the project's plan answers the needs of its customer map; ``commitments`` are
    the plan's when its commitments are read as they go (they must all be there)."""
    customer_map = project.customer_map
    known = {place.need.id for place in customer_map.needs()}
    # Ids per need, sorted at the end: short lists, where sorting the whole plan would cost
    # O(C log C). C-0042 and C-10000 sort by number when compared by (length, text).
    answering: dict[str, list[str]] = {}
    unknown: dict[str, tuple[str, ...]] = {}
    for commitment in project.plan if commitments is None else commitments:
        needs = commitment.needs
        if not needs:
            continue
        strangers = tuple(need_id for need_id in needs if need_id not in known)
        if strangers:
            unknown[commitment.id] = strangers
        if commitment.status is not Status.DROPPED:
            for need_id in needs:
                answering.setdefault(need_id, []).append(commitment.id)
    coverage = NeedsCoverage(unknown={i: unknown[i] for i in sorted(unknown, key=_by_number)})
    for segment in customer_map.segments:
        segment_tally = coverage.by_segment[segment.name] = NeedTally()
        for touchpoint in segment.touchpoints:
            tally = coverage.by_touchpoint[touchpoint.id] = NeedTally()
            for need in touchpoint.needs:
                by = tuple(sorted(answering.get(need.id, ()), key=_by_number))
                coverage.answered_by[need.id] = by
                coverage.places[need.id] = NeedPlace(segment, touchpoint, need)
                must = need.importance is Importance.MUST
                for counted in (tally, segment_tally, coverage.overall):
                    counted.count(must, bool(by))
    return coverage


def unanswered_must_needs(project: Project) -> list[NeedPlace]:
    """Every must-need no active commitment answers: (segment, touchpoint, need), map order."""
    return needs_coverage(project).unanswered_must()
