"""Persistence: queued contacts, agent states, timers and records survive a restart.

A contact center is built on a private virtual-clock server with every kind of pending timer
(an offer about to time out, a routing step about to expire, ACW with a time limit, a scheduled
task). The server is stopped (SIGTERM: a snapshot is written) or killed (kill -9: the journal is
replayed) and started again on the same data directory. Everything observable must be
identical, and the timers must fire at exactly the instants they would have fired anyway.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ServerProcess, free_port
from tests.e2e.routing.conftest import Center, open_center


@pytest.fixture
def restartable(tmp_path: Path) -> Iterator[ServerProcess]:
    srv = ServerProcess(tmp_path / "data", free_port(), ("--clock", "virtual"))
    srv.start()
    yield srv
    if srv.proc is not None and srv.proc.poll() is None:
        srv.stop()


def _center(srv: ServerProcess, instance_id: str | None = None) -> Center:
    return open_center(srv, instance_id)


def _at(ms: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(ms / 1000, tz=dt.UTC)


def _build(center: Center) -> dict[str, str]:
    """Every kind of pending timer, 5 s after t0. Returns names -> ids (t0 under "t0")."""
    ids: dict[str, str] = {"t0": str(center.controls.now())}
    t0 = int(ids["t0"])
    main_id, main_arn = center.queue("Main")
    side_id, side_arn = center.queue("Side")
    skill_id, skill_arn = center.queue("Skill")
    to_main = center.flow_to(main_arn, "to-main")
    to_side = center.flow_to(side_arn, "to-side")
    to_skill = center.flow_to(skill_arn, "to-skill")
    center.connect.create_predefined_attribute(
        InstanceId=center.instance_id, Name="Language", Values={"StringList": ["French"]}
    )
    main = center.profile("main", [(main_id, "TASK", 1, 0)], TASK=1)
    side = center.profile("side", [(side_id, "TASK", 1, 0)], TASK=1)
    skill = center.profile("skill", [(skill_id, "TASK", 1, 0)], TASK=1)
    ids["head"] = center.task(to_main, "head")
    ids["ringer"] = center.agent("ringer", main)  # offered head at t0; times out at t0+20
    ids["worker"] = center.agent("worker", side, acw=60, auto_accept_channels=("TASK",))
    ids["done"] = center.task(to_side, "done")
    ids["novice"] = center.agent("novice", skill, available=False, auto_accept_channels=("TASK",))
    center.connect.associate_user_proficiencies(
        InstanceId=center.instance_id,
        UserId=ids["novice"],
        UserProficiencies=[{"AttributeName": "Language", "AttributeValue": "French", "Level": 1}],
    )
    center.controls.advance(seconds=5)
    center.controls.end(center.instance_id, ids["worker"], ids["done"])  # ACW until t0+65
    ids["next"] = center.task(to_side, "next")
    ids["second"] = center.task(to_main, "second")
    ids["third"] = center.task(to_main, "third", Attributes={"k": "v"})
    ids["skilled"] = center.task(to_skill, "skilled")
    center.connect.update_contact_routing_data(
        InstanceId=center.instance_id,
        ContactId=ids["skilled"],
        RoutingCriteria={
            "Steps": [
                {
                    "Expression": {
                        "AttributeCondition": {
                            "Name": "Language",
                            "Value": "French",
                            "ProficiencyLevel": 4,
                            "ComparisonOperator": "NumberGreaterOrEqualTo",
                        }
                    },
                    "Expiry": {"DurationInSeconds": 30},  # expires at t0+35
                },
                {
                    "Expression": {
                        "AttributeCondition": {
                            "Name": "Language",
                            "Value": "French",
                            "ProficiencyLevel": 1,
                            "ComparisonOperator": "NumberGreaterOrEqualTo",
                        }
                    }
                },
            ]
        },
    )
    center.status(ids["novice"], "Available")  # level 1: waits for step 2
    center.connect.update_contact_routing_data(
        InstanceId=center.instance_id, ContactId=ids["third"], QueueTimeAdjustmentSeconds=3
    )
    ids["later"] = center.task(to_main, "later", ScheduledTime=_at(t0 + 50_000))
    return ids


def _observe(center: Center, ids: dict[str, str]) -> dict[str, Any]:
    contacts = ("head", "done", "next", "second", "third", "skilled", "later")
    agents = ("ringer", "worker", "novice")
    return {
        "now": center.controls.now(),
        "contacts": {n: center.describe(ids[n]) for n in contacts},
        "views": {n: center.contact_view(ids[n]) for n in contacts},
        "agents": {n: center.agent_view(ids[n]) for n in agents},
    }


def _slots(center: Center, ids: dict[str, str], agent: str) -> list[tuple[str, str]]:
    names = {v: k for k, v in ids.items()}
    return [(names[c["ContactId"]], c["State"]) for c in center.agent_view(ids[agent])["Contacts"]]


def _restart(srv: ServerProcess, how: str) -> None:
    if how == "crash":
        assert srv.proc is not None
        srv.proc.kill()  # kill -9: no shutdown snapshot, the journal is replayed
        srv.proc.wait()
        srv.log.close()
        srv.start()
    else:
        srv.restart()  # SIGTERM: snapshot at shutdown


def _play_out(center: Center, ids: dict[str, str]) -> None:
    """The timers fire at the instants they were armed for."""
    t0 = int(ids["t0"])
    assert center.controls.now() == t0 + 5_000
    assert _slots(center, ids, "ringer") == [("head", "CONNECTING")]
    assert [center.position(ids[n]) for n in ("third", "second")] == [1, 2]
    center.controls.advance(ms=14_999)
    assert _slots(center, ids, "ringer") == [("head", "CONNECTING")]
    center.controls.advance(ms=1)  # t0+20: the offer times out
    assert _slots(center, ids, "ringer") == [("head", "MISSED")]
    assert [center.position(ids[n]) for n in ("head", "third", "second")] == [1, 2, 3]
    center.controls.advance(ms=14_999)
    assert _slots(center, ids, "novice") == []
    center.controls.advance(ms=1)  # t0+35: step 1 expires, the novice matches step 2
    assert _slots(center, ids, "novice") == [("skilled", "CONNECTED")]
    steps = center.describe(ids["skilled"])["RoutingCriteria"]["Steps"]
    assert [s["Status"] for s in steps] == ["EXPIRED", "JOINED"]
    assert steps[0]["Expiry"]["ExpiryTimestamp"] == _at(t0 + 35_000)
    center.controls.advance(ms=14_999)
    assert "QueueInfo" not in center.describe(ids["later"])
    center.controls.advance(ms=1)  # t0+50: the scheduled task runs its flow
    assert center.describe(ids["later"])["QueueInfo"]["EnqueueTimestamp"] == _at(t0 + 50_000)
    center.controls.advance(ms=14_999)
    assert _slots(center, ids, "worker") == [("done", "ENDED")]
    center.controls.advance(ms=1)  # t0+65: ACW ends, the freed slot takes "next"
    assert _slots(center, ids, "worker") == [("next", "CONNECTED")]
    assert center.describe(ids["done"])["AgentInfo"]["AfterContactWorkDuration"] == 60


def test_timers_fire_on_time_when_server_never_restarts(restartable: ServerProcess) -> None:
    """The baseline the restart tests are measured against."""
    center = _center(restartable)
    _play_out(center, _build(center))


@pytest.mark.parametrize("how", ["graceful", "crash"])
def test_state_and_timers_survive_when_server_restarts(
    restartable: ServerProcess, how: str
) -> None:
    center = _center(restartable)
    ids = _build(center)
    before = _observe(center, ids)
    _restart(restartable, how)
    center = _center(restartable, center.instance_id)
    assert _observe(center, ids) == before
    _play_out(center, ids)
    # And again, now mid-way: the state after the timers fired is kept too.
    after = _observe(center, ids)
    _restart(restartable, "crash" if how == "graceful" else "graceful")
    center = _center(restartable, center.instance_id)
    assert _observe(center, ids) == after


def test_new_contacts_queue_behind_restored_ones_when_server_restarted(
    restartable: ServerProcess,
) -> None:
    center = _center(restartable)
    _, qarn = center.queue("Q")
    flow = center.flow_to(qarn, "to-q")
    old = [center.task(flow, f"old{i}") for i in range(3)]
    center.connect.update_contact_routing_data(
        InstanceId=center.instance_id, ContactId=old[2], QueuePriority=2
    )
    _restart(restartable, "crash")
    center = _center(restartable, center.instance_id)
    assert [center.position(c) for c in old] == [2, 3, 1]
    fresh = center.task(flow, "fresh")
    assert center.position(fresh) == 4
    center.connect.stop_contact(InstanceId=center.instance_id, ContactId=old[2])
    _restart(restartable, "graceful")
    center = _center(restartable, center.instance_id)
    assert [center.position(c) for c in (*old[:2], fresh)] == [1, 2, 3]
    assert center.describe(old[2])["DisconnectReason"] == "API"
