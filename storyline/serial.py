"""Plain-data (JSON) round trips for the pipeline's frozen dataclass records.

Derived records (facts, reuse links) are stored as JSON so that the store does not need a
table per record type; `to_plain` and `from_plain` convert them without per-class code, led
by the dataclasses' own type hints.
"""

from __future__ import annotations

import dataclasses
import json
import types
from datetime import date
from functools import cache
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

T = TypeVar("T")


def to_plain(obj: Any) -> Any:
    """Dataclasses become dicts, tuples become lists; everything else is left as it is."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, list | tuple):
        return [to_plain(item) for item in obj]
    if isinstance(obj, dict):
        return {key: to_plain(value) for key, value in obj.items()}
    if isinstance(obj, date):
        return obj.isoformat()
    return obj


def from_plain(cls: type[T], data: Any) -> T:
    """Rebuild a ``cls`` record from `to_plain` output; unknown keys are ignored so that
    data written by a newer version still loads."""
    return _convert(cls, data)


def dumps(obj: Any) -> str:
    """JSON of a record; the C encoder walks the containers, `_encode_default` the rest."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), default=_encode_default)


def _encode_default(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}
    if isinstance(obj, date):
        return obj.isoformat()
    raise TypeError(f"cannot encode {type(obj).__name__}")


def loads(cls: type[T], text: str) -> T:
    return from_plain(cls, json.loads(text))


@cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


_AS_IS = (str, float, bool, Any)
"""Types whose JSON value is already the value: containers of them are copied, not walked
item by item (a large story or thread state is a dict of thousands of word weights)."""


@cache
def _shape(tp: Any) -> tuple[Any, tuple[Any, ...], list[str] | None]:
    """``tp``'s origin, type arguments and, for a dataclass, its init field names."""
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return None, (), [f.name for f in dataclasses.fields(tp) if f.init]
    return get_origin(tp), get_args(tp), None


def _convert(tp: Any, value: Any) -> Any:
    if value is None:
        return None
    origin, args, names = _shape(tp)
    if names is not None:
        hints = _hints(tp)
        return tp(**{k: _convert(hints[k], v) for k, v in value.items() if k in names})
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            if args[0] in _AS_IS:
                return tuple(value)
            return tuple(_convert(args[0], item) for item in value)
        return tuple(_convert(a, item) for a, item in zip(args, value, strict=False))
    if origin is list:
        if args[0] in _AS_IS:
            return list(value)
        return [_convert(args[0], item) for item in value]
    if origin is dict:
        key_type, value_type = args
        if key_type is str and value_type in _AS_IS:
            return dict(value)
        return {_convert(key_type, k): _convert(value_type, v) for k, v in value.items()}
    if origin in (Union, types.UnionType):
        options = [a for a in args if a is not type(None)]
        for option in options:
            if isinstance(option, type) and dataclasses.is_dataclass(option):
                return _convert(option, value)
        return _convert(options[0], value) if len(options) == 1 else value
    if tp is int and isinstance(value, str):  # JSON object keys are always strings
        return int(value)
    if tp is date and isinstance(value, str):
        return date.fromisoformat(value)
    return value
