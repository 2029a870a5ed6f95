"""Routing criteria: steps, expiry, JOINED, canonical expression keys (R1.9, R2.2.2)."""

from __future__ import annotations

import pytest

from switchboard.domain.errors import InvalidArgumentError
from switchboard.domain.routing.criteria import (
    RANGE,
    AndExpression,
    AttributeCondition,
    NotAttributeCondition,
    OrExpression,
    RoutingCriteria,
    RoutingStep,
    StepStatus,
    canonical_json,
)
from switchboard.domain.routing.types import ContactPhase
from tests.unit.routing.routing_world import AVAILABLE, VOICE, World, kinds

EARTH = AttributeCondition("Location", "Earth", proficiency_level=3.0)
MARS = AttributeCondition("Location", "Mars", proficiency_level=1.0)


def _criteria(*steps: tuple[object, int | None]) -> RoutingCriteria:
    return RoutingCriteria(tuple(RoutingStep(expr, exp) for expr, exp in steps))  # type: ignore[arg-type]


def _setup(world: World) -> None:
    world.queue("q")
    world.profile("p", [("q", VOICE, 1, 0)])
    world.agent("novice", "p", available=False, proficiencies={("Location", "Earth"): 1.0})
    world.agent("expert", "p", available=False, proficiencies={("Location", "Earth"): 4.0})


def test_canonical_json_sorts_keys_when_rendering_a_condition() -> None:
    text = canonical_json(AttributeCondition("Location", "Earth", proficiency_level=1))
    assert text == (
        '{"AttributeCondition":{"ComparisonOperator":"NumberGreaterOrEqualTo",'
        '"Name":"Location","ProficiencyLevel":1.0,"Value":"Earth"}}'
    )


def test_canonical_json_keeps_array_order_when_rendering_and_expression() -> None:
    one = canonical_json(AndExpression((EARTH, NotAttributeCondition(MARS))))
    two = canonical_json(AndExpression((NotAttributeCondition(MARS), EARTH)))
    assert one != two
    assert one.startswith('{"AndExpression":[{"AttributeCondition"')


def test_conditions_match_levels_when_comparing_proficiencies() -> None:
    profs = {("Location", "Earth"): 3.0}
    assert EARTH.matches(profs, "u")
    assert not AttributeCondition("Location", "Earth", proficiency_level=4.0).matches(profs, "u")
    in_range = AttributeCondition("Location", "Earth", RANGE, min_level=1.0, max_level=3.0)
    assert in_range.matches(profs, "u")
    assert not NotAttributeCondition(EARTH).matches(profs, "u")
    assert OrExpression((MARS, EARTH)).matches(profs, "u")
    assert not AndExpression((MARS, EARTH)).matches(profs, "u")
    preferred = AttributeCondition(comparison_operator="Match", agent_ids=("u",))
    assert preferred.matches({}, "u")
    assert not preferred.matches(profs, "v")


def test_step_rejects_expression_when_it_repeats_an_attribute() -> None:
    with pytest.raises(InvalidArgumentError):
        RoutingStep(AndExpression((EARTH, MARS)))


def test_first_step_limits_agents_when_contact_has_criteria(world: World) -> None:
    _setup(world)
    world.engine.set_agent_status("novice", AVAILABLE, world.at(0))
    events = world.call("c", "q", 1, criteria=_criteria((EARTH, 10_000)))
    assert kinds(events) == ["ContactQueued", "RoutingStepActivated"]
    view = world.engine.contact_state("c")
    assert view.steps[0].status is StepStatus.ACTIVE
    assert view.steps[0].expires_at == 10_001
    assert view.criteria_activated_at == 1
    world.engine.set_agent_status("expert", AVAILABLE, world.at(2))
    assert world.holder("c") == "expert"


def test_next_step_activates_when_first_step_expires(world: World) -> None:
    _setup(world)
    world.engine.set_agent_status("novice", AVAILABLE, world.at(0))
    low = AttributeCondition("Location", "Earth", proficiency_level=1.0)
    world.call("c", "q", 0, criteria=_criteria((EARTH, 5_000), (low, None)))
    events = world.engine.advance(5_000)
    assert kinds(events) == ["RoutingStepExpired", "RoutingStepActivated", "ContactOffered"]
    view = world.engine.contact_state("c")
    assert [s.status for s in view.steps] == [StepStatus.EXPIRED, StepStatus.ACTIVE]
    assert world.holder("c") == "novice"


def test_any_agent_of_the_queue_may_take_it_when_every_step_expired(world: World) -> None:
    _setup(world)
    world.agent("nobody", "p", available=True)
    world.call("c", "q", 0, criteria=_criteria((MARS, 1_000)))
    assert world.holder("c") is None
    world.engine.advance(1_000)
    assert world.holder("c") == "nobody"
    assert world.engine.contact_state("c").active_step_expression is None


def test_step_is_joined_when_agent_connects(world: World) -> None:
    _setup(world)
    world.engine.set_agent_status("expert", AVAILABLE, world.at(0))
    world.call("c", "q", 1, criteria=_criteria((EARTH, 10_000)))
    events = world.engine.accept("c", "expert", world.at(2))
    assert kinds(events) == ["ContactConnected", "RoutingStepJoined"]
    assert world.engine.contact_state("c").steps[0].status is StepStatus.JOINED
    assert world.engine.next_due() is None


def test_step_timer_keeps_running_when_offer_is_missed(world: World) -> None:
    _setup(world)
    world.engine.set_agent_status("expert", AVAILABLE, world.at(0))
    world.call("c", "q", 0, criteria=_criteria((EARTH, 25_000), (MARS, None)))
    world.engine.advance(20_000)  # missed
    events = world.engine.advance(25_000)
    assert kinds(events) == ["RoutingStepExpired", "RoutingStepActivated"]
    assert world.engine.contact_state("c").active_step == 1


def test_position_counts_only_same_step_contacts_when_criteria_are_active(
    world: World,
) -> None:
    world.queue("q")
    world.profile("p", [("q", VOICE, 1, 0)])
    world.call("plain1", "q", 0)
    world.call("earth1", "q", 1, criteria=_criteria((EARTH, None)))
    world.call("mars1", "q", 2, criteria=_criteria((MARS, None)))
    world.call("earth2", "q", 3, criteria=_criteria((EARTH, None)))
    world.call("plain2", "q", 4)
    assert world.engine.position("earth1") == 1
    assert world.engine.position("earth2") == 2
    assert world.engine.position("mars1") == 1
    assert world.engine.position("plain2") == 5  # no active step: counted among everyone


def test_position_moves_to_the_plain_line_when_last_step_expires(world: World) -> None:
    world.queue("q")
    world.profile("p", [("q", VOICE, 1, 0)])
    world.call("plain", "q", 0)
    world.call("c", "q", 1, criteria=_criteria((MARS, 1_000)))
    assert world.engine.position("c") == 1
    world.engine.advance(1_001)
    assert world.engine.position("c") == 2


def test_best_matching_contact_wins_when_other_contacts_need_other_skills(
    world: World,
) -> None:
    _setup(world)
    world.call("mars-first", "q", 0, criteria=_criteria((MARS, None)))
    world.call("earth-later", "q", 1, criteria=_criteria((EARTH, None)))
    world.engine.set_agent_status("expert", AVAILABLE, world.at(2))
    assert world.holder("earth-later") == "expert"
    assert world.engine.contact_state("mars-first").phase is ContactPhase.QUEUED


def test_criteria_are_ignored_when_contact_waits_in_an_agent_queue(world: World) -> None:
    _setup(world)
    world.call("c", "agentq-novice", 0, criteria=_criteria((MARS, None)))
    view = world.engine.contact_state("c")
    assert view.criteria_activated_at == 0
    assert view.steps[0].status is StepStatus.INACTIVE
    world.engine.set_agent_status("novice", AVAILABLE, world.at(1))
    assert world.holder("c") == "novice"


def test_preferred_agent_step_waits_for_that_agent_when_no_expiry(world: World) -> None:
    _setup(world)
    world.engine.set_agent_status("novice", AVAILABLE, world.at(0))
    preferred = AttributeCondition(comparison_operator="Match", agent_ids=("expert",))
    world.call("c", "q", 1, criteria=_criteria((preferred, None)))
    assert world.holder("c") is None
    world.engine.set_agent_status("expert", AVAILABLE, world.at(2))
    assert world.holder("c") == "expert"


def test_new_criteria_restart_at_step_one_when_routing_is_updated(world: World) -> None:
    _setup(world)
    world.call("c", "q", 0, criteria=_criteria((MARS, 1_000), (MARS, None)))
    world.engine.advance(1_000)
    events = world.engine.update_routing("c", world.at(1_500), criteria=_criteria((EARTH, 2_000)))
    assert kinds(events) == ["RoutingStepActivated", "ContactRoutingUpdated"]
    view = world.engine.contact_state("c")
    assert view.active_step == 0
    assert view.steps[0].expires_at == 3_500
    assert world.engine.next_due() == 3_500
