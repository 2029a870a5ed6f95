"""The live traffic driver on a virtual clock: the demo center, stepped tick by tick in memory."""

from __future__ import annotations

import math
import random
import re
from collections import Counter
from dataclasses import dataclass, field

import pytest

from switchboard.app.container import App
from switchboard.app.ports import ContactQuery
from switchboard.cli.demo_seed import DemoCenter, ensure_demo_center
from switchboard.domain.contacts.contact import Contact, ContactStatus
from switchboard.domain.ids import RandomIds
from switchboard.domain.routing.types import AgentContactState, StatusKind
from switchboard.domain.time import FixedClock
from switchboard.server.timers import advance_all
from switchboard.sim.live import TICK_S, LiveTraffic
from switchboard.storage.memory import MemoryStore

START = 1_700_000_000_000
TICK_MS = int(TICK_S * 1000)


@dataclass
class Run:
    app: App
    clock: FixedClock
    demo: DemoCenter
    driver: LiveTraffic
    expected_arrivals: float = 0.0
    statuses_seen: Counter[str] = field(default_factory=Counter)

    def contacts(self) -> list[Contact]:
        query = ContactQuery(self.demo.instance_id, "initiated_at", 0, self.clock.now())
        return self.app.store.find_contacts(query)


def drive(seconds: float, *, speed: float = 1.0, seed: int = 3) -> Run:
    clock = FixedClock(START)
    app = App(MemoryStore(), clock, RandomIds(random.Random(seed)))
    demo = ensure_demo_center(app)
    center = app.centers[demo.instance_id]
    driver = LiveTraffic(
        center, app.ids.new_id, demo.inbound_flow_id, random.Random(seed), speed=speed
    )
    run = Run(app, clock, demo, driver)
    rate = driver.profile.arrivals_per_s * speed
    for _ in range(int(seconds / TICK_S)):
        clock.advance(TICK_MS)
        run.expected_arrivals += rate * driver.rate_multiplier(clock.now()) * TICK_S
        advance_all(app)
        driver.step()
        for user_id in driver.agent_ids():
            run.statuses_seen[center.engine.agent_state(user_id).status.kind.value] += 1
    return run


@pytest.fixture(scope="module")
def five_minutes() -> Run:
    return drive(300)


def test_arrivals_follow_the_intraday_rate_when_traffic_runs(five_minutes: Run) -> None:
    expected = five_minutes.expected_arrivals
    arrived = five_minutes.driver.arrived
    assert abs(arrived - expected) < 4 * math.sqrt(expected), (arrived, expected)
    channels = Counter(c.channel.value for c in five_minutes.contacts())
    assert set(channels) == {"VOICE", "CHAT", "TASK"}
    assert channels["VOICE"] > channels["TASK"]


def test_agents_answer_talk_and_clear_acw_when_contacts_arrive(five_minutes: Run) -> None:
    finished = [c for c in five_minutes.contacts() if c.status is ContactStatus.FINISHED]
    handled = [c for c in finished if c.connected_to_agent_at is not None]
    assert len(handled) > 0.6 * len(finished)
    reasons = Counter(c.disconnect_reason for c in handled)
    assert reasons["CUSTOMER_DISCONNECT"] > 0
    assert reasons["AGENT_DISCONNECT"] > 0
    queued_by_name = {q: n for n, q in five_minutes.demo.queue_ids.items()}
    assert {queued_by_name.get(c.queue_id or "") for c in handled} >= {
        "Sales",
        "Support",
        "Billing",
    }
    assert all(c.acw_ended_at is not None for c in handled)


def test_some_callers_abandon_when_they_wait_too_long(five_minutes: Run) -> None:
    abandoned = [
        c
        for c in five_minutes.contacts()
        if c.status is ContactStatus.FINISHED and c.connected_to_agent_at is None
        and c.disconnect_reason == "CUSTOMER_DISCONNECT"
    ]  # fmt: skip
    assert abandoned
    assert all(c.enqueued_at is not None for c in abandoned)


def test_agents_log_in_and_take_breaks_when_the_driver_starts(five_minutes: Run) -> None:
    seen = five_minutes.statuses_seen
    assert seen[StatusKind.ROUTABLE.value] > 0
    assert seen[StatusKind.CUSTOM.value] > 0  # Break, Lunch or Training for a while
    engine = five_minutes.driver.center.engine
    assert all(
        engine.agent_state(u).status.kind is not StatusKind.OFFLINE
        for u in five_minutes.driver.agent_ids()
    )


def test_no_offer_stays_missed_when_the_agent_is_driven(five_minutes: Run) -> None:
    engine = five_minutes.driver.center.engine
    blocked = [
        (u, slot.contact_id)
        for u in five_minutes.driver.agent_ids()
        for slot in engine.agent_state(u).contacts
        if slot.state in (AgentContactState.MISSED, AgentContactState.REJECTED)
    ]
    assert len(blocked) <= 1  # a miss is dismissed within seconds


def test_speed_compresses_the_day_when_rate_is_raised() -> None:
    slow = drive(1, speed=1.0)
    fast = drive(1, speed=5.0)
    day_ms = slow.driver.profile.day_s * 1000
    for fraction in (0.1, 0.37, 0.8):
        at_slow = slow.driver.rate_multiplier(slow.driver.started_at + int(day_ms * fraction))
        at_fast = fast.driver.rate_multiplier(fast.driver.started_at + int(day_ms * fraction / 5))
        assert at_slow == pytest.approx(at_fast, rel=1e-6)


def test_the_same_seed_gives_the_same_traffic_when_run_twice() -> None:
    first, second = drive(30, seed=11), drive(30, seed=11)
    assert first.driver.arrived == second.driver.arrived > 0
    shape = [(c.channel, c.attributes, c.initiated_at) for c in first.contacts()]
    assert shape == [(c.channel, c.attributes, c.initiated_at) for c in second.contacts()]


def test_summary_counts_every_agent_when_asked(five_minutes: Run) -> None:
    line = five_minutes.driver.summary()
    numbers = [
        int(n) for n in re.findall(r"(\d+) (?:on a contact|available|on a break|offline)", line)
    ]
    assert sum(numbers) == len(five_minutes.driver.agent_ids()) == 24
    assert f"{five_minutes.driver.arrived} customers arrived" in line
