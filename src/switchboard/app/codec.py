"""Entity and value <-> JSON-able data, driven by the classes' own type hints.

Supported field types: str, int, float, bool, None, enums, frozen dataclasses, unions of them
(a nested dataclass carries its class name under `__t`), `tuple[X, ...]`, `list[X]`, and
`dict`/`Mapping` (keys that are not strings travel as `{"__pairs": [[key, value], ...]}`).
Entities are discovered by walking `switchboard.domain.resources`, so a new resource module
needs no registration here. The stores and the engine-input journal both use it.
"""

from __future__ import annotations

import collections.abc
import dataclasses
import importlib
import pkgutil
import types
import typing
from collections.abc import Mapping
from enum import Enum
from functools import cache
from typing import Any

import switchboard.domain.resources as resources_pkg
from switchboard.domain.resources.base import Entity

TYPE_KEY = "__t"
PAIRS_KEY = "__pairs"


def encode(value: Any) -> Any:
    """A JSON-able form of `value`."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value.value if isinstance(value, Enum) else value
    if isinstance(value, Enum):
        return value.value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
        if not isinstance(value, Entity):
            out[TYPE_KEY] = type(value).__name__
        return out
    if isinstance(value, (tuple, list, frozenset, set)):
        return [encode(v) for v in value]
    if isinstance(value, Mapping):
        if all(isinstance(k, str) for k in value):
            # Plain str keys: JSON encoders reject str subclasses such as StrEnum members.
            return {str.__str__(k): encode(v) for k, v in value.items()}
        return {PAIRS_KEY: [[encode(k), encode(v)] for k, v in value.items()]}
    raise TypeError(f"cannot encode {type(value).__name__}")


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def decode(tp: Any, data: Any) -> Any:
    """Rebuild a value of type `tp` from `encode`'s output."""
    if data is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(options) == 1:
            return decode(options[0], data)
        if isinstance(data, dict) and TYPE_KEY in data:
            for arg in options:
                if isinstance(arg, type) and arg.__name__ == data[TYPE_KEY]:
                    return decode(arg, data)
        return data
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis or len(args) == 1:
            return tuple(decode(args[0], v) for v in data)
        if args:
            return tuple(decode(a, v) for a, v in zip(args, data, strict=True))
        return tuple(data)
    if origin in (list, frozenset, set):
        (inner,) = typing.get_args(tp)
        items = [decode(inner, v) for v in data]
        return items if origin is list else origin(items)
    if origin in (dict, Mapping, collections.abc.Mapping):
        key_type, inner = typing.get_args(tp)
        if PAIRS_KEY in data:
            return {decode(key_type, k): decode(inner, v) for k, v in data[PAIRS_KEY]}
        return {decode(key_type, k): decode(inner, v) for k, v in data.items()}
    if isinstance(tp, type):
        if issubclass(tp, Enum):
            return tp(data)
        if dataclasses.is_dataclass(tp):
            hints = _hints(tp)
            kwargs = {
                f.name: decode(hints[f.name], data[f.name])
                for f in dataclasses.fields(tp)
                if f.init and f.name in data
            }
            return tp(**kwargs)
        if tp is float and isinstance(data, int):
            return float(data)
    return data


def _subclasses(cls: type[Entity]) -> list[type[Entity]]:
    out: list[type[Entity]] = []
    for sub in cls.__subclasses__():
        out.append(sub)
        out.extend(_subclasses(sub))
    return out


@cache
def entity_types() -> dict[str, type[Entity]]:
    """Every concrete entity class by its KIND."""
    for mod in pkgutil.iter_modules(resources_pkg.__path__):
        importlib.import_module(f"{resources_pkg.__name__}.{mod.name}")
    return {sub.KIND: sub for sub in _subclasses(Entity)}


def entity_to_row(entity: Entity) -> dict[str, Any]:
    data: dict[str, Any] = encode(entity)
    return data


def entity_from_row(kind: str, data: dict[str, Any]) -> Entity:
    cls = entity_types()[kind]
    entity: Entity = decode(cls, data)
    return entity
