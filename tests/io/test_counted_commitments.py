"""Coverage counted from the commitments as they are read, their texts left unread
(``ProjectFile.counted_commitments``, used by ``pyramid-app export`` before the picture)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import sqlite3
from pathlib import Path

import pytest
from progress_samples import hotel

from pyramid_app.io.project.file import DamagedProjectError, ProjectFile
from pyramid_app.model.coverage import compute_coverage
from pyramid_app.model.plan import Commitment, Status
from pyramid_app.model.project import Project

TODAY = dt.date(2025, 6, 1)
REPORTS = {"A": ["B", "C"], "B": ["D", "E"], "C": ["F", "G"], "Z": ["Y"]}  # Z left the hotel


def planned_at_random(rng: random.Random) -> Project:
    """The hotel with a dozen commitments of every status, due before, on and after today or
    never, serving everyone or some of their reports, a few by someone no longer there."""
    project = hotel()
    commitments = []
    for number in range(1, 13):
        manager = rng.choice(list(REPORTS))
        serves = tuple(rng.sample(REPORTS[manager], rng.randint(0, len(REPORTS[manager]))))
        due = rng.choice([None, TODAY - dt.timedelta(days=3), TODAY, TODAY + dt.timedelta(9)])
        commitments.append(
            Commitment(
                f"C-{number:04d}", manager, f"commitment {number}", status=rng.choice(list(Status)),
                serves=serves, due=due, owner_note=rng.choice(["", "on track"]),
            )
        )  # fmt: skip
    project.plan.put(commitments)
    return project


@pytest.mark.parametrize("seed", range(8))
def test_coverage_counted_as_read_is_the_whole_plan_s(tmp_path: Path, seed: int) -> None:
    project, today = planned_at_random(random.Random(seed)), TODAY
    path = tmp_path / "random.pyramid"
    ProjectFile.create(path, project).close()
    store, opened = ProjectFile.open(path, read_only=True, with_plan=False)
    try:
        counted = compute_coverage(opened.chart, store.counted_commitments(), today)
        whole = compute_coverage(opened.chart, store.read_plan(1), today)
    finally:
        store.close()
    assert len(project.plan) > 0
    assert counted.summary() == whole.summary()
    for per_node in ("manager_state", "first_broken", "served", "link_served"):
        assert getattr(counted, per_node).tolist() == getattr(whole, per_node).tolist(), per_node


def test_a_damaged_status_is_found_while_counting(tmp_path: Path) -> None:
    project = planned_at_random(random.Random(3))
    path = tmp_path / "random.pyramid"
    ProjectFile.create(path, project).close()
    first = min(project.plan.commitments)
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE commitment SET status = 'maybe' WHERE id = ?", (first,))
    connection.close()
    store, _opened = ProjectFile.open(path, read_only=True, with_plan=False)
    try:
        with pytest.raises(DamagedProjectError, match=f"{first} has an unknown status"):
            list(store.counted_commitments())
    finally:
        store.close()


def test_times_parsed_a_few_at_a_time_are_read_back_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Commitments made one by one each have times of their own; the parsed times kept while
    the plan is read are forgotten a few thousand at a time (here two), and every commitment
    still reads back with its own times and due date."""
    from pyramid_app.io.project import store as stored

    project = planned_at_random(random.Random(5))
    made = dt.datetime(2025, 3, 1, 9, 0)
    project.plan.put(
        [
            dataclasses.replace(
                commitment,
                created=made + dt.timedelta(minutes=index),
                changed=made + dt.timedelta(days=1, seconds=index % 3),
            )
            for index, commitment in enumerate(sorted(project.plan, key=lambda c: c.id))
        ]
    )
    path = tmp_path / "times.pyramid"
    ProjectFile.create(path, project).close()
    monkeypatch.setattr(stored, "_PARSED_KEPT", 2)
    store, _opened = ProjectFile.open(path, read_only=True, with_plan=False)
    try:
        read = store.read_plan(1)
    finally:
        store.close()
    assert len(read) == len(project.plan) > 4
    for commitment in project.plan:
        back = read.get(commitment.id)
        assert back is not None
        assert (back.created, back.changed, back.due) == (
            commitment.created,
            commitment.changed,
            commitment.due,
        ), commitment.id


@pytest.mark.parametrize("enabled", [True, False])
def test_a_plan_is_read_whole_without_the_cycle_collector(tmp_path: Path, enabled: bool) -> None:
    """Thousands of commitments made and kept, no garbage: the collector, which would walk them
    over and over (a quarter of the opening of a million), does not run while they are made,
    and is left as it was. Once it is back on, the next object made may start one collection
    (the objects counted meanwhile); left running, it would start one every 700 objects."""
    import gc

    project = hotel()
    project.plan.put(
        [Commitment(f"C-{n:04d}", "A", f"commitment {n}", serves=("B",)) for n in range(1, 5001)]
    )
    path = tmp_path / "many.pyramid"
    ProjectFile.create(path, project).close()
    runs: list[str] = []

    def heard(phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            runs.append(phase)

    was_enabled = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    gc.callbacks.append(heard)
    try:
        store, _opened = ProjectFile.open(path, read_only=True, with_plan=False)
        try:
            runs.clear()
            read = store.read_plan(1)
            during = len(runs)  # counted before anything else is made
        finally:
            store.close()
        assert gc.isenabled() is enabled
    finally:
        gc.callbacks.remove(heard)
        (gc.enable if was_enabled else gc.disable)()
    assert len(read) == 5000 and read.get("C-4999") is not None
    assert during <= 1
