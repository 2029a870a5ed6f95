"""Queues end to end (R1.1, R1.8.1, R6): standard queues, agent queues, settings, search."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import ServerProcess, make_client

MISSING = "00000000-0000-4000-8000-000000000000"


def basic_hours_id(connect: Any, instance_id: str) -> str:
    listed = connect.list_hours_of_operations(InstanceId=instance_id)["HoursOfOperationSummaryList"]
    return str(next(h["Id"] for h in listed if h["Name"] == "Basic Hours"))


def create_queue(connect: Any, instance_id: str, name: str, **extra: Any) -> dict[str, Any]:
    extra.setdefault("HoursOfOperationId", basic_hours_id(connect, instance_id))
    return connect.create_queue(InstanceId=instance_id, Name=name, **extra)


def describe(connect: Any, instance_id: str, queue_id: str) -> dict[str, Any]:
    return connect.describe_queue(InstanceId=instance_id, QueueId=queue_id)["Queue"]


def create_user(connect: Any, instance_id: str, username: str) -> str:
    profile = next(
        p["Id"]
        for p in connect.list_routing_profiles(InstanceId=instance_id)["RoutingProfileSummaryList"]
        if p["Name"] == "Basic Routing Profile"
    )
    security = next(
        p["Id"]
        for p in connect.list_security_profiles(InstanceId=instance_id)[
            "SecurityProfileSummaryList"
        ]
        if p["Name"] == "Agent"
    )
    return str(
        connect.create_user(
            InstanceId=instance_id,
            Username=username,
            Password="Passw0rd!",
            PhoneConfig={"PhoneType": "SOFT_PHONE"},
            SecurityProfileIds=[security],
            RoutingProfileId=profile,
        )["UserId"]
    )


def test_queue_is_described_when_created(connect: Any, instance_id: str) -> None:
    hours = basic_hours_id(connect, instance_id)
    created = create_queue(
        connect,
        instance_id,
        "Support",
        Description="Tier 1",
        MaxContacts=25,
        OutboundCallerConfig={"OutboundCallerIdName": "ACME"},
        Tags={"team": "a"},
    )
    assert "/queue/" in created["QueueArn"]
    queue = describe(connect, instance_id, created["QueueId"])
    assert queue["Name"] == "Support"
    assert queue["Description"] == "Tier 1"
    assert queue["QueueArn"] == created["QueueArn"]
    assert queue["HoursOfOperationId"] == hours
    assert queue["MaxContacts"] == 25
    assert queue["Status"] == "ENABLED"
    assert queue["OutboundCallerConfig"] == {"OutboundCallerIdName": "ACME"}
    assert queue["Tags"] == {"team": "a"}
    assert queue["LastModifiedRegion"] == "us-east-1"
    assert "LastModifiedTime" in queue


def test_default_instance_has_basic_queue_when_new(connect: Any, instance_id: str) -> None:
    listed = connect.list_queues(InstanceId=instance_id, QueueTypes=["STANDARD"])
    assert [q["Name"] for q in listed["QueueSummaryList"]] == ["BasicQueue"]
    assert listed["QueueSummaryList"][0]["QueueType"] == "STANDARD"


def test_create_fails_with_duplicate_when_name_exists(connect: Any, instance_id: str) -> None:
    create_queue(connect, instance_id, "Twice")
    with pytest.raises(connect.exceptions.DuplicateResourceException):
        create_queue(connect, instance_id, "Twice")
    with pytest.raises(connect.exceptions.DuplicateResourceException):
        create_queue(connect, instance_id, "BasicQueue")


def test_create_fails_with_not_found_when_hours_unknown(connect: Any, instance_id: str) -> None:
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        create_queue(connect, instance_id, "NoHours", HoursOfOperationId=MISSING)


def test_create_fails_with_not_found_when_quick_connect_unknown(
    connect: Any, instance_id: str
) -> None:
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        create_queue(connect, instance_id, "NoQc", QuickConnectIds=[MISSING])


def test_create_fails_with_limit_when_hundred_queues_exist(connect: Any, instance_id: str) -> None:
    hours = basic_hours_id(connect, instance_id)
    for i in range(99):  # plus BasicQueue = 100
        connect.create_queue(InstanceId=instance_id, Name=f"Q{i}", HoursOfOperationId=hours)
    with pytest.raises(connect.exceptions.LimitExceededException):
        connect.create_queue(InstanceId=instance_id, Name="one-too-many", HoursOfOperationId=hours)


def test_describe_fails_with_not_found_when_queue_unknown(connect: Any, instance_id: str) -> None:
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        describe(connect, instance_id, MISSING)


def test_updates_change_queue_when_applied(connect: Any, instance_id: str) -> None:
    qid = create_queue(connect, instance_id, "Old", MaxContacts=5)["QueueId"]
    other_hours = connect.create_hours_of_operation(
        InstanceId=instance_id, Name="Other", TimeZone="Europe/London", Config=[]
    )["HoursOfOperationId"]
    connect.update_queue_name(InstanceId=instance_id, QueueId=qid, Name="New", Description="d")
    connect.update_queue_hours_of_operation(
        InstanceId=instance_id, QueueId=qid, HoursOfOperationId=other_hours
    )
    connect.update_queue_max_contacts(InstanceId=instance_id, QueueId=qid, MaxContacts=7)
    connect.update_queue_outbound_caller_config(
        InstanceId=instance_id,
        QueueId=qid,
        OutboundCallerConfig={"OutboundCallerIdName": "Out", "OutboundFlowId": "flow-1"},
    )
    connect.update_queue_status(InstanceId=instance_id, QueueId=qid, Status="DISABLED")
    queue = describe(connect, instance_id, qid)
    assert (queue["Name"], queue["Description"]) == ("New", "d")
    assert queue["HoursOfOperationId"] == other_hours
    assert queue["MaxContacts"] == 7
    assert queue["OutboundCallerConfig"] == {
        "OutboundCallerIdName": "Out",
        "OutboundFlowId": "flow-1",
    }
    assert queue["Status"] == "DISABLED"
    connect.update_queue_max_contacts(InstanceId=instance_id, QueueId=qid)
    assert "MaxContacts" not in describe(connect, instance_id, qid)


def test_update_name_fails_with_duplicate_when_name_taken(connect: Any, instance_id: str) -> None:
    qid = create_queue(connect, instance_id, "Mine")["QueueId"]
    with pytest.raises(connect.exceptions.DuplicateResourceException):
        connect.update_queue_name(InstanceId=instance_id, QueueId=qid, Name="BasicQueue")


def test_update_hours_fails_with_not_found_when_hours_unknown(
    connect: Any, instance_id: str
) -> None:
    qid = create_queue(connect, instance_id, "H")["QueueId"]
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.update_queue_hours_of_operation(
            InstanceId=instance_id, QueueId=qid, HoursOfOperationId=MISSING
        )


def test_update_fails_with_not_found_when_queue_unknown(connect: Any, instance_id: str) -> None:
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.update_queue_status(InstanceId=instance_id, QueueId=MISSING, Status="DISABLED")


def test_delete_removes_queue_when_unused(connect: Any, instance_id: str) -> None:
    qid = create_queue(connect, instance_id, "Temp")["QueueId"]
    connect.delete_queue(InstanceId=instance_id, QueueId=qid)
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        describe(connect, instance_id, qid)
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.delete_queue(InstanceId=instance_id, QueueId=qid)


def test_delete_fails_with_in_use_when_default_profile_uses_basic_queue(
    connect: Any, instance_id: str
) -> None:
    basic = connect.list_queues(InstanceId=instance_id, QueueTypes=["STANDARD"])[
        "QueueSummaryList"
    ][0]["Id"]
    with pytest.raises(connect.exceptions.ResourceInUseException):
        connect.delete_queue(InstanceId=instance_id, QueueId=basic)


def test_delete_fails_with_in_use_when_routing_profile_serves_queue(
    connect: Any, instance_id: str
) -> None:
    qid = create_queue(connect, instance_id, "Served")["QueueId"]
    basic = connect.list_queues(InstanceId=instance_id, QueueTypes=["STANDARD"])
    basic_id = next(q["Id"] for q in basic["QueueSummaryList"] if q["Name"] == "BasicQueue")
    connect.create_routing_profile(
        InstanceId=instance_id,
        Name="Serves it",
        Description="d",
        DefaultOutboundQueueId=basic_id,
        MediaConcurrencies=[{"Channel": "VOICE", "Concurrency": 1}],
        QueueConfigs=[
            {"QueueReference": {"QueueId": qid, "Channel": "VOICE"}, "Priority": 1, "Delay": 0}
        ],
    )
    with pytest.raises(connect.exceptions.ResourceInUseException):
        connect.delete_queue(InstanceId=instance_id, QueueId=qid)


def test_agent_queue_is_listed_when_agent_type_requested(connect: Any, instance_id: str) -> None:
    user_id = create_user(connect, instance_id, "agent.one")
    agent_queues = connect.list_queues(InstanceId=instance_id, QueueTypes=["AGENT"])[
        "QueueSummaryList"
    ]
    assert len(agent_queues) == 1
    assert agent_queues[0]["QueueType"] == "AGENT"
    everything = connect.list_queues(InstanceId=instance_id)["QueueSummaryList"]
    assert {q["QueueType"] for q in everything} == {"STANDARD", "AGENT"}
    standard = connect.search_queues(
        InstanceId=instance_id, SearchCriteria={"QueueTypeCondition": "STANDARD"}
    )
    assert [q["Name"] for q in standard["Queues"]] == ["BasicQueue"]
    with pytest.raises(connect.exceptions.ResourceInUseException):
        connect.delete_queue(InstanceId=instance_id, QueueId=agent_queues[0]["Id"])
    assert user_id


def test_quick_connects_associate_and_list_when_associated(connect: Any, instance_id: str) -> None:
    qid = create_queue(connect, instance_id, "WithQc")["QueueId"]
    qcs = [
        connect.create_quick_connect(
            InstanceId=instance_id,
            Name=f"QC{i}",
            QuickConnectConfig={
                "QuickConnectType": "PHONE_NUMBER",
                "PhoneConfig": {"PhoneNumber": f"+1555000000{i}"},
            },
        )["QuickConnectId"]
        for i in range(3)
    ]
    connect.associate_queue_quick_connects(InstanceId=instance_id, QueueId=qid, QuickConnectIds=qcs)
    connect.associate_queue_quick_connects(
        InstanceId=instance_id, QueueId=qid, QuickConnectIds=qcs[:1]
    )
    seen: list[str] = []
    kwargs: dict[str, Any] = {"InstanceId": instance_id, "QueueId": qid, "MaxResults": 2}
    while True:
        page = connect.list_queue_quick_connects(**kwargs)
        seen += [s["Id"] for s in page["QuickConnectSummaryList"]]
        if "NextToken" not in page:
            break
        kwargs["NextToken"] = page["NextToken"]
    assert sorted(seen) == sorted(qcs)
    connect.disassociate_queue_quick_connects(
        InstanceId=instance_id, QueueId=qid, QuickConnectIds=qcs[:2]
    )
    left = connect.list_queue_quick_connects(InstanceId=instance_id, QueueId=qid)
    assert [s["Id"] for s in left["QuickConnectSummaryList"]] == [qcs[2]]
    assert left["QuickConnectSummaryList"][0]["QuickConnectType"] == "PHONE_NUMBER"


def test_associate_fails_with_not_found_when_quick_connect_unknown(
    connect: Any, instance_id: str
) -> None:
    qid = create_queue(connect, instance_id, "Q")["QueueId"]
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.associate_queue_quick_connects(
            InstanceId=instance_id, QueueId=qid, QuickConnectIds=[MISSING]
        )


def test_list_pages_every_queue_once_when_max_results_small(connect: Any, instance_id: str) -> None:
    for i in range(4):
        create_queue(connect, instance_id, f"P{i}")
    seen: list[str] = []
    kwargs: dict[str, Any] = {"InstanceId": instance_id, "MaxResults": 2}
    while True:
        page = connect.list_queues(**kwargs)
        assert len(page["QueueSummaryList"]) <= 2
        seen += [q["Id"] for q in page["QueueSummaryList"]]
        if "NextToken" not in page:
            break
        kwargs["NextToken"] = page["NextToken"]
    assert len(seen) == len(set(seen)) == 5


def test_list_rejects_token_when_filter_changes(connect: Any, instance_id: str) -> None:
    for i in range(3):
        create_queue(connect, instance_id, f"T{i}")
    token = connect.list_queues(InstanceId=instance_id, MaxResults=1)["NextToken"]
    with pytest.raises(connect.exceptions.InvalidParameterException):
        connect.list_queues(
            InstanceId=instance_id, MaxResults=1, NextToken=token, QueueTypes=["AGENT"]
        )


def test_search_matches_string_conditions_when_nested(connect: Any, instance_id: str) -> None:
    create_queue(connect, instance_id, "Billing", Description="money matters")
    create_queue(connect, instance_id, "Billing VIP", Description="big money")
    created = create_queue(connect, instance_id, "Returns")
    result = connect.search_queues(
        InstanceId=instance_id,
        SearchCriteria={
            "OrConditions": [
                {
                    "AndConditions": [
                        {
                            "StringCondition": {
                                "FieldName": "name",
                                "Value": "bill",
                                "ComparisonType": "STARTS_WITH",
                            }
                        },
                        {
                            "StringCondition": {
                                "FieldName": "description",
                                "Value": "big",
                                "ComparisonType": "CONTAINS",
                            }
                        },
                    ]
                },
                {
                    "StringCondition": {
                        "FieldName": "resourceID",
                        "Value": created["QueueId"],
                        "ComparisonType": "EXACT",
                    }
                },
            ]
        },
    )
    assert [q["Name"] for q in result["Queues"]] == ["Billing VIP", "Returns"]
    assert result["ApproximateTotalCount"] == 2
    assert result["Queues"][1]["QueueArn"] == created["QueueArn"]


def test_search_filters_by_tag_when_tag_filter_given(connect: Any, instance_id: str) -> None:
    create_queue(connect, instance_id, "A", Tags={"env": "prod", "team": "x"})
    create_queue(connect, instance_id, "B", Tags={"env": "prod"})
    create_queue(connect, instance_id, "C", Tags={"env": "dev"})
    result = connect.search_queues(
        InstanceId=instance_id,
        SearchFilter={
            "TagFilter": {
                "AndConditions": [
                    {"TagKey": "env", "TagValue": "prod"},
                    {"TagKey": "team", "TagValue": "x"},
                ]
            }
        },
    )
    assert [q["Name"] for q in result["Queues"]] == ["A"]
    result = connect.search_queues(
        InstanceId=instance_id,
        SearchFilter={"TagFilter": {"TagCondition": {"TagKey": "env", "TagValue": "prod"}}},
    )
    assert [q["Name"] for q in result["Queues"]] == ["A", "B"]


def test_search_pages_when_max_results_small(connect: Any, instance_id: str) -> None:
    for name in ("z", "y", "x"):
        create_queue(connect, instance_id, name)
    names: list[str] = []
    for page in connect.get_paginator("search_queues").paginate(
        InstanceId=instance_id, PaginationConfig={"PageSize": 2}
    ):
        assert page["ApproximateTotalCount"] == 4
        names += [q["Name"] for q in page["Queues"]]
    assert names == ["BasicQueue", "x", "y", "z"]


def test_search_rejects_field_when_not_searchable(connect: Any, instance_id: str) -> None:
    with pytest.raises(connect.exceptions.InvalidParameterException):
        connect.search_queues(
            InstanceId=instance_id,
            SearchCriteria={
                "StringCondition": {
                    "FieldName": "status",
                    "Value": "ENABLED",
                    "ComparisonType": "EXACT",
                }
            },
        )
    with pytest.raises(connect.exceptions.InvalidParameterException):
        connect.search_queues(
            InstanceId=instance_id,
            SearchCriteria={
                "StringCondition": {
                    "FieldName": "resourceID",
                    "Value": "ab",
                    "ComparisonType": "CONTAINS",
                }
            },
        )


def test_queues_survive_restart_when_server_restarts(private_server: ServerProcess) -> None:
    client = make_client(private_server.url)
    iid = client.create_instance(
        IdentityManagementType="CONNECT_MANAGED",
        InboundCallsEnabled=True,
        OutboundCallsEnabled=True,
    )["Id"]
    qid = create_queue(client, iid, "Persisted", MaxContacts=3, Tags={"x": "y"})["QueueId"]
    client.update_queue_status(InstanceId=iid, QueueId=qid, Status="DISABLED")
    token = client.list_queues(InstanceId=iid, MaxResults=1)["NextToken"]
    assert private_server.stop() == 0
    private_server.start()
    client = make_client(private_server.url)
    queue = describe(client, iid, qid)
    assert (queue["Name"], queue["MaxContacts"], queue["Status"]) == ("Persisted", 3, "DISABLED")
    assert queue["Tags"] == {"x": "y"}
    rest = client.list_queues(InstanceId=iid, MaxResults=10, NextToken=token)
    assert len(rest["QueueSummaryList"]) == 1


def test_update_fails_with_invalid_request_when_queue_is_agent_queue(
    connect: Any, instance_id: str
) -> None:
    create_user(connect, instance_id, "agent.two")
    agent_queue = connect.list_queues(InstanceId=instance_id, QueueTypes=["AGENT"])[
        "QueueSummaryList"
    ][0]
    described = describe(connect, instance_id, agent_queue["Id"])
    assert described["MaxContacts"] == 10
    with pytest.raises(connect.exceptions.InvalidRequestException):
        connect.update_queue_status(
            InstanceId=instance_id, QueueId=agent_queue["Id"], Status="DISABLED"
        )


def test_associate_fails_with_limit_when_queue_would_exceed_fifty(
    connect: Any, instance_id: str
) -> None:
    qid = create_queue(connect, instance_id, "Crowded")["QueueId"]
    qcs = [
        connect.create_quick_connect(
            InstanceId=instance_id,
            Name=f"L{i}",
            QuickConnectConfig={
                "QuickConnectType": "PHONE_NUMBER",
                "PhoneConfig": {"PhoneNumber": f"+1555{i:07d}"},
            },
        )["QuickConnectId"]
        for i in range(51)
    ]
    connect.associate_queue_quick_connects(
        InstanceId=instance_id, QueueId=qid, QuickConnectIds=qcs[:50]
    )
    with pytest.raises(connect.exceptions.LimitExceededException):
        connect.associate_queue_quick_connects(
            InstanceId=instance_id, QueueId=qid, QuickConnectIds=qcs[50:]
        )


def test_list_queue_quick_connects_fails_with_not_found_when_queue_unknown(
    connect: Any, instance_id: str
) -> None:
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.list_queue_quick_connects(InstanceId=instance_id, QueueId=MISSING)
