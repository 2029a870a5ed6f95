"""Composition root: build the store, the app, the dispatcher and the gateway for a data dir."""

from __future__ import annotations

import random
from collections.abc import Callable
import secrets
from dataclasses import dataclass
from pathlib import Path

from switchboard.app.container import App
from switchboard.app.ports import Store
from switchboard.aws.gateway import Gateway
from switchboard.aws.pagination import TokenCodec
from switchboard.aws.spec import ConnectSpec
from switchboard.domain.ids import RandomIds
from switchboard.domain.time import Clock
from switchboard.handlers.dispatch import Dispatcher
from switchboard.storage.sqlite import SqliteStore

TOKEN_SECRET_KEY = "pagination_secret"


class WallClock:
    """Milliseconds since the epoch from the system clock (the server's default clock)."""

    def now(self) -> int:
        import time

        return time.time_ns() // 1_000_000


def modeled_errors(spec: ConnectSpec) -> Callable[[str], frozenset[str]]:
    """Per operation, the exception shapes the model declares (cached)."""
    cache: dict[str, frozenset[str]] = {}

    def lookup(operation: str) -> frozenset[str]:
        found = cache.get(operation)
        if found is None:
            shapes = spec.operation(operation).error_shapes
            found = cache[operation] = frozenset(shape.name for shape in shapes)
        return found

    return lookup


@dataclass
class Runtime:
    app: App
    gateway: Gateway
    store: Store
    spec: ConnectSpec

    def close(self) -> None:
        self.store.close()


def build_runtime(
    data_dir: Path | str, clock: Clock | None = None, database_url: str | None = None
) -> Runtime:
    """Everything a server needs; state in `data_dir` (SQLite) or in PostgreSQL when given."""
    store: Store
    if database_url:
        from switchboard.storage.postgres import PostgresStore

        store = PostgresStore(database_url)
    else:
        store = SqliteStore(data_dir)
    secret = store.get_meta(TOKEN_SECRET_KEY)
    if secret is None:
        secret = secrets.token_hex(32)
        store.set_meta(TOKEN_SECRET_KEY, secret)
    app = App(store, clock or WallClock(), RandomIds(random.Random(secrets.randbits(64))))
    spec = ConnectSpec.default()
    dispatcher = Dispatcher(app, TokenCodec(bytes.fromhex(secret)), modeled_errors(spec))
    return Runtime(app, Gateway(spec, dispatcher), store, spec)
