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
        # kind -> field -> value -> ids, for the fields `find` was asked about (few).
        self._indexes: dict[str, dict[str, dict[object, set[str]]]] = {}

    @property
    def instance_id(self) -> str:
        return self.instance.id

    def put(self, entity: Entity) -> None:
        if isinstance(entity, Instance):
            self.instance = entity
            return
        table = self._by_kind.setdefault(entity.KIND, {})
        old = table.get(entity.id)
        table[entity.id] = entity
        for field, index in self._indexes.get(entity.KIND, {}).items():
            if old is not None:
                _unindex(index, getattr(old, field), old.id)
            index.setdefault(getattr(entity, field), set()).add(entity.id)

    def remove(self, kind: str, entity_id: str) -> None:
        old = self._by_kind.get(kind, {}).pop(entity_id, None)
        if old is not None:
            for field, index in self._indexes.get(kind, {}).items():
                _unindex(index, getattr(old, field), entity_id)

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

    def find(self, cls: type[E], field: str, value: object) -> list[E]:
        """The entities of a kind whose `field` equals `value`, sorted by id. An index kept in
        step with `put`/`remove` answers (built on the first question about that field), so
        uniqueness checks stay O(1) as an instance grows."""
        by_field = self._indexes.setdefault(cls.KIND, {})
        index = by_field.get(field)
        if index is None:
            index = by_field[field] = {}
            for entity in self._by_kind.get(cls.KIND, {}).values():
                index.setdefault(getattr(entity, field), set()).add(entity.id)
        ids = sorted(index.get(value, ()))
        return [e for e in (self.get(cls, i) for i in ids) if e is not None]

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


def _unindex(index: dict[object, set[str]], value: object, entity_id: str) -> None:
    ids = index.get(value)
    if ids is not None:
        ids.discard(entity_id)
        if not ids:
            del index[value]
