"""The flows every new instance comes with, as flow-language JSON (names as the console shows).

Each builder returns the `Content` string; `DEFAULT_FLOWS` lists (name, type, description,
builder). The contents are original and use only the supported blocks (rules.py); hold flows end
at once because *Loop prompts* is not supported (docs/design/flows.md).
Must not import: anything outside the standard library and `switchboard.domain`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from switchboard.domain.flows.language import VERSION, FlowType


def _flow(start: str, actions: list[dict[str, Any]]) -> str:
    return json.dumps(
        {"Version": VERSION, "StartAction": start, "Metadata": {}, "Actions": actions},
        separators=(",", ":"),
    )


def _end(identifier: str = "end") -> dict[str, Any]:
    return {
        "Identifier": identifier,
        "Type": "EndFlowExecution",
        "Parameters": {},
        "Transitions": {},
    }


def _disconnect(identifier: str = "disconnect") -> dict[str, Any]:
    return {
        "Identifier": identifier,
        "Type": "DisconnectParticipant",
        "Parameters": {},
        "Transitions": {},
    }


def _say(identifier: str, text: str, next_action: str) -> dict[str, Any]:
    return {
        "Identifier": identifier,
        "Type": "MessageParticipant",
        "Parameters": {"Text": text},
        "Transitions": {
            "NextAction": next_action,
            "Errors": [{"ErrorType": "NoMatchingError", "NextAction": next_action}],
        },
    }


def _transfer(identifier: str, on_error: str) -> dict[str, Any]:
    return {
        "Identifier": identifier,
        "Type": "TransferContactToQueue",
        "Parameters": {},
        "Transitions": {
            "NextAction": on_error,
            "Errors": [
                {"ErrorType": "QueueAtCapacity", "NextAction": on_error},
                {"ErrorType": "NoMatchingError", "NextAction": on_error},
            ],
        },
    }


def customer_queue_flow(_basic_queue_arn: str = "") -> str:
    """Default customer queue: one message while the contact waits, then keep waiting."""
    return _flow(
        "welcome",
        [
            _say(
                "welcome",
                "Thank you for calling. Your call is very important to us "
                "and will be answered in the order it was received.",
                "end",
            ),
            _end(),
        ],
    )


def end_only_flow(_basic_queue_arn: str = "") -> str:
    """Whisper and hold flows that just end (the contact continues)."""
    return _flow("end", [_end()])


def agent_whisper_flow(_basic_queue_arn: str = "") -> str:
    """Default agent whisper: tell the agent which queue the contact came from."""
    return _flow("whisper", [_say("whisper", "$.Queue.Name", "end"), _end()])


def transfer_flow(_basic_queue_arn: str = "") -> str:
    """Default agent/queue transfer: announce, then transfer to the working queue."""
    return _flow(
        "announce",
        [
            _say("announce", "Transferring now.", "transfer"),
            _transfer("transfer", "failed"),
            _say("failed", "The transfer could not be completed.", "disconnect"),
            _disconnect(),
        ],
    )


def sample_inbound_flow(basic_queue_arn: str) -> str:
    """Sample inbound flow: set the working queue to BasicQueue and transfer to it (R8.6)."""
    return _flow(
        "greet",
        [
            _say("greet", "Hello, thanks for calling. Putting you through.", "set-queue"),
            {
                "Identifier": "set-queue",
                "Type": "UpdateContactTargetQueue",
                "Parameters": {"QueueId": basic_queue_arn},
                "Transitions": {
                    "NextAction": "transfer",
                    "Errors": [{"ErrorType": "NoMatchingError", "NextAction": "disconnect"}],
                },
            },
            _transfer("transfer", "disconnect"),
            _disconnect(),
        ],
    )


DefaultFlow = tuple[str, FlowType, str, Callable[[str], str]]

DEFAULT_FLOWS: tuple[DefaultFlow, ...] = (
    (
        "Default customer queue",
        FlowType.CUSTOMER_QUEUE,
        "Default customer queue flow",
        customer_queue_flow,
    ),
    ("Default customer hold", FlowType.CUSTOMER_HOLD, "Default customer hold flow", end_only_flow),
    (
        "Default customer whisper",
        FlowType.CUSTOMER_WHISPER,
        "Default customer whisper flow",
        end_only_flow,
    ),
    ("Default agent hold", FlowType.AGENT_HOLD, "Default agent hold flow", end_only_flow),
    (
        "Default agent whisper",
        FlowType.AGENT_WHISPER,
        "Default agent whisper flow",
        agent_whisper_flow,
    ),
    ("Default outbound", FlowType.OUTBOUND_WHISPER, "Default outbound whisper flow", end_only_flow),
    (
        "Default agent transfer",
        FlowType.AGENT_TRANSFER,
        "Default agent transfer flow",
        transfer_flow,
    ),
    (
        "Default queue transfer",
        FlowType.QUEUE_TRANSFER,
        "Default queue transfer flow",
        transfer_flow,
    ),
    (
        "Sample inbound flow (first contact experience)",
        FlowType.CONTACT_FLOW,
        "Sample inbound flow: sets the working queue to BasicQueue and transfers to it",
        sample_inbound_flow,
    ),
)
