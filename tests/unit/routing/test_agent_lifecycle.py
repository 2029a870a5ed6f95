"""Offer, miss, reject, connect, hold, ACW and next status (R1.5, R1.6, R1.7)."""

from __future__ import annotations

import pytest

from switchboard.domain.errors import ConflictError, ContactNotFoundError, NotFoundError
from switchboard.domain.routing.events import AfterContactWorkCleared, ContactRejected
from switchboard.domain.routing.types import AgentContactState, ContactPhase, DequeueReason
from tests.unit.routing.routing_world import AVAILABLE, CHAT, LUNCH, OFFLINE, VOICE, World, kinds


def _one_agent(world: World, available: bool = True, **agent_kwargs: object) -> None:
    world.queue("q")
    world.profile("p", [("q", VOICE, 1, 0), ("q", CHAT, 1, 0)], {VOICE: 1, CHAT: 2})
    world.agent("a", "p", available, **agent_kwargs)


def test_offer_connects_immediately_when_auto_accept_is_on(world: World) -> None:
    _one_agent(world, auto_accept={VOICE: True})
    events = world.call("c", "q", 0)
    assert kinds(events) == ["ContactQueued", "ContactOffered", "ContactConnected"]
    assert world.engine.contact_state("c").phase is ContactPhase.CONNECTED
    assert world.engine.next_due() is None


def test_missed_offer_returns_contact_to_same_position_when_timeout_elapses(
    world: World,
) -> None:
    _one_agent(world)
    world.call("first", "q", 0)
    world.call("second", "q", 1)
    assert world.holder("first") == "a"
    assert world.engine.position("second") == 1
    events = world.engine.advance(20_000)
    assert kinds(events) == ["ContactMissed", "ContactRequeued"]
    assert world.engine.position("first") == 1
    assert world.engine.position("second") == 2
    view = world.engine.contact_state("first")
    assert view.enqueued_at == 0
    assert view.connection_attempts == 1
    agent = world.engine.agent_state("a")
    assert not agent.routable
    assert agent.contacts[0].state is AgentContactState.MISSED


def test_missed_agent_receives_nothing_until_it_sets_a_status_when_blocked(
    world: World,
) -> None:
    _one_agent(world)
    world.call("c", "q", 0)
    world.engine.advance(20_000)
    world.call("c2", "q", 25_000)
    assert world.holder("c2") is None
    events = world.engine.set_agent_status("a", AVAILABLE, world.at(30_000))
    assert kinds(events)[:2] == ["AgentSlotFreed", "ContactOffered"]
    assert world.holder("c") == "a"  # the older contact first


def test_missed_contact_goes_to_the_next_agent_when_another_is_ready(world: World) -> None:
    _one_agent(world)
    world.at(5)
    world.agent("b", "p")
    world.call("c", "q", 10)
    assert world.holder("c") == "a"
    events = world.engine.advance(20_010)
    assert kinds(events) == ["ContactMissed", "ContactRequeued", "ContactOffered"]
    assert world.holder("c") == "b"


def test_dismissing_a_missed_contact_unblocks_the_agent_when_cleared(world: World) -> None:
    _one_agent(world)
    world.call("c", "q", 0)
    world.engine.advance(20_000)
    world.engine.clear_agent_contact("a", "c", world.at(21_000))
    assert world.engine.agent_state("a").routable
    assert world.holder("c") == "a"


def test_reject_requeues_and_blocks_agent_when_agent_declines(world: World) -> None:
    _one_agent(world)
    world.call("c", "q", 0)
    events = world.engine.reject("c", "a", world.at(5))
    assert kinds(events) == ["ContactRejected", "ContactRequeued"]
    assert world.engine.position("c") == 1
    assert not world.engine.agent_state("a").routable


def test_customer_hangup_during_offer_leaves_agent_rejected_when_dequeued(world: World) -> None:
    _one_agent(world)
    world.call("c", "q", 0)
    events = world.engine.dequeue("c", world.at(3), DequeueReason.ABANDONED)
    rejected = [e for e in events if isinstance(e, ContactRejected)]
    assert rejected[0].by_customer
    assert not world.engine.has_contact("c")
    assert world.engine.agent_state("a").contacts[0].state is AgentContactState.REJECTED
    assert world.engine.next_due() is None


def test_accept_fails_when_contact_is_offered_to_someone_else(world: World) -> None:
    _one_agent(world)
    world.agent("b", "p", available=False)
    world.call("c", "q", 0)
    with pytest.raises(ConflictError):
        world.engine.accept("c", "b", 1)
    with pytest.raises(ContactNotFoundError):
        world.engine.accept("nope", "a", 1)
    with pytest.raises(NotFoundError):
        world.engine.accept("c", "ghost", 1)


def test_acw_ends_after_timeout_and_frees_slot_when_timeout_is_set(world: World) -> None:
    _one_agent(world, acw_timeout_ms={VOICE: 30_000})
    world.call("c", "q", 0)
    world.engine.accept("c", "a", world.at(1_000))
    events = world.engine.end_contact("c", world.at(61_000))
    assert kinds(events) == ["ContactEnded", "AfterContactWorkStarted"]
    world.call("next", "q", 62_000)
    assert world.holder("next") is None
    events = world.engine.advance(91_000)
    assert kinds(events)[:2] == ["AfterContactWorkCleared", "AgentSlotFreed"]
    cleared = events[0]
    assert isinstance(cleared, AfterContactWorkCleared)
    assert cleared.timed_out
    assert world.holder("next") == "a"
    assert not world.engine.has_contact("c")


def test_acw_lasts_until_cleared_when_timeout_is_zero(world: World) -> None:
    _one_agent(world, acw_timeout_ms={VOICE: 0})
    world.call("c", "q", 0)
    world.engine.accept("c", "a", world.at(1))
    world.engine.end_contact("c", world.at(2))
    assert world.engine.next_due() is None
    assert world.engine.advance(10_000_000) == []
    world.engine.clear_agent_acw("a", world.at(10_000_001))
    assert world.engine.agent_state("a").contacts == ()
    assert world.engine.agent_state("a").idle_since == 10_000_001


def test_end_contact_raises_contact_not_found_when_already_in_acw(world: World) -> None:
    _one_agent(world, auto_accept={VOICE: True})
    world.call("c", "q", 0)
    world.engine.end_contact("c", 1)
    with pytest.raises(ContactNotFoundError):
        world.engine.end_contact("c", 2)


def test_hold_and_resume_toggle_states_when_connected(world: World) -> None:
    _one_agent(world, auto_accept={VOICE: True})
    world.call("c", "q", 0)
    world.engine.hold("c", 1)
    assert world.engine.agent_state("a").contacts[0].state is AgentContactState.CONNECTED_ONHOLD
    with pytest.raises(ConflictError):
        world.engine.hold("c", 2)
    world.engine.resume("c", 3)
    assert world.engine.contact_state("c").phase is ContactPhase.CONNECTED


def test_custom_status_becomes_next_status_when_agent_is_on_a_contact(world: World) -> None:
    _one_agent(world, auto_accept={VOICE: True})
    world.call("c", "q", 0)
    events = world.engine.set_agent_status("a", LUNCH, world.at(5))
    assert kinds(events) == ["AgentNextStatusSet"]
    view = world.engine.agent_state("a")
    assert view.status == AVAILABLE
    assert view.next_status == LUNCH
    world.engine.end_contact("c", world.at(10))
    events = world.engine.clear_acw("c", world.at(20))
    assert kinds(events)[-1] == "AgentStatusChanged"
    assert world.engine.agent_state("a").status == LUNCH
    assert world.engine.agent_state("a").next_status is None


def test_pending_next_status_stops_new_offers_when_agent_has_free_chat_slots(
    world: World,
) -> None:
    _one_agent(world, auto_accept={CHAT: True})
    world.call("c1", "q", 0, channel=CHAT)
    world.engine.set_agent_status("a", OFFLINE, world.at(1))
    world.call("c2", "q", 2, channel=CHAT)
    assert world.holder("c2") is None


def test_available_cancels_next_status_when_chosen_again(world: World) -> None:
    _one_agent(world, auto_accept={VOICE: True})
    world.call("c", "q", 0)
    world.engine.set_agent_status("a", LUNCH, world.at(5))
    events = world.engine.set_agent_status("a", AVAILABLE, world.at(6))
    assert kinds(events) == ["AgentNextStatusSet"]
    assert world.engine.agent_state("a").next_status is None


def test_custom_status_clears_acw_and_applies_at_once_when_only_acw_is_held(
    world: World,
) -> None:
    _one_agent(world, auto_accept={VOICE: True})
    world.call("c", "q", 0)
    world.engine.end_contact("c", world.at(1))
    events = world.engine.set_agent_status("a", LUNCH, world.at(2))
    assert kinds(events) == ["AfterContactWorkCleared", "AgentSlotFreed", "AgentStatusChanged"]
    assert world.engine.agent_state("a").status == LUNCH


def test_custom_status_is_not_routable_when_contacts_wait(world: World) -> None:
    _one_agent(world, available=False)
    world.engine.set_agent_status("a", LUNCH, world.at(0))
    world.call("c", "q", 1)
    assert world.holder("c") is None
    world.engine.set_agent_status("a", AVAILABLE, world.at(2))
    assert world.holder("c") == "a"


def test_connection_failure_puts_agent_in_error_when_reported(world: World) -> None:
    _one_agent(world)
    world.call("c", "q", 0)
    events = world.engine.fail_connection("c", "a", world.at(1))
    assert kinds(events) == ["ContactConnectionFailed", "ContactRequeued"]
    assert world.engine.agent_state("a").contacts[0].state is AgentContactState.ERROR


def test_outbound_call_needs_a_free_slot_when_agent_is_busy(world: World) -> None:
    _one_agent(world, auto_accept={VOICE: True})
    world.call("c", "q", 0)
    with pytest.raises(ConflictError):
        world.engine.start_outbound("o", "a", VOICE, 1)


def test_outbound_call_is_allowed_when_agent_is_in_custom_status(world: World) -> None:
    _one_agent(world, available=False)
    world.engine.set_agent_status("a", LUNCH, 0)
    events = world.engine.start_outbound("o", "a", VOICE, 1)
    assert kinds(events) == ["ContactConnected"]
    assert world.engine.contact_state("o").queue_id is None


def test_remove_agent_conflicts_when_agent_holds_a_contact(world: World) -> None:
    _one_agent(world, auto_accept={VOICE: True})
    world.call("c", "q", 0)
    with pytest.raises(ConflictError):
        world.engine.remove_agent("a", 1)
    with pytest.raises(ConflictError):
        world.engine.remove_routing_profile("p", 1)
    with pytest.raises(ConflictError):
        world.engine.remove_queue("q", 1)
