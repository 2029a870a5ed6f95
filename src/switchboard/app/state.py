"""In-memory current state of one instance, loaded from the store and kept in step with it.

Reads (Describe/List/Search) never touch the store; the store is written first on every
command and memory follows only after the commit succeeded.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeVar

from switchboard.domain.errors import NotFoundError
from switchboard.domain.resources.base import Entity
from switchboard.domain.resources.instance import Instance

E = TypeVar("E", bound=Entity)


def plain_id(id_or_arn: str) -> str:
    """Connect accepts an id or a full ARN for most references; the id is the last segment."""
    if id_or_arn.startswith("arn:"):
        return id_or_arn.rsplit("/", 1)[-1]
    return id_or_arn


class InstanceState:
    """Resources of one instance, by kind and id."""

    def __init__(self, instance: Instance) -> None:
        self.instance = instance
        self._by_kind: dict[str, dict[str, Entity]] = {}

    @property
    def instance_id(self) -> str:
        return self.instance.id

    def put(self, entity: Entity) -> None:
        if isinstance(entity, Instance):
            self.instance = entity
            return
        self._by_kind.setdefault(entity.KIND, {})[entity.id] = entity

    def remove(self, kind: str, entity_id: str) -> None:
        self._by_kind.get(kind, {}).pop(entity_id, None)

    def get(self, cls: type[E], id_or_arn: str) -> E | None:
        found = self._by_kind.get(cls.KIND, {}).get(plain_id(id_or_arn))
        return found if isinstance(found, cls) else None

    def require(self, cls: type[E], id_or_arn: str) -> E:
        found = self.get(cls, id_or_arn)
        if found is None:
            raise NotFoundError(cls.LABEL, id_or_arn)
        return found

    def all(self, cls: type[E]) -> list[E]:
        """Every entity of a kind, sorted by id so paging is stable across restarts."""
        items = [e for e in self._by_kind.get(cls.KIND, {}).values() if isinstance(e, cls)]
        items.sort(key=lambda e: e.id)
        return items

    def all_of_kind(self, kind: str) -> dict[str, Entity]:
        return self._by_kind.get(kind, {})

    def count(self, cls: type[Entity]) -> int:
        return len(self._by_kind.get(cls.KIND, {}))

    def iter_all(self) -> Iterator[Entity]:
        yield self.instance
        for table in self._by_kind.values():
            yield from table.values()

    def find_by_arn(self, arn: str) -> Entity | None:
        """The entity whose ARN is `arn` (the instance itself included), for tagging."""
        if self.instance.arn == arn:
            return self.instance
        for table in self._by_kind.values():
            for entity in table.values():
                if entity.arn == arn:
                    return entity
        return None
