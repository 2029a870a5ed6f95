"""Small wire helpers every resource handler uses."""

from __future__ import annotations

from typing import Any

from switchboard.domain.resources.base import Entity


def modified(entity: Entity) -> dict[str, Any]:
    """LastModifiedTime / LastModifiedRegion members (timestamps stay int ms until serialized)."""
    return {
        "LastModifiedTime": entity.last_modified_at,
        "LastModifiedRegion": entity.last_modified_region,
    }


def tags_out(entity: Entity) -> dict[str, str]:
    return dict(entity.tags)


def drop_none(values: dict[str, Any]) -> dict[str, Any]:
    """Absent members are omitted on the wire, not sent as null."""
    return {k: v for k, v in values.items() if v is not None}
