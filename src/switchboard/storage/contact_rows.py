"""Contact record <-> `contacts` row: indexed columns plus the whole record as JSON."""

from __future__ import annotations

from typing import Any

import orjson

from switchboard.app.codec import decode, encode
from switchboard.app.ports import ContactQuery
from switchboard.domain.contacts.contact import Contact, ContactStatus

COLUMNS = (
    "instance_id", "id", "channel", "initiation_method", "status", "initiated_at",
    "enqueued_at", "connected_at", "disconnected_at", "scheduled_at", "queue_id", "agent_id",
    "body",
)  # fmt: skip
TIME_FIELDS = {"initiated_at", "enqueued_at", "connected_at", "disconnected_at", "scheduled_at"}
FINISHED = ContactStatus.FINISHED.value


def contact_row(c: Contact) -> tuple[Any, ...]:
    return (
        c.instance_id, c.id, c.channel.value, c.initiation_method, c.status.value,
        c.initiated_at, c.enqueued_at, c.connected_to_agent_at, c.disconnected_at,
        c.scheduled_at, c.queue_id, c.agent_id, orjson.dumps(encode(c)).decode(),
    )  # fmt: skip


def contact_from_body(body: str | bytes) -> Contact:
    contact: Contact = decode(Contact, orjson.loads(body))
    return contact


def where_clause(query: ContactQuery, mark: str) -> tuple[str, list[Any]]:
    """SQL condition and parameters for `query`; `mark` is the driver's placeholder."""
    if query.time_field not in TIME_FIELDS:
        raise ValueError(f"unknown time field {query.time_field}")
    parts = [f"instance_id = {mark}", f"{query.time_field} >= {mark}", f"{query.time_field} <= {mark}"]
    params: list[Any] = [query.instance_id, query.start, query.end]
    for column, values in (
        ("channel", query.channels),
        ("initiation_method", query.initiation_methods),
        ("queue_id", query.queue_ids),
        ("agent_id", query.agent_ids),
    ):
        if values:
            parts.append(f"{column} IN ({', '.join([mark] * len(values))})")
            params.extend(values)
    return " AND ".join(parts), params


UPSERT_TAIL = (
    "ON CONFLICT (instance_id, id) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in COLUMNS[2:])
)
