"""Wire `RoutingCriteria` (flow parameters, UpdateContactRoutingData) -> the engine's typed tree.

Owns the translation of the JSON spelling used by the *Set routing criteria* block
(`RoutingCriteria.Steps[].Expression`, `Expiry.DurationInSeconds`) into
`switchboard.domain.routing.criteria` values. Limits come from R8.4 / API_AttributeCondition:
Name and Value 1-64 characters, ProficiencyLevel 1.0-5.0.

Invariant: every rejection is an `InvalidArgumentError` naming the offending member.
Must not import: anything outside the standard library and `switchboard.domain`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from switchboard.domain.errors import InvalidArgumentError
from switchboard.domain.routing.criteria import (
    GREATER_OR_EQUAL,
    MATCH,
    RANGE,
    AndExpression,
    AttributeCondition,
    Expression,
    NotAttributeCondition,
    OrExpression,
    RoutingCriteria,
    RoutingStep,
)

MIN_LEVEL = 1.0
MAX_LEVEL = 5.0
MAX_NAME = 64


def parse_routing_criteria(wire: Any) -> RoutingCriteria:
    """`{"Steps": [...]}` -> RoutingCriteria.

    Raises:
        InvalidArgumentError: on any malformed member (the flow block takes its error branch,
            the validator reports a problem).
    """
    if not isinstance(wire, Mapping):
        raise InvalidArgumentError("RoutingCriteria", "must be an object with Steps")
    steps = wire.get("Steps")
    if not isinstance(steps, list) or not steps:
        raise InvalidArgumentError("RoutingCriteria.Steps", "needs at least one step")
    return RoutingCriteria(tuple(_step(step, i) for i, step in enumerate(steps)))


def _step(wire: Any, index: int) -> RoutingStep:
    where = f"RoutingCriteria.Steps[{index}]"
    if not isinstance(wire, Mapping):
        raise InvalidArgumentError(where, "must be an object")
    expression = parse_expression(wire.get("Expression"), f"{where}.Expression")
    expiry_ms: int | None = None
    expiry = wire.get("Expiry")
    if expiry is not None:
        if not isinstance(expiry, Mapping) or "DurationInSeconds" not in expiry:
            raise InvalidArgumentError(f"{where}.Expiry", "needs DurationInSeconds")
        seconds = _number(expiry["DurationInSeconds"], f"{where}.Expiry.DurationInSeconds")
        if seconds < 0 or seconds != int(seconds):
            raise InvalidArgumentError(
                f"{where}.Expiry.DurationInSeconds", "must be a non-negative integer"
            )
        expiry_ms = int(seconds) * 1000
    return RoutingStep(expression, expiry_ms)


def parse_expression(wire: Any, where: str = "Expression") -> Expression:
    """One wire `Expression` (exactly one member set) -> typed expression."""
    if not isinstance(wire, Mapping):
        raise InvalidArgumentError(where, "must be an object")
    members = [k for k, v in wire.items() if v is not None]
    if len(members) != 1:
        raise InvalidArgumentError(
            where,
            "set exactly one of AttributeCondition, NotAttributeCondition, "
            "AndExpression, OrExpression",
        )
    (member,) = members
    body = wire[member]
    if member == "AttributeCondition":
        return _condition(body, f"{where}.AttributeCondition")
    if member == "NotAttributeCondition":
        return NotAttributeCondition(_condition(body, f"{where}.NotAttributeCondition"))
    if member in ("AndExpression", "OrExpression"):
        if not isinstance(body, list) or not body:
            raise InvalidArgumentError(f"{where}.{member}", "needs at least one expression")
        parts = tuple(parse_expression(p, f"{where}.{member}[{i}]") for i, p in enumerate(body))
        return AndExpression(parts) if member == "AndExpression" else OrExpression(parts)
    raise InvalidArgumentError(where, f"unknown member {member}")


def _condition(wire: Any, where: str) -> AttributeCondition:
    if not isinstance(wire, Mapping):
        raise InvalidArgumentError(where, "must be an object")
    operator = wire.get("ComparisonOperator", GREATER_OR_EQUAL)
    if operator == MATCH:
        agents = ((wire.get("MatchCriteria") or {}).get("AgentsCriteria") or {}).get("AgentIds")
        if not isinstance(agents, list) or not all(isinstance(a, str) for a in agents):
            raise InvalidArgumentError(f"{where}.MatchCriteria", "needs AgentsCriteria.AgentIds")
        return AttributeCondition(comparison_operator=MATCH, agent_ids=tuple(agents))
    name = _text(wire.get("Name"), f"{where}.Name")
    value = _text(wire.get("Value"), f"{where}.Value")
    rng = wire.get("Range")
    if rng is not None or operator == RANGE:
        if not isinstance(rng, Mapping):
            raise InvalidArgumentError(f"{where}.Range", "needs Min/MaxProficiencyLevel")
        low = _level(rng.get("MinProficiencyLevel"), f"{where}.Range.MinProficiencyLevel")
        high = _level(rng.get("MaxProficiencyLevel"), f"{where}.Range.MaxProficiencyLevel")
        if low > high:
            raise InvalidArgumentError(f"{where}.Range", "MinProficiencyLevel exceeds the maximum")
        return AttributeCondition(name, value, RANGE, min_level=low, max_level=high)
    if operator != GREATER_OR_EQUAL:
        raise InvalidArgumentError(
            f"{where}.ComparisonOperator", f"unsupported operator {operator!r}"
        )
    level = _level(wire.get("ProficiencyLevel"), f"{where}.ProficiencyLevel")
    return AttributeCondition(name, value, GREATER_OR_EQUAL, proficiency_level=level)


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not 1 <= len(value) <= MAX_NAME:
        raise InvalidArgumentError(where, f"must be a string of 1 to {MAX_NAME} characters")
    return value


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool):
        raise InvalidArgumentError(where, "must be a number")
    try:
        return float(value)
    except (TypeError, ValueError) as exc:
        raise InvalidArgumentError(where, "must be a number") from exc


def _level(value: Any, where: str) -> float:
    level = _number(value, where)
    if not MIN_LEVEL <= level <= MAX_LEVEL:
        raise InvalidArgumentError(where, f"must be between {MIN_LEVEL} and {MAX_LEVEL}")
    return level
