"""The demo contact center's inbound flow, in Amazon Connect's flow language (Version 2019-10-30).

What the flow does with a contact, by its attributes (the traffic driver sets them; a newcomer
can set them too with StartChatContact / StartTaskContact `Attributes`)::

    greet -> Tier? --VIP--> priority 1 -> working queue VIP ---------------------+
                   --Gold-> 30 s older (QueueTimeAdjustmentSeconds) --+          |
                   --else-------------------------------------------->+          |
             Intent? --sales----> working queue Sales ----------------+          |
                     --billing--> working queue Billing -> open? -yes>+          |
                                                                 -no-> Support   |
                     --else-----> working queue Support -------------->+          |
             Language? -> Set routing criteria: Language >= 4 for 20 s, then    |
                          >= 2 for 40 s, then anyone (all steps expired) -------+
             -> Transfer to queue (at capacity: "all lines are busy", disconnect)

Only blocks the interpreter supports (docs/design/flows.md). Must not import anything but the
standard library and `switchboard.domain`.
"""

from __future__ import annotations

import json
from typing import Any

from switchboard.domain.flows.language import VERSION

LANGUAGES = ("English", "Spanish", "French")
#: Set routing criteria steps: (minimum Language level, expiry in seconds).
CRITERIA_STEPS = ((4, 20), (2, 40))


def _action(
    identifier: str,
    kind: str,
    parameters: dict[str, Any],
    next_action: str | None = None,
    errors: dict[str, str] | None = None,
    conditions: list[tuple[str, str]] | None = None,
) -> dict[str, Any]:
    transitions: dict[str, Any] = {}
    if next_action:
        transitions["NextAction"] = next_action
    if conditions:
        transitions["Conditions"] = [
            {"NextAction": target, "Condition": {"Operator": "Equals", "Operands": [value]}}
            for value, target in conditions
        ]
    if errors:
        transitions["Errors"] = [{"ErrorType": e, "NextAction": n} for e, n in errors.items()]
    return {
        "Identifier": identifier,
        "Type": kind,
        "Parameters": parameters,
        "Transitions": transitions,
    }


def _say(identifier: str, text: str, next_action: str) -> dict[str, Any]:
    return _action(
        identifier,
        "MessageParticipant",
        {"Text": text},
        next_action,
        {"NoMatchingError": next_action},
    )


def _set_queue(identifier: str, queue_arn: str, next_action: str, on_error: str) -> dict[str, Any]:
    return _action(
        identifier,
        "UpdateContactTargetQueue",
        {"QueueId": queue_arn},
        next_action,
        {"NoMatchingError": on_error},
    )


def _criteria(language: str, next_action: str) -> dict[str, Any]:
    steps = [
        {
            "Expression": {
                "AttributeCondition": {
                    "Name": "Language",
                    "Value": language,
                    "ProficiencyLevel": level,
                    "ComparisonOperator": "NumberGreaterOrEqualTo",
                }
            },
            "Expiry": {"DurationInSeconds": expiry},
        }
        for level, expiry in CRITERIA_STEPS
    ]
    return _action(
        f"criteria-{language.lower()}",
        "UpdateRoutingCriteria",
        {"RoutingCriteria": {"Steps": steps}},
        next_action,
        {"NoMatchingError": next_action},
    )


def inbound_flow(queue_arns: dict[str, str]) -> str:
    """The "Demo inbound" flow; `queue_arns` maps Sales, Support, Billing and VIP to ARNs."""
    actions = [
        _say("greet", "Thanks for contacting Example Telecom.", "tier"),
        _action(
            "tier",
            "Compare",
            {"ComparisonValue": "$.Attributes.Tier"},
            conditions=[("VIP", "vip-priority"), ("Gold", "gold-age")],
            errors={"NoMatchingCondition": "intent"},
        ),
        _action(
            "vip-priority", "UpdateContactRoutingBehavior", {"QueuePriority": "1"}, "vip-queue"
        ),
        _set_queue("vip-queue", queue_arns["VIP"], "transfer", "intent"),
        _action(
            "gold-age",
            "UpdateContactRoutingBehavior",
            {"QueueTimeAdjustmentSeconds": "30"},
            "intent",
        ),
        _action(
            "intent",
            "Compare",
            {"ComparisonValue": "$.Attributes.Intent"},
            conditions=[("sales", "sales-queue"), ("billing", "billing-queue")],
            errors={"NoMatchingCondition": "support-queue"},
        ),
        _set_queue("sales-queue", queue_arns["Sales"], "language", "support-queue"),
        _set_queue("billing-queue", queue_arns["Billing"], "billing-open", "support-queue"),
        _action(
            "billing-open",
            "CheckHoursOfOperation",
            {},
            conditions=[("True", "language"), ("False", "billing-closed")],
            errors={"NoMatchingError": "language", "NoMatchingCondition": "language"},
        ),
        _say(
            "billing-closed",
            "Billing is closed right now; a support agent will help you.",
            "support-queue",
        ),
        _set_queue("support-queue", queue_arns["Support"], "language", "busy"),
        _action(
            "language",
            "Compare",
            {"ComparisonValue": "$.Attributes.Language"},
            conditions=[(lang, f"criteria-{lang.lower()}") for lang in LANGUAGES[1:]],
            errors={"NoMatchingCondition": f"criteria-{LANGUAGES[0].lower()}"},
        ),
        *(_criteria(lang, "transfer") for lang in LANGUAGES),
        _action(
            "transfer",
            "TransferContactToQueue",
            {},
            "busy",
            {"QueueAtCapacity": "busy", "NoMatchingError": "busy"},
        ),
        _say("busy", "All our lines are busy. Please try again later.", "bye"),
        _action("bye", "DisconnectParticipant", {}),
    ]
    return json.dumps(
        {"Version": VERSION, "StartAction": "greet", "Metadata": {}, "Actions": actions},
        indent=1,
    )
