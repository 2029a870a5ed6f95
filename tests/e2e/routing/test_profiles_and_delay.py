"""Routing-profile priority and delay across queues, and which agent gets a contact (R1.3, R1.4)."""

from __future__ import annotations

from tests.e2e.routing.conftest import Center


def _offered(center: Center, user_id: str) -> list[str]:
    return [c["ContactId"] for c in center.agent_view(user_id)["Contacts"]]


def test_profile_priority_beats_older_contact_when_both_queues_eligible(center: Center) -> None:
    high_id, high_arn = center.queue("High")
    low_id, low_arn = center.queue("Low")
    to_high = center.flow_to(high_arn, "to-high")
    to_low = center.flow_to(low_arn, "to-low")
    profile = center.profile("two", [(high_id, "TASK", 1, 0), (low_id, "TASK", 2, 0)], TASK=1)
    older = center.task(to_low, "older")
    center.controls.advance(seconds=60)
    newer = center.task(to_high, "newer")
    agent = center.agent("ada", profile, auto_accept_channels=("TASK",))
    # R1.3.2: the priority-1 queue wins even though the other contact waited a minute longer.
    assert center.describe(newer)["AgentInfo"]["Id"] == agent
    assert "AgentInfo" not in center.describe(older)
    assert center.position(older) == 1


def test_oldest_contact_wins_when_queues_share_priority_and_delay(center: Center) -> None:
    a_id, a_arn = center.queue("A")
    b_id, b_arn = center.queue("B")
    to_a, to_b = center.flow_to(a_arn, "to-a"), center.flow_to(b_arn, "to-b")
    profile = center.profile("same", [(a_id, "TASK", 3, 0), (b_id, "TASK", 3, 0)], TASK=1)
    in_b = center.task(to_b, "in-b")
    center.controls.advance(seconds=5)
    in_a = center.task(to_a, "in-a")
    agent = center.agent("bea", profile, auto_accept_channels=("TASK",))
    # R1.3.5: same priority and delay -> the oldest contact across both queues.
    assert center.describe(in_b)["AgentInfo"]["Id"] == agent
    assert center.position(in_a) == 1


def test_delayed_queue_waits_for_its_delay_when_agent_idle(center: Center) -> None:
    slow_id, slow_arn = center.queue("Slow")
    fast_id, fast_arn = center.queue("Fast")
    to_slow, to_fast = center.flow_to(slow_arn, "to-slow"), center.flow_to(fast_arn, "to-fast")
    # Priority 1 but 30 s delay on Slow; priority 2 and no delay on Fast (R1.2.1, R1.3.3).
    profile = center.profile("gated", [(slow_id, "TASK", 1, 30), (fast_id, "TASK", 2, 0)], TASK=1)
    first = center.agent("cal", profile, auto_accept_channels=("TASK",))
    gated = center.task(to_slow, "gated")
    open_now = center.task(to_fast, "open")
    # The gated contact is not eligible yet: the agent gets the lower-priority one.
    assert _offered(center, first) == [open_now]
    second = center.agent("dee", profile)
    center.controls.advance(seconds=29)
    assert _offered(center, second) == []
    assert center.position(gated) == 1
    center.controls.advance(seconds=1)
    # Exactly at 30 s the delay is met and the idle agent is offered the contact.
    assert _offered(center, second) == [gated]
    assert center.contact_view(gated)["Status"] == "CONNECTING"


def test_delay_applies_per_profile_when_two_profiles_serve_queue(center: Center) -> None:
    qid, qarn = center.queue("Shared")
    flow = center.flow_to(qarn, "to-shared")
    patient = center.profile("patient", [(qid, "TASK", 1, 60)], TASK=1)
    eager = center.profile("eager", [(qid, "TASK", 1, 10)], TASK=1)
    late_agent = center.agent("eve", patient)  # idle longest, but behind a 60 s delay
    contact = center.task(flow, "c")
    early_agent = center.agent("fay", eager)
    assert _offered(center, late_agent) == []
    assert _offered(center, early_agent) == []
    center.controls.advance(seconds=10)
    # R1.3.3: agents on a profile with a smaller delay take it first.
    assert _offered(center, early_agent) == [contact]
    assert _offered(center, late_agent) == []


def test_longest_idle_agent_gets_contact_when_several_ready(center: Center) -> None:
    qid, qarn = center.queue("Idle")
    flow = center.flow_to(qarn, "to-idle")
    profile = center.profile("idle", [(qid, "TASK", 1, 0)], TASK=1)
    newcomer_first = center.agent("gus", profile, available=False)
    veteran = center.agent("hal", profile)
    center.controls.advance(seconds=5)
    center.status(newcomer_first, "Available")
    contact = center.task(flow, "c")
    # R1.4.1: hal has been Available for 5 s longer.
    assert _offered(center, veteran) == [contact]
    assert _offered(center, newcomer_first) == []


def test_agent_never_gets_contact_when_profile_lacks_queue(center: Center) -> None:
    served_id, _ = center.queue("Served")
    _, other_arn = center.queue("Other")
    flow = center.flow_to(other_arn, "to-other")
    profile = center.profile("narrow", [(served_id, "TASK", 1, 0)], TASK=1)
    agent = center.agent("ivy", profile)
    contact = center.task(flow, "c")
    center.controls.advance(seconds=600)
    # R1.4.4: however long the agent idles, the contact waits.
    assert _offered(center, agent) == []
    assert center.position(contact) == 1


def test_channel_not_enabled_in_profile_is_ignored_when_routing(center: Center) -> None:
    qid, qarn = center.queue("ChatOnly")
    flow = center.flow_to(qarn, "to-chat-only")
    # The TASK queue config exists but TASK has no MediaConcurrency (R1.2.2).
    profile = center.profile("chat", [(qid, "TASK", 1, 0), (qid, "CHAT", 1, 0)], CHAT=2)
    agent = center.agent("jo", profile)
    contact = center.task(flow, "c")
    assert _offered(center, agent) == []
    assert center.position(contact) == 1


def test_task_concurrency_fills_slots_when_profile_allows_several(center: Center) -> None:
    qid, qarn = center.queue("Busy")
    flow = center.flow_to(qarn, "to-busy")
    profile = center.profile("three", [(qid, "TASK", 1, 0)], TASK=3)
    agent = center.agent("kit", profile, auto_accept_channels=("TASK",))
    tasks = [center.task(flow, f"t{i}") for i in range(4)]
    # R1.2.3: at most three TASK slots; the fourth waits at position 1.
    assert sorted(_offered(center, agent)) == sorted(tasks[:3])
    assert center.position(tasks[3]) == 1
    center.controls.end(center.instance_id, agent, tasks[0])
    center.controls.clear_acw(center.instance_id, agent, tasks[0])
    assert tasks[3] in _offered(center, agent)
