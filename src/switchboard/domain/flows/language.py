"""The Amazon Connect flow language (R8.1-R8.4): parse and validate `Content` into typed values.

    Flow ── actions: tuple[Action, ...]
             └─ Action ── parameters (JSON object, as given)
                        └─ Transitions ── next_action
                                        ├─ errors: tuple[ErrorBranch, ...]
                                        └─ conditions: tuple[ConditionBranch, ...]
                                                          └─ Condition(operator, operands)

`parse_flow(content, flow_type)` collects every problem it finds and raises one
`FlowValidationError` whose `problems` are ProblemDetail-shaped dicts (`{"message": ...}`), each
naming the action identifier. `Metadata` is ignored. Parameter rules live in `rules.py`.
Must not import: anything outside the standard library and `switchboard.domain`.
"""

from __future__ import annotations

import json
from typing import Any

from switchboard.domain.errors import DomainError
from switchboard.domain.flows.model import (
    VERSION,
    Action,
    Condition,
    ConditionBranch,
    ErrorBranch,
    Flow,
    FlowType,
    Transitions,
)
from switchboard.domain.flows.rules import check_action, is_json_path

# The model's types are re-exported: callers parse and inspect flows through this module.
__all__ = [
    "VERSION",
    "Action",
    "Condition",
    "ConditionBranch",
    "ErrorBranch",
    "Flow",
    "FlowType",
    "FlowValidationError",
    "Transitions",
    "parse_flow",
]

MAX_ACTIONS = 250
MAX_IDENTIFIER = 50
FORBIDDEN_IDENTIFIER_CHARS = frozenset("%:()\\/=$,;[]{}")
# JavaScript Object.prototype member names (R8.1): Connect rejects them as identifiers.
PROTOTYPE_NAMES = frozenset(
    {
        "constructor",
        "__proto__",
        "prototype",
        "hasOwnProperty",
        "isPrototypeOf",
        "propertyIsEnumerable",
        "toLocaleString",
        "toString",
        "valueOf",
        "__defineGetter__",
        "__defineSetter__",
        "__lookupGetter__",
        "__lookupSetter__",
    }
)
OPERATORS = frozenset(
    {
        "Equals",
        "TextStartsWith",
        "TextEndsWith",
        "TextContains",
        "NumberGreaterThan",
        "NumberGreaterOrEqualTo",
        "NumberLessThan",
        "NumberLessOrEqualTo",
    }
)


class FlowValidationError(DomainError):
    """The content breaks R8.3; handlers map it to InvalidContactFlowException with `problems`."""

    def __init__(self, problems: list[dict[str, str]]) -> None:
        first = problems[0]["message"] if problems else "invalid flow"
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        super().__init__(f"The flow content is not valid: {first}{more}")
        self.problems = problems


class _Problems:
    """Accumulates ProblemDetail-shaped messages."""

    def __init__(self) -> None:
        self.items: list[dict[str, str]] = []

    def add(self, message: str) -> None:
        self.items.append({"message": message})

    def at(self, action: Action | str, message: str) -> None:
        if isinstance(action, Action):
            self.add(f"Action '{action.identifier}' ({action.type}): {message}")
        else:
            self.add(f"Action '{action}': {message}")


def parse_flow(content: str, flow_type: FlowType | str | None = None) -> Flow:
    """Parse and validate flow-language JSON.

    Args:
        content: the `Content` string as sent to CreateContactFlow.
        flow_type: the flow's `Type`; when given, blocks not allowed in it are problems (R8.4).

    Raises:
        FlowValidationError: with every problem found (R8.3).
    """
    problems = _Problems()
    try:
        doc = json.loads(content)
    except (TypeError, ValueError) as exc:
        raise FlowValidationError([{"message": f"Content is not valid JSON: {exc}"}]) from exc
    if not isinstance(doc, dict):
        raise FlowValidationError([{"message": "Content must be a JSON object"}])
    version = doc.get("Version")
    if version != VERSION:
        problems.add(f"Version must be '{VERSION}'")
    raw_actions = doc.get("Actions")
    if not isinstance(raw_actions, list):
        problems.add("Actions must be a list")
        raw_actions = []
    if len(raw_actions) > MAX_ACTIONS:
        problems.add(f"A flow may have at most {MAX_ACTIONS} actions, got {len(raw_actions)}")
    actions = [a for i, raw in enumerate(raw_actions) if (a := _action(raw, i, problems))]
    _check_identifiers(actions, problems)
    known = {a.identifier for a in actions}
    start = doc.get("StartAction")
    if not isinstance(start, str) or not start:
        problems.add("StartAction is missing")
        start = ""
    elif start not in known:
        problems.add(f"StartAction '{start}' does not name an action")
    for action in actions:
        for target in action.transitions.targets():
            if target not in known:
                problems.at(action, f"NextAction '{target}' does not name an action")
    resolved_type = _flow_type(flow_type)
    for action in actions:
        for message in check_action(action, resolved_type):
            problems.at(action, message)
    if problems.items:
        raise FlowValidationError(problems.items)
    return Flow(start_action=start, actions=tuple(actions), version=VERSION)


def _flow_type(flow_type: FlowType | str | None) -> FlowType | None:
    if flow_type is None:
        return None
    try:
        return FlowType(flow_type)
    except ValueError:
        return None


def _action(raw: Any, index: int, problems: _Problems) -> Action | None:
    if not isinstance(raw, dict):
        problems.add(f"Actions[{index}] must be an object")
        return None
    identifier = raw.get("Identifier")
    kind = raw.get("Type")
    if not isinstance(identifier, str):
        problems.add(f"Actions[{index}] has no Identifier")
        return None
    if not isinstance(kind, str) or not kind:
        problems.at(identifier, "Type is missing")
        return None
    params = raw.get("Parameters", {})
    if not isinstance(params, dict):
        problems.at(identifier, "Parameters must be an object")
        params = {}
    return Action(
        identifier, kind, params, _transitions(raw.get("Transitions"), identifier, problems)
    )


def _transitions(raw: Any, identifier: str, problems: _Problems) -> Transitions:
    if raw is None:
        return Transitions()
    if not isinstance(raw, dict):
        problems.at(identifier, "Transitions must be an object")
        return Transitions()
    next_action = raw.get("NextAction")
    if next_action is not None and not isinstance(next_action, str):
        problems.at(identifier, "Transitions.NextAction must be a string")
        next_action = None
    errors: list[ErrorBranch] = []
    for err in _list(raw.get("Errors"), identifier, "Errors", problems):
        if (
            not isinstance(err, dict)
            or not isinstance(err.get("ErrorType"), str)
            or not isinstance(err.get("NextAction"), str)
        ):
            problems.at(identifier, "each error needs ErrorType and NextAction strings")
            continue
        errors.append(ErrorBranch(err["ErrorType"], err["NextAction"]))
    conditions: list[ConditionBranch] = []
    for cond in _list(raw.get("Conditions"), identifier, "Conditions", problems):
        branch = _condition_branch(cond, identifier, problems)
        if branch is not None:
            conditions.append(branch)
    return Transitions(next_action or None, tuple(errors), tuple(conditions))


def _list(raw: Any, identifier: str, name: str, problems: _Problems) -> list[Any]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        problems.at(identifier, f"Transitions.{name} must be a list")
        return []
    return raw


def _condition_branch(raw: Any, identifier: str, problems: _Problems) -> ConditionBranch | None:
    if not isinstance(raw, dict) or not isinstance(raw.get("NextAction"), str):
        problems.at(identifier, "each condition needs a NextAction string")
        return None
    cond = raw.get("Condition")
    if not isinstance(cond, dict):
        problems.at(identifier, "each condition needs a Condition object")
        return None
    operator = cond.get("Operator")
    if operator not in OPERATORS:
        problems.at(identifier, f"condition operator {operator!r} is not supported")
        return None
    operands = cond.get("Operands")
    if (
        not isinstance(operands, list)
        or not operands
        or not all(isinstance(o, (str, int, float)) and not isinstance(o, bool) for o in operands)
    ):
        problems.at(identifier, "condition Operands must be a non-empty list of strings")
        return None
    return ConditionBranch(
        raw["NextAction"], Condition(str(operator), tuple(str(o) for o in operands))
    )


def _check_identifiers(actions: list[Action], problems: _Problems) -> None:
    seen: set[str] = set()
    for action in actions:
        ident = action.identifier
        if not ident:
            problems.add("an action has an empty Identifier")
        elif len(ident) > MAX_IDENTIFIER:
            problems.at(action, f"Identifier is longer than {MAX_IDENTIFIER} characters")
        bad = sorted(set(ident) & FORBIDDEN_IDENTIFIER_CHARS)
        if bad:
            problems.at(action, f"Identifier contains forbidden characters {''.join(bad)}")
        if ident in PROTOTYPE_NAMES:
            problems.at(action, "Identifier may not be a JavaScript prototype name")
        if ident in seen:
            problems.at(action, "Identifier is used by more than one action")
        seen.add(ident)


__all__ = [
    "Action",
    "Condition",
    "ConditionBranch",
    "ErrorBranch",
    "Flow",
    "FlowType",
    "FlowValidationError",
    "Transitions",
    "is_json_path",
    "parse_flow",
]
