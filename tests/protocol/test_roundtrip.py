"""botocore is the oracle: every operation's request and response survive a round trip."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from botocore.awsrequest import HeadersDict
from botocore.parsers import create_parser

from switchboard.aws import ConnectSpec

from .conftest import Recorder, Send
from .samples import SampleGenerator, normalise

SPEC = ConnectSpec.default()
OPERATIONS = SPEC.operation_names()


def _expected_params(value: Any) -> Any:
    return normalise(value)


@pytest.mark.parametrize("name", OPERATIONS)
def test_request_round_trips_when_serialized_by_botocore(
    name: str, generator: SampleGenerator, send: Send, recorder: Recorder
) -> None:
    shape = SPEC.operation(name).input_shape
    params = generator.value(shape) if shape is not None else {}
    assert params is not None, f"cannot generate a valid input for {name}"

    response = send(name, params)

    assert response.status == 200, response.body
    assert len(recorder.calls) == 1
    ctx, called, parsed = recorder.calls[0]
    assert called == name
    assert (ctx.account_id, ctx.region, ctx.operation) == ("111122223333", "eu-west-2", name)
    assert parsed == _expected_params(params)


@pytest.mark.parametrize("name", OPERATIONS)
def test_response_round_trips_when_parsed_by_botocore(
    name: str, generator: SampleGenerator
) -> None:
    operation = SPEC.operation(name)
    shape = operation.output_shape
    result = generator.value(shape) if shape is not None else None
    if shape is not None:
        assert result is not None, f"cannot generate an output for {name}"

    status, headers, body = SPEC.plan(name).response.write(result)

    parsed = create_parser("rest-json").parse(
        {
            "status_code": status,
            "headers": HeadersDict((k.decode(), v.decode()) for k, v in headers),
            "body": body,
        },
        shape,
    )
    parsed.pop("ResponseMetadata", None)
    assert status == 200
    assert normalise(parsed) == normalise(result or {})


def _sample_fields(generator: SampleGenerator, error: str) -> dict[str, Any]:
    shape = SPEC.service_model.shape_for(error)
    fields = generator.value(shape) or {}
    fields.pop("Message", None)
    return fields


ERROR_SHAPES = sorted({s.name for op in OPERATIONS for s in SPEC.operation(op).error_shapes})


@pytest.mark.parametrize("error", ERROR_SHAPES)
def test_error_round_trips_when_parsed_by_botocore(error: str, generator: SampleGenerator) -> None:
    from switchboard.aws import ServiceError
    from switchboard.aws.serializer import render_error

    shape = SPEC.service_model.shape_for(error)
    fields = _sample_fields(generator, error)
    status, headers, body = render_error(SPEC.service_model, ServiceError(error, "boom", fields))

    response = {
        "status_code": status,
        "headers": HeadersDict((k.decode(), v.decode()) for k, v in headers),
        "body": body,
    }
    parser = create_parser("rest-json")
    parsed = parser.parse(response, None)
    parsed.update(parser.parse(response, shape))
    assert parsed["Error"]["Code"] == error
    assert parsed["Error"]["Message"] == "boom"
    assert status == shape.metadata["error"]["httpStatusCode"]
    for key, value in fields.items():
        assert normalise(parsed[key]) == normalise(value)


def test_blob_and_timestamp_outputs_use_wire_formats() -> None:
    from switchboard.aws.timestamps import format_timestamp

    assert format_timestamp(1_700_000_000_123, "unixtimestamp") == 1_700_000_000.123
    assert format_timestamp(1_700_000_000_000, "unixtimestamp") == 1_700_000_000
    assert format_timestamp(1_700_000_000_123, "iso8601") == "2023-11-14T22:13:20.123Z"
    assert format_timestamp(1_700_000_000_000, "rfc822") == "Tue, 14 Nov 2023 22:13:20 GMT"
    assert base64.b64decode(base64.b64encode(b"x")) == b"x"
