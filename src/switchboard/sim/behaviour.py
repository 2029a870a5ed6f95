"""What the people in a simulated center do, as samplers bound to seeded generators.

* `CustomerDraw`: one arriving contact's own values (patience, a recorded handle time, priority).
* `ArrivalProcess`: the next arrival of a stream, Poisson with piecewise-constant rates (exact:
  a draw that crosses a rate boundary restarts at the boundary, which memorylessness allows) or
  a recorded trace.
* `AgentBehaviour`: per agent group, the handle-time, after-contact-work and accept-delay draws
  (accept delay None = auto-accept).

The runner turns these draws into engine calls: patience -> `dequeue(ABANDONED)`, handle time
-> `end_contact`, ACW -> `clear_acw`, accept delay -> `accept`, shifts -> `set_agent_status`.
Each stream and each agent group draws from its own generator, seeded from (seed, name), so
changing one part of a scenario does not reshuffle the random numbers of the others.
Must not import: server, handlers, storage.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from switchboard.domain.routing.types import hot_value
from switchboard.sim.distributions import Distribution, Sampler
from switchboard.sim.scenario import AgentGroupSpec, ArrivalStreamSpec

NEVER = None


def stream_rng(seed: int, purpose: str) -> random.Random:
    """A generator of its own for one purpose; str seeds hash deterministically (SHA-512)."""
    return random.Random(f"{seed}/{purpose}")


def to_ms(seconds: float) -> int:
    return round(seconds * 1000.0)


@hot_value  # one per arrival: cheap to make, still frozen for mypy
class CustomerDraw:
    """One arrival. `patience_ms` None = waits forever; `handle_ms` None = the agent's draw."""

    at_ms: int
    stream: int
    queue: str | None
    patience_ms: int | None
    handle_ms: int | None
    queue_priority: int
    age_adjust_ms: int
    label: str = ""
    recorded_wait_ms: int | None = None
    recorded_outcome: str | None = None


class ArrivalProcess:
    """The arrivals of one stream, one at a time (only the next one is on the kernel heap)."""

    def __init__(self, index: int, spec: ArrivalStreamSpec, seed: int, end_ms: int) -> None:
        self.index = index
        self.spec = spec
        self.end_ms = end_ms
        self._rng = stream_rng(seed, f"arrivals/{spec.name}")
        self._patience: Sampler | None = (
            spec.patience.sampler(stream_rng(seed, f"patience/{spec.name}"))
            if spec.patience is not None
            else None
        )
        # The draws one by one; the runner calls `next(draws, None)` itself (once per arrival).
        self.draws: Iterator[CustomerDraw] = (
            self._poisson() if spec.poisson is not None else self._trace()
        )

    def next(self) -> CustomerDraw | None:
        return next(self.draws, None)

    def _patience_ms(self) -> int | None:
        return None if self._patience is None else to_ms(self._patience())

    def _poisson(self) -> Iterator[CustomerDraw]:
        poisson = self.spec.poisson
        assert poisson is not None
        spec, index, end_s = self.spec, self.index, self.end_ms / 1000.0
        expo = self._rng.expovariate
        width = poisson.interval_seconds
        t = 0.0
        if len(poisson.rates_per_hour) == 1:  # one rate throughout: the same draws, no bounds
            rate = poisson.rates_per_hour[0] / 3600.0
            adjust_ms = spec.queue_time_adjustment_seconds * 1000
            queue, priority, patience = spec.queue, spec.queue_priority, self._patience
            while rate > 0.0:
                t += expo(rate)
                if t >= end_s:
                    return
                yield CustomerDraw(  # to_ms inline: once or twice per customer
                    round(t * 1000.0), index, queue,
                    None if patience is None else round(patience() * 1000.0), None,
                    priority, adjust_ms,
                )  # fmt: skip
            return
        while t < end_s:
            rate = poisson.rate_at(t) / 3600.0
            boundary = (int(t // width) + 1) * width
            if boundary <= t:  # float edge: step past it
                boundary = t + width
            if rate <= 0.0:
                if int(t // width) >= len(poisson.rates_per_hour) - 1:
                    return  # the last rate is zero: no more arrivals
                t = boundary
                continue
            step = expo(rate)
            if t + step >= boundary and int(t // width) < len(poisson.rates_per_hour) - 1:
                t = boundary  # restart the draw at the new rate (memoryless)
                continue
            t += step
            if t >= end_s:
                return
            yield CustomerDraw(
                to_ms(t), index, spec.queue, self._patience_ms(), None,
                spec.queue_priority, spec.queue_time_adjustment_seconds * 1000,
            )  # fmt: skip

    def _trace(self) -> Iterator[CustomerDraw]:
        spec = self.spec
        for row in spec.trace:
            at = to_ms(row.at_seconds)
            if at >= self.end_ms:
                return
            if row.patience_seconds is not None:
                patience: int | None = to_ms(row.patience_seconds)
            else:
                residual = self._patience_ms()
                patience = None if residual is None else to_ms(row.min_patience_seconds) + residual
            adjust = row.queue_time_adjustment_seconds
            yield CustomerDraw(
                at,
                self.index,
                row.queue or spec.queue,
                patience,
                None if row.handle_seconds is None else to_ms(row.handle_seconds),
                row.queue_priority or spec.queue_priority,
                (spec.queue_time_adjustment_seconds if adjust is None else adjust) * 1000,
                row.label,
                None if row.recorded_wait_seconds is None else to_ms(row.recorded_wait_seconds),
                row.recorded_outcome,
            )


class AgentBehaviour:
    """The draws of one agent group (all its agents share one generator)."""

    __slots__ = ("accept", "acw", "handle", "mean_handle_s", "spec")

    def __init__(self, spec: AgentGroupSpec, seed: int) -> None:
        self.spec = spec
        rng = stream_rng(seed, f"agents/{spec.name}")
        self.handle: Sampler = spec.handle_time.sampler(rng)
        self.acw: Sampler | None = _optional(spec.after_contact_work, rng)
        self.accept: Sampler | None = _optional(spec.accept_delay, rng)
        acw_mean = spec.after_contact_work.mean if spec.after_contact_work is not None else 0.0
        self.mean_handle_s = spec.handle_time.mean + acw_mean

    @property
    def auto_accept(self) -> bool:
        return self.accept is None


def _optional(dist: Distribution | None, rng: random.Random) -> Sampler | None:
    return None if dist is None else dist.sampler(rng)
