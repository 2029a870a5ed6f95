"""User hierarchy end to end: structure levels, groups, paths, in-use rules, search, restart."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import ServerProcess, make_client

THREE_LEVELS = {
    "LevelOne": {"Name": "Company"},
    "LevelTwo": {"Name": "Division"},
    "LevelThree": {"Name": "Team"},
}


def _structure(connect: Any, instance_id: str, levels: dict[str, Any] | None = None) -> None:
    connect.update_user_hierarchy_structure(
        InstanceId=instance_id, HierarchyStructure=levels or THREE_LEVELS
    )


def _group(connect: Any, instance_id: str, name: str, parent: str | None = None, **kw: Any) -> str:
    args: dict[str, Any] = {"InstanceId": instance_id, "Name": name, **kw}
    if parent:
        args["ParentGroupId"] = parent
    return str(connect.create_user_hierarchy_group(**args)["HierarchyGroupId"])


def test_structure_is_empty_when_instance_is_new(connect: Any, instance_id: str) -> None:
    got = connect.describe_user_hierarchy_structure(InstanceId=instance_id)
    assert got["HierarchyStructure"] == {}


def test_structure_levels_have_ids_and_arns_when_set(connect: Any, instance_id: str) -> None:
    _structure(connect, instance_id)
    levels = connect.describe_user_hierarchy_structure(InstanceId=instance_id)["HierarchyStructure"]
    assert sorted(levels) == ["LevelOne", "LevelThree", "LevelTwo"]
    assert levels["LevelOne"]["Name"] == "Company"
    assert levels["LevelTwo"]["Id"] == "2"
    assert levels["LevelThree"]["Arn"].endswith(f"instance/{instance_id}/agent-group-level/3")
    assert "LastModifiedTime" in levels["LevelOne"]
    assert levels["LevelOne"]["LastModifiedRegion"] == "us-east-1"


def test_structure_rename_keeps_level_id_when_level_renamed(connect: Any, instance_id: str) -> None:
    _structure(connect, instance_id)
    _structure(connect, instance_id, {**THREE_LEVELS, "LevelTwo": {"Name": "Region"}})
    levels = connect.describe_user_hierarchy_structure(InstanceId=instance_id)["HierarchyStructure"]
    assert (levels["LevelTwo"]["Id"], levels["LevelTwo"]["Name"]) == ("2", "Region")


def test_structure_update_fails_with_invalid_parameter_when_levels_skip(
    connect: Any, instance_id: str
) -> None:
    with pytest.raises(connect.exceptions.InvalidParameterException):
        _structure(connect, instance_id, {"LevelOne": {"Name": "A"}, "LevelThree": {"Name": "C"}})
    with pytest.raises(connect.exceptions.InvalidParameterException):
        _structure(connect, instance_id, {"LevelOne": {"Name": "x" * 51}})


def test_structure_level_removal_fails_with_in_use_when_groups_on_it(
    connect: Any, instance_id: str
) -> None:
    _structure(connect, instance_id)
    top = _group(connect, instance_id, "Acme")
    _group(connect, instance_id, "Sales", top)
    with pytest.raises(connect.exceptions.ResourceInUseException):
        _structure(connect, instance_id, {"LevelOne": {"Name": "Company"}})
    # Level three has no groups, so it can go.
    _structure(
        connect, instance_id, {"LevelOne": {"Name": "Company"}, "LevelTwo": {"Name": "Division"}}
    )
    levels = connect.describe_user_hierarchy_structure(InstanceId=instance_id)["HierarchyStructure"]
    assert sorted(levels) == ["LevelOne", "LevelTwo"]


def test_group_describe_shows_path_when_nested(connect: Any, instance_id: str) -> None:
    _structure(connect, instance_id)
    top = _group(connect, instance_id, "Acme", Tags={"k": "v"})
    mid = _group(connect, instance_id, "Sales", top)
    created = connect.create_user_hierarchy_group(
        InstanceId=instance_id, Name="Team A", ParentGroupId=mid
    )
    assert f"instance/{instance_id}/agent-group/" in created["HierarchyGroupArn"]
    group = connect.describe_user_hierarchy_group(
        InstanceId=instance_id, HierarchyGroupId=created["HierarchyGroupId"]
    )["HierarchyGroup"]
    assert group["Name"] == "Team A"
    assert group["LevelId"] == "3"
    path = group["HierarchyPath"]
    assert [path[k]["Name"] for k in ("LevelOne", "LevelTwo", "LevelThree")] == [
        "Acme",
        "Sales",
        "Team A",
    ]
    assert path["LevelOne"]["Id"] == top
    assert "LevelFour" not in path
    top_group = connect.describe_user_hierarchy_group(InstanceId=instance_id, HierarchyGroupId=top)[
        "HierarchyGroup"
    ]
    assert (top_group["LevelId"], top_group["Tags"]) == ("1", {"k": "v"})
    assert list(top_group["HierarchyPath"]) == ["LevelOne"]


def test_group_create_fails_with_invalid_request_when_level_missing(
    connect: Any, instance_id: str
) -> None:
    with pytest.raises(connect.exceptions.InvalidRequestException):
        _group(connect, instance_id, "NoLevels")
    _structure(connect, instance_id, {"LevelOne": {"Name": "Only"}})
    top = _group(connect, instance_id, "Top")
    with pytest.raises(connect.exceptions.InvalidRequestException):
        _group(connect, instance_id, "TooDeep", top)


def test_group_create_fails_with_not_found_when_parent_unknown(
    connect: Any, instance_id: str
) -> None:
    _structure(connect, instance_id)
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        _group(connect, instance_id, "Orphan", "00000000-0000-4000-8000-000000000000")


def test_group_create_fails_with_duplicate_when_sibling_has_name(
    connect: Any, instance_id: str
) -> None:
    _structure(connect, instance_id)
    a = _group(connect, instance_id, "A")
    b = _group(connect, instance_id, "B")
    _group(connect, instance_id, "Support", a)
    with pytest.raises(connect.exceptions.DuplicateResourceException):
        _group(connect, instance_id, "Support", a)
    with pytest.raises(connect.exceptions.DuplicateResourceException):
        _group(connect, instance_id, "A")
    _group(connect, instance_id, "Support", b)  # same name under another parent is fine


def test_group_create_fails_with_limit_when_500_groups_exist(
    connect: Any, instance_id: str
) -> None:
    _structure(connect, instance_id)
    for i in range(500):
        _group(connect, instance_id, f"G{i:03d}")
    with pytest.raises(connect.exceptions.LimitExceededException):
        _group(connect, instance_id, "one-too-many")


def test_group_rename_changes_name_when_unique(connect: Any, instance_id: str) -> None:
    _structure(connect, instance_id)
    gid = _group(connect, instance_id, "Old")
    _group(connect, instance_id, "Taken")
    connect.update_user_hierarchy_group_name(
        InstanceId=instance_id, HierarchyGroupId=gid, Name="New"
    )
    got = connect.describe_user_hierarchy_group(InstanceId=instance_id, HierarchyGroupId=gid)
    assert got["HierarchyGroup"]["Name"] == "New"
    with pytest.raises(connect.exceptions.DuplicateResourceException):
        connect.update_user_hierarchy_group_name(
            InstanceId=instance_id, HierarchyGroupId=gid, Name="Taken"
        )
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.update_user_hierarchy_group_name(
            InstanceId=instance_id, HierarchyGroupId="nope", Name="X"
        )


def test_group_delete_fails_with_in_use_when_children_exist(connect: Any, instance_id: str) -> None:
    _structure(connect, instance_id)
    top = _group(connect, instance_id, "Top")
    child = _group(connect, instance_id, "Child", top)
    with pytest.raises(connect.exceptions.ResourceInUseException):
        connect.delete_user_hierarchy_group(InstanceId=instance_id, HierarchyGroupId=top)
    connect.delete_user_hierarchy_group(InstanceId=instance_id, HierarchyGroupId=child)
    connect.delete_user_hierarchy_group(InstanceId=instance_id, HierarchyGroupId=top)
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.describe_user_hierarchy_group(InstanceId=instance_id, HierarchyGroupId=top)
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.delete_user_hierarchy_group(InstanceId=instance_id, HierarchyGroupId=top)


def test_group_delete_fails_with_in_use_when_user_assigned(connect: Any, instance_id: str) -> None:
    _structure(connect, instance_id)
    gid = _group(connect, instance_id, "Staffed")
    profile = connect.list_routing_profiles(InstanceId=instance_id)["RoutingProfileSummaryList"][0]
    security = connect.list_security_profiles(InstanceId=instance_id)["SecurityProfileSummaryList"][
        0
    ]
    connect.create_user(
        InstanceId=instance_id,
        Username="agent1",
        Password="Passw0rd!long",
        IdentityInfo={"FirstName": "A", "LastName": "B"},
        PhoneConfig={"PhoneType": "SOFT_PHONE"},
        SecurityProfileIds=[security["Id"]],
        RoutingProfileId=profile["Id"],
        HierarchyGroupId=gid,
    )
    with pytest.raises(connect.exceptions.ResourceInUseException):
        connect.delete_user_hierarchy_group(InstanceId=instance_id, HierarchyGroupId=gid)


def test_list_pages_every_group_once_when_max_results_small(connect: Any, instance_id: str) -> None:
    _structure(connect, instance_id)
    ids = {_group(connect, instance_id, f"G{i}") for i in range(5)}
    seen: list[str] = []
    token = None
    while True:
        kwargs: dict[str, Any] = {"InstanceId": instance_id, "MaxResults": 2}
        if token:
            kwargs["NextToken"] = token
        got = connect.list_user_hierarchy_groups(**kwargs)
        assert len(got["UserHierarchyGroupSummaryList"]) <= 2
        seen += [g["Id"] for g in got["UserHierarchyGroupSummaryList"]]
        token = got.get("NextToken")
        if not token:
            break
    assert sorted(seen) == sorted(ids)
    summary = connect.list_user_hierarchy_groups(InstanceId=instance_id)[
        "UserHierarchyGroupSummaryList"
    ][0]
    assert set(summary) == {"Id", "Arn", "Name", "LastModifiedTime", "LastModifiedRegion"}


def test_search_matches_level_and_parent_when_conditions_given(
    connect: Any, instance_id: str
) -> None:
    _structure(connect, instance_id)
    top = _group(connect, instance_id, "Europe", Tags={"region": "eu"})
    _group(connect, instance_id, "America")
    fr = _group(connect, instance_id, "France", top, Tags={"region": "eu"})
    _group(connect, instance_id, "Spain", top)

    def search(**kw: Any) -> dict[str, Any]:
        return dict(connect.search_user_hierarchy_groups(InstanceId=instance_id, **kw))

    by_level = search(
        SearchCriteria={
            "StringCondition": {"FieldName": "levelId", "Value": "2", "ComparisonType": "EXACT"}
        }
    )
    assert [g["Name"] for g in by_level["UserHierarchyGroups"]] == ["France", "Spain"]
    assert by_level["ApproximateTotalCount"] == 2
    assert by_level["UserHierarchyGroups"][0]["HierarchyPath"]["LevelOne"]["Name"] == "Europe"
    by_parent = search(
        SearchCriteria={
            "AndConditions": [
                {
                    "StringCondition": {
                        "FieldName": "parentId",
                        "Value": top,
                        "ComparisonType": "EXACT",
                    }
                },
                {
                    "StringCondition": {
                        "FieldName": "name",
                        "Value": "fr",
                        "ComparisonType": "STARTS_WITH",
                    }
                },
            ]
        }
    )
    assert [g["Id"] for g in by_parent["UserHierarchyGroups"]] == [fr]
    by_id = search(
        SearchCriteria={
            "StringCondition": {"FieldName": "resourceID", "Value": top, "ComparisonType": "EXACT"}
        }
    )
    assert [g["Name"] for g in by_id["UserHierarchyGroups"]] == ["Europe"]
    tagged = search(
        SearchFilter={"AttributeFilter": {"TagCondition": {"TagKey": "region", "TagValue": "eu"}}}
    )
    assert sorted(g["Name"] for g in tagged["UserHierarchyGroups"]) == ["Europe", "France"]
    everything = search()
    assert everything["ApproximateTotalCount"] == 4
    assert all(g["LevelId"] != "0" for g in everything["UserHierarchyGroups"])


def test_search_fails_with_invalid_parameter_when_field_unknown(
    connect: Any, instance_id: str
) -> None:
    with pytest.raises(connect.exceptions.InvalidParameterException):
        connect.search_user_hierarchy_groups(
            InstanceId=instance_id,
            SearchCriteria={
                "StringCondition": {"FieldName": "colour", "Value": "x", "ComparisonType": "EXACT"}
            },
        )


def test_search_pages_every_group_once_when_max_results_small(
    connect: Any, instance_id: str
) -> None:
    _structure(connect, instance_id)
    for name in ("d", "b", "e", "a", "c"):
        _group(connect, instance_id, name)
    names: list[str] = []
    kwargs: dict[str, Any] = {"InstanceId": instance_id, "MaxResults": 2}
    while True:
        got = connect.search_user_hierarchy_groups(**kwargs)
        assert got["ApproximateTotalCount"] == 5
        names += [g["Name"] for g in got["UserHierarchyGroups"]]
        if not got.get("NextToken"):
            break
        kwargs["NextToken"] = got["NextToken"]
    assert names == ["a", "b", "c", "d", "e"]


def test_groups_and_structure_survive_when_server_restarts(private_server: ServerProcess) -> None:
    client = make_client(private_server.url)
    iid = client.create_instance(
        IdentityManagementType="CONNECT_MANAGED",
        InboundCallsEnabled=True,
        OutboundCallsEnabled=True,
    )["Id"]
    _structure(client, iid)
    top = _group(client, iid, "Persisted", Tags={"x": "y"})
    child = _group(client, iid, "Child", top)
    assert private_server.stop() == 0
    private_server.start()
    client = make_client(private_server.url)
    levels = client.describe_user_hierarchy_structure(InstanceId=iid)["HierarchyStructure"]
    assert levels["LevelThree"]["Name"] == "Team"
    group = client.describe_user_hierarchy_group(InstanceId=iid, HierarchyGroupId=child)[
        "HierarchyGroup"
    ]
    assert group["HierarchyPath"]["LevelOne"]["Id"] == top
    assert group["LevelId"] == "2"
    assert client.list_tags_for_resource(
        resourceArn=client.describe_user_hierarchy_group(InstanceId=iid, HierarchyGroupId=top)[
            "HierarchyGroup"
        ]["Arn"]
    )["tags"] == {"x": "y"}
