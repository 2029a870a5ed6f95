"""The framework-free pipeline, driven by a real boto3 client (no sockets: a before-send hook).

boto3 -> botocore serializer -> Gateway.handle -> botocore parser -> client exceptions.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import boto3
import pytest
from botocore.awsrequest import AWSResponse

from switchboard.aws import Gateway, ServiceError

from .conftest import AUTHORIZATION, Recorder

INSTANCE = "12345678-1234-1234-1234-123456789012"


class _Raw:
    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self._body


@pytest.fixture
def client(gateway: Gateway) -> Any:
    client = boto3.client(
        "connect",
        region_name="ap-southeast-2",
        endpoint_url="http://switchboard.invalid",
        aws_access_key_id="444455556666",
        aws_secret_access_key="x",
    )

    def send(request: Any, **_: Any) -> AWSResponse:
        url = urlsplit(request.url)
        body = request.body or b""
        if not isinstance(body, bytes):
            body = body.encode() if isinstance(body, str) else body.read()
        headers = [
            (k.lower().encode(), str(v).encode() if not isinstance(v, bytes) else v)
            for k, v in request.headers.items()
        ]
        response = gateway.handle(request.method, url.path, url.query.encode(), headers, body)
        return AWSResponse(
            request.url,
            response.status,
            {k.decode(): v.decode() for k, v in response.headers},
            _Raw(response.body),
        )

    client.meta.events.register("before-send.connect.*", send)
    return client


def test_boto3_call_reaches_dispatch_when_request_is_valid(client: Any, recorder: Recorder) -> None:
    recorder.result = {
        "QueueSummaryList": [{"Id": "q1", "Name": "Sales", "QueueType": "STANDARD"}],
        "NextToken": "t",
    }
    out = client.list_queues(InstanceId=INSTANCE, QueueTypes=["STANDARD"], MaxResults=5)
    assert out["QueueSummaryList"] == recorder.result["QueueSummaryList"]
    ctx, name, params = recorder.calls[0]
    assert (ctx.account_id, ctx.region, name) == ("444455556666", "ap-southeast-2", "ListQueues")
    assert params == {"InstanceId": INSTANCE, "QueueTypes": ["STANDARD"], "MaxResults": 5}
    assert out["ResponseMetadata"]["RequestId"] == ctx.request_id


def test_modelled_error_is_raised_by_boto3_when_dispatch_raises(
    client: Any, recorder: Recorder
) -> None:
    recorder.raises = ServiceError("ResourceNotFoundException", "Queue q9 not found")
    with pytest.raises(client.exceptions.ResourceNotFoundException) as caught:
        client.describe_queue(InstanceId=INSTANCE, QueueId="q9")
    assert caught.value.response["Error"]["Message"] == "Queue q9 not found"
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_extra_error_members_reach_boto3_when_modelled(client: Any, recorder: Recorder) -> None:
    recorder.raises = ServiceError(
        "ResourceInUseException", "in use", {"ResourceType": "QUEUE", "ResourceId": "q1"}
    )
    with pytest.raises(client.exceptions.ResourceInUseException) as caught:
        client.delete_queue(InstanceId=INSTANCE, QueueId="q1")
    assert caught.value.response["ResourceType"] == "QUEUE"
    assert caught.value.response["ResourceId"] == "q1"
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409


def test_validation_error_is_raised_by_boto3_when_server_side_check_fails(
    client: Any, recorder: Recorder
) -> None:
    client.meta.config.parameter_validation = False
    with pytest.raises(client.exceptions.InvalidParameterException) as caught:
        client.create_queue(InstanceId=INSTANCE, Name="x" * 128, HoursOfOperationId="h")
    assert "Member must have length less than or equal to 127" in str(caught.value)
    assert recorder.calls == []


def test_not_implemented_is_501_when_dispatch_raises_not_implemented(
    gateway: Gateway, recorder: Recorder
) -> None:
    recorder.raises = NotImplementedError()
    response = gateway.handle("GET", f"/queues/{INSTANCE}/q1", b"", [], b"")
    assert response.status == 501
    assert (b"x-amzn-ErrorType", b"NotImplementedException") in response.headers
    assert b"Operation DescribeQueue is not implemented yet by Switchboard" in response.body


def test_unexpected_exception_is_500_when_dispatch_has_a_bug(
    gateway: Gateway, recorder: Recorder, caplog: pytest.LogCaptureFixture
) -> None:
    recorder.raises = ZeroDivisionError("oops")
    with caplog.at_level(logging.ERROR):
        response = gateway.handle("GET", f"/queues/{INSTANCE}/q1", b"", [], b"")
    assert response.status == 500
    assert (b"x-amzn-ErrorType", b"InternalServiceException") in response.headers
    assert b"oops" not in response.body
    assert "ZeroDivisionError" in caplog.text


def test_handler_typo_is_500_when_response_has_unknown_member(
    gateway: Gateway, recorder: Recorder, caplog: pytest.LogCaptureFixture
) -> None:
    recorder.result = {"Queue": {"Nmae": "typo"}}
    with caplog.at_level(logging.ERROR):
        response = gateway.handle("GET", f"/queues/{INSTANCE}/q1", b"", [], b"")
    assert response.status == 500
    assert "Nmae" in caplog.text


def test_unknown_path_is_404_when_no_operation_matches(gateway: Gateway) -> None:
    response = gateway.handle("GET", "/definitely/not/connect", b"", [], b"")
    assert response.status == 404
    assert (b"x-amzn-ErrorType", b"UnknownOperationException") in response.headers
    assert any(k == b"x-amzn-RequestId" for k, _ in response.headers)


def test_context_defaults_when_access_key_is_not_an_account(
    gateway: Gateway, recorder: Recorder
) -> None:
    auth = AUTHORIZATION.replace("111122223333", "AKIDEXAMPLE")
    gateway.handle("GET", f"/queues/{INSTANCE}/q1", b"", [(b"authorization", auth.encode())], b"")
    gateway.handle("GET", f"/queues/{INSTANCE}/q1", b"", [], b"")
    (first, *_), (second, *_) = recorder.calls
    assert (first.account_id, first.region) == ("123456789012", "eu-west-2")
    assert (second.account_id, second.region) == ("123456789012", "us-east-1")
    assert first.request_id != second.request_id


def test_serialization_error_is_a_key_error_when_member_unknown(gateway: Gateway) -> None:
    from switchboard.aws import SerializationError

    plan = gateway.spec.plan("DescribeQueue").response
    with pytest.raises(KeyError):
        plan.write({"Queue": {"QueueId": "q", "Bogus": 1}})
    with pytest.raises(SerializationError, match="Bogus"):
        plan.write({"Bogus": 1})
