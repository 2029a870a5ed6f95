"""SQLite store: the default system of record, one file in the data directory.

WAL mode with `synchronous=FULL`: a command is acknowledged only after its transaction is on
disk. One writing connection, used from the engine owner's thread only; historical queries may
also read through extra read-only connections (WAL readers), one per core.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from switchboard.app.ports import ChangeBatch, HistoricalQuery, HistoricalRow
from switchboard.storage import historical_sql
from switchboard.storage.migrations import migration_scripts
from switchboard.storage.sql_store import SqlStore, statements

LOG = logging.getLogger(__name__)
DB_FILE = "switchboard.sqlite3"


class SqliteStore(SqlStore):
    MARK = "?"

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
                for statement in statements(sql):
                    self._db.execute(statement)
                self._db.execute(
                    "INSERT INTO schema_migrations (version, name) VALUES (?, ?)", (version, name)
                )
                self._db.execute("COMMIT")
            except Exception:
                self._db.execute("ROLLBACK")
                raise

    def commit(self, batch: ChangeBatch) -> None:
        steps = self.batch_statements(batch)
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            for sql, rows in steps:
                db.executemany(sql, rows)
            db.execute("COMMIT")
        except Exception:
            db.execute("ROLLBACK")
            raise

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

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown()
        for reader in self._reader_dbs or ():
            reader.close()
        self._db.close()
