"""The 14 real-time metrics over a routing engine, against hand-computed values (R3.3, R3.4)."""

from __future__ import annotations

from typing import Any

from switchboard.domain.metrics.ewt import FluidEstimator
from switchboard.domain.metrics.learning import OnlineStats
from switchboard.domain.metrics.realtime import (
    CurrentMetric as M,
)
from switchboard.domain.metrics.realtime import (
    Grouping,
    RealtimeMetrics,
    RealtimeQuery,
    RowKey,
)
from switchboard.domain.routing import CrossChannel
from switchboard.domain.routing.types import AgentContactState
from tests.unit.routing.routing_world import CHAT, LUNCH, VOICE, World, create_world

ALL = tuple(M)


def _world() -> World:
    """q1 (VOICE+CHAT) and q2 (VOICE) on profile p; q3 on profile r. a1 on a voice call,
    a2 on two chats (one in ACW; no other channels while on chat), a3 at lunch, a4 with a
    missed call and Lunch pending; 2 voice calls wait in q1 (enqueued at 2 s and 10 s); r's
    agent a5 is free."""
    w = create_world()
    for q in ("q1", "q2", "q3"):
        w.queue(q)
    w.profile(
        "p",
        [("q1", VOICE, 1, 0), ("q1", CHAT, 1, 0), ("q2", VOICE, 2, 0)],
        {VOICE: 1, CHAT: 3},
        {CHAT: CrossChannel.CURRENT_ONLY},
    )
    w.profile("r", [("q3", VOICE, 1, 0)])
    w.agent("a1", "p")
    w.call("v1", "q1", 0)
    w.engine.accept("v1", "a1", w.at(1_000))
    w.agent("a2", "p")
    w.engine.set_agent_status("a2", LUNCH, w.at(1_000))  # not ready while chats arrive
    w.agent("a4", "p")
    w.call("v2", "q1", 2_000)  # offered to a4, who misses it at 22 s
    w.engine.set_agent_status("a4", LUNCH, w.at(2_000))  # next status (ringing)
    w.call("c1", "q1", 3_000, channel=CHAT)
    w.call("c2", "q1", 3_000, channel=CHAT)
    w.engine.set_agent_status("a2", w.engine.agent_state("a1").status, w.at(4_000))
    w.engine.accept("c1", "a2", w.at(5_000))
    w.engine.accept("c2", "a2", w.at(5_000))
    w.engine.end_contact("c2", w.at(6_000))
    w.agent("a3", "p", available=False)
    w.engine.set_agent_status("a3", LUNCH, w.at(7_000))
    w.call("v3", "q1", 10_000)
    w.engine.advance(w.at(25_000))
    w.agent("a5", "r")
    return w


def _rows(w: World, now: int, **kwargs: Any) -> dict[RowKey, dict[M, float | None]]:
    query = RealtimeQuery(ALL, **kwargs)
    rows = RealtimeMetrics(w.engine, OnlineStats(), FluidEstimator(), now).rows(query)
    return {r.key: dict(zip(ALL, r.values, strict=True)) for r in rows}


def test_queue_row_counts_every_metric_when_grouped_by_queue() -> None:
    w = _world()
    assert w.engine.agent_state("a4").contacts[0].state is AgentContactState.MISSED
    rows = _rows(w, 40_000, queue_ids=("q1",), groupings=(Grouping.QUEUE,))
    q1 = rows[RowKey(queue_id="q1")]
    assert q1 == {
        M.AGENTS_ONLINE: 4.0,  # a1 a2 a3 a4
        M.AGENTS_AVAILABLE: 0.0,
        M.AGENTS_ON_CALL: 2.0,
        M.AGENTS_ON_CONTACT: 2.0,
        M.AGENTS_NON_PRODUCTIVE: 1.0,  # a3 (a4's Lunch waits behind its missed call)
        M.AGENTS_AFTER_CONTACT_WORK: 1.0,
        M.AGENTS_ERROR: 1.0,
        M.AGENTS_STAFFED: 3.0,  # a1 a2 a4
        M.CONTACTS_IN_QUEUE: 2.0,
        M.OLDEST_CONTACT_AGE: 38.0,  # v2 requeued after the miss keeps its 2 s enqueue time
        M.CONTACTS_SCHEDULED: 0.0,
        M.SLOTS_ACTIVE: 3.0,  # a1 voice, a2 chat + chat in ACW
        M.SLOTS_AVAILABLE: 1.0,  # a2: 3 chats - 2 held; a1 busy on voice; a3/a4 not ready
        M.ESTIMATED_WAIT_TIME: None,  # two channels in one row: no queue estimate
    }
    assert w.engine.agent_state("a4").next_status == LUNCH


def test_channel_rows_split_contacts_and_slots() -> None:
    w = _world()
    rows = _rows(w, 40_000, queue_ids=("q1",), channels=(VOICE, CHAT),
                 groupings=(Grouping.QUEUE, Grouping.CHANNEL))  # fmt: skip
    voice, chat = rows[RowKey("q1", VOICE)], rows[RowKey("q1", CHAT)]
    assert (voice[M.CONTACTS_IN_QUEUE], chat[M.CONTACTS_IN_QUEUE]) == (2.0, 0.0)
    assert (voice[M.SLOTS_ACTIVE], chat[M.SLOTS_ACTIVE]) == (1.0, 2.0)
    assert (voice[M.SLOTS_AVAILABLE], chat[M.SLOTS_AVAILABLE]) == (0.0, 1.0)
    assert chat[M.AGENTS_AFTER_CONTACT_WORK] == 1.0
    assert voice[M.AGENTS_AFTER_CONTACT_WORK] == 0.0
    assert voice[M.ESTIMATED_WAIT_TIME] is not None


def test_profile_rows_are_separate_populations_and_summary_counts_once() -> None:
    w = _world()
    rows = _rows(w, 40_000, profile_ids=("p", "r"), groupings=(Grouping.ROUTING_PROFILE,))
    assert rows[RowKey(profile_id="r")][M.AGENTS_AVAILABLE] == 1.0
    assert rows[RowKey(profile_id="r")][M.CONTACTS_IN_QUEUE] == 0.0
    assert rows[RowKey(profile_id="p")][M.CONTACTS_IN_QUEUE] == 2.0
    (summary,) = _rows(w, 40_000, queue_ids=("q1", "q2", "q3")).values()
    assert summary[M.AGENTS_ONLINE] == 5.0
    assert summary[M.OLDEST_CONTACT_AGE] == 38_000.0  # QUIRK R3.2.3: ms without groupings
