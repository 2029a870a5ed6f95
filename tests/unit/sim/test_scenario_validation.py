"""Scenario loading: every mistake is reported with the path of the field that is wrong."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from switchboard.sim.distributions import Deterministic, Exponential, LogNormal
from switchboard.sim.scenario import ScenarioError
from switchboard.sim.scenario_yaml import load_scenario, parse_scenario

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "scenarios"

BASE: dict[str, Any] = {
    "name": "t",
    "duration_seconds": 3600,
    "queues": [{"name": "Sales"}, {"name": "Support"}],
    "routing_profiles": [
        {"name": "P", "queues": [{"queue": "Sales"}, {"queue": "Support", "priority": 2}]}
    ],
    "agents": [
        {"name": "a", "count": 2, "routing_profile": "P", "handle_time": 120},
        {"name": "b", "count": 1, "routing_profile": "P",
         "handle_time": {"distribution": "exponential", "mean": 200}},
        {"name": "c", "count": 3, "routing_profile": "P",
         "handle_time": {"distribution": "lognormal", "mean": 200, "sd": 90}},
    ],
    "arrivals": [
        {"name": "s", "queue": "Sales", "poisson": {"rates_per_hour": [10, 20]}},
    ],
}  # fmt: skip


def _with(path: str, value: Any) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    node: Any = data
    keys = path.replace("]", "").replace("[", ".").split(".")
    for key in keys[:-1]:
        node = node[int(key)] if key.isdigit() else node[key]
    last = keys[-1]
    if value is _DELETE:
        del node[last]
    elif last.isdigit():
        node[int(last)] = value
    else:
        node[last] = value
    return data


_DELETE = object()


def test_valid_scenario_loads_into_typed_values_when_fields_are_right():
    scenario = parse_scenario(BASE)
    assert [q.name for q in scenario.queues] == ["Sales", "Support"]
    assert scenario.routing_profiles[0].queues[1].priority == 2
    assert scenario.agents[0].handle_time == Deterministic(120)
    assert scenario.agents[1].handle_time == Exponential(200)
    assert scenario.agents[2].handle_time == LogNormal(200, 90)
    assert scenario.agents[2].agent_names() == ("c-1", "c-2", "c-3")
    assert scenario.arrivals[0].poisson is not None
    assert scenario.arrivals[0].poisson.rate_at(3599) == 10
    assert scenario.arrivals[0].poisson.rate_at(3600) == 20


@pytest.mark.parametrize(
    ("path", "value", "error"),
    [
        ("agents[2].handle_time.mean", 0, "agents[2].handle_time.mean: must be > 0"),
        ("agents[1].handle_time.mean", "long", "agents[1].handle_time.mean: must be a number"),
        ("agents[0].handle_time", _DELETE, "agents[0].handle_time: is required"),
        ("agents[0].count", 0, "agents[0].count: must be >= 1"),
        ("agents[0].routing_profile", "Q", "agents[0].routing_profile: unknown routing profile 'Q'"),
        ("agents[1].handel_time", 3, "agents[1].handel_time: unknown field"),
        ("routing_profiles[0].queues[1].queue", "Nope", "routing_profiles[0].queues[1].queue: unknown queue"),
        ("routing_profiles[0].queues[0].priority", 100, "routing_profiles[0].queues[0].priority: must be <= 99"),
        ("arrivals[0].poisson.rates_per_hour", [5, -1], "arrivals[0].poisson.rates_per_hour[1]: must be >= 0"),
        ("arrivals[0].queue", "Billing", "arrivals[0].queue: unknown queue 'Billing'"),
        ("arrivals[0].channel", "FAX", "arrivals[0].channel: must be one of"),
        ("arrivals[0].patience", {"distribution": "weibull"}, "arrivals[0].patience.distribution: must be one of"),
        ("duration_seconds", -5, "duration_seconds: must be > 0"),
        ("queues[1].name", "Sales", "queues[1].name: duplicate name 'Sales'"),
    ],
)  # fmt: skip
def test_error_names_the_field_path_when_a_value_is_wrong(path: str, value: Any, error: str):
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(_with(path, value))
    assert str(caught.value).startswith(error), str(caught.value)


def test_error_names_the_missing_process_when_an_arrival_has_neither_poisson_nor_trace():
    data = _with("arrivals[0].poisson", _DELETE)
    with pytest.raises(ScenarioError, match=r"^arrivals\[0\]: give exactly one of poisson, trace"):
        parse_scenario(data)


def test_channel_must_be_enabled_when_a_profile_lists_a_queue_for_it():
    data = _with("routing_profiles[0].queues[0].channel", "CHAT")
    with pytest.raises(ScenarioError, match=r"routing_profiles\[0\]\.queues\[0\]\.channel: CHAT"):
        parse_scenario(data)


def test_trace_rows_are_checked_with_their_row_number_when_a_cell_is_bad(tmp_path: Path):
    (tmp_path / "t.csv").write_text("arrival_seconds,queue\n5,Sales\nsoon,Sales\n")
    data = _with("arrivals[0]", {"name": "s", "queue": "Sales", "trace": {"file": "t.csv"}})
    with pytest.raises(
        ScenarioError, match=r"arrivals\[0\]\.trace\.file\[row 3\]\.arrival_seconds"
    ):
        parse_scenario(data, tmp_path)


def test_yaml_file_errors_say_which_file_when_it_cannot_be_parsed(tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("queues: [unclosed\n")
    with pytest.raises(ScenarioError, match="bad.yaml is not valid YAML"):
        load_scenario(bad)


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_shipped_example_loads_when_read_from_examples(example: Path):
    scenario = load_scenario(example)
    assert scenario.duration_seconds > 0
    assert scenario.agent_count() > 0
