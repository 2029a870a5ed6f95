"""Routing profile use cases (R1.2): queue configurations, channel concurrency, default queue.

Invariants kept here:
  * one configuration per (queue, channel); priority 1-99 and delay 0-9999 (the model checks
    the ranges), at most 10 configurations per call and 50 per profile (R1.2.8);
  * every referenced queue exists and is a STANDARD queue: agent queues are never listed in
    a routing profile (R1.1.1);
  * MediaConcurrencies names each channel once; VOICE concurrency is 1, CHAT/TASK/EMAIL
    1-10 (R1.2.3); CrossChannelBehavior defaults to ROUTE_CURRENT_CHANNEL_ONLY (R1.2.4);
  * the default outbound queue exists (R1.2.6); at most 500 profiles (R1.1.7);
  * a profile assigned to users, or the instance's default profile, cannot be deleted.

Must not import anything from `aws/` or `handlers/`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from switchboard.app.naming import new_identity, require_unique_name
from switchboard.app.state import plain_id
from switchboard.app.unit_of_work import UnitOfWork
from switchboard.domain.channel import Channel
from switchboard.domain.errors import (
    InvalidArgumentError,
    LimitExceededError,
    ResourceInUseError,
)
from switchboard.domain.ids import IdGenerator
from switchboard.domain.resources.queue import Queue, QueueType
from switchboard.domain.resources.routing_profile import (
    MAX_QUEUE_CONFIGS_PER_CALL,
    MAX_QUEUE_CONFIGS_PER_PROFILE,
    MAX_ROUTING_PROFILES,
    AgentAvailabilityTimer,
    CrossChannelBehavior,
    MediaConcurrency,
    QueueConfig,
    QueueReference,
    RoutingProfile,
)
from switchboard.domain.resources.user import User
from switchboard.domain.tags import merged_tags

LABEL = "Routing profile"
#: Highest concurrency per channel (R1.2.3); VOICE is always exactly 1.
MAX_CONCURRENCY = {Channel.VOICE: 1, Channel.CHAT: 10, Channel.TASK: 10, Channel.EMAIL: 10}


class QueueQuotaExceededError(LimitExceededError):
    """More than 50 (queue, channel) pairs on one profile (R1.2.8)."""


@dataclass(frozen=True, slots=True)
class ConcurrencyRequest:
    channel: Channel
    concurrency: int | None
    cross_channel: CrossChannelBehavior | None = None


# --------------------------------------------------------------------------- validation


def _standard_queue(uow: UnitOfWork, queue_id: str, field: str) -> Queue:
    queue = uow.require(Queue, queue_id)
    if queue.queue_type is QueueType.AGENT:
        raise InvalidArgumentError(
            field, f"queue {queue.id} is an agent queue and cannot be used in a routing profile"
        )
    return queue


def _media(requests: Sequence[ConcurrencyRequest]) -> tuple[MediaConcurrency, ...]:
    if not requests:
        raise InvalidArgumentError("MediaConcurrencies", "at least one channel is required")
    seen: set[Channel] = set()
    result: list[MediaConcurrency] = []
    for req in requests:
        if req.channel in seen:
            raise InvalidArgumentError(
                "MediaConcurrencies", f"channel {req.channel} is listed more than once"
            )
        seen.add(req.channel)
        highest = MAX_CONCURRENCY[req.channel]
        if req.concurrency is None or not 1 <= req.concurrency <= highest:
            raise InvalidArgumentError(
                "MediaConcurrencies.Concurrency",
                f"concurrency for {req.channel} must be between 1 and {highest}",
            )
        result.append(
            MediaConcurrency(
                req.channel,
                req.concurrency,
                req.cross_channel or CrossChannelBehavior.ROUTE_CURRENT_CHANNEL_ONLY,
            )
        )
    return tuple(result)


def _queue_configs(
    uow: UnitOfWork, configs: Sequence[QueueConfig], field: str = "QueueConfigs"
) -> tuple[QueueConfig, ...]:
    """Configs with plain queue ids; queues exist and are standard; no duplicate pairs."""
    refs = _references(
        uow, [QueueReference(c.queue_id, c.channel) for c in configs], field, "configurations"
    )
    return tuple(replace(c, queue_id=r.queue_id) for c, r in zip(configs, refs, strict=True))


def _references(
    uow: UnitOfWork, refs: Sequence[QueueReference], field: str, noun: str = "references"
) -> tuple[QueueReference, ...]:
    """References with plain queue ids; queues exist and are standard; no duplicate pairs."""
    if len(refs) > MAX_QUEUE_CONFIGS_PER_CALL:
        raise InvalidArgumentError(
            field, f"at most {MAX_QUEUE_CONFIGS_PER_CALL} queue {noun} per request"
        )
    seen: set[tuple[str, Channel]] = set()
    result: list[QueueReference] = []
    for ref in refs:
        queue = _standard_queue(uow, ref.queue_id, field)
        pair = (queue.id, ref.channel)
        if pair in seen:
            raise InvalidArgumentError(
                field, f"queue {queue.id} is listed twice for channel {ref.channel}"
            )
        seen.add(pair)
        result.append(QueueReference(queue.id, ref.channel))
    return tuple(result)


def _touch(uow: UnitOfWork, profile: RoutingProfile, **changes: object) -> RoutingProfile:
    updated = replace(
        profile,
        **changes,  # type: ignore[arg-type]
        last_modified_at=uow.now,
        last_modified_region=uow.state.instance.region,
    )
    uow.put(updated)
    return updated


# --------------------------------------------------------------------------- commands


def create_routing_profile(
    uow: UnitOfWork,
    ids: IdGenerator,
    *,
    name: str,
    description: str,
    default_outbound_queue_id: str,
    media_concurrencies: Sequence[ConcurrencyRequest],
    queue_configs: Sequence[QueueConfig] = (),
    manual_assignment_queues: Sequence[QueueReference] = (),
    agent_availability_timer: AgentAvailabilityTimer | None = None,
    tags: dict[str, str] | None = None,
) -> RoutingProfile:
    """Create a profile; raises DuplicateError, NotFoundError, InvalidArgumentError,
    LimitExceededError (500 profiles per instance)."""
    existing = uow.all(RoutingProfile)
    require_unique_name([p.name for p in existing], name, LABEL)
    if len(existing) >= MAX_ROUTING_PROFILES:
        raise LimitExceededError(
            f"An instance can have at most {MAX_ROUTING_PROFILES} routing profiles"
        )
    media = _media(media_concurrencies)
    outbound = _standard_queue(uow, default_outbound_queue_id, "DefaultOutboundQueueId")
    configs = _queue_configs(uow, queue_configs)
    manual = _references(uow, manual_assignment_queues, "ManualAssignmentQueueConfigs")
    new_id, arn = new_identity(uow, ids, RoutingProfile.KIND)
    profile = RoutingProfile(
        id=new_id,
        instance_id=uow.instance_id,
        arn=arn,
        tags=merged_tags({}, tags or {}),
        last_modified_at=uow.now,
        last_modified_region=uow.state.instance.region,
        name=name,
        description=description,
        default_outbound_queue_id=outbound.id,
        media_concurrencies=media,
        queue_configs=configs,
        agent_availability_timer=agent_availability_timer
        or AgentAvailabilityTimer.TIME_SINCE_LAST_ACTIVITY,
        manual_assignment_queues=manual,
    )
    uow.put(profile)
    uow.record("RoutingProfileCreated", routing_profile_id=new_id, name=name)
    uow.commit()
    return profile


def associate_queues(
    uow: UnitOfWork,
    profile_id: str,
    *,
    queue_configs: Sequence[QueueConfig] = (),
    manual_assignment_queues: Sequence[QueueReference] = (),
) -> RoutingProfile:
    """Add (queue, channel) pairs; a pair already on the profile is InvalidArgumentError
    (R1.2.8), more than 50 pairs is QueueQuotaExceededError."""
    profile = uow.require(RoutingProfile, profile_id)
    if not queue_configs and not manual_assignment_queues:
        raise InvalidArgumentError(
            "QueueConfigs", "QueueConfigs or ManualAssignmentQueueConfigs is required"
        )
    configs = _queue_configs(uow, queue_configs)
    manual = _references(uow, manual_assignment_queues, "ManualAssignmentQueueConfigs")
    present = {(c.queue_id, c.channel) for c in profile.queue_configs}
    for config in configs:
        if (config.queue_id, config.channel) in present:
            raise InvalidArgumentError(
                "QueueConfigs",
                f"queue {config.queue_id} is already associated for channel {config.channel}",
            )
    present_manual = {(r.queue_id, r.channel) for r in profile.manual_assignment_queues}
    for ref in manual:
        if (ref.queue_id, ref.channel) in present_manual:
            raise InvalidArgumentError(
                "ManualAssignmentQueueConfigs",
                f"queue {ref.queue_id} is already associated for channel {ref.channel}",
            )
    total = len(profile.queue_configs) + len(configs)
    if total > MAX_QUEUE_CONFIGS_PER_PROFILE:
        raise QueueQuotaExceededError(
            f"A routing profile can have at most {MAX_QUEUE_CONFIGS_PER_PROFILE} queue "
            f"configurations; this request makes {total}"
        )
    manual_total = len(profile.manual_assignment_queues) + len(manual)
    if manual_total > MAX_QUEUE_CONFIGS_PER_PROFILE:
        raise QueueQuotaExceededError(
            f"A routing profile can have at most {MAX_QUEUE_CONFIGS_PER_PROFILE} manual "
            f"assignment queues; this request makes {manual_total}"
        )
    updated = _touch(
        uow,
        profile,
        queue_configs=profile.queue_configs + configs,
        manual_assignment_queues=profile.manual_assignment_queues + manual,
    )
    uow.record(
        "RoutingProfileQueuesAssociated",
        routing_profile_id=profile.id,
        queues=[[c.queue_id, c.channel.value] for c in configs],
        manual_assignment_queues=[[r.queue_id, r.channel.value] for r in manual],
    )
    uow.commit()
    return updated


def _existing_pairs(
    uow: UnitOfWork,
    refs: Sequence[QueueReference],
    present: set[tuple[str, Channel]],
    field: str,
) -> set[tuple[str, Channel]]:
    """The plain (queue, channel) pairs of `refs`; each queue exists and each pair is present."""
    pairs: set[tuple[str, Channel]] = set()
    for ref in refs:
        queue = uow.require(Queue, ref.queue_id)
        pair = (queue.id, ref.channel)
        if pair not in present:
            raise InvalidArgumentError(
                field, f"queue {queue.id} is not associated for channel {ref.channel}"
            )
        pairs.add(pair)
    return pairs


def disassociate_queues(
    uow: UnitOfWork,
    profile_id: str,
    *,
    queue_references: Sequence[QueueReference] = (),
    manual_assignment_references: Sequence[QueueReference] = (),
) -> RoutingProfile:
    """Remove (queue, channel) pairs; a pair not on the profile is InvalidArgumentError."""
    profile = uow.require(RoutingProfile, profile_id)
    if not queue_references and not manual_assignment_references:
        raise InvalidArgumentError(
            "QueueReferences", "QueueReferences or ManualAssignmentQueueReferences is required"
        )
    drop = _existing_pairs(
        uow,
        queue_references,
        {(c.queue_id, c.channel) for c in profile.queue_configs},
        "QueueReferences",
    )
    drop_manual = _existing_pairs(
        uow,
        manual_assignment_references,
        {(r.queue_id, r.channel) for r in profile.manual_assignment_queues},
        "ManualAssignmentQueueReferences",
    )
    updated = _touch(
        uow,
        profile,
        queue_configs=tuple(
            c for c in profile.queue_configs if (c.queue_id, c.channel) not in drop
        ),
        manual_assignment_queues=tuple(
            r
            for r in profile.manual_assignment_queues
            if (r.queue_id, r.channel) not in drop_manual
        ),
    )
    uow.record(
        "RoutingProfileQueuesDisassociated",
        routing_profile_id=profile.id,
        queues=sorted([q, ch.value] for q, ch in drop),
        manual_assignment_queues=sorted([q, ch.value] for q, ch in drop_manual),
    )
    uow.commit()
    return updated


def update_queues(
    uow: UnitOfWork, profile_id: str, queue_configs: Sequence[QueueConfig]
) -> RoutingProfile:
    """Change priority and delay of pairs already on the profile (unknown pair: invalid)."""
    profile = uow.require(RoutingProfile, profile_id)
    configs = _queue_configs(uow, queue_configs)
    by_pair = {(c.queue_id, c.channel): c for c in configs}
    present = {(c.queue_id, c.channel) for c in profile.queue_configs}
    for pair in by_pair:
        if pair not in present:
            raise InvalidArgumentError(
                "QueueConfigs", f"queue {pair[0]} is not associated for channel {pair[1]}"
            )
    updated = _touch(
        uow,
        profile,
        queue_configs=tuple(by_pair.get((c.queue_id, c.channel), c) for c in profile.queue_configs),
    )
    uow.record(
        "RoutingProfileQueuesUpdated",
        routing_profile_id=profile.id,
        queues=[[c.queue_id, c.channel.value, c.priority, c.delay_seconds] for c in configs],
    )
    uow.commit()
    return updated


def update_concurrency(
    uow: UnitOfWork, profile_id: str, media_concurrencies: Sequence[ConcurrencyRequest]
) -> RoutingProfile:
    """Replace the profile's channel settings with the given list (see the design doc)."""
    profile = uow.require(RoutingProfile, profile_id)
    updated = _touch(uow, profile, media_concurrencies=_media(media_concurrencies))
    uow.record("RoutingProfileConcurrencyUpdated", routing_profile_id=profile.id)
    uow.commit()
    return updated


def update_default_outbound_queue(
    uow: UnitOfWork, profile_id: str, queue_id: str
) -> RoutingProfile:
    profile = uow.require(RoutingProfile, profile_id)
    queue = _standard_queue(uow, queue_id, "DefaultOutboundQueueId")
    updated = _touch(uow, profile, default_outbound_queue_id=queue.id)
    uow.record(
        "RoutingProfileDefaultOutboundQueueUpdated",
        routing_profile_id=profile.id,
        queue_id=queue.id,
    )
    uow.commit()
    return updated


def update_name(
    uow: UnitOfWork, profile_id: str, *, name: str | None, description: str | None
) -> RoutingProfile:
    """Rename and/or redescribe; one of the two is required (InvalidArgumentError)."""
    profile = uow.require(RoutingProfile, profile_id)
    if name is None and description is None:
        raise InvalidArgumentError("Name", "Name or Description is required")
    if name is not None and name != profile.name:
        others = [p.name for p in uow.all(RoutingProfile) if p.id != profile.id]
        require_unique_name(others, name, LABEL)
    updated = _touch(
        uow,
        profile,
        name=profile.name if name is None else name,
        description=profile.description if description is None else description,
    )
    uow.record("RoutingProfileNameUpdated", routing_profile_id=profile.id, name=updated.name)
    uow.commit()
    return updated


def update_agent_availability_timer(
    uow: UnitOfWork, profile_id: str, timer: AgentAvailabilityTimer
) -> RoutingProfile:
    profile = uow.require(RoutingProfile, profile_id)
    updated = _touch(uow, profile, agent_availability_timer=timer)
    uow.record(
        "RoutingProfileAgentAvailabilityTimerUpdated",
        routing_profile_id=profile.id,
        timer=timer.value,
    )
    uow.commit()
    return updated


def users_of(uow: UnitOfWork, profile_id: str) -> list[User]:
    """Users whose routing profile is `profile_id` (NumberOfAssociatedUsers)."""
    pid = plain_id(profile_id)
    return [u for u in uow.all(User) if u.routing_profile_id == pid]


def delete_routing_profile(uow: UnitOfWork, profile_id: str) -> None:
    """Delete; ResourceInUseError when users are assigned or it is the default profile."""
    profile = uow.require(RoutingProfile, profile_id)
    if profile.is_default:
        raise ResourceInUseError(
            f"Routing profile {profile.id} is the instance's default routing profile"
        )
    users = users_of(uow, profile.id)
    if users:
        raise ResourceInUseError(
            f"Routing profile {profile.id} is assigned to {len(users)} user(s)"
        )
    uow.delete(profile)
    uow.record("RoutingProfileDeleted", routing_profile_id=profile.id)
    uow.commit()
