"""Instances end to end: defaults, describe/list/delete, attributes, account scoping."""

from __future__ import annotations

import http.client
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.conftest import ServerProcess, make_client


def test_new_instance_has_connect_defaults_when_created(connect: Any, instance_id: str) -> None:
    statuses = connect.list_agent_statuses(InstanceId=instance_id)["AgentStatusSummaryList"]
    assert sorted((s["Name"], s["Type"]) for s in statuses) == [
        ("Available", "ROUTABLE"),
        ("Offline", "OFFLINE"),
    ]
    inst = connect.describe_instance(InstanceId=instance_id)["Instance"]
    assert inst["Id"] == instance_id
    assert inst["InstanceStatus"] == "ACTIVE"
    assert inst["Arn"] == f"arn:aws:connect:us-east-1:123456789012:instance/{instance_id}"
    assert inst["IdentityManagementType"] == "CONNECT_MANAGED"


def test_describe_instance_fails_when_instance_unknown(connect: Any) -> None:
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.describe_instance(InstanceId="00000000-0000-4000-8000-000000000000")


def test_instance_is_invisible_when_called_from_another_account(
    server: ServerProcess, instance_id: str
) -> None:
    other = make_client(server.url, access_key="210987654321")
    with pytest.raises(other.exceptions.ResourceNotFoundException):
        other.describe_instance(InstanceId=instance_id)
    other_region = make_client(server.url, region="eu-west-2")
    with pytest.raises(other_region.exceptions.ResourceNotFoundException):
        other_region.describe_instance(InstanceId=instance_id)


def test_account_comes_from_credential_scope_when_key_is_twelve_digits(
    server: ServerProcess,
) -> None:
    client = make_client(server.url, access_key="111122223333", region="eu-central-1")
    created = client.create_instance(
        IdentityManagementType="CONNECT_MANAGED",
        InboundCallsEnabled=True,
        OutboundCallsEnabled=False,
    )
    assert created["Arn"].startswith("arn:aws:connect:eu-central-1:111122223333:instance/")


def test_list_instances_pages_every_instance_once_when_max_results_is_small(
    server: ServerProcess,
) -> None:
    client = make_client(server.url, access_key="444455556666")
    made = {
        client.create_instance(
            IdentityManagementType="CONNECT_MANAGED",
            InboundCallsEnabled=True,
            OutboundCallsEnabled=True,
        )["Id"]
        for _ in range(5)
    }
    seen: list[str] = []
    kwargs: dict[str, Any] = {"MaxResults": 2}
    while True:
        page = client.list_instances(**kwargs)
        assert len(page["InstanceSummaryList"]) <= 2
        seen += [i["Id"] for i in page["InstanceSummaryList"]]
        if "NextToken" not in page:
            break
        kwargs["NextToken"] = page["NextToken"]
    assert sorted(seen) == sorted(made)


def test_list_fails_with_invalid_parameter_when_token_is_tampered(connect: Any) -> None:
    for _ in range(3):
        connect.create_instance(
            IdentityManagementType="CONNECT_MANAGED",
            InboundCallsEnabled=True,
            OutboundCallsEnabled=True,
        )
    token = connect.list_instances(MaxResults=1)["NextToken"]
    tampered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    with pytest.raises(ClientError) as info:
        connect.list_instances(MaxResults=1, NextToken=tampered)
    assert info.value.response["Error"]["Code"] in {
        "InvalidParameterException",
        "InvalidRequestException",
    }
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_delete_instance_removes_it_when_called(connect: Any) -> None:
    iid = connect.create_instance(
        IdentityManagementType="CONNECT_MANAGED",
        InboundCallsEnabled=True,
        OutboundCallsEnabled=True,
    )["Id"]
    connect.delete_instance(InstanceId=iid)
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.describe_instance(InstanceId=iid)


def test_instance_attribute_round_trips_when_updated(connect: Any, instance_id: str) -> None:
    connect.update_instance_attribute(
        InstanceId=instance_id, AttributeType="CONTACTFLOW_LOGS", Value="true"
    )
    got = connect.describe_instance_attribute(
        InstanceId=instance_id, AttributeType="CONTACTFLOW_LOGS"
    )
    assert got["Attribute"] == {"AttributeType": "CONTACTFLOW_LOGS", "Value": "true"}


def test_unimplemented_operation_names_itself_when_called(connect: Any, instance_id: str) -> None:
    with pytest.raises(ClientError) as info:
        connect.list_phone_numbers(InstanceId=instance_id)
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 501
    assert "ListPhoneNumbers" in info.value.response["Error"]["Message"]


def test_model_violation_gets_modelled_4xx_when_request_is_invalid(
    server: ServerProcess, instance_id: str
) -> None:
    raw = make_client(server.url, validate=False)  # skip boto3's own checks to reach the server
    with pytest.raises(ClientError) as info:
        raw.create_agent_status(InstanceId=instance_id, Name="x" * 200, State="ENABLED")
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert info.value.response["Error"]["Code"] == "InvalidParameterException"
    with pytest.raises(ClientError) as info:
        raw.create_agent_status(InstanceId=instance_id, Name="ok", State="SOMETIMES")
    assert info.value.response["Error"]["Code"] == "InvalidParameterException"


def test_answers_carry_their_length_instead_of_chunks_for_success_and_error(
    server: ServerProcess,
) -> None:
    host, port = server.url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    for path, status in (("/instance", 200), ("/instance/nope", 404)):
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
        assert response.status == status
        assert response.getheader("Content-Length") == str(len(body))
        assert response.getheader("Transfer-Encoding") is None
    conn.close()
