"""GetMetricData (R4.1) end to end: contacts built with the controls on the virtual clock,
every metric checked against values computed by hand from the scenario's timeline."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.metrics.historical_world import Timeline, start_window, v1, values_by_name, voice_day
from tests.e2e.routing.conftest import Center

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


def test_every_metric_matches_hand_computed_values_when_voice_day_replayed(center: Center) -> None:
    t0 = voice_day(center).t0
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


def test_rows_split_by_queue_and_channel_when_mixed_voice_tasks_and_transfers(
    center: Center,
) -> None:
    a_id, a_arn = center.queue("A")
    b_id, b_arn = center.queue("B")
    to_a, to_b = center.flow_to(a_arn, "to-a"), center.flow_to(b_arn, "to-b")
    voice = center.profile("pv", [(a_id, "VOICE", 1, 0)], VOICE=1)
    tasks = center.profile("pt", [(b_id, "TASK", 1, 0)], TASK=1)
    t0 = start_window(center)
    t = Timeline(center, t0)
    iid, ctl = center.instance_id, center.controls
    vic, tia = center.agent("vic", voice), center.agent("tia", tasks)
    o1 = ctl.outbound(iid, vic)["ContactId"]  # connected at 0; queue A (default outbound)
    k1 = center.task(to_b, "k1")  # API, offered to tia at 0
    t.at(5)
    ctl.accept(iid, tia, k1)  # answered after 5 s
    t.at(10)
    k2 = center.task(to_b, "k2")  # waits in B
    t.at(20)
    k3 = center.connect.transfer_contact(
        InstanceId=iid, ContactId=k2, ContactFlowId=to_a, QueueId=a_id
    )["ContactId"]  # k2 leaves B after 10 s; k3 (TRANSFER) waits in A, where no agent takes tasks
    t.at(30)
    ctl.hold(iid, vic, o1)
    t.at(40)
    ctl.abandon(iid, o1)  # the customer hangs up on hold: interaction 30, hold 10
    t.at(50)
    ctl.clear_acw(iid, vic, o1)  # ACW 10
    t.at(60)
    ctl.end(iid, tia, k1)  # interaction 55
    t.at(70)
    ctl.clear_acw(iid, tia, k1)  # ACW 10
    t.at(80)
    center.connect.stop_contact(InstanceId=iid, ContactId=k3)  # in queue 60 s: abandoned
    t.at(300)

    metrics = [
        m
        for m in ALL_METRICS
        if m["Name"] != "SERVICE_LEVEL" or m["Threshold"]["ThresholdValue"] == 8
    ]
    result = _get(center, t0, t0 + 300_000, metrics, Filters={}, Groupings=["QUEUE", "CHANNEL"])
    rows = {
        (r["Dimensions"]["Queue"]["Id"], r["Dimensions"]["Channel"]): values_by_name(
            r["Collections"]
        )
        for r in result["MetricResults"]
    }
    assert set(rows) == {(a_id, "VOICE"), (a_id, "TASK"), (b_id, "TASK")}
    assert result["MetricResults"][0]["Dimensions"]["Queue"]["Arn"] in (a_arn, b_arn)
    zero = dict.fromkeys(COUNTS, 0)
    averages = dict.fromkeys([*SECONDS_AVG, "QUEUED_TIME", "SERVICE_LEVEL@8"])
    assert rows[(a_id, "VOICE")] == {
        **zero, **averages,
        "CONTACTS_HANDLED": 1, "CONTACTS_HANDLED_OUTBOUND": 1, "CONTACTS_HOLD_ABANDONS": 1,
        "HANDLE_TIME": 50, "AFTER_CONTACT_WORK_TIME": 10, "HOLD_TIME": 10,
        "INTERACTION_TIME": 30, "INTERACTION_AND_HOLD_TIME": 40,
        "OCCUPANCY": 100 * 50 / 300,  # vic: on contact 0-50, idle 50-300
    }  # fmt: skip
    assert rows[(a_id, "TASK")] == {
        **zero, **averages,
        "CONTACTS_QUEUED": 1, "CONTACTS_ABANDONED": 1, "CONTACTS_TRANSFERRED_IN": 1,
        "ABANDON_TIME": 60, "QUEUED_TIME": 60, "SERVICE_LEVEL@8": 0,
        "OCCUPANCY": None,  # no agent serves tasks in A
    }  # fmt: skip
    assert rows[(b_id, "TASK")] == {
        **zero, **averages,
        "CONTACTS_QUEUED": 2, "CONTACTS_HANDLED": 1, "API_CONTACTS_HANDLED": 1,
        "CONTACTS_AGENT_HUNG_UP_FIRST": 1, "CONTACTS_TRANSFERRED_OUT": 1,
        "CONTACTS_TRANSFERRED_OUT_FROM_QUEUE": 1,
        "HANDLE_TIME": 65, "AFTER_CONTACT_WORK_TIME": 10, "INTERACTION_TIME": 55,
        "INTERACTION_AND_HOLD_TIME": 55, "QUEUE_ANSWER_TIME": 5, "QUEUED_TIME": 10,
        "SERVICE_LEVEL@8": 50,  # k1 within 8 s; k2 left (transferred) after 10 s
        "OCCUPANCY": 100 * 65 / 295,  # tia: ringing 0-5, on contact 5-70, idle 70-300
    }  # fmt: skip
    only_b = _get(center, t0, t0 + 300_000, metrics, Filters={"Queues": [b_arn]})
    (summary,) = only_b["MetricResults"]
    assert values_by_name(summary["Collections"])["CONTACTS_QUEUED"] == 2


def test_window_counts_only_contacts_of_its_interval_when_shifted(center: Center) -> None:
    day = voice_day(center)
    metrics = [v1("CONTACTS_QUEUED", "COUNT", "SUM"), v1("CONTACTS_HANDLED", "COUNT", "SUM")]
    earlier = _get(center, day.t0 - 300_000, day.t0, metrics)
    assert earlier["MetricResults"] == []
    wider = _get(center, day.t0 - 300_000, day.t0 + 300_000, metrics)
    (row,) = wider["MetricResults"]
    assert values_by_name(row["Collections"]) == {"CONTACTS_QUEUED": 4, "CONTACTS_HANDLED": 2}


def test_rows_page_with_next_token_when_max_results_smaller(center: Center) -> None:
    queues = [center.queue(f"Q{i}")[0] for i in range(3)]
    t0 = start_window(center)
    for qid in queues:
        center.controls.place_call(center.instance_id, queue_id=qid)
    Timeline(center, t0).at(60)
    seen, token = [], None
    for _ in range(5):
        extra = {"NextToken": token} if token else {}
        page = _get(
            center, t0, t0 + 300_000, [v1("CONTACTS_QUEUED", "COUNT", "SUM")],
            Groupings=["QUEUE"], MaxResults=2, **extra,
        )  # fmt: skip
        seen += [r["Dimensions"]["Queue"]["Id"] for r in page["MetricResults"]]
        token = page.get("NextToken")
        if not token:
            break
    assert sorted(seen) == sorted(queues)
    with pytest.raises(ClientError) as err:
        _get(center, t0, t0 + 300_000, [v1("CONTACTS_HANDLED", "COUNT", "SUM")],
             Groupings=["QUEUE"], NextToken="bogus")  # fmt: skip
    assert err.value.response["Error"]["Code"] == "InvalidParameterException"


COUNT_QUEUED = [v1("CONTACTS_QUEUED", "COUNT", "SUM")]


@pytest.mark.parametrize(
    ("shift_start", "shift_end", "kwargs", "needle"),
    [
        (1_000, 0, {}, "5-minute boundary"),
        (0, 60_000, {}, "5-minute boundary"),
        (0, -300_000, {}, "after StartTime"),
        (-25 * 3_600_000, -24 * 3_600_000 - 300_000, {}, "24 hours before"),
        (-24 * 3_600_000 + 900_000, 600_000, {}, "less than 24 hours"),  # exactly 24 h
        (0, 0, {"Groupings": ["ROUTING_PROFILE"]}, "ROUTING_PROFILE"),
        (0, 0, {"Filters": {"RoutingProfiles": ["rp"]}}, "RoutingProfiles"),
        (0, 0, {"HistoricalMetrics": [v1("HANDLE_TIME", "COUNT", "SUM")]}, "Unit SECONDS"),
        (0, 0, {"HistoricalMetrics": [v1("SERVICE_LEVEL", "PERCENT", "AVG")]}, "Threshold"),
        (0, 0, {"HistoricalMetrics": [v1("SERVICE_LEVEL", "PERCENT", "AVG", 604_801)]}, "604800"),
        (0, 0, {"HistoricalMetrics": [v1("CONTACTS_QUEUED", "COUNT", "SUM", 5)]}, "Threshold"),
        (
            0,
            0,
            {"HistoricalMetrics": [v1("SERVICE_LEVEL", "PERCENT", "AVG", s) for s in range(1, 22)]},
            "20",
        ),
    ],
)
def test_invalid_parameter_when_request_breaks_a_rule(
    center: Center, shift_start: int, shift_end: int, kwargs: dict[str, Any], needle: str
) -> None:
    t0 = start_window(center)
    start, end = t0 - 600_000 + shift_start, t0 - 300_000 + shift_end
    with pytest.raises(ClientError) as err:
        _get(center, start, end, kwargs.pop("HistoricalMetrics", COUNT_QUEUED), **kwargs)
    assert err.value.response["Error"]["Code"] == "InvalidParameterException"
    assert needle in err.value.response["Error"]["Message"]


def test_unknown_queue_filter_is_resource_not_found(center: Center) -> None:
    t0 = start_window(center)
    with pytest.raises(ClientError) as err:
        _get(center, t0 - 300_000, t0, COUNT_QUEUED, Filters={"Queues": ["nope"]})
    assert err.value.response["Error"]["Code"] == "ResourceNotFoundException"
