"""Generic validation of parsed requests against the botocore ``connect`` model.

Owns the compiled validator tree (one node per model shape, built once and cached, recursion
safe) and the AWS-style message format::

    2 validation errors detected: Value 'x' at 'name' failed to satisfy constraint: Member
    must have length less than or equal to 127; Value null at 'instanceId' failed to satisfy
    constraint: Member must not be null

Checks: required members, Python types (after ``parser`` conversion: timestamps are int epoch
milliseconds, blobs are bytes), enums, min/max length (strings, blobs, lists, maps), min/max
value (numbers), ``pattern`` (``re.search``; see ``regex``), tagged unions (exactly one
member). Values of ``sensitive`` shapes are never echoed in messages.

Node hierarchy::

    Validator
     ├── StringValidator   ├── IntegerValidator  ├── FloatValidator   ├── BooleanValidator
     ├── TimestampValidator├── BlobValidator     ├── DocumentValidator
     ├── ListValidator ── member
     ├── MapValidator ── key, value
     └── StructureValidator ── members

Imports only the standard library, botocore and ``switchboard.aws.regex``.
"""

from __future__ import annotations

import re
from typing import Any

from botocore.model import ListShape, MapShape, Shape, StructureShape

from switchboard.aws.regex import compile_pattern

__all__ = [
    "StructureValidator",
    "Validator",
    "compile_validator",
    "display_name",
    "validation_message",
    "violation",
]


def display_name(member: str) -> str:
    """AWS spells member paths in lower camel case (``InstanceId`` -> ``instanceId``)."""
    return member[:1].lower() + member[1:]


def _show(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    if isinstance(value, list):
        return "'[" + ", ".join(str(v) for v in value) + "]'"
    return f"'{value}'"


def violation(value: Any, path: str, constraint: str, *, sensitive: bool = False) -> str:
    """Render one violation the way Coral/Smithy services do."""
    shown = "" if sensitive else " " + _show(value)
    return f"Value{shown} at '{path}' failed to satisfy constraint: {constraint}"


def validation_message(violations: list[str]) -> str:
    """Join violations into the ``N validation error(s) detected: ...`` message."""
    count = len(violations)
    noun = "error" if count == 1 else "errors"
    return f"{count} validation {noun} detected: " + "; ".join(violations)


class Validator:
    """Base node: ``check`` appends violations for ``value`` found at ``path`` to ``out``."""

    __slots__ = ("sensitive",)

    def __init__(self, shape: Shape) -> None:
        self.sensitive = bool(shape.metadata.get("sensitive"))

    def check(self, value: Any, path: str, out: list[str]) -> None:
        return

    def _bad(self, value: Any, path: str, constraint: str, out: list[str]) -> None:
        out.append(violation(value, path, constraint, sensitive=self.sensitive))

    def _length(
        self, value: Any, size: int, lo: int | None, hi: int | None, path: str, out: list[str]
    ) -> None:
        if lo is not None and size < lo:
            self._bad(value, path, f"Member must have length greater than or equal to {lo}", out)
        if hi is not None and size > hi:
            self._bad(value, path, f"Member must have length less than or equal to {hi}", out)


class StringValidator(Validator):
    __slots__ = ("enum", "enum_text", "max", "min", "pattern", "pattern_text")

    def __init__(self, shape: Shape) -> None:
        super().__init__(shape)
        meta = shape.metadata
        self.min: int | None = meta.get("min")
        self.max: int | None = meta.get("max")
        enum = meta.get("enum")
        self.enum: frozenset[str] | None = frozenset(enum) if enum else None
        self.enum_text = "[" + ", ".join(enum) + "]" if enum else ""
        self.pattern_text: str = meta.get("pattern", "")
        self.pattern: re.Pattern[str] | None = (
            compile_pattern(self.pattern_text) if self.pattern_text else None
        )

    def check(self, value: Any, path: str, out: list[str]) -> None:
        if type(value) is not str:
            self._bad(value, path, "Member must be of type string", out)
            return
        if self.min is not None or self.max is not None:
            self._length(value, len(value), self.min, self.max, path, out)
        if self.enum is not None and value not in self.enum:
            self._bad(value, path, f"Member must satisfy enum value set: {self.enum_text}", out)
        if self.pattern is not None and self.pattern.search(value) is None:
            self._bad(
                value,
                path,
                f"Member must satisfy regular expression pattern: {self.pattern_text}",
                out,
            )


class _NumberValidator(Validator):
    __slots__ = ("max", "min")

    def __init__(self, shape: Shape) -> None:
        super().__init__(shape)
        self.min: float | None = shape.metadata.get("min")
        self.max: float | None = shape.metadata.get("max")

    def _range(self, value: float, path: str, out: list[str]) -> None:
        if self.min is not None and value < self.min:
            constraint = f"Member must have value greater than or equal to {self.min}"
            self._bad(value, path, constraint, out)
        if self.max is not None and value > self.max:
            constraint = f"Member must have value less than or equal to {self.max}"
            self._bad(value, path, constraint, out)


class IntegerValidator(_NumberValidator):
    __slots__ = ("bits", "type_name")

    def __init__(self, shape: Shape) -> None:
        super().__init__(shape)
        self.type_name = shape.type_name
        self.bits = 31 if shape.type_name == "integer" else 63

    def check(self, value: Any, path: str, out: list[str]) -> None:
        if type(value) is not int or not -(2**self.bits) <= value < 2**self.bits:
            self._bad(value, path, f"Member must be of type {self.type_name}", out)
            return
        if self.min is not None or self.max is not None:
            self._range(value, path, out)


class FloatValidator(_NumberValidator):
    __slots__ = ("type_name",)

    def __init__(self, shape: Shape) -> None:
        super().__init__(shape)
        self.type_name = shape.type_name

    def check(self, value: Any, path: str, out: list[str]) -> None:
        if type(value) is not float and type(value) is not int:
            self._bad(value, path, f"Member must be of type {self.type_name}", out)
            return
        if self.min is not None or self.max is not None:
            self._range(value, path, out)


class BooleanValidator(Validator):
    __slots__ = ()

    def check(self, value: Any, path: str, out: list[str]) -> None:
        if type(value) is not bool:
            self._bad(value, path, "Member must be of type boolean", out)


class TimestampValidator(Validator):
    __slots__ = ()

    def check(self, value: Any, path: str, out: list[str]) -> None:
        if type(value) is not int:
            self._bad(value, path, "Member must be of type timestamp", out)


class BlobValidator(Validator):
    __slots__ = ("max", "min")

    def __init__(self, shape: Shape) -> None:
        super().__init__(shape)
        self.min: int | None = shape.metadata.get("min")
        self.max: int | None = shape.metadata.get("max")

    def check(self, value: Any, path: str, out: list[str]) -> None:
        if not isinstance(value, bytes):
            self._bad(value, path, "Member must be of type blob", out)
            return
        self._length(value, len(value), self.min, self.max, path, out)


class DocumentValidator(Validator):
    __slots__ = ()


class ListValidator(Validator):
    __slots__ = ("max", "member", "min")

    def __init__(self, shape: ListShape, member: Validator) -> None:
        super().__init__(shape)
        self.min: int | None = shape.metadata.get("min")
        self.max: int | None = shape.metadata.get("max")
        self.member = member

    def check(self, value: Any, path: str, out: list[str]) -> None:
        if type(value) is not list:
            self._bad(value, path, "Member must be of type list", out)
            return
        if self.min is not None or self.max is not None:
            self._length(value, len(value), self.min, self.max, path, out)
        check = self.member.check
        for index, item in enumerate(value, 1):
            if item is None:
                out.append(violation(None, f"{path}.{index}.member", "Member must not be null"))
            else:
                check(item, f"{path}.{index}.member", out)


class MapValidator(Validator):
    __slots__ = ("key", "max", "min", "value")

    def __init__(self, shape: MapShape, key: Validator, value: Validator) -> None:
        super().__init__(shape)
        self.min: int | None = shape.metadata.get("min")
        self.max: int | None = shape.metadata.get("max")
        self.key = key
        self.value = value

    def check(self, value: Any, path: str, out: list[str]) -> None:
        if type(value) is not dict:
            self._bad(value, path, "Member must be of type map", out)
            return
        if self.min is not None or self.max is not None:
            self._length(value, len(value), self.min, self.max, path, out)
        for key, item in value.items():
            self.key.check(key, f"{path}.{key}.key", out)
            if item is None:
                out.append(violation(None, f"{path}.{key}.value", "Member must not be null"))
            else:
                self.value.check(item, f"{path}.{key}.value", out)


class StructureValidator(Validator):
    """Validates a structure; ``members`` is filled after construction (recursive shapes)."""

    __slots__ = ("members", "required", "union")

    def __init__(self, shape: StructureShape) -> None:
        super().__init__(shape)
        self.members: dict[str, tuple[str, Validator]] = {}
        self.required: tuple[tuple[str, str], ...] = tuple(
            (name, display_name(name)) for name in shape.required_members
        )
        self.union = bool(shape.metadata.get("union"))

    def check(self, value: Any, path: str, out: list[str]) -> None:
        if type(value) is not dict:
            self._bad(value, path, "Member must be of type structure", out)
            return
        prefix = f"{path}." if path else ""
        for name, shown in self.required:
            if value.get(name) is None:
                out.append(violation(None, prefix + shown, "Member must not be null"))
        members = self.members
        for name, item in value.items():
            entry = members.get(name)
            if entry is not None and item is not None:
                entry[1].check(item, prefix + entry[0], out)
        if self.union:
            count = sum(1 for item in value.values() if item is not None)
            if count != 1:
                out.append(
                    violation(
                        None,
                        path or "input",
                        f"Exactly one member of the union must be set, found {count}",
                    )
                )


_SCALARS: dict[str, type[Validator]] = {
    "string": StringValidator,
    "integer": IntegerValidator,
    "long": IntegerValidator,
    "float": FloatValidator,
    "double": FloatValidator,
    "boolean": BooleanValidator,
    "timestamp": TimestampValidator,
    "blob": BlobValidator,
}

_CACHE: dict[tuple[int, str], Validator] = {}


def compile_validator(shape: Shape) -> Validator:
    """Return the (cached) validator node for ``shape``; safe for recursive shapes."""
    key = (id(shape.__dict__.get("_shape_resolver")), shape.name)
    cached = _CACHE.get(key)
    if cached is not None:
        return cached
    node: Validator
    if isinstance(shape, StructureShape):
        if shape.is_document_type:
            node = DocumentValidator(shape)
            _CACHE[key] = node
            return node
        struct = StructureValidator(shape)
        _CACHE[key] = struct
        for name, member in shape.members.items():
            struct.members[name] = (display_name(name), compile_validator(member))
        return struct
    if isinstance(shape, ListShape):
        node = ListValidator(shape, compile_validator(shape.member))
    elif isinstance(shape, MapShape):
        node = MapValidator(shape, compile_validator(shape.key), compile_validator(shape.value))
    else:
        node = _SCALARS.get(shape.type_name, DocumentValidator)(shape)
    _CACHE[key] = node
    return node
