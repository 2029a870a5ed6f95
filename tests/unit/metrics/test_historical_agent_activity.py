"""Agent activity for occupancy: classification and the event fold (R4.1.4 OCCUPANCY)."""

from __future__ import annotations

from switchboard.domain.metrics.agent_activity import (
    Activity,
    ActivityChange,
    ActivityTracker,
    classify,
)
from switchboard.domain.routing import events as ev
from switchboard.domain.routing.types import AgentContactState as S
from switchboard.domain.routing.types import Channel, StatusKind, StatusRef

AVAILABLE = StatusRef("a", "Available", StatusKind.ROUTABLE)
LUNCH = StatusRef("l", "Lunch", StatusKind.CUSTOM)
OFFLINE = StatusRef("o", "Offline", StatusKind.OFFLINE)


def test_classify_busy_idle_and_other() -> None:
    assert classify(StatusKind.ROUTABLE, []) is Activity.IDLE
    assert classify(StatusKind.ROUTABLE, [S.ERROR]) is Activity.IDLE  # errors count as idle
    assert classify(StatusKind.ROUTABLE, [S.CONNECTING]) is Activity.OTHER  # ringing is neither
    assert classify(StatusKind.ROUTABLE, [S.MISSED]) is Activity.OTHER
    assert classify(StatusKind.CUSTOM, []) is Activity.OTHER
    for busy in (S.CONNECTED, S.CONNECTED_ONHOLD, S.ENDED):
        assert classify(StatusKind.OFFLINE, [busy, S.CONNECTING]) is Activity.ON_CONTACT


def test_tracker_reports_each_change_once_with_its_instant() -> None:
    tracker = ActivityTracker()
    events: list[ev.Event] = [
        ev.AgentStatusChanged("u", AVAILABLE, OFFLINE, 0),
        ev.ContactOffered("c", "u", "q", Channel.VOICE, 0, 20_000),
        ev.ContactConnected("c", "u", "q", Channel.VOICE, 10_000, True),
        ev.ContactOnHold("c", "u", 20_000),  # still on contact: no change
        ev.ContactResumed("c", "u", 30_000),
        ev.ContactEnded("c", "u", 40_000),
        ev.AfterContactWorkStarted("c", "u", 40_000, None),
        ev.AfterContactWorkCleared("c", "u", 50_000, False),
        ev.AgentStatusChanged("u", LUNCH, AVAILABLE, 60_000),
    ]
    changes = [c for c in map(tracker.apply, events) if c is not None]
    assert changes == [
        ActivityChange("u", Activity.IDLE, 0),
        ActivityChange("u", Activity.OTHER, 0),
        ActivityChange("u", Activity.ON_CONTACT, 10_000),
        ActivityChange("u", Activity.IDLE, 50_000),
        ActivityChange("u", Activity.OTHER, 60_000),
    ]


def test_tracker_starts_from_a_seed_and_ignores_contact_only_events() -> None:
    tracker = ActivityTracker()
    tracker.seed("u", StatusKind.ROUTABLE, {"c": S.CONNECTED})
    assert tracker.activity("u") is Activity.ON_CONTACT
    assert tracker.apply(ev.ContactQueued("d", "q", Channel.VOICE, 5)) is None
    assert tracker.apply(ev.AgentSlotFreed("u", "c", Channel.VOICE, S.ENDED, 9)) == ActivityChange(
        "u", Activity.IDLE, 9
    )
