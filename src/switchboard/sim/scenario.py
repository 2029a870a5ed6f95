"""A simulation scenario: typed frozen values, validated once, with field-path errors.

    Scenario
      queues            (QueueSpec ...)
      routing_profiles  (RoutingProfileSpec ... -> ProfileQueueSpec ...)
      agents            (AgentGroupSpec ...: count, shifts, proficiencies, handle/ACW/accept)
      flows             (FlowSpec ...: flow-language JSON run by the domain interpreter)
      arrivals          (ArrivalStreamSpec ...: Poisson piecewise rates or a trace, patience,
                         a queue or a flow, priority, time adjustment, routing criteria)

This is Ciw's `create_network` without dicts of dicts: `scenario_yaml.load_scenario` turns YAML
into these values and raises `ScenarioError("agents[2].handle_time.mean", "must be > 0")`.
Times are seconds (floats) here; the runner turns them into the engine's int milliseconds.
Must not import: server, handlers, storage.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from switchboard.domain.channel import Channel
from switchboard.domain.routing.criteria import RoutingCriteria
from switchboard.domain.routing.types import CrossChannel
from switchboard.sim.distributions import Distribution


class ScenarioError(ValueError):
    """A scenario value is missing or wrong; `path` names the field (`agents[2].count`)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}" if path else reason)
        self.path = path
        self.reason = reason


@dataclass(frozen=True, slots=True)
class QueueSpec:
    name: str
    max_contacts: int | None = None


@dataclass(frozen=True, slots=True)
class ProfileQueueSpec:
    queue: str
    channel: Channel = Channel.VOICE
    priority: int = 1
    delay_seconds: int = 0


@dataclass(frozen=True, slots=True)
class RoutingProfileSpec:
    name: str
    queues: tuple[ProfileQueueSpec, ...]
    concurrency: Mapping[Channel, int] = field(default_factory=lambda: {Channel.VOICE: 1})
    cross_channel: Mapping[Channel, CrossChannel] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Shift:
    """An agent is Available from `start_seconds` and goes Offline at `end_seconds` (a busy
    agent finishes its contacts first: Offline becomes its next status, R1.6.4)."""

    start_seconds: float
    end_seconds: float


@dataclass(frozen=True, slots=True)
class ProficiencySpec:
    name: str
    value: str
    level: float


@dataclass(frozen=True, slots=True)
class AgentGroupSpec:
    """`count` identical agents named `<name>-1 ... <name>-<count>` (or `names` when given).

    accept_delay None = auto-accept (R1.5.2); after_contact_work None = ACW cleared at once.
    """

    name: str
    count: int
    routing_profile: str
    handle_time: Distribution
    shifts: tuple[Shift, ...] = ()
    proficiencies: tuple[ProficiencySpec, ...] = ()
    after_contact_work: Distribution | None = None
    accept_delay: Distribution | None = None
    names: tuple[str, ...] = ()

    def agent_names(self) -> tuple[str, ...]:
        if self.names:
            return self.names
        return tuple(f"{self.name}-{i}" for i in range(1, self.count + 1))


@dataclass(frozen=True, slots=True)
class PoissonArrivals:
    """Poisson arrivals whose rate is piecewise constant: `rates_per_hour[i]` holds over
    [i * interval_seconds, (i + 1) * interval_seconds); the last rate holds to the end."""

    interval_seconds: float
    rates_per_hour: tuple[float, ...]

    def rate_at(self, t: float) -> float:
        i = min(int(t // self.interval_seconds), len(self.rates_per_hour) - 1)
        return self.rates_per_hour[i]


@dataclass(frozen=True, slots=True)
class TraceArrival:
    """One recorded arrival. Empty optional fields fall back to the stream's settings; the
    `recorded_*` fields are only carried through to the report for comparison.

    Patience: `patience_seconds` when given, else `min_patience_seconds` plus a draw from the
    stream's patience distribution (a caller known to have waited that long without giving up
    has at least that much patience; with exponential patience the rest is again exponential).
    """

    at_seconds: float
    queue: str | None = None
    handle_seconds: float | None = None
    patience_seconds: float | None = None
    min_patience_seconds: float = 0.0
    queue_priority: int | None = None
    queue_time_adjustment_seconds: int | None = None
    label: str = ""
    recorded_wait_seconds: float | None = None
    recorded_outcome: str | None = None


@dataclass(frozen=True, slots=True)
class ArrivalStreamSpec:
    """Contacts entering the center. Exactly one of `queue` / `flow` (the target) unless every
    trace row names its queue; exactly one of `poisson` / `trace` (the process)."""

    name: str
    channel: Channel = Channel.VOICE
    queue: str | None = None
    flow: str | None = None
    poisson: PoissonArrivals | None = None
    trace: tuple[TraceArrival, ...] = ()
    patience: Distribution | None = None
    queue_priority: int = 5
    queue_time_adjustment_seconds: int = 0
    routing_criteria: RoutingCriteria | None = None
    attributes: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class FlowSpec:
    """A contact flow in the flow language (the JSON `CreateContactFlow` takes). Queues are
    referred to by scenario queue name."""

    name: str
    content: str


@dataclass(frozen=True, slots=True)
class Scenario:
    name: str
    duration_seconds: float
    queues: tuple[QueueSpec, ...]
    routing_profiles: tuple[RoutingProfileSpec, ...]
    agents: tuple[AgentGroupSpec, ...]
    arrivals: tuple[ArrivalStreamSpec, ...]
    flows: tuple[FlowSpec, ...] = ()
    warmup_seconds: float = 0.0
    interval_seconds: float = 900.0
    service_level_seconds: float = 20.0
    offer_timeout_seconds: float = 20.0
    seed: int = 0
    description: str = ""

    def agent_count(self) -> int:
        return sum(group.count for group in self.agents)
