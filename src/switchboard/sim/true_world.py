"""A scenario's true laws, for Monte-Carlo continuations of a simulated center's state.

`TrueWorld(scenario)` is the `sim.continuation.World` that knows what the
simulator knows and a predictor does not: each agent group's handle-time, after-contact-work
and accept-delay distributions, each stream's arrival rates (time-varying ones included),
priorities, routing criteria and patience. Continuing the exact state with these laws many
times and averaging the sampled waits gives the Bayes-optimal (minimum-MSE) predictor of a
contact's wait given that state, up to Monte-Carlo noise: the bound `bench/ewt.py` reports.

Residual durations are drawn given what already elapsed (`residual_s`): a fresh draw for the
exponential (memoryless), the conditional inverse CDF for the log-normal, the remainder for a
fixed duration, rejection for the rest. `survival_s` is P(duration > t), used to weight a
sampled wait by the chance that the contact's own patience outlasts it.
Must not import: server, handlers, storage.
"""

from __future__ import annotations

import heapq
import math
import random
from collections.abc import Iterator
from statistics import NormalDist

from switchboard.domain.routing.commands import EnqueueContact
from switchboard.domain.routing.types import Channel
from switchboard.sim.behaviour import to_ms
from switchboard.sim.continuation import Arrival, InService, Waiting
from switchboard.sim.distributions import Deterministic, Distribution, Exponential, LogNormal
from switchboard.sim.scenario import AgentGroupSpec, ArrivalStreamSpec, Scenario

_NORMAL = NormalDist()
_REJECTION_TRIES = 10_000


def residual_s(dist: Distribution, rng: random.Random, elapsed_s: float) -> float:
    """A draw of D - elapsed given D > elapsed (seconds)."""
    if elapsed_s <= 0 or isinstance(dist, Exponential):
        return dist.sample(rng)
    if isinstance(dist, LogNormal):
        mu, sigma = _lognormal_params(dist)
        lo = _NORMAL.cdf((math.log(elapsed_s) - mu) / sigma)
        u = lo + (1.0 - lo) * rng.random()
        u = min(max(u, 1e-15), 1.0 - 1e-15)
        return max(0.0, math.exp(mu + sigma * _NORMAL.inv_cdf(u)) - elapsed_s)
    if isinstance(dist, Deterministic):
        return max(0.0, dist.value - elapsed_s)
    for _ in range(_REJECTION_TRIES):
        drawn = dist.sample(rng)
        if drawn > elapsed_s:
            return drawn - elapsed_s
    return 0.0  # practically beyond its support: it ends now


def survival_s(dist: Distribution | None, t_s: float) -> float:
    """P(D > t); 1 for no distribution (never) and for laws without a closed form here."""
    if dist is None or t_s <= 0:
        return 1.0
    if isinstance(dist, Exponential):
        return math.exp(-t_s / dist.mean)
    if isinstance(dist, LogNormal):
        mu, sigma = _lognormal_params(dist)
        return 1.0 - _NORMAL.cdf((math.log(t_s) - mu) / sigma)
    if isinstance(dist, Deterministic):
        return 1.0 if t_s < dist.value else 0.0
    return 1.0


def _lognormal_params(dist: LogNormal) -> tuple[float, float]:
    """(mu, sigma) of the underlying normal, from the law's own mean and sd."""
    sigma2 = math.log(1.0 + (dist.sd / dist.mean) ** 2)
    return math.log(dist.mean) - sigma2 / 2.0, math.sqrt(sigma2)


class TrueWorld:
    """The scenario's laws behind the continuation `World` protocol."""

    def __init__(self, scenario: Scenario) -> None:
        for stream in scenario.arrivals:
            if stream.poisson is None or stream.flow is not None or not stream.queue:
                raise ValueError(f"stream {stream.name}: only Poisson streams into a queue")
        self.streams = scenario.arrivals
        self.end_ms = to_ms(scenario.duration_seconds)  # the simulator's arrivals stop there
        self._groups: dict[str, AgentGroupSpec] = {
            user_id: group for group in scenario.agents for user_id in group.agent_names()
        }
        self._patience: dict[tuple[str, Channel, int], Distribution | None] = {}
        for stream in scenario.arrivals:
            key = (stream.queue or "", stream.channel, stream.queue_priority)
            self._patience.setdefault(key, stream.patience)

    def patience_of(self, queue_id: str, channel: Channel, priority: int) -> Distribution | None:
        return self._patience.get((queue_id, channel, priority))

    def residual_handle_ms(self, rng: random.Random, contact: InService) -> int:
        dist = self._groups[contact.user_id].handle_time
        return to_ms(residual_s(dist, rng, contact.elapsed_ms / 1000.0))

    def handle_ms(self, rng: random.Random, user_id: str, queue_id: str | None,
                  channel: Channel) -> int:  # fmt: skip
        return to_ms(self._groups[user_id].handle_time.sample(rng))

    def acw_ms(self, rng: random.Random, user_id: str) -> int | None:
        acw = self._groups[user_id].after_contact_work
        return None if acw is None else to_ms(acw.sample(rng))

    def accept_ms(self, rng: random.Random, user_id: str) -> int:
        delay = self._groups[user_id].accept_delay
        return 0 if delay is None else to_ms(delay.sample(rng))

    def residual_patience_ms(self, rng: random.Random, contact: Waiting) -> int | None:
        dist = self.patience_of(contact.queue_id, contact.channel, contact.priority)
        return None if dist is None else to_ms(residual_s(dist, rng, contact.waited_ms / 1000.0))

    def arrivals(self, rng: random.Random, now: int) -> Iterator[Arrival]:
        streams = [_poisson(spec, rng, now, self.end_ms) for spec in self.streams]
        return heapq.merge(*streams, key=lambda a: a.at)


def _poisson(
    spec: ArrivalStreamSpec, rng: random.Random, now: int, end_ms: int
) -> Iterator[Arrival]:
    """Arrivals of a piecewise-constant Poisson stream from `now` to `end_ms` (memoryless:
    a fresh start is exact); the last rate holds after the last interval."""
    poisson = spec.poisson
    assert poisson is not None
    width = poisson.interval_seconds
    last = len(poisson.rates_per_hour) - 1
    ticket = EnqueueContact(
        "", spec.channel, "INBOUND", spec.queue_priority,
        spec.queue_time_adjustment_seconds * 1000, spec.routing_criteria,
    )  # fmt: skip
    t = now / 1000.0
    while True:
        index = min(int(t // width), last)
        rate = poisson.rates_per_hour[index] / 3600.0
        boundary = math.inf if index >= last else (index + 1) * width
        if rate <= 0.0:
            if boundary == math.inf:
                return
            t = boundary
            continue
        step = rng.expovariate(rate)
        if t + step >= boundary:
            t = boundary
            continue
        t += step
        if to_ms(t) >= end_ms:
            return
        patience = None if spec.patience is None else to_ms(spec.patience.sample(rng))
        yield Arrival(to_ms(t), spec.queue or "", ticket, patience)
