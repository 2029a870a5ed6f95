"""The fluid wait estimator and its context, against hand-computed values (R2.3)."""

from __future__ import annotations

import math

import pytest

from switchboard.domain.metrics.ewt import (
    FluidEstimator,
    ServerGroup,
    WaitContext,
    fluid_wait_ms,
)
from switchboard.domain.metrics.learning import OnlineStats
from switchboard.domain.metrics.wait_context import wait_context
from tests.unit.routing.routing_world import LUNCH, VOICE, create_world

AHT = 180_000.0


def _ctx(ahead: int, *groups: ServerGroup, theta: float = 0.0) -> WaitContext:
    return WaitContext(ahead, groups, AHT, theta)


def test_wait_is_position_times_handle_over_slots_when_nobody_abandons() -> None:
    for ahead in range(5):
        assert fluid_wait_ms(_ctx(ahead, ServerGroup(3, 0, 0))) == pytest.approx(
            (ahead + 1) * AHT / 3
        )


def test_wait_is_zero_when_a_free_slot_can_take_the_contact_now() -> None:
    assert fluid_wait_ms(_ctx(0, ServerGroup(2, 1, 0))) == 0.0
    assert fluid_wait_ms(_ctx(1, ServerGroup(2, 1, 0))) == pytest.approx(AHT / 2)


def test_wait_is_none_when_no_agent_can_serve() -> None:
    assert fluid_wait_ms(_ctx(2)) is None
    assert FluidEstimator().estimate(_ctx(2, ServerGroup(0, 0, 0))) is None


def test_delayed_agents_join_when_their_delay_is_met() -> None:
    # A free delayed agent takes the contact the moment its delay passes.
    assert fluid_wait_ms(_ctx(0, ServerGroup(1, 1, 30_000))) == 30_000
    # One busy agent now, a second busy one after 60 s: 60 s at rate 1/180 s clears 1/3 of a
    # contact ahead; the remaining 2/3 + the contact's own slot go at rate 2/180 s.
    got = fluid_wait_ms(_ctx(1, ServerGroup(1, 0, 0), ServerGroup(1, 0, 60_000)))
    assert got == pytest.approx(60_000 + (1 - 60 / 180) * AHT / 2 + AHT / 2)


def test_abandonment_shortens_wait_when_patience_is_learned() -> None:
    theta = 1 / 100_000  # one abandonment per 100 s of waiting
    got = fluid_wait_ms(_ctx(4, ServerGroup(1, 0, 0), theta=theta))
    a = (1 / AHT) / theta
    assert got == pytest.approx(math.log((4 + a) / a) / theta + AHT)
    assert got is not None and got < 5 * AHT


def test_estimate_grows_with_position_and_percentiles_are_ordered() -> None:
    estimator = FluidEstimator()
    means = []
    for ahead in range(6):
        est = estimator.estimate(_ctx(ahead, ServerGroup(2, 0, 0), theta=1e-6))
        assert est is not None
        assert 0 <= est.p10_s <= est.p50_s <= est.mean_s <= est.p90_s
        means.append(est.mean_s)
    assert means == sorted(means)


def test_context_counts_staffed_agents_shares_and_delays_from_engine() -> None:
    w = create_world()
    w.queue("q1")
    w.queue("q2")
    w.profile("p", [("q1", VOICE, 1, 0), ("q2", VOICE, 1, 10_000)])
    w.agent("a1", "p")
    w.agent("a2", "p")
    w.agent("a3", "p")
    w.engine.set_agent_status("a3", LUNCH, w.now)  # not staffed
    w.call("c1", "q1", 0)
    w.call("c2", "q1", 0)  # a1 and a2 now ringing
    w.call("c3", "q1", 1_000)
    w.call("c4", "q2", 1_000)
    stats = OnlineStats()
    ctx = wait_context(w.engine, stats, "q1", VOICE, ahead=0, waited_ms=0)
    # q2 has the same priority and a waiting contact: q1 gets half of the 2 staffed slots.
    assert ctx.groups == (ServerGroup(1.0, 0.0, 0),)
    ctx2 = wait_context(w.engine, stats, "q2", VOICE, ahead=0, waited_ms=4_000)
    assert ctx2.groups == (ServerGroup(1.0, 0.0, 6_000),)
    assert ctx2.handle_ms == 180_000
