"""The built-in demo shipped in ``resources/``: the organisation, its sample plan, the project.

The sample plan is a small JSON file (``tools/make_demo_plan.py`` writes it) so the demo opens
with commitments to look at, and with the day of two customer segments: their touchpoints, who
serves each and what those people need. The day of the workbook's other segments is in
:mod:`pyramid_app.io.demo_journeys`, so every segment of the demo has its touchpoints.
:func:`read_plan_document` reads that format and refuses a malformed file with a message
naming the entry and the field, never with a traceback from deep inside.

The format, version 1: ``{"version": 1, "as_of": "YYYY-MM-DD", "customers": {...},
"commitments": [...]}``. ``customers`` is optional: ``{"segments": [{"name", "description",
"share", "touchpoints": [{"id", "name", "note", "rules": [{"field", "value"}], "needs":
[{"id", "text", "kind", "importance"}]}]}]}``. A commitment's ``needs`` (optional, default
empty) lists the ids of the needs it answers, which must be needs of the file's ``customers``
when the file has them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from pyramid_app.io.demo_journeys import with_demo_days
from pyramid_app.io.demo_results import demo_results, demo_targets
from pyramid_app.io.library import load_shipped_library
from pyramid_app.io.spreadsheet.org_import import read_org
from pyramid_app.model.customers import (
    NEED_ID,
    TOUCHPOINT_ID,
    CustomerMap,
    Importance,
    Need,
    NeedKind,
    RuleField,
    Segment,
    ServeRule,
    Touchpoint,
    name_key,
)
from pyramid_app.model.library import PracticeLibrary
from pyramid_app.model.plan import COMMITMENT_ID, Commitment, Plan, ProgressNote, Status
from pyramid_app.model.project import OrgSource, Project
from pyramid_app.model.results import Results
from pyramid_app.model.targets import Targets

DEMO_WORKBOOK = "demo_hotel_group.xlsx"
DEMO_PLAN = "demo_plan.json"
DEMO_PROJECT_NAME = "Harbourlight Hotels (demo)"
# When the demo pretends its organisation was imported: the workbook's own fixed timestamp, so
# the demo project is the same on every machine and every run.
DEMO_IMPORTED_AT = dt.datetime(2025, 7, 1, 9, 0, 0)
PLAN_FILE_VERSION = 1

_T = TypeVar("_T")
StrEnumT = TypeVar("StrEnumT", NeedKind, Importance)
_STATUSES = ", ".join(status.value for status in Status)


class PlanFileError(ValueError):
    """A plan file that cannot be used; ``str(error)`` says which file, entry and field."""


def _resource_path(name: str, what: str) -> Path:
    try:
        installed = Path(str(resources.files("pyramid_app.resources") / name))
    except ModuleNotFoundError:
        # A source checkout keeps resources/ beside the package rather than inside it.
        installed = Path(__file__).resolve().parents[2] / "resources" / name
    if not installed.is_file():
        raise FileNotFoundError(f"{what} is missing: {installed}")
    return installed


def demo_workbook_path() -> Path:
    """Where the demo workbook is, installed (``pyramid_app.resources``) or in a checkout."""
    return _resource_path(DEMO_WORKBOOK, "the demo organisation")


def demo_plan_path() -> Path:
    """Where the demo's sample plan is, installed or in a checkout."""
    return _resource_path(DEMO_PLAN, "the demo plan")


# -- reading a plan file ------------------------------------------------------------------


class _Entry:
    """One commitment object of the file, read field by field with the place in every error."""

    def __init__(self, where: str, values: dict[str, Any], prefix: str = "") -> None:
        self.where = where
        self.values = values
        self.prefix = prefix  # "notes[2]." for the fields of a progress note

    @classmethod
    def at(cls, file_name: str, position: int, values: Any) -> _Entry:
        where = f"{file_name}: commitment {position}"
        if not isinstance(values, dict):
            raise PlanFileError(f"{where} is {_kind(values)}, not an object with fields")
        raw_id = values.get("id")
        if isinstance(raw_id, str) and raw_id:
            where += f" ({raw_id})"
        return cls(where, values)

    def fail(self, name: str, problem: str) -> PlanFileError:
        return PlanFileError(f"{self.where}, field '{self.prefix}{name}': {problem}")

    def get(self, name: str, kind: type[_T], default: _T | None = None) -> _T:
        if name not in self.values:
            if default is None:
                raise self.fail(name, "is missing")
            return default
        value = self.values[name]
        if not isinstance(value, kind) or isinstance(value, bool):
            raise self.fail(name, f"expected {_KIND_WORDS[kind]}, found {_kind(value)}")
        return value

    def text(self, name: str, *, required: bool = False) -> str:
        value = self.get(name, str, None if required else "")
        if required and not value.strip():
            raise self.fail(name, "is empty")
        return value

    def parsed(self, name: str, parse: Callable[[str], _T], example: str) -> _T:
        raw = self.get(name, str)
        try:
            return parse(raw)
        except ValueError:
            raise self.fail(name, f"{raw!r} is not {example}") from None


_KIND_WORDS: dict[type, str] = {str: "text", list: "a list", dict: "an object", int: "a number"}


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, str):
        return f"the text {value!r}" if len(value) <= 40 else "a text"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _parse_datetime(raw: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(raw)
    if moment.tzinfo is not None:
        # The model keeps naive UTC times.
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment


def _commitment(entry: _Entry) -> Commitment:
    commitment_id = entry.text("id", required=True)
    if COMMITMENT_ID.fullmatch(commitment_id) is None:
        raise entry.fail("id", f"{commitment_id!r} is not a commitment id like C-0042")
    serves = entry.get("serves", list, [])
    for person in serves:
        if not isinstance(person, str) or not person:
            raise entry.fail("serves", f"holds {_kind(person)}; expected person ids as text")
    needs = entry.get("needs", list, [])
    for need_id in needs:
        if not isinstance(need_id, str) or NEED_ID.fullmatch(need_id) is None:
            raise entry.fail("needs", f"holds {_kind(need_id)}; expected need ids like N-0042")
    raw_status = entry.text("status") or Status.PLANNED.value
    try:
        status = Status(raw_status)
    except ValueError:
        raise entry.fail("status", f"{raw_status!r} is not one of {_STATUSES}") from None
    due: dt.date | None = None
    if entry.values.get("due") is not None:
        due = entry.parsed("due", dt.date.fromisoformat, "a date like 2025-09-30")
    notes: list[ProgressNote] = []
    for number, raw_note in enumerate(entry.get("notes", list, []), 1):
        name = f"notes[{number}]"
        if not isinstance(raw_note, dict):
            raise entry.fail(
                name, f"expected an object with 'on' and 'text', not {_kind(raw_note)}"
            )
        note = _Entry(entry.where, raw_note, prefix=f"{name}.")
        on = note.parsed("on", dt.date.fromisoformat, "a date like 2025-09-30")
        text = note.text("text", required=True)
        extra = sorted(set(raw_note) - {"on", "text"})
        if extra:
            raise entry.fail(name, f"unknown field {extra[0]!r}")
        notes.append(ProgressNote(on, text))
    created = entry.parsed("created", _parse_datetime, "a date and time like 2025-07-08T09:30:00")
    changed = created
    if "changed" in entry.values:
        changed = entry.parsed("changed", _parse_datetime, "a date and time like 2025-07-08T09:30")
    return Commitment(
        id=commitment_id,
        manager_id=entry.text("manager_id", required=True),
        text=entry.text("text", required=True),
        practice=entry.text("practice"),
        serves=tuple(dict.fromkeys(serves)),
        measure=entry.text("measure"),
        cadence=entry.text("cadence"),
        due=due,
        status=status,
        owner_note=entry.text("owner_note"),
        notes=tuple(notes),
        created=created,
        changed=changed,
        needs=tuple(dict.fromkeys(needs)),
    )


_FIELDS = frozenset(
    "id manager_id text practice serves measure cadence due status owner_note notes "
    "created changed needs".split()
)
_SEGMENT_FIELDS = frozenset({"name", "description", "share", "touchpoints"})
_TOUCHPOINT_FIELDS = frozenset({"id", "name", "note", "rules", "needs"})
_NEED_FIELDS = frozenset({"id", "text", "kind", "importance"})
_RULE_FIELDS = ", ".join(rule_field.value for rule_field in RuleField)


def _choice(entry: _Entry, name: str, kind: type[StrEnumT], default: StrEnumT) -> StrEnumT:
    raw = entry.text(name) or default.value
    try:
        return kind(raw)
    except ValueError:
        choices = ", ".join(member.value for member in kind)
        raise entry.fail(name, f"{raw!r} is not one of {choices}") from None


def _checked_fields(entry: _Entry, known: frozenset[str], what: str) -> None:
    unknown = sorted(set(entry.values) - known)
    if unknown:
        raise entry.fail(unknown[0], f"is not a field of {what}")


def _objects(entry: _Entry, name: str) -> list[tuple[int, dict[str, Any]]]:
    """The list ``name`` of ``entry``, each item checked to be an object, numbered from 1."""
    items: list[tuple[int, dict[str, Any]]] = []
    for number, item in enumerate(entry.get(name, list, []), 1):
        if not isinstance(item, dict):
            raise entry.fail(f"{name}[{number}]", f"expected an object, not {_kind(item)}")
        items.append((number, item))
    return items


def _need(entry: _Entry) -> Need:
    _checked_fields(entry, _NEED_FIELDS, "a need")
    need_id = entry.text("id", required=True)
    if NEED_ID.fullmatch(need_id) is None:
        raise entry.fail("id", f"{need_id!r} is not a need id like N-0042")
    return Need(
        need_id,
        " ".join(entry.text("text", required=True).split()),
        _choice(entry, "kind", NeedKind, NeedKind.DO),
        _choice(entry, "importance", Importance, Importance.SHOULD),
    )


def _touchpoint(entry: _Entry) -> Touchpoint:
    _checked_fields(entry, _TOUCHPOINT_FIELDS, "a touchpoint")
    touchpoint_id = entry.text("id", required=True)
    if TOUCHPOINT_ID.fullmatch(touchpoint_id) is None:
        raise entry.fail("id", f"{touchpoint_id!r} is not a touchpoint id like T-007")
    rules: list[ServeRule] = []
    for number, raw_rule in _objects(entry, "rules"):
        rule = _Entry(entry.where, raw_rule, prefix=f"rules[{number}].")
        _checked_fields(rule, frozenset({"field", "value"}), "a rule")
        raw_field = rule.text("field", required=True)
        if raw_field not in {rule_field.value for rule_field in RuleField}:
            raise rule.fail("field", f"{raw_field!r} is not one of {_RULE_FIELDS}")
        rules.append(ServeRule(RuleField(raw_field), rule.text("value", required=True).strip()))
    needs = [
        _need(_Entry(f"{entry.where}, need {number} ({raw.get('id')})", raw))
        for number, raw in _objects(entry, "needs")
    ]
    return Touchpoint(
        touchpoint_id,
        " ".join(entry.text("name", required=True).split()),
        tuple(rules),
        tuple(needs),
        entry.text("note").strip(),
    )


def _segment(entry: _Entry) -> Segment:
    _checked_fields(entry, _SEGMENT_FIELDS, "a customer segment")
    share: float | None = None
    raw_share = entry.values.get("share")
    if raw_share is not None:
        if isinstance(raw_share, bool) or not isinstance(raw_share, int | float):
            raise entry.fail("share", f"expected a number from 0 to 1, found {_kind(raw_share)}")
        if not 0 <= raw_share <= 1:
            raise entry.fail("share", f"{raw_share} is not a fraction from 0 to 1")
        share = float(raw_share)
    touchpoints = [
        _touchpoint(_Entry(f"{entry.where}, touchpoint {number} ({raw.get('id')})", raw))
        for number, raw in _objects(entry, "touchpoints")
    ]
    return Segment(
        " ".join(entry.text("name", required=True).split()),
        entry.text("description").strip(),
        share,
        tuple(touchpoints),
    )


def _customer_map(file_name: str, values: Any) -> CustomerMap:
    where = f"{file_name}: customers"
    if not isinstance(values, dict):
        raise PlanFileError(f"{where} is {_kind(values)}, not an object with 'segments'")
    section = _Entry(where, values)
    _checked_fields(section, frozenset({"segments"}), "the customers")
    segments = [
        _segment(_Entry(f"{where}, segment {number} ({raw.get('name')})", raw))
        for number, raw in _objects(section, "segments")
    ]
    try:
        return CustomerMap(tuple(segments))
    except ValueError as error:
        raise PlanFileError(f"{where}: {error}") from None


@dataclass
class PlanDocument:
    """What a plan file holds: the plan, and the customer map when the file has one."""

    plan: Plan
    customer_map: CustomerMap | None = None


def load_plan_json(path: str | Path) -> Plan:
    """Read a plan file (the demo plan's format) into a :class:`Plan`; see
    :func:`read_plan_document`."""
    return read_plan_document(path).plan


def read_plan_document(path: str | Path) -> PlanDocument:
    """Read a plan file (the demo plan's format): its commitments and its customer map.

    Raises :class:`PlanFileError` when the file cannot be read or any entry is malformed; the
    message names the file, the commitment (position and id) or the customer entry, and the
    field.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise PlanFileError(f"{path.name}: cannot be read ({reason})") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise PlanFileError(
            f"{path.name}: not valid JSON at line {error.lineno}, column {error.colno} "
            f"({error.msg})"
        ) from None
    if not isinstance(document, dict):
        raise PlanFileError(f"{path.name}: expected an object with 'version' and 'commitments'")
    version = document.get("version")
    if version != PLAN_FILE_VERSION:
        raise PlanFileError(
            f"{path.name}: version {version!r} is not one this app reads "
            f"(it reads version {PLAN_FILE_VERSION})"
        )
    customer_map = None
    if "customers" in document:
        customer_map = _customer_map(path.name, document["customers"])
    entries = document.get("commitments")
    if not isinstance(entries, list):
        raise PlanFileError(f"{path.name}: 'commitments' should be a list, found {_kind(entries)}")
    commitments: dict[str, Commitment] = {}
    for position, values in enumerate(entries, 1):
        entry = _Entry.at(path.name, position, values)
        unknown = sorted(set(entry.values) - _FIELDS)
        if unknown:
            raise entry.fail(unknown[0], "is not a field of a commitment")
        commitment = _commitment(entry)
        if commitment.id in commitments:
            raise entry.fail("id", f"{commitment.id} is used by an earlier commitment too")
        if customer_map is not None:
            strangers = [n for n in commitment.needs if not customer_map.has_need(n)]
            if strangers:
                raise entry.fail("needs", f"{strangers[0]} is not a need in 'customers'")
        commitments[commitment.id] = commitment
    plan = Plan()
    plan.put(commitments.values())
    return PlanDocument(plan, customer_map)


def with_segment_names(customer_map: CustomerMap | None, names: list[str]) -> CustomerMap:
    """The segments called ``names``, in that order, with the touchpoints ``customer_map`` has
    for them; its other segments follow. This is how a plan file's customers join the segments
    of the workbook the organisation came from."""
    if customer_map is None:
        customer_map = CustomerMap()
    known = {name_key(segment.name): segment for segment in customer_map.segments}
    ordered: dict[str, Segment] = {}
    for name in names:
        key = name_key(name)
        if key and key not in ordered:
            ordered[key] = known.pop(key, Segment(name.strip()))
    ordered.update(known)
    return CustomerMap(
        tuple(ordered.values()), customer_map.next_touchpoint, customer_map.next_need
    )


# -- the demo as a project ----------------------------------------------------------------


def demo_project(today: dt.date | None = None) -> Project:
    """The demo organisation, its customers (every segment with its day), its sample plan,
    and twelve months of the hotels' results with the group's targets, as one project document.

    With ``today``, every date of the plan moves by whole weeks so that the plan's "as of"
    date falls in the current week: a new user sees a plan in progress, not one that went
    overdue a year ago. Without it the plan is exactly as the file says.
    """
    result = read_org(demo_workbook_path())
    document = read_plan_document(demo_plan_path())
    plan = document.plan
    imported_at = DEMO_IMPORTED_AT
    as_of = plan_as_of(demo_plan_path())
    if today is not None:
        weeks = (today - as_of).days // 7
        shift = dt.timedelta(weeks=weeks)
        plan = shifted_plan(plan, shift)
        imported_at += shift
        as_of += shift
    first_made = min((c.created for c in plan), default=imported_at).date()
    source = OrgSource(
        file_name=result.path.name,
        sheet=result.sheet,
        header_row=result.header_row,
        mapping=result.mapping.describe(result.headers),
        imported_at=imported_at,
    )
    return Project(
        result.chart,
        source,
        plan=plan,
        library=PracticeLibrary(shipped=load_shipped_library()),
        name=DEMO_PROJECT_NAME,
        customer_map=with_demo_days(
            with_segment_names(document.customer_map, list(result.customer_segments)),
            result.chart,
        ),
        targets=Targets(demo_targets(as_of)),
        results=Results(demo_results(as_of, first_made)),
    )


def plan_as_of(path: str | Path) -> dt.date:
    """The date a plan file was written "as of" (the file is checked by :func:`load_plan_json`)."""
    path = Path(path)
    try:
        return dt.date.fromisoformat(json.loads(path.read_text(encoding="utf-8"))["as_of"])
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise PlanFileError(f"{path.name}: no readable 'as_of' date ({error})") from None


def shifted_plan(plan: Plan, shift: dt.timedelta) -> Plan:
    """The same plan with every date and timestamp moved by ``shift``."""
    moved = Plan(next_number=plan.next_number)
    moved.put(
        replace(
            commitment,
            due=commitment.due + shift if commitment.due is not None else None,
            notes=tuple(replace(note, on=note.on + shift) for note in commitment.notes),
            created=commitment.created + shift,
            changed=commitment.changed + shift,
        )
        for commitment in plan
    )
    return moved
