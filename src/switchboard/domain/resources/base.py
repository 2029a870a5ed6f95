"""What every stored resource has in common: an id, an owning instance, a kind, tags."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar


@dataclass(frozen=True, slots=True)
class Entity:
    """Base of stored resources. `KIND` names the resource in ids, ARNs, errors and storage."""

    KIND: ClassVar[str] = "entity"
    #: Human name used in ResourceNotFound messages ("Queue", "Routing profile", ...).
    LABEL: ClassVar[str] = "Resource"

    id: str
    instance_id: str
    arn: str
    tags: dict[str, str] = field(default_factory=dict)
    last_modified_at: int = 0
    last_modified_region: str = ""


MAX_TAGS = 50
