"""A refused engine call keeps the timers it fired: their events come with the next call."""

from __future__ import annotations

import pytest

from switchboard.domain.errors import ConflictError
from switchboard.domain.routing import events as ev
from tests.unit.routing.routing_world import VOICE, World


def test_offer_timeout_fired_by_refused_accept_is_reported_when_next_call_runs(
    world: World,
) -> None:
    world.queue("q")
    world.profile("p", [("q", VOICE, 1, 0)])
    world.agent("ann", "p")
    offered = world.call("c1", "q", 1_000)
    assert any(isinstance(e, ev.ContactOffered) for e in offered)
    # The offer times out at 21 s; accepting at 21 s first fires that timeout, then is refused.
    with pytest.raises(ConflictError):
        world.engine.accept("c1", "ann", 21_000)
    later = world.engine.advance(21_000)
    assert [type(e) for e in later][:2] == [ev.ContactMissed, ev.ContactRequeued]
    assert world.engine.advance(22_000) == []  # reported once, not twice


def test_refused_call_before_any_timer_fires_carries_nothing_when_time_goes_back(
    world: World,
) -> None:
    world.queue("q")
    world.profile("p", [("q", VOICE, 1, 0)])
    world.agent("ann", "p")
    world.call("c1", "q", 5_000)
    with pytest.raises(Exception):  # noqa: B017 - the engine refuses time going backwards
        world.engine.advance(1_000)
    assert world.engine.advance(6_000) == []
