"""Monte-Carlo continuations on the routing engine reproduce the waits queueing theory gives."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest

from switchboard.domain.routing import EngineSettings
from switchboard.domain.routing.commands import EnqueueContact
from switchboard.domain.routing.types import Channel
from switchboard.sim.continuation import (
    Arrival,
    ContinuationStart,
    InService,
    Waiting,
    sample_wait,
)
from tests.unit.routing.routing_world import VOICE, World, create_world

HANDLE_MS = 100_000
SETTINGS = EngineSettings(offer_timeout_ms=20_000)


class ExponentialWorld:
    """Exponential handle times; patience and better-priority arrivals as configured."""

    def __init__(self, patience_ms: int | None = None, urgent_per_ms: float = 0.0) -> None:
        self.patience_ms = patience_ms
        self.urgent_per_ms = urgent_per_ms

    def residual_handle_ms(self, rng: random.Random, contact: InService) -> int:
        return round(rng.expovariate(1 / HANDLE_MS))

    def handle_ms(
        self, rng: random.Random, user_id: str, queue_id: str | None, channel: Channel
    ) -> int:
        return round(rng.expovariate(1 / HANDLE_MS))

    def acw_ms(self, rng: random.Random, user_id: str) -> int | None:
        return None

    def accept_ms(self, rng: random.Random, user_id: str) -> int:
        return 0

    def residual_patience_ms(self, rng: random.Random, contact: Waiting) -> int | None:
        return self.patience_ms

    def arrivals(self, rng: random.Random, now: int) -> Iterator[Arrival]:
        t = float(now)
        while self.urgent_per_ms > 0:
            t += rng.expovariate(self.urgent_per_ms)
            yield Arrival(round(t), "q", EnqueueContact("", Channel.VOICE, queue_priority=1), None)


def _center(agents: int, waiting: int) -> World:
    """`agents` agents, all busy; `waiting` contacts in line, then the target "me"."""
    w = create_world()
    w.queue("q")
    w.profile("p", [("q", VOICE, 1, 0)])
    for i in range(agents):
        w.agent(f"a{i}", "p", auto_accept={VOICE: True})
        w.call(f"busy{i}", "q", 0)
    for i in range(waiting):
        w.call(f"w{i}", "q", 1_000 + i)
    w.call("me", "q", 2_000)
    return w


def _mean_wait(w: World, world: ExponentialWorld, n: int = 1500) -> float:
    start = ContinuationStart.of(w.engine, 2_000, {}, {})
    rng = random.Random(7)
    return sum(sample_wait(SETTINGS, start, "me", world, rng, 10**9) for _ in range(n)) / n


def test_wait_is_erlang_when_agents_are_exponential_and_nobody_leaves() -> None:
    # 3 ahead, 2 busy agents: 4 departures at rate 2 mu, mean 4 x 50 s
    assert _mean_wait(_center(2, 3), ExponentialWorld()) == pytest.approx(200_000, rel=0.04)


def test_contacts_ahead_that_abandon_let_the_target_move_up_but_it_never_abandons() -> None:
    # everyone ahead hangs up at once: the target waits for the first of 2 agents (50 s)
    world = ExponentialWorld(patience_ms=0)
    assert _mean_wait(_center(2, 3), world) == pytest.approx(50_000, rel=0.05)


def test_better_priorities_arriving_meanwhile_overtake_the_target() -> None:
    # one busy agent, nobody ahead; priority-1 contacts arrive at half the service rate:
    # the target waits a busy period started by a residual service, E = (1 / mu) / (1 - rho)
    world = ExponentialWorld(urgent_per_ms=0.5 / HANDLE_MS)
    assert _mean_wait(_center(1, 0), world, 3000) == pytest.approx(200_000, rel=0.08)


def test_start_records_elapsed_service_and_waits_from_the_given_instants() -> None:
    w = _center(2, 1)
    start = ContinuationStart.of(w.engine, 2_000, {"busy0": 500}, {"w0": 1_000})
    assert {s.contact_id: s.elapsed_ms for s in start.in_service} == {"busy0": 1_500, "busy1": 0}
    assert {c.contact_id: c.waited_ms for c in start.waiting} == {"w0": 1_000, "me": 0}
