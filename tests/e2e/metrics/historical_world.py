"""Helpers for historical-metric scenarios on the virtual-clock server.

Scenarios start on a 5-minute boundary (`start_window`), move the clock with `at(t)` to
seconds after it, and read metrics once the window is over.
"""

from __future__ import annotations

from typing import Any

from tests.e2e.routing.conftest import Center

FIVE_MIN_MS = 300_000


def start_window(center: Center) -> int:
    """Advance the shared virtual clock to the next 5-minute boundary (at least 1 s ahead)."""
    now = center.controls.now()
    t0 = (now // FIVE_MIN_MS + 1) * FIVE_MIN_MS
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
