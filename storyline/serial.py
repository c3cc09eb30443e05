"""Plain-data (JSON) round trips for the pipeline's frozen dataclass records.

Derived records (facts, reuse links) are stored as JSON so that the store does not need a
table per record type; `to_plain` and `from_plain` convert them without per-class code, led
by the dataclasses' own type hints.
"""

from __future__ import annotations

import dataclasses
import json
import types
from collections.abc import Callable
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
    tp: Any = cls  # a type is hashable: the converter is made once per record type
    return _converter(tp)(data)


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


def _same(value: Any) -> Any:
    return value


@cache
def _converter(tp: Any) -> Callable[[Any], Any]:
    """The function that rebuilds a ``tp`` from its JSON value (None stays None), made once
    per type from its hints: reading a story's facts back converts tens of thousands of
    values, and asking each one's type what it is cost more than the conversion."""
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        names = [f.name for f in dataclasses.fields(tp) if f.init]
        fields: dict[str, Callable[[Any], Any]] = {}

        def record(value: Any) -> Any:
            if value is None:
                return None
            if not fields:  # made on first use: a record may hold records of its own type
                hints = _hints(tp)
                fields.update({k: _converter(hints[k]) for k in names})
            return tp(**{k: fields[k](v) for k, v in value.items() if k in fields})

        return record
    origin, args = get_origin(tp), get_args(tp)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            item = _converter(args[0])
            if args[0] in _AS_IS or item is _same:
                return lambda value: None if value is None else tuple(value)
            return lambda value: None if value is None else tuple(item(v) for v in value)
        items = [_converter(a) for a in args]
        return lambda value: (
            None if value is None
            else tuple(c(v) for c, v in zip(items, value, strict=False))
        )  # fmt: skip
    if origin is list:
        item = _converter(args[0])
        if args[0] in _AS_IS or item is _same:
            return lambda value: None if value is None else list(value)
        return lambda value: None if value is None else [item(v) for v in value]
    if origin is dict:
        key_type, value_type = args
        if key_type is str and value_type in _AS_IS:
            return lambda value: None if value is None else dict(value)
        key, val = _converter(key_type), _converter(value_type)
        return lambda value: None if value is None else {key(k): val(v) for k, v in value.items()}
    if origin in (Union, types.UnionType):
        options = [a for a in args if a is not type(None)]
        for option in options:
            if isinstance(option, type) and dataclasses.is_dataclass(option):
                return _converter(option)
        return _converter(options[0]) if len(options) == 1 else _same
    if tp is int:  # JSON object keys are always strings
        return lambda value: int(value) if isinstance(value, str) else value
    if tp is date:
        return lambda value: date.fromisoformat(value) if isinstance(value, str) else value
    return _same
