"""Per-block rules of the flow language (R8.4): supported types, parameters, where allowed.

`check_action(action, flow_type)` returns problem messages (without the action prefix, which
`language.parse_flow` adds). `SUPPORTED_ACTIONS` is the block set Switchboard runs; any other
`Type` is a problem, whether Connect knows it or not (docs/design/flows.md).
Must not import: anything outside the standard library and `switchboard.domain`; it imports
the flow model (`model.py`) for typing only.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from switchboard.domain.errors import InvalidArgumentError
from switchboard.domain.flows.criteria_parse import parse_routing_criteria

if TYPE_CHECKING:
    from switchboard.domain.flows.model import Action

INBOUND = frozenset({"CONTACT_FLOW", "CAMPAIGN"})
TRANSFER = frozenset({"AGENT_TRANSFER", "QUEUE_TRANSFER"})
CUSTOMER_QUEUE = frozenset({"CUSTOMER_QUEUE"})
WHISPER = frozenset({"CUSTOMER_WHISPER", "AGENT_WHISPER", "OUTBOUND_WHISPER"})
HOLD = frozenset({"CUSTOMER_HOLD", "AGENT_HOLD"})
ALL_TYPES = INBOUND | TRANSFER | CUSTOMER_QUEUE | WHISPER | HOLD

# Type -> flow types that may contain it (the "Allowed in" column of R8.4).
ALLOWED_IN: dict[str, frozenset[str]] = {
    "UpdateContactTargetQueue": INBOUND | TRANSFER,
    "TransferContactToQueue": INBOUND | TRANSFER,
    "DequeueContactAndTransferToQueue": CUSTOMER_QUEUE,
    # QUIRK R8.4: the admin guide also allows it in customer-queue and transfer flows.
    "UpdateContactRoutingBehavior": INBOUND | CUSTOMER_QUEUE | TRANSFER,
    "UpdateRoutingCriteria": INBOUND | CUSTOMER_QUEUE | TRANSFER,
    "UpdateContactAttributes": ALL_TYPES,
    "Compare": ALL_TYPES,
    "CheckHoursOfOperation": INBOUND | TRANSFER | CUSTOMER_QUEUE,
    "GetMetricData": ALL_TYPES,
    "CheckMetricData": ALL_TYPES,
    "MessageParticipant": ALL_TYPES - HOLD,
    # flow-control-actions-wait: "supported in every type of flow".
    "Wait": ALL_TYPES,
    "TransferToFlow": ALL_TYPES,
    "DisconnectParticipant": INBOUND | TRANSFER | CUSTOMER_QUEUE,
    # ASSUMPTION: hold flows also end with EndFlowExecution (no other terminal is allowed there).
    "EndFlowExecution": WHISPER | CUSTOMER_QUEUE | HOLD,
}
SUPPORTED_ACTIONS = frozenset(ALLOWED_IN)

METRIC_TYPES = frozenset(
    {
        "NumberOfAgentsAvailable",
        "NumberOfAgentsStaffed",
        "NumberOfAgentsOnline",
        "OldestContactInQueueAgeSeconds",
        "NumberOfContactsInQueue",
    }
)
AGENT_COUNT_METRICS = frozenset(m for m in METRIC_TYPES if m.startswith("NumberOfAgents"))
QUEUE_CHANNELS = frozenset({"Voice", "Chat"})
MESSAGE_KINDS = ("PromptId", "Text", "SSML", "Media")
WAIT_EVENTS = frozenset({"CustomerReturned", "BotParticipantDisconnected"})
MAX_WAIT_SECONDS = 604_800
NUMBER_OPERATORS = frozenset(
    {"NumberGreaterThan", "NumberGreaterOrEqualTo", "NumberLessThan", "NumberLessOrEqualTo"}
)


def is_json_path(value: Any) -> bool:
    """True for a dynamic value (`$.Attributes.x`); anything else is static."""
    return isinstance(value, str) and value.startswith("$.")


def check_action(action: Action, flow_type: str | None) -> list[str]:
    """Problems with one action's type, parameters and conditions."""
    allowed = ALLOWED_IN.get(action.type)
    if allowed is None:
        return [f"action type '{action.type}' is not supported"]
    problems: list[str] = []
    if flow_type is not None and flow_type not in allowed:
        problems.append(f"{action.type} is not allowed in a {flow_type} flow")
    checker = _CHECKERS.get(action.type)
    if checker is not None:
        problems += checker(action)
    return problems


def _present(params: Mapping[str, Any], name: str) -> bool:
    value = params.get(name)
    return isinstance(value, str) and value != ""


def _one_queue(action: Action, *, required: bool) -> list[str]:
    given = [n for n in ("QueueId", "AgentId") if _present(action.parameters, n)]
    if len(given) > 1:
        return ["set QueueId or AgentId, not both"]
    if required and not given:
        return ["QueueId or AgentId is required"]
    return []


def _no_conditions(action: Action) -> list[str]:
    return ["Conditions are not supported by this action"] if action.transitions.conditions else []


def _check_target_queue(action: Action) -> list[str]:
    return _one_queue(action, required=True) + _no_conditions(action)


def _static_int(value: Any) -> int | None:
    if isinstance(value, bool) or is_json_path(value):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return int(number) if number == int(number) else None


def _check_routing_behavior(action: Action) -> list[str]:
    params = action.parameters
    given = [n for n in ("QueuePriority", "QueueTimeAdjustmentSeconds") if n in params]
    if len(given) != 1:
        return ["set exactly one of QueuePriority and QueueTimeAdjustmentSeconds"]
    value = _static_int(params[given[0]])
    if value is None:
        return [f"{given[0]} must be a static integer"]
    if given[0] == "QueuePriority" and value <= 0:
        return ["QueuePriority must be greater than 0"]
    return []


def _check_routing_criteria(action: Action) -> list[str]:
    try:
        parse_routing_criteria(action.parameters.get("RoutingCriteria"))
    except InvalidArgumentError as err:
        return [err.message]
    return []


def _check_attributes(action: Action) -> list[str]:
    problems: list[str] = []
    attrs = action.parameters.get("Attributes")
    if not isinstance(attrs, dict) or not attrs:
        problems.append("Attributes must be a non-empty object")
    elif not all(isinstance(k, str) and k and isinstance(v, str) for k, v in attrs.items()):
        problems.append("Attributes keys and values must be strings")
    target = action.parameters.get("TargetContact", "Current")
    if target not in ("Current", "Related"):
        problems.append("TargetContact must be Current or Related")
    return problems + _no_conditions(action)


def _check_compare(action: Action) -> list[str]:
    problems: list[str] = []
    if not is_json_path(action.parameters.get("ComparisonValue")):
        problems.append("ComparisonValue must be a JSONPath such as $.Attributes.name")
    if not action.transitions.conditions:
        problems.append("Compare needs at least one condition")
    return problems


def _check_hours(action: Action) -> list[str]:
    hours = action.parameters.get("HoursOfOperationId")
    problems = (
        []
        if hours is None or _present(action.parameters, "HoursOfOperationId")
        else ["HoursOfOperationId must be a non-empty string"]
    )
    shapes = sorted(
        (c.condition.operator, c.condition.operands) for c in action.transitions.conditions
    )
    if shapes != [("Equals", ("False",)), ("Equals", ("True",))]:
        problems.append('conditions must be exactly Equals "True" and Equals "False"')
    return problems


def _check_get_metrics(action: Action) -> list[str]:
    problems = _one_queue(action, required=False) + _no_conditions(action)
    channel = action.parameters.get("QueueChannel")
    if channel is not None and channel not in QUEUE_CHANNELS and not is_json_path(channel):
        problems.append("QueueChannel must be Voice or Chat")
    return problems


def _check_check_metrics(action: Action) -> list[str]:
    problems = _one_queue(action, required=False)
    metric = action.parameters.get("MetricType")
    if metric not in METRIC_TYPES:
        problems.append(f"MetricType must be one of {', '.join(sorted(METRIC_TYPES))}")
    conditions = [c.condition for c in action.transitions.conditions]
    if not conditions:
        problems.append("CheckMetricData needs at least one condition")
    for cond in conditions:
        if metric in AGENT_COUNT_METRICS and (
            cond.operator != "NumberGreaterThan" or cond.operands != ("0",)
        ):
            problems.append(f"{metric} supports only the condition NumberGreaterThan 0")
        elif cond.operator not in NUMBER_OPERATORS:
            problems.append(f"{cond.operator} is not a numeric comparison")
    return problems


def _check_message(action: Action) -> list[str]:
    given = [k for k in MESSAGE_KINDS if action.parameters.get(k) not in (None, "")]
    if len(given) != 1:
        return ["set exactly one of PromptId, Text, SSML and Media"] + _no_conditions(action)
    return _no_conditions(action)


def _check_wait(action: Action) -> list[str]:
    problems: list[str] = []
    timeout = action.parameters.get("TimeoutSeconds")
    if not is_json_path(timeout):
        seconds = _static_int(timeout)
        if seconds is None or not 1 <= seconds <= MAX_WAIT_SECONDS:
            problems.append(f"TimeoutSeconds must be an integer from 1 to {MAX_WAIT_SECONDS}")
    events = action.parameters.get("Events", [])
    if not isinstance(events, list) or not set(events) <= WAIT_EVENTS:
        problems.append(f"Events may only list {', '.join(sorted(WAIT_EVENTS))}")
        events = []
    operands: set[str] = set()
    for branch in action.transitions.conditions:
        if branch.condition.operator != "Equals":
            problems.append("Wait conditions support only Equals")
        operands.update(branch.condition.operands)
    if action.transitions.conditions and not {"WaitCompleted", *events} <= operands:
        problems.append("Wait conditions must cover WaitCompleted and every listed event")
    return problems


def _check_transfer_to_flow(action: Action) -> list[str]:
    if not _present(action.parameters, "ContactFlowId"):
        return ["ContactFlowId is required"]
    return _no_conditions(action)


_CHECKERS: dict[str, Callable[[Action], list[str]]] = {
    "UpdateContactTargetQueue": _check_target_queue,
    "DequeueContactAndTransferToQueue": _check_target_queue,
    "TransferContactToQueue": _no_conditions,
    "UpdateContactRoutingBehavior": _check_routing_behavior,
    "UpdateRoutingCriteria": _check_routing_criteria,
    "UpdateContactAttributes": _check_attributes,
    "Compare": _check_compare,
    "CheckHoursOfOperation": _check_hours,
    "GetMetricData": _check_get_metrics,
    "CheckMetricData": _check_check_metrics,
    "MessageParticipant": _check_message,
    "Wait": _check_wait,
    "TransferToFlow": _check_transfer_to_flow,
    "DisconnectParticipant": _no_conditions,
    "EndFlowExecution": _no_conditions,
}
