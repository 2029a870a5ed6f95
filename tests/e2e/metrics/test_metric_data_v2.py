"""GetMetricDataV2 (R4.2) end to end: the voice scenario of `historical_world.voice_day` on the
virtual clock, checked metric by metric against hand-computed values, with intervals, filters,
groupings, metric filters and the request rules."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.e2e.metrics.historical_world import Timeline, VoiceDay, values_by_name, voice_day
from tests.e2e.routing.conftest import Center

FIFTEEN_MIN_MS = 900_000


def metric(
    name: str, comparison: str | None = None, seconds: float | None = None, **extra: Any
) -> dict[str, Any]:
    out: dict[str, Any] = {"Name": name, **extra}
    if comparison:
        out["Threshold"] = [{"Comparison": comparison, "ThresholdValue": seconds}]
    return out


def _get(center: Center, start: int, end: int, metrics: list[dict[str, Any]], **kwargs: Any) -> Any:
    arn = center.connect.describe_instance(InstanceId=center.instance_id)["Instance"]["Arn"]
    return center.connect.get_metric_data_v2(
        ResourceArn=arn, StartTime=start / 1000, EndTime=end / 1000, Metrics=metrics, **kwargs
    )


def _two_intervals(center: Center) -> VoiceDay:
    """The voice day in the first 15 minutes; one more call (abandoned after 30 s) in the next."""
    day = voice_day(center, FIFTEEN_MIN_MS)
    t = Timeline(center, day.t0)
    t.at(960)
    late = center.controls.place_call(center.instance_id, queue_id=day.queue_id)["ContactId"]
    t.at(990)
    center.controls.abandon(center.instance_id, late)  # ada still has c4 missed: nobody answers
    t.at(1800)
    return day


QUEUE_METRICS = [
    metric("CONTACTS_QUEUED"),
    metric("CONTACTS_CREATED"),
    metric("CONTACTS_HANDLED"),
    metric("CONTACTS_ABANDONED"),
    metric("ABANDONMENT_RATE"),
    metric("AVG_HANDLE_TIME"),
    metric("AVG_QUEUE_ANSWER_TIME"),
    metric("AVG_ABANDON_TIME"),
    metric("AVG_HOLD_TIME"),
    metric("AVG_INTERACTION_TIME"),
    metric("AVG_AFTER_CONTACT_WORK_TIME"),
    metric("MAX_QUEUED_TIME"),
    metric("AGENT_NON_RESPONSE"),
    metric("CONTACTS_HOLD_ABANDONS"),
    metric("SERVICE_LEVEL", "LT", 8),
    metric("SERVICE_LEVEL", "LTE", 10),
    metric("SUM_CONTACTS_ANSWERED_IN_X", "LT", 10, MetricId="answered-lt-10"),
    metric("CONTACTS_REMOVED_FROM_QUEUE_IN_X", "LT", 60),
    metric("SUM_CONTACTS_ABANDONED_IN_X", "LT", 60),
]


def test_every_metric_per_interval_matches_hand_computed_values_when_fifteen_minute(
    center: Center,
) -> None:
    day = _two_intervals(center)
    result = _get(
        center, day.t0, day.t0 + 2 * FIFTEEN_MIN_MS, QUEUE_METRICS,
        Interval={"IntervalPeriod": "FIFTEEN_MIN", "TimeZone": "UTC"},
        Filters=[{"FilterKey": "QUEUE", "FilterValues": [day.queue_id]}],
        Groupings=["QUEUE"],
    )  # fmt: skip
    first, second = result["MetricResults"]
    assert first["Dimensions"] == {"QUEUE": day.queue_id}
    assert first["MetricInterval"]["Interval"] == "FIFTEEN_MIN"
    assert first["MetricInterval"]["StartTime"].timestamp() * 1000 == day.t0
    assert second["MetricInterval"]["StartTime"].timestamp() * 1000 == day.t0 + FIFTEEN_MIN_MS
    assert second["MetricInterval"]["EndTime"].timestamp() * 1000 == day.t0 + 2 * FIFTEEN_MIN_MS
    assert first["Collections"][16]["Metric"]["MetricId"] == "answered-lt-10"
    assert values_by_name(first["Collections"]) == {
        "CONTACTS_QUEUED": 4,
        "CONTACTS_CREATED": 4,
        "CONTACTS_HANDLED": 2,
        "CONTACTS_ABANDONED": 2,
        "ABANDONMENT_RATE": 50,
        "AVG_HANDLE_TIME": 52.5,
        "AVG_QUEUE_ANSWER_TIME": 7.5,
        "AVG_ABANDON_TIME": 37.5,
        "AVG_HOLD_TIME": 15,
        "AVG_INTERACTION_TIME": 32.5,
        "AVG_AFTER_CONTACT_WORK_TIME": 12.5,
        "MAX_QUEUED_TIME": 65,
        "AGENT_NON_RESPONSE": 1,
        "CONTACTS_HOLD_ABANDONS": 0,
        "SERVICE_LEVEL@8": 25,
        "SERVICE_LEVEL@10": 75,  # LTE: c1 and c2 at exactly 10 s count
        "SUM_CONTACTS_ANSWERED_IN_X@10": 1,  # LT: c3 only
        "CONTACTS_REMOVED_FROM_QUEUE_IN_X@60": 3,
        "SUM_CONTACTS_ABANDONED_IN_X@60": 1,
    }
    late = values_by_name(second["Collections"])
    assert (late["CONTACTS_QUEUED"], late["CONTACTS_ABANDONED"], late["AVG_ABANDON_TIME"]) == (
        1,
        1,
        30,
    )
    assert (late["CONTACTS_HANDLED"], late["AVG_HANDLE_TIME"], late["SERVICE_LEVEL@8"]) == (
        0,
        None,
        0,
    )
    total = _get(
        center, day.t0, day.t0 + 2 * FIFTEEN_MIN_MS, [metric("CONTACTS_QUEUED")],
        Filters=[{"FilterKey": "QUEUE", "FilterValues": [day.queue_id]}],
    )  # fmt: skip
    (row,) = total["MetricResults"]
    assert row["MetricInterval"]["Interval"] == "TOTAL"
    assert values_by_name(row["Collections"]) == {"CONTACTS_QUEUED": 5}


def test_agent_occupancy_per_routing_profile_and_agent_when_grouped(center: Center) -> None:
    day = _two_intervals(center)
    result = _get(
        center, day.t0, day.t0 + 2 * FIFTEEN_MIN_MS,
        [metric("AGENT_OCCUPANCY"), metric("CONTACTS_HANDLED")],
        Interval={"IntervalPeriod": "FIFTEEN_MIN"},
        Filters=[{"FilterKey": "ROUTING_PROFILE", "FilterValues": [day.profile_id]}],
        Groupings=["ROUTING_PROFILE", "AGENT"],
    )  # fmt: skip
    (row,) = result["MetricResults"]  # the second interval: ada missed c4, neither busy nor idle
    assert row["Dimensions"] == {"ROUTING_PROFILE": day.profile_id, "AGENT": day.agent_id}
    assert values_by_name(row["Collections"]) == {"AGENT_OCCUPANCY": 87.5, "CONTACTS_HANDLED": 2}


def test_metric_filters_narrow_counts_when_initiation_method_or_disconnect_reason(
    center: Center,
) -> None:
    day = voice_day(center)
    metrics = [
        metric("CONTACTS_HANDLED", MetricId="inbound", MetricFilters=[
            {"MetricFilterKey": "INITIATION_METHOD", "MetricFilterValues": ["INBOUND"]}]),
        metric("CONTACTS_HANDLED", MetricId="not-inbound", MetricFilters=[
            {"MetricFilterKey": "INITIATION_METHOD", "MetricFilterValues": ["INBOUND"], "Negate": True}]),
        metric("CONTACTS_HANDLED", MetricId="agent-first", MetricFilters=[
            {"MetricFilterKey": "DISCONNECT_REASON", "MetricFilterValues": ["AGENT_DISCONNECT"]}]),
    ]  # fmt: skip
    result = _get(
        center, day.t0, day.t0 + 300_000, metrics,
        Filters=[{"FilterKey": "AGENT", "FilterValues": [day.agent_id]}],
    )  # fmt: skip
    (row,) = result["MetricResults"]
    assert [(c["Metric"]["MetricId"], c["Value"]) for c in row["Collections"]] == [
        ("inbound", 2),
        ("not-inbound", 0),
        ("agent-first", 1),
    ]


def _rule_cases() -> list[Any]:
    q = [{"FilterKey": "QUEUE", "FilterValues": ["{queue}"]}]
    return [
        pytest.param({"Metrics": [metric("AGENT_OCCUPANCY")], "Filters": q}, "QUEUE", id="occupancy-by-queue"),
        pytest.param({"Metrics": [metric("SERVICE_LEVEL", "LT", 8)], "Filters": q, "Groupings": ["AGENT"]}, "AGENT", id="sl-by-agent"),
        pytest.param({"Filters": [{"FilterKey": "CHANNEL", "FilterValues": ["VOICE"]}]}, "at least one", id="no-resource-filter"),
        pytest.param({"Metrics": [metric("SERVICE_LEVEL")], "Filters": q}, "Threshold", id="sl-no-threshold"),
        pytest.param({"Metrics": [metric("SERVICE_LEVEL", "GT", 8)], "Filters": q}, "LT, LTE", id="sl-gt"),
        pytest.param({"Metrics": [metric("NOT_A_METRIC")], "Filters": q}, "not supported", id="unknown-metric"),
        pytest.param({"Metrics": [metric("AVG_HANDLE_TIME", MetricFilters=[{"MetricFilterKey": "INITIATION_METHOD", "MetricFilterValues": ["INBOUND"]}])], "Filters": q}, "metric filters", id="metric-filter"),
        pytest.param({"Filters": q, "Interval": {"IntervalPeriod": "HOUR", "TimeZone": "Mars/Olympus"}}, "time zone", id="time-zone"),
        pytest.param({"Filters": q, "Interval": {"IntervalPeriod": "FIFTEEN_MIN"}, "shift": 300_000}, "boundary", id="unaligned"),
        pytest.param({"Filters": q, "Interval": {"IntervalPeriod": "HOUR"}, "span": 4 * 86_400_000}, "3 days", id="hour-4-days"),
        pytest.param({"Filters": q, "future": True}, "future", id="future-end"),
        pytest.param({"Filters": q, "Groupings": ["CAMPAIGN"]}, "CAMPAIGN", id="grouping"),
    ]  # fmt: skip


@pytest.mark.parametrize(("kwargs", "needle"), _rule_cases())
def test_invalid_parameter_when_request_breaks_a_rule(
    center: Center, kwargs: dict[str, Any], needle: str
) -> None:
    queue_id, _ = center.queue("Q")
    now = center.controls.now()
    end = now // 3_600_000 * 3_600_000 - kwargs.pop("shift", 0)
    if kwargs.pop("future", False):
        end = now + 3_600_000
    start = end - kwargs.pop("span", 3_600_000)
    for item in kwargs.get("Filters", []):
        item["FilterValues"] = [v.replace("{queue}", queue_id) for v in item["FilterValues"]]
    metrics = kwargs.pop("Metrics", [metric("CONTACTS_QUEUED")])
    with pytest.raises(ClientError) as err:
        _get(center, start, end, metrics, **kwargs)
    assert err.value.response["Error"]["Code"] == "InvalidParameterException"
    assert needle in err.value.response["Error"]["Message"]
