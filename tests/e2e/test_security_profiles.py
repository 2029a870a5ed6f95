"""Security profiles end to end: permissions, access control members, in-use, search, paging."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import ServerProcess, make_client

MISSING = "11111111-2222-4333-8444-555555555555"
DEFAULTS = ["Admin", "Agent", "CallCenterManager", "QualityAnalyst"]


def create_profile(connect: Any, iid: str, name: str, **extra: Any) -> str:
    return str(
        connect.create_security_profile(InstanceId=iid, SecurityProfileName=name, **extra)[
            "SecurityProfileId"
        ]
    )


def describe(connect: Any, iid: str, sid: str) -> dict[str, Any]:
    return dict(
        connect.describe_security_profile(InstanceId=iid, SecurityProfileId=sid)["SecurityProfile"]
    )


def routing_profile_id(connect: Any, iid: str) -> str:
    return str(connect.list_routing_profiles(InstanceId=iid)["RoutingProfileSummaryList"][0]["Id"])


def test_created_profile_is_described_when_all_members_given(
    connect: Any, instance_id: str
) -> None:
    connect.update_user_hierarchy_structure(
        InstanceId=instance_id, HierarchyStructure={"LevelOne": {"Name": "Floor"}}
    )
    group = connect.create_user_hierarchy_group(InstanceId=instance_id, Name="Floor 1")[
        "HierarchyGroupId"
    ]
    created = connect.create_security_profile(
        InstanceId=instance_id,
        SecurityProfileName="Supervisors",
        Description="Floor supervisors",
        Permissions=["BasicAgentAccess", "OutboundCallAccess", "BasicAgentAccess"],
        AllowedAccessControlTags={"dept": "sales"},
        TagRestrictedResources=["User", "Queue"],
        HierarchyRestrictedResources=["User"],
        AllowedAccessControlHierarchyGroupId=group,
        Tags={"owner": "ops"},
    )
    assert "/security-profile/" in created["SecurityProfileArn"]
    profile = describe(connect, instance_id, created["SecurityProfileId"])
    assert profile["Id"] == created["SecurityProfileId"]
    assert profile["Arn"] == created["SecurityProfileArn"]
    assert profile["SecurityProfileName"] == "Supervisors"
    assert profile["Description"] == "Floor supervisors"
    assert profile["OrganizationResourceId"] == instance_id
    assert profile["AllowedAccessControlTags"] == {"dept": "sales"}
    assert profile["TagRestrictedResources"] == ["User", "Queue"]
    assert profile["HierarchyRestrictedResources"] == ["User"]
    assert profile["AllowedAccessControlHierarchyGroupId"] == group
    assert profile["Tags"] == {"owner": "ops"}
    assert "LastModifiedTime" in profile and profile["LastModifiedRegion"] == "us-east-1"
    perms = connect.list_security_profile_permissions(
        InstanceId=instance_id, SecurityProfileId=created["SecurityProfileId"]
    )["Permissions"]
    assert sorted(perms) == ["BasicAgentAccess", "OutboundCallAccess"]


def test_create_fails_with_duplicate_when_name_exists(connect: Any, instance_id: str) -> None:
    create_profile(connect, instance_id, "Twice")
    with pytest.raises(connect.exceptions.DuplicateResourceException):
        create_profile(connect, instance_id, "Twice")
    with pytest.raises(connect.exceptions.DuplicateResourceException):
        create_profile(connect, instance_id, "Admin")


def test_create_fails_with_not_found_when_hierarchy_group_unknown(
    connect: Any, instance_id: str
) -> None:
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        create_profile(
            connect, instance_id, "Restricted", AllowedAccessControlHierarchyGroupId=MISSING
        )


def test_create_fails_with_limit_when_hundred_profiles_exist(
    connect: Any, instance_id: str
) -> None:
    for i in range(100 - len(DEFAULTS)):
        create_profile(connect, instance_id, f"SP{i}")
    with pytest.raises(connect.exceptions.LimitExceededException):
        create_profile(connect, instance_id, "one-too-many")


def test_describe_fails_with_not_found_when_profile_unknown(connect: Any, instance_id: str) -> None:
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        describe(connect, instance_id, MISSING)
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.list_security_profile_permissions(InstanceId=instance_id, SecurityProfileId=MISSING)


def test_list_serves_every_profile_once_when_paged(connect: Any, instance_id: str) -> None:
    create_profile(connect, instance_id, "Extra")
    names: list[str] = []
    kwargs: dict[str, Any] = {"InstanceId": instance_id, "MaxResults": 2}
    while True:
        page = connect.list_security_profiles(**kwargs)
        for summary in page["SecurityProfileSummaryList"]:
            assert {"Id", "Arn", "Name", "LastModifiedTime", "LastModifiedRegion"} <= set(summary)
            names.append(summary["Name"])
        if "NextToken" not in page:
            break
        kwargs["NextToken"] = page["NextToken"]
    assert sorted(names) == sorted([*DEFAULTS, "Extra"])


def test_list_permissions_serves_every_permission_once_when_paged(
    connect: Any, instance_id: str
) -> None:
    permissions = [f"Perm{i}.View" for i in range(7)]
    sid = create_profile(connect, instance_id, "Many", Permissions=permissions)
    seen: list[str] = []
    kwargs: dict[str, Any] = {"InstanceId": instance_id, "SecurityProfileId": sid, "MaxResults": 3}
    while True:
        page = connect.list_security_profile_permissions(**kwargs)
        assert len(page["Permissions"]) <= 3
        assert "LastModifiedTime" in page
        seen += page["Permissions"]
        if "NextToken" not in page:
            break
        kwargs["NextToken"] = page["NextToken"]
    assert sorted(seen) == sorted(permissions)


def test_update_replaces_given_members_when_others_omitted(connect: Any, instance_id: str) -> None:
    sid = create_profile(
        connect,
        instance_id,
        "Upd",
        Description="before",
        Permissions=["BasicAgentAccess"],
        AllowedAccessControlTags={"a": "1"},
        TagRestrictedResources=["User"],
    )
    connect.update_security_profile(
        InstanceId=instance_id,
        SecurityProfileId=sid,
        Permissions=["Users.View", "Queues.View"],
        Description="after",
    )
    profile = describe(connect, instance_id, sid)
    assert profile["Description"] == "after"
    assert profile["AllowedAccessControlTags"] == {"a": "1"}
    assert profile["TagRestrictedResources"] == ["User"]
    perms = connect.list_security_profile_permissions(InstanceId=instance_id, SecurityProfileId=sid)
    assert sorted(perms["Permissions"]) == ["Queues.View", "Users.View"]
    connect.update_security_profile(
        InstanceId=instance_id,
        SecurityProfileId=sid,
        AllowedAccessControlTags={"b": "2"},
        TagRestrictedResources=["Queue", "RoutingProfile"],
    )
    profile = describe(connect, instance_id, sid)
    assert profile["AllowedAccessControlTags"] == {"b": "2"}
    assert profile["TagRestrictedResources"] == ["Queue", "RoutingProfile"]


def test_update_fails_with_not_found_when_profile_unknown(connect: Any, instance_id: str) -> None:
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.update_security_profile(
            InstanceId=instance_id, SecurityProfileId=MISSING, Description="x"
        )


def test_applications_are_listed_when_given_on_create(connect: Any, instance_id: str) -> None:
    sid = create_profile(
        connect,
        instance_id,
        "Apps",
        Applications=[{"Namespace": "example.app", "ApplicationPermissions": ["read", "write"]}],
    )
    apps = connect.list_security_profile_applications(InstanceId=instance_id, SecurityProfileId=sid)
    assert apps["Applications"] == [
        {"Namespace": "example.app", "ApplicationPermissions": ["read", "write"]}
    ]


def test_delete_removes_profile_when_unused(connect: Any, instance_id: str) -> None:
    sid = create_profile(connect, instance_id, "Gone")
    connect.delete_security_profile(InstanceId=instance_id, SecurityProfileId=sid)
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        describe(connect, instance_id, sid)
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.delete_security_profile(InstanceId=instance_id, SecurityProfileId=sid)


def test_delete_fails_with_in_use_when_user_has_profile(connect: Any, instance_id: str) -> None:
    sid = create_profile(connect, instance_id, "Assigned", Permissions=["BasicAgentAccess"])
    connect.create_user(
        InstanceId=instance_id,
        Username="grace",
        Password="Passw0rd!Passw0rd",
        IdentityInfo={"FirstName": "Grace", "LastName": "Hopper"},
        PhoneConfig={"PhoneType": "SOFT_PHONE"},
        SecurityProfileIds=[sid],
        RoutingProfileId=routing_profile_id(connect, instance_id),
    )
    with pytest.raises(connect.exceptions.ResourceInUseException):
        connect.delete_security_profile(InstanceId=instance_id, SecurityProfileId=sid)


def test_search_matches_name_and_tag_when_criteria_and_filter_given(
    connect: Any, instance_id: str
) -> None:
    a = create_profile(
        connect, instance_id, "Team lead", Tags={"site": "north"}, Description="leads"
    )
    create_profile(connect, instance_id, "Team member", Tags={"site": "south"})
    result = connect.search_security_profiles(
        InstanceId=instance_id,
        SearchCriteria={
            "StringCondition": {
                "FieldName": "name",
                "Value": "team",
                "ComparisonType": "STARTS_WITH",
            }
        },
        SearchFilter={"TagFilter": {"OrConditions": [[{"TagKey": "site", "TagValue": "north"}]]}},
    )
    assert result["ApproximateTotalCount"] == 1
    found = result["SecurityProfiles"][0]
    assert found["Id"] == a
    assert found["SecurityProfileName"] == "Team lead"
    assert found["Description"] == "leads"
    assert found["OrganizationResourceId"] == instance_id
    assert found["Tags"] == {"site": "north"}
    assert "LastModifiedTime" not in found
    exact = connect.search_security_profiles(
        InstanceId=instance_id,
        SearchCriteria={
            "StringCondition": {"FieldName": "name", "Value": "Admin", "ComparisonType": "EXACT"}
        },
    )
    assert [p["SecurityProfileName"] for p in exact["SecurityProfiles"]] == ["Admin"]


def test_search_pages_every_profile_once_when_max_results_small(
    connect: Any, instance_id: str
) -> None:
    create_profile(connect, instance_id, "Fifth")
    seen: list[str] = []
    kwargs: dict[str, Any] = {"InstanceId": instance_id, "MaxResults": 2}
    while True:
        page = connect.search_security_profiles(**kwargs)
        assert page["ApproximateTotalCount"] == 5
        seen += [p["SecurityProfileName"] for p in page["SecurityProfiles"]]
        if "NextToken" not in page:
            break
        kwargs["NextToken"] = page["NextToken"]
    assert seen == sorted(seen)  # name order (R6.8 ASSUMPTION)
    assert sorted(seen) == sorted([*DEFAULTS, "Fifth"])


def test_search_fails_with_invalid_parameter_when_contains_value_too_short(
    connect: Any, instance_id: str
) -> None:
    with pytest.raises(connect.exceptions.InvalidParameterException):
        connect.search_security_profiles(
            InstanceId=instance_id,
            SearchCriteria={
                "StringCondition": {"FieldName": "name", "Value": "a", "ComparisonType": "CONTAINS"}
            },
        )


def test_profile_comes_back_when_server_restarts(private_server: ServerProcess) -> None:
    client = make_client(private_server.url)
    iid = client.create_instance(
        IdentityManagementType="CONNECT_MANAGED",
        InboundCallsEnabled=True,
        OutboundCallsEnabled=True,
    )["Id"]
    sid = create_profile(
        client,
        iid,
        "Durable",
        Permissions=["BasicAgentAccess"],
        AllowedAccessControlTags={"k": "v"},
        Tags={"t": "1"},
    )
    before = describe(client, iid, sid)
    assert private_server.stop() == 0
    private_server.start()
    client = make_client(private_server.url)
    assert describe(client, iid, sid) == before
    perms = client.list_security_profile_permissions(InstanceId=iid, SecurityProfileId=sid)
    assert perms["Permissions"] == ["BasicAgentAccess"]
