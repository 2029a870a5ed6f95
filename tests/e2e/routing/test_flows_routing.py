"""Contacts routed by flows written in the flow language (R8), run by StartTaskContact and calls.

Numbers are written as strings, as the Connect console exports them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.e2e.routing.conftest import Center

DAYS = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"]


def _flow(start: str, *actions: dict[str, Any]) -> dict[str, Any]:
    return {
        "Version": "2019-10-30",
        "StartAction": start,
        "Metadata": {"entryPointPosition": {"x": 40, "y": 40}, "ActionMetadata": {}},
        "Actions": [*actions, _disconnect()],
    }


def _action(
    ident: str, kind: str, params: dict[str, Any], nxt: str = "bye", **tr: Any
) -> dict[str, Any]:
    transitions: dict[str, Any] = {"NextAction": nxt, **tr}
    return {"Identifier": ident, "Type": kind, "Parameters": params, "Transitions": transitions}


def _errors(*pairs: tuple[str, str]) -> list[dict[str, str]]:
    return [{"ErrorType": kind, "NextAction": nxt} for kind, nxt in pairs]


def _set_queue(ident: str, queue_arn: str, nxt: str) -> dict[str, Any]:
    return _action(
        ident,
        "UpdateContactTargetQueue",
        {"QueueId": queue_arn},
        nxt,
        Errors=_errors(("NoMatchingError", "bye")),
    )


def _transfer(ident: str, on_full: str = "bye", on_error: str = "bye") -> dict[str, Any]:
    return _action(
        ident,
        "TransferContactToQueue",
        {},
        "bye",
        Errors=_errors(("QueueAtCapacity", on_full), ("NoMatchingError", on_error)),
    )


def _disconnect() -> dict[str, Any]:
    return {
        "Identifier": "bye",
        "Type": "DisconnectParticipant",
        "Parameters": {},
        "Transitions": {},
    }


def _compare(
    ident: str, path: str, branches: list[tuple[str, str, str]], default: str
) -> dict[str, Any]:
    return _action(
        ident,
        "Compare",
        {"ComparisonValue": path},
        default,
        Conditions=[
            {"NextAction": nxt, "Condition": {"Operator": op, "Operands": [value]}}
            for op, value, nxt in branches
        ],
        Errors=_errors(("NoMatchingCondition", default)),
    )


def test_routing_behavior_block_sets_priority_when_flow_runs(center: Center) -> None:
    qid, qarn = center.queue("Line")
    plain = center.flow_to(qarn, "plain")
    vip = center.flow(
        _flow(
            "prio",
            _action("prio", "UpdateContactRoutingBehavior", {"QueuePriority": "1"}, "q"),
            _set_queue("q", qarn, "t"),
            _transfer("t"),
        ),
        "vip",
    )
    waiting = [center.task(plain, f"p{i}") for i in range(3)]
    jumper = center.task(vip, "vip")
    assert center.position(jumper) == 1
    assert [center.position(c) for c in waiting] == [2, 3, 4]
    described = center.describe(jumper)
    assert (described["QueuePriority"], described["QueueInfo"]["Id"]) == (1, qid)
    assert center.describe(waiting[0])["QueuePriority"] == 5  # default (R5.2.2)


def test_routing_behavior_block_adds_age_when_time_adjusted(center: Center) -> None:
    _, qarn = center.queue("Line")
    plain = center.flow_to(qarn, "plain")
    older = center.flow(
        _flow(
            "age",
            _action(
                "age", "UpdateContactRoutingBehavior", {"QueueTimeAdjustmentSeconds": "100"}, "q"
            ),
            _set_queue("q", qarn, "t"),
            _transfer("t"),
        ),
        "older",
    )
    first = center.task(plain, "first")
    center.controls.advance(seconds=60)
    second = center.task(plain, "second")
    center.controls.advance(seconds=30)
    aged = center.task(older, "aged")
    # R1.3.4: routing age = 0 s waited + 100 s adjustment, ahead of 90 s (first) and 30 s.
    assert [center.position(c) for c in (aged, first, second)] == [1, 2, 3]
    assert center.describe(aged)["QueueTimeAdjustmentSeconds"] == 100


def test_set_routing_criteria_block_routes_by_proficiency_when_flow_sets_steps(
    center: Center,
) -> None:
    qid, qarn = center.queue("Skills")
    center.connect.create_predefined_attribute(
        InstanceId=center.instance_id, Name="Language", Values={"StringList": ["French"]}
    )
    criteria = {
        "Steps": [
            {
                "Expiry": {"DurationInSeconds": "45"},
                "Expression": {
                    "AttributeCondition": {
                        "Name": "Language",
                        "Value": "French",
                        "ProficiencyLevel": "4",
                        "ComparisonOperator": "NumberGreaterOrEqualTo",
                    }
                },
            }
        ]
    }
    flow = center.flow(
        _flow(
            "crit",
            _action(
                "crit",
                "UpdateRoutingCriteria",
                {"RoutingCriteria": criteria},
                "q",
                Errors=_errors(("NoMatchingError", "bye")),
            ),
            _set_queue("q", qarn, "t"),
            _transfer("t"),
        ),
        "french",
    )
    profile = center.profile("skills", [(qid, "TASK", 1, 0)], TASK=1)
    agent = center.agent("ada", profile, auto_accept_channels=("TASK",))
    contact = center.task(flow, "fr")
    routing = center.describe(contact)["RoutingCriteria"]
    assert routing["Steps"][0]["Status"] == "ACTIVE"
    assert routing["Steps"][0]["Expiry"]["DurationInSeconds"] == 45
    assert (
        routing["ActivationTimestamp"] == center.describe(contact)["QueueInfo"]["EnqueueTimestamp"]
    )
    assert center.agent_view(agent)["Contacts"] == []
    center.controls.advance(seconds=45)
    assert [c["ContactId"] for c in center.agent_view(agent)["Contacts"]] == [contact]
    assert center.describe(contact)["RoutingCriteria"]["Steps"][0]["Status"] == "EXPIRED"


def test_set_routing_criteria_takes_error_branch_when_attribute_unknown(center: Center) -> None:
    good_id, good_arn = center.queue("Good")
    _, fallback_arn = center.queue("Fallback")
    criteria = {
        "Steps": [
            {
                "Expression": {
                    "AttributeCondition": {
                        "Name": "NoSuchAttribute",
                        "Value": "x",
                        "ProficiencyLevel": "1",
                        "ComparisonOperator": "NumberGreaterOrEqualTo",
                    }
                }
            }
        ]
    }
    flow = center.flow(
        _flow(
            "crit",
            _action(
                "crit",
                "UpdateRoutingCriteria",
                {"RoutingCriteria": criteria},
                "q",
                Errors=_errors(("NoMatchingError", "fb")),
            ),
            _set_queue("q", good_arn, "t"),
            _set_queue("fb", fallback_arn, "t"),
            _transfer("t"),
        ),
        "unknown-attr",
    )
    contact = center.task(flow, "c")
    described = center.describe(contact)
    # R1.9.5: new contacts naming a missing attribute take the block's error branch.
    assert described["QueueInfo"]["Id"] != good_id
    assert "RoutingCriteria" not in described


def test_attributes_and_compare_pick_queue_when_attribute_matches(center: Center) -> None:
    gold_id, gold_arn = center.queue("Gold")
    std_id, std_arn = center.queue("Standard")
    flow = center.flow(
        _flow(
            "tag",
            _action(
                "tag",
                "UpdateContactAttributes",
                {
                    "Attributes": {"route": "$.Attributes.tier", "seen": "yes"},
                    "TargetContact": "Current",
                },
                "cmp",
                Errors=_errors(("NoMatchingError", "std")),
            ),
            _compare("cmp", "$.Attributes.route", [("Equals", "gold", "gold")], "std"),
            _set_queue("gold", gold_arn, "t"),
            _set_queue("std", std_arn, "t"),
            _transfer("t"),
        ),
        "tiers",
    )
    gold = center.task(flow, "g", Attributes={"tier": "gold"})
    silver = center.task(flow, "s", Attributes={"tier": "silver"})
    untiered = center.task(flow, "u")
    assert center.describe(gold)["QueueInfo"]["Id"] == gold_id
    assert center.describe(gold)["Attributes"] == {"tier": "gold", "route": "gold", "seen": "yes"}
    assert center.describe(silver)["QueueInfo"]["Id"] == std_id
    # A missing JSONPath value writes nothing and takes the error branch.
    described = center.describe(untiered)
    assert described["QueueInfo"]["Id"] == std_id
    assert "seen" not in described.get("Attributes", {})


def _hours(center: Center, name: str, days: list[str]) -> str:
    made = center.connect.create_hours_of_operation(
        InstanceId=center.instance_id,
        Name=name,
        TimeZone="UTC",
        Config=[
            {
                "Day": day,
                "StartTime": {"Hours": 0, "Minutes": 0},
                "EndTime": {"Hours": 23, "Minutes": 59},
            }
            for day in days
        ],
    )
    return str(made["HoursOfOperationId"])


def test_check_hours_branches_on_open_and_closed_when_hours_differ(center: Center) -> None:
    open_id, open_arn = center.queue("Open")
    closed_id, closed_arn = center.queue("Closed")
    now = dt.datetime.fromtimestamp(center.controls.now() / 1000, tz=dt.UTC)
    if now.hour == 23 and now.minute == 59:  # stay clear of the one closed minute
        center.controls.advance(seconds=120)
        now = dt.datetime.fromtimestamp(center.controls.now() / 1000, tz=dt.UTC)
    today = DAYS[now.weekday()]
    always = _hours(center, "always", DAYS)
    never_today = _hours(center, "not-today", [d for d in DAYS if d != today])

    def flow_for(hours_id: str, name: str) -> str:
        return center.flow(
            _flow(
                "hrs",
                _action(
                    "hrs",
                    "CheckHoursOfOperation",
                    {"HoursOfOperationId": hours_id},
                    "closed",
                    Conditions=[
                        {
                            "NextAction": "open",
                            "Condition": {"Operator": "Equals", "Operands": ["True"]},
                        },
                        {
                            "NextAction": "closed",
                            "Condition": {"Operator": "Equals", "Operands": ["False"]},
                        },
                    ],
                    Errors=_errors(("NoMatchingError", "bye")),
                ),
                _set_queue("open", open_arn, "t"),
                _set_queue("closed", closed_arn, "t"),
                _transfer("t"),
            ),
            name,
        )

    in_hours = center.task(flow_for(always, "hours-open"), "in")
    out_of_hours = center.task(flow_for(never_today, "hours-closed"), "out")
    assert center.describe(in_hours)["QueueInfo"]["Id"] == open_id
    assert center.describe(out_of_hours)["QueueInfo"]["Id"] == closed_id


def test_queue_size_metric_overflows_when_queue_is_long(center: Center) -> None:
    main_id, main_arn = center.queue("Main")
    over_id, over_arn = center.queue("Overflow")
    flow = center.flow(
        _flow(
            "q",
            _set_queue("q", main_arn, "metrics"),
            _action(
                "metrics",
                "GetMetricData",
                {},
                "cmp",
                Errors=_errors(("NoMatchingError", "t")),
            ),
            _compare("cmp", "$.Metrics.Queue.Size", [("NumberGreaterOrEqualTo", "2", "over")], "t"),
            _set_queue("over", over_arn, "t"),
            _transfer("t"),
        ),
        "overflow",
    )
    placed = [center.task(flow, f"c{i}") for i in range(4)]
    queues = [center.describe(c)["QueueInfo"]["Id"] for c in placed]
    # Two fit in Main; from then on $.Metrics.Queue.Size is 2 and the flow overflows.
    assert queues == [main_id, main_id, over_id, over_id]


def test_queue_at_capacity_branch_taken_when_max_contacts_reached(center: Center) -> None:
    small_id, small_arn = center.queue("Small", MaxContacts=2)
    spill_id, spill_arn = center.queue("Spill")
    flow = center.flow(
        _flow(
            "q",
            _set_queue("q", small_arn, "t"),
            _transfer("t", on_full="spill"),
            _set_queue("spill", spill_arn, "t2"),
            _action(
                "t2",
                "TransferContactToQueue",
                {},
                "bye",
                Errors=_errors(("QueueAtCapacity", "bye"), ("NoMatchingError", "bye")),
            ),
        ),
        "capacity",
    )
    placed = [center.task(flow, f"c{i}") for i in range(3)]
    queues = [center.describe(c)["QueueInfo"]["Id"] for c in placed]
    assert queues == [small_id, small_id, spill_id]  # R1.8.2
    center.connect.stop_contact(InstanceId=center.instance_id, ContactId=placed[0])
    assert center.describe(center.task(flow, "c3"))["QueueInfo"]["Id"] == small_id


def test_full_queue_disconnects_contact_when_flow_has_no_other_branch(center: Center) -> None:
    _, small_arn = center.queue("Tiny", MaxContacts=1)
    flow = center.flow_to(small_arn, "tiny")
    center.task(flow, "fits")
    rejected = center.task(flow, "too-many")
    described = center.describe(rejected)
    assert "QueueInfo" not in described
    assert described["DisconnectReason"] == "CONTACT_FLOW_DISCONNECT"
    assert center.contact_view(rejected)["Status"] == "FINISHED"


def test_disabled_queue_takes_no_matching_error_when_flow_transfers(center: Center) -> None:
    off_id, off_arn = center.queue("Off")
    alt_id, alt_arn = center.queue("Alt")
    center.connect.update_queue_status(
        InstanceId=center.instance_id, QueueId=off_id, Status="DISABLED"
    )
    flow = center.flow(
        _flow(
            "q",
            _set_queue("q", off_arn, "t"),
            _transfer("t", on_error="alt"),
            _set_queue("alt", alt_arn, "t2"),
            _action(
                "t2",
                "TransferContactToQueue",
                {},
                "bye",
                Errors=_errors(("NoMatchingError", "bye")),
            ),
        ),
        "disabled",
    )
    contact = center.task(flow, "c")
    assert center.describe(contact)["QueueInfo"]["Id"] == alt_id  # R1.1.6


def test_contacts_already_waiting_are_still_routed_when_queue_disabled(center: Center) -> None:
    qid, qarn = center.queue("Closing")
    flow = center.flow_to(qarn, "closing")
    waiting = center.task(flow, "w")
    center.connect.update_queue_status(
        InstanceId=center.instance_id, QueueId=qid, Status="DISABLED"
    )
    profile = center.profile("p", [(qid, "TASK", 1, 0)], TASK=1)
    agent = center.agent("bea", profile, auto_accept_channels=("TASK",))
    assert center.describe(waiting)["AgentInfo"]["Id"] == agent  # R1.1.6


def test_inbound_call_runs_flow_when_placed_through_controls(center: Center) -> None:
    qid, qarn = center.queue("Phones")
    flow = center.flow(
        _flow(
            "hello",
            _action("hello", "MessageParticipant", {"Text": "Thanks for calling"}, "q"),
            _set_queue("q", qarn, "t"),
            _transfer("t"),
        ),
        "phones",
    )
    call = center.controls.place_call(
        center.instance_id, contact_flow_id=flow, attributes={"a": "1"}
    )
    assert call["Messages"] == ["Thanks for calling"]
    assert (call["Status"], call["QueueId"], call["PositionInQueue"]) == ("QUEUED", qid, 1)
    described = center.describe(call["ContactId"])
    assert (described["Channel"], described["InitiationMethod"]) == ("VOICE", "INBOUND")
    assert described["Attributes"] == {"a": "1"}
