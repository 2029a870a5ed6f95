"""Proficiency routing: steps, expiry, JOINED, operators, preferred agents (R1.9, R1.10.4)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.routing.conftest import Center


def _condition(name: str, value: str, level: float) -> dict[str, Any]:
    return {
        "AttributeCondition": {
            "Name": name,
            "Value": value,
            "ProficiencyLevel": level,
            "ComparisonOperator": "NumberGreaterOrEqualTo",
        }
    }


def _step(expression: dict[str, Any], expiry_s: int | None = None) -> dict[str, Any]:
    step: dict[str, Any] = {"Expression": expression}
    if expiry_s is not None:
        step["Expiry"] = {"DurationInSeconds": expiry_s}
    return step


def _slots(center: Center, user_id: str) -> list[tuple[str, str]]:
    return [(c["ContactId"], c["State"]) for c in center.agent_view(user_id)["Contacts"]]


def _world(center: Center) -> tuple[str, str]:
    qid, qarn = center.queue("Skills")
    flow = center.flow_to(qarn, "to-skills")
    profile = center.profile("skills", [(qid, "TASK", 1, 0)], TASK=1)
    center.connect.create_predefined_attribute(
        InstanceId=center.instance_id,
        Name="Language",
        Values={"StringList": ["French", "German"]},
    )
    center.connect.create_predefined_attribute(
        InstanceId=center.instance_id,
        Name="Technology",
        Values={"StringList": ["Billing", "Router"]},
    )
    return flow, profile


def _skilled(center: Center, name: str, profile: str, levels: dict[str, float]) -> str:
    """An auto-accepting agent with `levels` ("Value" or "Name:Value" -> level), then Available."""
    user = center.agent(name, profile, available=False, auto_accept_channels=("TASK",))
    if levels:
        center.connect.associate_user_proficiencies(
            InstanceId=center.instance_id,
            UserId=user,
            UserProficiencies=[
                {
                    "AttributeName": key.split(":")[0] if ":" in key else "Language",
                    "AttributeValue": key.split(":")[-1],
                    "Level": level,
                }
                for key, level in levels.items()
            ],
        )
    center.status(user, "Available")
    return user


def _route(center: Center, contact: str, steps: list[dict[str, Any]]) -> None:
    center.connect.update_contact_routing_data(
        InstanceId=center.instance_id, ContactId=contact, RoutingCriteria={"Steps": steps}
    )


def test_steps_expire_in_order_and_join_when_agent_connects(center: Center) -> None:
    flow, profile = _world(center)
    contact = center.task(flow, "fr")
    _route(
        center,
        contact,
        [
            _step(_condition("Language", "French", 4), 30),
            _step(_condition("Language", "French", 2)),
        ],
    )
    routing = center.describe(contact)["RoutingCriteria"]
    assert [s["Status"] for s in routing["Steps"]] == ["ACTIVE", "INACTIVE"]
    activated = routing["ActivationTimestamp"]
    expiry = routing["Steps"][0]["Expiry"]
    assert (expiry["ExpiryTimestamp"] - activated).total_seconds() == 30
    assert "ExpiryTimestamp" not in routing["Steps"][1].get("Expiry", {})
    assert routing["Index"] == 0
    novice = _skilled(center, "ada", profile, {"French": 2})
    assert _slots(center, novice) == []  # step 1 wants level 4
    center.controls.advance(ms=29_999)
    assert _slots(center, novice) == []
    center.controls.advance(ms=1)
    # R1.9.2: step 1 EXPIRED, step 2 ACTIVE and matches the novice, who joins on step 2.
    assert _slots(center, novice) == [(contact, "CONNECTED")]
    steps = center.describe(contact)["RoutingCriteria"]["Steps"]
    assert [s["Status"] for s in steps] == ["EXPIRED", "JOINED"]


def test_expert_takes_contact_at_once_when_first_step_matches(center: Center) -> None:
    flow, profile = _world(center)
    expert = _skilled(center, "bea", profile, {"French": 5})
    center.status(expert, "Offline")
    contact = center.task(flow, "fr")
    _route(center, contact, [_step(_condition("Language", "French", 4), 30)])
    center.status(expert, "Available")
    assert _slots(center, expert) == [(contact, "CONNECTED")]
    steps = center.describe(contact)["RoutingCriteria"]["Steps"]
    assert [s["Status"] for s in steps] == ["JOINED"]


def test_any_agent_serves_contact_when_every_step_expired(center: Center) -> None:
    flow, profile = _world(center)
    contact = center.task(flow, "de")
    _route(
        center,
        contact,
        [
            _step(_condition("Language", "German", 5), 10),
            _step(_condition("Language", "German", 4), 20),
        ],
    )
    nobody = _skilled(center, "cal", profile, {})
    center.controls.advance(seconds=10)
    assert _slots(center, nobody) == []
    assert [s["Status"] for s in center.describe(contact)["RoutingCriteria"]["Steps"]] == [
        "EXPIRED",
        "ACTIVE",
    ]
    center.controls.advance(seconds=20)
    assert _slots(center, nobody) == [(contact, "CONNECTED")]
    steps = center.describe(contact)["RoutingCriteria"]["Steps"]
    assert [s["Status"] for s in steps] == ["EXPIRED", "EXPIRED"]


def test_step_without_expiry_waits_for_match_when_no_agent_qualifies(center: Center) -> None:
    flow, profile = _world(center)
    contact = center.task(flow, "fr")
    _route(center, contact, [_step(_condition("Language", "French", 3))])
    weak = _skilled(center, "dee", profile, {"French": 2})
    center.controls.advance(seconds=7 * 24 * 3600 - 60)
    assert _slots(center, weak) == []
    strong = _skilled(center, "eve", profile, {"French": 3})
    assert _slots(center, strong) == [(contact, "CONNECTED")]


def test_range_and_not_conditions_select_agents_when_levels_differ(center: Center) -> None:
    flow, profile = _world(center)
    contact = center.task(flow, "mid")
    in_range = {
        "AttributeCondition": {
            "Name": "Language",
            "Value": "French",
            "ComparisonOperator": "Range",
            "Range": {"MinProficiencyLevel": 2, "MaxProficiencyLevel": 3},
        }
    }
    not_router = {
        "NotAttributeCondition": {
            "Name": "Technology",
            "Value": "Router",
            "ProficiencyLevel": 1,
            "ComparisonOperator": "NumberGreaterOrEqualTo",
        }
    }
    _route(center, contact, [_step({"AndExpression": [in_range, not_router]})])
    too_good = _skilled(center, "fay", profile, {"French": 5})
    router_expert = _skilled(center, "gus", profile, {"French": 2, "Technology:Router": 1})
    assert _slots(center, too_good) == []
    assert _slots(center, router_expert) == []
    right = _skilled(center, "hal", profile, {"French": 3, "Technology:Billing": 5})
    assert _slots(center, right) == [(contact, "CONNECTED")]


def test_or_expression_matches_either_skill_when_agent_has_one(center: Center) -> None:
    flow, profile = _world(center)
    contact = center.task(flow, "either")
    either = {
        "OrExpression": [_condition("Language", "French", 4), _condition("Technology", "Router", 4)]
    }
    _route(center, contact, [_step(either)])
    weak = _skilled(center, "ivy", profile, {"French": 3, "Technology:Router": 3})
    assert _slots(center, weak) == []
    router = _skilled(center, "jo", profile, {"Technology:Router": 4})
    assert _slots(center, router) == [(contact, "CONNECTED")]


def test_preferred_agent_gets_contact_when_match_criteria_name_them(center: Center) -> None:
    flow, profile = _world(center)
    other = _skilled(center, "kit", profile, {})
    preferred = _skilled(center, "lee", profile, {})
    center.status(preferred, "Offline")
    contact = center.task(flow, "vip")
    assert _slots(center, other) == [(contact, "CONNECTED")]
    center.controls.end(center.instance_id, other, contact)
    center.controls.clear_acw(center.instance_id, other, contact)
    center.status(other, "Offline")
    vip = center.task(flow, "vip2")
    match = {
        "AttributeCondition": {
            "ComparisonOperator": "Match",
            "MatchCriteria": {"AgentsCriteria": {"AgentIds": [preferred]}},
        }
    }
    _route(center, vip, [_step(match, 60)])
    center.status(other, "Available")
    assert _slots(center, other) == []  # R1.9.3: only the preferred agent while step 1 lasts
    center.status(preferred, "Available")
    assert _slots(center, preferred) == [(vip, "CONNECTED")]


def test_new_criteria_restart_at_step_one_when_replaced(center: Center) -> None:
    flow, _ = _world(center)
    contact = center.task(flow, "swap")
    _route(
        center,
        contact,
        [
            _step(_condition("Language", "French", 5), 10),
            _step(_condition("Language", "French", 1)),
        ],
    )
    center.controls.advance(seconds=12)
    assert [s["Status"] for s in center.describe(contact)["RoutingCriteria"]["Steps"]] == [
        "EXPIRED",
        "ACTIVE",
    ]
    _route(center, contact, [_step(_condition("Language", "German", 5), 40)])
    routing = center.describe(contact)["RoutingCriteria"]
    # R1.10.4 / R1.9.8: replaced, step 1 active from now, Index counts the replacement.
    assert [s["Status"] for s in routing["Steps"]] == ["ACTIVE"]
    assert routing["Index"] == 1
    assert routing["ActivationTimestamp"].timestamp() * 1000 == center.controls.now()
    assert (
        routing["Steps"][0]["Expiry"]["ExpiryTimestamp"] - routing["ActivationTimestamp"]
    ).total_seconds() == 40


def test_missed_offer_keeps_step_timer_running_when_criteria_set(center: Center) -> None:
    flow, profile = _world(center)
    contact = center.task(flow, "fr")
    _route(
        center,
        contact,
        [
            _step(_condition("Language", "French", 4), 30),
            _step(_condition("Language", "French", 1)),
        ],
    )
    slow = center.agent("max", profile, available=False)
    center.connect.associate_user_proficiencies(
        InstanceId=center.instance_id,
        UserId=slow,
        UserProficiencies=[{"AttributeName": "Language", "AttributeValue": "French", "Level": 4}],
    )
    center.status(slow, "Available")
    assert _slots(center, slow) == [(contact, "CONNECTING")]
    center.controls.advance(seconds=20)  # missed at 20 s
    assert _slots(center, slow) == [(contact, "MISSED")]
    assert [s["Status"] for s in center.describe(contact)["RoutingCriteria"]["Steps"]] == [
        "ACTIVE",
        "INACTIVE",
    ]
    novice = _skilled(center, "ned", profile, {"French": 1})
    assert _slots(center, novice) == []
    center.controls.advance(seconds=10)  # R1.5.5: the step still expires at 30 s
    assert _slots(center, novice) == [(contact, "CONNECTED")]


def test_position_counts_contacts_with_same_active_step_when_criteria_differ(
    center: Center,
) -> None:
    flow, _ = _world(center)
    plain_first = center.task(flow, "plain1")
    french = center.task(flow, "fr")
    plain_second = center.task(flow, "plain2")
    _route(center, french, [_step(_condition("Language", "French", 3), 60)])
    # R2.2.2 ASSUMPTION: a contact with an active step counts only contacts with the same
    # step; one without counts everybody ahead of it.
    assert center.position(french) == 1
    assert center.position(plain_first) == 1
    assert center.position(plain_second) == 3
    center.controls.advance(seconds=60)
    assert center.position(french) == 2


def test_routing_data_update_is_refused_when_contact_connected(center: Center) -> None:
    flow, profile = _world(center)
    agent = _skilled(center, "oli", profile, {})
    contact = center.task(flow, "c")
    assert _slots(center, agent) == [(contact, "CONNECTED")]
    with pytest.raises(ClientError) as err:
        _route(center, contact, [_step(_condition("Language", "French", 3))])
    assert err.value.response["Error"]["Code"] == "ResourceConflictException"
    with pytest.raises(ClientError) as err:
        center.connect.update_contact_routing_data(
            InstanceId=center.instance_id, ContactId=contact, QueuePriority=1
        )
    assert err.value.response["Error"]["Code"] == "ResourceConflictException"


def test_routing_data_rejects_bad_values_when_malformed(center: Center) -> None:
    flow, _ = _world(center)
    contact = center.task(flow, "c")
    bad_steps = [
        [_step(_condition("Language", "French", 9))],
        [
            _step(
                {
                    "AndExpression": [
                        _condition("Language", "French", 2),
                        _condition("Language", "French", 3),
                    ]
                }
            )
        ],
    ]
    for steps in bad_steps:
        with pytest.raises(ClientError) as err:
            _route(center, contact, steps)
        assert err.value.response["Error"]["Code"] == "InvalidParameterException"
    with pytest.raises(ClientError) as err:
        center.connect.update_contact_routing_data(
            InstanceId=center.instance_id,
            ContactId=contact,
            QueuePriority=1,
            QueueTimeAdjustmentSeconds=10,
        )
    assert err.value.response["Error"]["Code"] == "InvalidParameterException"
    with pytest.raises(ClientError) as err:
        center.connect.update_contact_routing_data(
            InstanceId=center.instance_id, ContactId="no-such-contact", QueuePriority=1
        )
    assert err.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert "RoutingCriteria" not in center.describe(contact)


def test_unknown_attribute_never_matches_when_set_through_api(center: Center) -> None:
    flow, profile = _world(center)
    contact = center.task(flow, "odd")
    _route(center, contact, [_step(_condition("NoSuchThing", "x", 1), 15)])  # R1.9.5: accepted
    agent = _skilled(center, "pat", profile, {"French": 5})
    assert _slots(center, agent) == []
    center.controls.advance(seconds=15)
    assert _slots(center, agent) == [(contact, "CONNECTED")]


def test_criteria_wait_for_enqueue_when_set_before_scheduled_task_runs(center: Center) -> None:
    flow, profile = _world(center)
    t0 = center.controls.now()
    scheduled = center.task(
        flow, "later", ScheduledTime=dt.datetime.fromtimestamp((t0 + 60_000) / 1000, tz=dt.UTC)
    )
    _route(center, scheduled, [_step(_condition("Language", "French", 4), 20)])
    stored = center.describe(scheduled)["RoutingCriteria"]
    # R1.10.4: stored, not active until the contact is queued.
    assert [s["Status"] for s in stored["Steps"]] == ["INACTIVE"]
    assert "ActivationTimestamp" not in stored
    with pytest.raises(ClientError) as err:
        center.connect.update_contact_routing_data(
            InstanceId=center.instance_id, ContactId=scheduled, QueuePriority=1
        )
    assert err.value.response["Error"]["Code"] == "ResourceConflictException"
    novice = _skilled(center, "quinn", profile, {"French": 1})
    center.controls.advance(seconds=60)
    routing = center.describe(scheduled)["RoutingCriteria"]
    assert [s["Status"] for s in routing["Steps"]] == ["ACTIVE"]
    assert routing["ActivationTimestamp"].timestamp() * 1000 == t0 + 60_000
    assert _slots(center, novice) == []
    center.controls.advance(seconds=20)
    assert _slots(center, novice) == [(scheduled, "CONNECTED")]
