"""What an agent is doing, for occupancy (OCCUPANCY, AGENT_OCCUPANCY): on contact, idle, other.

Occupancy = time on contacts ÷ (time on contacts + idle time) × 100, concurrency ignored
(R4.1.4). From the admin guide's definitions:

* on contact: at least one contact connected, on hold or in after-contact work;
* idle: status Available (routable) and nothing to handle; contacts in ERROR count as idle,
  ringing (CONNECTING) does not ("idle time doesn't include the time from when Amazon Connect
  starts routing the contact to the agent");
* other: everything else (custom or Offline status, ringing, missed or rejected offers).

`ActivityTracker` folds routing events into per-agent slot states and reports each change of
activity with its instant. The store keeps those change points (`agent_activity` rows); SQL
turns consecutive points into intervals. Source:
https://docs.aws.amazon.com/connect/latest/adminguide/metrics-definitions.html
Must not import: I/O, the wall clock, storage or wire modules.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from switchboard.domain.routing import events as ev
from switchboard.domain.routing.types import AgentContactState, StatusKind

_BUSY = frozenset(
    {AgentContactState.CONNECTED, AgentContactState.CONNECTED_ONHOLD, AgentContactState.ENDED}
)
_NOT_IDLE = frozenset(
    {AgentContactState.CONNECTING, AgentContactState.MISSED, AgentContactState.REJECTED}
)


class Activity(StrEnum):
    ON_CONTACT = "ON_CONTACT"
    IDLE = "IDLE"
    OTHER = "OTHER"


@dataclass(frozen=True, slots=True)
class ActivityChange:
    """From `at` on, agent `user_id` is doing `activity`."""

    user_id: str
    activity: Activity
    at: int


def classify(status: StatusKind, slots: Iterable[AgentContactState]) -> Activity:
    states = set(slots)
    if states & _BUSY:
        return Activity.ON_CONTACT
    if status is StatusKind.ROUTABLE and not states & _NOT_IDLE:
        return Activity.IDLE
    return Activity.OTHER


_SLOT_AFTER: dict[type, AgentContactState | None] = {
    ev.ContactOffered: AgentContactState.CONNECTING,
    ev.ContactConnected: AgentContactState.CONNECTED,
    ev.ContactOnHold: AgentContactState.CONNECTED_ONHOLD,
    ev.ContactResumed: AgentContactState.CONNECTED,
    ev.ContactEnded: AgentContactState.ENDED,
    ev.AfterContactWorkStarted: AgentContactState.ENDED,
    ev.ContactMissed: AgentContactState.MISSED,
    ev.ContactRejected: AgentContactState.REJECTED,
    ev.ContactConnectionFailed: AgentContactState.ERROR,
    ev.AfterContactWorkCleared: None,
    ev.AgentSlotFreed: None,
}


class ActivityTracker:
    """Per-agent status kind and slot states, kept in step with the routing events."""

    def __init__(self) -> None:
        self._status: dict[str, StatusKind] = {}
        self._slots: dict[str, dict[str, AgentContactState]] = {}
        self._activity: dict[str, Activity] = {}

    def seed(
        self, user_id: str, status: StatusKind, slots: Mapping[str, AgentContactState]
    ) -> None:
        """Set an agent's state from the engine (start-up, or after a disagreement)."""
        self._status[user_id] = status
        self._slots[user_id] = dict(slots)
        self._activity[user_id] = classify(status, slots.values())

    def forget(self, user_id: str) -> None:
        self._status.pop(user_id, None)
        self._slots.pop(user_id, None)
        self._activity.pop(user_id, None)

    def activity(self, user_id: str) -> Activity:
        return self._activity.get(user_id, Activity.OTHER)

    def apply(self, event: ev.Event) -> ActivityChange | None:
        """Fold one event; the change it makes to its agent's activity, if any."""
        user_id = getattr(event, "user_id", None)
        if user_id is None:
            return None
        if isinstance(event, ev.AgentStatusChanged):
            self._status[user_id] = event.status.kind
        elif type(event) in _SLOT_AFTER:
            slots = self._slots.setdefault(user_id, {})
            after = _SLOT_AFTER[type(event)]
            contact_id: str = event.contact_id  # type: ignore[union-attr]
            if after is None:
                slots.pop(contact_id, None)
            else:
                slots[contact_id] = after
        else:
            return None
        return self._reclassify(user_id, event.at)

    def _reclassify(self, user_id: str, at: int) -> ActivityChange | None:
        status = self._status.get(user_id, StatusKind.OFFLINE)
        now = classify(status, self._slots.get(user_id, {}).values())
        if self._activity.get(user_id) is now:
            return None
        self._activity[user_id] = now
        return ActivityChange(user_id, now, at)
