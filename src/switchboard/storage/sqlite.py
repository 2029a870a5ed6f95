"""SQLite store: the default system of record, one file in the data directory.

WAL mode with `synchronous=FULL`: a command is acknowledged only after its transaction is on
disk. One connection, used from the engine owner's thread only.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import orjson

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
DB_FILE = "switchboard.sqlite3"
_CONTACT_UPSERT = (
    f"INSERT INTO contacts ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))}) "
    + UPSERT_TAIL
)


class SqliteStore:
    def __init__(self, path: Path | str) -> None:
        path = Path(path)
        if str(path) != ":memory:" and (path.suffix == "" or path.is_dir()):
            path.mkdir(parents=True, exist_ok=True)
            path = path / DB_FILE
        self.path = path
        self._reader_dbs: list[sqlite3.Connection] | None = None
        self._executor: ThreadPoolExecutor | None = None
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._migrate()

    def _migrate(self) -> None:
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations "
            "(version INTEGER PRIMARY KEY, name TEXT NOT NULL)"
        )
        done = {row[0] for row in self._db.execute("SELECT version FROM schema_migrations")}
        for version, name, sql in migration_scripts():
            if version in done:
                continue
            LOG.info("applying migration %s to %s", name, self.path)
            self._db.execute("BEGIN IMMEDIATE")
            try:
                for statement in _statements(sql):
                    self._db.execute(statement)
                self._db.execute(
                    "INSERT INTO schema_migrations (version, name) VALUES (?, ?)", (version, name)
                )
                self._db.execute("COMMIT")
            except Exception:
                self._db.execute("ROLLBACK")
                raise

    def schema_version(self) -> int:
        row = self._db.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
        return int(row[0] or 0)

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
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            if puts:
                db.executemany(
                    "INSERT INTO entities (kind, instance_id, id, body) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (kind, instance_id, id) DO UPDATE SET body = excluded.body",
                    puts,
                )
            if batch.deletes:
                db.executemany(
                    "DELETE FROM entities WHERE kind = ? AND instance_id = ? AND id = ?",
                    batch.deletes,
                )
            if journal:
                db.executemany(
                    "INSERT INTO journal (instance_id, at, type, payload) VALUES (?, ?, ?, ?)",
                    journal,
                )
            if contacts:
                db.executemany(_CONTACT_UPSERT, contacts)
            if activity:
                db.executemany(
                    "INSERT INTO agent_activity (instance_id, user_id, at, activity) VALUES (?, ?, ?, ?)",
                    activity,
                )
            db.execute("COMMIT")
        except Exception:
            db.execute("ROLLBACK")
            raise

    def journal(
        self, instance_id: str, after_seq: int = 0, limit: int = 1000
    ) -> list[tuple[int, JournalEntry]]:
        rows = self._db.execute(
            "SELECT seq, at, type, payload FROM journal WHERE instance_id = ? AND seq > ? "
            "ORDER BY seq LIMIT ?",
            (instance_id, after_seq, limit),
        )
        return [
            (seq, JournalEntry(instance_id, at, kind, orjson.loads(payload)))
            for seq, at, kind, payload in rows
        ]

    def get_contact(self, instance_id: str, contact_id: str) -> Contact | None:
        row = self._db.execute(
            "SELECT body FROM contacts WHERE instance_id = ? AND id = ?", (instance_id, contact_id)
        ).fetchone()
        return None if row is None else contact_from_body(row[0])

    def live_contacts(self, instance_id: str) -> list[Contact]:
        rows = self._db.execute(
            "SELECT body FROM contacts WHERE instance_id = ? AND status != ?",
            (instance_id, FINISHED),
        )
        return [contact_from_body(body) for (body,) in rows]

    def find_contacts(self, query: ContactQuery) -> list[Contact]:
        where, params = where_clause(query, "?")
        rows = self._db.execute(f"SELECT body FROM contacts WHERE {where}", params)
        return [contact_from_body(body) for (body,) in rows]

    def historical(self, query: HistoricalQuery) -> list[HistoricalRow]:
        readers = self._readers()
        if len(readers) < 2 or not historical_sql.splittable(query):
            sql, params = historical_sql.build(query, historical_sql.SQLITE)
            return historical_sql.to_rows(query, self._db.execute(sql, params).fetchall())
        # One time slice per core on its own read connection: sqlite3 releases the GIL while
        # a statement runs, so a scan over a million rows uses every core (WAL readers).
        step = -(-(query.end - query.start) // len(readers))
        slices = [(lo, min(lo + step, query.end)) for lo in range(query.start, query.end, step)]

        def run(job: tuple[sqlite3.Connection, tuple[int, int]]) -> list[HistoricalRow]:
            db, part = job
            sql, params = historical_sql.build(query, historical_sql.SQLITE, part)
            return historical_sql.to_rows(query, db.execute(sql, params).fetchall())

        parts = list(self._pool().map(run, zip(readers, slices, strict=False)))
        return historical_sql.merge(query, parts)

    def _readers(self) -> list[sqlite3.Connection]:
        if self._reader_dbs is None:
            self._reader_dbs = []
            workers = min(4, os.cpu_count() or 1)
            if str(self.path) != ":memory:" and workers > 1:
                for _ in range(workers):
                    db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
                    db.execute("PRAGMA query_only=ON")
                    self._reader_dbs.append(db)
        return self._reader_dbs

    def _pool(self) -> ThreadPoolExecutor:
        if self._executor is None:
            self._executor = ThreadPoolExecutor(len(self._readers()), "historical-sql")
        return self._executor

    def save_snapshot(self, instance_id: str, body: dict[str, Any]) -> None:
        self._db.execute(
            "INSERT INTO engine_snapshots (instance_id, seq, body) VALUES "
            "(?, (SELECT COALESCE(MAX(seq), 0) FROM journal WHERE instance_id = ?), ?) "
            "ON CONFLICT (instance_id) DO UPDATE SET seq = excluded.seq, body = excluded.body",
            (instance_id, instance_id, orjson.dumps(body).decode()),
        )

    def load_snapshot(self, instance_id: str) -> tuple[int, dict[str, Any]] | None:
        row = self._db.execute(
            "SELECT seq, body FROM engine_snapshots WHERE instance_id = ?", (instance_id,)
        ).fetchone()
        return None if row is None else (int(row[0]), orjson.loads(row[1]))

    def get_meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        self._db.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown()
        for reader in self._reader_dbs or ():
            reader.close()
        self._db.close()


def _statements(sql: str) -> list[str]:
    """Split a migration script on semicolons, ignoring `--` comment lines."""
    lines = [ln for ln in sql.splitlines() if not ln.strip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
