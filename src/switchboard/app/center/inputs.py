"""Engine inputs as journal entries, and their replay.

The routing engine is deterministic, so its state is a pure function of its inputs. Each input
(method name and arguments, `now` included) is journaled as `{"op", "args"}`; a restart loads
the latest snapshot and replays the inputs recorded after it.
"""

from __future__ import annotations

from typing import Any

from switchboard.app.codec import decode, encode
from switchboard.domain.channel import Channel
from switchboard.domain.routing import (
    AgentConfig,
    DequeueReason,
    EnqueueContact,
    ProfileConfig,
    QueueConfig,
    RoutingEngine,
    StatusRef,
)
from switchboard.domain.routing.criteria import RoutingCriteria
from switchboard.domain.routing.events import Event

JOURNAL_TYPE = "engine"

# op -> argument types, in call order (positional).
SIGNATURES: dict[str, tuple[Any, ...]] = {
    "put_queue": (QueueConfig, int),
    "remove_queue": (str, int),
    "put_routing_profile": (ProfileConfig, int),
    "remove_routing_profile": (str, int),
    "put_agent": (AgentConfig, int),
    "remove_agent": (str, int),
    "set_agent_status": (str, StatusRef, int),
    "enqueue": (EnqueueContact, str, int, bool),
    "update_routing": (str, int, int | None, int | None, RoutingCriteria | None),
    "dequeue": (str, int, DequeueReason),
    "accept": (str, str, int),
    "reject": (str, str, int),
    "fail_connection": (str, str, int),
    "hold": (str, int),
    "resume": (str, int),
    "start_outbound": (str, str, Channel, int),
    "end_contact": (str, int),
    "clear_acw": (str, int),
    "clear_agent_acw": (str, int),
    "clear_agent_contact": (str, str, int),
    "advance": (int,),
}


def payload(op: str, args: tuple[Any, ...]) -> dict[str, Any]:
    if op not in SIGNATURES:
        raise KeyError(f"{op} is not a journaled engine input")
    return {"op": op, "args": [encode(a) for a in args]}


def call(engine: RoutingEngine, op: str, args: tuple[Any, ...]) -> list[Event]:
    method = getattr(engine, op)
    events: list[Event] = method(*args)
    return events


def replay(engine: RoutingEngine, data: dict[str, Any]) -> list[Event]:
    """Apply one journaled input to `engine`."""
    op = data["op"]
    types = SIGNATURES[op]
    args = tuple(decode(tp, value) for tp, value in zip(types, data["args"], strict=True))
    return call(engine, op, args)
