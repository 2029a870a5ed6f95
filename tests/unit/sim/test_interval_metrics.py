"""The simulator's interval metrics: GetMetricDataV2's definitions answered through a store,
checked against the hand-computed values of `tiny_center`."""

from __future__ import annotations

import pytest

from switchboard.sim.metrics import SimMetrics, interval_metrics
from switchboard.sim.runner import simulate
from switchboard.storage.sqlite import SqliteStore
from tests.unit.sim.tiny_center import TINY, tiny


def _metrics(scenario: object = TINY) -> SimMetrics:
    result = simulate(scenario)  # type: ignore[arg-type]
    store = SqliteStore(":memory:")
    try:
        return interval_metrics(result, store)
    finally:
        store.close()


def _row(metrics: SimMetrics, start_s: float, queue: str = "") -> dict[str, float | None]:
    (row,) = [r for r in metrics.intervals if r.interval_start_s == start_s and r.queue == queue]
    return dict(row.metrics)


def test_center_rows_match_the_hand_computed_values_when_run_through_the_store() -> None:
    metrics = _metrics()
    first = _row(metrics, 0)
    assert first == {
        "CONTACTS_QUEUED": 6,
        "CONTACTS_HANDLED": 3,
        "CONTACTS_ABANDONED": 2,
        "ABANDONMENT_RATE": pytest.approx(100 * 2 / 6),
        "SERVICE_LEVEL": 80,
        "AVG_QUEUE_ANSWER_TIME": pytest.approx(40 / 3),
        "AVG_ABANDON_TIME": 10,
        "MAX_QUEUED_TIME": 20,
        "AVG_HANDLE_TIME": pytest.approx(170 / 3),
        "AVG_AFTER_CONTACT_WORK_TIME": 20,
        "AGENT_NON_RESPONSE": 0,
        "AGENT_OCCUPANCY": pytest.approx(100 * 210 / 860),
    }
    second = _row(metrics, 900)
    assert second["CONTACTS_QUEUED"] == 1
    assert second["CONTACTS_HANDLED"] == 1  # c6: queued in the first interval, ended in this one
    assert second["ABANDONMENT_RATE"] == 100
    assert second["SERVICE_LEVEL"] == 50
    assert (second["AVG_ABANDON_TIME"], second["MAX_QUEUED_TIME"]) == (20, 20)
    assert second["AVG_HANDLE_TIME"] == 120
    assert second["AGENT_OCCUPANCY"] == pytest.approx(100 * 80 / 900)


def test_queue_rows_split_the_center_and_leave_occupancy_to_it_when_grouped() -> None:
    metrics = _metrics()
    sales, support = _row(metrics, 0, "Sales"), _row(metrics, 0, "Support")
    assert (sales["CONTACTS_QUEUED"], support["CONTACTS_QUEUED"]) == (3, 3)
    assert (sales["SERVICE_LEVEL"], support["SERVICE_LEVEL"]) == (50, 100)
    assert (sales["AVG_HANDLE_TIME"], support["AVG_HANDLE_TIME"]) == (50, 60)
    assert "AGENT_OCCUPANCY" not in sales  # V2 refuses AGENT_OCCUPANCY by queue
    assert [(r.interval_start_s, r.queue) for r in metrics.intervals] == [
        (0, ""), (0, "Sales"), (0, "Support"), (900, ""), (900, "Sales"), (900, "Support"),
    ]  # fmt: skip


def test_an_interval_without_contacts_has_zero_counts_and_no_averages_when_empty() -> None:
    metrics = _metrics()
    quiet = _row(metrics, 900, "Sales")  # c6 ends here; nothing queued or abandoned in Sales
    assert quiet["CONTACTS_QUEUED"] == 0
    assert quiet["CONTACTS_ABANDONED"] == 0
    assert quiet["AVG_ABANDON_TIME"] is None
    assert quiet["ABANDONMENT_RATE"] is None


def test_warm_up_arrivals_are_left_out_when_the_scenario_has_a_warm_up() -> None:
    metrics = _metrics(tiny(warmup_seconds=60))  # c1 and c2 arrive before 60 s
    first = _row(metrics, 0)
    assert first["CONTACTS_QUEUED"] == 4
    assert first["CONTACTS_HANDLED"] == 2
    assert first["CONTACTS_ABANDONED"] == 1
    assert first["AGENT_OCCUPANCY"] == pytest.approx(100 * 210 / 860)  # agents' time is kept


def test_total_is_the_whole_run_when_summarised() -> None:
    total = _metrics().total
    assert total["CONTACTS_QUEUED"] == 7
    assert total["SERVICE_LEVEL"] == pytest.approx(100 * 5 / 7)
    assert total["AGENT_OCCUPANCY"] == pytest.approx(100 * 290 / (290 + 1470))
