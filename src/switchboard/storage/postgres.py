"""PostgreSQL store: the same tables and contract as SQLite, for users who outgrow one process.

Each command's batch is one transaction. `schema` isolates several deployments (or test runs)
in one database. Migrations are the SQLite scripts with the few dialect differences applied.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from typing import Any

import orjson
import psycopg

from switchboard.app.codec import entity_from_row, entity_to_row
from switchboard.app.ports import (
    ChangeBatch,
    ContactQuery,
    HistoricalQuery,
    HistoricalRow,
    JournalEntry,
)
from switchboard.domain.contacts.contact import Contact
from switchboard.domain.resources.base import Entity
from switchboard.storage import historical_sql
from switchboard.storage.contact_rows import (
    COLUMNS,
    FINISHED,
    UPSERT_TAIL,
    contact_from_body,
    contact_row,
    where_clause,
)
from switchboard.storage.migrations import migration_scripts

LOG = logging.getLogger(__name__)
_SCHEMA_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
_CONTACT_UPSERT = (
    f"INSERT INTO contacts ({', '.join(COLUMNS)}) VALUES ({', '.join(['%s'] * len(COLUMNS))}) "
    + UPSERT_TAIL
)


def to_postgres(sql: str) -> str:
    """The SQLite migration dialect rewritten for PostgreSQL."""
    return sql.replace("INTEGER PRIMARY KEY AUTOINCREMENT", "BIGSERIAL PRIMARY KEY").replace(
        " INTEGER NOT NULL", " BIGINT NOT NULL"
    )


class PostgresStore:
    def __init__(self, dsn: str, schema: str = "switchboard") -> None:
        if not _SCHEMA_NAME.match(schema):
            raise ValueError(f"invalid schema name {schema!r}")
        self.schema = schema
        self._db = psycopg.connect(dsn, autocommit=True)
        self._db.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
        self._db.execute(f'SET search_path TO "{schema}"')
        self._migrate()

    def _migrate(self) -> None:
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT)"
        )
        with self._db.transaction():
            # One migrator at a time when several processes start together.
            self._db.execute("LOCK TABLE schema_migrations IN EXCLUSIVE MODE")
            done = {r[0] for r in self._db.execute("SELECT version FROM schema_migrations")}
            for version, name, sql in migration_scripts():
                if version in done:
                    continue
                LOG.info("applying migration %s to schema %s", name, self.schema)
                for statement in _statements(to_postgres(sql)):
                    self._db.execute(statement)
                self._db.execute(
                    "INSERT INTO schema_migrations (version, name) VALUES (%s, %s)", (version, name)
                )

    def schema_version(self) -> int:
        row = self._db.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
        return int(row[0] or 0) if row else 0

    def load_entities(self) -> Iterable[Entity]:
        rows = self._db.execute("SELECT kind, body FROM entities ORDER BY kind, instance_id, id")
        return [entity_from_row(kind, orjson.loads(body)) for kind, body in rows]

    def commit(self, batch: ChangeBatch) -> None:
        puts = [
            (e.KIND, e.instance_id, e.id, orjson.dumps(entity_to_row(e)).decode())
            for e in batch.puts
        ]
        journal = [
            (j.instance_id, j.at, j.type, orjson.dumps(j.payload).decode()) for j in batch.journal
        ]
        contacts = [contact_row(c) for c in batch.contacts]
        activity = [(a.instance_id, a.user_id, a.at, a.activity) for a in batch.agent_activity]
        with self._db.transaction(), self._db.cursor() as cur:
            if contacts:
                cur.executemany(_CONTACT_UPSERT, contacts)
            if activity:
                cur.executemany(
                    "INSERT INTO agent_activity (instance_id, user_id, at, activity) VALUES (%s, %s, %s, %s)",
                    activity,
                )
            if puts:
                cur.executemany(
                    "INSERT INTO entities (kind, instance_id, id, body) VALUES (%s, %s, %s, %s) "
                    "ON CONFLICT (kind, instance_id, id) DO UPDATE SET body = excluded.body",
                    puts,
                )
            if batch.deletes:
                cur.executemany(
                    "DELETE FROM entities WHERE kind = %s AND instance_id = %s AND id = %s",
                    batch.deletes,
                )
            if journal:
                cur.executemany(
                    "INSERT INTO journal (instance_id, at, type, payload) VALUES (%s, %s, %s, %s)",
                    journal,
                )

    def journal(
        self, instance_id: str, after_seq: int = 0, limit: int = 1000
    ) -> list[tuple[int, JournalEntry]]:
        rows = self._db.execute(
            "SELECT seq, at, type, payload FROM journal WHERE instance_id = %s AND seq > %s "
            "ORDER BY seq LIMIT %s",
            (instance_id, after_seq, limit),
        )
        return [
            (int(seq), JournalEntry(instance_id, int(at), kind, orjson.loads(payload)))
            for seq, at, kind, payload in rows
        ]

    def get_contact(self, instance_id: str, contact_id: str) -> Contact | None:
        row = self._db.execute(
            "SELECT body FROM contacts WHERE instance_id = %s AND id = %s",
            (instance_id, contact_id),
        ).fetchone()
        return None if row is None else contact_from_body(row[0])

    def live_contacts(self, instance_id: str) -> list[Contact]:
        rows = self._db.execute(
            "SELECT body FROM contacts WHERE instance_id = %s AND status != %s",
            (instance_id, FINISHED),
        )
        return [contact_from_body(body) for (body,) in rows]

    def find_contacts(self, query: ContactQuery) -> list[Contact]:
        where, params = where_clause(query, "%s")
        rows = self._db.execute(f"SELECT body FROM contacts WHERE {where}", params)
        return [contact_from_body(body) for (body,) in rows]

    def historical(self, query: HistoricalQuery) -> list[HistoricalRow]:
        sql, params = historical_sql.build(query, historical_sql.POSTGRES)
        rows = self._db.execute(sql, params).fetchall()
        return historical_sql.to_rows(query, rows)

    def save_snapshot(self, instance_id: str, body: dict[str, Any]) -> None:
        self._db.execute(
            "INSERT INTO engine_snapshots (instance_id, seq, body) VALUES "
            "(%s, (SELECT COALESCE(MAX(seq), 0) FROM journal WHERE instance_id = %s), %s) "
            "ON CONFLICT (instance_id) DO UPDATE SET seq = excluded.seq, body = excluded.body",
            (instance_id, instance_id, orjson.dumps(body).decode()),
        )

    def load_snapshot(self, instance_id: str) -> tuple[int, dict[str, Any]] | None:
        row = self._db.execute(
            "SELECT seq, body FROM engine_snapshots WHERE instance_id = %s", (instance_id,)
        ).fetchone()
        return None if row is None else (int(row[0]), orjson.loads(row[1]))

    def get_meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = %s", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        self._db.execute(
            "INSERT INTO meta (key, value) VALUES (%s, %s) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def drop_schema(self) -> None:
        """Remove everything this store wrote (tests use it to clean up)."""
        self._db.execute(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE')

    def close(self) -> None:
        self._db.close()


def _statements(sql: str) -> list[str]:
    lines = [ln for ln in sql.splitlines() if not ln.strip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
