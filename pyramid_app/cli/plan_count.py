"""The plan's figures counted as its commitments are read from the file, for commands that
need the figures of a million commitments but not all the commitments at once.

A project opened without its plan (``with_plan=False``) is read here one commitment at a time.
:func:`count_plan` counts coverage, the needs the plan answers and the number of commitments
and of active ones as they come, and keeps only the commitments a command lists.
:func:`plan_read_whole` with a drawing counts coverage, draws with it, and only then reads the
plan whole: a million commitments (about 300 MB) and the drawing of a million people (about 280 MB)
are never in memory together. :func:`rows_counted` counts coverage and the plan's figures, and
gives the commitments to be read again a block at a time in the action plan's order: the plan
is then never whole in memory.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from pyramid_app.cli.running import CommandError
from pyramid_app.io.memory import give_back_freed_memory
from pyramid_app.io.project.errors import ProjectFileError
from pyramid_app.io.project.file import ProjectFile
from pyramid_app.io.workbook.plan_rows import PlanRows, rows_read_again
from pyramid_app.model.coverage import Coverage, compute_coverage
from pyramid_app.model.needs_coverage import NeedsCoverage, needs_coverage
from pyramid_app.model.plan import Commitment, Plan
from pyramid_app.model.plan_figures import PlanTally
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
    commitments = active = 0

    def read() -> Iterator[Commitment]:
        nonlocal commitments, active
        for commitment in store.commitments():
            commitments += 1
            active += commitment.active
            if keep is not None and keep(commitment):
                kept[commitment.id] = commitment
            if commitment.needs:
                answering.append(commitment)
            yield commitment

    with _one_line():
        coverage = compute_coverage(project.chart, read(), today)
    project.plan = Plan(kept, project.plan.next_number)
    return PlanCount(coverage, needs_coverage(project, answering), commitments, active)


Drawing = TypeVar("Drawing")


def plan_read_whole(
    store: ProjectFile,
    project: Project,
    today: dt.date,
    draw: Callable[[Coverage], Drawing] | None = None,
) -> tuple[Coverage, Drawing | None]:
    """The stored plan read whole into ``project.plan``, and its coverage. With ``draw``,
    coverage is counted first from the commitments as they are read (their manager, whom they
    serve, due date and status alone), then ``draw(coverage)``, the drawing's memory given back,
    and only then the plan read. A commitment that cannot be read back is the command's
    one-line error."""
    with _one_line():
        if draw is None:
            project.plan = store.read_plan(project.plan.next_number)
            return compute_coverage(project.chart, project.plan, today), None
        coverage = compute_coverage(project.chart, store.counted_commitments(), today)
        drawing = draw(coverage)
        give_back_freed_memory()  # the drawing's, before the plan takes its place
        project.plan = store.read_plan(project.plan.next_number)
    return coverage, drawing


def tallied(store: ProjectFile, project: Project, today: dt.date) -> tuple[Coverage, PlanTally]:
    """Coverage and the plan's figures (the tally's) counted from the stored commitments as
    they are read, what they are counted from alone; the plan is not kept. A commitment that
    cannot be read back is the command's one-line error."""
    tally = PlanTally(today)
    with _one_line():
        coverage = compute_coverage(
            project.chart, tally.counted(store.counted_commitments()), today
        )
    return coverage, tally


def rows_counted(store: ProjectFile, project: Project, today: dt.date) -> tuple[Coverage, PlanRows]:
    """:func:`tallied`, and the plan's rows, which read the commitments again from ``store`` a
    block at a time as the action plan's sheet asks for them (raising
    :class:`ProjectFileError` for damage the counting does not see)."""
    coverage, tally = tallied(store, project, today)
    with _one_line():
        rows = rows_read_again(project.chart, tally, store.commitments_numbered)
    return coverage, rows


@contextlib.contextmanager
def _one_line() -> Iterator[None]:
    """A plan that cannot be read back, said as the command's one-line error."""
    try:
        yield
    except ProjectFileError as error:
        raise CommandError(str(error)) from error
