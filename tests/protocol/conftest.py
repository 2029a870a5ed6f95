"""Shared fixtures for the protocol suite: the spec, the sample generator, a gateway driver."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from botocore.awsrequest import prepare_request_dict
from botocore.serialize import create_serializer

from switchboard.aws import ConnectSpec, Gateway, HttpResponse, RequestContext

from .samples import SampleGenerator

ENDPOINT = "http://localhost:4566"
AUTHORIZATION = (
    "AWS4-HMAC-SHA256 Credential=111122223333/20240101/eu-west-2/connect/aws4_request, "
    "SignedHeaders=host;x-amz-date, Signature=abc"
)


@pytest.fixture(scope="session")
def spec() -> ConnectSpec:
    return ConnectSpec.default()


@pytest.fixture(scope="session")
def generator() -> SampleGenerator:
    return SampleGenerator()


class Recorder:
    """A dispatcher that records calls and answers with a canned result."""

    def __init__(self) -> None:
        self.calls: list[tuple[RequestContext, str, dict[str, Any]]] = []
        self.result: dict[str, Any] | None = {}
        self.raises: BaseException | None = None

    def __call__(self, ctx: RequestContext, name: str, params: dict[str, Any]) -> Any:
        self.calls.append((ctx, name, params))
        if self.raises is not None:
            raise self.raises
        return self.result


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def gateway(spec: ConnectSpec, recorder: Recorder) -> Gateway:
    return Gateway(spec, recorder)


def botocore_request(spec: ConnectSpec, name: str, params: dict[str, Any]) -> dict[str, Any]:
    """Serialize ``params`` exactly as boto3 would: (method, path, query, headers, body)."""
    serializer = create_serializer("rest-json", include_validation=True)
    request = serializer.serialize_to_request(params, spec.operation(name))
    prepare_request_dict(request, ENDPOINT)
    url: str = request["url"][len(ENDPOINT) :]
    path, _, query = url.partition("?")
    headers = [(b"authorization", AUTHORIZATION.encode())]
    for key, value in request["headers"].items():
        text = value if isinstance(value, str) else value.decode()
        headers.append((key.lower().encode(), text.encode()))
    body = request["body"]
    if isinstance(body, str):
        body = body.encode()
    return {
        "method": request["method"],
        "raw_path": path,
        "query_string": query.encode(),
        "headers": headers,
        "body": body or b"",
    }


Send = Callable[[str, dict[str, Any]], HttpResponse]


@pytest.fixture
def send(spec: ConnectSpec, gateway: Gateway) -> Send:
    def _send(name: str, params: dict[str, Any]) -> HttpResponse:
        return gateway.handle(**botocore_request(spec, name, params))

    return _send
