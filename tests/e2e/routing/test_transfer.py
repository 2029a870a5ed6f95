"""TransferContact: new segments, their links, agent queues and the limits (R1.1.2, R1.11)."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.routing.conftest import Center

TRANSFER_FLOW: dict[str, Any] = {
    "Version": "2019-10-30",
    "StartAction": "t",
    "Actions": [
        {
            "Identifier": "t",
            "Type": "TransferContactToQueue",
            "Parameters": {},
            "Transitions": {
                "NextAction": "d",
                "Errors": [
                    {"ErrorType": "QueueAtCapacity", "NextAction": "d"},
                    {"ErrorType": "NoMatchingError", "NextAction": "d"},
                ],
            },
        },
        {"Identifier": "d", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}},
    ],
}


def _slots(center: Center, user_id: str) -> list[tuple[str, str]]:
    return [(c["ContactId"], c["State"]) for c in center.agent_view(user_id)["Contacts"]]


def _transfer(center: Center, contact_id: str, flow_id: str, **target: str) -> str:
    made = center.connect.transfer_contact(
        InstanceId=center.instance_id, ContactId=contact_id, ContactFlowId=flow_id, **target
    )
    assert made["ContactArn"].endswith(made["ContactId"])
    return str(made["ContactId"])


def test_transfer_to_queue_creates_linked_segment_when_task_connected(center: Center) -> None:
    front_id, front_arn = center.queue("Front")
    back_id, _ = center.queue("Back")
    to_front = center.flow_to(front_arn, "to-front")
    transfer_flow = center.flow(TRANSFER_FLOW, "xfer-queue", "QUEUE_TRANSFER")
    front = center.profile("front", [(front_id, "TASK", 1, 0)], TASK=1)
    back = center.profile("back", [(back_id, "TASK", 1, 0)], TASK=1)
    first_agent = center.agent("ada", front, auto_accept_channels=("TASK",))
    original = center.task(to_front, "ticket", Attributes={"order": "42"})
    center.controls.advance(seconds=3)
    segment = _transfer(center, original, transfer_flow, QueueId=back_id)
    assert segment != original
    new = center.describe(segment)
    assert new["InitiationMethod"] == "TRANSFER"
    assert new["PreviousContactId"] == original
    assert new["InitialContactId"] == original
    assert new["QueueInfo"]["Id"] == back_id
    assert new["Name"] == "ticket"
    assert new["Attributes"] == {"order": "42"}
    old = center.describe(original)
    # The transferring agent goes into ACW on the old segment; it is over for the customer.
    assert "DisconnectTimestamp" in old
    assert "AfterContactWorkStartTimestamp" in old["AgentInfo"]
    assert _slots(center, first_agent) == [(original, "ENDED")]
    # R1.11.4: the new segment is enqueued fresh in the target queue and routed there.
    assert new["QueueInfo"]["EnqueueTimestamp"] == old["DisconnectTimestamp"]
    second_agent = center.agent("bea", back, auto_accept_channels=("TASK",))
    assert _slots(center, second_agent) == [(segment, "CONNECTED")]


def test_transfer_to_agent_jumps_standard_queue_when_agent_frees_up(center: Center) -> None:
    qid, qarn = center.queue("Desk")
    to_desk = center.flow_to(qarn, "to-desk")
    transfer_flow = center.flow(TRANSFER_FLOW, "xfer-agent", "AGENT_TRANSFER")
    profile = center.profile("desk", [(qid, "TASK", 1, 0)], TASK=1)
    agent = center.agent("cal", profile, auto_accept_channels=("TASK",))
    busy = center.task(to_desk, "busy")
    waiting = center.task(to_desk, "waiting")
    other = center.agent("dee", profile, available=False, auto_accept_channels=("TASK",))
    center.controls.advance(seconds=60)
    # Another task is transferred to cal's agent queue while cal is busy.
    direct_original = center.task(to_desk, "for-cal")
    center.status(other, "Available")
    assert _slots(center, other) == [(waiting, "CONNECTED")]
    segment = _transfer(center, direct_original, transfer_flow, UserId=agent)
    agent_queues = center.connect.list_queues(InstanceId=center.instance_id, QueueTypes=["AGENT"])
    assert center.describe(segment)["QueueInfo"]["Id"] in {
        q["Id"] for q in agent_queues["QueueSummaryList"]
    }
    center.controls.end(center.instance_id, agent, busy)
    center.controls.clear_acw(center.instance_id, agent, busy)
    # R1.1.2: the agent-queue contact comes first for its owner.
    assert _slots(center, agent) == [(segment, "CONNECTED")]


def test_transfer_of_queued_task_ends_old_segment_when_not_yet_answered(center: Center) -> None:
    _a_id, a_arn = center.queue("A")
    b_id, _ = center.queue("B")
    to_a = center.flow_to(a_arn, "to-a")
    transfer_flow = center.flow(TRANSFER_FLOW, "xfer", "QUEUE_TRANSFER")
    original = center.task(to_a, "queued")
    segment = _transfer(center, original, transfer_flow, QueueId=b_id)
    old = center.describe(original)
    assert "DisconnectTimestamp" in old
    assert center.contact_view(original)["Status"] == "FINISHED"
    assert center.position(original) is None
    assert center.position(segment) == 1
    assert center.describe(segment)["QueueInfo"]["Id"] == b_id
    # The old segment cannot be transferred or stopped again.
    with pytest.raises(ClientError) as err:
        _transfer(center, original, transfer_flow, QueueId=b_id)
    assert err.value.response["Error"]["Code"] == "InvalidRequestException"


def test_transfer_keeps_routing_criteria_when_no_agent_joined(center: Center) -> None:
    _a_id, a_arn = center.queue("A")
    b_id, _ = center.queue("B")
    to_a = center.flow_to(a_arn, "to-a")
    transfer_flow = center.flow(TRANSFER_FLOW, "xfer", "QUEUE_TRANSFER")
    center.connect.create_predefined_attribute(
        InstanceId=center.instance_id, Name="Language", Values={"StringList": ["French"]}
    )
    original = center.task(to_a, "fr")
    criteria = {
        "Steps": [
            {
                "Expression": {
                    "AttributeCondition": {
                        "Name": "Language",
                        "Value": "French",
                        "ProficiencyLevel": 3,
                        "ComparisonOperator": "NumberGreaterOrEqualTo",
                    }
                },
                "Expiry": {"DurationInSeconds": 30},
            }
        ]
    }
    center.connect.update_contact_routing_data(
        InstanceId=center.instance_id, ContactId=original, RoutingCriteria=criteria
    )
    center.controls.advance(seconds=10)
    segment = _transfer(center, original, transfer_flow, QueueId=b_id)
    routing = center.describe(segment)["RoutingCriteria"]
    # R1.9.7: criteria carry over and restart at step 1 with a new activation.
    assert routing["Steps"][0]["Status"] == "ACTIVE"
    assert routing["Steps"][0]["Expression"]["AttributeCondition"]["Name"] == "Language"
    activated = routing["ActivationTimestamp"]
    assert activated == center.describe(segment)["QueueInfo"]["EnqueueTimestamp"]
    assert routing["Steps"][0]["Expiry"]["DurationInSeconds"] == 30
    expires = routing["Steps"][0]["Expiry"]["ExpiryTimestamp"]
    assert (expires - activated).total_seconds() == 30


def test_transfer_rejects_voice_when_channel_is_not_task(center: Center) -> None:
    qid, qarn = center.queue("Voice")
    flow = center.flow_to(qarn, "to-voice")
    transfer_flow = center.flow(TRANSFER_FLOW, "xfer", "QUEUE_TRANSFER")
    call = center.controls.place_call(center.instance_id, contact_flow_id=flow)
    with pytest.raises(ClientError) as err:
        _transfer(center, call["ContactId"], transfer_flow, QueueId=qid)
    assert err.value.response["Error"]["Code"] == "InvalidRequestException"
    assert center.position(call["ContactId"]) == 1


def test_transfer_rejects_disabled_queue_when_targeted(center: Center) -> None:
    _a_id, a_arn = center.queue("A")
    off_id, _ = center.queue("Off")
    to_a = center.flow_to(a_arn, "to-a")
    transfer_flow = center.flow(TRANSFER_FLOW, "xfer", "QUEUE_TRANSFER")
    center.connect.update_queue_status(
        InstanceId=center.instance_id, QueueId=off_id, Status="DISABLED"
    )
    original = center.task(to_a, "t")
    with pytest.raises(ClientError) as err:
        _transfer(center, original, transfer_flow, QueueId=off_id)
    assert err.value.response["Error"]["Code"] == "InvalidRequestException"  # R1.1.6
    assert center.position(original) == 1


def test_transfer_needs_exactly_one_target_when_both_or_none_given(center: Center) -> None:
    qid, qarn = center.queue("A")
    flow = center.flow_to(qarn, "to-a")
    transfer_flow = center.flow(TRANSFER_FLOW, "xfer", "QUEUE_TRANSFER")
    profile = center.profile("p", [(qid, "TASK", 1, 0)], TASK=1)
    agent = center.agent("eve", profile, available=False)
    task = center.task(flow, "t")
    for target in ({}, {"QueueId": qid, "UserId": agent}):
        with pytest.raises(ClientError) as err:
            _transfer(center, task, transfer_flow, **target)
        assert err.value.response["Error"]["Code"] in (
            "InvalidRequestException",
            "InvalidParameterException",
        )
    assert center.position(task) == 1


def test_transfer_chain_stops_when_eleven_transfers_made(center: Center) -> None:
    a_id, a_arn = center.queue("A")
    b_id, _ = center.queue("B")
    to_a = center.flow_to(a_arn, "to-a")
    transfer_flow = center.flow(TRANSFER_FLOW, "xfer", "QUEUE_TRANSFER")
    first = current = center.task(to_a, "hop")
    for hop in range(11):
        current = _transfer(center, current, transfer_flow, QueueId=(b_id, a_id)[hop % 2])
        assert center.describe(current)["InitialContactId"] == first
    with pytest.raises(ClientError) as err:
        _transfer(center, current, transfer_flow, QueueId=a_id)
    assert err.value.response["Error"]["Code"] in (
        "InvalidRequestException",
        "ServiceQuotaExceededException",
    )
    assert center.position(current) == 1


def test_task_started_with_quick_connect_queues_when_queue_type(center: Center) -> None:
    qid, _ = center.queue("Quick")
    transfer_flow = center.flow(TRANSFER_FLOW, "xfer", "QUEUE_TRANSFER")
    quick = center.connect.create_quick_connect(
        InstanceId=center.instance_id,
        Name="to-quick",
        QuickConnectConfig={
            "QuickConnectType": "QUEUE",
            "QueueConfig": {"QueueId": qid, "ContactFlowId": transfer_flow},
        },
    )
    made = center.connect.start_task_contact(
        InstanceId=center.instance_id, Name="qc", QuickConnectId=quick["QuickConnectId"]
    )
    assert center.describe(made["ContactId"])["QueueInfo"]["Id"] == qid
    assert center.position(made["ContactId"]) == 1
