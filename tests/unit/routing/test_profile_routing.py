"""Which contact an agent gets and which agent a contact gets (R1.1.2, R1.2, R1.3, R1.4)."""

from __future__ import annotations

from switchboard.domain.routing import AvailabilityTimer, CrossChannel
from switchboard.domain.routing.types import ContactPhase
from tests.unit.routing.routing_world import AVAILABLE, CHAT, TASK, VOICE, World, kinds


def test_contact_is_invisible_to_a_profile_until_its_delay_elapses_when_delay_is_set(
    world: World,
) -> None:
    world.queue("q")
    world.profile("slow", [("q", VOICE, 1, 30_000)])
    world.agent("a", "slow")
    world.call("c", "q", 0)
    assert world.engine.contact_state("c").phase is ContactPhase.QUEUED
    assert world.engine.next_due() == 30_000
    assert world.engine.advance(29_999) == []
    events = world.engine.advance(30_000)
    assert kinds(events) == ["ContactOffered"]
    assert events[0].at == 30_000


def test_agent_with_smaller_delay_takes_contact_first_when_profiles_differ(world: World) -> None:
    world.queue("q")
    world.profile("slow", [("q", VOICE, 1, 10_000)])
    world.profile("fast", [("q", VOICE, 1, 0)])
    world.agent("old", "slow")  # idle longer, but delayed
    world.at(5)
    world.agent("new", "fast")
    world.call("c", "q", 10)
    assert world.holder("c") == "new"


def test_higher_priority_queue_wins_over_older_contact_when_both_are_eligible(
    world: World,
) -> None:
    world.queue("low")
    world.queue("high")
    world.profile("p", [("high", VOICE, 1, 0), ("low", VOICE, 2, 0)])
    world.agent("a", "p", available=False)
    world.call("old", "low", 0)
    world.call("young", "high", 50_000)
    world.engine.set_agent_status("a", AVAILABLE, world.at(60_000))
    assert world.holder("young") == "a"


def test_lower_priority_queue_is_served_while_high_priority_delay_runs_when_delays_differ(
    world: World,
) -> None:
    world.queue("q1")
    world.queue("q2")
    world.profile("p", [("q1", VOICE, 1, 20_000), ("q2", VOICE, 2, 0)], {VOICE: 1})
    world.agent("a", "p", available=False)
    world.call("in-q1", "q1", 0)
    world.call("in-q2", "q2", 5_000)
    world.engine.set_agent_status("a", AVAILABLE, world.at(10_000))
    assert world.holder("in-q2") == "a"  # q1 contact not yet visible to p (R1.3.3)


def test_contact_becomes_eligible_after_delay_when_agent_is_waiting_on_two_queues(
    world: World,
) -> None:
    world.queue("q1")
    world.queue("q2")
    world.profile("p", [("q1", VOICE, 1, 20_000), ("q2", VOICE, 2, 0)], {VOICE: 1})
    world.agent("a", "p", auto_accept={VOICE: True})
    world.call("c", "q1", 0)
    assert world.holder("c") is None
    world.engine.advance(20_000)
    assert world.holder("c") == "a"


def test_same_priority_queues_serve_the_oldest_contact_when_delays_are_met(world: World) -> None:
    world.queue("q1")
    world.queue("q2")
    world.profile("p", [("q1", VOICE, 1, 0), ("q2", VOICE, 1, 0)])
    world.agent("a", "p", available=False)
    world.call("older-q2", "q2", 1_000)
    world.call("newer", "q1", 2_000)
    world.engine.set_agent_status("a", AVAILABLE, world.at(3_000))
    assert world.holder("older-q2") == "a"


def test_agent_queue_outranks_standard_queues_when_both_hold_contacts(world: World) -> None:
    world.queue("q")
    world.profile("p", [("q", VOICE, 1, 0)])
    world.agent("a", "p", available=False)
    world.call("standard", "q", 0, queue_priority=1)
    world.call("personal", "agentq-a", 60_000, queue_priority=9)
    world.engine.set_agent_status("a", AVAILABLE, world.at(70_000))
    assert world.holder("personal") == "a"


def test_agent_queue_contact_only_goes_to_its_owner_when_others_are_idle(world: World) -> None:
    world.queue("q")
    world.profile("p", [("q", VOICE, 1, 0)])
    world.agent("other", "p")
    world.agent("owner", "p", available=False)
    world.call("c", "agentq-owner", 10)
    assert world.holder("c") is None
    world.engine.set_agent_status("owner", AVAILABLE, world.at(20))
    assert world.holder("c") == "owner"


def test_longest_idle_agent_gets_the_contact_when_several_are_available(world: World) -> None:
    world.queue("q")
    world.profile("p", [("q", VOICE, 1, 0)])
    world.at(0)
    world.agent("b", "p")
    world.at(10)
    world.agent("a", "p")
    world.call("c1", "q", 20)
    world.call("c2", "q", 21)
    assert world.holder("c1") == "b"
    assert world.holder("c2") == "a"
    assert world.engine.ready_agents("q", VOICE) == ()


def test_user_id_breaks_ties_when_agents_became_idle_together(world: World) -> None:
    world.queue("q")
    world.profile("p", [("q", VOICE, 1, 0)])
    world.agent("zed", "p")
    world.agent("amy", "p")
    world.call("c", "q", 5)
    assert world.holder("c") == "amy"


def test_agent_without_the_queue_never_gets_it_when_idle_longest(world: World) -> None:
    world.queue("q")
    world.queue("other")
    world.profile("p", [("other", VOICE, 1, 0)])
    world.profile("p2", [("q", VOICE, 1, 0)])
    world.agent("a", "p")
    world.at(100)
    world.agent("b", "p2")
    world.call("c", "q", 200)
    assert world.holder("c") == "b"
    assert world.engine.agents_serving("q", VOICE) == ("b",)


def test_chat_concurrency_allows_several_offers_when_slots_are_free(world: World) -> None:
    world.queue("q")
    world.profile("p", [("q", CHAT, 1, 0)], {CHAT: 2})
    world.agent("a", "p")
    for i in range(3):
        world.call(f"c{i}", "q", i, channel=CHAT)
    assert [world.holder(f"c{i}") for i in range(3)] == ["a", "a", None]
    assert world.engine.position("c2") == 1


def test_voice_blocks_chat_when_voice_is_current_channel_only(world: World) -> None:
    world.queue("q")
    entries = [("q", VOICE, 1, 0), ("q", CHAT, 1, 0)]
    world.profile("p", entries, {VOICE: 1, CHAT: 2}, {VOICE: CrossChannel.CURRENT_ONLY})
    world.agent("a", "p", auto_accept={VOICE: True})
    world.call("v", "q", 0)
    world.call("ch", "q", 1, channel=CHAT)
    assert world.holder("ch") is None


def test_chat_is_offered_during_voice_when_voice_allows_any_channel(world: World) -> None:
    world.queue("q")
    entries = [("q", VOICE, 1, 0), ("q", CHAT, 1, 0)]
    cross = {VOICE: CrossChannel.ANY, CHAT: CrossChannel.CURRENT_ONLY}
    world.profile("p", entries, {VOICE: 1, CHAT: 2}, cross)
    world.agent("a", "p", auto_accept={VOICE: True, CHAT: True})
    world.call("v", "q", 0)
    world.call("ch", "q", 1, channel=CHAT)
    assert world.holder("ch") == "a"
    # now CHAT (current only) is held too: a new voice call must wait even after voice ends
    world.engine.end_contact("v", world.at(2))
    world.engine.clear_acw("v", world.at(3))
    world.call("v2", "q", 4)
    assert world.holder("v2") is None


def test_channel_without_concurrency_is_ignored_when_profile_lists_it(world: World) -> None:
    world.queue("q")
    world.profile("p", [("q", VOICE, 1, 0), ("q", TASK, 1, 0)], {VOICE: 1})
    world.agent("a", "p")
    world.call("t", "q", 0, channel=TASK)
    assert world.holder("t") is None
    assert world.engine.agents_serving("q", TASK) == ()


def test_profile_update_rematches_agents_when_a_queue_is_added(world: World) -> None:
    world.queue("q")
    world.queue("q2")
    world.profile("p", [("q", VOICE, 1, 0)])
    world.agent("a", "p")
    world.call("c", "q2", 0)
    world.at(10)
    world.profile("p", [("q", VOICE, 1, 0), ("q2", VOICE, 2, 0)])
    assert world.holder("c") == "a"


def test_batch_of_simultaneous_gates_gives_the_best_contact_when_one_agent_is_ready(
    world: World,
) -> None:
    world.queue("q")
    world.profile("p", [("q", VOICE, 1, 1_000)])
    world.agent("a", "p", auto_accept={VOICE: True})
    world.call("low", "q", 0, queue_priority=9)
    world.call("high", "q", 0, queue_priority=1)
    world.engine.advance(1_000)
    assert world.holder("high") == "a"
    assert world.holder("low") is None


def test_outbound_call_keeps_place_in_line_when_timer_is_time_since_last_inbound(
    world: World,
) -> None:
    world.queue("q")
    world.profile(
        "p", [("q", VOICE, 1, 0)], availability_timer=AvailabilityTimer.TIME_SINCE_LAST_INBOUND
    )
    world.agent("a", "p")
    world.at(10)
    world.agent("b", "p")
    world.engine.start_outbound("out", "a", VOICE, world.at(20))
    world.engine.end_contact("out", world.at(30))
    world.engine.clear_acw("out", world.at(40))
    assert world.engine.agent_state("a").idle_since == 0
    world.call("c", "q", 50)
    assert world.holder("c") == "a"


def test_outbound_call_sends_agent_to_the_back_when_timer_is_last_activity(world: World) -> None:
    world.queue("q")
    world.profile("p", [("q", VOICE, 1, 0)])
    world.agent("a", "p")
    world.at(10)
    world.agent("b", "p")
    world.engine.start_outbound("out", "a", VOICE, world.at(20))
    world.engine.end_contact("out", world.at(30))
    world.engine.clear_acw("out", world.at(40))
    assert world.engine.agent_state("a").idle_since == 40
    world.call("c", "q", 50)
    assert world.holder("c") == "b"


def test_freed_agent_skips_contacts_younger_than_its_delay_when_it_becomes_ready(
    world: World,
) -> None:
    world.queue("q")
    world.profile("p", [("q", VOICE, 1, 10_000)])
    world.agent("a", "p", available=False)
    world.call("young", "q", 0)
    world.engine.set_agent_status("a", AVAILABLE, world.at(5_000))
    assert world.holder("young") is None
    world.engine.advance(10_000)
    assert world.holder("young") == "a"
