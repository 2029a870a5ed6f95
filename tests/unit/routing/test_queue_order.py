"""Waiting order inside one (queue, channel): priority, routing age, positions, capacity."""

from __future__ import annotations

import pytest

from switchboard.domain.errors import ConflictError, InvalidArgumentError
from switchboard.domain.routing import QueueAtCapacityError, QueueDisabledError
from switchboard.domain.routing.events import ContactDequeued
from switchboard.domain.routing.types import DequeueReason
from tests.unit.routing.routing_world import CHAT, VOICE, World, kinds


def _queue_only(world: World) -> None:
    world.queue("q")
    world.profile("p", [("q", VOICE, 1, 0), ("q", CHAT, 1, 0)], {VOICE: 1, CHAT: 2})


def test_positions_are_one_to_n_in_arrival_order_when_priorities_are_equal(world: World) -> None:
    _queue_only(world)
    for i in range(5):
        world.call(f"c{i}", "q", 100 * i)
    assert [world.engine.position(f"c{i}") for i in range(5)] == [1, 2, 3, 4, 5]
    assert world.engine.queue_contacts("q", VOICE) == [f"c{i}" for i in range(5)]
    assert world.engine.waiting_count("q") == 5
    assert world.engine.oldest_enqueued_at("q", VOICE) == 0


def test_lower_queue_priority_goes_first_when_it_arrives_later(world: World) -> None:
    _queue_only(world)
    world.call("old", "q", 0)
    world.call("vip", "q", 1_000, queue_priority=1)
    assert world.engine.queue_contacts("q", VOICE) == ["vip", "old"]
    assert world.engine.position("vip") == 1


def test_age_adjustment_moves_contact_ahead_when_it_exceeds_the_age_gap(world: World) -> None:
    _queue_only(world)
    world.call("a", "q", 0)
    world.call("b", "q", 5_000)
    world.call("c", "q", 9_000, age_adjust_ms=6_000)  # looks enqueued at 3_000
    assert world.engine.queue_contacts("q", VOICE) == ["a", "c", "b"]


def test_update_routing_reorders_and_replaces_adjustment_when_called_twice(world: World) -> None:
    _queue_only(world)
    for i, t in enumerate((0, 1_000, 2_000)):
        world.call(f"c{i}", "q", t)
    world.engine.update_routing("c2", world.at(3_000), age_adjust_ms=10_000)
    assert world.engine.position("c2") == 1
    world.engine.update_routing("c2", world.at(3_000), age_adjust_ms=0)  # replaces (R1.10.2)
    assert world.engine.position("c2") == 3
    world.engine.update_routing("c1", world.at(3_000), queue_priority=1)
    assert world.engine.queue_contacts("q", VOICE) == ["c1", "c0", "c2"]


def test_update_routing_fails_when_both_priority_and_adjustment_given(world: World) -> None:
    _queue_only(world)
    world.call("c", "q", 0)
    with pytest.raises(InvalidArgumentError):
        world.engine.update_routing("c", 1, queue_priority=1, age_adjust_ms=5)


def test_update_routing_conflicts_when_contact_is_connected(world: World) -> None:
    _queue_only(world)
    world.agent("a", "p", auto_accept={VOICE: True})
    world.call("c", "q", 0)
    with pytest.raises(ConflictError):
        world.engine.update_routing("c", 1, queue_priority=1)


def test_positions_are_counted_per_channel_when_channels_share_a_queue(world: World) -> None:
    _queue_only(world)
    world.call("v1", "q", 0)
    world.call("ch1", "q", 1, channel=CHAT)
    world.call("v2", "q", 2)
    assert world.engine.position("ch1") == 1
    assert world.engine.position("v2") == 2
    assert world.engine.waiting_count("q", CHAT) == 1


def test_dequeue_closes_the_gap_when_a_contact_abandons(world: World) -> None:
    _queue_only(world)
    for i in range(3):
        world.call(f"c{i}", "q", i)
    events = world.engine.dequeue("c0", world.at(10), DequeueReason.ABANDONED)
    assert isinstance(events[-1], ContactDequeued)
    assert not world.engine.has_contact("c0")
    assert [world.engine.position(c) for c in ("c1", "c2")] == [1, 2]


def test_enqueue_raises_at_capacity_when_queue_is_full(world: World) -> None:
    world.queue("q", max_contacts=2)
    world.profile("p", [("q", VOICE, 1, 0), ("q", CHAT, 1, 0)], {VOICE: 1, CHAT: 1})
    world.call("c1", "q", 0)
    world.call("c2", "q", 0, channel=CHAT)  # all channels count together (R1.8.1)
    with pytest.raises(QueueAtCapacityError):
        world.call("c3", "q", 1)
    assert not world.engine.has_contact("c3")


def test_allowance_admits_twenty_percent_more_when_transfer_or_callback(world: World) -> None:
    world.queue("q", max_contacts=5)
    for i in range(5):
        world.call(f"c{i}", "q", i)
    from switchboard.domain.routing import EnqueueContact

    world.engine.enqueue(EnqueueContact("cb", VOICE, "CALLBACK"), "q", 10, capacity_allowance=True)
    with pytest.raises(QueueAtCapacityError):
        world.engine.enqueue(EnqueueContact("cb2", VOICE), "q", 10, capacity_allowance=True)


def test_agent_queue_holds_at_most_ten_when_no_limit_set(world: World) -> None:
    world.queue("q")
    world.profile("p", [("q", VOICE, 1, 0)])
    world.agent("a", "p", available=False)
    for i in range(10):
        world.call(f"c{i}", "agentq-a", i)
    with pytest.raises(QueueAtCapacityError):
        world.call("c10", "agentq-a", 20)


def test_disabled_queue_refuses_new_contacts_but_routes_waiting_ones_when_disabled(
    world: World,
) -> None:
    world.queue("q")
    world.profile("p", [("q", VOICE, 1, 0)])
    world.agent("a", "p", available=False, auto_accept={VOICE: True})
    world.call("waiting", "q", 0)
    world.queue("q", enabled=False)
    with pytest.raises(QueueDisabledError):
        world.call("new", "q", 1)
    from tests.unit.routing.routing_world import AVAILABLE

    events = world.engine.set_agent_status("a", AVAILABLE, world.at(2))
    assert "ContactConnected" in kinds(events)
    assert world.holder("waiting") == "a"


def test_time_cannot_go_backwards_when_calls_are_out_of_order(world: World) -> None:
    _queue_only(world)
    world.call("c", "q", 100)
    with pytest.raises(InvalidArgumentError):
        world.engine.advance(50)
