"""The built-in demo shipped in ``resources/``: the organisation, its sample plan, the project.

The sample plan is a small JSON file (``tools/make_demo_plan.py`` writes it) so the demo opens
with commitments to look at. :func:`load_plan_json` reads that format and refuses a malformed
file with a message naming the entry and the field, never with a traceback from deep inside.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from pyramid_app.io.library import load_shipped_library
from pyramid_app.io.org_import import read_org
from pyramid_app.model.library import PracticeLibrary
from pyramid_app.model.plan import COMMITMENT_ID, Commitment, Plan, ProgressNote, Status
from pyramid_app.model.project import OrgSource, Project

DEMO_WORKBOOK = "demo_hotel_group.xlsx"
DEMO_PLAN = "demo_plan.json"
DEMO_PROJECT_NAME = "Harbourlight Hotels (demo)"
# When the demo pretends its organisation was imported: the workbook's own fixed timestamp, so
# the demo project is the same on every machine and every run.
DEMO_IMPORTED_AT = dt.datetime(2025, 7, 1, 9, 0, 0)
PLAN_FILE_VERSION = 1

_T = TypeVar("_T")
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
    )


_FIELDS = frozenset(
    "id manager_id text practice serves measure cadence due status owner_note notes "
    "created changed".split()
)


def load_plan_json(path: str | Path) -> Plan:
    """Read a plan file (the demo plan's format) into a :class:`Plan`.

    Raises :class:`PlanFileError` when the file cannot be read or any entry is malformed; the
    message names the file, the commitment (position and id) and the field.
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
        commitments[commitment.id] = commitment
    plan = Plan()
    plan.put(commitments.values())
    return plan


# -- the demo as a project ----------------------------------------------------------------


def demo_project(today: dt.date | None = None) -> Project:
    """The demo organisation, its customers and its sample plan as one project document.

    With ``today``, every date of the plan moves by whole weeks so that the plan's "as of"
    date falls in the current week: a new user sees a plan in progress, not one that went
    overdue a year ago. Without it the plan is exactly as the file says.
    """
    result = read_org(demo_workbook_path())
    plan = load_plan_json(demo_plan_path())
    imported_at = DEMO_IMPORTED_AT
    if today is not None:
        weeks = (today - plan_as_of(demo_plan_path())).days // 7
        shift = dt.timedelta(weeks=weeks)
        plan = shifted_plan(plan, shift)
        imported_at += shift
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
        customers=list(result.customer_segments),
        plan=plan,
        library=PracticeLibrary(shipped=load_shipped_library()),
        name=DEMO_PROJECT_NAME,
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
