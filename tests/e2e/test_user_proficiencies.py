"""User proficiencies end to end (R7.4-R7.6): associate, list, update, disassociate."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import ServerProcess, make_client
from tests.e2e.test_users import create_user


def create_attribute(connect: Any, instance_id: str, name: str, values: list[str]) -> None:
    connect.create_predefined_attribute(
        InstanceId=instance_id, Name=name, Values={"StringList": values}
    )


def proficiencies(connect: Any, instance_id: str, user_id: str) -> list[tuple[str, str, float]]:
    got = connect.list_user_proficiencies(InstanceId=instance_id, UserId=user_id)
    return sorted(
        (p["AttributeName"], p["AttributeValue"], p["Level"]) for p in got["UserProficiencyList"]
    )


@pytest.fixture
def agent(connect: Any, instance_id: str) -> str:
    create_attribute(connect, instance_id, "Language", ["English", "French", "German"])
    create_attribute(connect, instance_id, "Skill", [f"s{i}" for i in range(12)])
    return create_user(connect, instance_id, "skilled")["UserId"]  # type: ignore[no-any-return]


def test_proficiencies_are_listed_as_floats_when_associated(
    connect: Any, instance_id: str, agent: str
) -> None:
    connect.associate_user_proficiencies(
        InstanceId=instance_id,
        UserId=agent,
        UserProficiencies=[
            {"AttributeName": "Language", "AttributeValue": "English", "Level": 5.0},
            {"AttributeName": "Language", "AttributeValue": "French", "Level": 2.0},
        ],
    )
    got = connect.list_user_proficiencies(InstanceId=instance_id, UserId=agent)
    assert isinstance(got["UserProficiencyList"][0]["Level"], float)
    assert "LastModifiedTime" in got
    assert got["LastModifiedRegion"] == "us-east-1"
    assert proficiencies(connect, instance_id, agent) == [
        ("Language", "English", 5.0),
        ("Language", "French", 2.0),
    ]


def test_associate_overwrites_level_when_pair_already_held(
    connect: Any, instance_id: str, agent: str
) -> None:
    entry = {"AttributeName": "Language", "AttributeValue": "German", "Level": 1.0}
    connect.associate_user_proficiencies(
        InstanceId=instance_id, UserId=agent, UserProficiencies=[entry]
    )
    connect.associate_user_proficiencies(
        InstanceId=instance_id, UserId=agent, UserProficiencies=[{**entry, "Level": 4.0}]
    )
    assert proficiencies(connect, instance_id, agent) == [("Language", "German", 4.0)]


def test_associate_fails_with_invalid_parameter_when_attribute_or_value_unknown(
    connect: Any, instance_id: str, agent: str
) -> None:
    for entry in (
        {"AttributeName": "Nope", "AttributeValue": "English", "Level": 3.0},
        {"AttributeName": "Language", "AttributeValue": "Klingon", "Level": 3.0},
    ):
        with pytest.raises(connect.exceptions.InvalidParameterException):
            connect.associate_user_proficiencies(
                InstanceId=instance_id, UserId=agent, UserProficiencies=[entry]
            )
    assert proficiencies(connect, instance_id, agent) == []


def test_associate_fails_with_invalid_parameter_when_level_not_whole(
    connect: Any, instance_id: str, agent: str
) -> None:
    with pytest.raises(connect.exceptions.InvalidParameterException):
        connect.associate_user_proficiencies(
            InstanceId=instance_id,
            UserId=agent,
            UserProficiencies=[
                {"AttributeName": "Language", "AttributeValue": "English", "Level": 2.5}
            ],
        )


def test_associate_fails_with_quota_when_eleventh_proficiency(
    connect: Any, instance_id: str, agent: str
) -> None:
    ten = [{"AttributeName": "Skill", "AttributeValue": f"s{i}", "Level": 1.0} for i in range(10)]
    connect.associate_user_proficiencies(
        InstanceId=instance_id, UserId=agent, UserProficiencies=ten
    )
    with pytest.raises(connect.exceptions.ServiceQuotaExceededException):
        connect.associate_user_proficiencies(
            InstanceId=instance_id,
            UserId=agent,
            UserProficiencies=[{"AttributeName": "Skill", "AttributeValue": "s10", "Level": 1.0}],
        )
    # Re-associating a held pair is not an 11th entry.
    connect.associate_user_proficiencies(
        InstanceId=instance_id,
        UserId=agent,
        UserProficiencies=[{"AttributeName": "Skill", "AttributeValue": "s0", "Level": 5.0}],
    )
    assert len(proficiencies(connect, instance_id, agent)) == 10


def test_update_changes_level_when_pair_held(connect: Any, instance_id: str, agent: str) -> None:
    entry = {"AttributeName": "Language", "AttributeValue": "English", "Level": 1.0}
    connect.associate_user_proficiencies(
        InstanceId=instance_id, UserId=agent, UserProficiencies=[entry]
    )
    connect.update_user_proficiencies(
        InstanceId=instance_id, UserId=agent, UserProficiencies=[{**entry, "Level": 3.0}]
    )
    assert proficiencies(connect, instance_id, agent) == [("Language", "English", 3.0)]


def test_update_fails_with_invalid_parameter_when_pair_not_held(
    connect: Any, instance_id: str, agent: str
) -> None:
    with pytest.raises(connect.exceptions.InvalidParameterException):
        connect.update_user_proficiencies(
            InstanceId=instance_id,
            UserId=agent,
            UserProficiencies=[
                {"AttributeName": "Language", "AttributeValue": "French", "Level": 3.0}
            ],
        )


def test_disassociate_ignores_missing_pairs_when_removing(
    connect: Any, instance_id: str, agent: str
) -> None:
    connect.associate_user_proficiencies(
        InstanceId=instance_id,
        UserId=agent,
        UserProficiencies=[
            {"AttributeName": "Language", "AttributeValue": "English", "Level": 5.0},
            {"AttributeName": "Language", "AttributeValue": "French", "Level": 2.0},
        ],
    )
    connect.disassociate_user_proficiencies(
        InstanceId=instance_id,
        UserId=agent,
        UserProficiencies=[
            {"AttributeName": "Language", "AttributeValue": "French"},
            {"AttributeName": "Language", "AttributeValue": "German"},
            {"AttributeName": "Unknown", "AttributeValue": "x"},
        ],
    )
    assert proficiencies(connect, instance_id, agent) == [("Language", "English", 5.0)]


def test_list_pages_every_proficiency_once_when_max_results_small(
    connect: Any, instance_id: str, agent: str
) -> None:
    entries = [
        {"AttributeName": "Skill", "AttributeValue": f"s{i}", "Level": 2.0} for i in range(7)
    ]
    connect.associate_user_proficiencies(
        InstanceId=instance_id, UserId=agent, UserProficiencies=entries
    )
    seen: list[str] = []
    kwargs: dict[str, Any] = {"InstanceId": instance_id, "UserId": agent, "MaxResults": 3}
    while True:
        got = connect.list_user_proficiencies(**kwargs)
        assert len(got["UserProficiencyList"]) <= 3
        seen += [p["AttributeValue"] for p in got["UserProficiencyList"]]
        if "NextToken" not in got:
            break
        kwargs["NextToken"] = got["NextToken"]
    assert sorted(seen) == sorted(f"s{i}" for i in range(7))


def test_operations_fail_with_not_found_when_user_unknown(connect: Any, instance_id: str) -> None:
    missing = "11111111-2222-4333-8444-555555555555"
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.list_user_proficiencies(InstanceId=instance_id, UserId=missing)
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.associate_user_proficiencies(
            InstanceId=instance_id,
            UserId=missing,
            UserProficiencies=[{"AttributeName": "a", "AttributeValue": "b", "Level": 1.0}],
        )
    with pytest.raises(connect.exceptions.ResourceNotFoundException):
        connect.disassociate_user_proficiencies(
            InstanceId=instance_id,
            UserId=missing,
            UserProficiencies=[{"AttributeName": "a", "AttributeValue": "b"}],
        )


def test_proficiencies_survive_when_server_restarts(private_server: ServerProcess) -> None:
    client = make_client(private_server.url)
    iid = client.create_instance(
        IdentityManagementType="CONNECT_MANAGED",
        InboundCallsEnabled=True,
        OutboundCallsEnabled=True,
    )["Id"]
    create_attribute(client, iid, "Language", ["English"])
    uid = create_user(client, iid, "persist")["UserId"]
    client.associate_user_proficiencies(
        InstanceId=iid,
        UserId=uid,
        UserProficiencies=[
            {"AttributeName": "Language", "AttributeValue": "English", "Level": 4.0}
        ],
    )
    assert private_server.stop() == 0
    private_server.start()
    client = make_client(private_server.url)
    assert proficiencies(client, iid, uid) == [("Language", "English", 4.0)]


def test_system_attribute_can_be_held_when_associated(
    connect: Any, instance_id: str, agent: str
) -> None:
    connect.associate_user_proficiencies(
        InstanceId=instance_id,
        UserId=agent,
        UserProficiencies=[
            {"AttributeName": "connect:Language", "AttributeValue": "en-US", "Level": 4.0}
        ],
    )
    assert ("connect:Language", "en-US", 4.0) in proficiencies(connect, instance_id, agent)
