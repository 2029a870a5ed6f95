"""GetMetricData (R4.1) end to end: contacts built with the controls on the virtual clock,
every metric checked against values computed by hand from the scenario's timeline."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.metrics.historical_world import Timeline, start_window, v1, values_by_name
from tests.e2e.routing.conftest import Center, center  # noqa: F401 - the fixture

COUNTS = [
    "CONTACTS_QUEUED", "CONTACTS_HANDLED", "CONTACTS_HANDLED_INCOMING", "CONTACTS_HANDLED_OUTBOUND",
    "CALLBACK_CONTACTS_HANDLED", "API_CONTACTS_HANDLED", "CONTACTS_ABANDONED",
    "CONTACTS_AGENT_HUNG_UP_FIRST", "CONTACTS_CONSULTED", "CONTACTS_HOLD_ABANDONS",
    "CONTACTS_TRANSFERRED_IN", "CONTACTS_TRANSFERRED_IN_FROM_QUEUE", "CONTACTS_TRANSFERRED_OUT",
    "CONTACTS_TRANSFERRED_OUT_FROM_QUEUE", "CONTACTS_MISSED",
]  # fmt: skip
SECONDS_AVG = [
    "HANDLE_TIME", "AFTER_CONTACT_WORK_TIME", "ABANDON_TIME", "QUEUE_ANSWER_TIME", "HOLD_TIME",
    "INTERACTION_TIME", "INTERACTION_AND_HOLD_TIME",
]  # fmt: skip
ALL_METRICS = [
    *(v1(n, "COUNT", "SUM") for n in COUNTS),
    *(v1(n, "SECONDS", "AVG") for n in SECONDS_AVG),
    v1("QUEUED_TIME", "SECONDS", "MAX"),
    v1("OCCUPANCY", "PERCENT", "AVG"),
    v1("SERVICE_LEVEL", "PERCENT", "AVG", 8),
    v1("SERVICE_LEVEL", "PERCENT", "AVG", 10),
    v1("SERVICE_LEVEL", "PERCENT", "AVG", 60),
]


def _get(center: Center, start: int, end: int, metrics: list[dict[str, Any]], **kwargs: Any) -> Any:
    return center.connect.get_metric_data(
        InstanceId=center.instance_id,
        StartTime=start / 1000,
        EndTime=end / 1000,
        Filters=kwargs.pop("Filters", {"Channels": ["VOICE"]}),
        HistoricalMetrics=metrics,
        **kwargs,
    )


def _voice_center(center: Center) -> tuple[str, str]:
    qid, _ = center.queue("Support")
    profile = center.profile("voice", [(qid, "VOICE", 1, 0)], VOICE=1)
    return qid, profile


def test_every_metric_matches_hand_computed_values_when_voice_day_replayed(center: Center) -> None:
    qid, profile = _voice_center(center)
    t0 = start_window(center)
    t = Timeline(center, t0)
    iid, ctl = center.instance_id, center.controls
    ada = center.agent("ada", profile)  # Available at t0, rings on demand, ACW until cleared
    c1 = ctl.place_call(iid, queue_id=qid)["ContactId"]  # offered to ada at 0
    t.at(10)
    ctl.accept(iid, ada, c1)  # queue time 10 s
    t.at(20)
    c2 = ctl.place_call(iid, queue_id=qid)["ContactId"]  # waits: ada is busy
    t.at(30)
    ctl.abandon(iid, c2)  # abandoned after 10 s
    t.at(40)
    ctl.hold(iid, ada, c1)
    t.at(55)
    ctl.resume(iid, ada, c1)  # 15 s on hold
    t.at(70)
    ctl.end(iid, ada, c1)  # agent hangs up: interaction 70 - 10 - 15 = 45 s
    t.at(90)
    ctl.clear_acw(iid, ada, c1)  # ACW 20 s
    t.at(100)
    c3 = ctl.place_call(iid, queue_id=qid)["ContactId"]  # offered at once
    t.at(105)
    ctl.accept(iid, ada, c3)  # queue time 5 s
    t.at(125)
    ctl.abandon(iid, c3)  # the customer hangs up: interaction 20 s
    t.at(130)
    ctl.clear_acw(iid, ada, c3)  # ACW 5 s
    t.at(135)
    c4 = ctl.place_call(iid, queue_id=qid)["ContactId"]  # rings 20 s, missed at 155, requeued
    t.at(200)
    ctl.abandon(iid, c4)  # abandoned after 65 s in queue
    t.at(300)

    result = _get(center, t0, t0 + 300_000, ALL_METRICS)
    (row,) = result["MetricResults"]
    assert row["Dimensions"] == {}
    values = values_by_name(row["Collections"])
    assert [c["Metric"]["Name"] for c in row["Collections"]] == [m["Name"] for m in ALL_METRICS]
    assert values == {
        "CONTACTS_QUEUED": 4,
        "CONTACTS_HANDLED": 2,
        "CONTACTS_HANDLED_INCOMING": 2,
        "CONTACTS_HANDLED_OUTBOUND": 0,
        "CALLBACK_CONTACTS_HANDLED": 0,
        "API_CONTACTS_HANDLED": 0,
        "CONTACTS_ABANDONED": 2,
        "CONTACTS_AGENT_HUNG_UP_FIRST": 1,
        "CONTACTS_CONSULTED": 0,
        "CONTACTS_HOLD_ABANDONS": 0,
        "CONTACTS_TRANSFERRED_IN": 0,
        "CONTACTS_TRANSFERRED_IN_FROM_QUEUE": 0,
        "CONTACTS_TRANSFERRED_OUT": 0,
        "CONTACTS_TRANSFERRED_OUT_FROM_QUEUE": 0,
        "CONTACTS_MISSED": 1,
        "HANDLE_TIME": (80 + 25) / 2,  # (45 + 15 + 20) and (20 + 0 + 5)
        "AFTER_CONTACT_WORK_TIME": (20 + 5) / 2,
        "ABANDON_TIME": (10 + 65) / 2,
        "QUEUE_ANSWER_TIME": (10 + 5) / 2,
        "HOLD_TIME": 15,
        "INTERACTION_TIME": (45 + 20) / 2,
        "INTERACTION_AND_HOLD_TIME": (60 + 20) / 2,
        "QUEUED_TIME": 65,
        # on contact 10-90 and 105-130; idle 90-100 and 130-135; ringing/missed is neither
        "OCCUPANCY": 100 * 105 / 120,
        "SERVICE_LEVEL@8": 25,  # c3 (5 s) of 4 dequeued
        "SERVICE_LEVEL@10": 25,  # LT: c1 and c2 at exactly 10 s do not count
        "SERVICE_LEVEL@60": 75,  # c1, c2, c3
    }

