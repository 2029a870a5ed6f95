"""The flow interpreter: every supported block's branches, conditions, JSONPath, guards."""

from __future__ import annotations

from typing import Any

import pytest

from switchboard.domain.flows.interpreter import (
    MAX_STEPS,
    OutcomeKind,
    QueueMetricsSnapshot,
    resume,
    run,
)
from switchboard.domain.flows.paths import condition_holds
from switchboard.domain.routing.criteria import AndExpression, AttributeCondition
from tests.unit.flows.flow_world import (
    AGENT_Q,
    BASIC,
    CLOSED,
    FakeEnv,
    act,
    bye,
    contact,
    end,
    flow,
    say,
)


def queue_then_transfer(queue: str = BASIC.arn) -> list[dict[str, Any]]:
    return [
        act(
            "q",
            "UpdateContactTargetQueue",
            {"QueueId": queue},
            next_action="t",
            errors={"NoMatchingError": "nomatch"},
        ),
        act(
            "t",
            "TransferContactToQueue",
            next_action="after",
            errors={"QueueAtCapacity": "full", "NoMatchingError": "nomatch"},
        ),
        say("after", "never", "bye"),
        say("full", "queue full", "bye"),
        say("nomatch", "no match", "bye"),
        bye(),
    ]


def test_contact_is_queued_and_flow_stops_when_transfer_succeeds() -> None:
    env = FakeEnv()
    state = contact()
    out = run(flow(queue_then_transfer()), state, env)
    assert out.kind is OutcomeKind.QUEUED
    assert out.queue == BASIC
    assert env.enqueued == [("c-1", BASIC.id)]
    assert out.messages == ()  # NextAction after a successful transfer is not followed
    assert [(t.identifier, t.result) for t in out.trace] == [("q", "Success"), ("t", "Success")]
    assert state.target_queue is None  # the input state is never mutated
    assert out.state.target_queue == BASIC and out.state.queued


def test_queue_at_capacity_branch_when_queue_full() -> None:
    out = run(flow(queue_then_transfer()), contact(), FakeEnv(full={BASIC.id}))
    assert (out.kind, out.messages) == (OutcomeKind.DISCONNECTED, ("queue full",))
    assert ("t", "QueueAtCapacity") in [(t.identifier, t.result) for t in out.trace]


def test_no_matching_error_when_queue_disabled_or_unknown() -> None:
    out = run(flow(queue_then_transfer()), contact(), FakeEnv(disabled={BASIC.id}))
    assert out.messages == ("no match",)
    out = run(flow(queue_then_transfer("arn:unknown")), contact(), FakeEnv())
    assert out.messages == ("no match",)
    assert out.trace[0].result == "NoMatchingError"


def test_transfer_fails_when_no_target_queue_or_already_queued() -> None:
    actions = queue_then_transfer()[1:]
    out = run(flow(actions), contact(), FakeEnv())
    assert out.messages == ("no match",)
    out = run(flow(actions), contact(target_queue=BASIC, queued=True), FakeEnv())
    assert out.messages == ("no match",)


def test_agent_queue_is_target_when_agent_id_given() -> None:
    actions = queue_then_transfer()
    actions[0] = act(
        "q",
        "UpdateContactTargetQueue",
        {"AgentId": "$.Attributes.agent"},
        next_action="t",
        errors={"NoMatchingError": "nomatch"},
    )
    out = run(flow(actions), contact(attributes={"agent": "agent-1"}), FakeEnv())
    assert out.queue == AGENT_Q


def test_error_outcome_when_error_has_no_branch() -> None:
    actions = [act("t", "TransferContactToQueue", next_action="bye"), bye()]
    out = run(flow(actions), contact(), FakeEnv())
    assert out.kind is OutcomeKind.ERROR
    assert "NoMatchingError" in (out.error or "")


def test_routing_behavior_sets_priority_and_age_adjustment() -> None:
    actions = [
        act("p", "UpdateContactRoutingBehavior", {"QueuePriority": "2"}, next_action="a"),
        act(
            "a",
            "UpdateContactRoutingBehavior",
            {"QueueTimeAdjustmentSeconds": "-30"},
            next_action="bye",
        ),
        bye(),
    ]
    out = run(flow(actions), contact(), FakeEnv())
    assert (out.state.queue_priority, out.state.queue_time_adjustment_s) == (2, -30)


def criteria_flow(name: str = "Language") -> list[dict[str, Any]]:
    return [
        act(
            "rc",
            "UpdateRoutingCriteria",
            {
                "RoutingCriteria": {
                    "Steps": [
                        {
                            "Expression": {
                                "AndExpression": [
                                    {
                                        "AttributeCondition": {
                                            "Name": name,
                                            "Value": "EN",
                                            "ProficiencyLevel": 3,
                                            "ComparisonOperator": "NumberGreaterOrEqualTo",
                                        }
                                    },
                                    {
                                        "AttributeCondition": {
                                            "Name": "Technology",
                                            "Value": "AWS",
                                            "Range": {
                                                "MinProficiencyLevel": 1,
                                                "MaxProficiencyLevel": 3,
                                            },
                                        }
                                    },
                                ]
                            },
                            "Expiry": {"DurationInSeconds": 30},
                        },
                        {
                            "Expression": {
                                "AttributeCondition": {
                                    "Name": name,
                                    "Value": "EN",
                                    "ProficiencyLevel": 1,
                                }
                            }
                        },
                    ]
                }
            },
            next_action="bye",
            errors={"NoMatchingError": "err"},
        ),
        say("err", "criteria error", "bye"),
        bye(),
    ]


def test_routing_criteria_builds_engine_tree_when_valid() -> None:
    out = run(flow(criteria_flow()), contact(), FakeEnv())
    criteria = out.state.routing_criteria
    assert criteria is not None and len(criteria.steps) == 2
    first = criteria.steps[0]
    assert first.expiry_ms == 30_000
    assert isinstance(first.expression, AndExpression)
    assert first.expression.parts[0] == AttributeCondition("Language", "EN", proficiency_level=3.0)
    assert first.expression.parts[1] == AttributeCondition(
        "Technology", "AWS", "Range", min_level=1.0, max_level=3.0
    )
    assert criteria.steps[1].expiry_ms is None


def test_routing_criteria_error_branch_when_attribute_missing() -> None:
    out = run(flow(criteria_flow("Dialect")), contact(), FakeEnv())
    assert out.messages == ("criteria error",)
    assert out.state.routing_criteria is None


def test_attributes_written_all_or_none() -> None:
    actions = [
        act(
            "set",
            "UpdateContactAttributes",
            {"Attributes": {"tier": "gold", "ch": "$.Channel"}},
            next_action="bad",
        ),
        act(
            "bad",
            "UpdateContactAttributes",
            {"Attributes": {"x": "1", "y": "$.Attributes.missing"}},
            next_action="bye",
            errors={"NoMatchingError": "err"},
        ),
        say("err", "partial refused", "bye"),
        bye(),
    ]
    out = run(flow(actions), contact(channel="CHAT"), FakeEnv())
    assert out.state.attributes == {"tier": "gold", "ch": "CHAT"}
    assert out.messages == ("partial refused",)


def compare_flow() -> list[dict[str, Any]]:
    return [
        act(
            "c",
            "Compare",
            {"ComparisonValue": "$.Attributes.score"},
            conditions=[
                ("NumberGreaterThan", ["90"], "high"),
                ("NumberGreaterOrEqualTo", ["50"], "mid"),
                ("Equals", ["vip", "gold"], "vip"),
            ],
            errors={"NoMatchingCondition": "none"},
        ),
        say("high", "high", "bye"),
        say("mid", "mid", "bye"),
        say("vip", "vip", "bye"),
        say("none", "none", "bye"),
        bye(),
    ]


@pytest.mark.parametrize(
    ("score", "said"),
    [("95", "high"), ("90", "mid"), ("50", "mid"), ("gold", "vip"), ("10", "none"), (None, "none")],
)
def test_compare_takes_first_matching_condition(score: str | None, said: str) -> None:
    attrs = {} if score is None else {"score": score}
    out = run(flow(compare_flow()), contact(attributes=attrs), FakeEnv())
    assert out.messages == (said,)


@pytest.mark.parametrize(
    ("operator", "value", "operands", "holds"),
    [
        ("TextStartsWith", "support-en", ["sales", "support"], True),
        ("TextEndsWith", "support-en", ["-en"], True),
        ("TextContains", "support-en", ["ort-"], True),
        ("TextContains", "support-en", ["xyz"], False),
        ("NumberLessThan", "3", ["3"], False),
        ("NumberLessOrEqualTo", "3", ["3.0"], True),
        ("NumberGreaterThan", "abc", ["1"], False),
        ("Equals", "Voice", ["VOICE"], False),
    ],
)
def test_condition_operators(operator: str, value: str, operands: list[str], holds: bool) -> None:
    assert condition_holds(operator, value, operands) is holds


def test_json_path_reads_system_external_and_queue_values() -> None:
    actions = [
        act("q", "UpdateContactTargetQueue", {"QueueId": BASIC.id}, next_action="m1"),
        say("m1", "$.Queue.Name", "m2"),
        say("m2", "$.ContactId", "m3"),
        say("m3", "$.External.result", "m4"),
        say("m4", "$.CustomerEndpoint.Address", "bye"),
        bye(),
    ]
    state = contact(external={"result": "ok"}, system={"CustomerEndpoint.Address": "+15550100"})
    out = run(flow(actions), state, FakeEnv())
    assert out.messages == ("BasicQueue", "c-1", "ok", "+15550100")


def hours_flow(params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    return [
        act(
            "h",
            "CheckHoursOfOperation",
            params,
            conditions=[("Equals", ["True"], "open"), ("Equals", ["False"], "closed")],
            errors={"NoMatchingError": "err"},
        ),
        say("open", "open", "bye"),
        say("closed", "closed", "bye"),
        say("err", "error", "bye"),
        bye(),
    ]


@pytest.mark.parametrize(
    ("target", "params", "said"),
    [
        (BASIC, None, "open"),
        (CLOSED, None, "closed"),
        (AGENT_Q, None, "error"),  # agent queues have no hours (R1.8.4)
        (None, None, "error"),
        (None, {"HoursOfOperationId": "h-closed"}, "closed"),
        (BASIC, {"HoursOfOperationId": "h-unknown"}, "error"),
    ],
)
def test_check_hours_branches(target: Any, params: dict[str, Any] | None, said: str) -> None:
    out = run(flow(hours_flow(params)), contact(target_queue=target), FakeEnv())
    assert out.messages == (said,)


SNAPSHOT = QueueMetricsSnapshot(
    queue_name="BasicQueue",
    queue_arn=BASIC.arn,
    size=4,
    oldest_contact_age_s=75,
    agents_online=3,
    agents_available=0,
    agents_staffed=3,
    queue_ewt_s=120,
    contact_position=2,
    contact_ewt_s=60,
)


def test_get_metric_data_fills_metrics_paths() -> None:
    actions = [
        act(
            "g",
            "GetMetricData",
            {"QueueId": BASIC.id, "QueueChannel": "Voice"},
            next_action="c",
            errors={"NoMatchingError": "err"},
        ),
        act(
            "c",
            "Compare",
            {"ComparisonValue": "$.Metrics.Queue.Size"},
            conditions=[("NumberGreaterOrEqualTo", ["4"], "busy")],
            errors={"NoMatchingCondition": "bye"},
        ),
        say("busy", "$.Metrics.Contact.PositionInQueue", "ewt"),
        say("ewt", "$.Metrics.Queue.EstimatedWaitTime", "bye"),
        say("err", "error", "bye"),
        bye(),
    ]
    env = FakeEnv(metrics={BASIC.id: SNAPSHOT})
    out = run(flow(actions), contact(), env)
    assert out.messages == ("2", "120")
    assert env.metric_calls == [(BASIC.id, "VOICE")]
    assert out.state.metrics["Agents.Online.Count"] == "3"
    assert out.state.metrics["Queue.OldestContactAge"] == "75"
    assert "Agents.Missed.Count" not in out.state.metrics


def test_get_metric_data_omits_queue_ewt_when_no_channel_and_errors_when_no_queue() -> None:
    actions = [
        act("g", "GetMetricData", next_action="bye", errors={"NoMatchingError": "err"}),
        say("err", "error", "bye"),
        bye(),
    ]
    env = FakeEnv(metrics={BASIC.id: SNAPSHOT})
    out = run(flow(actions), contact(target_queue=BASIC), env)
    assert "Queue.EstimatedWaitTime" not in out.state.metrics
    assert run(flow(actions), contact(), env).messages == ("error",)
    assert run(flow(actions), contact(target_queue=CLOSED), env).messages == ("error",)


@pytest.mark.parametrize(
    ("metric", "operator", "operand", "said"),
    [
        ("NumberOfAgentsAvailable", "NumberGreaterThan", "0", "none"),
        ("NumberOfAgentsStaffed", "NumberGreaterThan", "0", "yes"),
        ("NumberOfContactsInQueue", "NumberLessThan", "5", "yes"),
        ("OldestContactInQueueAgeSeconds", "NumberGreaterThan", "100", "none"),
    ],
)
def test_check_metric_data_branches(metric: str, operator: str, operand: str, said: str) -> None:
    actions = [
        act(
            "m",
            "CheckMetricData",
            {"MetricType": metric, "QueueId": BASIC.arn},
            conditions=[(operator, [operand], "yes")],
            errors={"NoMatchingCondition": "none", "NoMatchingError": "err"},
        ),
        say("yes", "yes", "bye"),
        say("none", "none", "bye"),
        say("err", "err", "bye"),
        bye(),
    ]
    out = run(flow(actions), contact(), FakeEnv(metrics={BASIC.id: SNAPSHOT}))
    assert out.messages == (said,)


def test_message_prompt_is_voice_only() -> None:
    actions = [
        act(
            "p",
            "MessageParticipant",
            {"PromptId": "arn:prompt"},
            next_action="bye",
            errors={"NoMatchingError": "err"},
        ),
        say("err", "error", "bye"),
        bye(),
    ]
    assert run(flow(actions), contact(channel="VOICE"), FakeEnv()).messages == ("arn:prompt",)
    assert run(flow(actions), contact(channel="CHAT"), FakeEnv()).messages == ("error",)


def test_wait_returns_resume_instant_and_resume_takes_branch() -> None:
    actions = [
        say("hi", "hello", "w"),
        act(
            "w",
            "Wait",
            {"TimeoutSeconds": "60", "Events": ["CustomerReturned"]},
            conditions=[
                ("Equals", ["WaitCompleted"], "timeout"),
                ("Equals", ["CustomerReturned"], "back"),
            ],
        ),
        say("timeout", "timed out", "bye"),
        say("back", "welcome back", "bye"),
        bye(),
    ]
    env = FakeEnv()
    out = run(flow(actions), contact(), env)
    assert out.kind is OutcomeKind.WAITING
    assert out.wait is not None and out.wait.resume_at == env.clock + 60_000
    assert out.trace[-1].result == "Waiting"
    later = resume(out.wait, out.state, env)
    assert (later.kind, later.messages) == (OutcomeKind.DISCONNECTED, ("timed out",))
    back = resume(out.wait, out.state, env, "CustomerReturned")
    assert back.messages == ("welcome back",)


def test_transfer_to_flow_continues_in_other_flow() -> None:
    other = flow(queue_then_transfer())
    actions = [
        act(
            "x",
            "TransferToFlow",
            {"ContactFlowId": "flow-2"},
            next_action="bye",
            errors={"NoMatchingError": "err"},
        ),
        say("err", "no flow", "bye"),
        bye(),
    ]
    out = run(flow(actions), contact(), FakeEnv(flows={"flow-2": other}))
    assert out.kind is OutcomeKind.QUEUED
    assert [t.identifier for t in out.trace] == ["x", "q", "t"]
    assert run(flow(actions), contact(), FakeEnv()).messages == ("no flow",)


def test_end_flow_execution_ends_without_disconnect() -> None:
    out = run(flow([say("m", "hold on", "end"), end()], "CUSTOMER_QUEUE"), contact(), FakeEnv())
    assert (out.kind, out.messages) == (OutcomeKind.ENDED, ("hold on",))


def test_loop_guard_stops_infinite_flows() -> None:
    actions = [say("a", "loop", "b"), say("b", "loop", "a")]
    out = run(flow(actions), contact(), FakeEnv())
    assert out.kind is OutcomeKind.ERROR
    assert len(out.trace) == MAX_STEPS
    assert str(MAX_STEPS) in (out.error or "")


def test_dequeue_transfers_to_new_queue_in_customer_queue_flow() -> None:
    actions = [
        act(
            "d",
            "DequeueContactAndTransferToQueue",
            {"QueueId": CLOSED.id},
            next_action="end",
            errors={"QueueAtCapacity": "end", "NoMatchingError": "end"},
        ),
        end(),
    ]
    env = FakeEnv()
    out = run(flow(actions, "CUSTOMER_QUEUE"), contact(target_queue=BASIC, queued=True), env)
    assert (out.kind, out.queue) == (OutcomeKind.QUEUED, CLOSED)
    assert env.enqueued == [("c-1", CLOSED.id)]
