"""Flow-language validation (R8.1-R8.4): every rule yields a problem naming the action."""

from __future__ import annotations

import json
from typing import Any

import pytest

from switchboard.domain.flows.defaults import DEFAULT_FLOWS
from switchboard.domain.flows.language import FlowValidationError, parse_flow
from tests.unit.flows.flow_world import act, bye, doc, end, say


def problems(content: str, flow_type: str | None = "CONTACT_FLOW") -> list[str]:
    with pytest.raises(FlowValidationError) as info:
        parse_flow(content, flow_type)
    assert all(set(p) == {"message"} for p in info.value.problems)
    return [p["message"] for p in info.value.problems]


def one(action: dict[str, Any], flow_type: str = "CONTACT_FLOW") -> list[str]:
    return problems(doc([action, bye()]), flow_type)


def test_minimal_queue_flow_parses_when_valid() -> None:
    parsed = parse_flow(
        doc(
            [
                act(
                    "q",
                    "UpdateContactTargetQueue",
                    {"QueueId": "arn:q"},
                    next_action="t",
                    errors={"NoMatchingError": "d"},
                ),
                act(
                    "t",
                    "TransferContactToQueue",
                    next_action="d",
                    errors={"QueueAtCapacity": "d", "NoMatchingError": "d"},
                ),
                bye("d"),
            ]
        ),
        "CONTACT_FLOW",
    )
    assert parsed.start_action == "q"
    assert [a.type for a in parsed.actions][-1] == "DisconnectParticipant"
    assert parsed.action("t").transitions.on_error("QueueAtCapacity") == "d"  # type: ignore[union-attr]


def test_metadata_is_ignored_when_present() -> None:
    content = json.loads(doc([end()]))
    content["Metadata"] = {"entryPointPosition": {"x": 1}}
    assert parse_flow(json.dumps(content), "CUSTOMER_QUEUE").start_action == "end"


def test_validation_fails_when_content_not_json() -> None:
    assert "not valid JSON" in problems("{oops")[0]


def test_validation_fails_when_start_action_missing_or_unknown() -> None:
    content = json.loads(doc([bye()]))
    del content["StartAction"]
    assert any("StartAction is missing" in p for p in problems(json.dumps(content)))
    assert any("'ghost'" in p for p in problems(doc([bye()], start="ghost")))


def test_validation_fails_when_next_action_points_nowhere() -> None:
    found = problems(doc([say("hi", "hello", "ghost"), bye()]))
    assert any("Action 'hi'" in p and "'ghost'" in p for p in found)


def test_validation_fails_when_error_or_condition_points_nowhere() -> None:
    found = problems(
        doc(
            [
                act(
                    "c",
                    "Compare",
                    {"ComparisonValue": "$.Channel"},
                    conditions=[("Equals", ["VOICE"], "x")],
                    errors={"NoMatchingCondition": "y"},
                ),
                bye(),
            ]
        )
    )
    assert any("'x'" in p for p in found)
    assert any("'y'" in p for p in found)


def test_validation_fails_when_identifiers_repeat() -> None:
    assert any("more than one action" in p for p in problems(doc([bye("a"), bye("a")])))


@pytest.mark.parametrize(
    "ident", ["x" * 51, "a:b", "a$b", "a{b}", "a/b", "constructor", "__proto__"]
)
def test_validation_fails_when_identifier_breaks_rules(ident: str) -> None:
    found = problems(doc([bye(ident)]))
    assert any(f"Action '{ident}'" in p and "Identifier" in p for p in found)


def test_validation_fails_when_more_than_250_actions() -> None:
    actions = [say(f"m{i}", "x", f"m{i + 1}") for i in range(250)] + [bye("m250")]
    assert any("at most 250" in p for p in problems(doc(actions)))


def test_validation_fails_when_action_type_unknown() -> None:
    assert any("'PlayJazz' is not supported" in p for p in one(act("a", "PlayJazz")))


def test_validation_fails_when_action_type_outside_supported_set() -> None:
    assert any(
        "not supported" in p
        for p in one(act("a", "InvokeLambdaFunction", {"LambdaFunctionARN": "x"}))
    )


def test_target_queue_needs_exactly_one_of_queue_and_agent() -> None:
    assert any(
        "QueueId or AgentId is required" in p
        for p in one(act("q", "UpdateContactTargetQueue", next_action="bye"))
    )
    both = act("q", "UpdateContactTargetQueue", {"QueueId": "a", "AgentId": "b"}, next_action="bye")
    assert any("not both" in p for p in one(both))


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({}, "exactly one"),
        ({"QueuePriority": "1", "QueueTimeAdjustmentSeconds": "5"}, "exactly one"),
        ({"QueuePriority": "0"}, "greater than 0"),
        ({"QueuePriority": "$.Attributes.p"}, "static integer"),
    ],
)
def test_routing_behavior_rules_when_parameters_wrong(
    params: dict[str, Any], fragment: str
) -> None:
    found = one(act("r", "UpdateContactRoutingBehavior", params, next_action="bye"))
    assert any(fragment in p for p in found)


def test_routing_behavior_accepts_negative_time_adjustment() -> None:
    parse_flow(
        doc(
            [
                act(
                    "r",
                    "UpdateContactRoutingBehavior",
                    {"QueueTimeAdjustmentSeconds": "-30"},
                    next_action="bye",
                ),
                bye(),
            ]
        ),
        "CONTACT_FLOW",
    )


def test_check_hours_needs_true_and_false_conditions() -> None:
    wrong = act("h", "CheckHoursOfOperation", conditions=[("Equals", ["True"], "bye")])
    assert any('Equals "True" and Equals "False"' in p for p in one(wrong))
    good = act(
        "h",
        "CheckHoursOfOperation",
        conditions=[("Equals", ["False"], "bye"), ("Equals", ["True"], "bye")],
    )
    parse_flow(doc([good, bye()]), "CONTACT_FLOW")


def test_check_metric_needs_metric_type_and_agent_condition_greater_than_zero() -> None:
    no_type = act("m", "CheckMetricData", conditions=[("NumberGreaterThan", ["0"], "bye")])
    assert any("MetricType must be one of" in p for p in one(no_type))
    agents = act(
        "m",
        "CheckMetricData",
        {"MetricType": "NumberOfAgentsAvailable"},
        conditions=[("NumberGreaterThan", ["2"], "bye")],
    )
    assert any("only the condition NumberGreaterThan 0" in p for p in one(agents))
    size = act(
        "m",
        "CheckMetricData",
        {"MetricType": "NumberOfContactsInQueue"},
        conditions=[("NumberLessThan", ["10"], "bye")],
    )
    parse_flow(doc([size, bye()]), "CONTACT_FLOW")


@pytest.mark.parametrize(
    "params", [{}, {"Text": "a", "SSML": "<speak/>"}, {"PromptId": "p", "Media": {"Uri": "s3://x"}}]
)
def test_message_needs_exactly_one_kind(params: dict[str, Any]) -> None:
    found = one(act("m", "MessageParticipant", params, next_action="bye"))
    assert any("exactly one of PromptId, Text, SSML and Media" in p for p in found)


def test_compare_needs_json_path_and_conditions() -> None:
    found = one(act("c", "Compare", {"ComparisonValue": "static"}))
    assert any("JSONPath" in p for p in found)
    assert any("at least one condition" in p for p in found)


def test_conditions_reject_unknown_operator() -> None:
    found = one(
        act("c", "Compare", {"ComparisonValue": "$.Channel"}, conditions=[("Like", ["x"], "bye")])
    )
    assert any("'Like' is not supported" in p for p in found)


def test_routing_criteria_rules_when_levels_or_names_invalid() -> None:
    def crit(cond: dict[str, Any]) -> dict[str, Any]:
        return act(
            "rc",
            "UpdateRoutingCriteria",
            {"RoutingCriteria": {"Steps": [{"Expression": {"AttributeCondition": cond}}]}},
            next_action="bye",
        )

    level = crit(
        {
            "Name": "Language",
            "Value": "EN",
            "ProficiencyLevel": 6,
            "ComparisonOperator": "NumberGreaterOrEqualTo",
        }
    )
    assert any("between 1.0 and 5.0" in p for p in one(level))
    name = crit({"Name": "", "Value": "EN", "ProficiencyLevel": 2})
    assert any("Name" in p for p in one(name))
    assert any(
        "at least one step" in p
        for p in one(
            act(
                "rc", "UpdateRoutingCriteria", {"RoutingCriteria": {"Steps": []}}, next_action="bye"
            )
        )
    )


def test_attributes_need_a_string_map() -> None:
    assert any(
        "non-empty object" in p for p in one(act("a", "UpdateContactAttributes", next_action="bye"))
    )
    bad_target = act(
        "a",
        "UpdateContactAttributes",
        {"Attributes": {"k": "v"}, "TargetContact": "Other"},
        next_action="bye",
    )
    assert any("TargetContact" in p for p in one(bad_target))


def test_wait_needs_timeout_in_range() -> None:
    found = one(
        act(
            "w",
            "Wait",
            {"TimeoutSeconds": "700000"},
            conditions=[("Equals", ["WaitCompleted"], "bye")],
        )
    )
    assert any("TimeoutSeconds" in p for p in found)


def test_transfer_to_flow_needs_flow_id() -> None:
    assert any(
        "ContactFlowId is required" in p for p in one(act("t", "TransferToFlow", next_action="bye"))
    )


@pytest.mark.parametrize(
    ("flow_type", "action"),
    [
        ("CUSTOMER_QUEUE", act("t", "TransferContactToQueue", next_action="bye")),
        (
            "AGENT_WHISPER",
            act("q", "UpdateContactTargetQueue", {"QueueId": "q"}, next_action="bye"),
        ),
        ("CONTACT_FLOW", end("e")),
        ("CUSTOMER_HOLD", say("m", "hi", "bye")),
        (
            "CONTACT_FLOW",
            act("d", "DequeueContactAndTransferToQueue", {"QueueId": "q"}, next_action="bye"),
        ),
        (
            "AGENT_WHISPER",
            act(
                "h",
                "CheckHoursOfOperation",
                conditions=[("Equals", ["True"], "bye"), ("Equals", ["False"], "bye")],
            ),
        ),
    ],
)
def test_validation_fails_when_block_not_allowed_in_flow_type(
    flow_type: str, action: dict[str, Any]
) -> None:
    found = problems(doc([action, end("bye")]), flow_type)
    assert any(f"not allowed in a {flow_type} flow" in p for p in found)


def test_every_problem_is_reported_when_several() -> None:
    found = problems(doc([say("a", "x", "ghost"), act("b", "Nope"), bye("a")]))
    assert len(found) >= 3


def test_default_flows_are_valid_for_their_types() -> None:
    for _name, flow_type, _description, build in DEFAULT_FLOWS:
        parse_flow(build("arn:aws:connect:us-east-1:1:instance/i/queue/q"), flow_type)
