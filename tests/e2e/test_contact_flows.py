"""Contact flows end to end (R8): CRUD, validation problems, list/search, paging, restart."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import ServerProcess, make_client
from tests.flow_samples import queue_flow


def end_flow() -> str:
    return json.dumps(
        {
            "Version": "2019-10-30",
            "StartAction": "e",
            "Actions": [
                {"Identifier": "e", "Type": "EndFlowExecution", "Parameters": {}, "Transitions": {}}
            ],
        }
    )


def create(connect: Any, iid: str, name: str, **extra: Any) -> dict[str, Any]:
    args = {"InstanceId": iid, "Name": name, "Type": "CONTACT_FLOW", "Content": queue_flow()}
    args.update(extra)
    return dict(connect.create_contact_flow(**args))


def flow_names(connect: Any, iid: str, **filters: Any) -> list[str]:
    pages = connect.get_paginator("list_contact_flows").paginate(InstanceId=iid, **filters)
    return [s["Name"] for p in pages for s in p["ContactFlowSummaryList"]]


def test_flow_is_described_when_created(connect: Any, instance_id: str) -> None:
    content = queue_flow()
    created = create(connect, instance_id, "Inbound", Description="main", Tags={"team": "a"})
    assert "/contact-flow/" in created["ContactFlowArn"]
    flow = connect.describe_contact_flow(
        InstanceId=instance_id, ContactFlowId=created["ContactFlowId"]
    )["ContactFlow"]
    assert flow["Id"] == created["ContactFlowId"]
    assert flow["Arn"] == created["ContactFlowArn"]
    assert (flow["Name"], flow["Type"], flow["Description"]) == ("Inbound", "CONTACT_FLOW", "main")
    assert (flow["State"], flow["Status"]) == ("ACTIVE", "PUBLISHED")
    assert flow["Content"] == content
    assert flow["Tags"] == {"team": "a"}
    assert flow["FlowContentSha256"] == created["FlowContentSha256"]


def test_describe_works_when_flow_is_saved(connect: Any, instance_id: str) -> None:
    fid = create(connect, instance_id, "Draft", Status="SAVED", Content='{"not": "finished"}')[
        "ContactFlowId"
    ]
    flow = connect.describe_contact_flow(InstanceId=instance_id, ContactFlowId=fid)["ContactFlow"]
    assert flow["Status"] == "SAVED"
    saved = connect.describe_contact_flow(InstanceId=instance_id, ContactFlowId=f"{fid}:$SAVED")
    assert saved["ContactFlow"]["Id"] == fid


def test_create_fails_with_problems_when_content_is_invalid(connect: Any, instance_id: str) -> None:
    bad = json.loads(queue_flow())
    bad["Actions"][0]["Transitions"]["NextAction"] = "nowhere"
    with pytest.raises(connect.exceptions.InvalidContactFlowException) as info:
        create(connect, instance_id, "Broken", Content=json.dumps(bad))
    problems = info.value.response["problems"]
    assert any("nowhere" in p["message"] for p in problems)
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_create_fails_when_content_is_not_json(connect: Any, instance_id: str) -> None:
    with pytest.raises(connect.exceptions.InvalidContactFlowException) as info:
        create(connect, instance_id, "NotJson", Content="{nope")
    assert "JSON" in info.value.response["problems"][0]["message"]


def test_create_fails_when_block_not_allowed_in_type(connect: Any, instance_id: str) -> None:
    with pytest.raises(connect.exceptions.InvalidContactFlowException) as info:
        create(connect, instance_id, "Whisper", Type="AGENT_WHISPER")
    assert any("not allowed" in p["message"] for p in info.value.response["problems"])


def test_create_fails_with_duplicate_when_name_exists(connect: Any, instance_id: str) -> None:
    create(connect, instance_id, "Same")
    with pytest.raises(connect.exceptions.DuplicateResourceException):
        create(connect, instance_id, "Same")


def test_update_content_replaces_content_when_valid(connect: Any, instance_id: str) -> None:
    fid = create(connect, instance_id, "Changing")["ContactFlowId"]
    new = queue_flow("arn:aws:connect:us-east-1:1:instance/x/queue/other")
    connect.update_contact_flow_content(InstanceId=instance_id, ContactFlowId=fid, Content=new)
    flow = connect.describe_contact_flow(InstanceId=instance_id, ContactFlowId=fid)["ContactFlow"]
    assert flow["Content"] == new


def test_update_content_fails_with_problems_when_invalid(connect: Any, instance_id: str) -> None:
    fid = create(connect, instance_id, "Guarded")["ContactFlowId"]
    bad = json.loads(queue_flow())
    bad["StartAction"] = "missing"
    with pytest.raises(connect.exceptions.InvalidContactFlowException) as info:
        connect.update_contact_flow_content(
            InstanceId=instance_id, ContactFlowId=fid, Content=json.dumps(bad)
        )
    assert any("StartAction" in p["message"] for p in info.value.response["problems"])
    flow = connect.describe_contact_flow(InstanceId=instance_id, ContactFlowId=fid)["ContactFlow"]
    assert flow["Content"] == queue_flow()


def test_update_name_and_metadata_change_fields_when_called(connect: Any, instance_id: str) -> None:
    fid = create(connect, instance_id, "Old")["ContactFlowId"]
    connect.update_contact_flow_name(
        InstanceId=instance_id, ContactFlowId=fid, Name="New", Description="d1"
    )
    connect.update_contact_flow_metadata(
        InstanceId=instance_id, ContactFlowId=fid, Description="d2", ContactFlowState="ARCHIVED"
    )
    flow = connect.describe_contact_flow(InstanceId=instance_id, ContactFlowId=fid)["ContactFlow"]
    assert (flow["Name"], flow["Description"], flow["State"]) == ("New", "d2", "ARCHIVED")


def test_rename_fails_with_duplicate_when_name_taken(connect: Any, instance_id: str) -> None:
    create(connect, instance_id, "Taken")
    fid = create(connect, instance_id, "Mine")["ContactFlowId"]
    with pytest.raises(connect.exceptions.DuplicateResourceException):
        connect.update_contact_flow_name(InstanceId=instance_id, ContactFlowId=fid, Name="Taken")
    with pytest.raises(connect.exceptions.DuplicateResourceException):
        connect.update_contact_flow_metadata(
            InstanceId=instance_id, ContactFlowId=fid, Name="Taken"
        )


def test_delete_removes_flow_when_it_exists(connect: Any, instance_id: str) -> None:
    fid = create(connect, instance_id, "Gone")["ContactFlowId"]
    connect.delete_contact_flow(InstanceId=instance_id, ContactFlowId=fid)
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.describe_contact_flow(InstanceId=instance_id, ContactFlowId=fid)
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.delete_contact_flow(InstanceId=instance_id, ContactFlowId=fid)


def test_operations_fail_with_not_found_when_flow_unknown(connect: Any, instance_id: str) -> None:
    missing = "00000000-0000-4000-8000-000000000000"
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.update_contact_flow_content(
            InstanceId=instance_id, ContactFlowId=missing, Content=queue_flow()
        )
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.update_contact_flow_name(InstanceId=instance_id, ContactFlowId=missing, Name="x")


def test_list_filters_by_type_and_pages_when_max_results_small(
    connect: Any, instance_id: str
) -> None:
    for i in range(5):
        create(connect, instance_id, f"Mine{i}")
    create(connect, instance_id, "Queue flow", Type="CUSTOMER_QUEUE", Content=end_flow())
    mine = [n for n in flow_names(connect, instance_id, ContactFlowTypes=["CONTACT_FLOW"])]
    assert {f"Mine{i}" for i in range(5)} <= set(mine)
    assert "Queue flow" not in mine
    seen: list[str] = []
    token = None
    while True:
        args: dict[str, Any] = {"InstanceId": instance_id, "MaxResults": 2}
        if token:
            args["NextToken"] = token
        got = connect.list_contact_flows(**args)
        assert len(got["ContactFlowSummaryList"]) <= 2
        seen += [s["Id"] for s in got["ContactFlowSummaryList"]]
        token = got.get("NextToken")
        if not token:
            break
    assert len(seen) == len(set(seen)) == len(flow_names(connect, instance_id))
    summary = connect.list_contact_flows(
        InstanceId=instance_id, ContactFlowTypes=["CUSTOMER_QUEUE"]
    )
    queue_summary = next(s for s in summary["ContactFlowSummaryList"] if s["Name"] == "Queue flow")
    assert queue_summary["ContactFlowState"] == "ACTIVE"
    assert queue_summary["ContactFlowStatus"] == "PUBLISHED"


def test_search_matches_name_type_and_tags_when_combined(connect: Any, instance_id: str) -> None:
    create(connect, instance_id, "Sales main", Tags={"dept": "sales"})
    create(connect, instance_id, "Sales after hours", Tags={"dept": "sales"}, Status="SAVED")
    create(connect, instance_id, "Support", Tags={"dept": "support"})
    got = connect.search_contact_flows(
        InstanceId=instance_id,
        SearchCriteria={
            "AndConditions": [
                {
                    "StringCondition": {
                        "FieldName": "name",
                        "Value": "Sales",
                        "ComparisonType": "STARTS_WITH",
                    }
                },
                {"TypeCondition": "CONTACT_FLOW"},
                {"StatusCondition": "PUBLISHED"},
            ]
        },
    )
    assert [f["Name"] for f in got["ContactFlows"]] == ["Sales main"]
    assert got["ApproximateTotalCount"] == 1
    tagged = connect.search_contact_flows(
        InstanceId=instance_id,
        SearchFilter={"TagFilter": {"TagCondition": {"TagKey": "dept", "TagValue": "sales"}}},
    )
    assert sorted(f["Name"] for f in tagged["ContactFlows"]) == ["Sales after hours", "Sales main"]
    typed = connect.search_contact_flows(
        InstanceId=instance_id,
        SearchFilter={
            "FlowAttributeFilter": {
                "AndCondition": {
                    "TagConditions": [{"TagKey": "dept", "TagValue": "support"}],
                    "ContactFlowTypeCondition": {"ContactFlowType": "CONTACT_FLOW"},
                }
            }
        },
    )
    assert [f["Name"] for f in typed["ContactFlows"]] == ["Support"]


def test_search_pages_every_flow_once_when_max_results_small(
    connect: Any, instance_id: str
) -> None:
    for i in range(5):
        create(connect, instance_id, f"Paged{i}")
    criteria = {
        "StringCondition": {"FieldName": "name", "Value": "Paged", "ComparisonType": "STARTS_WITH"}
    }
    pages = connect.get_paginator("search_contact_flows").paginate(
        InstanceId=instance_id, SearchCriteria=criteria, PaginationConfig={"PageSize": 2}
    )
    names = [f["Name"] for p in pages for f in p["ContactFlows"]]
    assert sorted(names) == [f"Paged{i}" for i in range(5)]


def test_new_instance_lists_default_flows_when_created(connect: Any, instance_id: str) -> None:
    names = flow_names(connect, instance_id)
    assert "Default customer queue" in names, (
        "seed_default_flows is not wired into instance creation"
    )
    queue_flows = flow_names(connect, instance_id, ContactFlowTypes=["CUSTOMER_QUEUE"])
    assert queue_flows == ["Default customer queue"]


def test_flows_come_back_when_server_restarts(private_server: ServerProcess) -> None:
    client = make_client(private_server.url)
    iid = client.create_instance(
        IdentityManagementType="CONNECT_MANAGED",
        InboundCallsEnabled=True,
        OutboundCallsEnabled=True,
    )["Id"]
    fid = create(client, iid, "Durable", Tags={"k": "v"})["ContactFlowId"]
    assert private_server.stop() == 0
    private_server.start()
    client = make_client(private_server.url)
    flow = client.describe_contact_flow(InstanceId=iid, ContactFlowId=fid)["ContactFlow"]
    assert (flow["Name"], flow["Tags"], flow["Content"]) == ("Durable", {"k": "v"}, queue_flow())


def test_create_fails_with_limit_when_instance_has_100_flows(
    connect: Any, instance_id: str
) -> None:
    existing = len(flow_names(connect, instance_id))
    for i in range(100 - existing):
        create(connect, instance_id, f"Bulk{i}", Status="SAVED", Content="{}")
    with pytest.raises(connect.exceptions.LimitExceededException):
        create(connect, instance_id, "one-too-many")
    assert len(flow_names(connect, instance_id)) == 100
