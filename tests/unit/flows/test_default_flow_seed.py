"""seed_default_flows: every default flow lands in a new instance, runnable where published."""

from __future__ import annotations

import random

from switchboard.app.contact_flows import executable_flow, seed_default_flows
from switchboard.app.container import App, Caller
from switchboard.app.instances import create_instance
from switchboard.domain.flows.interpreter import ContactState, OutcomeKind, run
from switchboard.domain.ids import RandomIds
from switchboard.domain.resources.contact_flow import ContactFlow, ContactFlowStatus
from switchboard.domain.resources.instance import IdentityManagementType
from switchboard.domain.resources.queue import Queue
from switchboard.domain.time import FixedClock
from switchboard.storage.memory import MemoryStore
from tests.unit.flows.flow_world import FakeEnv


def test_default_flows_are_seeded_once_and_sample_flow_queues_to_basic_queue() -> None:
    app = App(MemoryStore(), FixedClock(1_000), RandomIds(random.Random(7)))
    caller = Caller("123456789012", "us-east-1")
    inst = create_instance(
        app,
        caller,
        identity_management_type=IdentityManagementType.CONNECT_MANAGED,
        inbound_calls_enabled=True,
        outbound_calls_enabled=True,
    )
    state = app.instance_state(caller, inst.id)
    for _ in range(2):  # idempotent: names already present are skipped
        uow = app.unit_of_work(state)
        seed_default_flows(uow, app.ids)
        uow.commit()
    flows = {f.name: f for f in state.all(ContactFlow)}
    assert "Default customer queue" in flows
    assert len(flows) == len(set(flows)) == 9
    assert all(f.status is ContactFlowStatus.PUBLISHED for f in flows.values())
    basic = next(q for q in state.all(Queue) if q.name == "BasicQueue")
    sample = executable_flow(flows["Sample inbound flow (first contact experience)"])
    assert sample is not None
    env = FakeEnv()
    env.queues[basic.arn] = env.queues["q-basic"]
    out = run(sample, ContactState("c-1"), env)
    assert out.kind is OutcomeKind.QUEUED
