"""Deterministic sample values generated from botocore shapes (test helper, not a test).

``SampleGenerator.value(shape)`` honours required members, enums, min/max length and value,
tagged unions and ``pattern`` (first candidate string matching the translated pattern, else
hypothesis ``from_regex``). Members whose pattern cannot be satisfied are skipped and counted
in ``skipped_patterns``. Timestamps are ``datetime`` (whole seconds when ``whole_seconds``,
i.e. for header-located values, since RFC 822 has no sub-second precision).
"""

from __future__ import annotations

import datetime as dt
import warnings
from typing import Any

from botocore.model import ListShape, MapShape, Shape, StructureShape

from switchboard.aws.regex import compile_pattern, translate

CANDIDATES = (
    "abc",
    "abcdef12",
    "abc-123_x",
    "Passw0rd!",
    "12345678-1234-1234-1234-123456789012",
    "a1b2c3d4-e5f6-a7b8-c9d0-e1f2a3b4c5d6",
    "arn:aws:connect:us-east-1:123456789012:instance/12345678-1234-1234-1234-123456789012",
    (
        "arn:aws:connect:us-east-1:123456789012:traffic-distribution-group/"
        "12345678-1234-1234-1234-123456789012"
    ),
    "arn:aws:wisdom:us-east-1:123456789012:assistant/12345678-1234-1234-1234-123456789012",
    "us-east-1",
    "+12065550100",
    "2024-01-02",
    "2024-01-02T03:04:05Z",
    "user@example.com",
    "s3://bucket/key",
    "200",
    "a",
    "A",
    "d-1234567890",
    "x" * 64,
    "abc def",
)
BASE_TIME = dt.datetime(2023, 11, 14, 22, 13, 20, 123000, tzinfo=dt.UTC)


def millis(value: dt.datetime) -> int:
    return int(value.timestamp()) * 1000 + value.microsecond // 1000


class SampleGenerator:
    def __init__(self, max_depth: int = 5) -> None:
        self.max_depth = max_depth
        self.skipped_patterns: set[str] = set()
        self._strings: dict[tuple[str, int | None, int | None], str | None] = {}

    # ------------------------------------------------------------------ strings
    def string(self, shape: Shape, salt: int = 0) -> str | None:
        meta = shape.metadata
        if meta.get("enum"):
            enum = meta["enum"]
            return str(enum[salt % len(enum)])
        lo, hi = meta.get("min"), meta.get("max")
        pattern = meta.get("pattern")
        key = (pattern or "", lo, hi)
        if key not in self._strings:
            self._strings[key] = self._pick(pattern, lo, hi)
        base = self._strings[key]
        if base is None or salt == 0:
            return base
        # distinct values for map keys: vary the last characters when still valid
        for candidate in (f"{base}{salt}", f"{base[:-1]}{salt}", base[::-1]):
            if self._fits(candidate, pattern, lo, hi):
                return candidate
        return None

    def _fits(self, text: str, pattern: str | None, lo: int | None, hi: int | None) -> bool:
        if lo is not None and len(text) < lo:
            return False
        if hi is not None and len(text) > hi:
            return False
        if pattern:
            compiled = compile_pattern(pattern)
            return compiled is None or compiled.search(text) is not None
        return True

    def _pick(self, pattern: str | None, lo: int | None, hi: int | None) -> str | None:
        if not pattern:
            size = max(lo or 1, min(hi or 8, 8))
            return ("sample" * (size // 6 + 1))[:size]
        for candidate in CANDIDATES:
            for text in (candidate, candidate * ((lo or 1) // len(candidate) + 1)):
                if self._fits(text, pattern, lo, hi):
                    return text
        return self._from_regex(pattern, lo, hi)

    def _from_regex(self, pattern: str, lo: int | None, hi: int | None) -> str | None:
        from hypothesis import HealthCheck, given, settings
        from hypothesis import strategies as st

        found: list[str] = []
        try:
            strategy = st.from_regex(translate(pattern)).filter(
                lambda t: t.isascii() and t.isprintable() and self._fits(t, pattern, lo, hi)
            )

            @settings(
                max_examples=30,
                database=None,
                derandomize=True,
                suppress_health_check=list(HealthCheck),
            )
            @given(strategy)
            def collect(text: str) -> None:
                found.append(text)

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                collect()
        except Exception:  # noqa: BLE001, S110 - any hypothesis failure means "cannot satisfy"
            pass
        if found:
            return min(found, key=len)
        self.skipped_patterns.add(pattern)
        return None

    # ------------------------------------------------------------------ everything
    def value(self, shape: Shape, depth: int = 0, *, whole_seconds: bool = False) -> Any:
        kind = shape.type_name
        meta = shape.metadata
        if depth > self.max_depth + 8:
            return None  # a recursive required chain: let a union pick another member
        if kind == "structure":
            assert isinstance(shape, StructureShape)
            return self.structure(shape, depth)
        if kind == "list":
            assert isinstance(shape, ListShape)
            size = max(meta.get("min", 1), 1 if depth < self.max_depth else 0)
            if meta.get("max") is not None:
                size = min(size, meta["max"])
            items = [self.value(shape.member, depth + 1) for _ in range(size)]
            if any(item is None for item in items):
                return None
            return items
        if kind == "map":
            assert isinstance(shape, MapShape)
            size = max(meta.get("min", 1), 1)
            result: dict[str, Any] = {}
            for i in range(size):
                key = self.string(shape.key, i)
                item = self.value(shape.value, depth + 1)
                if key is None or item is None:
                    return None
                result[key] = item
            return result
        if kind == "string":
            return self.string(shape)
        if kind in ("integer", "long"):
            lo, hi = meta.get("min"), meta.get("max")
            value = 5
            if lo is not None:
                value = max(value, int(lo))
            if hi is not None:
                value = min(value, int(hi))
            return value
        if kind in ("float", "double"):
            lo, hi = meta.get("min"), meta.get("max")
            fvalue = 1.5
            if lo is not None:
                fvalue = max(fvalue, float(lo))
            if hi is not None:
                fvalue = min(fvalue, float(hi))
            return fvalue
        if kind == "boolean":
            return True
        if kind == "timestamp":
            return BASE_TIME.replace(microsecond=0) if whole_seconds else BASE_TIME
        if kind == "blob":
            size = max(meta.get("min", 5), 1)
            return b"\x00\xffblob"[:size].ljust(size, b"b")
        raise AssertionError(f"unhandled type {kind}")

    def structure(self, shape: StructureShape, depth: int) -> dict[str, Any] | None:
        if shape.is_document_type:
            return {"doc": [1, "two", None]}
        required = set(shape.required_members)
        names = list(shape.members)
        if shape.metadata.get("union"):
            scalars = [
                n for n in names if shape.members[n].type_name not in ("structure", "list", "map")
            ]
            ordered = scalars + names if depth >= self.max_depth else names
            names = []
            for name in ordered:
                if self.value(shape.members[name], depth + 1) is not None:
                    names = [name]
                    break
            if not names:
                return None
        elif depth >= self.max_depth:
            names = [n for n in names if n in required]
        result: dict[str, Any] = {}
        for name in names:
            member = shape.members[name]
            whole = member.serialization.get("location") == "header"
            value = self.value(member, depth + 1, whole_seconds=whole)
            if value is None:
                if name in required:
                    return None
                continue
            result[name] = value
        return result


def normalise(value: Any) -> Any:
    """Make botocore-side values comparable with ours: datetime -> ms, str blobs stay."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return millis(value)
    if isinstance(value, dict):
        return {k: normalise(v) for k, v in value.items()}
    if isinstance(value, list):
        return [normalise(v) for v in value]
    return value
