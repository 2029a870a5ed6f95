"""Offers, misses, rejects, after contact work and next status (R1.5, R1.6, R1.7)."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.routing.conftest import Center

OFFER_TIMEOUT_S = 20  # the server's default (R1.5.2)


def _support(center: Center, concurrency: int = 1) -> tuple[str, str]:
    qid, qarn = center.queue("Support")
    flow = center.flow_to(qarn, "to-support")
    profile = center.profile("support", [(qid, "TASK", 1, 0)], TASK=concurrency)
    return flow, profile


def _slots(center: Center, user_id: str) -> list[tuple[str, str]]:
    return [(c["ContactId"], c["State"]) for c in center.agent_view(user_id)["Contacts"]]


def test_missed_offer_requeues_at_same_position_when_offer_times_out(center: Center) -> None:
    flow, profile = _support(center)
    head, behind = center.task(flow, "head"), center.task(flow, "behind")
    agent = center.agent("ada", profile)
    assert _slots(center, agent) == [(head, "CONNECTING")]
    assert center.position(behind) == 1
    assert "RingStartTimestamp" in center.describe(head)
    center.controls.advance(ms=OFFER_TIMEOUT_S * 1000 - 1)
    assert _slots(center, agent) == [(head, "CONNECTING")]
    center.controls.advance(ms=1)
    # R1.5.3: missed, back in the queue ahead of the later contact, the agent blocked.
    assert _slots(center, agent) == [(head, "MISSED")]
    view = center.agent_view(agent)
    assert view["Routable"] is False
    assert center.position(head) == 1
    assert center.position(behind) == 2
    described = center.contact_view(head)
    assert described["Status"] == "QUEUED"
    assert described["ConnectionAttempts"] == 1
    center.controls.advance(seconds=300)
    assert _slots(center, agent) == [(head, "MISSED")]
    # Choosing a status again clears the miss; the head contact is offered again.
    center.status(agent, "Available")
    assert _slots(center, agent) == [(head, "CONNECTING")]
    assert center.contact_view(head)["ConnectionAttempts"] == 2


def test_missed_contact_goes_to_next_agent_when_first_agent_blocked(center: Center) -> None:
    flow, profile = _support(center)
    first = center.agent("bea", profile)
    second = center.agent("cal", profile, available=False)
    contact = center.task(flow, "c")
    assert _slots(center, first) == [(contact, "CONNECTING")]
    center.status(second, "Available")
    center.controls.advance(seconds=OFFER_TIMEOUT_S)
    assert _slots(center, first) == [(contact, "MISSED")]
    assert _slots(center, second) == [(contact, "CONNECTING")]
    center.controls.accept(center.instance_id, second, contact)
    assert center.describe(contact)["AgentInfo"]["Id"] == second


def test_rejected_offer_requeues_and_blocks_agent_when_agent_declines(center: Center) -> None:
    flow, profile = _support(center)
    head, behind = center.task(flow, "head"), center.task(flow, "behind")
    agent = center.agent("dee", profile)
    center.controls.reject(center.instance_id, agent, head)
    # R1.5.4: re-queued as for a miss; the agent stays blocked until the state is cleared.
    assert _slots(center, agent) == [(head, "REJECTED")]
    assert center.position(head) == 1
    assert center.position(behind) == 2
    assert center.agent_view(agent)["Routable"] is False
    center.connect.dismiss_user_contact(InstanceId=center.instance_id, UserId=agent, ContactId=head)
    assert _slots(center, agent) == [(head, "CONNECTING")]


def test_dismiss_unknown_contact_is_not_found_when_agent_does_not_hold_it(center: Center) -> None:
    flow, profile = _support(center)
    agent = center.agent("eve", profile)
    contact = center.task(flow, "c")
    other = center.agent("fay", profile, available=False)
    with pytest.raises(ClientError) as err:
        center.connect.dismiss_user_contact(
            InstanceId=center.instance_id, UserId=other, ContactId=contact
        )
    assert err.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert _slots(center, agent) == [(contact, "CONNECTING")]


def _connected(center: Center, acw: int) -> tuple[str, str, str]:
    flow, profile = _support(center)
    agent = center.agent("gus", profile, acw=acw, auto_accept_channels=("TASK",))
    contact = center.task(flow, "c")
    assert _slots(center, agent) == [(contact, "CONNECTED")]
    return flow, agent, contact


def test_acw_ends_automatically_when_time_limit_elapses(center: Center) -> None:
    flow, agent, contact = _connected(center, acw=30)
    center.controls.advance(seconds=5)
    center.controls.end(center.instance_id, agent, contact)
    waiting = center.task(flow, "waiting")
    ended = center.describe(contact)
    assert ended["AgentInfo"]["AfterContactWorkStartTimestamp"] == ended["DisconnectTimestamp"]
    assert ended["DisconnectReason"] == "AGENT_DISCONNECT"
    # R1.6.1: the ACW slot blocks the only TASK slot.
    assert _slots(center, agent) == [(contact, "ENDED")]
    center.controls.advance(ms=29_999)
    assert _slots(center, agent) == [(contact, "ENDED")]
    center.controls.advance(ms=1)
    # R1.6.2: ACW ends at the limit; the freed slot takes the waiting contact.
    assert _slots(center, agent) == [(waiting, "CONNECTED")]
    info = center.describe(contact)["AgentInfo"]
    assert info["AfterContactWorkDuration"] == 30
    acw_ms = info["AfterContactWorkEndTimestamp"] - info["AfterContactWorkStartTimestamp"]
    assert acw_ms.total_seconds() == 30


def test_acw_lasts_until_cleared_when_time_limit_is_zero(center: Center) -> None:
    flow, agent, contact = _connected(center, acw=0)
    center.controls.end(center.instance_id, agent, contact)
    waiting = center.task(flow, "waiting")
    center.controls.advance(seconds=24 * 3600)
    assert _slots(center, agent) == [(contact, "ENDED")]
    assert "AfterContactWorkEndTimestamp" not in center.describe(contact)["AgentInfo"]
    center.controls.clear_acw(center.instance_id, agent, contact)
    assert _slots(center, agent) == [(waiting, "CONNECTED")]
    assert center.describe(contact)["AgentInfo"]["AfterContactWorkDuration"] == 24 * 3600


def test_dismiss_ends_acw_when_agent_in_after_contact_work(center: Center) -> None:
    _, agent, contact = _connected(center, acw=0)
    center.controls.end(center.instance_id, agent, contact)
    center.controls.advance(seconds=7)
    center.connect.dismiss_user_contact(
        InstanceId=center.instance_id, UserId=agent, ContactId=contact
    )
    assert _slots(center, agent) == []
    assert center.describe(contact)["AgentInfo"]["AfterContactWorkDuration"] == 7


def test_stop_contact_sends_agent_to_acw_when_connected(center: Center) -> None:
    _, agent, contact = _connected(center, acw=0)
    center.connect.stop_contact(InstanceId=center.instance_id, ContactId=contact)
    assert _slots(center, agent) == [(contact, "ENDED")]
    described = center.describe(contact)
    assert described["DisconnectReason"] == "API"
    assert "AfterContactWorkStartTimestamp" in described["AgentInfo"]
    with pytest.raises(ClientError) as err:
        center.connect.stop_contact(InstanceId=center.instance_id, ContactId=contact)
    assert err.value.response["Error"]["Code"] == "ContactNotFoundException"


def _custom_status(center: Center, name: str) -> str:
    made = center.connect.create_agent_status(
        InstanceId=center.instance_id, Name=name, State="ENABLED"
    )
    center.statuses[name] = made["AgentStatusId"]
    return str(made["AgentStatusId"])


def test_next_status_applies_when_last_contact_clears(center: Center) -> None:
    flow, agent, contact = _connected(center, acw=0)
    _custom_status(center, "Lunch")
    center.status(agent, "Lunch")
    # R1.6.4: the status waits as NextStatus; nothing new is routed meanwhile.
    view: dict[str, Any] = center.agent_view(agent)
    assert (view["Status"], view["NextStatus"], view["Routable"]) == ("Available", "Lunch", False)
    center.controls.end(center.instance_id, agent, contact)
    waiting = center.task(flow, "waiting")
    center.controls.clear_acw(center.instance_id, agent, contact)
    view = center.agent_view(agent)
    assert (view["Status"], view["NextStatus"]) == ("Lunch", None)
    assert view["Contacts"] == []
    assert center.position(waiting) == 1


def test_available_cancels_next_status_when_chosen_while_on_contact(center: Center) -> None:
    flow, agent, contact = _connected(center, acw=0)
    center.status(agent, "Offline")
    assert center.agent_view(agent)["NextStatus"] == "Offline"
    center.status(agent, "Available")
    assert center.agent_view(agent)["NextStatus"] is None
    center.controls.end(center.instance_id, agent, contact)
    center.controls.clear_acw(center.instance_id, agent, contact)
    waiting = center.task(flow, "waiting")
    assert _slots(center, agent) == [(waiting, "CONNECTED")]


def test_custom_status_clears_acw_at_once_when_agent_holds_only_acw(center: Center) -> None:
    _, agent, contact = _connected(center, acw=0)
    center.controls.end(center.instance_id, agent, contact)
    _custom_status(center, "Training")
    center.controls.advance(seconds=4)
    center.status(agent, "Training")
    # R1.6.4 worked example: the ACW contact is cleared and the status applies at once.
    view = center.agent_view(agent)
    assert (view["Status"], view["NextStatus"], view["Contacts"]) == ("Training", None, [])
    assert center.describe(contact)["AgentInfo"]["AfterContactWorkDuration"] == 4


def test_put_user_status_rejects_disabled_status_when_chosen(center: Center) -> None:
    _, profile = _support(center)
    agent = center.agent("hal", profile)
    status_id = _custom_status(center, "Gone")
    center.connect.update_agent_status(
        InstanceId=center.instance_id, AgentStatusId=status_id, State="DISABLED"
    )
    with pytest.raises(ClientError) as err:
        center.status(agent, "Gone")
    assert err.value.response["Error"]["Code"] == "InvalidRequestException"
    assert center.agent_view(agent)["Status"] == "Available"


def test_hold_and_resume_accumulate_hold_duration_when_agent_holds(center: Center) -> None:
    _, agent, contact = _connected(center, acw=0)
    center.controls.hold(center.instance_id, agent, contact)
    assert _slots(center, agent) == [(contact, "CONNECTED_ONHOLD")]
    center.controls.advance(seconds=12)
    center.controls.resume(center.instance_id, agent, contact)
    center.controls.end(center.instance_id, agent, contact)
    assert center.describe(contact)["AgentInfo"]["AgentInitiatedHoldDuration"] == 12


def test_customer_abandon_frees_queue_position_when_waiting(center: Center) -> None:
    flow, _ = _support(center)
    a, b = center.task(flow, "a"), center.task(flow, "b")
    center.controls.abandon(center.instance_id, a)
    assert center.position(b) == 1
    described = center.describe(a)
    assert described["DisconnectReason"] == "CUSTOMER_DISCONNECT"
    assert "AgentInfo" not in described


def test_dismiss_is_refused_when_contact_still_connected(center: Center) -> None:
    _, agent, contact = _connected(center, acw=0)
    with pytest.raises(ClientError) as err:
        center.connect.dismiss_user_contact(
            InstanceId=center.instance_id, UserId=agent, ContactId=contact
        )
    assert err.value.response["Error"]["Code"] == "InvalidRequestException"
    assert _slots(center, agent) == [(contact, "CONNECTED")]
