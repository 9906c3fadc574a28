"""``pyramid-app deck`` without a progress slide counts the plan's figures as the commitments
are read (``tallied``) and never reads the plan whole: every figure of the deck as the whole
plan gives it."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from random_plans import TODAY, planned_at_random

from pyramid_app.cli.plan_count import tallied
from pyramid_app.io.deck.content import deck_content
from pyramid_app.io.project.file import ProjectFile
from pyramid_app.model.coverage import compute_coverage


@pytest.mark.parametrize("seed", range(4))
def test_the_deck_counted_as_read_says_what_the_whole_plan_says(tmp_path: Path, seed: int) -> None:
    project = planned_at_random(random.Random(seed), count=80)
    path = tmp_path / "random.pyramid"
    ProjectFile.create(path, project).close()
    store, whole = ProjectFile.open(path, read_only=True)
    try:
        expected = deck_content(whole, compute_coverage(whole.chart, whole.plan, TODAY), TODAY)
    finally:
        store.close()
    store, opened = ProjectFile.open(path, read_only=True, with_plan=False)
    try:
        coverage, tally = tallied(store, opened, TODAY)
        counted = deck_content(opened, coverage, TODAY, figures=tally.figures())
    finally:
        store.close()
    assert len(opened.plan) == 0
    assert counted == expected
    # What the comparison went through: every status, practices, overdue commitments, and
    # needs answered by managers named on the customers' slide.
    assert all(expected.status_totals) and expected.overdue > 0
    assert len(expected.practices) > 2
    answered = [
        need.answered_by
        for page in expected.segments
        for touchpoint in page.touchpoints
        for need in touchpoint.needs
    ]
    assert any(answered)
