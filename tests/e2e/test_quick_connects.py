"""Quick connects end to end: USER/QUEUE/PHONE_NUMBER/FLOW destinations, updates, search."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import ServerProcess, make_client

MISSING = "00000000-0000-4000-8000-000000000000"
FLOW = "11111111-1111-4111-8111-111111111111"


def phone(number: str = "+15550100") -> dict[str, Any]:
    return {"QuickConnectType": "PHONE_NUMBER", "PhoneConfig": {"PhoneNumber": number}}


def create_qc(
    connect: Any, instance_id: str, name: str, config: dict[str, Any] | None = None, **extra: Any
) -> dict[str, Any]:
    return connect.create_quick_connect(
        InstanceId=instance_id, Name=name, QuickConnectConfig=config or phone(), **extra
    )


def describe(connect: Any, instance_id: str, qc_id: str) -> dict[str, Any]:
    return connect.describe_quick_connect(InstanceId=instance_id, QuickConnectId=qc_id)[
        "QuickConnect"
    ]


def basic_queue_id(connect: Any, instance_id: str) -> str:
    listed = connect.list_queues(InstanceId=instance_id, QueueTypes=["STANDARD"])
    return str(next(q["Id"] for q in listed["QueueSummaryList"] if q["Name"] == "BasicQueue"))


def create_user(connect: Any, instance_id: str, username: str) -> str:
    profile = connect.list_routing_profiles(InstanceId=instance_id)["RoutingProfileSummaryList"][0]
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
            RoutingProfileId=profile["Id"],
        )["UserId"]
    )


def test_phone_quick_connect_is_described_when_created(connect: Any, instance_id: str) -> None:
    created = create_qc(connect, instance_id, "Helpdesk", Description="call out", Tags={"a": "b"})
    assert "/transfer-destination/" in created["QuickConnectARN"]
    qc = describe(connect, instance_id, created["QuickConnectId"])
    assert qc["Name"] == "Helpdesk"
    assert qc["Description"] == "call out"
    assert qc["QuickConnectARN"] == created["QuickConnectARN"]
    assert qc["QuickConnectConfig"] == phone()
    assert qc["Tags"] == {"a": "b"}
    assert qc["LastModifiedRegion"] == "us-east-1"


def test_queue_and_flow_destinations_are_kept_when_created(connect: Any, instance_id: str) -> None:
    queue_config = {
        "QuickConnectType": "QUEUE",
        "QueueConfig": {"QueueId": basic_queue_id(connect, instance_id), "ContactFlowId": FLOW},
    }
    flow_config = {"QuickConnectType": "FLOW", "FlowConfig": {"ContactFlowId": FLOW}}
    qid = create_qc(connect, instance_id, "ToQueue", queue_config)["QuickConnectId"]
    fid = create_qc(connect, instance_id, "ToFlow", flow_config)["QuickConnectId"]
    assert describe(connect, instance_id, qid)["QuickConnectConfig"] == queue_config
    assert describe(connect, instance_id, fid)["QuickConnectConfig"] == flow_config


def test_user_destination_is_kept_when_user_exists(connect: Any, instance_id: str) -> None:
    user_id = create_user(connect, instance_id, "qc.agent")
    config = {"QuickConnectType": "USER", "UserConfig": {"UserId": user_id, "ContactFlowId": FLOW}}
    qc_id = create_qc(connect, instance_id, "ToAgent", config)["QuickConnectId"]
    assert describe(connect, instance_id, qc_id)["QuickConnectConfig"] == config


def test_create_fails_with_not_found_when_user_or_queue_unknown(
    connect: Any, instance_id: str
) -> None:
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        create_qc(
            connect,
            instance_id,
            "U",
            {"QuickConnectType": "USER", "UserConfig": {"UserId": MISSING, "ContactFlowId": FLOW}},
        )
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        create_qc(
            connect,
            instance_id,
            "Q",
            {
                "QuickConnectType": "QUEUE",
                "QueueConfig": {"QueueId": MISSING, "ContactFlowId": FLOW},
            },
        )


def test_create_fails_with_invalid_parameter_when_config_missing_for_type(
    connect: Any, instance_id: str
) -> None:
    with pytest.raises(connect.exceptions.InvalidParameterException):
        create_qc(
            connect,
            instance_id,
            "Empty",
            {"QuickConnectType": "QUEUE", "FlowConfig": {"ContactFlowId": FLOW}},
        )


def test_create_fails_with_invalid_parameter_when_phone_not_e164(
    connect: Any, instance_id: str
) -> None:
    with pytest.raises(connect.exceptions.InvalidParameterException):
        create_qc(connect, instance_id, "BadPhone", phone("555-0100"))


def test_create_fails_with_duplicate_when_name_exists(connect: Any, instance_id: str) -> None:
    create_qc(connect, instance_id, "Twice")
    with pytest.raises(connect.exceptions.DuplicateResourceException):
        create_qc(connect, instance_id, "Twice")


def test_create_fails_with_limit_when_hundred_quick_connects_exist(
    connect: Any, instance_id: str
) -> None:
    for i in range(100):
        create_qc(connect, instance_id, f"QC{i}")
    with pytest.raises(connect.exceptions.LimitExceededException):
        create_qc(connect, instance_id, "one-too-many")


def test_update_name_and_config_change_quick_connect_when_applied(
    connect: Any, instance_id: str
) -> None:
    qc_id = create_qc(connect, instance_id, "Before", Description="old")["QuickConnectId"]
    connect.update_quick_connect_name(InstanceId=instance_id, QuickConnectId=qc_id, Name="After")
    flow_config = {"QuickConnectType": "FLOW", "FlowConfig": {"ContactFlowId": FLOW}}
    connect.update_quick_connect_config(
        InstanceId=instance_id, QuickConnectId=qc_id, QuickConnectConfig=flow_config
    )
    qc = describe(connect, instance_id, qc_id)
    assert (qc["Name"], qc["Description"]) == ("After", "old")
    assert qc["QuickConnectConfig"] == flow_config
    connect.update_quick_connect_name(InstanceId=instance_id, QuickConnectId=qc_id, Description="")
    assert "Description" not in describe(connect, instance_id, qc_id)


def test_update_config_fails_with_not_found_when_queue_unknown(
    connect: Any, instance_id: str
) -> None:
    qc_id = create_qc(connect, instance_id, "X")["QuickConnectId"]
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.update_quick_connect_config(
            InstanceId=instance_id,
            QuickConnectId=qc_id,
            QuickConnectConfig={
                "QuickConnectType": "QUEUE",
                "QueueConfig": {"QueueId": MISSING, "ContactFlowId": FLOW},
            },
        )


def test_describe_fails_with_not_found_when_id_unknown(connect: Any, instance_id: str) -> None:
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        describe(connect, instance_id, MISSING)


def test_delete_removes_quick_connect_from_queues_when_deleted(
    connect: Any, instance_id: str
) -> None:
    qc_id = create_qc(connect, instance_id, "Gone")["QuickConnectId"]
    queue_id = basic_queue_id(connect, instance_id)
    connect.associate_queue_quick_connects(
        InstanceId=instance_id, QueueId=queue_id, QuickConnectIds=[qc_id]
    )
    connect.delete_quick_connect(InstanceId=instance_id, QuickConnectId=qc_id)
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        describe(connect, instance_id, qc_id)
    listed = connect.list_queue_quick_connects(InstanceId=instance_id, QueueId=queue_id)
    assert listed["QuickConnectSummaryList"] == []
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.delete_quick_connect(InstanceId=instance_id, QuickConnectId=qc_id)


def test_queue_delete_fails_with_in_use_when_quick_connect_targets_it(
    connect: Any, instance_id: str
) -> None:
    hours = connect.list_hours_of_operations(InstanceId=instance_id)["HoursOfOperationSummaryList"]
    queue_id = connect.create_queue(
        InstanceId=instance_id, Name="Target", HoursOfOperationId=hours[0]["Id"]
    )["QueueId"]
    config = {
        "QuickConnectType": "QUEUE",
        "QueueConfig": {"QueueId": queue_id, "ContactFlowId": FLOW},
    }
    create_qc(connect, instance_id, "ToTarget", config)
    with pytest.raises(connect.exceptions.ResourceInUseException):
        connect.delete_queue(InstanceId=instance_id, QueueId=queue_id)


def test_list_filters_by_type_and_pages_when_asked(connect: Any, instance_id: str) -> None:
    for i in range(3):
        create_qc(connect, instance_id, f"P{i}")
    create_qc(
        connect,
        instance_id,
        "F",
        {"QuickConnectType": "FLOW", "FlowConfig": {"ContactFlowId": FLOW}},
    )
    flows = connect.list_quick_connects(InstanceId=instance_id, QuickConnectTypes=["FLOW"])
    assert [q["Name"] for q in flows["QuickConnectSummaryList"]] == ["F"]
    assert flows["QuickConnectSummaryList"][0]["QuickConnectType"] == "FLOW"
    seen: list[str] = []
    kwargs: dict[str, Any] = {"InstanceId": instance_id, "MaxResults": 3}
    while True:
        page = connect.list_quick_connects(**kwargs)
        seen += [q["Id"] for q in page["QuickConnectSummaryList"]]
        if "NextToken" not in page:
            break
        kwargs["NextToken"] = page["NextToken"]
    assert len(seen) == len(set(seen)) == 4


def test_search_matches_criteria_and_tags_when_given(connect: Any, instance_id: str) -> None:
    create_qc(connect, instance_id, "Sales line", Description="to sales", Tags={"dept": "sales"})
    create_qc(connect, instance_id, "Sales backup", Tags={"dept": "ops"})
    create_qc(connect, instance_id, "Support")
    result = connect.search_quick_connects(
        InstanceId=instance_id,
        SearchCriteria={
            "StringCondition": {
                "FieldName": "name",
                "Value": "sales",
                "ComparisonType": "STARTS_WITH",
            }
        },
        SearchFilter={"TagFilter": {"TagCondition": {"TagKey": "dept", "TagValue": "sales"}}},
    )
    assert [q["Name"] for q in result["QuickConnects"]] == ["Sales line"]
    assert result["QuickConnects"][0]["QuickConnectConfig"] == phone()
    assert result["ApproximateTotalCount"] == 1
    everything = connect.search_quick_connects(InstanceId=instance_id, MaxResults=2)
    assert everything["ApproximateTotalCount"] == 3
    rest = connect.search_quick_connects(
        InstanceId=instance_id, MaxResults=2, NextToken=everything["NextToken"]
    )
    names = [q["Name"] for q in everything["QuickConnects"] + rest["QuickConnects"]]
    assert names == ["Sales backup", "Sales line", "Support"]


def test_search_rejects_unknown_field_when_not_searchable(connect: Any, instance_id: str) -> None:
    with pytest.raises(connect.exceptions.InvalidParameterException):
        connect.search_quick_connects(
            InstanceId=instance_id,
            SearchCriteria={
                "StringCondition": {"FieldName": "type", "Value": "USER", "ComparisonType": "EXACT"}
            },
        )


def test_quick_connects_survive_restart_when_server_restarts(private_server: ServerProcess) -> None:
    client = make_client(private_server.url)
    iid = client.create_instance(
        IdentityManagementType="CONNECT_MANAGED",
        InboundCallsEnabled=True,
        OutboundCallsEnabled=True,
    )["Id"]
    qc_id = create_qc(client, iid, "Kept", Tags={"k": "v"})["QuickConnectId"]
    queue_id = basic_queue_id(client, iid)
    client.associate_queue_quick_connects(InstanceId=iid, QueueId=queue_id, QuickConnectIds=[qc_id])
    assert private_server.stop() == 0
    private_server.start()
    client = make_client(private_server.url)
    qc = describe(client, iid, qc_id)
    assert (qc["Name"], qc["Tags"], qc["QuickConnectConfig"]) == ("Kept", {"k": "v"}, phone())
    listed = client.list_queue_quick_connects(InstanceId=iid, QueueId=queue_id)
    assert [s["Id"] for s in listed["QuickConnectSummaryList"]] == [qc_id]
