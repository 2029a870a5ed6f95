"""YAML (or any mapping) -> `Scenario`, validated once, every error naming its field path.

    load_scenario(path)            read a YAML file; relative file names resolve next to it
    parse_scenario(data, base_dir) the same from an already-loaded mapping

Every problem raises `ScenarioError(path, reason)`, e.g. `agents[2].handle_time.mean: must be
> 0` or `arrivals[0].queue: unknown queue 'Sales2' (known: Sales)`. Unknown keys are errors too,
so a misspelt field never silently falls back to a default.
Must not import: server, handlers, storage.
"""

from __future__ import annotations

import csv
import gzip
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import yaml

from switchboard.domain.channel import Channel
from switchboard.domain.errors import InvalidArgumentError
from switchboard.domain.flows.criteria_parse import parse_routing_criteria
from switchboard.domain.flows.language import FlowValidationError, parse_flow
from switchboard.domain.routing.types import CrossChannel
from switchboard.sim import distributions as d
from switchboard.sim.scenario import (
    AgentGroupSpec,
    ArrivalStreamSpec,
    FlowSpec,
    PoissonArrivals,
    ProficiencySpec,
    ProfileQueueSpec,
    QueueSpec,
    RoutingProfileSpec,
    Scenario,
    ScenarioError,
    Shift,
    TraceArrival,
)

T = TypeVar("T")


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file (YAML). Raises ScenarioError."""
    file = Path(path)
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ScenarioError("", f"cannot read {file}: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        raise ScenarioError("", f"{file} is not valid YAML: {exc}") from exc
    return parse_scenario(data, file.parent)


def parse_scenario(data: Any, base_dir: str | Path = ".") -> Scenario:
    """Validate a loaded mapping into a Scenario. Raises ScenarioError."""
    base = Path(base_dir)
    root = _mapping(data, "")
    _known(root, "", {
        "name", "description", "duration_seconds", "warmup_seconds", "interval_seconds",
        "service_level_seconds", "offer_timeout_seconds", "seed", "queues", "routing_profiles",
        "agents", "flows", "arrivals",
    })  # fmt: skip
    duration = _number(root, "duration_seconds", "", required=True, minimum=0, strict=True)
    queues = tuple(_each(root, "queues", "", _queue, required=True))
    _unique([q.name for q in queues], "queues")
    queue_names = {q.name for q in queues}
    profiles = tuple(
        _each(root, "routing_profiles", "", lambda v, p: _profile(v, p, queue_names), True)
    )
    _unique([p.name for p in profiles], "routing_profiles")
    profile_names = {p.name for p in profiles}
    agents = tuple(_each(root, "agents", "", lambda v, p: _agents(v, p, profile_names), True))
    _unique([n for g in agents for n in g.agent_names()], "agents")
    flows = tuple(_each(root, "flows", "", lambda v, p: _flow(v, p, base), False))
    _unique([f.name for f in flows], "flows")
    flow_names = {f.name for f in flows}
    arrivals = tuple(
        _each(root, "arrivals", "", lambda v, p: _stream(v, p, queue_names, flow_names, base), True)
    )
    _unique([a.name for a in arrivals], "arrivals")
    warmup = _number(root, "warmup_seconds", "", default=0.0, minimum=0)
    if warmup >= duration:
        raise ScenarioError("warmup_seconds", "must be shorter than duration_seconds")
    return Scenario(
        name=str(root.get("name", "scenario")),
        description=str(root.get("description", "")),
        duration_seconds=duration,
        warmup_seconds=warmup,
        interval_seconds=_number(
            root, "interval_seconds", "", default=900.0, minimum=0, strict=True
        ),
        # The range of a GetMetricDataV2 Threshold: interval metrics are answered through it.
        service_level_seconds=_number(
            root, "service_level_seconds", "", default=20.0, minimum=1, maximum=604_800
        ),
        offer_timeout_seconds=_number(
            root, "offer_timeout_seconds", "", default=20.0, minimum=0, strict=True
        ),
        seed=int(_number(root, "seed", "", default=0, integer=True)),
        queues=queues,
        routing_profiles=profiles,
        agents=agents,
        flows=flows,
        arrivals=arrivals,
    )


# ------------------------------------------------------------------------------ entities


def _queue(value: Any, path: str) -> QueueSpec:
    m = _mapping(value, path)
    _known(m, path, {"name", "max_contacts"})
    cap = m.get("max_contacts")
    return QueueSpec(
        _name(m, path),
        None if cap is None else int(_number(m, "max_contacts", path, minimum=0, integer=True)),
    )


def _profile(value: Any, path: str, queues: set[str]) -> RoutingProfileSpec:
    m = _mapping(value, path)
    _known(m, path, {"name", "queues", "concurrency", "cross_channel"})

    def entry(v: Any, p: str) -> ProfileQueueSpec:
        e = _mapping(v, p)
        _known(e, p, {"queue", "channel", "priority", "delay_seconds"})
        return ProfileQueueSpec(
            _ref(e, "queue", p, queues, "queue"),
            _channel(e.get("channel", "VOICE"), f"{p}.channel"),
            int(_number(e, "priority", p, default=1, minimum=1, maximum=99, integer=True)),
            int(_number(e, "delay_seconds", p, default=0, minimum=0, maximum=9999, integer=True)),
        )

    entries = tuple(_each(m, "queues", path, entry, required=True))
    raw_conc = m.get("concurrency", {"VOICE": 1})
    conc_map = _mapping(raw_conc, f"{path}.concurrency")
    concurrency: dict[Channel, int] = {}
    for key in conc_map:
        p = f"{path}.concurrency.{key}"
        channel = _channel(key, p)
        top = 1 if channel is Channel.VOICE else 10
        concurrency[channel] = int(
            _number(conc_map, key, f"{path}.concurrency", minimum=0, maximum=top, integer=True)
        )
    cross: dict[Channel, CrossChannel] = {}
    for key, raw in _mapping(m.get("cross_channel", {}), f"{path}.cross_channel").items():
        p = f"{path}.cross_channel.{key}"
        choices = {"CURRENT_ONLY": CrossChannel.CURRENT_ONLY, "ANY": CrossChannel.ANY}
        choices |= {c.value: c for c in CrossChannel}
        if raw not in choices:
            raise ScenarioError(p, f"must be one of {', '.join(sorted(choices))}")
        cross[_channel(key, p)] = choices[raw]
    for i, e in enumerate(entries):
        if concurrency.get(e.channel, 0) <= 0:
            raise ScenarioError(
                f"{path}.queues[{i}].channel", f"{e.channel} is not enabled in concurrency"
            )
    return RoutingProfileSpec(_name(m, path), entries, concurrency, cross)


def _agents(value: Any, path: str, profiles: set[str]) -> AgentGroupSpec:
    m = _mapping(value, path)
    _known(m, path, {
        "name", "count", "names", "routing_profile", "shifts", "proficiencies", "handle_time",
        "after_contact_work", "accept_delay",
    })  # fmt: skip
    names = tuple(str(n) for n in _list(m.get("names", []), f"{path}.names"))
    count = (
        len(names)
        if names and "count" not in m
        else int(_number(m, "count", path, required=True, minimum=1, integer=True))
    )
    if names and len(names) != count:
        raise ScenarioError(f"{path}.names", f"has {len(names)} names for count {count}")

    def shift(v: Any, p: str) -> Shift:
        s = _mapping(v, p)
        _known(s, p, {"start_seconds", "end_seconds"})
        start = _number(s, "start_seconds", p, required=True, minimum=0)
        end = _number(s, "end_seconds", p, required=True, minimum=0)
        if end <= start:
            raise ScenarioError(f"{p}.end_seconds", "must be after start_seconds")
        return Shift(start, end)

    def proficiency(v: Any, p: str) -> ProficiencySpec:
        s = _mapping(v, p)
        _known(s, p, {"name", "value", "level"})
        return ProficiencySpec(
            _string(s, "name", p),
            _string(s, "value", p),
            _number(s, "level", p, default=1.0, minimum=1, maximum=5),
        )

    shifts = tuple(_each(m, "shifts", path, shift, required=False))
    for i in range(1, len(shifts)):
        if shifts[i].start_seconds < shifts[i - 1].end_seconds:
            raise ScenarioError(f"{path}.shifts[{i}]", "shifts must be in order, not overlapping")
    return AgentGroupSpec(
        name=_name(m, path),
        count=count,
        names=names,
        routing_profile=_ref(m, "routing_profile", path, profiles, "routing profile"),
        handle_time=_required_distribution(m.get("handle_time"), f"{path}.handle_time"),
        shifts=shifts,
        proficiencies=tuple(_each(m, "proficiencies", path, proficiency, required=False)),
        after_contact_work=distribution(m.get("after_contact_work"), f"{path}.after_contact_work"),
        accept_delay=distribution(m.get("accept_delay"), f"{path}.accept_delay"),
    )


def _flow(value: Any, path: str, base: Path) -> FlowSpec:
    m = _mapping(value, path)
    _known(m, path, {"name", "file", "content"})
    if ("file" in m) == ("content" in m):
        raise ScenarioError(path, "give exactly one of file, content")
    if "file" in m:
        file = base / _string(m, "file", path)
        try:
            content = file.read_text(encoding="utf-8")
        except OSError as exc:
            raise ScenarioError(f"{path}.file", f"cannot read {file}: {exc.strerror}") from exc
    else:
        raw = m["content"]
        content = raw if isinstance(raw, str) else json.dumps(raw)
    try:
        parse_flow(content)
    except FlowValidationError as exc:
        raise ScenarioError(f"{path}.content", f"invalid flow: {exc.message}") from exc
    return FlowSpec(_name(m, path), content)


def _stream(
    value: Any, path: str, queues: set[str], flows: set[str], base: Path
) -> ArrivalStreamSpec:
    m = _mapping(value, path)
    _known(m, path, {
        "name", "channel", "queue", "flow", "poisson", "trace", "patience", "queue_priority",
        "queue_time_adjustment_seconds", "routing_criteria", "attributes",
    })  # fmt: skip
    if ("poisson" in m) == ("trace" in m):
        raise ScenarioError(path, "give exactly one of poisson, trace")
    if "queue" in m and "flow" in m:
        raise ScenarioError(path, "give one of queue, flow, not both")
    poisson = _poisson(m["poisson"], f"{path}.poisson") if "poisson" in m else None
    trace = _trace(m["trace"], f"{path}.trace", base, queues) if "trace" in m else ()
    if (
        "queue" not in m
        and "flow" not in m
        and (poisson is not None or any(a.queue is None for a in trace))
    ):
        raise ScenarioError(path, "needs a queue or a flow (or a queue on every trace row)")
    criteria = None
    if m.get("routing_criteria") is not None:
        try:
            criteria = parse_routing_criteria(m["routing_criteria"])
        except InvalidArgumentError as exc:
            raise ScenarioError(f"{path}.routing_criteria.{exc.field}", exc.reason) from exc
    attributes = _mapping(m.get("attributes", {}), f"{path}.attributes")
    return ArrivalStreamSpec(
        name=_name(m, path),
        channel=_channel(m.get("channel", "VOICE"), f"{path}.channel"),
        queue=_ref(m, "queue", path, queues, "queue") if "queue" in m else None,
        flow=_ref(m, "flow", path, flows, "flow") if "flow" in m else None,
        poisson=poisson,
        trace=trace,
        patience=distribution(m.get("patience"), f"{path}.patience"),
        queue_priority=int(_number(m, "queue_priority", path, default=5, minimum=1, integer=True)),
        queue_time_adjustment_seconds=int(
            _number(m, "queue_time_adjustment_seconds", path, default=0, integer=True)
        ),
        routing_criteria=criteria,
        attributes={str(k): str(v) for k, v in attributes.items()},
    )


def _poisson(value: Any, path: str) -> PoissonArrivals:
    m = _mapping(value, path)
    _known(m, path, {"interval_seconds", "rates_per_hour", "rate_per_hour"})
    if "rate_per_hour" in m:
        if "rates_per_hour" in m:
            raise ScenarioError(path, "give one of rate_per_hour, rates_per_hour")
        rates = [_number(m, "rate_per_hour", path, minimum=0)]
    else:
        raw = _list(m.get("rates_per_hour"), f"{path}.rates_per_hour", required=True)
        if not raw:
            raise ScenarioError(f"{path}.rates_per_hour", "must not be empty")
        rates = [_as_number(v, f"{path}.rates_per_hour[{i}]", minimum=0) for i, v in enumerate(raw)]
    interval = _number(m, "interval_seconds", path, default=3600.0, minimum=0, strict=True)
    return PoissonArrivals(interval, tuple(rates))


_TRACE_COLUMNS = {
    "arrival_seconds", "queue", "handle_seconds", "patience_seconds", "min_patience_seconds",
    "queue_priority",
    "queue_time_adjustment_seconds", "label", "recorded_wait_seconds", "recorded_outcome",
}  # fmt: skip


def _trace(value: Any, path: str, base: Path, queues: set[str]) -> tuple[TraceArrival, ...]:
    """A CSV of arrivals: `arrival_seconds` plus any of the optional `_TRACE_COLUMNS`."""
    m = _mapping(value, path)
    _known(m, path, {"file"})
    file = base / _string(m, "file", path)
    opener: Callable[..., Any] = gzip.open if file.suffix == ".gz" else open
    try:
        with opener(file, "rt", encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except OSError as exc:
        raise ScenarioError(f"{path}.file", f"cannot read {file}: {exc.strerror}") from exc
    arrivals = []
    for i, row in enumerate(rows):
        p = f"{path}.file[row {i + 2}]"
        extra = set(row) - _TRACE_COLUMNS
        if extra:
            raise ScenarioError(f"{p}.{min(extra)}", "unknown trace column")

        def opt(
            name: str, cast: Callable[[str], T], row: dict[str, str] = row, p: str = p
        ) -> T | None:
            raw = (row.get(name) or "").strip()
            if not raw:
                return None
            try:
                return cast(raw)
            except ValueError:
                raise ScenarioError(f"{p}.{name}", f"not a number: {raw!r}") from None

        at = opt("arrival_seconds", float)
        if at is None or at < 0:
            raise ScenarioError(f"{p}.arrival_seconds", "required, >= 0")
        queue = (row.get("queue") or "").strip() or None
        if queue is not None and queue not in queues:
            raise ScenarioError(f"{p}.queue", f"unknown queue {queue!r}")
        arrivals.append(
            TraceArrival(
                at, queue, opt("handle_seconds", float), opt("patience_seconds", float),
                opt("min_patience_seconds", float) or 0.0, opt("queue_priority", int), opt("queue_time_adjustment_seconds", int),
                (row.get("label") or "").strip(), opt("recorded_wait_seconds", float),
                (row.get("recorded_outcome") or "").strip() or None,
            )
        )  # fmt: skip
    arrivals.sort(key=lambda a: a.at_seconds)
    return tuple(arrivals)


def distribution(value: Any, path: str, required: bool = False) -> d.Distribution | None:
    """`{distribution: exponential, mean: 300}` (or a bare number: deterministic)."""
    if value is None:
        if required:
            raise ScenarioError(path, "is required")
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return d.Deterministic(_as_number(value, path, minimum=0))
    m = _mapping(value, path)
    kind = m.get("distribution")
    if kind not in d.KINDS:
        raise ScenarioError(f"{path}.distribution", f"must be one of {', '.join(d.KINDS)}")
    if kind == "exponential":
        _known(m, path, {"distribution", "mean"})
        return d.Exponential(_number(m, "mean", path, required=True, minimum=0, strict=True))
    if kind == "lognormal":
        _known(m, path, {"distribution", "mean", "sd"})
        return d.LogNormal(
            _number(m, "mean", path, required=True, minimum=0, strict=True),
            _number(m, "sd", path, required=True, minimum=0, strict=True),
        )
    if kind == "deterministic":
        _known(m, path, {"distribution", "value"})
        return d.Deterministic(_number(m, "value", path, required=True, minimum=0))
    if kind == "uniform":
        _known(m, path, {"distribution", "low", "high"})
        low = _number(m, "low", path, required=True, minimum=0)
        high = _number(m, "high", path, required=True, minimum=0)
        if high < low:
            raise ScenarioError(f"{path}.high", "must be >= low")
        return d.Uniform(low, high)
    _known(m, path, {"distribution", "values"})
    raw = _list(m.get("values"), f"{path}.values", required=True)
    if not raw:
        raise ScenarioError(f"{path}.values", "must not be empty")
    return d.empirical([_as_number(v, f"{path}.values[{i}]", minimum=0) for i, v in enumerate(raw)])


def _required_distribution(value: Any, path: str) -> d.Distribution:
    found = distribution(value, path, required=True)
    assert found is not None  # required=True raised otherwise
    return found


# ------------------------------------------------------------------------------ primitives


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _mapping(value: Any, path: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ScenarioError(path, f"must be a mapping, got {type(value).__name__}")
    return value


def _list(value: Any, path: str, required: bool = False) -> list[Any]:
    if value is None and not required:
        return []
    if not isinstance(value, list):
        raise ScenarioError(path, "must be a list" if value is not None else "is required")
    return value


def _known(m: Mapping[str, Any], path: str, allowed: set[str]) -> None:
    for key in m:
        if key not in allowed:
            raise ScenarioError(
                _join(path, str(key)), f"unknown field (known: {', '.join(sorted(allowed))})"
            )


def _each(
    m: Mapping[str, Any], key: str, path: str, parse: Callable[[Any, str], T], required: bool
) -> list[T]:
    p = _join(path, key)
    items = _list(m.get(key), p, required)
    if required and not items:
        raise ScenarioError(p, "must not be empty")
    return [parse(item, f"{p}[{i}]") for i, item in enumerate(items)]


def _unique(names: list[str], path: str) -> None:
    seen: set[str] = set()
    for i, name in enumerate(names):
        if name in seen:
            raise ScenarioError(f"{path}[{i}].name", f"duplicate name {name!r}")
        seen.add(name)


def _string(m: Mapping[str, Any], key: str, path: str) -> str:
    value = m.get(key)
    if not isinstance(value, str | int) or isinstance(value, bool) or str(value) == "":
        raise ScenarioError(_join(path, key), "is required (a non-empty string)")
    return str(value)


def _name(m: Mapping[str, Any], path: str) -> str:
    return _string(m, "name", path)


def _ref(m: Mapping[str, Any], key: str, path: str, known: set[str], what: str) -> str:
    name = _string(m, key, path)
    if name not in known:
        raise ScenarioError(
            _join(path, key), f"unknown {what} {name!r} (known: {', '.join(sorted(known))})"
        )
    return name


def _channel(value: Any, path: str) -> Channel:
    try:
        return Channel(str(value).upper())
    except ValueError:
        raise ScenarioError(path, f"must be one of {', '.join(c.value for c in Channel)}") from None


def _number(
    m: Mapping[str, Any],
    key: str,
    path: str,
    *,
    required: bool = False,
    default: float = 0.0,
    minimum: float | None = None,
    maximum: float | None = None,
    strict: bool = False,
    integer: bool = False,
) -> float:
    if key not in m or m[key] is None:
        if required:
            raise ScenarioError(_join(path, key), "is required")
        return default
    return _as_number(m[key], _join(path, key), minimum, maximum, strict, integer)


def _as_number(
    value: Any,
    path: str,
    minimum: float | None = None,
    maximum: float | None = None,
    strict: bool = False,
    integer: bool = False,
) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ScenarioError(path, f"must be a number, got {value!r}")
    if integer and value != int(value):
        raise ScenarioError(path, f"must be a whole number, got {value!r}")
    if minimum is not None and (value <= minimum if strict else value < minimum):
        raise ScenarioError(path, f"must be {'>' if strict else '>='} {minimum:g}")
    if maximum is not None and value > maximum:
        raise ScenarioError(path, f"must be <= {maximum:g}")
    return float(value)
