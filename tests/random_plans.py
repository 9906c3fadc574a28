"""A random plan on a random organisation of several levels, for tests that compare what
the commands count as they read the commitments with what the whole plan gives."""

from __future__ import annotations

import datetime as dt
import random

from progress_samples import guests

from pyramid_app.model.org import OrgChart
from pyramid_app.model.plan import Commitment, ProgressNote, Status
from pyramid_app.model.project import OrgSource, Project

TODAY = dt.date(2025, 6, 1)
NOW = dt.datetime(2025, 6, 1, 9, 30)
PRACTICES = ["Listen", " Listen", "Listen ", "Coach", "", "Remove obstacles"]


def planned_at_random(rng: random.Random, people: int = 60, count: int = 150) -> Project:
    """An organisation of several levels (the Rooms department meets the guests), and
    ``count`` commitments numbered in no order of the pyramid: every status, due before, on or
    after today or never, notes, needs answered (one no longer a need), practices written with
    stray spaces, times of their own, a few by someone who left."""
    parent = [-1] + [rng.randrange(0, max(1, i // 3)) for i in range(1, people)]
    chart = OrgChart.from_parents(
        [f"P{i:03d}" for i in range(people)],
        parent,
        names=[f"Person {i}" for i in range(people)],
        departments=[rng.choice(["Rooms", "Sales"]) for _ in range(people)],
    )
    project = Project(chart, OrgSource("random.xlsx"), customer_map=guests(), name="Random")
    managers = [chart.ids[i] for i in chart.managers().tolist()] + ["GONE"]
    numbers = rng.sample(range(1, count * 3), count)
    commitments = []
    for number in numbers:
        created = NOW - dt.timedelta(days=rng.randrange(90), seconds=rng.randrange(86_400))
        commitments.append(
            Commitment(
                f"C-{number:04d}",
                rng.choice(managers),
                f"commitment {number}",
                practice=rng.choice(PRACTICES),
                status=rng.choice(list(Status)),
                due=rng.choice(
                    [None, TODAY - dt.timedelta(days=3), TODAY, TODAY + dt.timedelta(9)]
                ),
                notes=tuple(
                    ProgressNote(TODAY - dt.timedelta(days=day), f"note {number}.{day}")
                    for day in range(rng.randrange(3))
                ),
                needs=tuple(rng.sample(["N-0001", "N-0002", "N-0003", "N-0999"], rng.randrange(3))),
                created=created,
                changed=created + dt.timedelta(minutes=rng.randrange(10_000)),
            )
        )
    project.plan.put(commitments)
    return project
