"""Agent statuses end to end (R1.7.1): custom statuses, duplicates, limit, search."""

from __future__ import annotations

from typing import Any

import pytest


def test_custom_status_is_described_when_created(connect: Any, instance_id: str) -> None:
    created = connect.create_agent_status(
        InstanceId=instance_id,
        Name="Lunch",
        State="ENABLED",
        DisplayOrder=3,
        Description="Eating",
        Tags={"team": "a"},
    )
    got = connect.describe_agent_status(
        InstanceId=instance_id, AgentStatusId=created["AgentStatusId"]
    )
    status = got["AgentStatus"]
    assert status["Name"] == "Lunch"
    assert status["Type"] == "CUSTOM"
    assert status["State"] == "ENABLED"
    assert status["DisplayOrder"] == 3
    assert status["Tags"] == {"team": "a"}
    assert status["AgentStatusARN"] == created["AgentStatusARN"]
    assert "/agent-state/" in created["AgentStatusARN"]


def test_create_fails_with_duplicate_when_name_exists(connect: Any, instance_id: str) -> None:
    connect.create_agent_status(InstanceId=instance_id, Name="Break", State="ENABLED")
    with pytest.raises(connect.exceptions.DuplicateResourceException):
        connect.create_agent_status(InstanceId=instance_id, Name="Break", State="ENABLED")


def test_create_fails_with_limit_when_fifty_statuses_exist(connect: Any, instance_id: str) -> None:
    for i in range(48):  # plus Available and Offline = 50
        connect.create_agent_status(InstanceId=instance_id, Name=f"S{i}", State="ENABLED")
    with pytest.raises(connect.exceptions.LimitExceededException):
        connect.create_agent_status(InstanceId=instance_id, Name="one-too-many", State="ENABLED")


def test_update_changes_state_when_status_is_custom(connect: Any, instance_id: str) -> None:
    sid = connect.create_agent_status(InstanceId=instance_id, Name="Training", State="ENABLED")[
        "AgentStatusId"
    ]
    connect.update_agent_status(
        InstanceId=instance_id, AgentStatusId=sid, State="DISABLED", Name="Train"
    )
    status = connect.describe_agent_status(InstanceId=instance_id, AgentStatusId=sid)["AgentStatus"]
    assert (status["Name"], status["State"]) == ("Train", "DISABLED")


def test_list_filters_by_type_when_types_given(connect: Any, instance_id: str) -> None:
    connect.create_agent_status(InstanceId=instance_id, Name="Meeting", State="ENABLED")
    got = connect.list_agent_statuses(InstanceId=instance_id, AgentStatusTypes=["CUSTOM"])
    assert [s["Name"] for s in got["AgentStatusSummaryList"]] == ["Meeting"]


def test_search_combines_and_or_string_conditions_when_nested(
    connect: Any, instance_id: str
) -> None:
    for name in ("Break", "Breakfast", "Coaching"):
        connect.create_agent_status(InstanceId=instance_id, Name=name, State="ENABLED")
    result = connect.search_agent_statuses(
        InstanceId=instance_id,
        SearchCriteria={
            "OrConditions": [
                {
                    "StringCondition": {
                        "FieldName": "name",
                        "Value": "break",
                        "ComparisonType": "STARTS_WITH",
                    }
                },
                {
                    "StringCondition": {
                        "FieldName": "name",
                        "Value": "Available",
                        "ComparisonType": "EXACT",
                    }
                },
            ]
        },
    )
    assert sorted(s["Name"] for s in result["AgentStatuses"]) == ["Available", "Break", "Breakfast"]
    assert result["ApproximateTotalCount"] == 3
    result = connect.search_agent_statuses(
        InstanceId=instance_id,
        SearchCriteria={
            "AndConditions": [
                {
                    "StringCondition": {
                        "FieldName": "name",
                        "Value": "ea",
                        "ComparisonType": "CONTAINS",
                    }
                },
                {
                    "StringCondition": {
                        "FieldName": "type",
                        "Value": "CUSTOM",
                        "ComparisonType": "EXACT",
                    }
                },
            ]
        },
    )
    assert sorted(s["Name"] for s in result["AgentStatuses"]) == ["Break", "Breakfast"]


def test_search_filters_by_tag_when_attribute_filter_given(connect: Any, instance_id: str) -> None:
    connect.create_agent_status(InstanceId=instance_id, Name="A", State="ENABLED", Tags={"k": "1"})
    connect.create_agent_status(InstanceId=instance_id, Name="B", State="ENABLED", Tags={"k": "2"})
    result = connect.search_agent_statuses(
        InstanceId=instance_id,
        SearchFilter={"AttributeFilter": {"TagCondition": {"TagKey": "k", "TagValue": "2"}}},
    )
    assert [s["Name"] for s in result["AgentStatuses"]] == ["B"]


def test_search_rejects_unknown_field_when_field_not_searchable(
    connect: Any, instance_id: str
) -> None:
    with pytest.raises(connect.exceptions.InvalidParameterException):
        connect.search_agent_statuses(
            InstanceId=instance_id,
            SearchCriteria={
                "StringCondition": {"FieldName": "colour", "Value": "x", "ComparisonType": "EXACT"}
            },
        )
