"""The flow language's data model: a parsed flow, its actions and transitions (R8.1).

`language.parse_flow` builds these from flow-language JSON; `rules` checks each action;
the interpreter runs them. Must not import: anything outside the standard library.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

VERSION = "2019-10-30"

Parameters = Mapping[str, Any]


class FlowType(StrEnum):
    """`ContactFlowType` of the model."""

    CONTACT_FLOW = "CONTACT_FLOW"
    CUSTOMER_QUEUE = "CUSTOMER_QUEUE"
    CUSTOMER_HOLD = "CUSTOMER_HOLD"
    CUSTOMER_WHISPER = "CUSTOMER_WHISPER"
    AGENT_HOLD = "AGENT_HOLD"
    AGENT_WHISPER = "AGENT_WHISPER"
    OUTBOUND_WHISPER = "OUTBOUND_WHISPER"
    AGENT_TRANSFER = "AGENT_TRANSFER"
    QUEUE_TRANSFER = "QUEUE_TRANSFER"
    CAMPAIGN = "CAMPAIGN"


@dataclass(frozen=True, slots=True)
class Condition:
    operator: str
    operands: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ConditionBranch:
    next_action: str
    condition: Condition


@dataclass(frozen=True, slots=True)
class ErrorBranch:
    error_type: str
    next_action: str


@dataclass(frozen=True, slots=True)
class Transitions:
    next_action: str | None = None
    errors: tuple[ErrorBranch, ...] = ()
    conditions: tuple[ConditionBranch, ...] = ()

    def on_error(self, error_type: str) -> str | None:
        """The NextAction of the branch for `error_type`, if the flow wires one."""
        return next((e.next_action for e in self.errors if e.error_type == error_type), None)

    def targets(self) -> list[str]:
        found = [self.next_action] if self.next_action else []
        found += [e.next_action for e in self.errors]
        found += [c.next_action for c in self.conditions]
        return found


@dataclass(frozen=True, slots=True)
class Action:
    identifier: str
    type: str
    parameters: Parameters = field(default_factory=dict, hash=False)
    transitions: Transitions = Transitions()


@dataclass(frozen=True, slots=True)
class Flow:
    start_action: str
    actions: tuple[Action, ...]
    version: str = VERSION

    def action(self, identifier: str) -> Action | None:
        return next((a for a in self.actions if a.identifier == identifier), None)
