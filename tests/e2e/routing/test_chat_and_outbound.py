"""Chat, outbound voice (API and agent-placed), inbound calls and cross-channel rules (R1.2, R5.3)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.e2e.routing.conftest import Center

TRANSFER_ONLY: dict[str, Any] = {
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


def _slots(center: Center, user_id: str) -> list[tuple[str, str, str]]:
    return [
        (c["ContactId"], c["Channel"], c["State"]) for c in center.agent_view(user_id)["Contacts"]
    ]


def _search_ids(center: Center, t0: int) -> set[str]:
    found = center.connect.search_contacts(
        InstanceId=center.instance_id,
        TimeRange={
            "Type": "INITIATION_TIMESTAMP",
            "StartTime": dt.datetime.fromtimestamp(t0 / 1000, tz=dt.UTC),
            "EndTime": dt.datetime.fromtimestamp(center.controls.now() / 1000, tz=dt.UTC),
        },
    )
    return {c["Id"] for c in found["Contacts"]}


def test_chat_queues_and_routes_when_started_by_api(center: Center) -> None:
    qid, qarn = center.queue("Chat")
    flow = center.flow_to(qarn, "to-chat")
    profile = center.profile("chat", [(qid, "CHAT", 1, 0)], CHAT=2)
    t0 = center.controls.now()
    started = center.connect.start_chat_contact(
        InstanceId=center.instance_id,
        ContactFlowId=flow,
        ParticipantDetails={"DisplayName": "Customer"},
        Attributes={"topic": "billing"},
    )
    assert started["ParticipantId"]
    assert started["ParticipantToken"]
    chat = started["ContactId"]
    described = center.describe(chat)
    assert (described["Channel"], described["InitiationMethod"]) == ("CHAT", "API")
    assert described["QueueInfo"]["Id"] == qid
    assert described["Attributes"] == {"topic": "billing"}
    assert center.position(chat) == 1
    assert chat not in _search_ids(center, t0)  # R5.1.5: not visible while queued
    second = center.connect.start_chat_contact(
        InstanceId=center.instance_id, ContactFlowId=flow, ParticipantDetails={"DisplayName": "B"}
    )["ContactId"]
    agent = center.agent("ada", profile)
    # Chat concurrency 2: both chats are offered at once.
    assert sorted(_slots(center, agent)) == sorted(
        [(chat, "CHAT", "CONNECTING"), (second, "CHAT", "CONNECTING")]
    )
    center.controls.accept(center.instance_id, agent, chat)
    assert chat in _search_ids(center, t0)


def test_outbound_voice_api_queues_in_given_queue_when_flow_transfers(center: Center) -> None:
    qid, _ = center.queue("Callbacks")
    flow = center.flow(TRANSFER_ONLY, "transfer-only")
    made = center.connect.start_outbound_voice_contact(
        InstanceId=center.instance_id,
        ContactFlowId=flow,
        DestinationPhoneNumber="+12065550100",
        QueueId=qid,
        Attributes={"campaign": "spring"},
    )
    described = center.describe(made["ContactId"])
    assert (described["Channel"], described["InitiationMethod"]) == ("VOICE", "API")
    assert described["QueueInfo"]["Id"] == qid
    assert described["Attributes"] == {"campaign": "spring"}


def test_outbound_voice_without_queue_disconnects_when_flow_only_transfers(center: Center) -> None:
    flow = center.flow(TRANSFER_ONLY, "transfer-only")
    made = center.connect.start_outbound_voice_contact(
        InstanceId=center.instance_id, ContactFlowId=flow, DestinationPhoneNumber="+12065550100"
    )
    described = center.describe(made["ContactId"])
    assert "QueueInfo" not in described  # no working queue: the NoMatchingError branch
    assert described["DisconnectReason"] == "CONTACT_FLOW_DISCONNECT"


def test_inbound_call_auto_accepted_when_phone_config_says_so(center: Center) -> None:
    qid, qarn = center.queue("Phones")
    flow = center.flow_to(qarn, "to-phones")
    profile = center.profile("voice", [(qid, "VOICE", 1, 0)], VOICE=1)
    agent = center.agent("bea", profile, auto_accept=True)
    call = center.controls.place_call(center.instance_id, contact_flow_id=flow)
    assert call["Status"] == "CONNECTED"
    assert _slots(center, agent) == [(call["ContactId"], "VOICE", "CONNECTED")]
    info = center.describe(call["ContactId"])["AgentInfo"]
    # R5.2.2 ASSUMPTION: with auto-accept, accepted = connected.
    assert info["AcceptedByAgentTimestamp"] == info["ConnectedToAgentTimestamp"]
    waiting = center.controls.place_call(center.instance_id, queue_id=qid)
    assert (waiting["Status"], waiting["PositionInQueue"]) == ("QUEUED", 1)
    center.controls.abandon(center.instance_id, waiting["ContactId"])
    assert center.describe(waiting["ContactId"])["DisconnectReason"] == "CUSTOMER_DISCONNECT"


def test_agent_outbound_call_connects_at_once_when_placed_from_ccp(center: Center) -> None:
    qid, qarn = center.queue("Out")
    flow = center.flow_to(qarn, "to-out")
    profile = center.profile("out", [(qid, "VOICE", 1, 0)], VOICE=1)
    agent = center.agent("cal", profile, auto_accept=True)
    placed = center.controls.outbound(center.instance_id, agent)
    assert placed["Status"] == "CONNECTED"
    assert _slots(center, agent) == [(placed["ContactId"], "VOICE", "CONNECTED")]
    described = center.describe(placed["ContactId"])
    assert (described["Channel"], described["InitiationMethod"]) == ("VOICE", "OUTBOUND")
    assert described["AgentInfo"]["Id"] == agent
    # R5.3.3 ASSUMPTION: the default outbound queue, never waited in (no EnqueueTimestamp).
    assert described["QueueInfo"] == {"Id": qid}
    # The agent's one VOICE slot is busy: an inbound call waits.
    call = center.controls.place_call(center.instance_id, contact_flow_id=flow)
    assert call["PositionInQueue"] == 1
    center.controls.end(center.instance_id, agent, placed["ContactId"])
    center.controls.clear_acw(center.instance_id, agent, placed["ContactId"])
    assert _slots(center, agent) == [(call["ContactId"], "VOICE", "CONNECTED")]


def _race_after_outbound(center: Center, timer: str) -> tuple[str, str, str]:
    """Two idle agents; the longest idle places an outbound call; who gets the next inbound?"""
    qid, qarn = center.queue("Race")
    flow = center.flow_to(qarn, "to-race")
    profile = center.profile("race", [(qid, "VOICE", 1, 0)], VOICE=1)
    center.connect.update_routing_profile_agent_availability_timer(
        InstanceId=center.instance_id, RoutingProfileId=profile, AgentAvailabilityTimer=timer
    )
    dialer = center.agent("dia", profile, auto_accept=True)
    center.controls.advance(seconds=10)
    other = center.agent("oth", profile, auto_accept=True)
    center.controls.advance(seconds=10)
    placed = center.controls.outbound(center.instance_id, dialer)["ContactId"]
    center.controls.advance(seconds=5)
    center.controls.end(center.instance_id, dialer, placed)
    center.controls.clear_acw(center.instance_id, dialer, placed)
    call = center.controls.place_call(center.instance_id, contact_flow_id=flow)["ContactId"]
    return dialer, other, call


def test_outbound_call_sends_agent_to_back_when_timer_counts_all_activity(center: Center) -> None:
    dialer, other, call = _race_after_outbound(center, "TIME_SINCE_LAST_ACTIVITY")
    assert _slots(center, other) == [(call, "VOICE", "CONNECTED")]  # R1.2.7
    assert _slots(center, dialer) == []


def test_outbound_call_keeps_agent_place_when_timer_counts_inbound_only(center: Center) -> None:
    dialer, other, call = _race_after_outbound(center, "TIME_SINCE_LAST_INBOUND")
    assert _slots(center, dialer) == [(call, "VOICE", "CONNECTED")]  # R1.2.7
    assert _slots(center, other) == []


def _cross(center: Center, behavior: str) -> tuple[str, str, str, str]:
    chat_id, chat_arn = center.queue("Chats")
    task_id, task_arn = center.queue("Tasks")
    to_chat, to_task = center.flow_to(chat_arn, "to-chats"), center.flow_to(task_arn, "to-tasks")
    made = center.connect.create_routing_profile(
        InstanceId=center.instance_id,
        Name="mixed",
        Description="mixed",
        DefaultOutboundQueueId=chat_id,
        MediaConcurrencies=[
            {
                "Channel": "CHAT",
                "Concurrency": 2,
                "CrossChannelBehavior": {"BehaviorType": behavior},
            },
            {"Channel": "TASK", "Concurrency": 1},
        ],
        QueueConfigs=[
            {"QueueReference": {"QueueId": chat_id, "Channel": "CHAT"}, "Priority": 1, "Delay": 0},
            {"QueueReference": {"QueueId": task_id, "Channel": "TASK"}, "Priority": 1, "Delay": 0},
        ],
    )
    agent = center.agent("mix", made["RoutingProfileId"], auto_accept_channels=("CHAT", "TASK"))
    chat = center.connect.start_chat_contact(
        InstanceId=center.instance_id,
        ContactFlowId=to_chat,
        ParticipantDetails={"DisplayName": "c"},
    )["ContactId"]
    task = center.task(to_task, "t")
    return agent, chat, task, to_task


def test_task_offered_during_chat_when_chat_allows_any_channel(center: Center) -> None:
    agent, chat, task, _ = _cross(center, "ROUTE_ANY_CHANNEL")
    assert sorted(_slots(center, agent)) == sorted(
        [(chat, "CHAT", "CONNECTED"), (task, "TASK", "CONNECTED")]
    )


def test_task_waits_during_chat_when_chat_routes_current_channel_only(center: Center) -> None:
    agent, chat, task, _ = _cross(center, "ROUTE_CURRENT_CHANNEL_ONLY")
    assert _slots(center, agent) == [(chat, "CHAT", "CONNECTED")]
    assert center.position(task) == 1
    center.controls.end(center.instance_id, agent, chat)
    center.controls.clear_acw(center.instance_id, agent, chat)
    assert _slots(center, agent) == [(task, "TASK", "CONNECTED")]
