"""Baselines, the stage model and the state-aware estimator on hand-computable states."""

from __future__ import annotations

import math

import pytest

from switchboard.domain.metrics.ewt import ServerGroup, WaitContext
from switchboard.domain.prediction.baselines import (
    ErlangAEstimator,
    HolEstimator,
    LesEstimator,
    QueueLengthEstimator,
)
from switchboard.domain.prediction.calibration import MIN_OWN, Calibration
from switchboard.domain.prediction.quantiles import QuantileTracker, gamma_quantile
from switchboard.domain.prediction.stages import stage_moments
from switchboard.domain.prediction.state_aware import StateAwareEstimator

AHT = 120_000.0


def _ctx(ahead: int, *groups: ServerGroup, theta: float = 0.0, **kw: object) -> WaitContext:
    return WaitContext(ahead, groups, AHT, theta, **kw)  # type: ignore[arg-type]


def test_hol_and_les_return_the_recorded_waits_when_state_has_them() -> None:
    ctx = _ctx(3, ServerGroup(2, 0, 0), hol_ms=45_000, les_ms=30_000)
    assert HolEstimator().estimate(ctx).mean_s == 45.0  # type: ignore[union-attr]
    assert LesEstimator().estimate(ctx).mean_s == 30.0  # type: ignore[union-attr]
    assert LesEstimator().estimate(_ctx(0, ServerGroup(1, 0, 0))).mean_s == 0.0  # type: ignore[union-attr]


def test_ql_is_position_times_handle_over_slots_when_agents_serve() -> None:
    got = QueueLengthEstimator().estimate(_ctx(4, ServerGroup(2, 0, 0), ServerGroup(1, 0, 30_000)))
    assert got is not None and got.mean_s == pytest.approx(5 * 120 / 3)
    assert QueueLengthEstimator().estimate(_ctx(4)) is None


def test_erlang_a_is_whitt_sum_of_stage_means_when_callers_abandon() -> None:
    theta = 1 / 200_000
    got = ErlangAEstimator().estimate(_ctx(2, ServerGroup(3, 0, 0), theta=theta))
    mu = 1 / AHT
    expected = sum(1 / (3 * mu + j * theta) for j in range(3)) / 1000
    assert got is not None and got.mean_s == pytest.approx(expected)


def test_stage_model_is_erlang_when_nobody_abandons() -> None:
    m = stage_moments(_ctx(5, ServerGroup(4, 0, 0)))
    assert m is not None
    rate = 4 / AHT
    assert m.mean_ms == pytest.approx(6 / rate)
    assert m.variance_ms2 == pytest.approx(6 / rate**2)


def test_stage_model_conditions_on_service_when_callers_abandon() -> None:
    theta = 1 / 300_000
    m = stage_moments(_ctx(3, ServerGroup(2, 0, 0), theta=theta))
    assert m is not None
    base = 2 / AHT
    assert m.mean_ms == pytest.approx(sum(1 / (base + (j + 1) * theta) for j in range(4)))
    virtual = stage_moments(_ctx(3, ServerGroup(2, 0, 0), theta=theta), served_only=False)
    assert virtual is not None and virtual.mean_ms > m.mean_ms


def test_long_lines_use_the_closed_form_tail_when_ahead_is_large() -> None:
    exact = 500 * AHT / 2  # theta = 0: (x + 1) / (S mu)
    m = stage_moments(_ctx(499, ServerGroup(2, 0, 0)))
    assert m is not None and m.mean_ms == pytest.approx(exact, rel=1e-9)
    theta = 1 / 600_000
    m = stage_moments(_ctx(499, ServerGroup(2, 0, 0), theta=theta))
    base = 2 / AHT
    exact_a = sum(1 / (base + (j + 1) * theta) for j in range(500))
    assert m is not None and m.mean_ms == pytest.approx(exact_a, rel=2e-3)


def test_delayed_group_joins_when_its_delay_passes() -> None:
    # nobody serves now; a free agent joins after 40 s and takes the contact at once
    m = stage_moments(_ctx(0, ServerGroup(1, 1, 40_000)))
    assert m is not None and m.mean_ms == 40_000
    # one busy agent now: the first stage (120 s) would outlast the 30 s delay, so at 30 s a
    # second busy agent joins and the stage restarts at rate 2/AHT (memoryless)
    m = stage_moments(_ctx(0, ServerGroup(1, 0, 0), ServerGroup(1, 0, 30_000)))
    assert m is not None and m.mean_ms == pytest.approx(30_000 + AHT / 2)


def test_free_slot_means_no_wait_when_an_agent_is_ready() -> None:
    est = StateAwareEstimator().estimate(_ctx(0, ServerGroup(2, 1, 0)))
    assert est is not None and est.mean_s == 0.0 and est.p90_s == 0.0
    assert StateAwareEstimator().estimate(_ctx(1)) is None


def test_gamma_quantiles_match_the_exponential_when_shape_is_one() -> None:
    # Exponential(mean 100): P10 = 10.54, P50 = 69.3, P90 = 230.3 (Wilson-Hilferty: few %)
    assert gamma_quantile(100, 100**2, 0.1) == pytest.approx(-100 * math.log(0.9), rel=0.1)
    assert gamma_quantile(100, 100**2, 0.5) == pytest.approx(100 * math.log(2), rel=0.03)
    assert gamma_quantile(100, 100**2, 0.9) == pytest.approx(100 * math.log(10), rel=0.03)


def test_quantile_tracker_reaches_ten_percent_exceedance_when_model_is_too_narrow() -> None:
    tracker = QuantileTracker()
    import random

    rng = random.Random(7)
    over = 0
    n = 20_000
    for i in range(n):
        w = rng.expovariate(1 / 100)
        q90 = 150 * tracker.factors()[2]  # the model's P90 is far too low (true: 230)
        if i >= n // 2:
            over += w > q90
        tracker.update(w, 5.0, 50.0, q90)
    assert over / (n // 2) == pytest.approx(0.10, abs=0.015)


def test_recalibration_learns_a_bias_the_model_cannot_see_when_outcomes_disagree() -> None:
    cal = Calibration()
    est = StateAwareEstimator(cal)
    ctx = _ctx(3, ServerGroup(2, 0, 0), key="q/VOICE/5")
    found = est.features(ctx)
    assert found is not None
    phi, cv = found
    before = est.estimate_from(ctx.key, phi, cv).mean_s
    assert before == pytest.approx(4 * 60)
    for _ in range(3 * MIN_OWN):  # the truth is always twice the model
        cal.observe(ctx.key, phi, 2 * phi[1], (0.0, 0.0, 0.0))
    after = est.estimate_from(ctx.key, phi, cv).mean_s
    assert after == pytest.approx(2 * before, rel=0.1)
