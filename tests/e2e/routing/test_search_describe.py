"""SearchContacts (R5.1) and DescribeContact fields (R5.2) over contacts that really routed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.routing.conftest import Center


def _at(ms: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(ms / 1000, tz=dt.UTC)


def _search(center: Center, kind: str, start_ms: int, end_ms: int, **kw: Any) -> dict[str, Any]:
    result: dict[str, Any] = center.connect.search_contacts(
        InstanceId=center.instance_id,
        TimeRange={"Type": kind, "StartTime": _at(start_ms), "EndTime": _at(end_ms)},
        **kw,
    )
    return result


def _ids(result: dict[str, Any]) -> list[str]:
    return [c["Id"] for c in result["Contacts"]]


def test_each_time_range_type_matches_contacts_having_that_time(center: Center) -> None:
    qid, qarn = center.queue("Search")
    flow = center.flow_to(qarn, "to-search")
    profile = center.profile("p", [(qid, "TASK", 1, 0)], TASK=1)
    t0 = center.controls.now()
    answered = center.task(flow, "answered")
    center.controls.advance(seconds=10)
    waiting = center.task(flow, "waiting")
    scheduled = center.task(flow, "later", ScheduledTime=_at(t0 + 3_600_000))
    center.controls.advance(seconds=10)
    agent = center.agent("ada", profile, auto_accept_channels=("TASK",))
    center.controls.advance(seconds=10)
    center.controls.end(center.instance_id, agent, answered)
    end = center.controls.now()
    assert set(_ids(_search(center, "INITIATION_TIMESTAMP", t0, end))) == {
        answered,
        waiting,
        scheduled,
    }
    assert _ids(_search(center, "INITIATION_TIMESTAMP", t0 + 1, end)) != []
    assert answered not in _ids(_search(center, "INITIATION_TIMESTAMP", t0 + 1, end))
    assert _ids(_search(center, "SCHEDULED_TIMESTAMP", t0, t0 + 7_200_000)) == [scheduled]
    assert _ids(_search(center, "CONNECTED_TO_AGENT_TIMESTAMP", t0, end)) == [answered]
    assert _ids(_search(center, "DISCONNECT_TIMESTAMP", t0, end)) == [answered]
    assert set(_ids(_search(center, "ENQUEUE_TIMESTAMP", t0, end))) == {answered, waiting}
    assert _ids(_search(center, "ENQUEUE_TIMESTAMP", t0 + 10_000, t0 + 10_000)) == [waiting]


def test_start_after_end_is_invalid_when_time_range_inverted(center: Center) -> None:
    now = center.controls.now()
    with pytest.raises(ClientError) as err:
        _search(center, "INITIATION_TIMESTAMP", now, now - 1)
    assert err.value.response["Error"]["Code"] == "InvalidParameterException"


def test_criteria_filter_by_channel_method_queue_agent_attributes_and_name(center: Center) -> None:
    a_id, a_arn = center.queue("A")
    b_id, b_arn = center.queue("B")
    to_a, to_b = center.flow_to(a_arn, "to-a"), center.flow_to(b_arn, "to-b")
    profile = center.profile("p", [(a_id, "TASK", 1, 0), (a_id, "VOICE", 1, 0)], TASK=1, VOICE=1)
    t0 = center.controls.now()
    agent = center.agent("ada", profile, auto_accept_channels=("TASK",))
    # A second agent for the call: ada's TASK blocks other channels (R1.2.4 default).
    center.controls.advance(seconds=1)  # ada idles longest (R1.4.1), so the task goes to her
    voice_agent = center.agent("vic", profile, auto_accept=True)
    in_a = center.task(to_a, "Refund for order", Attributes={"tier": "gold", "region": "eu"})
    in_b = center.task(to_b, "Broken router", Attributes={"tier": "silver", "region": "eu"})
    call = center.controls.place_call(center.instance_id, contact_flow_id=to_a)["ContactId"]
    queued_call = center.controls.place_call(center.instance_id, contact_flow_id=to_b)["ContactId"]
    end = center.controls.now()

    def found(**criteria: Any) -> set[str]:
        return set(_ids(_search(center, "INITIATION_TIMESTAMP", t0, end, SearchCriteria=criteria)))

    # R5.1.5: a voice contact still waiting in queue is not visible; tasks are at once.
    assert found() == {in_a, in_b, call}
    assert found(Channels=["VOICE"]) == {call}
    assert found(Channels=["TASK", "VOICE"]) == {in_a, in_b, call}
    assert found(InitiationMethods=["INBOUND"]) == {call}
    assert found(InitiationMethods=["API"]) == {in_a, in_b}
    assert found(QueueIds=[b_id]) == {in_b}
    assert found(AgentIds=[agent]) == {in_a}
    assert found(AgentIds=[agent, voice_agent]) == {in_a, call}
    assert found(Channels=["TASK"], AgentIds=[voice_agent]) == set()
    gold_or_us = {
        "Criteria": [{"Key": "tier", "Values": ["gold"]}, {"Key": "region", "Values": ["us"]}],
        "MatchType": "MATCH_ANY",
    }
    assert found(SearchableContactAttributes=gold_or_us) == {in_a}
    both = {
        "Criteria": [
            {"Key": "tier", "Values": ["gold", "silver"]},
            {"Key": "region", "Values": ["eu"]},
        ],
        "MatchType": "MATCH_ALL",
    }
    assert found(SearchableContactAttributes=both) == {in_a, in_b}
    assert found(Name={"SearchText": ["refund"], "MatchType": "MATCH_ANY"}) == {in_a}
    assert found(Name={"SearchText": ["broken", "router"], "MatchType": "MATCH_ALL"}) == {in_b}
    assert found(Name={"SearchText": ["broken", "order"], "MatchType": "MATCH_ALL"}) == set()
    assert queued_call not in found(Channels=["VOICE"])


def test_sort_total_count_and_pages_when_many_contacts(center: Center) -> None:
    _, qarn = center.queue("Many")
    flow = center.flow_to(qarn, "to-many")
    t0 = center.controls.now()
    made = []
    for i in range(7):
        made.append(center.task(flow, f"t{i}"))
        center.controls.advance(seconds=1)
    end = center.controls.now()
    default = _search(center, "INITIATION_TIMESTAMP", t0, end)
    assert _ids(default) == made[::-1]  # R5.1.3 ASSUMPTION: newest first by default
    ascending = _search(
        center,
        "INITIATION_TIMESTAMP",
        t0,
        end,
        Sort={"FieldName": "INITIATION_TIMESTAMP", "Order": "ASCENDING"},
    )
    assert _ids(ascending) == made
    pages: list[str] = []
    token: dict[str, str] = {}
    while True:
        page = _search(
            center,
            "INITIATION_TIMESTAMP",
            t0,
            end,
            MaxResults=3,
            Sort={"FieldName": "INITIATION_TIMESTAMP", "Order": "ASCENDING"},
            **token,
        )
        assert page["TotalCount"] == 7  # every match, not the page size (R5.1.4)
        assert len(page["Contacts"]) <= 3
        pages += _ids(page)
        if "NextToken" not in page:
            break
        token = {"NextToken": page["NextToken"]}
    assert pages == made
    with pytest.raises(ClientError) as err:
        _search(center, "INITIATION_TIMESTAMP", t0, end - 1, NextToken=token.get("NextToken", "x"))
    assert err.value.response["Error"]["Code"] == "InvalidParameterException"


def test_paginator_walks_all_pages_when_used(center: Center) -> None:
    _, qarn = center.queue("Paged")
    flow = center.flow_to(qarn, "to-paged")
    t0 = center.controls.now()
    made = {center.task(flow, f"t{i}") for i in range(5)}
    end = center.controls.now()
    paginator = center.connect.get_paginator("search_contacts")
    seen: set[str] = set()
    for page in paginator.paginate(
        InstanceId=center.instance_id,
        TimeRange={"Type": "INITIATION_TIMESTAMP", "StartTime": _at(t0), "EndTime": _at(end)},
        PaginationConfig={"PageSize": 2},
    ):
        seen.update(_ids(page))
    assert seen == made


def test_describe_shows_queue_agent_and_tags_when_contact_routed(center: Center) -> None:
    qid, qarn = center.queue("Describe")
    flow = center.flow_to(qarn, "to-describe")
    profile = center.profile("p", [(qid, "TASK", 1, 0)], TASK=1)
    t0 = center.controls.now()
    contact = center.task(flow, "full", Description="all the fields", Attributes={"k": "v"})
    queued = center.describe(contact)
    assert queued["QueuePriority"] == 5
    assert queued["QueueTimeAdjustmentSeconds"] == 0
    assert queued["QueueInfo"] == {"Id": qid, "EnqueueTimestamp": _at(t0)}
    assert (queued["Channel"], queued["InitiationMethod"]) == ("TASK", "API")
    assert queued["InitialContactId"] == contact
    assert queued["Description"] == "all the fields"
    assert "AgentInfo" not in queued
    assert "DisconnectTimestamp" not in queued
    center.connect.tag_contact(
        InstanceId=center.instance_id, ContactId=contact, Tags={"team": "blue", "x": "1"}
    )
    center.connect.untag_contact(InstanceId=center.instance_id, ContactId=contact, TagKeys=["x"])
    center.controls.advance(seconds=8)
    agent = center.agent("bob", profile)
    center.controls.advance(seconds=3)
    center.controls.accept(center.instance_id, agent, contact)
    center.controls.advance(seconds=20)
    center.controls.end(center.instance_id, agent, contact)
    center.controls.advance(seconds=5)
    center.controls.clear_acw(center.instance_id, agent, contact)
    done = center.describe(contact)
    info = done["AgentInfo"]
    assert info["Id"] == agent
    assert done["RingStartTimestamp"] == _at(t0 + 8_000)
    assert info["AcceptedByAgentTimestamp"] == _at(t0 + 11_000)
    assert info["ConnectedToAgentTimestamp"] == _at(t0 + 11_000)
    assert info["AfterContactWorkStartTimestamp"] == _at(t0 + 31_000)
    assert info["AfterContactWorkEndTimestamp"] == _at(t0 + 36_000)
    assert info["AfterContactWorkDuration"] == 5
    assert done["DisconnectTimestamp"] == _at(t0 + 31_000)
    assert done["LastUpdateTimestamp"] == _at(t0 + 36_000)
    assert done["Tags"] == {"team": "blue"}
    assert done["Attributes"] == {"k": "v"}
    assert done["QueueInfo"]["EnqueueTimestamp"] == _at(t0)


def test_describe_unknown_contact_is_not_found_when_id_wrong(center: Center) -> None:
    with pytest.raises(ClientError) as err:
        center.describe("00000000-0000-0000-0000-000000000000")
    assert err.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_scheduled_task_runs_flow_when_its_time_comes(center: Center) -> None:
    qid, qarn = center.queue("Later")
    flow = center.flow_to(qarn, "to-later")
    t0 = center.controls.now()
    contact = center.task(flow, "later", ScheduledTime=_at(t0 + 600_000))
    before = center.describe(contact)
    assert before["ScheduledTimestamp"] == _at(t0 + 600_000)
    assert "QueueInfo" not in before
    center.controls.advance(seconds=599)
    assert "QueueInfo" not in center.describe(contact)
    center.controls.advance(seconds=1)
    assert center.describe(contact)["QueueInfo"] == {
        "Id": qid,
        "EnqueueTimestamp": _at(t0 + 600_000),
    }
    with pytest.raises(ClientError) as err:
        center.task(flow, "too-late", ScheduledTime=_at(t0 + 7 * 24 * 3_600_000))
    assert err.value.response["Error"]["Code"] == "InvalidParameterException"


def test_attributes_update_is_visible_when_read_back(center: Center) -> None:
    _, qarn = center.queue("Attrs")
    flow = center.flow_to(qarn, "to-attrs")
    contact = center.task(flow, "a", Attributes={"one": "1"})
    center.connect.update_contact_attributes(
        InstanceId=center.instance_id,
        InitialContactId=contact,
        Attributes={"two": "2", "one": "uno"},
    )
    read = center.connect.get_contact_attributes(
        InstanceId=center.instance_id, InitialContactId=contact
    )
    assert read["Attributes"] == {"one": "uno", "two": "2"}
    center.connect.update_contact(InstanceId=center.instance_id, ContactId=contact, Name="renamed")
    assert center.describe(contact)["Name"] == "renamed"


def test_scheduled_task_enqueues_at_its_time_when_clock_jumps_past_it(center: Center) -> None:
    qid, qarn = center.queue("Jump")
    flow = center.flow_to(qarn, "to-jump")
    profile = center.profile("p", [(qid, "TASK", 1, 0)], TASK=1)
    agent = center.agent("ada", profile)  # offered at t0+50; the offer times out at t0+70
    t0 = center.controls.now()
    contact = center.task(flow, "later", ScheduledTime=_at(t0 + 50_000))
    center.controls.advance(seconds=100)  # one jump over both instants
    described = center.describe(contact)
    assert described["QueueInfo"]["EnqueueTimestamp"] == _at(t0 + 50_000)
    assert center.agent_view(agent)["Contacts"] == [
        {"ContactId": contact, "Channel": "TASK", "State": "MISSED"}
    ]
