"""The simulator drives the routing engine: determinism, abandonment, offers, shifts, ACW,
capacity and flows, checked on the contact records it produces."""

from __future__ import annotations

import copy
import json
from typing import Any

from switchboard.domain.contacts.contact import ContactStatus
from switchboard.sim.runner import RunOptions, Simulation, simulate
from switchboard.sim.scenario_yaml import parse_scenario

CENTER: dict[str, Any] = {
    "name": "unit",
    "duration_seconds": 1800,
    "queues": [{"name": "Sales"}],
    "routing_profiles": [{"name": "P", "queues": [{"queue": "Sales"}]}],
    "agents": [
        {"name": "a", "count": 3, "routing_profile": "P",
         "handle_time": {"distribution": "exponential", "mean": 120}},
    ],
    "arrivals": [
        {"name": "calls", "queue": "Sales", "poisson": {"rate_per_hour": 80},
         "patience": {"distribution": "exponential", "mean": 60}},
    ],
}  # fmt: skip


def _scenario(**changes: Any) -> Any:
    data = copy.deepcopy(CENTER)
    for key, value in changes.items():
        data[key] = value
    return parse_scenario(data)


def _agents(**fields: Any) -> list[dict[str, Any]]:
    agent = dict(CENTER["agents"][0])
    agent.update(fields)
    return [agent]


def _rows(result: Any) -> list[tuple[Any, ...]]:
    return [
        (r.contact.id, r.contact.status, r.contact.enqueued_at, r.contact.dequeued_at,
         r.contact.agent_id, r.contact.disconnected_at, r.contact.abandoned, r.predicted_wait_ms)
        for r in result.records
    ]  # fmt: skip


def test_same_seed_gives_identical_records_when_run_twice():
    scenario = _scenario()
    first, second = simulate(scenario, seed=5), simulate(scenario, seed=5)
    assert _rows(first) == _rows(second)
    assert len(first.records) > 20


def test_different_seed_gives_other_records_when_seed_changes():
    scenario = _scenario()
    assert _rows(simulate(scenario, seed=5)) != _rows(simulate(scenario, seed=6))


def test_records_match_summary_counts_when_every_contact_is_followed():
    result = simulate(_scenario(), seed=3)
    records = result.records
    assert len(records) == result.summary.arrivals
    answered = [r for r in records if r.contact.connected_to_agent_at is not None]
    abandoned = [r for r in records if r.contact.abandoned]
    assert len(answered) == result.summary.answered
    assert len(abandoned) == result.summary.abandoned > 0  # 3 agents, 80/h x 2 min: queues form
    assert all(r.contact.status is ContactStatus.FINISHED for r in records)
    for r in abandoned:  # abandoned via dequeue(ABANDONED): never reached an agent
        assert r.contact.agent_id is None
        assert r.contact.pre_disconnect_state == "IN_QUEUE"
    for r in answered:
        assert r.contact.acw_ended_at is not None
        assert r.contact.enqueued_at <= r.contact.connected_to_agent_at


def test_no_contact_abandons_when_patience_is_not_given():
    arrivals = [dict(CENTER["arrivals"][0])]
    del arrivals[0]["patience"]
    result = simulate(_scenario(arrivals=arrivals), seed=3)
    assert result.summary.abandoned == 0
    assert result.summary.answered == result.summary.arrivals


def test_accept_delay_shows_as_ringing_time_when_agents_do_not_auto_accept():
    agents = _agents(accept_delay=4)
    result = simulate(_scenario(agents=agents), seed=2)
    answered = [r.contact for r in result.records if r.contact.connected_to_agent_at]
    assert answered
    for c in answered:
        assert c.ring_started_at is not None
        assert c.connected_to_agent_at - c.ring_started_at == 4000


def test_offer_rings_out_and_goes_to_another_agent_when_accept_is_slower_than_timeout():
    agents = _agents(accept_delay=30)  # offer timeout is 20 s: every offer is missed
    arrivals = [{"name": "calls", "queue": "Sales", "poisson": {"rate_per_hour": 20}}]
    scenario = _scenario(agents=agents, arrivals=arrivals, offer_timeout_seconds=20)
    result = simulate(scenario, seed=2)
    assert result.summary.answered == 0
    assert any(r.contact.missed_count >= 2 for r in result.records)  # re-offered after a miss


def test_agents_take_contacts_only_during_their_shift_when_shifts_are_set():
    agents = _agents(shifts=[{"start_seconds": 600, "end_seconds": 1200}], handle_time=30)
    arrivals = [{"name": "calls", "queue": "Sales", "poisson": {"rate_per_hour": 120}}]
    result = simulate(_scenario(agents=agents, arrivals=arrivals), seed=4)
    connects = [r.contact.connected_to_agent_at for r in result.records]
    started = [t for t in connects if t is not None]
    assert started
    assert min(started) >= 600_000
    assert max(started) < 1_200_000
    assert any(t is None for t in connects)  # callers after 20 min wait forever: nobody is on
    spans = {s.status for s in result.status_spans}
    assert {"Available", "Offline"} <= spans


def test_after_contact_work_lasts_its_draw_when_acw_is_set():
    agents = _agents(after_contact_work=25)
    result = simulate(_scenario(agents=agents), seed=1)
    durations = {
        r.contact.acw_duration_ms for r in result.records if r.contact.connected_to_agent_at
    }
    assert durations == {25_000}


def test_contacts_are_turned_away_when_the_queue_is_at_capacity():
    queues = [{"name": "Sales", "max_contacts": 1}]
    agents = _agents(count=1, handle_time=600)
    arrivals = [{"name": "calls", "queue": "Sales", "poisson": {"rate_per_hour": 60}}]
    result = simulate(_scenario(queues=queues, agents=agents, arrivals=arrivals), seed=1)
    assert result.summary.blocked > 0
    blocked = [r for r in result.records if r.contact.enqueued_at is None]
    assert len(blocked) == result.summary.blocked
    assert all(r.contact.disconnect_reason == "QUEUE_AT_CAPACITY" for r in blocked)


def test_flow_sets_priority_and_transfers_when_arrivals_target_a_flow():
    def act(identifier: str, kind: str, params: dict[str, Any], nxt: str | None) -> dict[str, Any]:
        transitions: dict[str, Any] = {"NextAction": nxt} if nxt else {}
        if kind in ("UpdateContactTargetQueue", "TransferContactToQueue"):
            transitions["Errors"] = [{"ErrorType": "NoMatchingError", "NextAction": "bye"}]
            if kind == "TransferContactToQueue":
                transitions["Errors"].append({"ErrorType": "QueueAtCapacity", "NextAction": "bye"})
        return {"Identifier": identifier, "Type": kind, "Parameters": params,
                "Transitions": transitions}  # fmt: skip

    content = {
        "Version": "2019-10-30",
        "StartAction": "prio",
        "Actions": [
            act("prio", "UpdateContactRoutingBehavior", {"QueuePriority": "2"}, "target"),
            act("target", "UpdateContactTargetQueue", {"QueueId": "Sales"}, "transfer"),
            act("transfer", "TransferContactToQueue", {}, "bye"),
            act("bye", "DisconnectParticipant", {}, None),
        ],
    }
    arrivals = [{"name": "calls", "flow": "Main", "poisson": {"rate_per_hour": 60}}]
    scenario = _scenario(
        flows=[{"name": "Main", "content": json.dumps(content)}], arrivals=arrivals
    )
    result = simulate(scenario, seed=1)
    assert result.records
    assert all(r.contact.queue_id == "Sales" for r in result.records)
    assert all(r.contact.queue_priority == 2 for r in result.records)


def test_throughput_run_keeps_counts_when_records_are_off():
    scenario = _scenario()
    with_records = simulate(scenario, seed=9)
    without = Simulation(scenario, 9, RunOptions(keep_records=False, predict_wait=False)).run()
    assert without.records == ()
    assert without.summary.answered_waits_ms == with_records.summary.answered_waits_ms
    assert without.summary.abandoned == with_records.summary.abandoned
