"""Every customer segment of the built-in demo has a day: a few touchpoints, each with the
front-line people who serve it and one to three needs, the same on every run; the four segments
the sample plan file leaves empty no longer read "0 touchpoints · 0 needs" in front of a client.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from pyramid_app.io.demo import demo_plan_path, demo_project, demo_workbook_path, read_plan_document
from pyramid_app.io.demo_journeys import DAYS, with_demo_days
from pyramid_app.io.project.file import ProjectFile
from pyramid_app.model.customers import RuleField, served_people
from pyramid_app.model.project import Project

PLAN_FILE_SEGMENTS = ("Leisure guests", "Corporate clients")


@pytest.fixture(scope="module")
def project() -> Project:
    return demo_project()


def workbook_segments() -> dict[str, str]:
    """Segment name -> description, from the demo workbook's Customers sheet."""
    workbook = openpyxl.load_workbook(demo_workbook_path(), read_only=True)
    try:
        rows = list(workbook["Customers"].iter_rows(values_only=True))[1:]
    finally:
        workbook.close()
    return {row[0]: row[1] for row in rows if row[0]}


def test_each_segment_has_a_believable_day(project: Project) -> None:
    segments = {segment.name: segment for segment in project.customer_map}
    assert list(segments) == list(workbook_segments())
    for name, segment in segments.items():
        counts = [len(touchpoint.needs) for touchpoint in segment.touchpoints]
        assert len(counts) >= 3 and min(counts) >= 1, name
        if name not in PLAN_FILE_SEGMENTS:
            assert 3 <= len(counts) <= 5 and max(counts) <= 3, name
            assert segment.description == workbook_segments()[name]
            # Each day asks for something to be, to do and to have, and has a must.
            needs = [need for touchpoint in segment.touchpoints for need in touchpoint.needs]
            assert {need.kind.value for need in needs} == {"be", "do", "have"}, name
            assert any(need.importance.value == "must" for need in needs), name
    assert [day.name for day in DAYS] == [
        name for name in workbook_segments() if name not in PLAN_FILE_SEGMENTS
    ]


def test_the_right_front_line_people_serve_each_touchpoint(project: Project) -> None:
    chart = project.chart
    by_name = {t.name: t for _segment, t in project.customer_map.touchpoints()}

    def titles(touchpoint_name: str) -> set[str]:
        served = served_people(chart, by_name[touchpoint_name])
        return {chart.titles[i] for i in served.tolist()}

    assert titles("Asks for a proposal") == {"Event Sales Executive"}
    assert titles("Lunch and coffee breaks") == {"Banqueting Server", "Chef de Partie"}
    assert titles("Tastes the wedding menu") == {"Chef de Partie", "Pastry Chef"}
    assert titles("Claims the commission") == {"Accounts Payable Clerk"}
    spa = served_people(chart, by_name["Spends the day at the spa"]).tolist()
    assert {chart.locations[i] for i in spa} == {"Lisbon", "Copenhagen"}
    booked = by_name["Visits the hotel and books the day"]
    (person,) = (rule.value for rule in booked.rules if rule.field is RuleField.PERSON)
    assert chart.titles[chart.index_of(person)] == "Wedding Coordinator"
    loads = by_name["Loads our rooms and rates"]
    (partner,) = (rule.value for rule in loads.rules if rule.field is RuleField.PERSON)
    assert chart.titles[chart.index_of(partner)] == "Online Partnerships Executive"


def test_new_ids_follow_the_plan_files_and_the_demo_is_the_same_every_time(
    project: Project,
) -> None:
    customer_map = project.customer_map
    document = read_plan_document(demo_plan_path())
    assert document.customer_map is not None
    before = document.customer_map
    new = [t for s in customer_map if s.name not in PLAN_FILE_SEGMENTS for t in s.touchpoints]
    assert new[0].id == f"T-{before.next_touchpoint:03d}"
    assert new[0].needs[0].id == f"N-{before.next_need:04d}"
    assert customer_map.next_touchpoint == before.next_touchpoint + len(new)
    assert customer_map.next_need == before.next_need + sum(len(t.needs) for t in new)
    assert demo_project().customer_map == customer_map
    # A map whose segments all have a day keeps it as it is.
    assert with_demo_days(customer_map, project.chart) == customer_map
    for name in PLAN_FILE_SEGMENTS:
        assert customer_map.segment(name) == before.segment(name)


def test_the_demo_saved_as_a_project_keeps_every_day(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "demo.pyramid"
    ProjectFile.create(path, demo_project()).close()
    file, again = ProjectFile.open(path)
    file.close()
    assert again.customer_map == project.customer_map
