"""Folding engine events into contact records (recorder.apply), without a server."""

from __future__ import annotations

from dataclasses import replace

from switchboard.domain.channel import Channel
from switchboard.domain.contacts import recorder
from switchboard.domain.contacts.contact import Contact, ContactStatus
from switchboard.domain.routing import events as ev
from switchboard.domain.routing.criteria import (
    GREATER_OR_EQUAL,
    AttributeCondition,
    RoutingCriteria,
    RoutingStep,
)
from switchboard.domain.routing.types import AgentContactState, DequeueReason


def _queued() -> Contact:
    fresh = Contact("c1", "i1", "arn:c1", Channel.TASK, "API", initiated_at=1_000)
    return recorder.apply(fresh, ev.ContactQueued("c1", "q1", Channel.TASK, 2_000))


def test_queued_record_gets_default_priority_when_enqueued() -> None:
    record = _queued()
    assert (record.status, record.queue_id, record.enqueued_at) == (
        ContactStatus.QUEUED,
        "q1",
        2_000,
    )
    assert (record.queue_priority, record.queue_time_adjustment_seconds) == (5, 0)


def test_transfer_out_of_queue_finishes_segment_when_dequeued() -> None:
    record = recorder.apply(
        _queued(), ev.ContactDequeued("c1", "q1", Channel.TASK, 5_000, DequeueReason.TRANSFERRED)
    )
    assert record.status is ContactStatus.FINISHED
    assert (record.dequeued_at, record.disconnected_at, record.transfer_completed_at) == (
        5_000,
        5_000,
        5_000,
    )
    assert record.abandoned is False


def test_abandon_finishes_segment_when_customer_leaves_queue() -> None:
    record = recorder.apply(
        _queued(), ev.ContactDequeued("c1", "q1", Channel.TASK, 7_000, DequeueReason.ABANDONED)
    )
    assert record.status is ContactStatus.FINISHED
    assert record.abandoned is True
    assert record.transfer_completed_at is None
    assert record.queue_duration_ms == 5_000


def _criteria(level: float) -> RoutingCriteria:
    condition = AttributeCondition("Language", "French", GREATER_OR_EQUAL, proficiency_level=level)
    return RoutingCriteria((RoutingStep(condition, 30_000),))


def test_criteria_index_counts_replacements_when_criteria_change() -> None:
    first = recorder.with_criteria(_queued(), _criteria(3))
    assert (first.routing_criteria, first.routing_criteria_index) == (_criteria(3), 0)
    assert recorder.with_criteria(first, None) is first
    assert recorder.with_criteria(first, _criteria(3)) is first
    second = recorder.with_criteria(first, _criteria(4))
    assert (second.routing_criteria, second.routing_criteria_index) == (_criteria(4), 1)
    assert second.routing_steps == ()


def _lifecycle() -> list[ev.Event]:
    voice = Channel.VOICE
    return [
        ev.ContactQueued("c1", "q1", voice, 2_000),
        ev.ContactOffered("c1", "u1", "q1", voice, 3_000, 23_000),
        ev.ContactMissed("c1", "u1", 23_000),
        ev.ContactRejected("c1", "u1", 23_000, False),  # changes nothing in the record
        ev.ContactRequeued("c1", "q1", voice, 23_000, 1),
        ev.ContactOffered("c1", "u2", "q1", voice, 24_000, 44_000),
        ev.ContactConnected("c1", "u2", "q1", voice, 25_000, True),
        ev.ContactOnHold("c1", "u2", 30_000),
        ev.ContactResumed("c1", "u2", 34_000),
        ev.ContactEnded("c1", "u2", 60_000),
        ev.AfterContactWorkStarted("c1", "u2", 60_000, None),
        ev.AfterContactWorkCleared("c1", "u2", 75_000, False),
    ]


def test_fold_equals_applying_one_by_one_when_a_contact_lives_its_whole_life() -> None:
    fresh = Contact("c1", "i1", "arn:c1", Channel.VOICE, "INBOUND", initiated_at=1_000)
    stepwise = fresh
    for event in _lifecycle():
        stepwise = recorder.apply(stepwise, event)
    folded = recorder.fold(fresh, _lifecycle())
    assert folded == stepwise
    assert folded.status is ContactStatus.FINISHED
    assert (folded.agent_id, folded.connection_attempts, folded.missed_count) == ("u2", 2, 1)
    assert (folded.queue_duration_ms, folded.hold_total_ms, folded.acw_duration_ms) == (
        23_000,
        4_000,
        15_000,
    )
    assert folded.last_update_at == 75_000


def test_records_stay_unchanged_when_events_are_applied_to_them() -> None:
    fresh = Contact("c1", "i1", "arn:c1", Channel.VOICE, "INBOUND", initiated_at=1_000)
    before = recorder.evolve(fresh)
    queued = recorder.apply(fresh, _lifecycle()[0])
    assert fresh == before and fresh.status is ContactStatus.IN_FLOW
    folded = recorder.fold(queued, _lifecycle()[1:])
    assert queued.status is ContactStatus.QUEUED and queued.agent_id is None
    assert folded is not queued


def test_same_record_comes_back_when_no_event_changes_it() -> None:
    record = _queued()
    unrelated = [
        ev.ContactRejected("c1", "u1", 9_000, False),
        ev.AgentSlotFreed("u1", "c1", Channel.TASK, AgentContactState.REJECTED, 9_000),
    ]
    assert recorder.fold(record, unrelated) is record
    assert recorder.apply(record, unrelated[0]) is record


def test_evolve_equals_dataclasses_replace_when_fields_change() -> None:
    record = _queued()
    changes = {"agent_id": "u9", "hold_count": 3, "attributes": {"k": "v"}}
    assert recorder.evolve(record, **changes) == replace(record, **changes)
