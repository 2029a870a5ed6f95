"""GetCurrentUserData end to end: statuses, next status, contacts, slots, filters (R3.5)."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.metrics.conftest import MetricsCenter


def _by_user(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["User"]["Id"]: r for r in rows}


def test_agent_rows_show_status_slots_and_contacts_when_agents_work(center: MetricsCenter) -> None:
    qid, qarn = center.queue("Desk")
    profile = center.profile("desk", [(qid, "CHAT", 1, 0)], CHAT=2)
    ada = center.agent("ada", profile)
    t_available = center.controls.now()
    center.controls.advance(seconds=5)
    chat = center.call(qid, "CHAT")
    t_offer = center.controls.now()
    center.controls.advance(seconds=3)
    center.controls.accept(center.instance_id, ada, chat)
    t_connect = center.controls.now()
    center.controls.advance(seconds=4)
    center.controls.hold(center.instance_id, ada, chat)
    (row,) = center.user_data(Agents=[ada])
    assert row["RoutingProfile"]["Id"] == profile
    assert row["Status"]["StatusName"] == "Available"
    assert row["Status"]["StatusArn"].endswith(center.statuses["Available"])
    assert int(row["Status"]["StatusStartTimestamp"].timestamp() * 1000) == t_available
    assert row["MaxSlotsByChannel"] == {"CHAT": 2}
    assert row["ActiveSlotsByChannel"] == {"CHAT": 1}
    assert row["AvailableSlotsByChannel"] == {"CHAT": 1}
    (contact,) = row["Contacts"]
    assert contact["ContactId"] == chat
    assert contact["Channel"] == "CHAT"
    assert contact["AgentContactState"] == "CONNECTED_ONHOLD"
    # QUIRK R3.5.2: on hold keeps the start of CONNECTED.
    assert int(contact["StateStartTimestamp"].timestamp() * 1000) == t_connect
    assert int(contact["ConnectedToAgentTimestamp"].timestamp() * 1000) == t_connect
    assert contact["Queue"] == {"Id": qid, "Arn": qarn}
    assert t_offer < t_connect
    assert "NextStatus" not in row


def test_next_status_and_offer_state_when_break_chosen_during_offer(center: MetricsCenter) -> None:
    qid, _ = center.queue("Phones")
    center.statuses["Break"] = center.connect.create_agent_status(
        InstanceId=center.instance_id, Name="Break", State="ENABLED"
    )["AgentStatusId"]
    profile = center.profile("phones", [(qid, "VOICE", 1, 0)])
    bob = center.agent("bob", profile)
    call = center.call(qid)
    t_offer = center.controls.now()
    center.status(bob, "Break")
    (row,) = center.user_data(Queues=[qid])
    assert row["NextStatus"] == "Break"
    assert row["Status"]["StatusName"] == "Available"
    assert row["AvailableSlotsByChannel"] == {"VOICE": 0}
    assert row["ActiveSlotsByChannel"] == {"VOICE": 0}  # ringing inbound is not active (R3.4.11)
    (contact,) = row["Contacts"]
    assert (contact["ContactId"], contact["AgentContactState"]) == (call, "CONNECTING")
    assert int(contact["StateStartTimestamp"].timestamp() * 1000) == t_offer
    assert "ConnectedToAgentTimestamp" not in contact


def test_missed_and_acw_states_when_contacts_ring_out_and_end(center: MetricsCenter) -> None:
    qid, _ = center.queue("Misses")
    profile = center.profile("misses", [(qid, "VOICE", 1, 0)])
    cat = center.agent("cat", profile)
    center.call(qid)
    center.controls.advance(seconds=25)  # 20 s offer timeout
    (row,) = center.user_data(RoutingProfiles=[profile])
    assert [c["AgentContactState"] for c in row["Contacts"]] == ["MISSED"]
    dan = center.agent("dan", profile)
    rows = _by_user(center.user_data(RoutingProfiles=[profile]))
    (taken,) = rows[dan]["Contacts"]
    center.controls.accept(center.instance_id, dan, taken["ContactId"])
    center.controls.end(center.instance_id, dan, taken["ContactId"])
    rows = _by_user(
        center.user_data(RoutingProfiles=[profile], ContactFilter={"ContactStates": ["ENDED"]})
    )
    assert list(rows) == [dan]
    assert rows[dan]["ActiveSlotsByChannel"] == {"VOICE": 1}  # ACW holds the slot
    assert cat in _by_user(center.user_data(Agents=[cat, dan]))


def test_offline_agents_without_contacts_are_left_out(center: MetricsCenter) -> None:
    qid, _ = center.queue("Night")
    profile = center.profile("night", [(qid, "VOICE", 1, 0)])
    on = center.agent("eve", profile)
    off = center.agent("fin", profile, available=False)
    got = center.connect.get_current_user_data(
        InstanceId=center.instance_id, Filters={"Agents": [on, off]}
    )
    assert [u["User"]["Id"] for u in got["UserDataList"]] == [on]
    assert got["ApproximateTotalCount"] == 1


def test_hierarchy_filter_selects_members_of_lower_groups(center: MetricsCenter) -> None:
    qid, _ = center.queue("Org")
    profile = center.profile("org", [(qid, "VOICE", 1, 0)])
    iid = center.instance_id
    center.connect.update_user_hierarchy_structure(
        InstanceId=iid,
        HierarchyStructure={"LevelOne": {"Name": "Region"}, "LevelTwo": {"Name": "Team"}},
    )
    region = center.connect.create_user_hierarchy_group(InstanceId=iid, Name="EMEA")
    team = center.connect.create_user_hierarchy_group(
        InstanceId=iid, Name="Paris", ParentGroupId=region["HierarchyGroupId"]
    )
    gus = center.agent("gus", profile)
    center.agent("hal", profile)
    center.connect.update_user_hierarchy(
        InstanceId=iid, UserId=gus, HierarchyGroupId=team["HierarchyGroupId"]
    )
    (row,) = center.user_data(UserHierarchyGroups=[region["HierarchyGroupId"]])
    assert row["User"]["Id"] == gus
    assert row["HierarchyPath"] == {
        "LevelOne": {"Id": region["HierarchyGroupId"], "Arn": region["HierarchyGroupArn"]},
        "LevelTwo": {"Id": team["HierarchyGroupId"], "Arn": team["HierarchyGroupArn"]},
    }


def test_paging_when_more_agents_than_page(center: MetricsCenter) -> None:
    qid, _ = center.queue("Many")
    profile = center.profile("many", [(qid, "VOICE", 1, 0)])
    agents = sorted(center.agent(f"a{i}", profile) for i in range(3))
    first = center.connect.get_current_user_data(
        InstanceId=center.instance_id, Filters={"Queues": [qid]}, MaxResults=2
    )
    second = center.connect.get_current_user_data(
        InstanceId=center.instance_id,
        Filters={"Queues": [qid]},
        MaxResults=2,
        NextToken=first["NextToken"],
    )
    ids = [u["User"]["Id"] for u in first["UserDataList"] + second["UserDataList"]]
    assert ids == agents
    assert first["ApproximateTotalCount"] == 3


@pytest.mark.parametrize("filters", [{}, {"Queues": ["Q"], "RoutingProfiles": ["P"]}])
def test_invalid_parameter_when_main_filter_missing_or_doubled(
    center: MetricsCenter, filters: dict[str, list[str]]
) -> None:
    qid, _ = center.queue("Rules")
    pid = center.profile("rules", [(qid, "VOICE", 1, 0)])
    wire = {k: [qid if v == "Q" else pid for v in vals] for k, vals in filters.items()}
    with pytest.raises(ClientError) as err:
        center.connect.get_current_user_data(InstanceId=center.instance_id, Filters=wire)
    assert err.value.response["Error"]["Code"] == "InvalidParameterException"


def test_not_found_when_agent_is_unknown(center: MetricsCenter) -> None:
    with pytest.raises(ClientError) as err:
        center.user_data(Agents=["12345678-1234-1234-1234-123456789012"])
    assert err.value.response["Error"]["Code"] == "ResourceNotFoundException"
