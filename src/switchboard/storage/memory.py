"""In-memory store for unit tests and the simulator. Same contract as SQLite, no durability.

Rows are kept encoded, exactly as SQLite keeps them, so the codec is exercised here too.
"""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from collections.abc import Iterable
from typing import Any

from switchboard.app.ports import ChangeBatch, JournalEntry
from switchboard.domain.resources.base import Entity
from switchboard.storage.codec import entity_from_row, entity_to_row


class MemoryStore:
    def __init__(self) -> None:
        self._rows: dict[tuple[str, str, str], dict[str, Any]] = {}
        self._journal: list[tuple[int, JournalEntry]] = []
        self._meta: dict[str, str] = {}

    def load_entities(self) -> Iterable[Entity]:
        return [entity_from_row(kind, copy.deepcopy(row)) for (kind, _, _), row in self._rows.items()]

    def commit(self, batch: ChangeBatch) -> None:
        # Encode everything before touching state, so a bad row applies nothing (as SQL does).
        encoded = [((e.KIND, e.instance_id, e.id), entity_to_row(e)) for e in batch.puts]
        entries = [replace(j, payload=json.loads(json.dumps(j.payload))) for j in batch.journal]
        for key, row in encoded:
            self._rows[key] = row
        for key in batch.deletes:
            self._rows.pop(key, None)
        for entry in entries:
            self._journal.append((len(self._journal) + 1, entry))

    def journal(
        self, instance_id: str, after_seq: int = 0, limit: int = 1000
    ) -> list[tuple[int, JournalEntry]]:
        rows = [(s, e) for s, e in self._journal if s > after_seq and e.instance_id == instance_id]
        return rows[:limit]

    def get_meta(self, key: str) -> str | None:
        return self._meta.get(key)

    def set_meta(self, key: str, value: str) -> None:
        self._meta[key] = value

    def close(self) -> None:
        return None
