"""The user hierarchy: up to five named levels, and groups placed on them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from switchboard.domain.resources.base import Entity

LEVEL_NAMES = ("LevelOne", "LevelTwo", "LevelThree", "LevelFour", "LevelFive")


@dataclass(frozen=True, slots=True)
class HierarchyLevel:
    id: str
    arn: str
    name: str
    last_modified_at: int = 0
    last_modified_region: str = ""


@dataclass(frozen=True, slots=True)
class HierarchyStructure(Entity):
    """One per instance (id = instance id); `levels[i]` is level i+1 or None."""

    KIND: ClassVar[str] = "hierarchy_structure"
    LABEL: ClassVar[str] = "User hierarchy structure"

    levels: tuple[HierarchyLevel | None, ...] = (None, None, None, None, None)


@dataclass(frozen=True, slots=True)
class HierarchyGroup(Entity):
    KIND: ClassVar[str] = "hierarchy_group"
    LABEL: ClassVar[str] = "User hierarchy group"

    name: str = ""
    level_index: int = 1  # 1..5
    level_id: str = ""
    parent_id: str | None = None
    #: Ancestors from level one down to the parent (ids), for HierarchyPath.
    ancestor_ids: tuple[str, ...] = ()
