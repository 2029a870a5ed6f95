"""Routing criteria: steps of proficiency expressions and how they match agents (R1.9.x).

Owns the engine's typed expression tree and its canonical JSON form::

    Expression = AttributeCondition | NotAttributeCondition | AndExpression | OrExpression
    AndExpression / OrExpression -> tuple[Expression, ...]
    NotAttributeCondition -> AttributeCondition

The application translates wire dicts into this tree; this module never parses wire input.
`canonical_json()` renders the wire spelling with sorted keys and no whitespace, so the app and
the metrics layer can compare it with expression text (R2.2.2, R3.2.6). Arrays keep their order.
Must not import: anything outside the standard library.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from switchboard.domain.errors import InvalidArgumentError

GREATER_OR_EQUAL = "NumberGreaterOrEqualTo"
RANGE = "Range"
MATCH = "Match"

Proficiencies = Mapping[tuple[str, str], float]
JsonValue = str | float | list["JsonValue"] | dict[str, "JsonValue"]


class StepStatus(StrEnum):
    """`RoutingCriteria.Steps[].Status` (R1.9.2)."""

    ACTIVE = "ACTIVE"
    INACTIVE = "INACTIVE"
    JOINED = "JOINED"
    EXPIRED = "EXPIRED"


@dataclass(frozen=True, slots=True)
class AttributeCondition:
    """One condition on an agent's proficiency, or a preferred-agent match (R1.9.3).

    comparison_operator: NumberGreaterOrEqualTo (uses proficiency_level), Range (uses
    min_level/max_level, bounds included) or Match (uses agent_ids).
    """

    name: str | None = None
    value: str | None = None
    comparison_operator: str = GREATER_OR_EQUAL
    proficiency_level: float | None = None
    min_level: float | None = None
    max_level: float | None = None
    agent_ids: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        op = self.comparison_operator
        if op == MATCH:
            if self.agent_ids is None:
                raise InvalidArgumentError("MatchCriteria", "Match needs AgentIds")
        elif self.name is None or self.value is None:
            raise InvalidArgumentError("AttributeCondition", f"{op} needs Name and Value")
        elif op == RANGE and (self.min_level is None or self.max_level is None):
            raise InvalidArgumentError("Range", "needs MinProficiencyLevel and MaxProficiencyLevel")
        elif op == GREATER_OR_EQUAL and self.proficiency_level is None:
            raise InvalidArgumentError("ProficiencyLevel", "required for NumberGreaterOrEqualTo")
        elif op not in (GREATER_OR_EQUAL, RANGE):
            raise InvalidArgumentError("ComparisonOperator", f"unsupported operator {op}")

    def matches(self, proficiencies: Proficiencies, user_id: str) -> bool:
        if self.comparison_operator == MATCH:
            return self.agent_ids is not None and user_id in self.agent_ids
        level = proficiencies.get((self.name or "", self.value or ""))
        if level is None:  # unknown attributes never match (R1.9.5)
            return False
        if self.comparison_operator == RANGE:
            low = self.min_level if self.min_level is not None else 0.0
            high = self.max_level if self.max_level is not None else 0.0
            return low <= level <= high
        return level >= (self.proficiency_level or 0.0)

    def attributes(self) -> list[str]:
        return [] if self.comparison_operator == MATCH or self.name is None else [self.name]

    def to_data(self) -> dict[str, JsonValue]:
        body: dict[str, JsonValue] = {"ComparisonOperator": self.comparison_operator}
        if self.name is not None:
            body["Name"] = self.name
        if self.value is not None:
            body["Value"] = self.value
        if self.proficiency_level is not None:
            body["ProficiencyLevel"] = float(self.proficiency_level)
        if self.min_level is not None or self.max_level is not None:
            bounds: dict[str, JsonValue] = {}
            if self.min_level is not None:
                bounds["MinProficiencyLevel"] = float(self.min_level)
            if self.max_level is not None:
                bounds["MaxProficiencyLevel"] = float(self.max_level)
            body["Range"] = bounds
        if self.agent_ids is not None:
            body["MatchCriteria"] = {"AgentsCriteria": {"AgentIds": list(self.agent_ids)}}
        return {"AttributeCondition": body}


@dataclass(frozen=True, slots=True)
class NotAttributeCondition:
    """Matches agents who do not satisfy `condition` ("exclude", R1.9.3)."""

    condition: AttributeCondition

    def matches(self, proficiencies: Proficiencies, user_id: str) -> bool:
        return not self.condition.matches(proficiencies, user_id)

    def attributes(self) -> list[str]:
        return self.condition.attributes()

    def to_data(self) -> dict[str, JsonValue]:
        inner = self.condition.to_data()["AttributeCondition"]
        return {"NotAttributeCondition": inner}


@dataclass(frozen=True, slots=True)
class AndExpression:
    """All parts must match."""

    parts: tuple[Expression, ...]

    def matches(self, proficiencies: Proficiencies, user_id: str) -> bool:
        return all(part.matches(proficiencies, user_id) for part in self.parts)

    def attributes(self) -> list[str]:
        return [name for part in self.parts for name in part.attributes()]

    def to_data(self) -> dict[str, JsonValue]:
        return {"AndExpression": [part.to_data() for part in self.parts]}


@dataclass(frozen=True, slots=True)
class OrExpression:
    """At least one part must match."""

    parts: tuple[Expression, ...]

    def matches(self, proficiencies: Proficiencies, user_id: str) -> bool:
        return any(part.matches(proficiencies, user_id) for part in self.parts)

    def attributes(self) -> list[str]:
        return [name for part in self.parts for name in part.attributes()]

    def to_data(self) -> dict[str, JsonValue]:
        return {"OrExpression": [part.to_data() for part in self.parts]}


Expression = AttributeCondition | NotAttributeCondition | AndExpression | OrExpression


def canonical_json(expression: Expression) -> str:
    """The expression as wire JSON with sorted keys and no whitespace (R3.2.6 ASSUMPTION)."""
    return json.dumps(expression.to_data(), sort_keys=True, separators=(",", ":"))


@dataclass(frozen=True, slots=True)
class RoutingStep:
    """One step: an expression and an optional expiry (`Expiry.DurationInSeconds`, in ms)."""

    expression: Expression
    expiry_ms: int | None = None

    def __post_init__(self) -> None:
        names = self.expression.attributes()
        if len(names) != len(set(names)):  # R1.9.4 ASSUMPTION
            raise InvalidArgumentError("Expression", "an expression may not repeat an attribute")
        if self.expiry_ms is not None and self.expiry_ms < 0:
            raise InvalidArgumentError("Expiry", "DurationInSeconds must not be negative")


@dataclass(frozen=True, slots=True)
class RoutingCriteria:
    """An ordered list of steps (R1.9.1)."""

    steps: tuple[RoutingStep, ...]

    def __post_init__(self) -> None:
        if not self.steps:
            raise InvalidArgumentError("RoutingCriteria", "needs at least one step")
