"""Routing steps in the wait: who may take a contact now, who joins when its step expires."""

from __future__ import annotations

import pytest

from switchboard.domain.metrics.ewt import ServerGroup, WaitContext
from switchboard.domain.metrics.learning import OnlineStats
from switchboard.domain.metrics.wait_context import wait_context
from switchboard.domain.prediction.stages import stage_moments
from switchboard.domain.routing import AgentConfig
from switchboard.domain.routing.criteria import AttributeCondition, RoutingCriteria, RoutingStep
from tests.unit.routing.routing_world import VOICE, World, create_world

SKILL = ("Technology", "Networking")
EXPERT = AttributeCondition(*SKILL, proficiency_level=4)
ANYONE = AttributeCondition(*SKILL, proficiency_level=1)
STEPS = RoutingCriteria((RoutingStep(EXPERT, 60_000), RoutingStep(ANYONE, None)))
AHT = 120_000.0
MU = 1 / AHT


def _center() -> World:
    """Two experts and three juniors, all busy with contacts that have no criteria; an older
    contact with steps waits long enough to reach its second step."""
    w = create_world()
    w.queue("q")
    w.profile("p", [("q", VOICE, 1, 0)])
    for name, level in (("e1", 5), ("e2", 5), ("j1", 2), ("j2", 2), ("j3", 2)):
        w.agent(name, "p", auto_accept={VOICE: True}, proficiencies={SKILL: float(level)})
    for i in range(5):
        w.call(f"busy{i}", "q", 0)
    w.call("old", "q", 1_000, criteria=STEPS)
    w.engine.advance(w.at(62_000))  # "old" now waits in its second step
    w.call("new", "q", 62_000, criteria=STEPS)
    return w


def test_step_contact_sees_experts_now_and_juniors_when_its_step_expires() -> None:
    w = _center()
    assert w.engine.position("new") == 1  # alone in its step's line (R2.2.2)
    ctx = wait_context(w.engine, OnlineStats(), "q", VOICE, 0, 0, now=62_000, contact_id="new")
    assert ctx.groups == (
        ServerGroup(2.0, 0.0, 0),  # the experts, busy
        ServerGroup(3.0, 0.0, 60_000, 60_000),  # the juniors, once "new" reaches step 2
    )
    assert ctx.ahead == 1  # "old" is further along the same steps: served first
    assert ctx.hol_ms == 61_000


def test_an_agent_given_new_proficiencies_moves_to_the_step_it_now_matches() -> None:
    w = _center()
    stats = OnlineStats()
    before = wait_context(w.engine, stats, "q", VOICE, 0, 0, now=62_000, contact_id="new")
    assert [g.slots for g in before.groups] == [2.0, 3.0]
    w.engine.put_agent(
        AgentConfig("j1", "p", "agentq-j1", {VOICE: True}, proficiencies={SKILL: 5.0}), w.now
    )
    after = wait_context(w.engine, stats, "q", VOICE, 0, 0, now=62_000, contact_id="new")
    assert [g.slots for g in after.groups] == [3.0, 2.0]  # the cached match was re-checked


def test_contact_without_steps_gets_the_same_context_with_or_without_its_id() -> None:
    w = create_world()
    w.queue("q")
    w.profile("p", [("q", VOICE, 1, 0)])
    w.agent("a", "p")
    w.call("busy", "q", 0)
    w.call("c", "q", 1_000)
    stats = OnlineStats()
    plain = wait_context(w.engine, stats, "q", VOICE, 0, 0, now=1_000)
    assert wait_context(w.engine, stats, "q", VOICE, 0, 0, now=1_000, contact_id="c") == plain


def _ctx(ahead: int, hol_ms: int, *groups: ServerGroup) -> WaitContext:
    return WaitContext(ahead, groups, AHT, 0.0, hol_ms=hol_ms)


def _mean(ctx: WaitContext) -> float:
    moments = stage_moments(ctx)
    assert moments is not None
    return moments.mean_ms


def test_idle_agents_of_a_later_step_take_the_older_contacts_at_once() -> None:
    # 3 ahead, all past the age at which the idle juniors may take them: they go at once and
    # the contact waits only for one of the 2 busy experts (the juniors join far later)
    experts = ServerGroup(2, 0, 0)
    juniors = ServerGroup(4, 4, 600_000, 60_000)
    assert _mean(_ctx(3, 200_000, experts, juniors)) == pytest.approx(1 / (2 * MU))
    # the same juniors with no say on the older contacts: 4 stages at the experts' rate
    blind = ServerGroup(4, 4, 600_000)
    assert _mean(_ctx(3, 200_000, experts, blind)) == pytest.approx(4 / (2 * MU))


def test_busy_agents_of_a_later_step_speed_the_line_up_but_not_the_contacts_own_turn() -> None:
    # 4 ahead, all eligible for the busy juniors: the line moves at 4 mu while anyone is ahead,
    # then only the one expert may take this contact
    experts = ServerGroup(1, 0, 0)
    juniors = ServerGroup(3, 0, 600_000, 60_000)
    assert _mean(_ctx(4, 300_000, experts, juniors)) == pytest.approx(4 / (4 * MU) + 1 / MU)


def test_a_later_step_waits_until_the_head_of_the_line_has_waited_long_enough() -> None:
    # the head has waited 30 s; an idle junior may take it at 60 s, i.e. in 30 s; then the
    # contact is first and waits for the busy expert (120 s)
    experts = ServerGroup(1, 0, 0)
    juniors = ServerGroup(1, 1, 600_000, 60_000)
    assert _mean(_ctx(1, 30_000, experts, juniors)) == pytest.approx(30_000 + AHT)


def test_a_group_that_can_drain_older_contacts_never_lengthens_the_wait() -> None:
    for ahead in range(12):
        for hol in (0, 20_000, 70_000, 400_000):
            for free in (0, 1, 3):
                helping = _ctx(
                    ahead, hol, ServerGroup(2, 0, 0), ServerGroup(3, free, 60_000, 60_000)
                )
                blind = _ctx(ahead, hol, ServerGroup(2, 0, 0), ServerGroup(3, free, 60_000))
                assert _mean(helping) <= _mean(blind) + 1e-6
