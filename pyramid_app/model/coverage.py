"""Coverage of the plan: who has a commitment, and which front-line people are fully served.

Definitions (the product's, with the choices this module makes written down):

- A commitment is *active* unless dropped. An active commitment past its due date and not done
  is *overdue*; it stays active. ``today`` is always a parameter: the model never reads a clock.
- Per level (depth in the whole chart, level 0 the root): the managers (real people with
  reports) with at least one active commitment, out of all managers at that level.
- The link from a manager to one of their direct reports is *served* when the manager has an
  active commitment serving that report: one that serves all direct reports, or one naming the
  report in ``serves``. A name in ``serves`` that is no longer a direct report of the manager
  (the organisation changed since) serves nobody.
- Synthetic nodes (the "Organisation" root above several roots, the "Unassigned" group) are not
  people and nobody can commit for them, so **a link from a synthetic node counts as served**,
  as does the (missing) link above the root. Otherwise every front-line person under the
  "Unassigned" group would be reported unserved for a reason nobody can fix.
- A front-line person (real, no reports) is *served* when every link on their chain down to the
  root is served. For someone unserved, the *first broken link* is the unserved link nearest the
  customer, i.e. the one whose manager has the highest depth on their chain; that manager is
  whom a consultant talks to about this person.
- *Gaps*: managers ranked by how many front-line people have them as first broken link; ties by
  depth (the more senior manager first), then by person id as text.
- Manager state, for colouring: over the manager's active commitments, **overdue > in progress >
  planned > done**, and *none* without any active commitment. So "done" shows only when every
  active commitment is done, and one overdue commitment is enough to show the manager overdue.

Everything is computed by :class:`CoverageTracker` (``coverage_tracker.py``), which keeps
per-manager and per-link counts so that an edit (a :class:`~pyramid_app.model.project.Change`)
costs the commitments it touched plus the part of the tree whose first broken link changed. The
figures it hands out are a :class:`Coverage` snapshot (``coverage_report.py``); the chart-only
part (breadth-first order, masks, totals) is cached per chart in ``coverage_frame.py``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from pyramid_app.model.coverage_report import (
    STATE_ORDER,
    Break,
    Coverage,
    Gap,
    LevelRow,
    ManagerState,
    Share,
    commitment_state,
)
from pyramid_app.model.coverage_tracker import CoverageTracker
from pyramid_app.model.org import OrgChart
from pyramid_app.model.plan import Commitment

__all__ = [
    "STATE_ORDER",
    "Break",
    "Coverage",
    "CoverageTracker",
    "Gap",
    "LevelRow",
    "ManagerState",
    "Share",
    "commitment_state",
    "compute_coverage",
]


def compute_coverage(chart: OrgChart, plan: Iterable[Commitment], today: dt.date) -> Coverage:
    """Coverage of ``plan`` (a plan, or its commitments as they are read) over ``chart`` on
    ``today``: O(people + commitments), keeping none of the commitments."""
    return CoverageTracker(chart, plan, today, follows_edits=False).coverage()
