"""Pure historical-metric definitions: unit/statistic pairs, thresholds, value formulas, the
GetMetricData time rules (R4.1.1), V2 intervals (R4.2.1) and V2 metric rules (R4.2.2-R4.2.3)."""

from __future__ import annotations

import pytest

from switchboard.domain.errors import InvalidArgumentError
from switchboard.domain.metrics.historical import (
    DAY_MS,
    V1_UNITS,
    Aggregate,
    Basis,
    Fact,
    buckets,
    check_v1_window,
    check_v2_window,
    v1_metric,
)
from switchboard.domain.metrics.historical_v2 import v2_metric

NOW = 1_700_000_100_000 // 300_000 * 300_000  # on a 5-minute boundary
LT = {"Comparison": "LT", "ThresholdValue": 20}


def test_every_documented_v1_metric_resolves_when_unit_and_statistic_match() -> None:
    assert len(V1_UNITS) == 25
    for name, (unit, statistic) in V1_UNITS.items():
        metric = v1_metric(name, unit, statistic, LT if name == "SERVICE_LEVEL" else None)
        assert all(isinstance(a, Aggregate) for a in metric.needs)


@pytest.mark.parametrize(
    ("name", "unit", "statistic"),
    [("HANDLE_TIME", "SECONDS", "SUM"), ("CONTACTS_QUEUED", "COUNT", "AVG"), ("QUEUED_TIME", "SECONDS", "AVG"),
     ("AVG_HOLD_TIME", "SECONDS", "AVG")],
)  # fmt: skip
def test_v1_metric_is_invalid_when_pair_or_name_wrong(name: str, unit: str, statistic: str) -> None:
    with pytest.raises(InvalidArgumentError):
        v1_metric(name, unit, statistic, None)


@pytest.mark.parametrize(
    "threshold",
    [None, {"Comparison": "LT"}, {"Comparison": "LTE", "ThresholdValue": 5},
     {"Comparison": "LT", "ThresholdValue": 0}, {"Comparison": "LT", "ThresholdValue": 604_801}],
)  # fmt: skip
def test_service_level_is_invalid_when_threshold_missing_or_out_of_range(
    threshold: dict[str, object] | None,
) -> None:
    with pytest.raises(InvalidArgumentError):
        v1_metric("SERVICE_LEVEL", "PERCENT", "AVG", threshold)


def test_service_level_counts_removed_within_threshold_over_dequeued() -> None:
    metric = v1_metric("SERVICE_LEVEL", "PERCENT", "AVG", LT)
    part, whole = metric.needs
    assert (part.fact, part.threshold_ms, part.inclusive) == (Fact.REMOVED_IN_X, 20_000, False)
    assert metric.value({part: 3, whole: 4}) == 75.0
    assert metric.value({part: 0, whole: 0}) is None  # nothing dequeued: cannot be computed


def test_averages_are_seconds_and_null_when_nothing_counted() -> None:
    metric = v1_metric("HANDLE_TIME", "SECONDS", "AVG", None)
    total, count = metric.needs
    assert (total.fact, count.fact) == (Fact.HANDLE_MS, Fact.FINISHED_HANDLED)
    assert total.basis is Basis.FINISHED
    assert metric.value({total: 105_000, count: 2}) == 52.5
    assert metric.value({total: None, count: 0}) is None


def test_counts_are_zero_and_max_null_when_no_data() -> None:
    assert v1_metric("CONTACTS_HANDLED", "COUNT", "SUM", None).value({}) == 0.0
    assert v1_metric("QUEUED_TIME", "SECONDS", "MAX", None).value({}) is None
    assert v1_metric("CONTACTS_CONSULTED", "COUNT", "SUM", None).needs == ()


def test_occupancy_is_time_on_contact_over_on_contact_plus_idle() -> None:
    metric = v1_metric("OCCUPANCY", "PERCENT", "AVG", None)
    on, idle = metric.needs
    assert on.basis is Basis.AGENT
    assert metric.value({on: 105_000, idle: 15_000}) == 87.5
    assert metric.value({on: 0, idle: 0}) is None


def test_contacts_queued_is_placed_by_enqueue_time_and_handled_by_disconnect() -> None:
    (queued,) = v1_metric("CONTACTS_QUEUED", "COUNT", "SUM", None).needs
    (handled,) = v1_metric("CONTACTS_HANDLED", "COUNT", "SUM", None).needs
    assert (queued.basis, handled.basis) == (Basis.ENQUEUED, Basis.DISCONNECTED)


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        (NOW - 600_000 + 1_000, NOW, "StartTime"),  # not on a boundary
        (NOW - 600_000, NOW - 60_000, "EndTime"),
        (NOW - 300_000, NOW - 300_000, "EndTime"),  # empty range
        (NOW - DAY_MS - 300_000, NOW - DAY_MS, "StartTime"),  # older than 24 h
        (NOW - DAY_MS + 300_000, NOW + 300_000, "EndTime"),  # exactly 24 h long
    ],
)
def test_v1_window_is_invalid_when_rule_broken(start: int, end: int, field: str) -> None:
    with pytest.raises(InvalidArgumentError) as err:
        check_v1_window(start, end, NOW)
    assert err.value.field == field


def test_v1_window_accepts_just_under_24_hours_ending_in_the_future() -> None:
    check_v1_window(NOW - DAY_MS + 300_000, NOW + 300_000 - 300_000, NOW)
    check_v1_window(NOW - 300_000, NOW + 600_000, NOW)


def test_v2_window_rules_depend_on_the_interval_period() -> None:
    hour = 3_600_000
    end = NOW // hour * hour
    check_v2_window(end - 3 * DAY_MS, end, NOW, "HOUR", 0)
    check_v2_window(end - 30 * DAY_MS, end, NOW, "DAY", 0)
    for start, stop, period in (
        (end - 3 * DAY_MS - hour, end, "HOUR"),  # over 3 days
        (end - 36 * DAY_MS, end, "TOTAL"),  # over 35 days
        (end - hour + 300_000, end, "FIFTEEN_MIN"),  # not aligned
        (end, end + hour, "HOUR"),  # in the future
    ):
        with pytest.raises(InvalidArgumentError):
            check_v2_window(start, stop, NOW, period, 0)
    # Alignment is local: 10:30 UTC is 11:00 in a +30 min zone.
    check_v2_window(end - hour - 1_800_000, end - 1_800_000, NOW, "HOUR", 1_800_000)


def test_buckets_cover_the_range_and_total_is_one() -> None:
    assert buckets(0, 3_600_000, "FIFTEEN_MIN") == [
        (0, 900_000), (900_000, 1_800_000), (1_800_000, 2_700_000), (2_700_000, 3_600_000)
    ]  # fmt: skip
    assert buckets(0, 5, "TOTAL") == [(0, 5)]
    assert buckets(0, 10 * DAY_MS, "WEEK")[-1] == (7 * DAY_MS, 10 * DAY_MS)


def test_v2_thresholds_take_lt_or_lte_and_set_inclusiveness() -> None:
    lte = v2_metric(
        {
            "Name": "SUM_CONTACTS_ANSWERED_IN_X",
            "Threshold": [{"Comparison": "LTE", "ThresholdValue": 10}],
        }
    )
    (agg,) = lte.metric.needs
    assert (agg.fact, agg.threshold_ms, agg.inclusive) == (Fact.ANSWERED_IN_X, 10_000, True)
    with pytest.raises(InvalidArgumentError):
        v2_metric(
            {"Name": "SERVICE_LEVEL", "Threshold": [{"Comparison": "GT", "ThresholdValue": 10}]}
        )
    with pytest.raises(InvalidArgumentError):
        v2_metric(
            {"Name": "CONTACTS_QUEUED", "Threshold": [{"Comparison": "LT", "ThresholdValue": 10}]}
        )


def test_v2_allowed_keys_follow_the_metric_side() -> None:
    assert "AGENT" not in v2_metric({"Name": "AVG_QUEUE_ANSWER_TIME"}).allowed_keys
    assert v2_metric({"Name": "AGENT_OCCUPANCY"}).allowed_keys == {"ROUTING_PROFILE", "AGENT"}
    assert "AGENT" in v2_metric({"Name": "CONTACTS_HANDLED"}).allowed_keys


def test_v2_abandonment_rate_is_abandoned_over_queued() -> None:
    metric = v2_metric({"Name": "ABANDONMENT_RATE"}).metric
    abandoned, queued = metric.needs
    assert metric.value({abandoned: 1, queued: 4}) == 25.0
    assert metric.value({abandoned: 0, queued: 0}) is None


def test_v2_metric_filters_apply_only_where_documented() -> None:
    handled = v2_metric({"Name": "CONTACTS_HANDLED", "MetricFilters": [
        {"MetricFilterKey": "DISCONNECT_REASON", "MetricFilterValues": ["AGENT_DISCONNECT"], "Negate": True}]})  # fmt: skip
    (agg,) = handled.metric.needs
    assert (agg.disconnect_reasons, agg.negate_disconnect) == (("AGENT_DISCONNECT",), True)
    with pytest.raises(InvalidArgumentError):
        v2_metric({"Name": "CONTACTS_CREATED", "MetricFilters": [
            {"MetricFilterKey": "DISCONNECT_REASON", "MetricFilterValues": ["API"]}]})  # fmt: skip
