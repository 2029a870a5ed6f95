"""Folding engine events into contact records (recorder.apply), without a server."""

from __future__ import annotations

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
from switchboard.domain.routing.types import DequeueReason


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
