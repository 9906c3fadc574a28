"""Edits of the customer map: segments, their touchpoints, who serves them and what they need.

Like every edit (:mod:`pyramid_app.model.commands`), each is a command whose ``apply`` returns
its inverse and a :class:`~pyramid_app.model.project.Change`: ``customers`` when a segment was
added, removed, renamed, moved or described, ``touchpoints`` with the ids of the touchpoints
added, removed or changed (their needs included). The small commands below each do one thing
relative to the map as it is when applied, so several can go in one
:class:`~pyramid_app.model.commands.Batch`; the functions at the end build them the way the
window and the CLI ask, check them, and label them for the Edit menu.

Removing something that commitments answer (a need, or a touchpoint or segment holding needs)
never leaves a commitment pointing at nothing and is never refused: the same undo step takes
the need ids out of those commitments, and undoing it puts the needs and the links back.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from typing import TypeVar

from pyramid_app.model.commands import (
    Batch,
    ChangeCommitment,
    Command,
    PlanError,
    now_utc,
)
from pyramid_app.model.customers import (
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
from pyramid_app.model.project import Change, Project

_T = TypeVar("_T")

LABEL_TEXT = 40  # longest need text or name quoted in full in an Edit-menu label


def _segment_at(customer_map: CustomerMap, name: str) -> tuple[int, Segment]:
    position = customer_map.segment_position(name)
    if position is None:
        raise PlanError(f"there is no customer segment called {name!r}")
    return position, customer_map.segments[position]


def _touchpoint_at(customer_map: CustomerMap, touchpoint_id: str) -> tuple[int, int, Touchpoint]:
    place = customer_map.touchpoint_position(touchpoint_id)
    if place is None:
        raise PlanError(f"there is no touchpoint {touchpoint_id}")
    s, t = place
    return s, t, customer_map.segments[s].touchpoints[t]


def _need_at(customer_map: CustomerMap, need_id: str) -> tuple[Touchpoint, int, Need]:
    touchpoint = customer_map.touchpoint_of(need_id)
    if touchpoint is None:
        raise PlanError(f"there is no need {need_id}")
    position = next(i for i, need in enumerate(touchpoint.needs) if need.id == need_id)
    return touchpoint, position, touchpoint.needs[position]


def _put(customer_map: CustomerMap, segments: Iterable[Segment]) -> None:
    try:
        customer_map.set_segments(segments)
    except ValueError as error:
        raise PlanError(str(error)) from None


def _clamped(position: int, length: int) -> int:
    return max(0, min(position, length))


def _moved(items: Sequence[_T], old: int, new: int) -> list[_T]:
    moved = list(items)
    moved.insert(new, moved.pop(old))
    return moved


def _ids(segment: Segment) -> frozenset[str]:
    return frozenset(touchpoint.id for touchpoint in segment.touchpoints)


# -- segments ------------------------------------------------------------------------------


@dataclass(frozen=True)
class InsertSegment(Command):
    """Put ``segment`` (touchpoints and all) at ``position`` (clamped to the list)."""

    segment: Segment
    position: int
    label: str = "Add customer segment"

    def apply(self, project: Project) -> tuple[Command, Change]:
        customer_map = project.customer_map
        if customer_map.segment_position(self.segment.name) is not None:
            raise PlanError(f"there is already a customer segment called {self.segment.name!r}")
        segments = list(customer_map.segments)
        segments.insert(_clamped(self.position, len(segments)), self.segment)
        _put(customer_map, segments)
        inverse = DeleteSegment(self.segment.name, self.label)
        return inverse, Change(customers=True, touchpoints=_ids(self.segment))


@dataclass(frozen=True)
class DeleteSegment(Command):
    name: str
    label: str = "Remove customer segment"

    def apply(self, project: Project) -> tuple[Command, Change]:
        customer_map = project.customer_map
        position, old = _segment_at(customer_map, self.name)
        _put(customer_map, (s for i, s in enumerate(customer_map.segments) if i != position))
        return InsertSegment(old, position, self.label), Change(
            customers=True, touchpoints=_ids(old)
        )


@dataclass(frozen=True)
class EditSegment(Command):
    """Rename the segment called ``name`` to ``new_name`` and set its description and share."""

    name: str
    new_name: str
    description: str
    share: float | None
    label: str = "Edit customer segment"

    def apply(self, project: Project) -> tuple[Command, Change]:
        customer_map = project.customer_map
        position, old = _segment_at(customer_map, self.name)
        other = customer_map.segment_position(self.new_name)
        if other is not None and other != position:
            raise PlanError(f"there is already a customer segment called {self.new_name!r}")
        new = replace(old, name=self.new_name, description=self.description, share=self.share)
        customer_map.replace_segment(position, new)
        inverse = EditSegment(self.new_name, old.name, old.description, old.share, self.label)
        return inverse, Change(customers=True)


@dataclass(frozen=True)
class MoveSegment(Command):
    name: str
    position: int
    label: str = "Move customer segment"

    def apply(self, project: Project) -> tuple[Command, Change]:
        customer_map = project.customer_map
        old, _segment = _segment_at(customer_map, self.name)
        new = _clamped(self.position, len(customer_map.segments) - 1)
        _put(customer_map, _moved(customer_map.segments, old, new))
        return MoveSegment(self.name, old, self.label), Change(customers=True)


# -- touchpoints ---------------------------------------------------------------------------


def _with_touchpoints(
    customer_map: CustomerMap, changes: dict[int, Sequence[Touchpoint]]
) -> list[Segment]:
    return [
        replace(segment, touchpoints=tuple(changes[i])) if i in changes else segment
        for i, segment in enumerate(customer_map.segments)
    ]


@dataclass(frozen=True)
class InsertTouchpoint(Command):
    """Put ``touchpoint`` (needs and all) at ``position`` in the segment called ``segment``."""

    segment: str
    position: int
    touchpoint: Touchpoint
    label: str = "Add touchpoint"

    def apply(self, project: Project) -> tuple[Command, Change]:
        customer_map = project.customer_map
        s, segment = _segment_at(customer_map, self.segment)
        touchpoints = list(segment.touchpoints)
        touchpoints.insert(_clamped(self.position, len(touchpoints)), self.touchpoint)
        _put(customer_map, _with_touchpoints(customer_map, {s: touchpoints}))
        inverse = DeleteTouchpoint(self.touchpoint.id, self.label)
        return inverse, Change(touchpoints=frozenset({self.touchpoint.id}))


@dataclass(frozen=True)
class DeleteTouchpoint(Command):
    touchpoint_id: str
    label: str = "Remove touchpoint"

    def apply(self, project: Project) -> tuple[Command, Change]:
        customer_map = project.customer_map
        s, t, old = _touchpoint_at(customer_map, self.touchpoint_id)
        segment = customer_map.segments[s]
        rest = [touchpoint for i, touchpoint in enumerate(segment.touchpoints) if i != t]
        _put(customer_map, _with_touchpoints(customer_map, {s: rest}))
        inverse = InsertTouchpoint(segment.name, t, old, self.label)
        return inverse, Change(touchpoints=frozenset({old.id}))


@dataclass(frozen=True)
class EditTouchpoint(Command):
    """Set a touchpoint's name, rules and note (its needs stay as they are)."""

    touchpoint_id: str
    name: str
    rules: tuple[ServeRule, ...]
    note: str
    label: str = "Edit touchpoint"

    def apply(self, project: Project) -> tuple[Command, Change]:
        customer_map = project.customer_map
        _s, _t, old = _touchpoint_at(customer_map, self.touchpoint_id)
        customer_map.replace_touchpoint(
            replace(old, name=self.name, rules=self.rules, note=self.note)
        )
        inverse = EditTouchpoint(old.id, old.name, old.rules, old.note, self.label)
        return inverse, Change(touchpoints=frozenset({old.id}))


@dataclass(frozen=True)
class MoveTouchpoint(Command):
    """Move a touchpoint to ``position`` in its segment, or in ``segment`` when named."""

    touchpoint_id: str
    position: int
    segment: str | None = None
    label: str = "Move touchpoint"

    def apply(self, project: Project) -> tuple[Command, Change]:
        customer_map = project.customer_map
        s, t, touchpoint = _touchpoint_at(customer_map, self.touchpoint_id)
        source = customer_map.segments[s]
        target = s if self.segment is None else _segment_at(customer_map, self.segment)[0]
        changes: dict[int, Sequence[Touchpoint]] = {}
        changes[s] = [other for i, other in enumerate(source.touchpoints) if i != t]
        into = list(changes[s] if target == s else customer_map.segments[target].touchpoints)
        into.insert(_clamped(self.position, len(into)), touchpoint)
        changes[target] = into
        _put(customer_map, _with_touchpoints(customer_map, changes))
        back = None if target == s else source.name
        inverse = MoveTouchpoint(touchpoint.id, t, back, self.label)
        return inverse, Change(touchpoints=frozenset({touchpoint.id}))


# -- needs ---------------------------------------------------------------------------------


def _set_needs(customer_map: CustomerMap, touchpoint: Touchpoint, needs: Iterable[Need]) -> None:
    try:
        customer_map.replace_touchpoint(replace(touchpoint, needs=tuple(needs)))
    except ValueError as error:
        raise PlanError(str(error)) from None


@dataclass(frozen=True)
class InsertNeed(Command):
    touchpoint_id: str
    position: int
    need: Need
    label: str = "Add need"

    def apply(self, project: Project) -> tuple[Command, Change]:
        customer_map = project.customer_map
        _s, _t, touchpoint = _touchpoint_at(customer_map, self.touchpoint_id)
        needs = list(touchpoint.needs)
        needs.insert(_clamped(self.position, len(needs)), self.need)
        _set_needs(customer_map, touchpoint, needs)
        return DeleteNeed(self.need.id, self.label), Change(touchpoints=frozenset({touchpoint.id}))


@dataclass(frozen=True)
class DeleteNeed(Command):
    """Take a need off its touchpoint; commitments naming it are :func:`remove_need`'s care."""

    need_id: str
    label: str = "Remove need"

    def apply(self, project: Project) -> tuple[Command, Change]:
        customer_map = project.customer_map
        touchpoint, position, old = _need_at(customer_map, self.need_id)
        _set_needs(customer_map, touchpoint, (n for n in touchpoint.needs if n.id != old.id))
        inverse = InsertNeed(touchpoint.id, position, old, self.label)
        return inverse, Change(touchpoints=frozenset({touchpoint.id}))


@dataclass(frozen=True)
class EditNeed(Command):
    """Put ``need`` in place of the need with its id (new text, kind or importance)."""

    need: Need
    label: str = "Edit need"

    def apply(self, project: Project) -> tuple[Command, Change]:
        customer_map = project.customer_map
        touchpoint, position, old = _need_at(customer_map, self.need.id)
        needs = list(touchpoint.needs)
        needs[position] = self.need
        _set_needs(customer_map, touchpoint, needs)
        return EditNeed(old, self.label), Change(touchpoints=frozenset({touchpoint.id}))


@dataclass(frozen=True)
class MoveNeed(Command):
    need_id: str
    position: int
    label: str = "Move need"

    def apply(self, project: Project) -> tuple[Command, Change]:
        customer_map = project.customer_map
        touchpoint, old, _need = _need_at(customer_map, self.need_id)
        new = _clamped(self.position, len(touchpoint.needs) - 1)
        _set_needs(customer_map, touchpoint, _moved(touchpoint.needs, old, new))
        return MoveNeed(self.need_id, old, self.label), Change(
            touchpoints=frozenset({touchpoint.id})
        )


# -- building the commands -----------------------------------------------------------------


def quoted(text: str) -> str:
    """``“text”`` for a label, shortened to :data:`LABEL_TEXT` characters."""
    text = " ".join(text.split())
    if len(text) > LABEL_TEXT:
        cut = text[: LABEL_TEXT - 1]
        space = cut.rfind(" ")
        if space > LABEL_TEXT // 2:  # end on a whole word when that keeps most of the text
            cut = cut[:space]
        text = cut.rstrip(" ,;:") + "…"
    return f"“{text}”"


def _name(text: str, what: str) -> str:
    name = " ".join(text.split())
    if not name:
        raise PlanError(f"a {what} needs a name")
    return name


def _share(share: float | None) -> float | None:
    if share is None:
        return None
    value = float(share)
    if not math.isfinite(value) or not 0 <= value <= 1:
        raise PlanError(f"a segment's share is a fraction from 0 to 1, not {share!r}")
    return value


def _kind(kind: NeedKind | str) -> NeedKind:
    try:
        return NeedKind(str(kind).strip().casefold())
    except ValueError:
        raise PlanError(f"{kind!r} is not a kind of need; use be, do or have") from None


def _importance(importance: Importance | str) -> Importance:
    try:
        return Importance(str(importance).strip().casefold())
    except ValueError:
        raise PlanError(f"{importance!r} is not an importance; use must, should or nice") from None


def _need_text(text: str) -> str:
    cleaned = " ".join(text.split())
    if not cleaned:
        raise PlanError(
            "a need needs some text: what must the person at the touchpoint be, do or have?"
        )
    return cleaned


def add_segment(
    project: Project,
    name: str,
    *,
    description: str = "",
    share: float | None = None,
    position: int | None = None,
) -> InsertSegment:
    """A new customer segment without touchpoints, at the end unless ``position`` says."""
    name = _name(name, "customer segment")
    if project.customer_map.segment_position(name) is not None:
        raise PlanError(f"there is already a customer segment called {name!r}")
    segment = Segment(name, description.strip(), _share(share))
    where = len(project.customer_map) if position is None else position
    return InsertSegment(segment, where, f"Add customer segment {quoted(name)}")


def rename_segment(project: Project, name: str, new_name: str) -> EditSegment:
    _position, segment = _segment_at(project.customer_map, name)
    new_name = _name(new_name, "customer segment")
    other = project.customer_map.segment_position(new_name)
    if other is not None and name_key(new_name) != name_key(segment.name):
        raise PlanError(f"there is already a customer segment called {new_name!r}")
    label = f"Rename customer segment {quoted(segment.name)} to {quoted(new_name)}"
    return EditSegment(segment.name, new_name, segment.description, segment.share, label)


def describe_segment(
    project: Project, name: str, description: str, share: float | None
) -> EditSegment:
    """Set a segment's description and share (None: unknown)."""
    _position, segment = _segment_at(project.customer_map, name)
    label = f"Describe customer segment {quoted(segment.name)}"
    return EditSegment(segment.name, segment.name, description.strip(), _share(share), label)


def move_segment(project: Project, name: str, position: int) -> MoveSegment:
    _position, segment = _segment_at(project.customer_map, name)
    return MoveSegment(segment.name, position, f"Move customer segment {quoted(segment.name)}")


def _unlinking(
    project: Project,
    need_ids: Iterable[str],
    removal: Callable[[str], Command],
    label: str,
    now: dt.datetime | None,
) -> Command:
    """``removal(label)``, after taking ``need_ids`` out of every commitment naming them."""
    gone = set(need_ids)
    moment = now or now_utc()
    unlinks: list[Command] = [
        ChangeCommitment(
            commitment.id,
            {"needs": tuple(n for n in commitment.needs if n not in gone)},
            moment,
            label,
        )
        for commitment in sorted(
            (c for c in project.plan if gone.intersection(c.needs)), key=lambda c: c.number
        )
    ]
    if not unlinks:
        return removal(label)
    count = len(unlinks)
    label += f", unlinking {count} commitment{'s' if count != 1 else ''}"
    return Batch((*unlinks, removal(label)), label)


def remove_segment(project: Project, name: str, *, now: dt.datetime | None = None) -> Command:
    """Remove a segment with its touchpoints and needs; commitments answering them let go."""
    _position, segment = _segment_at(project.customer_map, name)
    needs = (need.id for t in segment.touchpoints for need in t.needs)
    label = f"Remove customer segment {quoted(segment.name)}"
    return _unlinking(project, needs, partial(DeleteSegment, segment.name), label, now)


def rules_of(
    project: Project, rules: Iterable[ServeRule | tuple[str, str]]
) -> tuple[ServeRule, ...]:
    """Checked rules, each once: a known field, a value, and a person rule's person on the
    front line (someone with reports serves customers through them, not at a touchpoint)."""
    checked: dict[tuple[RuleField, str], ServeRule] = {}
    for rule in rules:
        raw_field, raw_value = (rule.field, rule.value) if isinstance(rule, ServeRule) else rule
        try:
            rule_field = RuleField(str(raw_field).strip().casefold())
        except ValueError:
            raise PlanError(
                f"{raw_field!r} is not something a touchpoint rule can match; use department, "
                "title, location or person"
            ) from None
        value = " ".join(str(raw_value).split())
        if not value:
            raise PlanError(f"a {rule_field.value} rule needs a value")
        if rule_field is RuleField.PERSON:
            if not project.has_person(value):
                raise PlanError(f"there is no person with id {value!r} in {project.name}")
            if project.is_manager(value):
                raise PlanError(
                    f"{project.display_name(value)} ({value}) has direct reports; a touchpoint "
                    "is served by front-line people"
                )
            key = value
        else:
            key = value.casefold()
        checked.setdefault((rule_field, key), ServeRule(rule_field, value))
    return tuple(checked.values())


def add_touchpoint(
    project: Project,
    segment: str,
    name: str,
    *,
    rules: Iterable[ServeRule | tuple[str, str]] = (),
    note: str = "",
    position: int | None = None,
) -> InsertTouchpoint:
    """A new touchpoint (with a new id) in ``segment``, at the end unless ``position`` says."""
    _s, found = _segment_at(project.customer_map, segment)
    name = _name(name, "touchpoint")
    checked = rules_of(project, rules)
    (touchpoint_id,) = project.customer_map.new_touchpoint_ids(1)
    touchpoint = Touchpoint(touchpoint_id, name, checked, (), note.strip())
    where = len(found.touchpoints) if position is None else position
    label = f"Add touchpoint {quoted(name)} to {found.name}"
    return InsertTouchpoint(found.name, where, touchpoint, label)


def rename_touchpoint(project: Project, touchpoint_id: str, name: str) -> EditTouchpoint:
    _s, _t, old = _touchpoint_at(project.customer_map, touchpoint_id)
    name = _name(name, "touchpoint")
    label = f"Rename touchpoint {quoted(old.name)} to {quoted(name)}"
    return EditTouchpoint(old.id, name, old.rules, old.note, label)


def set_touchpoint_rules(
    project: Project, touchpoint_id: str, rules: Iterable[ServeRule | tuple[str, str]]
) -> EditTouchpoint:
    """Who serves the touchpoint: front-line people matching any of ``rules``."""
    _s, _t, old = _touchpoint_at(project.customer_map, touchpoint_id)
    checked = rules_of(project, rules)
    label = f"Set who serves {quoted(old.name)}"
    return EditTouchpoint(old.id, old.name, checked, old.note, label)


def set_touchpoint_note(project: Project, touchpoint_id: str, note: str) -> EditTouchpoint:
    _s, _t, old = _touchpoint_at(project.customer_map, touchpoint_id)
    label = f"Edit note of touchpoint {quoted(old.name)}"
    return EditTouchpoint(old.id, old.name, old.rules, note.strip(), label)


def move_touchpoint(
    project: Project, touchpoint_id: str, position: int, segment: str | None = None
) -> MoveTouchpoint:
    """Move a touchpoint within its segment, or to ``segment`` at ``position``."""
    customer_map = project.customer_map
    s, _t, old = _touchpoint_at(customer_map, touchpoint_id)
    target = None
    if segment is not None:
        position_of_target, found = _segment_at(customer_map, segment)
        target = None if position_of_target == s else found.name
    where = f" to {target}" if target else ""
    return MoveTouchpoint(old.id, position, target, f"Move touchpoint {quoted(old.name)}{where}")


def remove_touchpoint(
    project: Project, touchpoint_id: str, *, now: dt.datetime | None = None
) -> Command:
    """Remove a touchpoint with its needs; commitments answering them let go of them."""
    customer_map = project.customer_map
    s, _t, old = _touchpoint_at(customer_map, touchpoint_id)
    label = f"Remove touchpoint {quoted(old.name)} from {customer_map.segments[s].name}"
    needs = (need.id for need in old.needs)
    return _unlinking(project, needs, partial(DeleteTouchpoint, old.id), label, now)


def add_need(
    project: Project,
    touchpoint_id: str,
    text: str,
    kind: NeedKind | str,
    importance: Importance | str = Importance.SHOULD,
    *,
    position: int | None = None,
) -> InsertNeed:
    """A new need (with a new id) at a touchpoint, at the end unless ``position`` says."""
    _s, _t, touchpoint = _touchpoint_at(project.customer_map, touchpoint_id)
    need_text = _need_text(text)
    need_kind, need_importance = _kind(kind), _importance(importance)
    (need_id,) = project.customer_map.new_need_ids(1)
    where = len(touchpoint.needs) if position is None else position
    label = f"Add need {quoted(need_text)} to {quoted(touchpoint.name)}"
    return InsertNeed(
        touchpoint.id, where, Need(need_id, need_text, need_kind, need_importance), label
    )


def edit_need(
    project: Project,
    need_id: str,
    *,
    text: str | None = None,
    kind: NeedKind | str | None = None,
    importance: Importance | str | None = None,
) -> EditNeed:
    """Change a need's text, kind or importance; the label names what changed when one thing."""
    _touchpoint, _position, old = _need_at(project.customer_map, need_id)
    new = replace(
        old,
        text=old.text if text is None else _need_text(text),
        kind=old.kind if kind is None else _kind(kind),
        importance=old.importance if importance is None else _importance(importance),
    )
    changed = [
        name for name in ("text", "kind", "importance") if getattr(new, name) != getattr(old, name)
    ]
    if changed == ["kind"]:
        label = f"Make need {quoted(old.text)} a {new.kind.value} need"
    elif changed == ["importance"]:
        label = f"Make need {quoted(old.text)} {new.importance.value}"
    else:
        label = f"Edit need {quoted(old.text)}"
    return EditNeed(new, label)


def move_need(project: Project, need_id: str, position: int) -> MoveNeed:
    _touchpoint, _position, old = _need_at(project.customer_map, need_id)
    return MoveNeed(old.id, position, f"Move need {quoted(old.text)}")


def remove_need(project: Project, need_id: str, *, now: dt.datetime | None = None) -> Command:
    """Remove a need; the commitments answering it let go of it in the same undo step."""
    touchpoint, _position, old = _need_at(project.customer_map, need_id)
    label = f"Remove need {quoted(old.text)} from {quoted(touchpoint.name)}"
    return _unlinking(project, [old.id], partial(DeleteNeed, old.id), label, now)
