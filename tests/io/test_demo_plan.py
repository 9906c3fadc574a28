"""The demo's sample plan fits the demo organisation, and the loader refuses a broken plan file.

The plan is committed as ``resources/demo_plan.json`` and must be exactly what
``tools/make_demo_plan.py`` writes, so regenerating it changes nothing by accident.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from pyramid_app.io.demo import (
    DEMO_PROJECT_NAME,
    PlanFileError,
    demo_plan_path,
    demo_project,
    demo_workbook_path,
    load_plan_json,
    read_plan_document,
)
from pyramid_app.io.spreadsheet.org_import import read_org
from pyramid_app.model.customers import (
    Importance,
    Need,
    NeedKind,
    RuleField,
    Segment,
    ServeRule,
    Touchpoint,
    served_people,
    unmatched_rules,
)
from pyramid_app.model.needs_coverage import needs_coverage, unanswered_must_needs
from pyramid_app.model.plan import STANDARD_CADENCES, Plan, ProgressNote, Status
from pyramid_app.model.project import Project

REPO = Path(__file__).resolve().parents[2]
GENERATOR = REPO / "tools" / "make_demo_plan.py"


@pytest.fixture(scope="module")
def project() -> Project:
    return demo_project()


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    loaded = json.loads(demo_plan_path().read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


@pytest.fixture(scope="module")
def plan() -> Plan:
    return load_plan_json(demo_plan_path())


def load_generator() -> ModuleType:
    if not GENERATOR.is_file():
        pytest.skip(f"{GENERATOR} is absent: the tests run against an installed package")
    spec = importlib.util.spec_from_file_location("make_demo_plan", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generator_reproduces_the_committed_plan(tmp_path: Path) -> None:
    generator = load_generator()
    fresh = tmp_path / "plan.json"
    org = str(demo_workbook_path())
    assert generator.main(["--quiet", "--org", org, "-o", str(fresh)]) == 0
    assert fresh.read_text(encoding="utf-8") == demo_plan_path().read_text(encoding="utf-8")


def test_ids_run_in_order_and_follow_creation(document: dict[str, Any], plan: Plan) -> None:
    ids = [entry["id"] for entry in document["commitments"]]
    assert ids == [f"C-{number:04d}" for number in range(1, len(ids) + 1)]
    assert list(plan.commitments) == ids
    assert plan.next_number == len(ids) + 1
    created = [commitment.created for commitment in plan]
    assert created == sorted(created)


def test_size_levels_and_status_mix(project: Project, plan: Plan) -> None:
    assert 25 <= len(plan) <= 40
    depth = project.chart.depth
    levels = {int(depth[project.chart.index_of(c.manager_id)]) for c in plan}
    assert len(levels) >= 4 and 0 in levels, levels
    statuses = Counter(c.status for c in plan)
    assert statuses[Status.DONE] >= 2
    assert statuses[Status.DROPPED] >= 2
    assert statuses[Status.PLANNED] + statuses[Status.IN_PROGRESS] > len(plan) / 2


def test_every_owner_is_a_manager_and_serves_only_their_reports(
    project: Project, plan: Plan
) -> None:
    named = 0
    for commitment in plan:
        assert project.is_manager(commitment.manager_id), commitment.id
        reports = set(project.direct_report_ids(commitment.manager_id))
        assert set(commitment.serves) <= reports, commitment.id
        named += not commitment.serves_all
    assert 2 <= named < len(plan) / 2  # some name their reports, most serve everyone


def test_practices_exist_in_the_shipped_library(plan: Plan) -> None:
    practices = REPO / "resources" / "practices.json"
    library = json.loads(practices.read_text(encoding="utf-8"))
    names = {family["name"] for family in library["families"]}
    used = {c.practice for c in plan}
    assert used <= names
    assert len(used) >= 6  # the sample shows the library's breadth, not one family


def test_each_commitment_is_complete_and_its_dates_make_sense(
    document: dict[str, Any], plan: Plan
) -> None:
    as_of = dt.date.fromisoformat(document["as_of"])
    texts = [c.text for c in plan]
    assert len(set(texts)) == len(texts)  # worded for each manager, never copied across
    for c in plan:
        assert c.text and c.measure and c.practice, c.id
        assert c.cadence in STANDARD_CADENCES, c.id
        assert c.created <= c.changed <= dt.datetime.combine(as_of, dt.time.max), c.id
        for note in c.notes:
            assert c.created.date() <= note.on <= as_of, c.id
        if c.status in (Status.DONE, Status.DROPPED):
            assert c.notes or c.owner_note, f"{c.id} is closed without a word why"
    assert sum(1 for c in plan if c.notes) >= 8
    assert sum(1 for c in plan if c.owner_note) >= 3
    assert any(c.is_overdue(as_of) for c in plan)  # the demo shows what overdue looks like


def test_a_commitment_is_read_field_by_field(project: Project, plan: Plan) -> None:
    first_done = next(c for c in plan if c.status is Status.DONE and len(c.serves) == 2)
    titles = {project.chart.titles[project.chart.index_of(p)] for p in first_done.serves}
    assert titles == {"Chief Operating Officer", "Chief Commercial Officer"}
    assert project.chart.titles[project.chart.index_of(first_done.manager_id)] == (
        "Chief Executive Officer"
    )
    assert all(isinstance(note, ProgressNote) for note in first_done.notes)
    assert first_done.due == dt.date(2025, 9, 30)


def test_demo_project_is_built_from_the_workbook_and_the_plan(project: Project, plan: Plan) -> None:
    assert project.name == DEMO_PROJECT_NAME
    assert project.source.file_name == "demo_hotel_group.xlsx"
    assert project.source.sheet == "People"
    assert project.source.header_row == 1
    assert project.source.mapping["id"] == "Employee ID"
    assert project.source.mapping["manager"] == "Manager ID"
    assert project.source.imported_at == demo_project().source.imported_at  # not the clock
    assert len(project.customers) >= 5
    assert project.plan == plan
    assert project.read_only_reason is None
    names = project.library.names()
    assert {c.practice for c in plan} <= set(names)
    assert all(family.shipped for family in project.library)


# -- a malformed plan file ----------------------------------------------------------------


def entry(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": "C-0001",
        "manager_id": "P1",
        "text": "Hold a weekly huddle",
        "practice": "Team building",
        "serves": [],
        "measure": "huddles held / weeks",
        "cadence": "weekly",
        "due": "2025-10-31",
        "status": "planned",
        "owner_note": "",
        "notes": [{"on": "2025-08-01", "text": "first huddle"}],
        "created": "2025-07-01T09:00:00",
        "changed": "2025-08-01T10:00:00",
    }
    base.update(fields)
    return {name: value for name, value in base.items() if value is not _DROP}


_DROP = object()


def write_plan(tmp_path: Path, commitments: list[Any], version: Any = 1) -> Path:
    path = tmp_path / "plan.json"
    document = {"version": version, "as_of": "2025-10-01", "commitments": commitments}
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_a_well_formed_file_loads_with_every_field(tmp_path: Path) -> None:
    path = write_plan(tmp_path, [entry(), entry(id="C-0007", serves=["P2", "P2"], due=None)])
    plan = load_plan_json(path)
    first, second = plan["C-0001"], plan["C-0007"]
    assert first.notes == (ProgressNote(dt.date(2025, 8, 1), "first huddle"),)
    assert first.due == dt.date(2025, 10, 31)
    assert first.changed == dt.datetime(2025, 8, 1, 10, 0)
    assert second.serves == ("P2",)
    assert second.due is None
    assert plan.next_number == 8


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"text": "  "}, "commitment 2 (C-0002), field 'text': is empty"),
        ({"text": _DROP}, "commitment 2 (C-0002), field 'text': is missing"),
        ({"manager_id": 17}, "field 'manager_id': expected text, found the number 17"),
        ({"due": "2025-13-01"}, "field 'due': '2025-13-01' is not a date like"),
        ({"status": "finished"}, "field 'status': 'finished' is not one of planned, in progress"),
        ({"serves": "P2"}, "field 'serves': expected a list, found the text 'P2'"),
        ({"serves": ["P2", None]}, "field 'serves': holds null"),
        ({"notes": [{"text": "no date"}]}, "field 'notes[1].on': is missing"),
        ({"notes": ["done"]}, "field 'notes[1]': expected an object"),
        ({"created": "yesterday"}, "field 'created': 'yesterday' is not a date and time"),
        ({"colour": "red"}, "field 'colour': is not a field of a commitment"),
        ({"id": "X-2"}, "commitment 2 (X-2), field 'id': 'X-2' is not a commitment id"),
        ({"id": "C-0001"}, "field 'id': C-0001 is used by an earlier commitment too"),
    ],
)
def test_a_malformed_entry_is_named_with_its_field(
    tmp_path: Path, fields: dict[str, Any], expected: str
) -> None:
    path = write_plan(tmp_path, [entry(), entry(**{"id": "C-0002", **fields})])
    with pytest.raises(PlanFileError) as caught:
        load_plan_json(path)
    assert str(caught.value).startswith("plan.json: commitment 2")
    assert expected in str(caught.value)


def test_a_broken_file_is_refused_with_a_reason(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_text('{"version": 1, "commitments": [', encoding="utf-8")
    with pytest.raises(PlanFileError, match=r"plan.json: not valid JSON at line 1, column"):
        load_plan_json(path)
    with pytest.raises(PlanFileError, match=r"version 2 is not one this app reads"):
        load_plan_json(write_plan(tmp_path, [], version=2))
    with pytest.raises(PlanFileError, match=r"commitment 1 is a list, not an object"):
        load_plan_json(write_plan(tmp_path, [[1, 2]]))
    with pytest.raises(PlanFileError, match=r"missing.json: cannot be read"):
        load_plan_json(tmp_path / "missing.json")
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(PlanFileError, match=r"plan.json: cannot be read"):
        load_plan_json(path)


def test_the_demo_plan_moves_to_the_current_week_when_asked() -> None:
    import datetime as dt

    from pyramid_app.io.demo import demo_plan_path, demo_project, plan_as_of

    as_of = plan_as_of(demo_plan_path())
    today = as_of + dt.timedelta(days=400)  # 57 weeks and one day later
    exact, moved = demo_project(), demo_project(today=today)
    shift = dt.timedelta(weeks=57)
    assert moved.source.imported_at == exact.source.imported_at + shift
    for before in exact.plan:
        after = moved.plan[before.id]
        assert after.due == (before.due + shift if before.due else None)
        assert [n.on for n in after.notes] == [n.on + shift for n in before.notes]
        assert after.created == before.created + shift
        assert (after.text, after.status, after.serves) == (
            before.text,
            before.status,
            before.serves,
        )
    overdue = sum(c.is_overdue(today) for c in moved.plan)
    assert overdue == sum(c.is_overdue(as_of + dt.timedelta(days=1)) for c in exact.plan)


# -- the customers' day ----------------------------------------------------------------------


def test_the_demo_walks_through_every_segments_day(project: Project) -> None:
    customer_map = project.customer_map
    assert project.customers == read_org(demo_workbook_path()).customer_segments
    journeys = [segment.name for segment in customer_map if segment.touchpoints]
    assert journeys == project.customers  # all six, not only the plan file's two
    # The plan file's two segments have 10 touchpoints and 33 needs; the other four 17 and 36.
    assert 24 <= customer_map.touchpoint_count <= 32
    assert 55 <= customer_map.need_count <= 80
    needs = [place.need for place in customer_map.needs()]
    assert Counter(need.kind for need in needs).keys() == set(NeedKind)
    assert Counter(need.importance for need in needs).keys() == set(Importance)
    assert len({need.text for need in needs}) == len(needs)
    fields = {rule.field for _segment, t in customer_map.touchpoints() for rule in t.rules}
    assert fields == set(RuleField)
    assert all(t.needs for _segment, t in customer_map.touchpoints())


def test_every_rule_picks_front_line_people_of_the_demo(project: Project) -> None:
    chart = project.chart
    front_line = set(chart.front_line().tolist())
    for _segment, touchpoint in project.customer_map.touchpoints():
        served = served_people(chart, touchpoint)
        assert served.size, touchpoint.name
        assert set(served.tolist()) <= front_line
        assert unmatched_rules(chart, touchpoint) == [], touchpoint.name
    by_name = {t.name: t for _segment, t in project.customer_map.touchpoints()}
    housekeeping = {i for i in front_line if chart.departments[i] == "Housekeeping"}
    assert set(served_people(chart, by_name["Finds the room ready"]).tolist()) == housekeeping
    in_hotels = {i for i in front_line if chart.locations[i] != "Head Office"}
    nearest = by_name["Raises a problem with whoever is nearest"]
    assert set(served_people(chart, nearest).tolist()) == in_hotels
    late = by_name["Traveller checks in late"]
    (person,) = (rule.value for rule in late.rules if rule.field is RuleField.PERSON)
    assert chart.titles[chart.index_of(person)] == "Night Manager"


def test_demo_commitments_answer_some_needs_and_leave_must_needs_open(project: Project) -> None:
    customer_map = project.customer_map
    named = [need for commitment in project.plan for need in commitment.needs]
    assert named and all(customer_map.has_need(need) for need in named)
    coverage = needs_coverage(project)
    assert coverage.unknown == {}
    # The plan answers needs of the two segments of the plan file; the other four segments'
    # days are mapped and not answered yet, so their needs count only in the total.
    planned = {"Leisure guests", "Corporate clients"}
    places = list(customer_map.needs())
    mapped = [p.need for p in places if p.segment.name in planned]
    assert len({p.need.id for p in places if coverage.is_answered(p.need.id)}) == (
        coverage.overall.answered
    )
    answered = sum(coverage.is_answered(need.id) for need in mapped)
    assert len(mapped) / 3 < answered < len(mapped)
    must = [need for need in mapped if need.importance is Importance.MUST]
    assert 3 <= sum(not coverage.is_answered(need.id) for need in must) <= 8
    assert not any(coverage.is_answered(p.need.id) for p in places if p.segment.name not in planned)
    for need_id, by in coverage.answered_by.items():
        for commitment_id in by:
            commitment = project.plan[commitment_id]
            assert commitment.active and need_id in commitment.needs
            assert project.is_manager(commitment.manager_id)
    # A need only a dropped commitment names stays open: the demo shows that case.
    dropped_only = {
        need
        for commitment in project.plan
        if not commitment.active
        for need in commitment.needs
        if not coverage.is_answered(need)
    }
    must_open = {place.need.id for place in unanswered_must_needs(project)}
    assert dropped_only & must_open
    assert {p.segment.name for p in unanswered_must_needs(project)} == set(project.customers)
    moved = demo_project(today=dt.date(2026, 11, 2))
    assert [c.needs for c in moved.plan] == [c.needs for c in project.plan]


def customers_section(**touchpoint: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": "T-001",
        "name": "Checks in",
        "note": "",
        "rules": [{"field": "title", "value": "Agent"}],
        "needs": [{"id": "N-0001", "text": "a tablet", "kind": "have", "importance": "must"}],
    }
    base.update(touchpoint)
    return {"segments": [{"name": "Guests", "share": 0.5, "touchpoints": [base]}]}


def write_document(tmp_path: Path, customers: Any, commitments: list[Any] | None = None) -> Path:
    path = tmp_path / "plan.json"
    document = {"version": 1, "as_of": "2025-10-01", "customers": customers}
    document["commitments"] = commitments if commitments is not None else [entry()]
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_a_plan_file_with_customers_loads_them(tmp_path: Path) -> None:
    path = write_document(tmp_path, customers_section(), [entry(needs=["N-0001", "N-0001"])])
    document = read_plan_document(path)
    assert document.customer_map is not None
    assert document.customer_map.segments == (
        Segment(
            "Guests",
            "",
            0.5,
            (
                Touchpoint(
                    "T-001",
                    "Checks in",
                    (ServeRule(RuleField.TITLE, "Agent"),),
                    (Need("N-0001", "a tablet", NeedKind.HAVE, Importance.MUST),),
                ),
            ),
        ),
    )
    assert document.plan["C-0001"].needs == ("N-0001",)
    assert read_plan_document(write_plan(tmp_path, [entry()])).customer_map is None


@pytest.mark.parametrize(
    ("customers", "needs", "expected"),
    [
        ([], [], "plan.json: customers is a list, not an object with 'segments'"),
        ({"segments": [{"name": ""}]}, [], "segment 1 (), field 'name': is empty"),
        ({"segments": [{"name": "G", "share": 2}]}, [], "'share': 2 is not a fraction"),
        ({"segments": [{"name": "G", "share": "half"}]}, [], "expected a number from 0 to 1"),
        ({"segments": [{"name": "G", "colour": 1}]}, [], "'colour': is not a field of a cust"),
        ({"segments": [{"name": "G"}, {"name": "g"}]}, [], "two customer segments called 'g'"),
        (customers_section(id="X-1"), [], "touchpoint 1 (X-1), field 'id': 'X-1' is not a"),
        (
            customers_section(rules=[{"field": "team", "value": "x"}]),
            [],
            "touchpoint 1 (T-001), field 'rules[1].field': 'team' is not one of department",
        ),
        (customers_section(rules=["title"]), [], "field 'rules[1]': expected an object"),
        (
            customers_section(needs=[{"id": "N-0001", "text": "x", "kind": "feel"}]),
            [],
            "need 1 (N-0001), field 'kind': 'feel' is not one of be, do, have",
        ),
        (customers_section(), ["N-0002"], "commitment 1 (C-0001), field 'needs': N-0002 is not"),
        (customers_section(), [7], "field 'needs': holds the number 7; expected need ids"),
    ],
)
def test_a_malformed_customers_section_is_named_with_its_field(
    tmp_path: Path, customers: Any, needs: list[Any], expected: str
) -> None:
    path = write_document(tmp_path, customers, [entry(needs=needs)])
    with pytest.raises(PlanFileError) as caught:
        read_plan_document(path)
    assert expected in str(caught.value)
