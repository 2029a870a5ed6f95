"""Users end to end: create/describe/list/delete, the UpdateUser* family, agent queues (R1.1.1)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import ServerProcess, make_client


def basic_refs(connect: Any, instance_id: str) -> tuple[str, dict[str, str]]:
    """(Basic Routing Profile id, security profile ids by name) of a fresh instance."""
    rp = connect.list_routing_profiles(InstanceId=instance_id)["RoutingProfileSummaryList"]
    sps = connect.list_security_profiles(InstanceId=instance_id)["SecurityProfileSummaryList"]
    return rp[0]["Id"], {s["Name"]: s["Id"] for s in sps}


def create_user(connect: Any, instance_id: str, username: str, **extra: Any) -> dict[str, Any]:
    rp, sps = basic_refs(connect, instance_id)
    params: dict[str, Any] = {
        "InstanceId": instance_id,
        "Username": username,
        "Password": "Passw0rd!",
        "RoutingProfileId": rp,
        "SecurityProfileIds": [sps["Agent"]],
        "PhoneConfig": {"PhoneType": "SOFT_PHONE"},
    }
    params.update(extra)
    return connect.create_user(**params)  # type: ignore[no-any-return]


def describe(connect: Any, instance_id: str, user_id: str) -> dict[str, Any]:
    return connect.describe_user(InstanceId=instance_id, UserId=user_id)["User"]  # type: ignore[no-any-return]


def test_user_is_described_when_created(connect: Any, instance_id: str) -> None:
    rp, sps = basic_refs(connect, instance_id)
    created = create_user(
        connect,
        instance_id,
        "jdoe",
        IdentityInfo={"FirstName": "Jane", "LastName": "Doe", "Email": "jane@example.com"},
        PhoneConfig={
            "PhoneType": "SOFT_PHONE",
            "AutoAccept": True,
            "AfterContactWorkTimeLimit": 30,
        },
        SecurityProfileIds=[sps["Agent"], sps["Admin"]],
        Tags={"team": "blue"},
    )
    assert "/agent/" in created["UserArn"]
    assert created["UserArn"].endswith(created["UserId"])
    user = describe(connect, instance_id, created["UserId"])
    assert user["Id"] == created["UserId"]
    assert user["Arn"] == created["UserArn"]
    assert user["Username"] == "jdoe"
    assert user["IdentityInfo"] == {
        "FirstName": "Jane",
        "LastName": "Doe",
        "Email": "jane@example.com",
    }
    assert user["PhoneConfig"] == {
        "PhoneType": "SOFT_PHONE",
        "AutoAccept": True,
        "AfterContactWorkTimeLimit": 30,
    }
    assert sorted(user["SecurityProfileIds"]) == sorted([sps["Agent"], sps["Admin"]])
    assert user["RoutingProfileId"] == rp
    assert user["Tags"] == {"team": "blue"}
    assert "HierarchyGroupId" not in user
    assert "Password" not in user
    assert user["LastModifiedRegion"] == "us-east-1"
    assert user["LastModifiedTime"] is not None


def test_per_channel_configs_mirror_phone_config_when_created_with_phone_config(
    connect: Any, instance_id: str
) -> None:
    uid = create_user(
        connect,
        instance_id,
        "mirror",
        PhoneConfig={
            "PhoneType": "DESK_PHONE",
            "DeskPhoneNumber": "+15555550100",
            "AutoAccept": True,
            "AfterContactWorkTimeLimit": 45,
        },
    )["UserId"]
    user = describe(connect, instance_id, uid)
    assert {"Channel": "VOICE", "AutoAccept": True} in user["AutoAcceptConfigs"]
    assert {
        "Channel": "VOICE",
        "AfterContactWorkConfig": {"AfterContactWorkTimeLimit": 45},
    } in user["AfterContactWorkConfigs"]
    assert {"Channel": "VOICE", "PhoneType": "DESK_PHONE", "PhoneNumber": "+15555550100"} in user[
        "PhoneNumberConfigs"
    ]


def test_phone_config_follows_voice_entries_when_created_with_channel_configs(
    connect: Any, instance_id: str
) -> None:
    rp, sps = basic_refs(connect, instance_id)
    uid = connect.create_user(
        InstanceId=instance_id,
        Username="channels",
        RoutingProfileId=rp,
        SecurityProfileIds=[sps["Agent"]],
        AutoAcceptConfigs=[
            {"Channel": "VOICE", "AutoAccept": True},
            {"Channel": "CHAT", "AutoAccept": True},
        ],
        AfterContactWorkConfigs=[
            {"Channel": "VOICE", "AfterContactWorkConfig": {"AfterContactWorkTimeLimit": 20}},
            {"Channel": "CHAT", "AfterContactWorkConfig": {"AfterContactWorkTimeLimit": 60}},
        ],
        PhoneNumberConfigs=[{"Channel": "VOICE", "PhoneType": "SOFT_PHONE"}],
    )["UserId"]
    user = describe(connect, instance_id, uid)
    assert user["PhoneConfig"]["AutoAccept"] is True
    assert user["PhoneConfig"]["AfterContactWorkTimeLimit"] == 20
    assert user["PhoneConfig"]["PhoneType"] == "SOFT_PHONE"
    auto = {c["Channel"]: c["AutoAccept"] for c in user["AutoAcceptConfigs"]}
    assert auto == {"VOICE": True, "CHAT": True}
    acw = {
        c["Channel"]: c["AfterContactWorkConfig"]["AfterContactWorkTimeLimit"]
        for c in user["AfterContactWorkConfigs"]
    }
    assert acw == {"VOICE": 20, "CHAT": 60}


def test_update_user_config_changes_only_named_channels_when_called(
    connect: Any, instance_id: str
) -> None:
    uid = create_user(
        connect,
        instance_id,
        "cfg",
        PhoneConfig={
            "PhoneType": "SOFT_PHONE",
            "AutoAccept": False,
            "AfterContactWorkTimeLimit": 10,
        },
    )["UserId"]
    connect.update_user_config(
        InstanceId=instance_id,
        UserId=uid,
        AutoAcceptConfigs=[{"Channel": "TASK", "AutoAccept": True}],
        AfterContactWorkConfigs=[
            {"Channel": "VOICE", "AfterContactWorkConfig": {"AfterContactWorkTimeLimit": 99}}
        ],
        PersistentConnectionConfigs=[{"Channel": "VOICE", "PersistentConnection": True}],
    )
    user = describe(connect, instance_id, uid)
    assert user["PhoneConfig"] == {
        "PhoneType": "SOFT_PHONE",
        "AutoAccept": False,
        "AfterContactWorkTimeLimit": 99,
        "PersistentConnection": True,
    }
    auto = {c["Channel"]: c["AutoAccept"] for c in user["AutoAcceptConfigs"]}
    assert auto == {"VOICE": False, "TASK": True}
    assert user["PersistentConnectionConfigs"] == [
        {"Channel": "VOICE", "PersistentConnection": True}
    ]


def test_update_phone_config_shows_in_voice_entries_when_changed(
    connect: Any, instance_id: str
) -> None:
    uid = create_user(connect, instance_id, "phone")["UserId"]
    connect.update_user_phone_config(
        InstanceId=instance_id,
        UserId=uid,
        PhoneConfig={
            "PhoneType": "DESK_PHONE",
            "DeskPhoneNumber": "+15555550123",
            "AutoAccept": True,
            "AfterContactWorkTimeLimit": 2_000_000,
        },
    )
    user = describe(connect, instance_id, uid)
    assert user["PhoneConfig"] == {
        "PhoneType": "DESK_PHONE",
        "DeskPhoneNumber": "+15555550123",
        "AutoAccept": True,
        "AfterContactWorkTimeLimit": 2_000_000,
    }
    assert {"Channel": "VOICE", "AutoAccept": True} in user["AutoAcceptConfigs"]
    assert {"Channel": "VOICE", "PhoneType": "DESK_PHONE", "PhoneNumber": "+15555550123"} in user[
        "PhoneNumberConfigs"
    ]


def test_acw_limit_is_rejected_when_above_two_million(connect: Any, instance_id: str) -> None:
    uid = create_user(connect, instance_id, "acw")["UserId"]
    with pytest.raises(connect.exceptions.InvalidParameterException):
        connect.update_user_phone_config(
            InstanceId=instance_id,
            UserId=uid,
            PhoneConfig={"PhoneType": "SOFT_PHONE", "AfterContactWorkTimeLimit": 2_000_001},
        )
    with pytest.raises(connect.exceptions.InvalidParameterException):
        connect.update_user_config(
            InstanceId=instance_id,
            UserId=uid,
            AfterContactWorkConfigs=[
                {
                    "Channel": "CHAT",
                    "AfterContactWorkConfig": {"AfterContactWorkTimeLimit": 2_000_001},
                }
            ],
        )
    with pytest.raises(connect.exceptions.InvalidParameterException):
        create_user(
            connect,
            instance_id,
            "acw2",
            PhoneConfig={"PhoneType": "SOFT_PHONE", "AfterContactWorkTimeLimit": 3_000_000},
        )


def test_desk_phone_is_rejected_when_number_missing(connect: Any, instance_id: str) -> None:
    with pytest.raises(connect.exceptions.InvalidParameterException):
        create_user(connect, instance_id, "desk", PhoneConfig={"PhoneType": "DESK_PHONE"})


def test_create_fails_with_duplicate_when_username_taken(connect: Any, instance_id: str) -> None:
    create_user(connect, instance_id, "same")
    with pytest.raises(connect.exceptions.DuplicateResourceException):
        create_user(connect, instance_id, "same")


def test_create_fails_with_not_found_when_references_missing(
    connect: Any, instance_id: str
) -> None:
    missing = "11111111-2222-4333-8444-555555555555"
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        create_user(connect, instance_id, "norp", RoutingProfileId=missing)
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        create_user(connect, instance_id, "nosp", SecurityProfileIds=[missing])
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        create_user(connect, instance_id, "nohg", HierarchyGroupId=missing)
    assert connect.list_users(InstanceId=instance_id)["UserSummaryList"] == []


def test_describe_fails_with_not_found_when_user_unknown(connect: Any, instance_id: str) -> None:
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.describe_user(InstanceId=instance_id, UserId="11111111-2222-4333-8444-555555555555")


def test_list_pages_every_user_once_when_max_results_small(connect: Any, instance_id: str) -> None:
    ids = {create_user(connect, instance_id, f"u{i}")["UserId"] for i in range(5)}
    seen: list[str] = []
    kwargs: dict[str, Any] = {"InstanceId": instance_id, "MaxResults": 2}
    while True:
        got = connect.list_users(**kwargs)
        assert len(got["UserSummaryList"]) <= 2
        for s in got["UserSummaryList"]:
            assert set(s) >= {"Id", "Arn", "Username", "LastModifiedTime", "LastModifiedRegion"}
        seen += [s["Id"] for s in got["UserSummaryList"]]
        if "NextToken" not in got:
            break
        kwargs["NextToken"] = got["NextToken"]
    assert sorted(seen) == sorted(ids)


def test_agent_queue_exists_when_user_created(connect: Any, instance_id: str) -> None:
    uid = create_user(connect, instance_id, "queued")["UserId"]
    queues = connect.list_queues(InstanceId=instance_id, QueueTypes=["AGENT"])["QueueSummaryList"]
    assert [q["Name"] for q in queues] == ["queued"]
    assert queues[0]["QueueType"] == "AGENT"
    connect.delete_user(InstanceId=instance_id, UserId=uid)
    queues = connect.list_queues(InstanceId=instance_id, QueueTypes=["AGENT"])["QueueSummaryList"]
    assert queues == []


def test_delete_removes_user_when_called(connect: Any, instance_id: str) -> None:
    uid = create_user(connect, instance_id, "gone")["UserId"]
    connect.delete_user(InstanceId=instance_id, UserId=uid)
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        describe(connect, instance_id, uid)
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.delete_user(InstanceId=instance_id, UserId=uid)
    create_user(connect, instance_id, "gone")  # the username is free again


def test_update_identity_info_replaces_it_when_called(connect: Any, instance_id: str) -> None:
    uid = create_user(
        connect, instance_id, "ident", IdentityInfo={"FirstName": "A", "LastName": "B"}
    )["UserId"]
    connect.update_user_identity_info(
        InstanceId=instance_id,
        UserId=uid,
        IdentityInfo={"FirstName": "C", "Email": "c@example.com", "Mobile": "+15555550199"},
    )
    assert describe(connect, instance_id, uid)["IdentityInfo"] == {
        "FirstName": "C",
        "Email": "c@example.com",
        "Mobile": "+15555550199",
    }


def test_update_routing_profile_checks_existence_when_called(
    connect: Any, instance_id: str
) -> None:
    uid = create_user(connect, instance_id, "rp")["UserId"]
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.update_user_routing_profile(
            InstanceId=instance_id,
            UserId=uid,
            RoutingProfileId="11111111-2222-4333-8444-555555555555",
        )
    rp = connect.create_routing_profile(
        InstanceId=instance_id,
        Name="Other",
        Description="other",
        DefaultOutboundQueueId=connect.list_queues(InstanceId=instance_id, QueueTypes=["STANDARD"])[
            "QueueSummaryList"
        ][0]["Id"],
        MediaConcurrencies=[{"Channel": "VOICE", "Concurrency": 1}],
    )["RoutingProfileId"]
    connect.update_user_routing_profile(InstanceId=instance_id, UserId=uid, RoutingProfileId=rp)
    assert describe(connect, instance_id, uid)["RoutingProfileId"] == rp


def test_update_security_profiles_replaces_them_when_called(connect: Any, instance_id: str) -> None:
    _, sps = basic_refs(connect, instance_id)
    uid = create_user(connect, instance_id, "sp")["UserId"]
    connect.update_user_security_profiles(
        InstanceId=instance_id, UserId=uid, SecurityProfileIds=[sps["Admin"], sps["QualityAnalyst"]]
    )
    got = describe(connect, instance_id, uid)["SecurityProfileIds"]
    assert sorted(got) == sorted([sps["Admin"], sps["QualityAnalyst"]])
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.update_user_security_profiles(
            InstanceId=instance_id,
            UserId=uid,
            SecurityProfileIds=["11111111-2222-4333-8444-555555555555"],
        )


def test_update_hierarchy_sets_and_clears_group_when_called(connect: Any, instance_id: str) -> None:
    connect.update_user_hierarchy_structure(
        InstanceId=instance_id, HierarchyStructure={"LevelOne": {"Name": "Region"}}
    )
    gid = connect.create_user_hierarchy_group(InstanceId=instance_id, Name="EMEA")[
        "HierarchyGroupId"
    ]
    uid = create_user(connect, instance_id, "hier")["UserId"]
    connect.update_user_hierarchy(InstanceId=instance_id, UserId=uid, HierarchyGroupId=gid)
    assert describe(connect, instance_id, uid)["HierarchyGroupId"] == gid
    connect.update_user_hierarchy(InstanceId=instance_id, UserId=uid)
    assert "HierarchyGroupId" not in describe(connect, instance_id, uid)
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.update_user_hierarchy(
            InstanceId=instance_id,
            UserId=uid,
            HierarchyGroupId="11111111-2222-4333-8444-555555555555",
        )


def test_create_accepts_hierarchy_group_when_group_exists(connect: Any, instance_id: str) -> None:
    connect.update_user_hierarchy_structure(
        InstanceId=instance_id, HierarchyStructure={"LevelOne": {"Name": "Region"}}
    )
    gid = connect.create_user_hierarchy_group(InstanceId=instance_id, Name="APAC")[
        "HierarchyGroupId"
    ]
    uid = create_user(connect, instance_id, "withgroup", HierarchyGroupId=gid)["UserId"]
    assert describe(connect, instance_id, uid)["HierarchyGroupId"] == gid


def test_update_fails_with_not_found_when_user_unknown(connect: Any, instance_id: str) -> None:
    missing = "11111111-2222-4333-8444-555555555555"
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.update_user_identity_info(
            InstanceId=instance_id, UserId=missing, IdentityInfo={"FirstName": "x"}
        )
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.update_user_phone_config(
            InstanceId=instance_id, UserId=missing, PhoneConfig={"PhoneType": "SOFT_PHONE"}
        )
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.update_user_config(
            InstanceId=instance_id,
            UserId=missing,
            AutoAcceptConfigs=[{"Channel": "CHAT", "AutoAccept": True}],
        )


def test_tags_apply_to_user_when_tagged_by_arn(connect: Any, instance_id: str) -> None:
    arn = create_user(connect, instance_id, "tagged", Tags={"a": "1"})["UserArn"]
    connect.tag_resource(resourceArn=arn, tags={"b": "2"})
    assert connect.list_tags_for_resource(resourceArn=arn)["tags"] == {"a": "1", "b": "2"}


def test_users_and_agent_queues_survive_when_server_restarts(private_server: ServerProcess) -> None:
    client = make_client(private_server.url)
    iid = client.create_instance(
        IdentityManagementType="CONNECT_MANAGED",
        InboundCallsEnabled=True,
        OutboundCallsEnabled=True,
    )["Id"]
    uid = create_user(
        client,
        iid,
        "persisted",
        IdentityInfo={"FirstName": "P"},
        AutoAcceptConfigs=[{"Channel": "CHAT", "AutoAccept": True}],
    )["UserId"]
    for i in range(3):
        create_user(client, iid, f"p{i}")
    token = client.list_users(InstanceId=iid, MaxResults=2)["NextToken"]
    assert private_server.stop() == 0
    private_server.start()
    client = make_client(private_server.url)
    user = describe(client, iid, uid)
    assert user["Username"] == "persisted"
    assert user["IdentityInfo"] == {"FirstName": "P"}
    assert {"Channel": "CHAT", "AutoAccept": True} in user["AutoAcceptConfigs"]
    rest = client.list_users(InstanceId=iid, MaxResults=10, NextToken=token)
    assert len(rest["UserSummaryList"]) == 2
    queues = client.list_queues(InstanceId=iid, QueueTypes=["AGENT"])["QueueSummaryList"]
    assert len(queues) == 4


def test_create_fails_with_limit_when_instance_has_500_users(
    connect: Any, instance_id: str
) -> None:
    rp, sps = basic_refs(connect, instance_id)
    for i in range(500):
        connect.create_user(
            InstanceId=instance_id,
            Username=f"bulk{i}",
            RoutingProfileId=rp,
            SecurityProfileIds=[sps["Agent"]],
            PhoneConfig={"PhoneType": "SOFT_PHONE"},
        )
    with pytest.raises(connect.exceptions.LimitExceededException):
        create_user(connect, instance_id, "one-too-many")
