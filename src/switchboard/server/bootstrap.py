"""Composition root: build the store, the app, the dispatcher and the gateway for a data dir."""

from __future__ import annotations

import logging
import random
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from switchboard.app.container import App
from switchboard.app.ports import Store
from switchboard.aws.gateway import Gateway
from switchboard.aws.pagination import TokenCodec
from switchboard.aws.spec import ConnectSpec
from switchboard.domain.ids import RandomIds
from switchboard.domain.routing import EngineSettings
from switchboard.domain.time import Clock
from switchboard.handlers.dispatch import Dispatcher
from switchboard.server.clock import VirtualClock, WallClock
from switchboard.storage.sqlite import SqliteStore

LOG = logging.getLogger(__name__)
TOKEN_SECRET_KEY = "pagination_secret"


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
        """Snapshot every engine (so the next start replays little) and close the store."""
        for center in self.app.all_centers():
            try:
                center.snapshot()
            except Exception:
                LOG.exception("instance %s: snapshot at shutdown failed", center.instance_id)
        self.store.close()


def build_runtime(
    data_dir: Path | str,
    clock: Clock | None = None,
    database_url: str | None = None,
    clock_mode: str = "wall",
    offer_timeout_ms: int = 20_000,
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
    if clock is None:
        clock = VirtualClock(store) if clock_mode == "virtual" else WallClock()
    app = App(
        store,
        clock,
        RandomIds(random.Random(secrets.randbits(64))),
        EngineSettings(offer_timeout_ms=offer_timeout_ms),
    )
    spec = ConnectSpec.default()
    dispatcher = Dispatcher(app, TokenCodec(bytes.fromhex(secret)), modeled_errors(spec))
    return Runtime(app, Gateway(spec, dispatcher), store, spec)
