"""PostgreSQL store: the same tables and contract as SQLite, for users who outgrow one process.

Each command's batch is one transaction. `schema` isolates several deployments (or test runs)
in one database. Migrations are the SQLite scripts with the few dialect differences applied.
"""

from __future__ import annotations

import logging
import re

import psycopg

from switchboard.app.ports import ChangeBatch, HistoricalQuery, HistoricalRow
from switchboard.storage import historical_sql
from switchboard.storage.migrations import migration_scripts
from switchboard.storage.sql_store import SqlStore, statements

LOG = logging.getLogger(__name__)
_SCHEMA_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def to_postgres(sql: str) -> str:
    """The SQLite migration dialect rewritten for PostgreSQL."""
    return sql.replace("INTEGER PRIMARY KEY AUTOINCREMENT", "BIGSERIAL PRIMARY KEY").replace(
        " INTEGER NOT NULL", " BIGINT NOT NULL"
    )


class PostgresStore(SqlStore):
    MARK = "%s"

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
                for statement in statements(to_postgres(sql)):
                    self._db.execute(statement)
                self._db.execute(
                    "INSERT INTO schema_migrations (version, name) VALUES (%s, %s)", (version, name)
                )

    def commit(self, batch: ChangeBatch) -> None:
        steps = self.batch_statements(batch)
        with self._db.transaction(), self._db.cursor() as cur:
            for sql, rows in steps:
                cur.executemany(sql, rows)

    def historical(self, query: HistoricalQuery) -> list[HistoricalRow]:
        sql, params = historical_sql.build(query, historical_sql.POSTGRES)
        rows = self._db.execute(sql, params).fetchall()
        return historical_sql.to_rows(query, rows)

    def drop_schema(self) -> None:
        """Remove everything this store wrote (tests use it to clean up)."""
        self._db.execute(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE')

    def close(self) -> None:
        self._db.close()
