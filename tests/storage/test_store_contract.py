"""One contract every store adapter passes: memory, SQLite and PostgreSQL.

PostgreSQL runs when 127.0.0.1:5432 (database `test`) answers; when it does not, those cases
fail loudly with the reason unless SWITCHBOARD_SKIP_POSTGRES=1 says to leave them out.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from switchboard.app.ports import ChangeBatch, ContactQuery, JournalEntry, Store
from switchboard.domain.channel import Channel
from switchboard.domain.contacts.contact import Contact, ContactStatus
from switchboard.domain.resources.instance import Instance
from switchboard.domain.resources.queue import Queue, QueueStatus
from switchboard.domain.resources.routing_profile import (
    MediaConcurrency,
    QueueConfig,
    RoutingProfile,
)
from switchboard.domain.routing.criteria import AttributeCondition, RoutingCriteria, RoutingStep
from switchboard.storage.memory import MemoryStore
from switchboard.storage.sqlite import SqliteStore

PG_DSN = os.environ.get("SWITCHBOARD_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")


def _postgres(request: pytest.FixtureRequest) -> Iterator[Store]:
    if os.environ.get("SWITCHBOARD_SKIP_POSTGRES") == "1":
        pytest.skip("SWITCHBOARD_SKIP_POSTGRES=1: PostgreSQL contract not run")
    from switchboard.storage.postgres import PostgresStore

    try:
        store = PostgresStore(PG_DSN, schema=f"t_{uuid.uuid4().hex[:12]}")
    except Exception as exc:  # noqa: BLE001 - any failure to connect means "not available"
        pytest.fail(
            f"PostgreSQL is needed for this test but {PG_DSN} is not reachable ({exc}); "
            "start it or set SWITCHBOARD_SKIP_POSTGRES=1 to leave these cases out"
        )
    yield store
    store.drop_schema()
    store.close()


@pytest.fixture(params=["memory", "sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "memory":
        yield MemoryStore()
    elif request.param == "sqlite":
        s = SqliteStore(tmp_path / "data")
        yield s
        s.close()
    else:
        yield from _postgres(request)


def _instance(iid: str = "i-1") -> Instance:
    return Instance(id=iid, instance_id=iid, arn=f"arn:aws:connect:us-east-1:1:instance/{iid}")


def _queue(qid: str, name: str, iid: str = "i-1") -> Queue:
    return Queue(
        id=qid,
        instance_id=iid,
        arn=f"arn/{qid}",
        name=name,
        max_contacts=7,
        status=QueueStatus.DISABLED,
        tags={"k": "v"},
        quick_connect_ids=("a", "b"),
    )


def test_entities_round_trip_when_committed(store: Store) -> None:
    profile = RoutingProfile(
        id="rp",
        instance_id="i-1",
        arn="arn/rp",
        name="P",
        media_concurrencies=(MediaConcurrency(Channel.CHAT, 3),),
        queue_configs=(QueueConfig("q1", Channel.CHAT, 2, 30),),
    )
    store.commit(ChangeBatch(puts=[_instance(), _queue("q1", "One"), profile]))
    loaded = {(e.KIND, e.id): e for e in store.load_entities()}
    assert loaded[("queue", "q1")] == _queue("q1", "One")
    assert loaded[("routing_profile", "rp")] == profile
    assert loaded[("instance", "i-1")] == _instance()


def test_put_overwrites_and_delete_removes_when_committed(store: Store) -> None:
    store.commit(ChangeBatch(puts=[_queue("q1", "One"), _queue("q2", "Two")]))
    store.commit(ChangeBatch(puts=[_queue("q1", "Renamed")], deletes=[("queue", "i-1", "q2")]))
    names = sorted(e.name for e in store.load_entities() if isinstance(e, Queue))
    assert names == ["Renamed"]


def test_journal_is_ordered_and_scoped_when_appended(store: Store) -> None:
    store.commit(
        ChangeBatch(
            journal=[
                JournalEntry("i-1", 10, "A", {"n": 1}),
                JournalEntry("i-2", 11, "B", {"n": 2}),
                JournalEntry("i-1", 12, "C", {"n": [1, 2]}),
            ]
        )
    )
    rows = store.journal("i-1")
    assert [(e.type, e.payload) for _, e in rows] == [("A", {"n": 1}), ("C", {"n": [1, 2]})]
    first_seq = rows[0][0]
    assert [e.type for _, e in store.journal("i-1", after_seq=first_seq)] == ["C"]


def test_failed_batch_leaves_nothing_when_a_row_cannot_be_encoded(store: Store) -> None:
    store.commit(ChangeBatch(puts=[_queue("q1", "One")]))
    bad = ChangeBatch(
        puts=[_queue("q2", "Two")],
        journal=[JournalEntry("i-1", 1, "Bad", {"x": object()})],  # not JSON-able
    )
    with pytest.raises(Exception):  # noqa: B017 - any encoding error will do
        store.commit(bad)
    assert sorted(e.id for e in store.load_entities()) == ["q1"]
    assert store.journal("i-1") == []


def test_meta_round_trips_when_set_twice(store: Store) -> None:
    assert store.get_meta("k") is None
    store.set_meta("k", "1")
    store.set_meta("k", "2")
    assert store.get_meta("k") == "2"


def test_sqlite_state_survives_reopen_when_closed(tmp_path: Path) -> None:
    first = SqliteStore(tmp_path / "d")
    first.commit(
        ChangeBatch(puts=[_queue("q1", "Durable")], journal=[JournalEntry("i-1", 1, "X", {})])
    )
    first.close()
    second = SqliteStore(tmp_path / "d")
    assert [e.id for e in second.load_entities()] == ["q1"]
    assert len(second.journal("i-1")) == 1
    assert second.schema_version() >= 1
    second.close()


def _contact(cid: str, **kwargs: object) -> Contact:
    base: dict[str, object] = {
        "id": cid,
        "instance_id": "i-1",
        "arn": f"arn/{cid}",
        "channel": Channel.TASK,
        "initiation_method": "API",
        "initiated_at": 1_000,
    }
    base.update(kwargs)
    return Contact(**base)  # type: ignore[arg-type]


def test_contacts_round_trip_and_search_when_committed(store: Store) -> None:
    criteria = RoutingCriteria(
        (RoutingStep(AttributeCondition("Skill", "Billing", proficiency_level=2.0), 30_000),)
    )
    queued = _contact(
        "c1",
        status=ContactStatus.QUEUED,
        queue_id="q1",
        enqueued_at=1_500,
        routing_criteria=criteria,
        attributes={"a": "b"},
    )
    done = _contact(
        "c2",
        status=ContactStatus.FINISHED,
        channel=Channel.VOICE,
        initiated_at=2_000,
        disconnected_at=9_000,
        agent_id="u1",
        connected_to_agent_at=3_000,
    )
    store.commit(ChangeBatch(contacts=[queued, done]))
    assert store.get_contact("i-1", "c1") == queued
    assert store.get_contact("i-1", "nope") is None
    assert [c.id for c in store.live_contacts("i-1")] == ["c1"]
    found = store.find_contacts(ContactQuery("i-1", "initiated_at", 0, 10_000, channels=("VOICE",)))
    assert [c.id for c in found] == ["c2"]
    found = store.find_contacts(
        ContactQuery("i-1", "connected_at", 2_500, 3_500, agent_ids=("u1",))
    )
    assert [c.id for c in found] == ["c2"]
    assert store.find_contacts(ContactQuery("i-1", "enqueued_at", 1_600, 10_000)) == []
    store.commit(ChangeBatch(contacts=[replace(queued, status=ContactStatus.FINISHED)]))
    assert store.live_contacts("i-1") == []


def test_snapshot_records_journal_position_when_saved(store: Store) -> None:
    assert store.load_snapshot("i-1") is None
    store.commit(ChangeBatch(journal=[JournalEntry("i-1", 1, "engine", {"op": "advance"})] * 3))
    store.save_snapshot("i-1", {"state": [1, 2]})
    seq, body = store.load_snapshot("i-1") or (0, {})
    assert body == {"state": [1, 2]}
    assert [s for s, _ in store.journal("i-1")][-1] == seq
