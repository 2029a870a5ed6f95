"""The application container: store, clock, id source and the per-instance states.

Composition roots (server, CLI, tests) build one `App`; nothing here is global. All commands
for an instance run on one thread in order (the server's event loop), so the core holds no locks.
"""

from __future__ import annotations

from dataclasses import dataclass

from switchboard.app.center.center import ContactCenter
from switchboard.app.contacts import install_timer_handler
from switchboard.app.ports import ChangeBatch, Store
from switchboard.app.state import InstanceState, plain_id
from switchboard.app.unit_of_work import UnitOfWork
from switchboard.domain.errors import NotFoundError
from switchboard.domain.ids import IdGenerator
from switchboard.domain.resources.instance import Instance
from switchboard.domain.routing import EngineSettings
from switchboard.domain.time import Clock


@dataclass(frozen=True, slots=True)
class Caller:
    """Who is calling: the account and region taken from the request's credential scope."""

    account_id: str
    region: str


class App:
    def __init__(
        self,
        store: Store,
        clock: Clock,
        ids: IdGenerator,
        settings: EngineSettings | None = None,
    ) -> None:
        self.store = store
        self.clock = clock
        self.ids = ids
        self.settings = settings or EngineSettings()
        self.instances: dict[str, InstanceState] = {}
        #: The engine owner of every instance, by instance id.
        self.centers: dict[str, ContactCenter] = {}
        self._load()

    def _load(self) -> None:
        pending = []
        for entity in self.store.load_entities():
            if isinstance(entity, Instance):
                self.instances[entity.id] = InstanceState(entity)
            else:
                pending.append(entity)
        for entity in pending:
            state = self.instances.get(entity.instance_id)
            if state is not None:
                state.put(entity)
        for state in self.instances.values():
            self.attach_center(state).reload()

    def attach_center(self, state: InstanceState) -> ContactCenter:
        """Give an instance its engine owner (before its first resource commit)."""
        center = ContactCenter(state, self.store, self.clock.now, self._uow_for, self.settings)
        self.centers[state.instance_id] = center
        install_timer_handler(center)
        return center

    def _uow_for(self, state: InstanceState, center: ContactCenter) -> UnitOfWork:
        return UnitOfWork(self.store, state, self.now(), center)

    def center_of(self, state: InstanceState) -> ContactCenter:
        """The engine owner of an instance the caller already resolved."""
        return self.centers[state.instance_id]

    def now(self) -> int:
        return self.clock.now()

    def instance_state(self, caller: Caller, instance_id_or_arn: str) -> InstanceState:
        """The state of an instance the caller's account and region own, or NotFound."""
        state = self.instances.get(plain_id(instance_id_or_arn))
        if (
            state is None
            or state.instance.account_id != caller.account_id
            or state.instance.region != caller.region
        ):
            raise NotFoundError("Instance", instance_id_or_arn)
        return state

    def unit_of_work(self, state: InstanceState) -> UnitOfWork:
        return UnitOfWork(self.store, state, self.now(), self.centers.get(state.instance_id))

    def add_instance(self, state: InstanceState) -> None:
        self.instances[state.instance_id] = state

    def all_centers(self) -> list[ContactCenter]:
        return list(self.centers.values())

    def drop_instance(self, instance_id: str) -> None:
        state = self.instances.pop(instance_id, None)
        if state is None:
            return
        center = self.centers.pop(instance_id, None)
        batch = ChangeBatch(deletes=[(e.KIND, instance_id, e.id) for e in state.iter_all()])
        try:
            self.store.commit(batch)
        except Exception:
            self.instances[instance_id] = state
            if center is not None:
                self.centers[instance_id] = center
            raise
