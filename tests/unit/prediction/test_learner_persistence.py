"""What the wait predictor learned survives a restart: snapshot + journal replay rebuild it."""

from __future__ import annotations

import random

from switchboard.app import codec
from switchboard.app.container import App
from switchboard.cli.demo_seed import ensure_demo_center
from switchboard.domain.ids import RandomIds
from switchboard.domain.time import FixedClock
from switchboard.server.timers import advance_all
from switchboard.sim.live import TICK_S, LiveTraffic
from switchboard.storage.memory import MemoryStore

TICK_MS = int(TICK_S * 1000)


def _busy_center(store: MemoryStore, clock: FixedClock, seconds: int) -> tuple[App, str]:
    app = App(store, clock, RandomIds(random.Random(5)))
    demo = ensure_demo_center(app)
    driver = LiveTraffic(
        app.centers[demo.instance_id], app.ids.new_id, demo.inbound_flow_id,
        random.Random(5), speed=4.0,
    )  # fmt: skip
    for _ in range(int(seconds / TICK_S)):
        clock.advance(TICK_MS)
        advance_all(app)
        driver.step()
    return app, demo.instance_id


def _learned(app: App, instance_id: str) -> object:
    return codec.encode(app.centers[instance_id].prediction.export())


def test_learned_calibration_is_rebuilt_when_restarting_without_snapshot() -> None:
    store, clock = MemoryStore(), FixedClock(1_700_000_000_000)
    app, iid = _busy_center(store, clock, 240)
    before = _learned(app, iid)
    assert app.centers[iid].prediction.calibration.buckets(), "the traffic taught nothing"
    restarted = App(store, clock, RandomIds(random.Random(6)))  # journal replay only
    assert _learned(restarted, iid) == before


def test_learned_calibration_survives_when_restarting_from_a_snapshot() -> None:
    store, clock = MemoryStore(), FixedClock(1_700_000_000_000)
    app, iid = _busy_center(store, clock, 240)
    app.centers[iid].snapshot()
    before = _learned(app, iid)
    restarted = App(store, clock, RandomIds(random.Random(6)))
    assert _learned(restarted, iid) == before
