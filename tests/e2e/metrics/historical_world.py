"""Helpers for historical-metric scenarios on the virtual-clock server.

Scenarios start on a 5-minute boundary (`start_window`), move the clock with `at(t)` to
seconds after it, and read metrics once the window is over.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.e2e.routing.conftest import Center

FIVE_MIN_MS = 300_000


def start_window(center: Center, boundary_ms: int = FIVE_MIN_MS) -> int:
    """Advance the shared virtual clock to the next boundary (5 minutes unless told)."""
    now = center.controls.now()
    t0 = (now // boundary_ms + 1) * boundary_ms
    center.controls.advance(ms=t0 - now)
    return t0


class Timeline:
    """Moves the virtual clock to `t0 + seconds`."""

    def __init__(self, center: Center, t0: int) -> None:
        self.center = center
        self.t0 = t0

    def at(self, seconds: float) -> None:
        target = self.t0 + int(seconds * 1000)
        now = self.center.controls.now()
        assert target >= now, f"timeline went backwards: {target} < {now}"
        if target > now:
            self.center.controls.advance(ms=target - now)


def v1(name: str, unit: str, statistic: str, threshold: float | None = None) -> dict[str, Any]:
    metric: dict[str, Any] = {"Name": name, "Unit": unit, "Statistic": statistic}
    if threshold is not None:
        metric["Threshold"] = {"Comparison": "LT", "ThresholdValue": threshold}
    return metric


def values_by_name(collections: list[dict[str, Any]]) -> dict[str, Any]:
    """Name -> Value (None when absent); SERVICE_LEVEL keyed as SERVICE_LEVEL@<threshold>."""
    out: dict[str, Any] = {}
    for item in collections:
        metric = item["Metric"]
        key = metric["Name"]
        threshold = metric.get("Threshold")
        if isinstance(threshold, dict):
            key += f"@{threshold['ThresholdValue']:g}"
        elif isinstance(threshold, list) and threshold:
            key += f"@{threshold[0]['ThresholdValue']:g}"
        out[key] = item.get("Value")
    return out


@dataclass(frozen=True)
class VoiceDay:
    queue_id: str
    profile_id: str
    agent_id: str
    t0: int


def voice_day(center: Center, boundary_ms: int = FIVE_MIN_MS) -> VoiceDay:
    """One agent, four calls in the 5 minutes after a boundary; the clock ends at t0 + 300 s.

    Hand-computed facts: queued 4 (c1..c4), handled 2 (c1 agent hangs up, c3 customer hangs
    up), abandoned 2 (c2 after 10 s, c4 after 65 s), missed 1 (c4 rang 20 s); queue times
    10/10/5/65 s; c1: interaction 45, hold 15, ACW 20; c3: interaction 20, ACW 5; agent on
    contact 105 s, idle 15 s.
    """
    qid, _ = center.queue("Support")
    profile = center.profile("voice", [(qid, "VOICE", 1, 0)], VOICE=1)
    t0 = start_window(center, boundary_ms)
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
    return VoiceDay(qid, profile, ada, t0)
