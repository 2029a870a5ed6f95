"""The simulator against exact queueing theory: Erlang C, Erlang A and Little's law.

Each check runs a few independent seeds and compares the mean over seeds with the exact value
inside a 99.9 % Student-t interval (plus a small allowance for the warm-up bias of a finite
run). A simulator that ignores abandonment, serves out of order or loses contacts fails.
"""

from __future__ import annotations

import math
import statistics

import pytest

from switchboard.sim.metrics import queue_length_series
from tests.theory.queueing import (
    ci_halfwidth,
    erlang_a_exact,
    mms_exact,
    mms_scenario,
    run,
)

SEEDS = (11, 12, 13, 14, 15)
S, MEAN_HANDLE = 10, 60.0
MU = 1 / MEAN_HANDLE


def _within(values: list[float], exact: float, rel_bias: float = 0.02) -> tuple[bool, str]:
    mean = statistics.fmean(values)
    half = ci_halfwidth(values) + rel_bias * abs(exact)
    return abs(
        mean - exact
    ) <= half, f"mean {mean:.4g} vs exact {exact:.4g} +- {half:.3g} ({values})"


def test_wait_probability_and_mean_wait_match_erlang_c_when_mms():
    lam = 0.85 * S * MU
    exact = mms_exact(S, lam, MU)
    scenario = mms_scenario(S, lam, MEAN_HANDLE, customers=20_000, warmup=1_000)
    p_wait, mean_wait, tail = [], [], []
    t = exact["mean_wait"]  # P(W > t) = C exp(-(s mu - lambda) t) under FIFO
    for seed in SEEDS:
        waits = [w / 1000 for w in run(scenario, seed).summary.answered_waits_ms]
        p_wait.append(sum(1 for w in waits if w > 0) / len(waits))
        mean_wait.append(statistics.fmean(waits))
        tail.append(sum(1 for w in waits if w > t) / len(waits))
    ok, why = _within(p_wait, exact["p_wait"])
    assert ok, f"P(wait > 0): {why}"
    ok, why = _within(mean_wait, exact["mean_wait"])
    assert ok, f"mean wait (s): {why}"
    ok, why = _within(tail, exact["p_wait"] * math.exp(-exact["tail_rate"] * t))
    assert ok, f"P(wait > {t:.1f} s), the FIFO tail: {why}"


def test_abandonment_and_mean_wait_match_erlang_a_when_customers_are_impatient():
    lam, theta = 1.1 * S * MU, 1 / 90.0  # overloaded: only abandonment keeps it stable
    exact = erlang_a_exact(S, lam, MU, theta)
    scenario = mms_scenario(S, lam, MEAN_HANDLE, 15_000, 1_000, patience_mean_s=1 / theta)
    p_abandon, mean_wait = [], []
    for seed in SEEDS:
        summary = run(scenario, seed).summary
        waits = summary.answered_waits_ms + summary.abandoned_waits_ms
        p_abandon.append(summary.abandoned / summary.queued)
        mean_wait.append(statistics.fmean(waits) / 1000)
    ok, why = _within(p_abandon, exact["p_abandon"])
    assert ok, f"P(abandon): {why}"
    ok, why = _within(mean_wait, exact["mean_wait_all"])
    assert ok, f"mean time in queue, all arrivals (s): {why}"


def test_queue_length_equals_arrival_rate_times_wait_when_littles_law():
    lam = 0.9 * S * MU
    exact = mms_exact(S, lam, MU)
    scenario = mms_scenario(S, lam, MEAN_HANDLE, customers=6_000, warmup=300)
    lengths = []
    for seed in SEEDS:
        result = run(scenario, seed, records=True)
        start, end = round(scenario.warmup_seconds * 1000), result.end_ms
        window_s = (end - start) / 1000
        kept = [r for r in result.records if r.contact.enqueued_at is not None]
        (length,) = queue_length_series(kept, start, end, end - start)  # time-average L_q
        entered = [r for r in kept if start <= r.contact.enqueued_at < end]
        waits = [r.wait_ms / 1000 for r in entered if r.wait_ms is not None]
        # L = lambda W from three separately measured quantities (edge effects only).
        assert length == pytest.approx(len(entered) / window_s * statistics.fmean(waits), rel=0.03)
        lengths.append(length)
    ok, why = _within(lengths, exact["mean_queue"], rel_bias=0.03)
    assert ok, f"mean queue length L_q: {why}"
