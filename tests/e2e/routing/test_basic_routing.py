"""Contacts really queue and get routed: priority and age, auto-accept, ACW, misses, stop."""

from __future__ import annotations

from tests.e2e.routing.conftest import Center


def test_auto_accept_agent_receives_head_contact_when_available(center: Center) -> None:
    qid, qarn = center.queue("Priority")
    flow = center.flow_to(qarn, "to-priority")
    profile = center.profile("priority", [(qid, "TASK", 1, 0)], TASK=1)
    first = center.task(flow, "first")
    second = center.task(flow, "second")
    # PhoneConfig.AutoAccept alone: the legacy flag covers every channel (auto_accept docstring).
    agent = center.agent("grace", profile, auto_accept=True)
    described = center.describe(first)
    assert described["AgentInfo"]["Id"] == agent
    assert (
        described["AgentInfo"]["ConnectedToAgentTimestamp"]
        == described["AgentInfo"]["AcceptedByAgentTimestamp"]
    )
    assert center.contact_view(first)["Status"] == "CONNECTED"
    assert center.position(second) == 1
    assert "AgentInfo" not in center.describe(second)


def test_agent_receives_head_contact_when_accepting_by_hand(center: Center) -> None:
    qid, qarn = center.queue("Support")
    flow = center.flow_to(qarn, "to-support")
    profile = center.profile("support", [(qid, "TASK", 1, 0)], TASK=1)
    first = center.task(flow, "first")
    second = center.task(flow, "second")
    assert center.describe(first)["QueueInfo"]["Id"] == qid
    assert center.position(first) == 1
    assert center.position(second) == 2
    agent = center.agent("ada", profile)
    center.controls.accept(center.instance_id, agent, first)
    described = center.describe(first)
    assert described["AgentInfo"]["Id"] == agent
    assert "ConnectedToAgentTimestamp" in described["AgentInfo"]
    assert center.position(second) == 1


def test_priority_then_age_orders_queue_when_routing_data_updated(center: Center) -> None:
    _qid, qarn = center.queue("Sales")
    flow = center.flow_to(qarn, "to-sales")
    ids = [center.task(flow, f"t{i}") for i in range(4)]
    center.controls.advance(seconds=10)
    center.connect.update_contact_routing_data(
        InstanceId=center.instance_id, ContactId=ids[3], QueuePriority=1
    )
    assert [center.position(c) for c in ids] == [2, 3, 4, 1]
    center.connect.update_contact_routing_data(
        InstanceId=center.instance_id, ContactId=ids[2], QueueTimeAdjustmentSeconds=600
    )
    assert [center.position(c) for c in ids] == [3, 4, 2, 1]
    described = center.describe(ids[2])
    assert described["QueueTimeAdjustmentSeconds"] == 600
    assert described["QueuePriority"] == 5


def test_stop_removes_contact_from_queue_when_waiting(center: Center) -> None:
    _qid, qarn = center.queue("Billing")
    flow = center.flow_to(qarn, "to-billing")
    a, b = center.task(flow, "a"), center.task(flow, "b")
    center.connect.stop_contact(InstanceId=center.instance_id, ContactId=a)
    assert center.position(b) == 1
    described = center.describe(a)
    assert "DisconnectTimestamp" in described
    assert described["DisconnectReason"] == "API"
