"""What a new Connect instance comes with (R1.1.5, R1.7.1): statuses, hours, queue, profile,
security profiles and an empty hierarchy."""

from __future__ import annotations

from switchboard.app.contact_flows import seed_default_flows
from switchboard.app.unit_of_work import UnitOfWork
from switchboard.domain.channel import Channel
from switchboard.domain.ids import IdGenerator, resource_arn
from switchboard.domain.resources.agent_status import (
    AgentStatus,
    AgentStatusState,
    AgentStatusType,
)
from switchboard.domain.resources.hierarchy import HierarchyStructure
from switchboard.domain.resources.hours import HoursOfOperation, HoursSlot, TimeSlice
from switchboard.domain.resources.queue import Queue
from switchboard.domain.resources.routing_profile import (
    MediaConcurrency,
    QueueConfig,
    RoutingProfile,
)
from switchboard.domain.resources.security_profile import SecurityProfile

DAYS = ("SUNDAY", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY")
DEFAULT_SECURITY_PROFILES = ("Admin", "Agent", "CallCenterManager", "QualityAnalyst")
BASIC_QUEUE = "BasicQueue"
BASIC_HOURS = "Basic Hours"
BASIC_ROUTING_PROFILE = "Basic Routing Profile"


def seed_instance(uow: UnitOfWork, ids: IdGenerator) -> None:
    """Create the default resources of a fresh instance inside `uow`."""
    inst = uow.state.instance
    region = inst.region
    now = uow.now

    def common(kind: str) -> dict[str, object]:
        new_id = ids.new_id()
        return {
            "id": new_id,
            "instance_id": inst.id,
            "arn": resource_arn(inst.arn, kind, new_id),
            "last_modified_at": now,
            "last_modified_region": region,
        }

    for order, (name, status_type) in enumerate(
        (("Available", AgentStatusType.ROUTABLE), ("Offline", AgentStatusType.OFFLINE)), start=1
    ):
        uow.put(
            AgentStatus(
                **common("agent_status"),  # type: ignore[arg-type]
                name=name,
                description=f"{name} status",
                type=status_type,
                state=AgentStatusState.ENABLED,
                display_order=order,
            )
        )
    full_day = TimeSlice(0, 0)
    hours = HoursOfOperation(
        **common("hours_of_operation"),  # type: ignore[arg-type]
        name=BASIC_HOURS,
        description="Basic 24x7 hours of operation",
        time_zone="UTC",
        config=tuple(HoursSlot(day, full_day, full_day) for day in DAYS),
    )
    uow.put(hours)
    queue = Queue(
        **common("queue"),  # type: ignore[arg-type]
        name=BASIC_QUEUE,
        description="A simple, basic voice queue.",
        hours_of_operation_id=hours.id,
    )
    uow.put(queue)
    uow.put(
        RoutingProfile(
            **common("routing_profile"),  # type: ignore[arg-type]
            name=BASIC_ROUTING_PROFILE,
            description="Basic Routing Profile",
            default_outbound_queue_id=queue.id,
            media_concurrencies=(
                MediaConcurrency(Channel.VOICE, 1),
                MediaConcurrency(Channel.CHAT, 2),
                MediaConcurrency(Channel.TASK, 1),
            ),
            queue_configs=tuple(
                QueueConfig(queue.id, channel, priority=1, delay_seconds=0)
                for channel in (Channel.VOICE, Channel.CHAT, Channel.TASK)
            ),
            is_default=True,
        )
    )
    for name in DEFAULT_SECURITY_PROFILES:
        uow.put(
            SecurityProfile(
                **common("security_profile"),  # type: ignore[arg-type]
                name=name,
                description=f"Default {name} security profile",
                organization_resource_id=inst.id,
            )
        )
    seed_default_flows(uow, ids)
    uow.put(
        HierarchyStructure(id=inst.id, instance_id=inst.id, arn=f"{inst.arn}/agent-group-structure")
    )
