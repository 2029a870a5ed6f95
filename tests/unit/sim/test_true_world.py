"""The scenario's true laws for the Monte-Carlo bound: residual draws and survival."""

from __future__ import annotations

import math
import random

import pytest

from switchboard.sim import distributions as d
from switchboard.sim.scenario import (
    AgentGroupSpec,
    ArrivalStreamSpec,
    PoissonArrivals,
    ProfileQueueSpec,
    QueueSpec,
    RoutingProfileSpec,
    Scenario,
)
from switchboard.sim.true_world import TrueWorld, residual_s, survival_s


def _mean_residual(dist: d.Distribution, elapsed: float) -> float:
    """E[D - e | D > e] = integral of S(u) du from e on / S(e), by the trapezoid rule."""
    step, total, u = 1.0, 0.0, elapsed
    while survival_s(dist, u) > 1e-9 and u < elapsed + 200_000:
        total += 0.5 * (survival_s(dist, u) + survival_s(dist, u + step)) * step
        u += step
    return total / survival_s(dist, elapsed)


@pytest.mark.parametrize("elapsed", [0.0, 60.0, 600.0])
def test_lognormal_residual_draws_follow_the_conditional_law(elapsed: float) -> None:
    dist = d.LogNormal(180.0, 270.0)
    rng = random.Random(3)
    draws = [residual_s(dist, rng, elapsed) for _ in range(40_000)]
    assert min(draws) >= 0.0
    assert sum(draws) / len(draws) == pytest.approx(_mean_residual(dist, elapsed), rel=0.05)


def test_a_long_service_has_a_longer_residual_when_handle_times_are_heavy_tailed() -> None:
    dist = d.LogNormal(180.0, 270.0)
    assert _mean_residual(dist, 600.0) > 2 * _mean_residual(dist, 0.0)


def test_exponential_residual_is_memoryless_and_fixed_durations_count_down() -> None:
    rng = random.Random(5)
    draws = [residual_s(d.Exponential(100.0), rng, 500.0) for _ in range(20_000)]
    assert sum(draws) / len(draws) == pytest.approx(100.0, rel=0.03)
    assert residual_s(d.Deterministic(30.0), rng, 12.0) == pytest.approx(18.0)
    assert survival_s(d.Exponential(100.0), 100.0) == pytest.approx(math.exp(-1))
    assert survival_s(None, 1e9) == 1.0


def test_arrivals_follow_the_time_varying_rates_and_stop_at_the_end_of_the_scenario() -> None:
    # 3600/h in the first hour, none in the second: from 30 min on, 1 per s for 30 min
    scenario = Scenario(
        name="s",
        duration_seconds=7200,
        queues=(QueueSpec("Q"),),
        routing_profiles=(RoutingProfileSpec("P", (ProfileQueueSpec("Q"),)),),
        agents=(AgentGroupSpec("a", 1, "P", d.Exponential(60.0)),),
        arrivals=(ArrivalStreamSpec("c", queue="Q", poisson=PoissonArrivals(3600, (3600.0, 0.0))),),
    )
    arrivals = list(TrueWorld(scenario).arrivals(random.Random(1), 1_800_000))
    assert len(arrivals) == pytest.approx(1800, rel=0.08)
    assert all(1_800_000 <= a.at < 3_600_000 for a in arrivals)
    assert all(a.queue_id == "Q" and a.ticket.queue_priority == 5 for a in arrivals)
