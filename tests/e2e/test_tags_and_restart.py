"""Tags on any resource, and state surviving a restart of the server."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import ServerProcess, make_client


def test_tags_round_trip_when_tagged_and_untagged(connect: Any, instance_id: str) -> None:
    arn = connect.create_agent_status(InstanceId=instance_id, Name="Tagged", State="ENABLED")[
        "AgentStatusARN"
    ]
    connect.tag_resource(resourceArn=arn, tags={"a": "1", "b": "2"})
    connect.untag_resource(resourceArn=arn, tagKeys=["a", "zzz"])
    assert connect.list_tags_for_resource(resourceArn=arn)["tags"] == {"b": "2"}


def test_tagging_fails_with_not_found_when_arn_unknown(connect: Any, instance_id: str) -> None:
    arn = f"arn:aws:connect:us-east-1:123456789012:instance/{instance_id}/queue/nope"
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.tag_resource(resourceArn=arn, tags={"a": "1"})


def test_everything_comes_back_when_server_restarts(private_server: ServerProcess) -> None:
    client = make_client(private_server.url)
    iid = client.create_instance(
        IdentityManagementType="CONNECT_MANAGED",
        InboundCallsEnabled=True,
        OutboundCallsEnabled=True,
    )["Id"]
    sid = client.create_agent_status(
        InstanceId=iid, Name="Persisted", State="ENABLED", Tags={"x": "y"}
    )["AgentStatusId"]
    for i in range(3):
        client.create_agent_status(InstanceId=iid, Name=f"P{i}", State="ENABLED")
    token = client.list_agent_statuses(InstanceId=iid, MaxResults=2)["NextToken"]
    assert private_server.stop() == 0
    private_server.start()
    client = make_client(private_server.url)
    status = client.describe_agent_status(InstanceId=iid, AgentStatusId=sid)["AgentStatus"]
    assert status["Name"] == "Persisted"
    assert status["Tags"] == {"x": "y"}
    rest = client.list_agent_statuses(InstanceId=iid, MaxResults=10, NextToken=token)
    assert len(rest["AgentStatusSummaryList"]) == 6 - 2
