"""User hierarchy use cases: the five-level structure and the groups placed on it.

Owns: UpdateUserHierarchyStructure (add, rename, remove levels), and the group commands
(create, rename, delete) with their rules. Reads (describe, list, search) need no use case
beyond `hierarchy_structure` and `hierarchy_path`.

Invariants:
* the structure's levels are contiguous from level one (levels[0..k-1] set, the rest None);
* a level id is its number as a string ("1".."5") and its ARN is
  `<instance-arn>/agent-group-level/<n>` (see docs/design/resources-hierarchy.md);
* a group without parent sits on level one; a child sits one level below its parent; the
  level must exist in the structure;
* `HierarchyGroup.ancestor_ids` lists the group's ancestors from level one down to its parent,
  so `ancestor_ids + (id,)` is the whole path (SearchUsers WITH_CHILD_GROUPS relies on it);
* group names are unique among siblings (same parent), case-sensitively;
* at most 500 groups per instance (Connect quota "User hierarchy groups per instance").

Must not import: `aws`, `handlers`.

    HierarchyStructure (one per instance)
      levels[0] LevelOne ─ groups with parent None
      levels[1] LevelTwo ─ groups whose parent is on level one
      ...
"""

from __future__ import annotations

import logging
from dataclasses import replace

from switchboard.app.naming import new_identity
from switchboard.app.state import InstanceState, plain_id
from switchboard.app.unit_of_work import UnitOfWork
from switchboard.domain.errors import (
    DuplicateError,
    InvalidArgumentError,
    InvalidRequestError,
    LimitExceededError,
    ResourceInUseError,
)
from switchboard.domain.ids import IdGenerator
from switchboard.domain.resources.hierarchy import (
    LEVEL_NAMES,
    HierarchyGroup,
    HierarchyLevel,
    HierarchyStructure,
)
from switchboard.domain.resources.user import User
from switchboard.domain.tags import merged_tags

LOG = logging.getLogger(__name__)

MAX_LEVELS = len(LEVEL_NAMES)
MAX_HIERARCHY_GROUPS = 500
MAX_LEVEL_NAME = 50  # HierarchyLevelUpdate.Name: "Must not be more than 50 characters."
MAX_GROUP_NAME = 100  # CreateUserHierarchyGroup.Name: "Must not be more than 100 characters."

Source = UnitOfWork | InstanceState


def _state(source: Source) -> InstanceState:
    return source.state if isinstance(source, UnitOfWork) else source


def level_arn(instance_arn: str, number: int) -> str:
    """ARN of hierarchy level `number` (1..5), as DescribeUserHierarchyStructure shows it."""
    return f"{instance_arn}/agent-group-level/{number}"


def hierarchy_structure(source: Source) -> HierarchyStructure:
    """The instance's structure; an empty one if the instance was stored without it."""
    state = _state(source)
    found = source.get(HierarchyStructure, state.instance_id)
    if found is not None:
        return found
    inst = state.instance
    return HierarchyStructure(
        id=inst.id, instance_id=inst.id, arn=f"{inst.arn}/agent-group-structure"
    )


def hierarchy_path(source: Source, group: HierarchyGroup) -> list[HierarchyGroup]:
    """The groups from level one down to `group` itself (missing ancestors are skipped)."""
    path = [source.get(HierarchyGroup, gid) for gid in group.ancestor_ids]
    return [g for g in path if g is not None] + [group]


def update_hierarchy_structure(uow: UnitOfWork, level_names: dict[int, str]) -> HierarchyStructure:
    """Set the level names (1-based level -> name); levels left out are removed.

    Raises:
        InvalidArgumentError: levels not contiguous from one, or a bad level name.
        ResourceInUseError: a level to remove still has groups on it.
    """
    numbers = sorted(level_names)
    if numbers != list(range(1, len(numbers) + 1)):
        present = ", ".join(LEVEL_NAMES[n - 1] for n in numbers)
        raise InvalidArgumentError(
            "HierarchyStructure",
            f"levels must be contiguous starting at LevelOne; got {present}",
        )
    for number, name in level_names.items():
        if not name.strip():
            raise InvalidArgumentError(f"{LEVEL_NAMES[number - 1]}.Name", "must not be empty")
        if len(name) > MAX_LEVEL_NAME:
            raise InvalidArgumentError(
                f"{LEVEL_NAMES[number - 1]}.Name",
                f"must not be more than {MAX_LEVEL_NAME} characters",
            )
    structure = hierarchy_structure(uow)
    groups = uow.all(HierarchyGroup)
    inst = uow.state.instance
    levels: list[HierarchyLevel | None] = []
    for number in range(1, MAX_LEVELS + 1):
        old = structure.levels[number - 1] if number - 1 < len(structure.levels) else None
        new_name = level_names.get(number)
        if new_name is None:
            if old is not None and any(g.level_index == number for g in groups):
                raise ResourceInUseError(
                    f"{LEVEL_NAMES[number - 1]} cannot be removed while hierarchy groups "
                    "exist on it"
                )
            levels.append(None)
        elif old is None:
            levels.append(
                HierarchyLevel(
                    id=str(number),
                    arn=level_arn(inst.arn, number),
                    name=new_name,
                    last_modified_at=uow.now,
                    last_modified_region=inst.region,
                )
            )
        elif old.name != new_name:
            levels.append(
                replace(
                    old, name=new_name, last_modified_at=uow.now, last_modified_region=inst.region
                )
            )
        else:
            levels.append(old)
    updated = replace(
        structure,
        levels=tuple(levels),
        last_modified_at=uow.now,
        last_modified_region=inst.region,
    )
    uow.put(updated)
    uow.record("UserHierarchyStructureUpdated", levels=len(level_names))
    uow.commit()
    LOG.info("hierarchy structure of %s now has %s levels", inst.id, len(level_names))
    return updated


def _check_group_name(name: str) -> None:
    if not name.strip():
        raise InvalidArgumentError("Name", "must not be empty")
    if len(name) > MAX_GROUP_NAME:
        raise InvalidArgumentError("Name", f"must not be more than {MAX_GROUP_NAME} characters")


def _require_unique_among_siblings(
    uow: UnitOfWork, parent_id: str | None, name: str, exclude_id: str | None = None
) -> None:
    for group in uow.all(HierarchyGroup):
        if group.parent_id == parent_id and group.name == name and group.id != exclude_id:
            raise DuplicateError(
                f"User hierarchy group with name '{name}' already exists at this position"
            )


def create_hierarchy_group(
    uow: UnitOfWork,
    ids: IdGenerator,
    *,
    name: str,
    parent_group_id: str | None = None,
    tags: dict[str, str] | None = None,
) -> HierarchyGroup:
    """A new group on level one, or one level below its parent.

    Raises:
        NotFoundError: the parent group does not exist.
        InvalidRequestError: the level the group would sit on is not in the structure.
        DuplicateError: a sibling already has the name.
        LimitExceededError: the instance already has 500 groups.
    """
    _check_group_name(name)
    parent = uow.require(HierarchyGroup, parent_group_id) if parent_group_id else None
    level_index = parent.level_index + 1 if parent else 1
    structure = hierarchy_structure(uow)
    level = structure.levels[level_index - 1] if level_index <= len(structure.levels) else None
    if level is None:
        label = (
            LEVEL_NAMES[level_index - 1] if level_index <= MAX_LEVELS else f"level {level_index}"
        )
        raise InvalidRequestError(
            f"The user hierarchy structure has no {label}; define it with "
            "UpdateUserHierarchyStructure first"
        )
    parent_id = parent.id if parent else None
    _require_unique_among_siblings(uow, parent_id, name)
    existing = uow.all(HierarchyGroup)
    if len(existing) >= MAX_HIERARCHY_GROUPS:
        raise LimitExceededError(
            f"An instance can have at most {MAX_HIERARCHY_GROUPS} user hierarchy groups"
        )
    new_id, arn = new_identity(uow, ids, HierarchyGroup.KIND)
    group = HierarchyGroup(
        id=new_id,
        instance_id=uow.instance_id,
        arn=arn,
        tags=merged_tags({}, tags or {}),
        last_modified_at=uow.now,
        last_modified_region=uow.state.instance.region,
        name=name,
        level_index=level_index,
        level_id=level.id,
        parent_id=parent_id,
        ancestor_ids=(*parent.ancestor_ids, parent.id) if parent else (),
    )
    uow.put(group)
    uow.record(
        "UserHierarchyGroupCreated",
        hierarchy_group_id=new_id,
        name=name,
        level=level_index,
        parent_id=parent_id,
    )
    uow.commit()
    return group


def update_hierarchy_group_name(uow: UnitOfWork, group_id: str, name: str) -> HierarchyGroup:
    """Rename a group.

    Raises:
        NotFoundError: no such group.
        DuplicateError: a sibling already has the name.
    """
    group = uow.require(HierarchyGroup, group_id)
    _check_group_name(name)
    _require_unique_among_siblings(uow, group.parent_id, name, exclude_id=group.id)
    updated = replace(
        group,
        name=name,
        last_modified_at=uow.now,
        last_modified_region=uow.state.instance.region,
    )
    uow.put(updated)
    uow.record("UserHierarchyGroupRenamed", hierarchy_group_id=group.id, name=name)
    uow.commit()
    return updated


def delete_hierarchy_group(uow: UnitOfWork, group_id: str) -> None:
    """Delete a group that has no child groups and no users assigned.

    Raises:
        NotFoundError: no such group.
        ResourceInUseError: the group has child groups or users.
    """
    group = uow.require(HierarchyGroup, group_id)
    if any(g.parent_id == group.id for g in uow.all(HierarchyGroup)):
        raise ResourceInUseError(
            f"User hierarchy group {group.id} has child groups; delete them first"
        )
    if any(
        u.hierarchy_group_id and plain_id(u.hierarchy_group_id) == group.id for u in uow.all(User)
    ):
        raise ResourceInUseError(f"User hierarchy group {group.id} still has users assigned to it")
    uow.delete(group)
    uow.record("UserHierarchyGroupDeleted", hierarchy_group_id=group.id)
    uow.commit()
