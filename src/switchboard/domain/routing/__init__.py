"""The pure routing core: queues, routing profiles, agents, contacts, timers (R1.x of
`connect-semantics.md`). Start at `engine.RoutingEngine`; design notes in
`docs/design/routing.md`.
"""

from switchboard.domain.routing.commands import EnqueueContact
from switchboard.domain.routing.config import (
    AgentConfig,
    EngineSettings,
    ProfileConfig,
    ProfileQueue,
    QueueConfig,
)
from switchboard.domain.routing.engine import RoutingEngine
from switchboard.domain.routing.errors import QueueAtCapacityError, QueueDisabledError
from switchboard.domain.routing.snapshot import EngineState
from switchboard.domain.routing.types import (
    AgentContactState,
    AvailabilityTimer,
    Channel,
    ContactPhase,
    CrossChannel,
    DequeueReason,
    QueueKind,
    StatusKind,
    StatusRef,
)

__all__ = [
    "AgentConfig",
    "AgentContactState",
    "AvailabilityTimer",
    "Channel",
    "ContactPhase",
    "CrossChannel",
    "DequeueReason",
    "EngineSettings",
    "EngineState",
    "EnqueueContact",
    "ProfileConfig",
    "ProfileQueue",
    "QueueAtCapacityError",
    "QueueConfig",
    "QueueDisabledError",
    "QueueKind",
    "RoutingEngine",
    "StatusKind",
    "StatusRef",
]
