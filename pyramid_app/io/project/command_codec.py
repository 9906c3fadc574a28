"""Edit commands as JSON text, so the undo history outlives the window that made it.

Every command is a frozen dataclass of plain values (text, numbers, dates, enums, tuples, and
the model's own small dataclasses: a commitment, a touchpoint, a need). They are written as JSON
with a tag per non-JSON value and read back only into the classes listed here: text from a file
never names a class to build. A command holding a whole organisation (an update from a newer HR
export) is not written: the undo history after a reopen starts after it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
import sys
import types
import typing
from types import ModuleType
from typing import Any

from pyramid_app.model import (
    audience,
    commands,
    customer_commands,
    customers,
    library,
    plan,
    project,
    result_commands,
    results,
    target_commands,
    targets,
    units,
)
from pyramid_app.model.commands import Command

# Larger commands (a bulk edit of a million commitments) are not kept for undo after a reopen.
MAX_TEXT = 4 * 2**20
_MAX_DEPTH = 32


class NotStorable(ValueError):
    """The command holds something that is not written to the undo history."""


class CodecError(ValueError):
    """Stored text that is not a command this code wrote."""


def _registry(*modules: ModuleType) -> tuple[dict[str, type], dict[str, type[enum.Enum]]]:
    classes: dict[str, type] = {}
    enums: dict[str, type[enum.Enum]] = {}
    for module in modules:
        for value in vars(module).values():
            if not isinstance(value, type) or value.__module__ != module.__name__:
                continue
            if issubclass(value, enum.Enum):
                enums[value.__name__] = value
            elif dataclasses.is_dataclass(value) and value.__dataclass_params__.frozen:  # type: ignore[attr-defined]  # not in typeshed
                classes[value.__name__] = value  # values, not stateful objects (a plan)
    # A whole organisation is never written as an undo step (see the module docstring), and
    # an undo step is what holds a command, not part of one.
    classes.pop("ReplaceOrganisation", None)
    classes.pop("UndoStep", None)
    return classes, enums


_CLASSES, _ENUMS = _registry(
    audience,
    commands,
    customer_commands,
    customers,
    library,
    plan,
    project,
    units,
    targets,
    target_commands,
    results,
    result_commands,
)


def encode_command(command: Command) -> str:
    """``command`` as JSON text; raises :class:`NotStorable` for one that is not written."""
    text = json.dumps(_encode(command, 0), ensure_ascii=False, separators=(",", ":"))
    if len(text) > MAX_TEXT:
        raise NotStorable(f"{command.label}: {len(text):,} characters")
    return text


def decode_command(text: str) -> Command:
    """The command ``text`` holds; raises :class:`CodecError` for anything else."""
    if len(text) > MAX_TEXT:
        raise CodecError("a stored command is too long")
    try:
        value = _decode(json.loads(text), 0)
    except (ValueError, TypeError, KeyError, NameError, RecursionError) as error:
        raise CodecError(f"a stored command cannot be read ({error})") from error
    if not isinstance(value, Command):
        raise CodecError("a stored command is not a command")
    return value


def _encode(value: Any, depth: int) -> Any:
    if depth > _MAX_DEPTH:
        raise NotStorable("nested too deeply")
    if isinstance(value, enum.Enum):  # before str: a status is a str too
        if _ENUMS.get(type(value).__name__) is not type(value):
            raise NotStorable(type(value).__name__)
        return {"$enum": type(value).__name__, "v": value.value}
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int | float):
        return value
    if isinstance(value, dt.datetime):  # before date: a datetime is a date too
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, tuple | list):
        items = [_encode(item, depth + 1) for item in value]
        return {"$tuple": items} if isinstance(value, tuple) else items
    if isinstance(value, frozenset):
        return {"$frozenset": [_encode(item, depth + 1) for item in value]}
    if isinstance(value, dict):
        return {"$map": [[_encode(k, depth + 1), _encode(v, depth + 1)] for k, v in value.items()]}
    name = type(value).__name__
    if dataclasses.is_dataclass(value) and _CLASSES.get(name) is type(value):
        fields = {
            field.name: _encode(getattr(value, field.name), depth + 1)
            for field in dataclasses.fields(value)
            if field.init
        }
        return {"$": name, "f": fields}
    raise NotStorable(name)


def _decode(value: Any, depth: int) -> Any:
    if depth > _MAX_DEPTH:
        raise ValueError("nested too deeply")
    if value is None or isinstance(value, bool | str | int | float):
        return value
    if isinstance(value, list):
        return [_decode(item, depth + 1) for item in value]
    if not isinstance(value, dict):
        raise ValueError(f"unexpected {type(value).__name__}")
    if "$" in value:
        cls = _CLASSES[str(value["$"])]
        fields = value["f"]
        if not isinstance(fields, dict):
            raise ValueError("fields are not a mapping")
        decoded = {str(k): _decode(v, depth + 1) for k, v in fields.items()}
        hints = _hints(cls)
        for name, item in decoded.items():
            if name not in hints or not _fits(item, hints[name]):
                raise ValueError(f"{cls.__name__}.{name} holds {type(item).__name__}")
        return cls(**decoded)
    if "$enum" in value:
        return _ENUMS[str(value["$enum"])](value["v"])
    if "$datetime" in value:
        return dt.datetime.fromisoformat(str(value["$datetime"]))
    if "$date" in value:
        return dt.date.fromisoformat(str(value["$date"]))
    if "$tuple" in value:
        return tuple(_decode(item, depth + 1) for item in _list(value["$tuple"]))
    if "$frozenset" in value:
        return frozenset(_decode(item, depth + 1) for item in _list(value["$frozenset"]))
    if "$map" in value:
        pairs = _list(value["$map"])
        return {_decode(k, depth + 1): _decode(v, depth + 1) for k, v in pairs}
    raise ValueError("an object without a tag")


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    """The declared type of each field of a dataclass, resolved once."""
    found = _HINTS.get(cls)
    if found is None:
        module = sys.modules[cls.__module__]
        found = typing.get_type_hints(cls, vars(module))
        _HINTS[cls] = found
    return found


def _fits(value: Any, hint: Any) -> bool:
    """Whether a decoded value is of the declared type (stored text decides nothing else)."""
    if hint is Any:
        return True
    origin = typing.get_origin(hint)
    arguments = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return any(_fits(value, option) for option in arguments)
    if origin is typing.Literal:
        return value in arguments
    if origin is tuple:
        if not isinstance(value, tuple):
            return False
        if len(arguments) == 2 and arguments[1] is Ellipsis:
            return all(_fits(item, arguments[0]) for item in value)
        return len(value) == len(arguments) and all(
            _fits(item, each) for item, each in zip(value, arguments, strict=True)
        )
    if origin in (frozenset, set, list):
        return isinstance(value, origin) and all(_fits(item, arguments[0]) for item in value)
    if origin is dict:
        return isinstance(value, dict) and all(
            _fits(k, arguments[0]) and _fits(v, arguments[1]) for k, v in value.items()
        )
    if hint is type(None) or hint is None:
        return value is None
    if hint is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if hint is dt.date:
        return isinstance(value, dt.date) and not isinstance(value, dt.datetime)
    if isinstance(hint, type):
        return isinstance(value, hint)
    return True  # a form this module never writes: the constructor decides


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise ValueError("expected a list")
    return value
