"""Learned handle time and patience, and state start instants, folded from engine events."""

from __future__ import annotations

import pytest

from switchboard.app import codec
from switchboard.domain.metrics.learning import ALPHA, PRIOR_HANDLE_MS, OnlineStats
from switchboard.domain.metrics.tracker import MetricsTracker, TrackerState
from switchboard.domain.routing import DequeueReason
from switchboard.domain.routing.events import Event
from switchboard.domain.routing.types import AgentContactState
from tests.unit.routing.routing_world import CHAT, LUNCH, VOICE, World, create_world


def _handled(w: World, contact_id: str, agent: str, start: int, talk: int, acw: int) -> list[Event]:
    events = w.call(contact_id, "q", start)
    events += w.engine.accept(contact_id, agent, w.at(start))
    events += w.engine.end_contact(contact_id, w.at(start + talk))
    events += w.engine.clear_acw(contact_id, w.at(start + talk + acw))
    return events


def _world() -> World:
    w = create_world()
    w.queue("q")
    w.profile("p", [("q", VOICE, 1, 0)])
    w.agent("a", "p")
    return w


def test_prior_when_nothing_was_handled() -> None:
    figures = OnlineStats().figures("q", VOICE)
    assert (figures.handle_ms, figures.abandon_rate_per_ms, figures.handle_samples) == (
        PRIOR_HANDLE_MS, 0.0, 0,
    )  # fmt: skip


def test_handle_time_is_weighted_mean_with_prior_as_one_sample() -> None:
    w = _world()
    stats = OnlineStats()
    for event in _handled(w, "c1", "a", 0, 40_000, 20_000):
        stats.observe(event)
    assert stats.figures("q", VOICE).handle_ms == pytest.approx((180_000 + 60_000) / 2)
    for event in _handled(w, "c2", "a", 100_000, 90_000, 0):
        stats.observe(event)
    assert stats.figures("q", VOICE).handle_ms == pytest.approx(120_000 + (90_000 - 120_000) / 3)


def test_weight_never_drops_below_alpha_when_history_is_long() -> None:
    w = _world()
    stats = OnlineStats()
    t = 0
    for i in range(round(1 / ALPHA) + 5):  # past the 1/(n+1) phase
        for event in _handled(w, f"c{i}", "a", t, 100_000, 0):
            stats.observe(event)
        t += 200_000
    before = stats.figures("q", VOICE).handle_ms
    for event in _handled(w, "last", "a", t, 200_000, 0):
        stats.observe(event)
    assert stats.figures("q", VOICE).handle_ms == pytest.approx(before + ALPHA * (200_000 - before))


def test_abandon_rate_is_abandons_over_time_waited() -> None:
    w = create_world()
    w.queue("q")
    stats = OnlineStats()
    for event in w.call("x", "q", 0) + w.call("y", "q", 0):
        stats.observe(event)
    for event in w.engine.dequeue("x", w.at(30_000), DequeueReason.ABANDONED):
        stats.observe(event)
    for event in w.engine.dequeue("y", w.at(50_000), DequeueReason.TRANSFERRED):
        stats.observe(event)
    # decayed sums: abandons 1 * (1 - ALPHA) + 0, exposure 30 s * (1 - ALPHA) + 50 s
    expected = (1 - ALPHA) / (30_000 * (1 - ALPHA) + 50_000)
    assert stats.figures("q", VOICE).abandon_rate_per_ms == pytest.approx(expected)


def test_queue_without_samples_borrows_channel_figures() -> None:
    w = _world()
    w.queue("other")
    stats = OnlineStats()
    for event in _handled(w, "c1", "a", 0, 60_000, 0):
        stats.observe(event)
    assert stats.figures("other", VOICE).handle_ms == pytest.approx(120_000)
    assert stats.figures("other", CHAT).handle_ms == PRIOR_HANDLE_MS


def test_tracker_state_round_trips_when_snapshotted() -> None:
    w = _world()
    tracker = MetricsTracker()
    tracker.observe_all(_handled(w, "c1", "a", 0, 60_000, 0))
    tracker.observe_all(w.call("c2", "q", 70_000))
    data = codec.encode(tracker.export())
    restored = MetricsTracker.restore(codec.decode(TrackerState, data))
    assert restored.export() == tracker.export()
    assert restored.times.slot("a", "c2") == tracker.times.slot("a", "c2")


def test_state_start_instants_follow_status_offer_hold_and_acw() -> None:
    w = _world()
    tracker = MetricsTracker()
    tracker.observe_all(w.engine.set_agent_status("a", LUNCH, w.at(5_000)))
    assert tracker.times.status_since("a") == 5_000
    tracker.observe_all(w.agent("b", "p"))
    tracker.observe_all(w.call("c", "q", 10_000))
    slot = tracker.times.slot("b", "c")
    assert slot is not None and (slot.state_since, slot.connected_at) == (10_000, None)
    tracker.observe_all(w.engine.accept("c", "b", w.at(12_000)))
    tracker.observe_all(w.engine.hold("c", w.at(15_000)))
    slot = tracker.times.slot("b", "c")
    assert slot is not None and (slot.state_since, slot.connected_at) == (12_000, 12_000)
    tracker.observe_all(w.engine.end_contact("c", w.at(20_000)))
    slot = tracker.times.slot("b", "c")
    assert slot is not None and (slot.state_since, slot.connected_at) == (20_000, 12_000)
    assert w.engine.agent_state("b").contacts[0].state is AgentContactState.ENDED
    tracker.observe_all(w.engine.clear_acw("c", w.at(25_000)))
    assert tracker.times.slot("b", "c") is None
