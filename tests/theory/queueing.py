"""Exact queueing results and seed statistics for the theory tests.

* Erlang C (M/M/s): probability of wait, mean wait, wait tail P(W > t) = C e^{-(s mu - lambda) t}
  (FIFO only: the tail is what a broken service order changes, the mean is not).
* Erlang A (M/M/s+M): the birth-death chain with death rate min(n, s) mu + (n - s)+ theta,
  truncated far in the tail; P(abandon) = theta E[Q] / lambda, mean time in queue of all
  arrivals = E[Q] / lambda (Little).
* `ci_halfwidth`: Student-t confidence half-width of a mean over independent seeds.
"""

from __future__ import annotations

import math
import statistics

from switchboard.sim.distributions import Exponential
from switchboard.sim.runner import RunOptions, SimResult, Simulation
from switchboard.sim.scenario import (
    AgentGroupSpec,
    ArrivalStreamSpec,
    PoissonArrivals,
    ProfileQueueSpec,
    QueueSpec,
    RoutingProfileSpec,
    Scenario,
)

# two-sided 99.9 % Student-t quantiles by degrees of freedom: strict enough to catch a wrong
# simulator, loose enough that a correct one fails about once in a thousand runs per check.
T999 = {2: 31.6, 3: 12.92, 4: 8.61, 5: 6.87, 6: 5.96, 7: 5.41, 8: 5.04, 9: 4.78}


def erlang_c(servers: int, offered: float) -> float:
    term = total = 1.0
    for k in range(1, servers):
        term *= offered / k
        total += term
    last = term * offered / servers * servers / (servers - offered)
    return last / (total + last)


def mms_exact(servers: int, lam: float, mu: float) -> dict[str, float]:
    c = erlang_c(servers, lam / mu)
    rate = servers * mu - lam
    return {"p_wait": c, "mean_wait": c / rate, "tail_rate": rate, "mean_queue": c * lam / rate}


def erlang_a_exact(servers: int, lam: float, mu: float, theta: float) -> dict[str, float]:
    weights = [1.0]
    n = 0
    while True:
        n += 1
        death = min(n, servers) * mu + max(n - servers, 0) * theta
        weights.append(weights[-1] * lam / death)
        if n > servers and weights[-1] < 1e-16 * sum(weights):
            break
    total = sum(weights)
    mean_queue = sum(max(k - servers, 0) * w for k, w in enumerate(weights)) / total
    p_wait = sum(w for k, w in enumerate(weights) if k >= servers) / total
    return {
        "p_abandon": theta * mean_queue / lam,
        "mean_wait_all": mean_queue / lam,
        "p_wait": p_wait,
    }


def ci_halfwidth(values: list[float]) -> float:
    return T999[len(values) - 1] * statistics.stdev(values) / math.sqrt(len(values))


def mms_scenario(
    servers: int, lam_per_s: float, mean_handle_s: float, customers: int, warmup: int,
    patience_mean_s: float | None = None,
) -> Scenario:  # fmt: skip
    """One queue, one profile, `servers` auto-accepting agents, exponential everything."""
    duration = (customers + warmup) / lam_per_s
    return Scenario(
        name=f"M/M/{servers}",
        duration_seconds=duration,
        warmup_seconds=warmup / lam_per_s,
        queues=(QueueSpec("q"),),
        routing_profiles=(RoutingProfileSpec("p", (ProfileQueueSpec("q"),)),),
        agents=(AgentGroupSpec("agent", servers, "p", Exponential(mean_handle_s)),),
        arrivals=(
            ArrivalStreamSpec(
                "calls",
                queue="q",
                poisson=PoissonArrivals(duration, (lam_per_s * 3600,)),
                patience=None if patience_mean_s is None else Exponential(patience_mean_s),
            ),
        ),
    )


def run(scenario: Scenario, seed: int, records: bool = False) -> SimResult:
    return Simulation(scenario, seed, RunOptions(keep_records=records, predict_wait=False)).run()
