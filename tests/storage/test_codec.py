"""The storage codec round-trips the routing engine's whole state (unions, tuple keys, enums)."""

from __future__ import annotations

import json

from switchboard.app.codec import decode, encode
from switchboard.domain.routing import (
    AgentConfig,
    Channel,
    EngineSettings,
    EngineState,
    EnqueueContact,
    ProfileConfig,
    ProfileQueue,
    QueueConfig,
    QueueKind,
    RoutingEngine,
    StatusKind,
    StatusRef,
)
from switchboard.domain.routing.criteria import (
    AndExpression,
    AttributeCondition,
    NotAttributeCondition,
    OrExpression,
    RoutingCriteria,
    RoutingStep,
)

AVAILABLE = StatusRef("a", "Available", StatusKind.ROUTABLE)


def _busy_engine() -> RoutingEngine:
    engine = RoutingEngine(EngineSettings(offer_timeout_ms=5_000))
    engine.put_queue(QueueConfig("q1"), 0)
    engine.put_queue(QueueConfig("q2", max_contacts=5), 0)
    engine.put_routing_profile(
        ProfileConfig(
            "p",
            (ProfileQueue("q1", Channel.VOICE, 1, 0), ProfileQueue("q2", Channel.VOICE, 2, 30_000)),
            {Channel.VOICE: 1},
        ),
        0,
    )
    for user in ("u1", "u2"):
        engine.put_queue(QueueConfig(f"aq-{user}", QueueKind.AGENT, user), 0)
        engine.put_agent(
            AgentConfig(user, "p", f"aq-{user}", proficiencies={("Skill", "Billing"): 3.0}), 0
        )
    engine.set_agent_status("u1", AVAILABLE, 0)
    criteria = RoutingCriteria(
        (
            RoutingStep(
                OrExpression(
                    (
                        AttributeCondition("Skill", "Billing", proficiency_level=4.0),
                        AndExpression(
                            (
                                AttributeCondition("Team", "Sales", proficiency_level=1.0),
                                NotAttributeCondition(
                                    AttributeCondition("Lang", "fr", proficiency_level=1.0)
                                ),
                            )
                        ),
                    )
                ),
                expiry_ms=10_000,
            ),
            RoutingStep(AttributeCondition("Skill", "Billing", proficiency_level=1.0)),
        )
    )
    for i in range(6):
        engine.enqueue(
            EnqueueContact(
                f"c{i}",
                Channel.VOICE,
                queue_priority=1 + i % 3,
                criteria=criteria if i % 2 else None,
            ),
            "q1" if i < 3 else "q2",
            1_000 * i,
        )
    return engine


def test_engine_state_round_trips_when_encoded_as_json() -> None:
    engine = _busy_engine()
    state = engine.export_state()
    text = json.dumps(encode(state))
    restored_state = decode(EngineState, json.loads(text))
    assert restored_state == state
    restored = RoutingEngine.from_state(EngineSettings(offer_timeout_ms=5_000), restored_state)
    for cid in (f"c{i}" for i in range(6)):
        assert restored.position(cid) == engine.position(cid)
    assert restored.advance(60_000) == engine.advance(60_000)
