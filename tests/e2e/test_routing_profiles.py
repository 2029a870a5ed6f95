"""Routing profiles end to end (R1.2, R6): queue configs, concurrency, defaults, limits, search."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import ServerProcess, make_client

CHANNELS = ("VOICE", "CHAT", "TASK", "EMAIL")


def basic_queue_id(connect: Any, iid: str) -> str:
    queues = connect.list_queues(InstanceId=iid, QueueTypes=["STANDARD"])["QueueSummaryList"]
    return next(q["Id"] for q in queues if q["Name"] == "BasicQueue")


def create_queue(connect: Any, iid: str, name: str) -> str:
    hours = connect.describe_queue(InstanceId=iid, QueueId=basic_queue_id(connect, iid))["Queue"][
        "HoursOfOperationId"
    ]
    return str(connect.create_queue(InstanceId=iid, Name=name, HoursOfOperationId=hours)["QueueId"])


def config(
    queue_id: str, channel: str = "VOICE", priority: int = 1, delay: int = 0
) -> dict[str, Any]:
    return {
        "QueueReference": {"QueueId": queue_id, "Channel": channel},
        "Priority": priority,
        "Delay": delay,
    }


def create_profile(connect: Any, iid: str, name: str, **extra: Any) -> str:
    params: dict[str, Any] = {
        "InstanceId": iid,
        "Name": name,
        "Description": f"{name} profile",
        "DefaultOutboundQueueId": basic_queue_id(connect, iid),
        "MediaConcurrencies": [{"Channel": "VOICE", "Concurrency": 1}],
    }
    params.update(extra)
    return str(connect.create_routing_profile(**params)["RoutingProfileId"])


def describe(connect: Any, iid: str, pid: str) -> dict[str, Any]:
    return dict(
        connect.describe_routing_profile(InstanceId=iid, RoutingProfileId=pid)["RoutingProfile"]
    )


def default_profile_id(connect: Any, iid: str) -> str:
    summaries = connect.list_routing_profiles(InstanceId=iid)["RoutingProfileSummaryList"]
    return next(p["Id"] for p in summaries if p["Name"] == "Basic Routing Profile")


def create_user(connect: Any, iid: str, username: str, routing_profile_id: str) -> str:
    security = connect.list_security_profiles(InstanceId=iid)["SecurityProfileSummaryList"][0]["Id"]
    return str(
        connect.create_user(
            InstanceId=iid,
            Username=username,
            Password="Passw0rd!Passw0rd",
            IdentityInfo={"FirstName": "Ada", "LastName": "Lovelace"},
            PhoneConfig={"PhoneType": "SOFT_PHONE"},
            SecurityProfileIds=[security],
            RoutingProfileId=routing_profile_id,
        )["UserId"]
    )


# ----------------------------------------------------------------------------- create / describe


def test_created_profile_is_described_with_defaults_when_optional_members_omitted(
    connect: Any, instance_id: str
) -> None:
    q = create_queue(connect, instance_id, "Sales")
    created = connect.create_routing_profile(
        InstanceId=instance_id,
        Name="Sales agents",
        Description="Sales",
        DefaultOutboundQueueId=q,
        MediaConcurrencies=[
            {"Channel": "VOICE", "Concurrency": 1},
            {
                "Channel": "CHAT",
                "Concurrency": 3,
                "CrossChannelBehavior": {"BehaviorType": "ROUTE_ANY_CHANNEL"},
            },
        ],
        QueueConfigs=[config(q, "VOICE", 2, 10), config(q, "CHAT", 5, 0)],
        Tags={"team": "sales"},
    )
    assert "/routing-profile/" in created["RoutingProfileArn"]
    profile = describe(connect, instance_id, created["RoutingProfileId"])
    assert profile["Name"] == "Sales agents"
    assert profile["Description"] == "Sales"
    assert profile["InstanceId"] == instance_id
    assert profile["RoutingProfileArn"] == created["RoutingProfileArn"]
    assert profile["DefaultOutboundQueueId"] == q
    assert profile["AgentAvailabilityTimer"] == "TIME_SINCE_LAST_ACTIVITY"
    assert profile["IsDefault"] is False
    assert profile["NumberOfAssociatedQueues"] == 2
    assert profile["NumberOfAssociatedUsers"] == 0
    assert profile["AssociatedQueueIds"] == [q]
    assert profile["Tags"] == {"team": "sales"}
    assert "LastModifiedTime" in profile and profile["LastModifiedRegion"] == "us-east-1"
    media = {m["Channel"]: m for m in profile["MediaConcurrencies"]}
    assert media["VOICE"]["Concurrency"] == 1
    assert media["VOICE"]["CrossChannelBehavior"] == {"BehaviorType": "ROUTE_CURRENT_CHANNEL_ONLY"}
    assert media["CHAT"]["Concurrency"] == 3
    assert media["CHAT"]["CrossChannelBehavior"] == {"BehaviorType": "ROUTE_ANY_CHANNEL"}


def test_basic_routing_profile_is_default_when_instance_is_new(
    connect: Any, instance_id: str
) -> None:
    profile = describe(connect, instance_id, default_profile_id(connect, instance_id))
    assert profile["IsDefault"] is True
    assert profile["DefaultOutboundQueueId"] == basic_queue_id(connect, instance_id)
    assert profile["AssociatedQueueIds"] == [basic_queue_id(connect, instance_id)]


def test_create_keeps_timer_when_inbound_timer_given(connect: Any, instance_id: str) -> None:
    pid = create_profile(
        connect, instance_id, "Inbound", AgentAvailabilityTimer="TIME_SINCE_LAST_INBOUND"
    )
    assert (
        describe(connect, instance_id, pid)["AgentAvailabilityTimer"] == "TIME_SINCE_LAST_INBOUND"
    )


def test_create_fails_with_duplicate_when_name_exists(connect: Any, instance_id: str) -> None:
    create_profile(connect, instance_id, "Twice")
    with pytest.raises(connect.exceptions.DuplicateResourceException):
        create_profile(connect, instance_id, "Twice")


def test_create_fails_with_not_found_when_queue_unknown(connect: Any, instance_id: str) -> None:
    missing = "11111111-2222-4333-8444-555555555555"
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        create_profile(connect, instance_id, "NoQueue", QueueConfigs=[config(missing)])
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        create_profile(connect, instance_id, "NoOutbound", DefaultOutboundQueueId=missing)


@pytest.mark.parametrize(
    "media",
    [
        [{"Channel": "VOICE", "Concurrency": 2}],
        [{"Channel": "CHAT", "Concurrency": 0}],
        [{"Channel": "VOICE", "Concurrency": 1}, {"Channel": "VOICE", "Concurrency": 1}],
        [],
    ],
)
def test_create_fails_with_invalid_parameter_when_concurrency_breaks_rules(
    connect: Any, instance_id: str, media: list[dict[str, Any]]
) -> None:
    with pytest.raises(connect.exceptions.InvalidParameterException):
        create_profile(connect, instance_id, "BadMedia", MediaConcurrencies=media)


def test_create_accepts_ten_chats_when_channel_is_chat(connect: Any, instance_id: str) -> None:
    pid = create_profile(
        connect, instance_id, "Chatty", MediaConcurrencies=[{"Channel": "CHAT", "Concurrency": 10}]
    )
    assert describe(connect, instance_id, pid)["MediaConcurrencies"][0]["Concurrency"] == 10


def test_create_fails_with_invalid_parameter_when_pair_repeated(
    connect: Any, instance_id: str
) -> None:
    q = basic_queue_id(connect, instance_id)
    with pytest.raises(connect.exceptions.InvalidParameterException):
        create_profile(connect, instance_id, "Dup", QueueConfigs=[config(q), config(q, priority=3)])


def test_create_fails_with_invalid_parameter_when_queue_is_agent_queue(
    connect: Any, instance_id: str
) -> None:
    create_user(connect, instance_id, "agentq", default_profile_id(connect, instance_id))
    agent_queues = connect.list_queues(InstanceId=instance_id, QueueTypes=["AGENT"])[
        "QueueSummaryList"
    ]
    assert agent_queues
    with pytest.raises(connect.exceptions.InvalidParameterException):
        create_profile(connect, instance_id, "AgentQ", QueueConfigs=[config(agent_queues[0]["Id"])])
    pid = create_profile(connect, instance_id, "Later")
    with pytest.raises(connect.exceptions.InvalidParameterException):
        connect.associate_routing_profile_queues(
            InstanceId=instance_id,
            RoutingProfileId=pid,
            QueueConfigs=[config(agent_queues[0]["Id"])],
        )


def test_create_fails_with_limit_when_five_hundred_profiles_exist(
    connect: Any, instance_id: str
) -> None:
    queue = basic_queue_id(connect, instance_id)
    for i in range(499):  # plus the Basic Routing Profile = 500
        connect.create_routing_profile(
            InstanceId=instance_id,
            Name=f"P{i}",
            Description="d",
            DefaultOutboundQueueId=queue,
            MediaConcurrencies=[{"Channel": "VOICE", "Concurrency": 1}],
        )
    with pytest.raises(connect.exceptions.LimitExceededException):
        create_profile(connect, instance_id, "one-too-many")


def test_describe_fails_with_not_found_when_profile_unknown(connect: Any, instance_id: str) -> None:
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.describe_routing_profile(
            InstanceId=instance_id, RoutingProfileId="11111111-2222-4333-8444-555555555555"
        )


# ----------------------------------------------------------------------------- queues


def test_associate_adds_pairs_when_queue_new_on_other_channel(
    connect: Any, instance_id: str
) -> None:
    q = create_queue(connect, instance_id, "Support")
    pid = create_profile(connect, instance_id, "Assoc", QueueConfigs=[config(q, "VOICE")])
    connect.associate_routing_profile_queues(
        InstanceId=instance_id,
        RoutingProfileId=pid,
        QueueConfigs=[
            config(q, "CHAT", 4, 30),
            config(basic_queue_id(connect, instance_id), "TASK"),
        ],
    )
    profile = describe(connect, instance_id, pid)
    assert profile["NumberOfAssociatedQueues"] == 3
    assert sorted(profile["AssociatedQueueIds"]) == sorted(
        [q, basic_queue_id(connect, instance_id)]
    )
    listed = connect.list_routing_profile_queues(InstanceId=instance_id, RoutingProfileId=pid)
    chat = next(c for c in listed["RoutingProfileQueueConfigSummaryList"] if c["Channel"] == "CHAT")
    assert chat == {
        "QueueId": q,
        "QueueArn": connect.describe_queue(InstanceId=instance_id, QueueId=q)["Queue"]["QueueArn"],
        "QueueName": "Support",
        "Priority": 4,
        "Delay": 30,
        "Channel": "CHAT",
    }
    assert "LastModifiedTime" in listed


def test_associate_fails_with_invalid_parameter_when_pair_already_associated(
    connect: Any, instance_id: str
) -> None:
    q = basic_queue_id(connect, instance_id)
    pid = create_profile(connect, instance_id, "AssocDup", QueueConfigs=[config(q)])
    with pytest.raises(connect.exceptions.InvalidParameterException):
        connect.associate_routing_profile_queues(
            InstanceId=instance_id, RoutingProfileId=pid, QueueConfigs=[config(q, priority=9)]
        )


def test_associate_fails_with_not_found_when_queue_or_profile_unknown(
    connect: Any, instance_id: str
) -> None:
    missing = "11111111-2222-4333-8444-555555555555"
    pid = create_profile(connect, instance_id, "AssocMissing")
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.associate_routing_profile_queues(
            InstanceId=instance_id, RoutingProfileId=pid, QueueConfigs=[config(missing)]
        )
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.associate_routing_profile_queues(
            InstanceId=instance_id,
            RoutingProfileId=missing,
            QueueConfigs=[config(basic_queue_id(connect, instance_id))],
        )


def test_associate_fails_with_quota_when_profile_would_exceed_fifty_pairs(
    connect: Any, instance_id: str
) -> None:
    queues = [create_queue(connect, instance_id, f"Q{i}") for i in range(13)]
    pairs = [(q, ch) for q in queues for ch in CHANNELS]  # 52 pairs
    pid = create_profile(connect, instance_id, "Big")
    for start in range(0, 50, 10):
        connect.associate_routing_profile_queues(
            InstanceId=instance_id,
            RoutingProfileId=pid,
            QueueConfigs=[config(q, ch) for q, ch in pairs[start : start + 10]],
        )
    assert describe(connect, instance_id, pid)["NumberOfAssociatedQueues"] == 50
    with pytest.raises(connect.exceptions.ServiceQuotaExceededException):
        connect.associate_routing_profile_queues(
            InstanceId=instance_id, RoutingProfileId=pid, QueueConfigs=[config(*pairs[50])]
        )


def test_list_queues_serves_every_pair_once_when_paged(connect: Any, instance_id: str) -> None:
    queues = [create_queue(connect, instance_id, f"Page{i}") for i in range(2)]
    configs = [config(q, ch) for q in queues for ch in ("VOICE", "CHAT", "TASK")]
    pid = create_profile(connect, instance_id, "Paged", QueueConfigs=configs)
    seen: list[tuple[str, str]] = []
    kwargs: dict[str, Any] = {"InstanceId": instance_id, "RoutingProfileId": pid, "MaxResults": 4}
    while True:
        page = connect.list_routing_profile_queues(**kwargs)
        assert len(page["RoutingProfileQueueConfigSummaryList"]) <= 4
        seen += [(c["QueueId"], c["Channel"]) for c in page["RoutingProfileQueueConfigSummaryList"]]
        if "NextToken" not in page:
            break
        kwargs["NextToken"] = page["NextToken"]
    assert sorted(seen) == sorted((q, ch) for q in queues for ch in ("VOICE", "CHAT", "TASK"))


def test_update_queues_changes_priority_and_delay_when_pair_associated(
    connect: Any, instance_id: str
) -> None:
    q = basic_queue_id(connect, instance_id)
    pid = create_profile(connect, instance_id, "Upd", QueueConfigs=[config(q), config(q, "CHAT")])
    connect.update_routing_profile_queues(
        InstanceId=instance_id, RoutingProfileId=pid, QueueConfigs=[config(q, "CHAT", 7, 120)]
    )
    listed = connect.list_routing_profile_queues(InstanceId=instance_id, RoutingProfileId=pid)
    by_channel = {c["Channel"]: c for c in listed["RoutingProfileQueueConfigSummaryList"]}
    assert (by_channel["CHAT"]["Priority"], by_channel["CHAT"]["Delay"]) == (7, 120)
    assert (by_channel["VOICE"]["Priority"], by_channel["VOICE"]["Delay"]) == (1, 0)


def test_update_queues_fails_with_invalid_parameter_when_pair_not_associated(
    connect: Any, instance_id: str
) -> None:
    q = basic_queue_id(connect, instance_id)
    pid = create_profile(connect, instance_id, "UpdMissing", QueueConfigs=[config(q)])
    with pytest.raises(connect.exceptions.InvalidParameterException):
        connect.update_routing_profile_queues(
            InstanceId=instance_id, RoutingProfileId=pid, QueueConfigs=[config(q, "TASK", 2, 0)]
        )


def test_disassociate_removes_pair_when_associated(connect: Any, instance_id: str) -> None:
    q = basic_queue_id(connect, instance_id)
    pid = create_profile(connect, instance_id, "Dis", QueueConfigs=[config(q), config(q, "CHAT")])
    connect.disassociate_routing_profile_queues(
        InstanceId=instance_id,
        RoutingProfileId=pid,
        QueueReferences=[{"QueueId": q, "Channel": "VOICE"}],
    )
    listed = connect.list_routing_profile_queues(InstanceId=instance_id, RoutingProfileId=pid)
    assert [c["Channel"] for c in listed["RoutingProfileQueueConfigSummaryList"]] == ["CHAT"]
    with pytest.raises(connect.exceptions.InvalidParameterException):
        connect.disassociate_routing_profile_queues(
            InstanceId=instance_id,
            RoutingProfileId=pid,
            QueueReferences=[{"QueueId": q, "Channel": "VOICE"}],
        )
    connect.disassociate_routing_profile_queues(
        InstanceId=instance_id,
        RoutingProfileId=pid,
        QueueReferences=[{"QueueId": q, "Channel": "CHAT"}],
    )
    profile = describe(connect, instance_id, pid)
    assert profile["NumberOfAssociatedQueues"] == 0
    assert profile["AssociatedQueueIds"] == []


# ----------------------------------------------------------------------------- other updates


def test_update_concurrency_replaces_channels_when_called(connect: Any, instance_id: str) -> None:
    pid = create_profile(connect, instance_id, "Conc")
    connect.update_routing_profile_concurrency(
        InstanceId=instance_id,
        RoutingProfileId=pid,
        MediaConcurrencies=[
            {
                "Channel": "CHAT",
                "Concurrency": 5,
                "CrossChannelBehavior": {"BehaviorType": "ROUTE_ANY_CHANNEL"},
            },
            {"Channel": "EMAIL", "Concurrency": 2},
        ],
    )
    media = {m["Channel"]: m for m in describe(connect, instance_id, pid)["MediaConcurrencies"]}
    assert set(media) == {"CHAT", "EMAIL"}
    assert media["CHAT"]["CrossChannelBehavior"]["BehaviorType"] == "ROUTE_ANY_CHANNEL"
    assert media["EMAIL"]["CrossChannelBehavior"]["BehaviorType"] == "ROUTE_CURRENT_CHANNEL_ONLY"
    with pytest.raises(connect.exceptions.InvalidParameterException):
        connect.update_routing_profile_concurrency(
            InstanceId=instance_id,
            RoutingProfileId=pid,
            MediaConcurrencies=[{"Channel": "VOICE", "Concurrency": 3}],
        )


def test_update_default_outbound_queue_when_queue_exists(connect: Any, instance_id: str) -> None:
    pid = create_profile(connect, instance_id, "Outbound")
    q = create_queue(connect, instance_id, "Outbound calls")
    connect.update_routing_profile_default_outbound_queue(
        InstanceId=instance_id, RoutingProfileId=pid, DefaultOutboundQueueId=q
    )
    assert describe(connect, instance_id, pid)["DefaultOutboundQueueId"] == q
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.update_routing_profile_default_outbound_queue(
            InstanceId=instance_id,
            RoutingProfileId=pid,
            DefaultOutboundQueueId="11111111-2222-4333-8444-555555555555",
        )


def test_update_name_renames_when_name_free(connect: Any, instance_id: str) -> None:
    pid = create_profile(connect, instance_id, "Old")
    create_profile(connect, instance_id, "Taken")
    connect.update_routing_profile_name(InstanceId=instance_id, RoutingProfileId=pid, Name="New")
    connect.update_routing_profile_name(
        InstanceId=instance_id, RoutingProfileId=pid, Description="Desc"
    )
    profile = describe(connect, instance_id, pid)
    assert (profile["Name"], profile["Description"]) == ("New", "Desc")
    with pytest.raises(connect.exceptions.DuplicateResourceException):
        connect.update_routing_profile_name(
            InstanceId=instance_id, RoutingProfileId=pid, Name="Taken"
        )


def test_update_timer_changes_timer_when_called(connect: Any, instance_id: str) -> None:
    pid = create_profile(connect, instance_id, "Timer")
    connect.update_routing_profile_agent_availability_timer(
        InstanceId=instance_id,
        RoutingProfileId=pid,
        AgentAvailabilityTimer="TIME_SINCE_LAST_INBOUND",
    )
    assert (
        describe(connect, instance_id, pid)["AgentAvailabilityTimer"] == "TIME_SINCE_LAST_INBOUND"
    )


# ----------------------------------------------------------------------------- delete


def test_delete_removes_profile_when_unused(connect: Any, instance_id: str) -> None:
    pid = create_profile(connect, instance_id, "Gone")
    connect.delete_routing_profile(InstanceId=instance_id, RoutingProfileId=pid)
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        describe(connect, instance_id, pid)
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.delete_routing_profile(InstanceId=instance_id, RoutingProfileId=pid)


def test_delete_fails_with_in_use_when_profile_is_default(connect: Any, instance_id: str) -> None:
    with pytest.raises(connect.exceptions.ResourceInUseException):
        connect.delete_routing_profile(
            InstanceId=instance_id, RoutingProfileId=default_profile_id(connect, instance_id)
        )


def test_delete_fails_with_in_use_when_users_assigned(connect: Any, instance_id: str) -> None:
    pid = create_profile(connect, instance_id, "Staffed")
    create_user(connect, instance_id, "ada", pid)
    assert describe(connect, instance_id, pid)["NumberOfAssociatedUsers"] == 1
    with pytest.raises(connect.exceptions.ResourceInUseException):
        connect.delete_routing_profile(InstanceId=instance_id, RoutingProfileId=pid)


# ----------------------------------------------------------------------------- list / search


def test_list_serves_every_profile_once_when_paged(connect: Any, instance_id: str) -> None:
    for i in range(4):
        create_profile(connect, instance_id, f"L{i}")
    names: list[str] = []
    kwargs: dict[str, Any] = {"InstanceId": instance_id, "MaxResults": 2}
    while True:
        page = connect.list_routing_profiles(**kwargs)
        names += [p["Name"] for p in page["RoutingProfileSummaryList"]]
        assert all(
            {"Id", "Arn", "Name", "LastModifiedTime"} <= set(p)
            for p in page["RoutingProfileSummaryList"]
        )
        if "NextToken" not in page:
            break
        kwargs["NextToken"] = page["NextToken"]
    assert sorted(names) == sorted(["Basic Routing Profile", "L0", "L1", "L2", "L3"])


def test_search_matches_associated_queue_when_queue_id_given(
    connect: Any, instance_id: str
) -> None:
    q = create_queue(connect, instance_id, "Searched")
    pid = create_profile(connect, instance_id, "With queue", QueueConfigs=[config(q, "CHAT")])
    create_profile(connect, instance_id, "Without queue")
    result = connect.search_routing_profiles(
        InstanceId=instance_id,
        SearchCriteria={
            "StringCondition": {
                "FieldName": "associatedQueueIds",
                "Value": q,
                "ComparisonType": "EXACT",
            }
        },
    )
    assert [p["RoutingProfileId"] for p in result["RoutingProfiles"]] == [pid]
    assert result["ApproximateTotalCount"] == 1
    found = result["RoutingProfiles"][0]
    assert found["AssociatedQueueIds"] == [q]
    assert "AgentAvailabilityTimer" not in found
    assert "LastModifiedTime" not in found and "LastModifiedRegion" not in found
    assert all("CrossChannelBehavior" not in m for m in found["MediaConcurrencies"])


def test_search_combines_name_and_tag_filter_when_both_given(
    connect: Any, instance_id: str
) -> None:
    a = create_profile(connect, instance_id, "Tier one", Tags={"tier": "1"})
    create_profile(connect, instance_id, "Tier two", Tags={"tier": "2"})
    create_profile(connect, instance_id, "Other", Tags={"tier": "1"})
    result = connect.search_routing_profiles(
        InstanceId=instance_id,
        SearchCriteria={
            "StringCondition": {
                "FieldName": "name",
                "Value": "tier",
                "ComparisonType": "STARTS_WITH",
            }
        },
        SearchFilter={"TagFilter": {"TagCondition": {"TagKey": "tier", "TagValue": "1"}}},
    )
    assert [p["RoutingProfileId"] for p in result["RoutingProfiles"]] == [a]
    by_id = connect.search_routing_profiles(
        InstanceId=instance_id,
        SearchCriteria={
            "OrConditions": [
                {
                    "StringCondition": {
                        "FieldName": "resourceID",
                        "Value": a,
                        "ComparisonType": "EXACT",
                    }
                },
                {
                    "StringCondition": {
                        "FieldName": "description",
                        "Value": "two",
                        "ComparisonType": "CONTAINS",
                    }
                },
            ]
        },
    )
    assert sorted(p["Name"] for p in by_id["RoutingProfiles"]) == ["Tier one", "Tier two"]


def test_search_fails_with_invalid_parameter_when_field_unknown(
    connect: Any, instance_id: str
) -> None:
    with pytest.raises(connect.exceptions.InvalidParameterException):
        connect.search_routing_profiles(
            InstanceId=instance_id,
            SearchCriteria={
                "StringCondition": {
                    "FieldName": "queueName",
                    "Value": "x",
                    "ComparisonType": "EXACT",
                }
            },
        )


def test_search_pages_every_profile_once_when_max_results_small(
    connect: Any, instance_id: str
) -> None:
    for i in range(5):
        create_profile(connect, instance_id, f"S{i}")
    seen: list[str] = []
    kwargs: dict[str, Any] = {"InstanceId": instance_id, "MaxResults": 2}
    while True:
        page = connect.search_routing_profiles(**kwargs)
        assert page["ApproximateTotalCount"] == 6
        seen += [p["Name"] for p in page["RoutingProfiles"]]
        if "NextToken" not in page:
            break
        kwargs["NextToken"] = page["NextToken"]
    assert seen == sorted(seen)  # name order (R6.8 ASSUMPTION)
    assert sorted(seen) == sorted(["Basic Routing Profile"] + [f"S{i}" for i in range(5)])


# ----------------------------------------------------------------------------- persistence


def test_profile_comes_back_when_server_restarts(private_server: ServerProcess) -> None:
    client = make_client(private_server.url)
    iid = client.create_instance(
        IdentityManagementType="CONNECT_MANAGED",
        InboundCallsEnabled=True,
        OutboundCallsEnabled=True,
    )["Id"]
    q = basic_queue_id(client, iid)
    pid = create_profile(
        client,
        iid,
        "Durable",
        MediaConcurrencies=[
            {
                "Channel": "CHAT",
                "Concurrency": 4,
                "CrossChannelBehavior": {"BehaviorType": "ROUTE_ANY_CHANNEL"},
            }
        ],
        QueueConfigs=[config(q, "CHAT", 3, 15)],
        AgentAvailabilityTimer="TIME_SINCE_LAST_INBOUND",
        Tags={"k": "v"},
    )
    before = describe(client, iid, pid)
    assert private_server.stop() == 0
    private_server.start()
    client = make_client(private_server.url)
    assert describe(client, iid, pid) == before
    listed = client.list_routing_profile_queues(InstanceId=iid, RoutingProfileId=pid)
    assert listed["RoutingProfileQueueConfigSummaryList"][0]["Priority"] == 3
