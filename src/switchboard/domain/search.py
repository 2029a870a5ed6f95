"""The Search* filter language, evaluated over entities (R6.1-R6.6).

A criteria tree is built of `AllOf`, `AnyOf` and `Leaf` nodes; leaves hold a predicate on
the entity. String matching follows R6.2: STARTS_WITH and CONTAINS ignore case, EXACT does not.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

T = TypeVar("T")


class StringComparison(StrEnum):
    STARTS_WITH = "STARTS_WITH"
    CONTAINS = "CONTAINS"
    EXACT = "EXACT"


def string_matches(candidate: str | None, value: str, comparison: StringComparison) -> bool:
    if candidate is None:
        return False
    if comparison is StringComparison.EXACT:
        return candidate == value
    if comparison is StringComparison.STARTS_WITH:
        return candidate.lower().startswith(value.lower())
    return value.lower() in candidate.lower()


def any_string_matches(
    candidates: str | Iterable[str] | None, value: str, comparison: StringComparison
) -> bool:
    """Like `string_matches`, for fields that hold several values (e.g. associated queue ids)."""
    if candidates is None or isinstance(candidates, str):
        return string_matches(candidates, value, comparison)
    return any(string_matches(c, value, comparison) for c in candidates)


@dataclass(frozen=True, slots=True)
class Leaf(Generic[T]):
    test: Callable[[T], bool]

    def matches(self, item: T) -> bool:
        return self.test(item)


@dataclass(frozen=True, slots=True)
class AllOf(Generic[T]):
    children: Sequence[Leaf[T] | AllOf[T] | AnyOf[T]]

    def matches(self, item: T) -> bool:
        return all(child.matches(item) for child in self.children)


@dataclass(frozen=True, slots=True)
class AnyOf(Generic[T]):
    children: Sequence[Leaf[T] | AllOf[T] | AnyOf[T]]

    def matches(self, item: T) -> bool:
        return any(child.matches(item) for child in self.children)


Criteria = Leaf[T] | AllOf[T] | AnyOf[T]


def match_all() -> AllOf[T]:
    """Criteria that every item meets (an absent SearchCriteria, R6.1)."""
    return AllOf(())


def tags_match_all(tags: Mapping[str, str], conditions: Iterable[tuple[str, str]]) -> bool:
    """Every (key, value) condition holds exactly on the tags (R6.6)."""
    return all(tags.get(key) == value for key, value in conditions)
