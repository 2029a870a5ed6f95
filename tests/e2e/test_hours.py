"""Hours of operation end to end (R1.8.4): create, describe, list, update, delete, search."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import ServerProcess, make_client

NINE_TO_FIVE = [
    {"Day": day, "StartTime": {"Hours": 9, "Minutes": 0}, "EndTime": {"Hours": 17, "Minutes": 0}}
    for day in ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY")
]


def create_hours(connect: Any, instance_id: str, name: str, **extra: Any) -> dict[str, Any]:
    params: dict[str, Any] = {"TimeZone": "America/New_York", "Config": NINE_TO_FIVE, **extra}
    return connect.create_hours_of_operation(InstanceId=instance_id, Name=name, **params)


def test_hours_are_described_when_created(connect: Any, instance_id: str) -> None:
    created = create_hours(connect, instance_id, "Office", Description="9-5", Tags={"t": "1"})
    assert "/operating-hours/" in created["HoursOfOperationArn"]
    got = connect.describe_hours_of_operation(
        InstanceId=instance_id, HoursOfOperationId=created["HoursOfOperationId"]
    )["HoursOfOperation"]
    assert got["Name"] == "Office"
    assert got["Description"] == "9-5"
    assert got["TimeZone"] == "America/New_York"
    assert got["Config"] == NINE_TO_FIVE
    assert got["Tags"] == {"t": "1"}
    assert got["HoursOfOperationArn"] == created["HoursOfOperationArn"]
    assert got["LastModifiedRegion"] == "us-east-1"
    assert got["LastModifiedTime"].year >= 2024


def test_describe_accepts_arn_when_arn_given(connect: Any, instance_id: str) -> None:
    created = create_hours(connect, instance_id, "ByArn")
    got = connect.describe_hours_of_operation(
        InstanceId=instance_id, HoursOfOperationId=created["HoursOfOperationArn"]
    )["HoursOfOperation"]
    assert got["HoursOfOperationId"] == created["HoursOfOperationId"]


def test_default_instance_has_basic_hours_when_new(connect: Any, instance_id: str) -> None:
    listed = connect.list_hours_of_operations(InstanceId=instance_id)
    assert [h["Name"] for h in listed["HoursOfOperationSummaryList"]] == ["Basic Hours"]


def test_create_fails_with_duplicate_when_name_exists(connect: Any, instance_id: str) -> None:
    create_hours(connect, instance_id, "Twice")
    with pytest.raises(connect.exceptions.DuplicateResourceException):
        create_hours(connect, instance_id, "Twice")


def test_create_fails_with_invalid_parameter_when_time_zone_unknown(
    connect: Any, instance_id: str
) -> None:
    with pytest.raises(connect.exceptions.InvalidParameterException):
        create_hours(connect, instance_id, "Nowhere", TimeZone="Mars/Olympus_Mons")


def test_create_fails_with_invalid_parameter_when_slots_overlap(
    connect: Any, instance_id: str
) -> None:
    config = [
        {
            "Day": "MONDAY",
            "StartTime": {"Hours": 9, "Minutes": 0},
            "EndTime": {"Hours": 12, "Minutes": 0},
        },
        {
            "Day": "MONDAY",
            "StartTime": {"Hours": 11, "Minutes": 30},
            "EndTime": {"Hours": 13, "Minutes": 0},
        },
    ]
    with pytest.raises(connect.exceptions.InvalidParameterException):
        create_hours(connect, instance_id, "Clash", Config=config)


def test_create_accepts_split_day_when_slots_do_not_overlap(connect: Any, instance_id: str) -> None:
    config = [
        {
            "Day": "MONDAY",
            "StartTime": {"Hours": 9, "Minutes": 0},
            "EndTime": {"Hours": 12, "Minutes": 0},
        },
        {
            "Day": "MONDAY",
            "StartTime": {"Hours": 13, "Minutes": 0},
            "EndTime": {"Hours": 17, "Minutes": 0},
        },
        {
            "Day": "FRIDAY",
            "StartTime": {"Hours": 22, "Minutes": 0},
            "EndTime": {"Hours": 2, "Minutes": 0},
        },
    ]
    created = create_hours(connect, instance_id, "Split", Config=config)
    got = connect.describe_hours_of_operation(
        InstanceId=instance_id, HoursOfOperationId=created["HoursOfOperationId"]
    )["HoursOfOperation"]
    assert got["Config"] == config


def test_create_fails_with_validation_when_hour_out_of_range(
    connect: Any, instance_id: str
) -> None:
    config = [
        {
            "Day": "MONDAY",
            "StartTime": {"Hours": 24, "Minutes": 0},
            "EndTime": {"Hours": 1, "Minutes": 0},
        }
    ]
    raw = make_client(connect.meta.endpoint_url, validate=False)
    with pytest.raises(raw.exceptions.InvalidParameterException):
        create_hours(raw, instance_id, "Bad", Config=config)


def test_create_fails_with_not_found_when_instance_unknown(connect: Any) -> None:
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        create_hours(connect, "00000000-0000-4000-8000-000000000000", "Orphan")


def test_describe_fails_with_not_found_when_id_unknown(connect: Any, instance_id: str) -> None:
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.describe_hours_of_operation(
            InstanceId=instance_id, HoursOfOperationId="00000000-0000-4000-8000-000000000000"
        )


def test_parent_hours_are_described_when_given(connect: Any, instance_id: str) -> None:
    parent = create_hours(connect, instance_id, "Parent")
    child = create_hours(
        connect,
        instance_id,
        "Child",
        ParentHoursOfOperationConfigs=[{"HoursOfOperationId": parent["HoursOfOperationId"]}],
    )
    got = connect.describe_hours_of_operation(
        InstanceId=instance_id, HoursOfOperationId=child["HoursOfOperationId"]
    )["HoursOfOperation"]
    assert got["ParentHoursOfOperations"] == [
        {"Name": "Parent", "Id": parent["HoursOfOperationId"], "Arn": parent["HoursOfOperationArn"]}
    ]
    with pytest.raises(connect.exceptions.InvalidRequestException):
        connect.delete_hours_of_operation(
            InstanceId=instance_id, HoursOfOperationId=parent["HoursOfOperationId"]
        )


def test_update_changes_members_when_given(connect: Any, instance_id: str) -> None:
    hid = create_hours(connect, instance_id, "Before", Description="old")["HoursOfOperationId"]
    config = NINE_TO_FIVE[:1]
    connect.update_hours_of_operation(
        InstanceId=instance_id,
        HoursOfOperationId=hid,
        Name="After",
        TimeZone="Europe/Paris",
        Config=config,
    )
    got = connect.describe_hours_of_operation(InstanceId=instance_id, HoursOfOperationId=hid)[
        "HoursOfOperation"
    ]
    assert (got["Name"], got["Description"], got["TimeZone"]) == ("After", "old", "Europe/Paris")
    assert got["Config"] == config


def test_update_fails_with_duplicate_when_name_taken(connect: Any, instance_id: str) -> None:
    create_hours(connect, instance_id, "Taken")
    hid = create_hours(connect, instance_id, "Free")["HoursOfOperationId"]
    with pytest.raises(connect.exceptions.DuplicateResourceException):
        connect.update_hours_of_operation(
            InstanceId=instance_id, HoursOfOperationId=hid, Name="Taken"
        )


def test_delete_removes_hours_when_unused(connect: Any, instance_id: str) -> None:
    hid = create_hours(connect, instance_id, "Temp")["HoursOfOperationId"]
    connect.delete_hours_of_operation(InstanceId=instance_id, HoursOfOperationId=hid)
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.describe_hours_of_operation(InstanceId=instance_id, HoursOfOperationId=hid)
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.delete_hours_of_operation(InstanceId=instance_id, HoursOfOperationId=hid)


def test_delete_fails_with_invalid_request_when_queue_uses_hours(
    connect: Any, instance_id: str
) -> None:
    hid = create_hours(connect, instance_id, "Used")["HoursOfOperationId"]
    connect.create_queue(InstanceId=instance_id, Name="UsesHours", HoursOfOperationId=hid)
    # DeleteHoursOfOperation models no ResourceInUseException; InvalidRequest is the closest.
    with pytest.raises(connect.exceptions.InvalidRequestException):
        connect.delete_hours_of_operation(InstanceId=instance_id, HoursOfOperationId=hid)


def test_list_pages_every_hours_once_when_max_results_small(connect: Any, instance_id: str) -> None:
    for i in range(4):
        create_hours(connect, instance_id, f"H{i}")
    seen: list[str] = []
    kwargs: dict[str, Any] = {"InstanceId": instance_id, "MaxResults": 2}
    while True:
        page = connect.list_hours_of_operations(**kwargs)
        assert len(page["HoursOfOperationSummaryList"]) <= 2
        seen += [h["Id"] for h in page["HoursOfOperationSummaryList"]]
        if "NextToken" not in page:
            break
        kwargs["NextToken"] = page["NextToken"]
    assert len(seen) == len(set(seen)) == 5
    paginated = connect.get_paginator("list_hours_of_operations").paginate(
        InstanceId=instance_id, PaginationConfig={"PageSize": 3}
    )
    assert sorted(h["Id"] for p in paginated for h in p["HoursOfOperationSummaryList"]) == sorted(
        seen
    )


def test_search_matches_name_and_time_zone_when_criteria_given(
    connect: Any, instance_id: str
) -> None:
    create_hours(connect, instance_id, "Support EU", TimeZone="Europe/Paris", Tags={"region": "eu"})
    create_hours(
        connect, instance_id, "Support US", TimeZone="America/Chicago", Tags={"region": "us"}
    )
    create_hours(connect, instance_id, "Sales")
    result = connect.search_hours_of_operations(
        InstanceId=instance_id,
        SearchCriteria={
            "AndConditions": [
                {
                    "StringCondition": {
                        "FieldName": "name",
                        "Value": "support",
                        "ComparisonType": "STARTS_WITH",
                    }
                },
                {
                    "StringCondition": {
                        "FieldName": "timezone",
                        "Value": "Europe/Paris",
                        "ComparisonType": "EXACT",
                    }
                },
            ]
        },
    )
    assert [h["Name"] for h in result["HoursOfOperations"]] == ["Support EU"]
    assert result["ApproximateTotalCount"] == 1
    tagged = connect.search_hours_of_operations(
        InstanceId=instance_id,
        SearchFilter={"TagFilter": {"OrConditions": [[{"TagKey": "region", "TagValue": "us"}]]}},
    )
    assert [h["Name"] for h in tagged["HoursOfOperations"]] == ["Support US"]


def test_search_pages_sorted_by_name_when_max_results_small(connect: Any, instance_id: str) -> None:
    for name in ("c", "a", "b"):
        create_hours(connect, instance_id, name)
    first = connect.search_hours_of_operations(InstanceId=instance_id, MaxResults=2)
    assert first["ApproximateTotalCount"] == 4
    rest = connect.search_hours_of_operations(
        InstanceId=instance_id, MaxResults=2, NextToken=first["NextToken"]
    )
    names = [h["Name"] for h in first["HoursOfOperations"] + rest["HoursOfOperations"]]
    assert names == ["Basic Hours", "a", "b", "c"]
    assert "NextToken" not in rest


def test_search_rejects_contains_when_value_too_short(connect: Any, instance_id: str) -> None:
    with pytest.raises(connect.exceptions.InvalidParameterException):
        connect.search_hours_of_operations(
            InstanceId=instance_id,
            SearchCriteria={
                "StringCondition": {"FieldName": "name", "Value": "a", "ComparisonType": "CONTAINS"}
            },
        )


def test_hours_survive_restart_when_server_restarts(private_server: ServerProcess) -> None:
    client = make_client(private_server.url)
    iid = client.create_instance(
        IdentityManagementType="CONNECT_MANAGED",
        InboundCallsEnabled=True,
        OutboundCallsEnabled=True,
    )["Id"]
    hid = create_hours(client, iid, "Kept", Tags={"k": "v"})["HoursOfOperationId"]
    assert private_server.stop() == 0
    private_server.start()
    client = make_client(private_server.url)
    got = client.describe_hours_of_operation(InstanceId=iid, HoursOfOperationId=hid)[
        "HoursOfOperation"
    ]
    assert (got["Name"], got["Config"], got["Tags"]) == ("Kept", NINE_TO_FIVE, {"k": "v"})
