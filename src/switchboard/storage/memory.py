"""In-memory store for unit tests and the simulator. Same contract as SQLite, no durability.

Rows are kept encoded, exactly as SQLite keeps them, so the codec is exercised here too.
Historical metrics run the very SQL of the SQLite store over a throwaway in-memory database
loaded with this store's rows, so the metric definitions exist once.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from switchboard.app.codec import decode, encode, entity_from_row, entity_to_row
from switchboard.app.ports import (
    AgentActivityRow,
    ChangeBatch,
    ContactQuery,
    HistoricalQuery,
    HistoricalRow,
    JournalEntry,
)
from switchboard.domain.contacts.contact import Contact, ContactStatus
from switchboard.domain.resources.base import Entity

# ContactQuery.time_field -> the record's attribute.
_TIME_ATTRS = {
    "initiated_at": "initiated_at",
    "enqueued_at": "enqueued_at",
    "connected_at": "connected_to_agent_at",
    "disconnected_at": "disconnected_at",
    "scheduled_at": "scheduled_at",
}


def _contact(row: dict[str, Any]) -> Contact:
    contact: Contact = decode(Contact, row)
    return contact


def _matches(c: Contact, q: ContactQuery) -> bool:
    at = getattr(c, _TIME_ATTRS[q.time_field])
    return (
        at is not None
        and q.start <= at <= q.end
        and (not q.channels or c.channel.value in q.channels)
        and (not q.initiation_methods or c.initiation_method in q.initiation_methods)
        and (not q.queue_ids or c.queue_id in q.queue_ids)
        and (not q.agent_ids or c.agent_id in q.agent_ids)
    )


class MemoryStore:
    def __init__(self) -> None:
        self._rows: dict[tuple[str, str, str], dict[str, Any]] = {}
        self._journal: list[tuple[int, JournalEntry]] = []
        self._meta: dict[str, str] = {}
        self._contacts: dict[tuple[str, str], dict[str, Any]] = {}
        self._snapshots: dict[str, tuple[int, dict[str, Any]]] = {}
        self._activity: list[AgentActivityRow] = []

    def load_entities(self) -> Iterable[Entity]:
        return [
            entity_from_row(kind, copy.deepcopy(row)) for (kind, _, _), row in self._rows.items()
        ]

    def commit(self, batch: ChangeBatch) -> None:
        # Encode everything before touching state, so a bad row applies nothing (as SQL does).
        encoded = [((e.KIND, e.instance_id, e.id), entity_to_row(e)) for e in batch.puts]
        entries = [replace(j, payload=json.loads(json.dumps(j.payload))) for j in batch.journal]
        contacts = [((c.instance_id, c.id), encode(c)) for c in batch.contacts]
        for key, row in encoded:
            self._rows[key] = row
        for key in batch.deletes:
            self._rows.pop(key, None)
        for entry in entries:
            self._journal.append((len(self._journal) + 1, entry))
        self._activity.extend(batch.agent_activity)
        for contact_key, contact_row in contacts:
            self._contacts[contact_key] = contact_row

    def journal(
        self, instance_id: str, after_seq: int = 0, limit: int = 1000
    ) -> list[tuple[int, JournalEntry]]:
        rows = [(s, e) for s, e in self._journal if s > after_seq and e.instance_id == instance_id]
        return rows[:limit]

    def get_contact(self, instance_id: str, contact_id: str) -> Contact | None:
        row = self._contacts.get((instance_id, contact_id))
        return None if row is None else _contact(row)

    def live_contacts(self, instance_id: str) -> list[Contact]:
        return [
            _contact(row)
            for (iid, _), row in self._contacts.items()
            if iid == instance_id and row["status"] != ContactStatus.FINISHED.value
        ]

    def find_contacts(self, query: ContactQuery) -> list[Contact]:
        out = []
        for (iid, _), row in self._contacts.items():
            contact = _contact(row)
            if iid == query.instance_id and _matches(contact, query):
                out.append(contact)
        return out

    def historical(self, query: HistoricalQuery) -> list[HistoricalRow]:
        from switchboard.storage.sqlite import SqliteStore

        mirror = SqliteStore(":memory:")
        try:
            contacts = [
                _contact(row)
                for (iid, _), row in self._contacts.items()
                if iid == query.instance_id
            ]
            activity = [a for a in self._activity if a.instance_id == query.instance_id]
            mirror.commit(ChangeBatch(contacts=contacts, agent_activity=activity))
            return mirror.historical(query)
        finally:
            mirror.close()

    def save_snapshot(self, instance_id: str, body: dict[str, Any]) -> None:
        seq = max((s for s, e in self._journal if e.instance_id == instance_id), default=0)
        self._snapshots[instance_id] = (seq, json.loads(json.dumps(body)))

    def load_snapshot(self, instance_id: str) -> tuple[int, dict[str, Any]] | None:
        return self._snapshots.get(instance_id)

    def get_meta(self, key: str) -> str | None:
        return self._meta.get(key)

    def set_meta(self, key: str, value: str) -> None:
        self._meta[key] = value

    def close(self) -> None:
        return None
