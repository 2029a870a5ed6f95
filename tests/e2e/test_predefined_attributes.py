"""Predefined attributes end to end (R7.1-R7.3, R7.6): rules, system attributes, search, restart."""

from __future__ import annotations

from typing import Any

import pytest

from switchboard.app import predefined_attributes as use
from switchboard.app.state import InstanceState
from switchboard.app.unit_of_work import UnitOfWork
from switchboard.domain.errors import ResourceInUseError
from switchboard.domain.resources.instance import Instance
from switchboard.domain.resources.user import Proficiency, User
from switchboard.storage.memory import MemoryStore
from tests.conftest import ServerProcess, make_client

SYSTEM = ("connect:Language", "connect:Subtype", "connect:WorkloadType")


def _create(connect: Any, instance_id: str, name: str, values: list[str], **kw: Any) -> None:
    connect.create_predefined_attribute(
        InstanceId=instance_id, Name=name, Values={"StringList": values}, **kw
    )


def _describe(connect: Any, instance_id: str, name: str) -> dict[str, Any]:
    got = connect.describe_predefined_attribute(InstanceId=instance_id, Name=name)
    return dict(got["PredefinedAttribute"])


def test_attribute_is_described_when_created(connect: Any, instance_id: str) -> None:
    _create(
        connect,
        instance_id,
        "Certification",
        ["Gold", "Silver level"],
        Purposes=["routing"],
        AttributeConfiguration={"EnableValueValidationOnAssociation": True},
    )
    got = _describe(connect, instance_id, "Certification")
    assert got["Name"] == "Certification"
    assert got["Values"]["StringList"] == ["Gold", "Silver level"]
    assert got["Purposes"] == ["routing"]
    assert got["AttributeConfiguration"] == {
        "EnableValueValidationOnAssociation": True,
        "IsReadOnly": False,
    }
    assert got["LastModifiedRegion"] == "us-east-1"
    assert "LastModifiedTime" in got


def test_describe_fails_with_not_found_when_name_unknown(connect: Any, instance_id: str) -> None:
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        _describe(connect, instance_id, "Nope")


def test_name_with_allowed_punctuation_round_trips_when_created(
    connect: Any, instance_id: str
) -> None:
    name = "Team @ site_1.a=b+c-d 'x'"
    _create(connect, instance_id, name, ["v:1/2"])
    assert _describe(connect, instance_id, name)["Values"]["StringList"] == ["v:1/2"]


def test_system_attributes_are_read_only_when_described(connect: Any, instance_id: str) -> None:
    for name in SYSTEM:
        got = _describe(connect, instance_id, name)
        assert got["AttributeConfiguration"]["IsReadOnly"] is True
    assert "en-US" in _describe(connect, instance_id, "connect:Language")["Values"]["StringList"]
    with pytest.raises(connect.exceptions.InvalidParameterException):
        connect.update_predefined_attribute(
            InstanceId=instance_id, Name="connect:Language", Values={"StringList": ["xx"]}
        )
    with pytest.raises(connect.exceptions.InvalidParameterException):
        connect.delete_predefined_attribute(InstanceId=instance_id, Name="connect:Subtype")


@pytest.mark.parametrize("name", ["connect:Mine", "aws:Mine", "Connect:Upper"])
def test_create_fails_with_invalid_parameter_when_prefix_reserved(
    connect: Any, instance_id: str, name: str
) -> None:
    with pytest.raises(connect.exceptions.InvalidParameterException):
        _create(connect, instance_id, name, ["a"])


def test_create_fails_with_invalid_parameter_when_values_repeat(
    connect: Any, instance_id: str
) -> None:
    with pytest.raises(connect.exceptions.InvalidParameterException):
        _create(connect, instance_id, "Skill", ["a", "b", "a"])


@pytest.mark.parametrize(("name", "value"), [("Bad!", "ok"), ("Fine", "no#hash"), ("Tab\tx", "v")])
def test_create_fails_with_invalid_parameter_when_characters_illegal(
    connect: Any, instance_id: str, name: str, value: str
) -> None:
    with pytest.raises(connect.exceptions.InvalidParameterException):
        _create(connect, instance_id, name, [value])


def test_create_fails_with_duplicate_when_name_differs_only_in_case(
    connect: Any, instance_id: str
) -> None:
    _create(connect, instance_id, "Language Skill", ["a"])
    with pytest.raises(connect.exceptions.DuplicateResourceException):
        _create(connect, instance_id, "language skill", ["b"])


def test_create_fails_with_limit_when_150_attributes_exist(connect: Any, instance_id: str) -> None:
    for i in range(150):
        _create(connect, instance_id, f"A{i:03d}", ["v"])
    with pytest.raises(connect.exceptions.LimitExceededException):
        _create(connect, instance_id, "one-too-many", ["v"])


def test_update_replaces_values_when_given(connect: Any, instance_id: str) -> None:
    _create(connect, instance_id, "Tier", ["1", "2"], Purposes=["p"])
    connect.update_predefined_attribute(
        InstanceId=instance_id, Name="Tier", Values={"StringList": ["2", "3"]}
    )
    got = _describe(connect, instance_id, "Tier")
    assert got["Values"]["StringList"] == ["2", "3"]
    assert got["Purposes"] == ["p"]  # untouched when left out
    with pytest.raises(connect.exceptions.InvalidParameterException):
        connect.update_predefined_attribute(
            InstanceId=instance_id, Name="Tier", Values={"StringList": ["x", "x"]}
        )
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.update_predefined_attribute(
            InstanceId=instance_id, Name="Missing", Values={"StringList": ["x"]}
        )


def test_delete_removes_attribute_when_unused(connect: Any, instance_id: str) -> None:
    _create(connect, instance_id, "Gone", ["a"])
    connect.delete_predefined_attribute(InstanceId=instance_id, Name="Gone")
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        _describe(connect, instance_id, "Gone")
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.delete_predefined_attribute(InstanceId=instance_id, Name="Gone")
    _create(connect, instance_id, "gone", ["b"])  # the name is free again


def _user_with(attribute: str, value: str) -> tuple[UnitOfWork, InstanceState]:
    instance = Instance(
        id="i-1",
        instance_id="i-1",
        arn="arn:aws:connect:us-east-1:111122223333:instance/i-1",
        region="us-east-1",
    )
    state = InstanceState(instance)
    uow = UnitOfWork(MemoryStore(), state, now=1)
    use.create_predefined_attribute(uow, name=attribute, values=[value, "spare"])
    uow.put(
        User(
            id="u-1",
            instance_id="i-1",
            arn=f"{instance.arn}/agent/u-1",
            username="agent",
            proficiencies=(Proficiency(attribute, value, 3),),
        )
    )
    uow.commit()
    return uow, state


def test_delete_fails_with_in_use_when_user_holds_attribute_in_process() -> None:
    uow, _ = _user_with("Skill", "Billing")
    with pytest.raises(ResourceInUseError):
        use.delete_predefined_attribute(uow, "Skill")
    with pytest.raises(ResourceInUseError):
        use.update_predefined_attribute(uow, "Skill", values=["spare"])
    # Removing a value nobody holds is fine.
    assert use.update_predefined_attribute(uow, "Skill", values=["Billing"]).values == ("Billing",)


def test_delete_fails_with_in_use_when_user_holds_attribute(connect: Any, instance_id: str) -> None:
    _create(connect, instance_id, "Product", ["TV", "Radio"])
    profile = connect.list_routing_profiles(InstanceId=instance_id)["RoutingProfileSummaryList"][0]
    security = connect.list_security_profiles(InstanceId=instance_id)["SecurityProfileSummaryList"][
        0
    ]
    user_id = connect.create_user(
        InstanceId=instance_id,
        Username="agent-pa",
        Password="Passw0rd!long",
        IdentityInfo={"FirstName": "A", "LastName": "B"},
        PhoneConfig={"PhoneType": "SOFT_PHONE"},
        SecurityProfileIds=[security["Id"]],
        RoutingProfileId=profile["Id"],
    )["UserId"]
    connect.associate_user_proficiencies(
        InstanceId=instance_id,
        UserId=user_id,
        UserProficiencies=[{"AttributeName": "Product", "AttributeValue": "TV", "Level": 3.0}],
    )
    with pytest.raises(connect.exceptions.ResourceInUseException):
        connect.delete_predefined_attribute(InstanceId=instance_id, Name="Product")
    # UpdatePredefinedAttribute does not model ResourceInUseException; the modelled
    # InvalidRequestException is returned instead (docs/design/resources-hierarchy.md).
    with pytest.raises(connect.exceptions.InvalidRequestException):
        connect.update_predefined_attribute(
            InstanceId=instance_id, Name="Product", Values={"StringList": ["Radio"]}
        )


def test_list_pages_every_attribute_once_by_name_when_max_results_small(
    connect: Any, instance_id: str
) -> None:
    for name in ("delta", "Bravo", "alpha", "charlie"):
        _create(connect, instance_id, name, ["v"])
    names: list[str] = []
    kwargs: dict[str, Any] = {"InstanceId": instance_id, "MaxResults": 2}
    while True:
        got = connect.list_predefined_attributes(**kwargs)
        assert len(got["PredefinedAttributeSummaryList"]) <= 2
        names += [a["Name"] for a in got["PredefinedAttributeSummaryList"]]
        if not got.get("NextToken"):
            break
        kwargs["NextToken"] = got["NextToken"]
    assert names == sorted(["delta", "Bravo", "alpha", "charlie", *SYSTEM])
    first = connect.list_predefined_attributes(InstanceId=instance_id)[
        "PredefinedAttributeSummaryList"
    ][0]
    assert set(first) == {"Name", "LastModifiedTime", "LastModifiedRegion"}


def test_search_matches_names_when_conditions_given(connect: Any, instance_id: str) -> None:
    for name in ("Skill Level", "Skillset", "Region"):
        _create(connect, instance_id, name, ["a", "b"])

    def names(criteria: dict[str, Any] | None = None, **kw: Any) -> list[str]:
        args: dict[str, Any] = {"InstanceId": instance_id, **kw}
        if criteria is not None:
            args["SearchCriteria"] = criteria
        got = connect.search_predefined_attributes(**args)
        assert got["ApproximateTotalCount"] == len(got["PredefinedAttributes"])
        return [a["Name"] for a in got["PredefinedAttributes"]]

    assert names(
        {
            "StringCondition": {
                "FieldName": "name",
                "Value": "skill",
                "ComparisonType": "STARTS_WITH",
            }
        }
    ) == ["Skill Level", "Skillset"]
    assert names(
        {
            "OrConditions": [
                {
                    "StringCondition": {
                        "FieldName": "name",
                        "Value": "Region",
                        "ComparisonType": "EXACT",
                    }
                },
                {
                    "StringCondition": {
                        "FieldName": "name",
                        "Value": "Lang",
                        "ComparisonType": "CONTAINS",
                    }
                },
            ]
        }
    ) == ["Region", "connect:Language"]
    assert len(names()) == 3 + len(SYSTEM)
    full = connect.search_predefined_attributes(
        InstanceId=instance_id,
        SearchCriteria={
            "StringCondition": {"FieldName": "name", "Value": "Region", "ComparisonType": "EXACT"}
        },
    )["PredefinedAttributes"][0]
    assert full["Values"]["StringList"] == ["a", "b"]
    assert full["AttributeConfiguration"]["IsReadOnly"] is False


def test_search_pages_when_max_results_small(connect: Any, instance_id: str) -> None:
    for i in range(5):
        _create(connect, instance_id, f"P{i}", ["v"])
    seen: list[str] = []
    kwargs: dict[str, Any] = {
        "InstanceId": instance_id,
        "MaxResults": 2,
        "SearchCriteria": {
            "StringCondition": {"FieldName": "name", "Value": "P", "ComparisonType": "STARTS_WITH"}
        },
    }
    while True:
        got = connect.search_predefined_attributes(**kwargs)
        assert got["ApproximateTotalCount"] == 5
        seen += [a["Name"] for a in got["PredefinedAttributes"]]
        if not got.get("NextToken"):
            break
        kwargs["NextToken"] = got["NextToken"]
    assert seen == [f"P{i}" for i in range(5)]


def test_search_fails_with_invalid_parameter_when_field_unknown(
    connect: Any, instance_id: str
) -> None:
    with pytest.raises(connect.exceptions.InvalidParameterException):
        connect.search_predefined_attributes(
            InstanceId=instance_id,
            SearchCriteria={
                "StringCondition": {"FieldName": "values", "Value": "a", "ComparisonType": "EXACT"}
            },
        )


def test_attributes_survive_when_server_restarts(private_server: ServerProcess) -> None:
    client = make_client(private_server.url)
    iid = client.create_instance(
        IdentityManagementType="CONNECT_MANAGED",
        InboundCallsEnabled=True,
        OutboundCallsEnabled=True,
    )["Id"]
    _create(client, iid, "Kept", ["x", "y"], Purposes=["p"])
    for name in ("a1", "a2", "a3"):
        _create(client, iid, name, ["v"])
    token = client.list_predefined_attributes(InstanceId=iid, MaxResults=2)["NextToken"]
    assert private_server.stop() == 0
    private_server.start()
    client = make_client(private_server.url)
    got = _describe(client, iid, "Kept")
    assert (got["Values"]["StringList"], got["Purposes"]) == (["x", "y"], ["p"])
    rest = client.list_predefined_attributes(InstanceId=iid, MaxResults=100, NextToken=token)
    assert len(rest["PredefinedAttributeSummaryList"]) == 4 + len(SYSTEM) - 2
    assert _describe(client, iid, "connect:Language")["AttributeConfiguration"]["IsReadOnly"]
