"""Export / restore: a restarted engine has the same positions and the same future."""

from __future__ import annotations

from switchboard.domain.routing import EngineSettings, RoutingEngine
from switchboard.domain.routing.criteria import AttributeCondition, RoutingCriteria, RoutingStep
from switchboard.domain.routing.events import Event
from tests.unit.routing.routing_world import AVAILABLE, CHAT, LUNCH, VOICE, World


def _busy_world(world: World) -> None:
    world.queue("q")
    world.queue("q2")
    world.profile(
        "p", [("q", VOICE, 1, 0), ("q2", VOICE, 2, 15_000), ("q", CHAT, 1, 0)], {VOICE: 1, CHAT: 2}
    )
    world.agent("a", "p", acw_timeout_ms={VOICE: 40_000}, proficiencies={("Skill", "x"): 2.0})
    world.agent("b", "p", auto_accept={CHAT: True})
    world.agent("c", "p", available=False)
    step = RoutingStep(AttributeCondition("Skill", "x", proficiency_level=2.0), 30_000)
    world.call("k1", "q", 0)  # offered to a
    world.call("k2", "q", 10, criteria=RoutingCriteria((step,)))  # offered to b
    world.call("k3", "q2", 20)
    world.call("k4", "q", 30, queue_priority=2)
    world.call("chat1", "q", 40, channel=CHAT)
    world.engine.accept("k1", "a", world.at(50))
    world.engine.end_contact("k1", world.at(60))
    world.engine.set_agent_status("c", LUNCH, world.at(70))


def _script(engine: RoutingEngine) -> list[Event]:
    events: list[Event] = []
    events += engine.advance(20_010)
    events += engine.set_agent_status("b", AVAILABLE, 20_011)
    events += engine.set_agent_status("c", AVAILABLE, 20_012)
    events += engine.advance(45_000)
    events += engine.advance(100_000)
    return events


def test_restored_engine_has_same_positions_when_exported_mid_flight(world: World) -> None:
    _busy_world(world)
    engine = world.engine
    state = engine.export_state()
    restored = RoutingEngine.from_state(EngineSettings(), state)
    assert restored.export_state() == state
    for cid in ("k1", "k2", "k3", "k4", "chat1"):
        assert restored.position(cid) == engine.position(cid)
        assert restored.contact_state(cid) == engine.contact_state(cid)
    for uid in ("a", "b", "c"):
        assert restored.agent_state(uid) == engine.agent_state(uid)
    assert restored.queue_contacts("q", VOICE) == engine.queue_contacts("q", VOICE)
    assert restored.next_due() == engine.next_due()


def test_restored_engine_produces_the_same_events_when_time_moves_on(world: World) -> None:
    _busy_world(world)
    state = world.engine.export_state()
    restored = RoutingEngine.from_state(EngineSettings(), state)
    original_events = _script(world.engine)
    assert original_events
    assert _script(restored) == original_events
    assert restored.export_state() == world.engine.export_state()
