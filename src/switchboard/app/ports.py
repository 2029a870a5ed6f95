"""Ports the app needs from the outside: the store (system of record).

The store keeps current-state rows for every resource plus an append-only journal of what
happened, written in one transaction per command so a crash never leaves half a change.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from switchboard.domain.contacts.contact import Contact
from switchboard.domain.metrics.historical import Aggregate, Basis
from switchboard.domain.resources.base import Entity


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """One fact in the append-only journal. `payload` is JSON-able data."""

    instance_id: str
    at: int
    type: str
    payload: dict[str, Any]


@dataclass(slots=True)
class ChangeBatch:
    """Everything one command changes; the store applies it atomically or not at all."""

    puts: list[Entity] = field(default_factory=list)
    deletes: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, instance_id, id)
    journal: list[JournalEntry] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    agent_activity: list[AgentActivityRow] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not (
            self.puts or self.deletes or self.journal or self.contacts or self.agent_activity
        )


@dataclass(frozen=True, slots=True)
class AgentActivityRow:
    """From `at` on, agent `user_id` is `activity` (ON_CONTACT, IDLE or OTHER), for occupancy."""

    instance_id: str
    user_id: str
    at: int
    activity: str


@dataclass(frozen=True, slots=True)
class HistoricalQuery:
    """Aggregates over one basis (the timestamp that places a fact in [start, end)).

    Rows are grouped by bucket (`(at - start) // bucket_ms`, or 0 when `bucket_ms` is 0) and
    by `group_by` (among queue_id, channel, agent_id; for the AGENT basis only agent_id, the
    user). Empty filters mean all. Agent activity still open runs until `now`.
    """

    instance_id: str
    basis: Basis
    start: int
    end: int
    aggregates: tuple[Aggregate, ...]
    bucket_ms: int = 0
    group_by: tuple[str, ...] = ()
    queue_ids: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    agent_ids: tuple[str, ...] = ()
    now: int = 0


@dataclass(frozen=True, slots=True)
class HistoricalRow:
    bucket: int
    keys: tuple[str | None, ...]  # in `group_by` order
    values: tuple[int | None, ...]  # in `aggregates` order; None when nothing to aggregate


@dataclass(frozen=True, slots=True)
class ContactQuery:
    """The indexed part of a contact search; the rest is filtered by the caller.

    `time_field` is one of the contact columns (initiated_at, enqueued_at, connected_at,
    disconnected_at, scheduled_at); rows without that timestamp never match.
    """

    instance_id: str
    time_field: str
    start: int
    end: int
    channels: tuple[str, ...] = ()
    initiation_methods: tuple[str, ...] = ()
    queue_ids: tuple[str, ...] = ()
    agent_ids: tuple[str, ...] = ()


class Store(Protocol):
    """The system of record. Implementations: memory (tests, simulator), sqlite, postgres."""

    def load_entities(self) -> Iterable[Entity]:
        """Every current-state row, decoded; used once at start-up."""
        ...

    def commit(self, batch: ChangeBatch) -> None:
        """Apply the batch durably and atomically; raise on failure with nothing applied."""
        ...

    def journal(
        self, instance_id: str, after_seq: int = 0, limit: int = 1000
    ) -> list[tuple[int, JournalEntry]]:
        """Journal entries of one instance with sequence numbers greater than `after_seq`."""
        ...

    def get_contact(self, instance_id: str, contact_id: str) -> Contact | None: ...

    def live_contacts(self, instance_id: str) -> list[Contact]:
        """Every contact of the instance whose record is not final yet."""
        ...

    def find_contacts(self, query: ContactQuery) -> list[Contact]:
        """Contacts matching the indexed criteria (unsorted)."""
        ...

    def historical(self, query: HistoricalQuery) -> list[HistoricalRow]:
        """Historical-metric aggregates, computed by the store (SQL), never row by row."""
        ...

    def save_snapshot(self, instance_id: str, body: dict[str, Any]) -> None:
        """Keep `body` as the instance's engine snapshot, as of the latest journal entry."""
        ...

    def load_snapshot(self, instance_id: str) -> tuple[int, dict[str, Any]] | None:
        """(journal seq the snapshot covers, body), or None."""
        ...

    def get_meta(self, key: str) -> str | None: ...

    def set_meta(self, key: str, value: str) -> None: ...

    def close(self) -> None: ...
