"""The plan's figures counted as its commitments are read from the file, for commands that
need the figures of a million commitments but not the commitments themselves.

A project opened without its plan (``with_plan=False``) is read here one commitment at a time:
coverage, the needs the plan answers and the number of commitments and of active ones are
counted as they come, and only the commitments a command lists are kept. A million
commitments (about 300 MB) are then never in memory at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from pyramid_app.cli.running import CommandError
from pyramid_app.io.project.errors import ProjectFileError
from pyramid_app.io.project.file import ProjectFile
from pyramid_app.model.coverage import Coverage, compute_coverage
from pyramid_app.model.needs_coverage import NeedsCoverage, needs_coverage
from pyramid_app.model.plan import Commitment, Plan
from pyramid_app.model.project import Project


@dataclass(frozen=True)
class PlanCount:
    """What the whole plan gives, counted from its commitments as they were read."""

    coverage: Coverage
    needs: NeedsCoverage
    commitments: int
    active: int


def count_plan(
    store: ProjectFile,
    project: Project,
    today: dt.date,
    keep: Callable[[Commitment], bool] | None = None,
) -> PlanCount:
    """Count ``project``'s plan from ``store`` as of ``today``; ``project.plan`` then holds the
    commitments ``keep`` chose (none without it). A commitment that cannot be read back is the
    command's one-line error."""
    kept: dict[str, Commitment] = {}
    answering: list[Commitment] = []  # those naming needs: few, and all needs_coverage reads
    counts = [0, 0]

    def read() -> Iterator[Commitment]:
        for commitment in store.commitments():
            counts[0] += 1
            counts[1] += commitment.active
            if keep is not None and keep(commitment):
                kept[commitment.id] = commitment
            if commitment.needs:
                answering.append(commitment)
            yield commitment

    try:
        coverage = compute_coverage(project.chart, read(), today)
    except ProjectFileError as error:
        raise CommandError(str(error)) from error
    project.plan = Plan(kept, project.plan.next_number)
    return PlanCount(coverage, needs_coverage(project, answering), *counts)
