"""When each agent's current status and each of its contact states began, for
GetCurrentUserData (`StatusStartTimestamp`, `StateStartTimestamp`, R3.5.2).

The routing engine keeps states, not their start instants; this folds its events:

    AgentStatusChanged        status_since[user] = at
    ContactOffered            slot (user, contact) CONNECTING since at
    ContactConnected          CONNECTED since at (connected_at kept for the contact)
    ContactOnHold/Resumed     unchanged: QUIRK R3.5.2, CONNECTED_ONHOLD keeps the start of
                              CONNECTED
    ContactEnded              ENDED (after contact work) since at
    ContactMissed/Rejected/ConnectionFailed   MISSED / REJECTED / ERROR since at
    AgentSlotFreed            the slot is gone

Must not import: anything outside the standard library and `domain.routing`.
"""

from __future__ import annotations

from dataclasses import dataclass

from switchboard.domain.routing import events as ev


@dataclass(frozen=True, slots=True)
class SlotTimes:
    state_since: int
    connected_at: int | None


@dataclass(frozen=True, slots=True)
class StatusSince:
    user_id: str
    at: int


@dataclass(frozen=True, slots=True)
class SlotRow:
    user_id: str
    contact_id: str
    state_since: int
    connected_at: int | None


@dataclass(frozen=True, slots=True)
class AgentTimesState:
    statuses: tuple[StatusSince, ...] = ()
    slots: tuple[SlotRow, ...] = ()


class AgentTimes:
    __slots__ = ("_slots", "_status_since")

    def __init__(self) -> None:
        self._status_since: dict[str, int] = {}
        self._slots: dict[tuple[str, str], SlotTimes] = {}

    def status_since(self, user_id: str) -> int | None:
        return self._status_since.get(user_id)

    def slot(self, user_id: str, contact_id: str) -> SlotTimes | None:
        return self._slots.get((user_id, contact_id))

    def observe(self, event: ev.Event) -> None:
        if isinstance(event, ev.AgentStatusChanged):
            self._status_since[event.user_id] = event.at
        elif isinstance(event, ev.ContactOffered):
            self._slots[(event.user_id, event.contact_id)] = SlotTimes(event.at, None)
        elif isinstance(event, ev.ContactConnected):
            self._slots[(event.user_id, event.contact_id)] = SlotTimes(event.at, event.at)
        elif isinstance(
            event,
            ev.ContactEnded | ev.ContactMissed | ev.ContactRejected | ev.ContactConnectionFailed,
        ):
            key = (event.user_id, event.contact_id)
            old = self._slots.get(key)
            self._slots[key] = SlotTimes(event.at, None if old is None else old.connected_at)
        elif isinstance(event, ev.AgentSlotFreed):
            self._slots.pop((event.user_id, event.contact_id), None)

    def export(self) -> AgentTimesState:
        return AgentTimesState(
            tuple(StatusSince(u, at) for u, at in sorted(self._status_since.items())),
            tuple(
                SlotRow(u, c, t.state_since, t.connected_at)
                for (u, c), t in sorted(self._slots.items())
            ),
        )

    @classmethod
    def restore(cls, state: AgentTimesState) -> AgentTimes:
        times = cls()
        times._status_since = {s.user_id: s.at for s in state.statuses}
        times._slots = {
            (r.user_id, r.contact_id): SlotTimes(r.state_since, r.connected_at) for r in state.slots
        }
        return times
