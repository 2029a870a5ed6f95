"""Contact record <-> `contacts` row: indexed columns, metric facts, and the record as JSON.

The metric facts (queue_ms ... pre_disconnect_state) are what `historical_sql` aggregates;
they are derived here from the record so every store fills them the same way.
"""

from __future__ import annotations

from typing import Any

import orjson

from switchboard.app.codec import decode, encode
from switchboard.app.ports import ContactQuery
from switchboard.domain.contacts.contact import Contact, ContactStatus

COLUMNS = (
    "instance_id", "id", "channel", "initiation_method", "status", "initiated_at",
    "enqueued_at", "connected_at", "disconnected_at", "scheduled_at", "queue_id", "agent_id",
    "body", "queue_ms", "interaction_ms", "hold_ms", "acw_ms", "finished_at", "transferred_at",
    "abandoned", "missed_count", "disconnect_reason", "pre_disconnect_state",
)  # fmt: skip
TIME_FIELDS = {"initiated_at", "enqueued_at", "connected_at", "disconnected_at", "scheduled_at"}
FINISHED = ContactStatus.FINISHED.value


def contact_row(c: Contact) -> tuple[Any, ...]:
    return (
        c.instance_id, c.id, c.channel.value, c.initiation_method, c.status.value,
        c.initiated_at, c.enqueued_at, c.connected_to_agent_at, c.disconnected_at,
        c.scheduled_at, c.queue_id, c.agent_id, orjson.dumps(encode(c)).decode(),
        *metric_facts(c),
    )  # fmt: skip


def metric_facts(c: Contact) -> tuple[Any, ...]:
    """The `contacts` metric columns of a record (R4.1.4 definitions over segment fields)."""
    connected = c.connected_to_agent_at
    ended = c.disconnected_at
    interaction = None
    if connected is not None and ended is not None:
        interaction = max(0, ended - connected - c.hold_total_ms)
    finished = None
    if c.status is ContactStatus.FINISHED and ended is not None:
        finished = max(ended, c.acw_ended_at or ended)
    abandoned = (
        c.enqueued_at is not None
        and connected is None
        and ended is not None
        and c.next_contact_id is None
        and c.transfer_completed_at is None
    )
    return (
        c.queue_duration_ms,
        interaction,
        c.hold_total_ms if c.hold_count else None,
        c.acw_duration_ms,
        finished,
        c.transfer_completed_at,
        int(abandoned),
        c.missed_count,
        c.disconnect_reason,
        c.pre_disconnect_state,
    )


def contact_from_body(body: str | bytes) -> Contact:
    contact: Contact = decode(Contact, orjson.loads(body))
    return contact


def where_clause(query: ContactQuery, mark: str) -> tuple[str, list[Any]]:
    """SQL condition and parameters for `query`; `mark` is the driver's placeholder."""
    if query.time_field not in TIME_FIELDS:
        raise ValueError(f"unknown time field {query.time_field}")
    parts = [
        f"instance_id = {mark}",
        f"{query.time_field} >= {mark}",
        f"{query.time_field} <= {mark}",
    ]
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


UPSERT_TAIL = "ON CONFLICT (instance_id, id) DO UPDATE SET " + ", ".join(
    f"{c} = excluded.{c}" for c in COLUMNS[2:]
)
