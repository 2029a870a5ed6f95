"""The control namespace exposes the wait predictor's quantiles (issue 6)."""

from __future__ import annotations

import pytest

from tests.e2e.metrics.conftest import MetricsCenter


def test_control_view_has_mean_and_quantiles_when_contact_waits(center: MetricsCenter) -> None:
    qid, _ = center.queue("Quantiles")
    profile = center.profile("quantiles", [(qid, "VOICE", 1, 0)])
    agent = center.agent("ann", profile)
    busy = center.call(qid)
    center.controls.accept(center.instance_id, agent, busy)
    waiting = [center.call(qid) for _ in range(3)]
    view = center.controls.contact(center.instance_id, waiting[2])
    wait = view["EstimatedWait"]
    # nothing learned yet: 180 s prior handle time, one busy agent, 2 ahead -> 3 x 180 s
    assert wait["Mean"] == pytest.approx(540.0)
    assert 0 < wait["P10"] < wait["P50"] < wait["Mean"] < wait["P90"]
    metrics = center.contact_metrics(waiting[2])
    assert metrics["ESTIMATED_WAIT_TIME"] == float(round(wait["Mean"]))


def test_control_view_has_no_estimate_when_contact_is_connected(center: MetricsCenter) -> None:
    qid, _ = center.queue("Connected")
    profile = center.profile("connected", [(qid, "VOICE", 1, 0)])
    agent = center.agent("bob", profile)
    contact = center.call(qid)
    center.controls.accept(center.instance_id, agent, contact)
    assert center.controls.contact(center.instance_id, contact)["EstimatedWait"] is None
