"""The simulator's interval metrics are what GetMetricDataV2 answers about the same contacts.

`tiny_center` is run by the simulator; every action of its contacts (arrive, accept, hang up,
clear ACW, abandon) is replayed at the same offsets on the virtual-clock server; then the
simulator's table is compared with the server's answer, interval by interval, for the whole
center and for each queue. Should the two paths ever compute a metric differently, this fails.
"""

from __future__ import annotations

from typing import Any

import pytest

from switchboard.app.interval_metrics import QUEUE_METRICS
from switchboard.domain.contacts.contact import Contact
from switchboard.sim.metrics import SimMetrics, interval_metrics
from switchboard.sim.runner import SimResult, simulate
from switchboard.storage.sqlite import SqliteStore
from tests.e2e.metrics.historical_world import Timeline, start_window
from tests.e2e.routing.conftest import Center
from tests.unit.sim.tiny_center import TINY

FIFTEEN_MIN_MS = 900_000


def _actions(result: SimResult) -> list[tuple[int, int, str, Contact]]:
    """(offset ms, order at a tie, action, contact) for every contact, in time order."""
    out: list[tuple[int, int, str, Contact]] = []
    for record in result.records:
        c = record.contact
        assert c.enqueued_at is not None
        out.append((c.enqueued_at, 0, "arrive", c))
        if c.connected_to_agent_at is not None:
            assert c.disconnected_at is not None and c.acw_ended_at is not None
            out.append((c.connected_to_agent_at, 1, "accept", c))
            out.append((c.disconnected_at, 2, "end", c))
            out.append((c.acw_ended_at, 3, "clear", c))
        elif c.abandoned:
            assert c.dequeued_at is not None
            out.append((c.dequeued_at, 4, "abandon", c))
    return sorted(out, key=lambda a: (a[0], a[1]))


def _replay(center: Center, result: SimResult) -> tuple[int, dict[str, str], str]:
    """Build the scenario's center on the server and act out the run; (t0, queue ids, agent)."""
    queues = {q.name: center.queue(q.name)[0] for q in TINY.queues}
    (profile,) = TINY.routing_profiles
    configs = [
        (queues[e.queue], e.channel.value, e.priority, e.delay_seconds) for e in profile.queues
    ]
    ada = center.agent("ada", center.profile(profile.name, configs))  # fmt: skip
    t0 = start_window(center, FIFTEEN_MIN_MS)
    t = Timeline(center, t0)
    ctl, iid = center.controls, center.instance_id
    served: dict[str, str] = {}
    for at, _, action, c in _actions(result):
        t.at(at / 1000)
        if action == "arrive":
            served[c.id] = ctl.place_call(iid, queue_id=queues[c.queue_id or ""])["ContactId"]
        elif action == "accept":
            ctl.accept(iid, ada, served[c.id])
        elif action == "end":
            ctl.end(iid, ada, served[c.id])
        elif action == "clear":
            ctl.clear_acw(iid, ada, served[c.id])
        else:
            ctl.abandon(iid, served[c.id])
    t.at(result.end_ms / 1000)
    return t0, queues, ada


def _v2(center: Center, t0: int, end: int, names: tuple[str, ...], **kwargs: Any) -> Any:
    metrics = []
    for name in names:
        metric: dict[str, Any] = {"Name": name}
        if name == "SERVICE_LEVEL":
            threshold = {"Comparison": "LT", "ThresholdValue": TINY.service_level_seconds}
            metric["Threshold"] = [threshold]
        metrics.append(metric)
    arn = center.connect.describe_instance(InstanceId=center.instance_id)["Instance"]["Arn"]
    return center.connect.get_metric_data_v2(
        ResourceArn=arn, StartTime=t0 / 1000, EndTime=end / 1000, Metrics=metrics,
        Interval={"IntervalPeriod": "FIFTEEN_MIN", "TimeZone": "UTC"}, **kwargs,
    )["MetricResults"]  # fmt: skip


def _answered(results: Any, t0: int, queue_names: dict[str, str]) -> dict[Any, dict[str, Any]]:
    """(offset s, queue name or "") -> name -> value (None when the API leaves it out)."""
    out = {}
    for item in results:
        start = item["MetricInterval"]["StartTime"].timestamp() * 1000 - t0
        queue = queue_names.get(item["Dimensions"].get("QUEUE", ""), "")
        values = {c["Metric"]["Name"]: c.get("Value") for c in item["Collections"]}
        out[(start / 1000, queue)] = values
    return out


def _simulated(metrics: SimMetrics) -> dict[Any, dict[str, Any]]:
    return {(r.interval_start_s, r.queue): dict(r.metrics) for r in metrics.intervals}


def test_simulated_interval_metrics_equal_get_metric_data_v2_when_the_contacts_replay(
    center: Center,
) -> None:
    result = simulate(TINY)
    store = SqliteStore(":memory:")
    try:
        simulated = _simulated(interval_metrics(result, store))
    finally:
        store.close()
    t0, queues, ada = _replay(center, result)
    end = t0 + result.end_ms
    by_queue = [{"FilterKey": "QUEUE", "FilterValues": list(queues.values())}]
    names = {qid: name for name, qid in queues.items()}
    answered = _answered(
        _v2(center, t0, end, QUEUE_METRICS, Filters=by_queue, Groupings=["QUEUE"]), t0, names
    )
    answered.update(_answered(_v2(center, t0, end, QUEUE_METRICS, Filters=by_queue), t0, names))
    agents = [{"FilterKey": "AGENT", "FilterValues": [ada]}]
    for key, values in _answered(
        _v2(center, t0, end, ("AGENT_OCCUPANCY",), Filters=agents), t0, names
    ).items():
        answered[key]["AGENT_OCCUPANCY"] = values["AGENT_OCCUPANCY"]

    assert len(simulated) == 2 * 3  # two intervals x (center, Sales, Support)
    for key, values in simulated.items():
        for name, value in values.items():
            api = answered.get(key, {}).get(name)
            if value is None or api is None:
                assert value == api, (key, name)
            else:
                assert value == pytest.approx(api), (key, name)
    assert simulated[(0.0, "")]["CONTACTS_QUEUED"] == 6  # the replay is not empty
