"""The SQL both relational stores share: reads, the statements of a commit, snapshots, meta.

SQLite and PostgreSQL differ in placeholders (`?` / `%s`), in how a transaction is opened and in
how migrations are applied; everything else is written once here, with `?` placeholders that
`_sql` rewrites for the driver.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any, ClassVar

import orjson

from switchboard.app.codec import entity_from_row, entity_to_row
from switchboard.app.ports import ChangeBatch, ContactQuery, JournalEntry
from switchboard.domain.contacts.contact import Contact
from switchboard.domain.resources.base import Entity
from switchboard.storage.contact_rows import (
    COLUMNS,
    FINISHED,
    UPSERT_TAIL,
    contact_from_body,
    contact_row,
    where_clause,
)

CONTACT_UPSERT = (
    f"INSERT INTO contacts ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))}) "
    + UPSERT_TAIL
)
ENTITY_UPSERT = (
    "INSERT INTO entities (kind, instance_id, id, body) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (kind, instance_id, id) DO UPDATE SET body = excluded.body"
)
ENTITY_DELETE = "DELETE FROM entities WHERE kind = ? AND instance_id = ? AND id = ?"
JOURNAL_INSERT = "INSERT INTO journal (instance_id, at, type, payload) VALUES (?, ?, ?, ?)"
ACTIVITY_INSERT = (
    "INSERT INTO agent_activity (instance_id, user_id, at, activity) VALUES (?, ?, ?, ?)"
)


@cache
def _with_mark(text: str, mark: str) -> str:
    return text if mark == "?" else text.replace("?", mark)


class SqlStore:
    """Base of the SQLite and PostgreSQL stores (`_db` is their DB-API connection)."""

    MARK: ClassVar[str] = "?"
    _db: Any

    def _sql(self, text: str) -> str:
        return _with_mark(text, self.MARK)

    def _query(self, text: str, params: Iterable[Any] = ()) -> Any:
        return self._db.execute(self._sql(text), tuple(params))

    def batch_statements(self, batch: ChangeBatch) -> list[tuple[str, list[tuple[Any, ...]]]]:
        """The (statement, rows) pairs that apply `batch`, in order; encoded before any runs."""
        steps: list[tuple[str, list[tuple[Any, ...]]]] = [
            (
                ENTITY_UPSERT,
                [
                    (e.KIND, e.instance_id, e.id, orjson.dumps(entity_to_row(e)).decode())
                    for e in batch.puts
                ],
            ),
            (ENTITY_DELETE, [tuple(d) for d in batch.deletes]),
            (
                JOURNAL_INSERT,
                [
                    (j.instance_id, j.at, j.type, orjson.dumps(j.payload).decode())
                    for j in batch.journal
                ],
            ),
            (CONTACT_UPSERT, [contact_row(c) for c in batch.contacts]),
            (
                ACTIVITY_INSERT,
                [(a.instance_id, a.user_id, a.at, a.activity) for a in batch.agent_activity],
            ),
        ]
        return [(self._sql(sql), rows) for sql, rows in steps if rows]

    def schema_version(self) -> int:
        row = self._query("SELECT MAX(version) FROM schema_migrations").fetchone()
        return int(row[0] or 0) if row else 0

    def load_entities(self) -> Iterable[Entity]:
        rows = self._query("SELECT kind, body FROM entities ORDER BY kind, instance_id, id")
        return [entity_from_row(kind, orjson.loads(body)) for kind, body in rows]

    def journal(
        self, instance_id: str, after_seq: int = 0, limit: int = 1000
    ) -> list[tuple[int, JournalEntry]]:
        rows = self._query(
            "SELECT seq, at, type, payload FROM journal WHERE instance_id = ? AND seq > ? "
            "ORDER BY seq LIMIT ?",
            (instance_id, after_seq, limit),
        )
        return [
            (int(seq), JournalEntry(instance_id, int(at), kind, orjson.loads(payload)))
            for seq, at, kind, payload in rows
        ]

    def get_contact(self, instance_id: str, contact_id: str) -> Contact | None:
        row = self._query(
            "SELECT body FROM contacts WHERE instance_id = ? AND id = ?", (instance_id, contact_id)
        ).fetchone()
        return None if row is None else contact_from_body(row[0])

    def live_contacts(self, instance_id: str) -> list[Contact]:
        rows = self._query(
            "SELECT body FROM contacts WHERE instance_id = ? AND status != ?",
            (instance_id, FINISHED),
        )
        return [contact_from_body(body) for (body,) in rows]

    def find_contacts(self, query: ContactQuery) -> list[Contact]:
        where, params = where_clause(query, "?")
        rows = self._query(f"SELECT body FROM contacts WHERE {where}", params)
        return [contact_from_body(body) for (body,) in rows]

    def save_snapshot(self, instance_id: str, body: dict[str, Any]) -> None:
        self._query(
            "INSERT INTO engine_snapshots (instance_id, seq, body) VALUES "
            "(?, (SELECT COALESCE(MAX(seq), 0) FROM journal WHERE instance_id = ?), ?) "
            "ON CONFLICT (instance_id) DO UPDATE SET seq = excluded.seq, body = excluded.body",
            (instance_id, instance_id, orjson.dumps(body).decode()),
        )

    def load_snapshot(self, instance_id: str) -> tuple[int, dict[str, Any]] | None:
        row = self._query(
            "SELECT seq, body FROM engine_snapshots WHERE instance_id = ?", (instance_id,)
        ).fetchone()
        return None if row is None else (int(row[0]), orjson.loads(row[1]))

    def get_meta(self, key: str) -> str | None:
        row = self._query("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        self._query(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )


def statements(sql: str) -> list[str]:
    """Split a migration script on semicolons, ignoring `--` comment lines."""
    lines = [ln for ln in sql.splitlines() if not ln.strip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
