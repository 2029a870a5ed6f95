"""Overtaking: better-priority arrivals slow the line of a worse-priority contact."""

from __future__ import annotations

import pytest

from switchboard.domain.channel import Channel
from switchboard.domain.metrics.ewt import ServerGroup, WaitContext
from switchboard.domain.metrics.learning import OnlineStats
from switchboard.domain.prediction.stages import MIN_CAPACITY_SHARE, stage_moments
from switchboard.domain.routing import events as ev

HANDLE_MS = 100_000
SLOT_RATE = 2 / HANDLE_MS  # two busy slots, no abandonment


def _ctx(over_per_ms: float) -> WaitContext:
    return WaitContext(
        3, (ServerGroup(2.0, 0.0, 0),), float(HANDLE_MS), 0.0, overtaking_per_ms=over_per_ms
    )


def _mean(over_per_ms: float) -> float:
    moments = stage_moments(_ctx(over_per_ms))
    assert moments is not None
    return moments.mean_ms


def test_no_overtaking_leaves_the_erlang_mean() -> None:
    assert _mean(0.0) == pytest.approx(4 / SLOT_RATE)  # 3 ahead + own stage at 2 mu


def test_overtaking_at_half_the_slot_rate_doubles_the_mean() -> None:
    # the line keeps 2 mu - mu = mu of service: every stage lasts twice as long
    assert _mean(SLOT_RATE / 2) == pytest.approx(2 * _mean(0.0))


def test_overtaking_beyond_capacity_is_floored_not_infinite() -> None:
    assert _mean(10 * SLOT_RATE) == pytest.approx(4 / (MIN_CAPACITY_SHARE * SLOT_RATE))


def _queued(stats: OnlineStats, cid: str, at: int, priority: int) -> None:
    stats.observe(ev.ContactQueued(cid, "q", Channel.VOICE, at, priority))


def test_stats_learn_the_arrival_rate_of_better_priorities_only() -> None:
    stats = OnlineStats()
    for i in range(20):
        _queued(stats, f"hi{i}", i * 10_000, 1)  # one every 10 s
        _queued(stats, f"mid{i}", i * 20_000, 2)  # one every 20 s
    voice = Channel.VOICE
    assert stats.overtaking_rate_per_ms("q", voice, 1) == 0.0
    assert stats.overtaking_rate_per_ms("q", voice, 2) == pytest.approx(1 / 10_000)
    assert stats.overtaking_rate_per_ms("q", voice, 5) == pytest.approx(1 / 10_000 + 1 / 20_000)
    assert stats.overtaking_rate_per_ms("other", voice, 5) == 0.0
    # a class silent for longer than its mean gap fades: 100 s since the last priority-1 call
    assert stats.overtaking_rate_per_ms("q", voice, 2, now=290_000) == pytest.approx(1 / 100_000)


def test_learned_arrival_rates_survive_export_and_restore() -> None:
    stats = OnlineStats()
    for i in range(5):
        _queued(stats, f"c{i}", i * 7_000, 1)
    restored = OnlineStats.restore(stats.export())
    assert restored.export() == stats.export()
    rate = restored.overtaking_rate_per_ms("q", Channel.VOICE, 3)
    assert rate == pytest.approx(1 / 7_000)
