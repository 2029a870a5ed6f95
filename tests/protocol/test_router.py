"""Routing: templates from the model, most-literal wins, greedy labels, encoded labels."""

from __future__ import annotations

from urllib.parse import quote

from switchboard.aws import ConnectSpec
from switchboard.aws.router import Router

SPEC = ConnectSpec.default()
ARN = "arn:aws:connect:us-east-1:123456789012:instance/abc/queue/q-1"


def test_every_operation_routes_to_itself_when_labels_are_filled() -> None:
    for route in SPEC.router.routes:
        path = "/" + "/".join(
            literal if literal is not None else f"v{i}"
            for i, (literal, _label) in enumerate(route.segments)
        )
        query = [(k, v or "") for k, v in route.query_literals]
        found = SPEC.router.match(route.method, path, query)
        assert found is not None, route.template
        assert found.operation == route.operation, route.template


def test_arn_label_is_decoded_when_percent_encoded() -> None:
    found = SPEC.router.match("GET", "/tags/" + quote(ARN, safe=""))
    assert found is not None
    assert found.operation == "ListTagsForResource"
    assert found.path_params == {"resourceArn": ARN}


def test_unknown_path_has_no_match_when_no_template_fits() -> None:
    assert SPEC.router.match("GET", "/nope/at/all") is None
    assert SPEC.router.match("PATCH", "/tags/x") is None
    assert SPEC.router.match("GET", "/tags//") is None


def test_literal_segment_beats_label_when_both_match() -> None:
    router = Router(
        [
            ("DescribeThing", "GET", "/things/{InstanceId}/{ThingId}"),
            ("ListThingTypes", "GET", "/things/{InstanceId}/types"),
            ("Anything", "GET", "/{A}/{B}/{C}"),
        ]
    )
    assert router.match("GET", "/things/i-1/types").operation == "ListThingTypes"
    assert router.match("GET", "/things/i-1/t-9").operation == "DescribeThing"
    assert router.match("GET", "/other/i-1/t-9").operation == "Anything"
    assert router.match("GET", "/things/i-1/t-9").path_params == {
        "InstanceId": "i-1",
        "ThingId": "t-9",
    }


def test_greedy_label_spans_segments_when_marked_with_plus() -> None:
    router = Router(
        [
            ("GetObject", "GET", "/objects/{Bucket}/{Key+}"),
            ("GetObjectAcl", "GET", "/objects/{Bucket}/acl/{Key+}"),
        ]
    )
    found = router.match("GET", "/objects/b/a/b%20c/d.txt")
    assert found is not None
    assert found.operation == "GetObject"
    assert found.path_params == {"Bucket": "b", "Key": "a/b c/d.txt"}
    acl = router.match("GET", "/objects/b/acl/x/y")
    assert acl is not None
    assert (acl.operation, acl.path_params["Key"]) == ("GetObjectAcl", "x/y")


def test_query_literal_selects_operation_when_template_has_one() -> None:
    router = Router(
        [
            ("GetThing", "GET", "/things/{Id}"),
            ("GetThingPolicy", "GET", "/things/{Id}?policy"),
            ("GetThingV2", "GET", "/things/{Id}?version=2"),
        ]
    )
    assert router.match("GET", "/things/a").operation == "GetThing"
    assert router.match("GET", "/things/a", [("policy", "")]).operation == "GetThingPolicy"
    assert router.match("GET", "/things/a", [("version", "2")]).operation == "GetThingV2"
    assert router.match("GET", "/things/a", [("version", "3")]).operation == "GetThing"
