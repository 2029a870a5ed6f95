"""One command's transaction: reads see pending writes; commit writes the store, then memory.

If the store commit raises, memory is untouched, so a failed command never half-applies.
"""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

from switchboard.app.ports import AgentActivityRow, ChangeBatch, JournalEntry, Store
from switchboard.app.state import InstanceState, plain_id
from switchboard.domain.contacts.contact import Contact
from switchboard.domain.errors import NotFoundError
from switchboard.domain.resources.base import Entity

E = TypeVar("E", bound=Entity)


class CommitHooks(Protocol):
    """What the instance's engine owner does around a commit (implemented by ContactCenter)."""

    def find_contact(self, contact_id: str) -> Contact | None:
        """A committed contact record (live from memory, finished from the store)."""
        ...

    def before_commit(self, uow: UnitOfWork) -> None:
        """Bring the routing engine in step with the resource changes of `uow` (R0.3)."""
        ...

    def after_commit(self, contacts: list[Contact]) -> None: ...

    def commit_failed(self) -> None:
        """The store refused a batch that had engine inputs: rebuild the engine from the store."""
        ...


class UnitOfWork:
    def __init__(
        self, store: Store, state: InstanceState, now: int, hooks: CommitHooks | None = None
    ) -> None:
        self._store = store
        self.state = state
        self.now = now
        self._hooks = hooks
        self._puts: dict[tuple[str, str], Entity] = {}
        self._deletes: dict[tuple[str, str], None] = {}
        self._journal: list[JournalEntry] = []
        self._contacts: dict[str, Contact] = {}
        self._activity: list[AgentActivityRow] = []

    @property
    def instance_id(self) -> str:
        return self.state.instance_id

    def get(self, cls: type[E], id_or_arn: str) -> E | None:
        key = (cls.KIND, plain_id(id_or_arn))
        if key in self._deletes:
            return None
        pending = self._puts.get(key)
        if isinstance(pending, cls):
            return pending
        return self.state.get(cls, id_or_arn)

    def require(self, cls: type[E], id_or_arn: str) -> E:
        found = self.get(cls, id_or_arn)
        if found is None:
            raise NotFoundError(cls.LABEL, id_or_arn)
        return found

    def all(self, cls: type[E]) -> list[E]:
        merged = {e.id: e for e in self.state.all(cls)}
        for (kind, eid), entity in self._puts.items():
            if kind == cls.KIND and isinstance(entity, cls):
                merged[eid] = entity
        for kind, eid in self._deletes:
            if kind == cls.KIND:
                merged.pop(eid, None)
        return [merged[k] for k in sorted(merged)]

    def find(self, cls: type[E], field: str, value: object) -> list[E]:
        """`InstanceState.find` with this unit of work's pending writes applied."""
        found = {e.id: e for e in self.state.find(cls, field, value)}
        for (kind, eid), entity in self._puts.items():
            if kind == cls.KIND and isinstance(entity, cls):
                if getattr(entity, field) == value:
                    found[eid] = entity
                else:
                    found.pop(eid, None)
        for kind, eid in self._deletes:
            if kind == cls.KIND:
                found.pop(eid, None)
        return [found[k] for k in sorted(found)]

    def count(self, cls: type[Entity]) -> int:
        """How many entities of a kind there are, pending writes included."""
        count = self.state.count(cls)
        for kind, eid in self._puts:
            if kind == cls.KIND and eid not in self.state.all_of_kind(kind):
                count += 1
        for kind, eid in self._deletes:
            if kind == cls.KIND and eid in self.state.all_of_kind(kind):
                count -= 1
        return count

    def put(self, entity: Entity) -> None:
        key = (entity.KIND, entity.id)
        self._deletes.pop(key, None)
        self._puts[key] = entity

    def delete(self, entity: Entity) -> None:
        key = (entity.KIND, entity.id)
        self._puts.pop(key, None)
        self._deletes[key] = None

    def record(self, event_type: str, **payload: Any) -> None:
        self._journal.append(JournalEntry(self.instance_id, self.now, event_type, payload))

    def journal(self, entry: JournalEntry) -> None:
        self._journal.append(entry)

    def pending_puts(self) -> list[Entity]:
        return list(self._puts.values())

    def pending_deletes(self) -> list[tuple[str, str]]:
        return list(self._deletes)

    def deleted_entity(self, kind: str, entity_id: str) -> Entity | None:
        """The stored version of an entity this unit of work deletes."""
        table = self.state.all_of_kind(kind)
        return table.get(entity_id)

    def contact(self, contact_id: str) -> Contact | None:
        """A contact record as this unit of work sees it (pending version first)."""
        pending = self._contacts.get(contact_id)
        if pending is not None:
            return pending
        return None if self._hooks is None else self._hooks.find_contact(contact_id)

    def put_contact(self, contact: Contact) -> None:
        self._contacts[contact.id] = contact

    def agent_activity(self, row: AgentActivityRow) -> None:
        """An agent's activity changed (occupancy, R4.1.4); written with this transaction."""
        self._activity.append(row)

    def commit(self) -> None:
        hooks = self._hooks
        if hooks is not None and (self._puts or self._deletes):
            # Resource changes reach the routing engine inside this transaction (R0.3).
            hooks.before_commit(self)
        batch = ChangeBatch(
            puts=list(self._puts.values()),
            deletes=[(kind, self.instance_id, eid) for kind, eid in self._deletes],
            journal=list(self._journal),
            contacts=list(self._contacts.values()),
            agent_activity=list(self._activity),
        )
        if batch.is_empty():
            return
        try:
            self._store.commit(batch)
        except Exception:
            if hooks is not None and any(j.type == "engine" for j in batch.journal):
                hooks.commit_failed()
            raise
        for entity in batch.puts:
            self.state.put(entity)
        for kind, _, eid in batch.deletes:
            self.state.remove(kind, eid)
        if hooks is not None and batch.contacts:
            hooks.after_commit(batch.contacts)
        self._puts.clear()
        self._deletes.clear()
        self._journal.clear()
        self._contacts.clear()
        self._activity.clear()
