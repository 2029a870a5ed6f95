"""GetCurrentMetricData end to end: every metric against the state each scenario builds."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.metrics.conftest import MetricsCenter

AGENT_METRICS = [
    "AGENTS_ONLINE",
    "AGENTS_AVAILABLE",
    "AGENTS_ON_CALL",
    "AGENTS_ON_CONTACT",
    "AGENTS_NON_PRODUCTIVE",
    "AGENTS_AFTER_CONTACT_WORK",
    "AGENTS_ERROR",
    "AGENTS_STAFFED",
]
QUEUE_METRICS = ["CONTACTS_IN_QUEUE", "OLDEST_CONTACT_AGE", "CONTACTS_SCHEDULED"]
SLOT_METRICS = ["SLOTS_ACTIVE", "SLOTS_AVAILABLE"]
ALL13 = AGENT_METRICS + QUEUE_METRICS + SLOT_METRICS


def _world(center: MetricsCenter) -> dict[str, str]:
    """Q1 (prio 1) and Q2 (prio 2) on one profile. ada on a call, bob in ACW, cat on Break,
    dan Offline, eve Available but with a missed call; two calls wait in Q1 (40 s and 10 s),
    one in Q2 (10 s)."""
    q1, _ = center.queue("Q1")
    q2, _ = center.queue("Q2")
    center.statuses["Break"] = center.connect.create_agent_status(
        InstanceId=center.instance_id, Name="Break", State="ENABLED"
    )["AgentStatusId"]
    profile = center.profile("main", [(q1, "VOICE", 1, 0), (q2, "VOICE", 2, 0)])
    ada = center.agent("ada", profile)
    c1 = center.call(q1)
    center.controls.accept(center.instance_id, ada, c1)
    bob = center.agent("bob", profile)
    c2 = center.call(q1)
    center.controls.accept(center.instance_id, bob, c2)
    center.controls.end(center.instance_id, bob, c2)
    cat = center.agent("cat", profile, available=False)
    center.status(cat, "Break")
    dan = center.agent("dan", profile, available=False)
    eve = center.agent("eve", profile)
    c3 = center.call(q1)  # offered to eve, who lets it ring out
    center.controls.advance(seconds=30)  # 20 s offer timeout: eve MISSED, c3 back in Q1
    c4 = center.call(q1)
    c5 = center.call(q2)
    center.controls.advance(seconds=10)
    return {"q1": q1, "q2": q2, "profile": profile, "ada": ada, "bob": bob, "cat": cat,
            "dan": dan, "eve": eve, "c3": c3, "c4": c4, "c5": c5}  # fmt: skip


def _by_queue(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["dims"]["Queue"]["Id"]: r for r in rows}


def test_every_metric_per_queue_when_grouped_by_queue(center: MetricsCenter) -> None:
    w = _world(center)
    filters = {"Queues": [w["q1"], w["q2"]], "Channels": ["VOICE"]}
    rows = _by_queue(center.current_rows(ALL13, Filters=filters, Groupings=["QUEUE"]))
    # ada, bob, cat, eve online (dan Offline); staffed ada, bob, eve; nobody free.
    agents = {
        "AGENTS_ONLINE": 4.0,
        "AGENTS_AVAILABLE": 0.0,
        "AGENTS_ON_CALL": 2.0,
        "AGENTS_ON_CONTACT": 2.0,
        "AGENTS_NON_PRODUCTIVE": 1.0,
        "AGENTS_AFTER_CONTACT_WORK": 1.0,
        "AGENTS_ERROR": 1.0,
        "AGENTS_STAFFED": 3.0,
        "SLOTS_ACTIVE": 2.0,
        "SLOTS_AVAILABLE": 0.0,
        "CONTACTS_SCHEDULED": 0.0,
    }
    q1 = rows[w["q1"]]
    assert {k: q1[k] for k in agents} == agents
    assert (q1["CONTACTS_IN_QUEUE"], q1["OLDEST_CONTACT_AGE"]) == (2.0, 40.0)
    q2 = rows[w["q2"]]
    assert {k: q2[k] for k in agents} == agents
    assert (q2["CONTACTS_IN_QUEUE"], q2["OLDEST_CONTACT_AGE"]) == (1.0, 10.0)
    assert q1["dims"]["Queue"]["Arn"].endswith(w["q1"])
    assert [c["Metric"]["Name"] for c in center.current(
        ALL13, Filters={"Queues": [w["q1"]]}, Groupings=["QUEUE"]
    )["MetricResults"][0]["Collections"]] == ALL13  # fmt: skip


def test_summary_counts_each_agent_once_and_age_in_ms_when_ungrouped(
    center: MetricsCenter,
) -> None:
    w = _world(center)
    got = center.current(ALL13, Filters={"Queues": [w["q1"], w["q2"]]})
    assert got["ApproximateTotalCount"] == 1
    assert "DataSnapshotTime" in got
    (row,) = got["MetricResults"]
    values = {c["Metric"]["Name"]: c["Value"] for c in row["Collections"]}
    assert values["AGENTS_ONLINE"] == 4.0
    assert values["CONTACTS_IN_QUEUE"] == 3.0
    assert values["OLDEST_CONTACT_AGE"] == 40_000.0  # QUIRK R3.2.3: milliseconds
    assert row["Dimensions"] == {}


def test_agent_status_rows_when_grouped_by_queue_and_status(center: MetricsCenter) -> None:
    w = _world(center)
    rows = center.current_rows(
        ["AGENTS_ONLINE"], Filters={"Queues": [w["q1"]]}, Groupings=["QUEUE", "AGENT_STATUS"]
    )
    by_status = {r["dims"]["AgentStatus"]["Id"]: r["AGENTS_ONLINE"] for r in rows}
    assert by_status == {center.statuses["Available"]: 3.0, center.statuses["Break"]: 1.0}


def test_profile_rows_count_profile_agents_and_pairs_when_filtered_by_profile(
    center: MetricsCenter,
) -> None:
    w = _world(center)
    other_q, _ = center.queue("Other")
    other = center.profile("other", [(other_q, "VOICE", 1, 0)])
    center.agent("fin", other)
    rows = center.current_rows(
        ["AGENTS_ONLINE", "AGENTS_AVAILABLE", "CONTACTS_IN_QUEUE", "OLDEST_CONTACT_AGE"],
        Filters={"RoutingProfiles": [w["profile"], other]},
        Groupings=["ROUTING_PROFILE"],
    )
    by_profile = {r["dims"]["RoutingProfile"]["Id"]: r for r in rows}
    main = by_profile[w["profile"]]
    assert (main["AGENTS_ONLINE"], main["CONTACTS_IN_QUEUE"], main["OLDEST_CONTACT_AGE"]) == (
        4.0, 3.0, 40.0,
    )  # fmt: skip
    fin = by_profile[other]
    assert (fin["AGENTS_ONLINE"], fin["AGENTS_AVAILABLE"], fin["CONTACTS_IN_QUEUE"]) == (
        1.0,
        1.0,
        0.0,
    )


def test_channel_rows_split_slots_when_grouped_by_channel(center: MetricsCenter) -> None:
    qid, _ = center.queue("Chats")
    profile = center.profile("chat", [(qid, "CHAT", 1, 0), (qid, "VOICE", 1, 0)], CHAT=3, VOICE=1)
    ada = center.agent("ada", profile)
    chat = center.call(qid, "CHAT")
    center.controls.accept(center.instance_id, ada, chat)
    rows = center.current_rows(
        ["SLOTS_ACTIVE", "SLOTS_AVAILABLE", "AGENTS_ON_CONTACT", "AGENTS_AVAILABLE"],
        Filters={"Queues": [qid], "Channels": ["VOICE", "CHAT"]},
        Groupings=["CHANNEL"],
    )
    by_channel = {r["dims"]["Channel"]: r for r in rows}
    # R3.4.12: 3 chats allowed, one taken -> 2 chat slots; "no other channels" -> 0 voice.
    assert (by_channel["CHAT"]["SLOTS_ACTIVE"], by_channel["CHAT"]["SLOTS_AVAILABLE"]) == (1.0, 2.0)
    assert (by_channel["VOICE"]["SLOTS_ACTIVE"], by_channel["VOICE"]["SLOTS_AVAILABLE"]) == (
        0.0,
        0.0,
    )
    assert by_channel["CHAT"]["AGENTS_AVAILABLE"] == 0.0


def test_queue_wait_estimate_when_grouped_by_queue_and_channel(center: MetricsCenter) -> None:
    w = _world(center)
    rows = _by_queue(
        center.current_rows(
            ["ESTIMATED_WAIT_TIME"],
            Filters={"Queues": [w["q1"], w["q2"]], "Channels": ["VOICE"]},
            Groupings=["QUEUE", "CHANNEL"],
        )
    )
    # Staffed ada, bob, eve: 3 slots, none free, prior 180 s. Q1: 2 ahead -> (2 + 1) * 60.
    assert rows[w["q1"]]["ESTIMATED_WAIT_TIME"] == 180.0
    # Q2 shares the agents with the better-priority Q1, which has contacts: 1.5 slots.
    assert rows[w["q2"]]["ESTIMATED_WAIT_TIME"] == 240.0


def test_step_expression_rows_when_filtered_by_expression(center: MetricsCenter) -> None:
    qid, _ = center.queue("Skills")
    center.connect.create_predefined_attribute(
        InstanceId=center.instance_id, Name="Language", Values={"StringList": ["French", "German"]}
    )
    french = {"AttributeCondition": {"Name": "Language", "Value": "French",
                                     "ProficiencyLevel": 2.0,
                                     "ComparisonOperator": "NumberGreaterOrEqualTo"}}  # fmt: skip
    plain, skilled = center.call(qid), center.call(qid)
    center.controls.advance(seconds=5)
    center.connect.update_contact_routing_data(
        InstanceId=center.instance_id,
        ContactId=skilled,
        RoutingCriteria={"Steps": [{"Expression": french}]},
    )
    camel = json.dumps({"attributeCondition": {"comparisonOperator": "NumberGreaterOrEqualTo",
                                               "name": "Language", "proficiencyLevel": 2.0,
                                               "value": "French"}})  # fmt: skip
    german = json.dumps({"AttributeCondition": {**french["AttributeCondition"], "Value": "German"}})
    rows = center.current_rows(
        ["CONTACTS_IN_QUEUE", "OLDEST_CONTACT_AGE"],
        Filters={"Queues": [qid], "Channels": ["VOICE"], "RoutingStepExpressions": [camel, german]},
        Groupings=["ROUTING_STEP_EXPRESSION"],
    )
    assert len(rows) == 1  # German has no contacts and no agents: left out (R3.2.2)
    assert rows[0]["dims"]["RoutingStepExpression"] == camel
    assert (rows[0]["CONTACTS_IN_QUEUE"], rows[0]["OLDEST_CONTACT_AGE"]) == (1.0, 5.0)
    assert center.contact_metrics(plain, "POSITION_IN_QUEUE") == {"POSITION_IN_QUEUE": 1.0}


def test_sorting_and_paging_when_rows_exceed_page(center: MetricsCenter) -> None:
    w = _world(center)
    kwargs: dict[str, Any] = {
        "Filters": {"Queues": [w["q1"], w["q2"]]},
        "Groupings": ["QUEUE"],
        "SortCriteria": [{"SortByMetric": "CONTACTS_IN_QUEUE", "SortOrder": "ASCENDING"}],
    }
    first = center.current(["CONTACTS_IN_QUEUE"], MaxResults=1, **kwargs)
    assert first["ApproximateTotalCount"] == 2
    assert first["MetricResults"][0]["Dimensions"]["Queue"]["Id"] == w["q2"]
    second = center.current(
        ["CONTACTS_IN_QUEUE"], MaxResults=1, NextToken=first["NextToken"], **kwargs
    )
    assert second["MetricResults"][0]["Dimensions"]["Queue"]["Id"] == w["q1"]
    assert "NextToken" not in second


def test_empty_results_when_nothing_matches(center: MetricsCenter) -> None:
    qid, _ = center.queue("Quiet")
    got = center.current(["AGENTS_ONLINE"], Filters={"Queues": [qid]}, Groupings=["QUEUE"])
    assert got["MetricResults"] == []
    assert got["ApproximateTotalCount"] == 0


@pytest.mark.parametrize(
    ("metrics", "kwargs"),
    [
        (["AGENTS_ONLINE"], {"Filters": {"Queues": ["Q"], "RoutingProfiles": ["P"]}}),
        (["AGENTS_ONLINE"], {"Filters": {"Channels": ["VOICE"]}}),
        (["ESTIMATED_WAIT_TIME"], {"Filters": {"Queues": ["Q"]}, "Groupings": ["QUEUE"]}),
        (["AGENTS_AVAILABLE"], {"Filters": {"Queues": ["Q"]}, "Groupings": ["QUEUE", "AGENT_STATUS"]}),
        (["AGENTS_ONLINE"], {"Filters": {"Queues": ["Q"]}, "Groupings": ["AGENT_STATUS"]}),
        (["CONTACTS_IN_QUEUE"], {"Filters": {"Queues": ["Q"]}, "Groupings": ["ROUTING_PROFILE"]}),
        (["AGENTS_ONLINE"], {"Filters": {"Queues": ["Q"]},
                             "SortCriteria": [{"SortByMetric": "SLOTS_ACTIVE", "SortOrder": "ASCENDING"}]}),
        (["AGENTS_ONLINE"], {"Filters": {"Queues": ["Q"], "RoutingStepExpressions": ["{}"]},
                             "Groupings": ["ROUTING_STEP_EXPRESSION"]}),
        (["AGENTS_ONLINE"], {"Filters": {"Queues": ["Q"]}, "Groupings": ["ROUTING_STEP_EXPRESSION"]}),
    ],
)  # fmt: skip
def test_invalid_parameter_when_documented_rule_is_broken(
    center: MetricsCenter, metrics: list[str], kwargs: dict[str, Any]
) -> None:
    qid, _ = center.queue("Rules")
    pid = center.profile("rules", [(qid, "VOICE", 1, 0)])
    filters = {
        k: [qid if v == "Q" else pid if v == "P" else v for v in vals]
        for k, vals in kwargs["Filters"].items()
    }
    with pytest.raises(ClientError) as err:
        center.current(metrics, **{**kwargs, "Filters": filters})
    assert err.value.response["Error"]["Code"] == "InvalidParameterException"


def test_invalid_parameter_when_unit_does_not_match(center: MetricsCenter) -> None:
    qid, _ = center.queue("Units")
    with pytest.raises(ClientError) as err:
        center.connect.get_current_metric_data(
            InstanceId=center.instance_id,
            Filters={"Queues": [qid]},
            CurrentMetrics=[{"Name": "OLDEST_CONTACT_AGE", "Unit": "COUNT"}],
        )
    assert err.value.response["Error"]["Code"] == "InvalidParameterException"


def test_not_found_when_queue_is_not_in_instance(center: MetricsCenter) -> None:
    with pytest.raises(ClientError) as err:
        center.current(
            ["AGENTS_ONLINE"], Filters={"Queues": ["12345678-1234-1234-1234-123456789012"]}
        )
    assert err.value.response["Error"]["Code"] == "ResourceNotFoundException"
