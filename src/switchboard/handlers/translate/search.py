"""Wire search criteria and filters -> domain criteria trees (R6.1-R6.7).

Each Search* handler supplies its string fields (wire FieldName -> value getter) and any typed
leaves of its own (QueueTypeCondition, HierarchyGroupCondition, ListCondition ...).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from switchboard.domain.errors import InvalidArgumentError
from switchboard.domain.search import (
    AllOf,
    AnyOf,
    Criteria,
    Leaf,
    StringComparison,
    any_string_matches,
    match_all,
    tags_match_all,
)

T = TypeVar("T")
FieldGetter = Callable[[T], "str | Iterable[str] | None"]
LeafBuilder = Callable[[Any], Criteria[T]]

# Fields on which CONTAINS is only meaningful for 2-25 characters (R6.2).
_SHORT_CONTAINS_FIELDS = {"name", "description"}
_ID_FIELDS = {"resourceid"}


def build_criteria(
    wire: Mapping[str, Any] | None,
    string_fields: Mapping[str, FieldGetter[T]],
    leaves: Mapping[str, LeafBuilder[T]] | None = None,
) -> Criteria[T]:
    """A domain criteria tree from a wire `SearchCriteria` (absent = match everything)."""
    if not wire:
        return match_all()
    leaves = leaves or {}
    parts: list[Criteria[T]] = []
    for member, value in wire.items():
        if value is None:
            continue
        if member == "OrConditions":
            parts.append(AnyOf([build_criteria(v, string_fields, leaves) for v in value]))
        elif member == "AndConditions":
            parts.append(AllOf([build_criteria(v, string_fields, leaves) for v in value]))
        elif member == "StringCondition":
            parts.append(string_leaf(value, string_fields))
        elif member in leaves:
            parts.append(leaves[member](value))
        else:
            raise InvalidArgumentError("SearchCriteria", f"{member} is not supported here")
    # Several members on one node combine with AND (R6.1 ASSUMPTION).
    return parts[0] if len(parts) == 1 else AllOf(parts)


def string_leaf(wire: Mapping[str, Any], string_fields: Mapping[str, FieldGetter[T]]) -> Leaf[T]:
    field = wire.get("FieldName")
    value = wire.get("Value")
    comparison_text = wire.get("ComparisonType")
    if field is None or value is None or comparison_text is None:
        raise InvalidArgumentError(
            "StringCondition", "FieldName, Value and ComparisonType are all required"
        )
    lookup = {k.lower(): (k, getter) for k, getter in string_fields.items()}
    if field.lower() not in lookup:
        allowed = ", ".join(sorted(string_fields))
        raise InvalidArgumentError(
            "StringCondition.FieldName", f"'{field}' is not searchable here; use one of {allowed}"
        )
    _, getter = lookup[field.lower()]
    comparison = StringComparison(comparison_text)
    key = field.lower()
    if key in _ID_FIELDS and comparison is not StringComparison.EXACT:
        raise InvalidArgumentError("StringCondition", f"{field} supports EXACT only")
    if (
        key in _SHORT_CONTAINS_FIELDS
        and comparison is StringComparison.CONTAINS
        and not 2 <= len(value) <= 25
    ):
        raise InvalidArgumentError(
            "StringCondition.Value", "CONTAINS needs a value of 2 to 25 characters"
        )
    return Leaf(lambda item: any_string_matches(getter(item), value, comparison))


def tag_filter(
    wire: Mapping[str, Any] | None, tags_of: Callable[[T], Mapping[str, str]]
) -> Criteria[T]:
    """A ControlPlaneTagFilter (R6.6): OrConditions (OR of AND lists), AndConditions, TagCondition."""
    if not wire:
        return match_all()
    present = [k for k in ("OrConditions", "AndConditions", "TagCondition") if wire.get(k)]
    if len(present) > 1:
        raise InvalidArgumentError(
            "TagFilter", "set only one of OrConditions, AndConditions, TagCondition"
        )

    def pairs(conds: Iterable[Mapping[str, str]]) -> list[tuple[str, str]]:
        return [(c.get("TagKey", ""), c.get("TagValue", "")) for c in conds]

    if wire.get("OrConditions"):
        groups = [pairs(group) for group in wire["OrConditions"]]
        return Leaf(lambda item: any(tags_match_all(tags_of(item), g) for g in groups))
    if wire.get("AndConditions"):
        group = pairs(wire["AndConditions"])
        return Leaf(lambda item: tags_match_all(tags_of(item), group))
    if wire.get("TagCondition"):
        group = pairs([wire["TagCondition"]])
        return Leaf(lambda item: tags_match_all(tags_of(item), group))
    return match_all()


def search_filter(
    wire: Mapping[str, Any] | None, tags_of: Callable[[T], Mapping[str, str]]
) -> Criteria[T]:
    """The common `SearchFilter{TagFilter}` of the Search* operations."""
    if not wire:
        return match_all()
    return tag_filter(wire.get("TagFilter"), tags_of)


def attribute_filter(
    wire: Mapping[str, Any] | None, tags_of: Callable[[T], Mapping[str, str]]
) -> Criteria[T]:
    """A ControlPlaneAttributeFilter: OrConditions of {TagConditions}, AndCondition, TagCondition."""
    if not wire:
        return match_all()
    present = [k for k in ("OrConditions", "AndCondition", "TagCondition") if wire.get(k)]
    if len(present) > 1:
        raise InvalidArgumentError(
            "AttributeFilter", "set only one of OrConditions, AndCondition, TagCondition"
        )

    def pairs(conds: Iterable[Mapping[str, str]]) -> list[tuple[str, str]]:
        return [(c.get("TagKey", ""), c.get("TagValue", "")) for c in conds]

    if wire.get("OrConditions"):
        groups = [pairs(g.get("TagConditions") or []) for g in wire["OrConditions"]]
        return Leaf(lambda item: any(tags_match_all(tags_of(item), g) for g in groups))
    if wire.get("AndCondition"):
        group = pairs(wire["AndCondition"].get("TagConditions") or [])
        return Leaf(lambda item: tags_match_all(tags_of(item), group))
    if wire.get("TagCondition"):
        group = pairs([wire["TagCondition"]])
        return Leaf(lambda item: tags_match_all(tags_of(item), group))
    return match_all()
