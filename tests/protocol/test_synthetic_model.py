"""Locations the connect model does not use today (map querystrings, header maps, header
outputs, payload members), checked against botocore with a tiny synthetic rest-json model."""

from __future__ import annotations

import datetime as dt
from typing import Any

from botocore.awsrequest import HeadersDict, prepare_request_dict
from botocore.model import ServiceModel
from botocore.parsers import create_parser
from botocore.serialize import create_serializer

from switchboard.aws.parser import RequestPlan
from switchboard.aws.serializer import ResponsePlan

MODEL: dict[str, Any] = {
    "metadata": {
        "protocol": "rest-json",
        "apiVersion": "2020-01-01",
        "endpointPrefix": "x",
        "serviceId": "X",
        "signatureVersion": "v4",
        "jsonVersion": "1.1",
    },
    "operations": {
        "PutThing": {
            "name": "PutThing",
            "http": {"method": "PUT", "requestUri": "/things/{Id}"},
            "input": {"shape": "PutThingRequest"},
            "output": {"shape": "PutThingResponse"},
        }
    },
    "shapes": {
        "PutThingRequest": {
            "type": "structure",
            "required": ["Id"],
            "members": {
                "Id": {"shape": "String", "location": "uri", "locationName": "Id"},
                "Extra": {"shape": "StringMap", "location": "querystring"},
                "Meta": {"shape": "StringMap", "location": "headers", "locationName": "x-meta-"},
                "Since": {"shape": "Time", "location": "header", "locationName": "x-since"},
                "Flag": {"shape": "Boolean", "location": "querystring", "locationName": "flag"},
                "Ratio": {"shape": "Double", "location": "querystring", "locationName": "r"},
                "At": {"shape": "Time", "location": "querystring", "locationName": "at"},
                "Data": {"shape": "Blob"},
                "Renamed": {"shape": "String", "locationName": "renamed_key"},
            },
        },
        "PutThingResponse": {
            "type": "structure",
            "members": {
                "ETag": {"shape": "String", "location": "header", "locationName": "ETag"},
                "When": {"shape": "Time", "location": "header", "locationName": "x-when"},
                "Iso": {"shape": "IsoTime"},
                "Data": {"shape": "Blob"},
                "Score": {"shape": "Double"},
            },
        },
        "String": {"type": "string"},
        "Boolean": {"type": "boolean"},
        "Double": {"type": "double"},
        "Blob": {"type": "blob"},
        "Time": {"type": "timestamp"},
        "IsoTime": {"type": "timestamp", "timestampFormat": "iso8601"},
        "StringMap": {"type": "map", "key": {"shape": "String"}, "value": {"shape": "String"}},
    },
}
OPERATION = ServiceModel(MODEL, "x").operation_model("PutThing")
WHEN = dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.UTC)


def test_uncommon_request_locations_round_trip_when_botocore_serializes() -> None:
    params = {
        "Id": "a/b c",
        "Extra": {"k1": "v1", "k2": "v 2"},
        "Meta": {"a": "1"},
        "Since": WHEN,
        "Flag": False,
        "Ratio": 0.25,
        "At": WHEN.replace(microsecond=456000),
        "Data": b"\x00\x01",
        "Renamed": "r",
    }
    request = create_serializer("rest-json").serialize_to_request(params, OPERATION)
    prepare_request_dict(request, "http://h")
    path, _, query = request["url"][len("http://h") :].partition("?")
    from urllib.parse import parse_qsl, unquote

    headers = {k.lower(): v for k, v in request["headers"].items()}
    parsed = RequestPlan(OPERATION).read(
        {"Id": unquote(path.split("/")[2])}, parse_qsl(query), headers, request["body"]
    )
    assert parsed == {
        "Id": "a/b c",
        "Extra": {"k1": "v1", "k2": "v 2"},
        "Meta": {"a": "1"},
        "Since": 1_700_000_000_000,
        "Flag": False,
        "Ratio": 0.25,
        "At": 1_700_000_000_456,
        "Data": b"\x00\x01",
        "Renamed": "r",
    }


def test_header_and_iso_outputs_round_trip_when_botocore_parses() -> None:
    status, headers, body = ResponsePlan(OPERATION).write(
        {
            "ETag": "abc",
            "When": 1_700_000_000_000,
            "Iso": 1_700_000_000_123,
            "Data": b"\xff",
            "Score": float("nan"),
        }
    )
    parsed = create_parser("rest-json").parse(
        {
            "status_code": status,
            "body": body,
            "headers": HeadersDict((k.decode(), v.decode()) for k, v in headers),
        },
        OPERATION.output_shape,
    )
    assert parsed["ETag"] == "abc"
    assert parsed["When"] == WHEN
    assert parsed["Iso"] == WHEN.replace(microsecond=123000)
    assert parsed["Data"] == b"\xff"
    assert parsed["Score"] != parsed["Score"]  # NaN survives as "NaN"
