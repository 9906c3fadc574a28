"""Managers with commitments stand out on the pyramid: a count on cards, a ring on marks."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF
from PySide6.QtGui import QImage

from pyramid_app.model.commands import add_commitment, edit_commitment
from pyramid_app.model.org import OrgChart
from pyramid_app.model.project import OrgSource, Project
from pyramid_app.ui.main_window import MainWindow
from pyramid_app.ui.pyramid.badges import active_counts
from pyramid_app.ui.pyramid.scene import BADGE, CARD_HEIGHT, CARD_WIDTH


def add(window: MainWindow, manager_id: str, text: str = "Hold a one-to-one") -> str:
    command = add_commitment(window.project, manager_id, text)
    assert window.push(command)
    return command.commitments[0].id


def shown_counts(window: MainWindow) -> dict[str, int]:
    counts = window.view.commitment_counts
    assert counts is not None and window.chart is not None
    assert counts.shape == (len(window.chart),)
    return {window.chart.ids[i]: int(counts[i]) for i in np.flatnonzero(counts)}


def badge_pixels(window: MainWindow, person_id: str, half_w: float, half_h: float) -> int:
    """Pixels of the badge colour in a box around a person as drawn now."""
    node = window.node_of(person_id)
    layout = window.layout_
    assert node is not None and layout is not None
    view = window.view
    scene = view.view_box.mapViewToScene(QPointF(float(layout.x[node]), float(layout.y[node])))
    centre = view.mapFromScene(scene)
    image = view.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    x0, x1 = int(centre.x() - half_w), int(centre.x() + half_w)
    y0, y1 = int(centre.y() - half_h), int(centre.y() + half_h)
    found = 0
    for y in range(max(y0, 0), min(y1, image.height())):
        for x in range(max(x0, 0), min(x1, image.width())):
            colour = image.pixelColor(x, y)
            rgb = (colour.red(), colour.green(), colour.blue())
            if all(abs(a - b) <= 12 for a, b in zip(rgb, BADGE.getRgb()[:3], strict=True)):
                found += 1
    return found


def test_counts_follow_the_plan_through_edits_and_undo(shown_small: MainWindow) -> None:
    window = shown_small
    assert shown_counts(window) == {}
    first = add(window, "B")
    add(window, "B", "Walk the floor")
    add(window, "A")
    assert shown_counts(window) == {"B": 2, "A": 1}
    assert window.push(edit_commitment(window.project, first, status="dropped"))
    assert shown_counts(window) == {"B": 1, "A": 1}  # dropped ones do not count
    window.undo_stack.undo()
    assert shown_counts(window) == {"B": 2, "A": 1}
    window.undo_stack.undo()
    window.undo_stack.undo()
    assert shown_counts(window) == {"B": 1}
    counts = active_counts(window.project.plan, window.project.chart)
    assert np.array_equal(counts, window.view.commitment_counts)


def test_counts_under_a_focus_and_after_leaving_it(shown_small: MainWindow) -> None:
    window = shown_small
    add(window, "A")
    add(window, "B")
    window.focus_on_team(window.chart.index_of("B"))
    assert len(window.chart) == 4
    assert shown_counts(window) == {"B": 1}  # Ann is not in Bob's team
    add(window, "C")  # not shown either
    add(window, "B")
    assert shown_counts(window) == {"B": 2}
    window.leave_focus()
    assert shown_counts(window) == {"A": 1, "B": 2, "C": 1}
    window.toggle_collapse(window.chart.index_of("B"))  # a new layout keeps the counts
    assert shown_counts(window) == {"A": 1, "B": 2, "C": 1}


def test_a_card_with_commitments_carries_a_badge(shown_small: MainWindow) -> None:
    window = shown_small
    window.view.centre_on(window.chart.index_of("B"), readable=True)
    box = (CARD_WIDTH / 2 + 10, CARD_HEIGHT / 2 + 12)
    assert badge_pixels(window, "B", *box) == 0
    add(window, "B")
    assert window.view.people.last_mode == "cards"
    assert badge_pixels(window, "B", *box) > 40
    assert badge_pixels(window, "C", *box) == 0
    window.undo_stack.undo()
    assert badge_pixels(window, "B", *box) == 0


def test_a_mark_with_commitments_gets_a_ring(window: MainWindow) -> None:
    people = 4_000
    ids = [f"P{i:04d}" for i in range(people)]
    chart = OrgChart.from_parents(ids, np.concatenate([[-1], np.arange(people - 1) // 7]))
    window.set_project(Project(chart, OrgSource("ring.xlsx")))
    window.view.fit()
    ringed, plain = ids[20], ids[300]  # managers on different levels
    assert badge_pixels(window, ringed, 8, 14) == 0
    assert window.view.people.last_mode == "dots"
    add(window, ringed)
    assert badge_pixels(window, ringed, 8, 14) > 4
    assert badge_pixels(window, plain, 8, 14) == 0
