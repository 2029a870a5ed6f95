"""Historical-metric SQL, the same over every store: contact facts aggregated per basis,
bucket and group, and agent activity points turned into clipped intervals."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from switchboard.app.ports import AgentActivityRow, ChangeBatch, HistoricalQuery, Store
from switchboard.domain.channel import Channel
from switchboard.domain.contacts.contact import Contact, ContactStatus
from switchboard.domain.metrics.historical import Aggregate, Basis, Fact
from switchboard.storage.memory import MemoryStore
from switchboard.storage.sqlite import SqliteStore
from tests.storage.test_store_contract import _postgres

I = "inst-1"
T0 = 1_700_000_000_000


@pytest.fixture(params=["memory", "sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def metrics_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "memory":
        yield MemoryStore()
    elif request.param == "sqlite":
        s = SqliteStore(tmp_path / "data")
        yield s
        s.close()
    else:
        yield from _postgres(request)


def _contact(cid: str, **kw: object) -> Contact:
    base = Contact(
        id=cid, instance_id=I, arn=f"arn:{cid}", channel=Channel.VOICE, initiation_method="INBOUND",
        initiated_at=T0, status=ContactStatus.FINISHED, queue_id="qa", enqueued_at=T0,
    )  # fmt: skip
    return replace(base, **kw)  # type: ignore[arg-type]


def _world() -> list[Contact]:
    s = 1000
    return [
        # answered after 10 s, 45 s talk + 15 s hold, ACW 20 s, agent hung up
        _contact("h1", dequeued_at=T0 + 10 * s, agent_id="u1", connected_to_agent_at=T0 + 10 * s,
                 disconnected_at=T0 + 70 * s, hold_total_ms=15 * s, hold_count=1,
                 acw_started_at=T0 + 70 * s, acw_ended_at=T0 + 90 * s, disconnect_reason="AGENT_DISCONNECT",
                 pre_disconnect_state="CONNECTED", missed_count=1),
        # answered after 5 s on chat in queue qb, 20 s talk, no ACW
        _contact("h2", channel=Channel.CHAT, queue_id="qb", enqueued_at=T0 + 60 * s, dequeued_at=T0 + 65 * s,
                 agent_id="u2", connected_to_agent_at=T0 + 65 * s, disconnected_at=T0 + 85 * s,
                 disconnect_reason="CUSTOMER_DISCONNECT", pre_disconnect_state="CONNECTED"),
        # abandoned after 30 s
        _contact("a1", dequeued_at=T0 + 30 * s, disconnected_at=T0 + 30 * s, abandoned=True,
                 disconnect_reason="CUSTOMER_DISCONNECT", pre_disconnect_state="IN_QUEUE"),
        # transferred out of the queue after 8 s: not abandoned
        _contact("x1", dequeued_at=T0 + 8 * s, disconnected_at=T0 + 8 * s, transfer_completed_at=T0 + 8 * s,
                 next_contact_id="x2", pre_disconnect_state="IN_QUEUE"),
        # still in ACW: handled at disconnect, not yet in handle time
        _contact("live", status=ContactStatus.AFTER_CONTACT_WORK, dequeued_at=T0 + 2 * s, agent_id="u1",
                 connected_to_agent_at=T0 + 2 * s, disconnected_at=T0 + 100 * s),
        # another instance: never counted
        replace(_contact("other", dequeued_at=T0, disconnected_at=T0 + s, abandoned=True), instance_id="inst-2"),
    ]  # fmt: skip


def _query(basis: Basis, *facts: Aggregate | Fact, **kw: object) -> HistoricalQuery:
    aggs = tuple(f if isinstance(f, Aggregate) else Aggregate(f) for f in facts)
    return HistoricalQuery(I, basis, T0, T0 + 300_000, aggs, **kw)  # type: ignore[arg-type]


def test_disconnect_facts_sum_over_segments_when_committed(metrics_store: Store) -> None:
    metrics_store.commit(ChangeBatch(contacts=_world()))
    (row,) = metrics_store.historical(_query(
        Basis.DISCONNECTED, Fact.HANDLED, Fact.ABANDONED, Fact.AGENT_HUNG_UP_FIRST, Fact.TRANSFERRED_OUT,
        Fact.TRANSFERRED_OUT_FROM_QUEUE, Fact.MISSED, Fact.DEQUEUED, Fact.MAX_QUEUE_MS, Fact.ABANDON_QUEUE_MS,
        Fact.ANSWERED, Fact.ANSWER_QUEUE_MS, Fact.HELD, Fact.HOLD_MS, Fact.INTERACTION_MS,
        Aggregate(Fact.REMOVED_IN_X, 10_000), Aggregate(Fact.REMOVED_IN_X, 10_000, inclusive=True),
    ))  # fmt: skip
    assert row.bucket == 0 and row.keys == ()
    assert row.values == (
        3, 1, 1, 1, 1, 1, 5, 30_000, 30_000, 3, 17_000, 1, 15_000, 45_000 + 20_000 + 98_000,
        2,  # h2 (5 s), live (2 s); h1 at exactly 10 s is not < 10 s
        3,
    )  # fmt: skip


def test_finish_basis_counts_only_records_whose_acw_is_over(metrics_store: Store) -> None:
    metrics_store.commit(ChangeBatch(contacts=_world()))
    (row,) = metrics_store.historical(
        _query(Basis.FINISHED, Fact.FINISHED_HANDLED, Fact.HANDLE_MS, Fact.ACW_MS)
    )
    assert row.values == (2, (45 + 15 + 20 + 20) * 1000, 20_000)


def test_rows_group_by_queue_and_channel_and_bucket_when_asked(metrics_store: Store) -> None:
    metrics_store.commit(ChangeBatch(contacts=_world()))
    rows = metrics_store.historical(
        _query(Basis.ENQUEUED, Fact.QUEUED, group_by=("queue_id", "channel"), bucket_ms=60_000)
    )
    assert sorted((r.bucket, r.keys, r.values) for r in rows) == [
        (0, ("qa", "VOICE"), (4,)),
        (1, ("qb", "CHAT"), (1,)),
    ]


def test_filters_narrow_rows_and_empty_window_has_none(metrics_store: Store) -> None:
    metrics_store.commit(ChangeBatch(contacts=_world()))
    (row,) = metrics_store.historical(_query(Basis.DISCONNECTED, Fact.HANDLED, agent_ids=("u1",)))
    assert row.values == (2,)
    (row,) = metrics_store.historical(
        _query(Basis.DISCONNECTED, Fact.HANDLED, queue_ids=("qb",), channels=("CHAT",))
    )
    assert row.values == (1,)
    assert (
        metrics_store.historical(_query(Basis.DISCONNECTED, Fact.HANDLED, queue_ids=("nope",)))
        == []
    )
    late = HistoricalQuery(
        I, Basis.DISCONNECTED, T0 + 600_000, T0 + 900_000, (Aggregate(Fact.HANDLED),)
    )
    assert metrics_store.historical(late) == []


def test_metric_filters_select_initiation_methods_and_reasons(metrics_store: Store) -> None:
    metrics_store.commit(ChangeBatch(contacts=_world()))
    agent_first = Aggregate(Fact.HANDLED, disconnect_reasons=("AGENT_DISCONNECT",))
    not_agent_first = Aggregate(
        Fact.HANDLED, disconnect_reasons=("AGENT_DISCONNECT",), negate_disconnect=True
    )
    api = Aggregate(Fact.HANDLED, initiation_methods=("API",))
    (row,) = metrics_store.historical(_query(Basis.DISCONNECTED, agent_first, not_agent_first, api))
    assert row.values == (1, 2, 0)


def test_agent_time_splits_intervals_over_buckets_and_runs_open_until_now(
    metrics_store: Store,
) -> None:
    points = [
        AgentActivityRow(I, "u1", T0 - 60_000, "IDLE"),  # idle from before the window
        AgentActivityRow(I, "u1", T0 + 30_000, "ON_CONTACT"),
        AgentActivityRow(I, "u1", T0 + 90_000, "OTHER"),
        AgentActivityRow(I, "u1", T0 + 100_000, "IDLE"),  # open: until now
        AgentActivityRow(I, "u2", T0 + 50_000, "ON_CONTACT"),
        AgentActivityRow("inst-2", "u9", T0, "ON_CONTACT"),
    ]
    metrics_store.commit(ChangeBatch(agent_activity=points))
    on, idle = Aggregate(Fact.ON_CONTACT_MS), Aggregate(Fact.IDLE_MS)
    now = T0 + 120_000
    (total,) = metrics_store.historical(_query(Basis.AGENT, on, idle, now=now))
    assert total.values == (60_000 + 70_000, 30_000 + 20_000)
    rows = metrics_store.historical(
        _query(Basis.AGENT, on, idle, now=now, bucket_ms=60_000, group_by=("agent_id",))
    )
    assert sorted((r.bucket, r.keys, r.values) for r in rows) == [
        (0, ("u1",), (30_000, 30_000)),
        (0, ("u2",), (10_000, 0)),
        (1, ("u1",), (30_000, 20_000)),
        (1, ("u2",), (60_000, 0)),
    ]
    (only_u2,) = metrics_store.historical(_query(Basis.AGENT, on, idle, now=now, agent_ids=("u2",)))
    assert only_u2.values == (70_000, 0)
