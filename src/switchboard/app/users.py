"""User (agent) use cases: create, update, delete; each user owns an agent queue (R1.1.1).

Invariants:
    * usernames are unique per instance (exact match);
    * the routing profile, every security profile and the hierarchy group (if any) exist;
    * every user has exactly one AGENT queue (`Queue.owner_user_id == user.id`), created and
      deleted in the same unit of work as the user;
    * VOICE settings live in `User.phone`; per-channel settings of the newer API
      (AutoAcceptConfigs, AfterContactWorkConfigs, ...) for VOICE are folded into it, so the
      legacy `PhoneConfig` and the per-channel lists always agree (R1.5.2, R1.6.2);
    * ACW time limits are seconds in 0..2,000,000 (R1.6.2).

Must not import anything from `aws/` or `handlers/`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

from switchboard.app.naming import new_identity
from switchboard.app.state import plain_id
from switchboard.app.unit_of_work import UnitOfWork
from switchboard.domain.channel import Channel
from switchboard.domain.errors import DuplicateError, InvalidArgumentError, LimitExceededError
from switchboard.domain.ids import IdGenerator
from switchboard.domain.resources.hierarchy import HierarchyGroup
from switchboard.domain.resources.queue import AGENT_QUEUE_MAX_CONTACTS, Queue, QueueType
from switchboard.domain.resources.routing_profile import RoutingProfile
from switchboard.domain.resources.security_profile import SecurityProfile
from switchboard.domain.resources.user import (
    MAX_ACW_SECONDS,
    MAX_USERS,
    ChannelSettings,
    IdentityInfo,
    PhoneConfig,
    User,
)
from switchboard.domain.tags import merged_tags

DESK_PHONE = "DESK_PHONE"
_CHANNEL_ORDER = {c: i for i, c in enumerate(Channel)}


@dataclass(frozen=True, slots=True)
class PhoneConfigUpdate:
    """A `PhoneConfig` request: members left None keep their current value."""

    phone_type: str | None = None
    auto_accept: bool | None = None
    after_contact_work_time_limit: int | None = None
    desk_phone_number: str | None = None
    persistent_connection: bool | None = None


@dataclass(frozen=True, slots=True)
class ChannelConfigUpdate:
    """Everything the per-channel lists say about one channel (None = not given)."""

    channel: Channel
    auto_accept: bool | None = None
    agent_first_callback_auto_accept: bool | None = None
    after_contact_work_time_limit: int | None = None
    agent_first_callback_acw_time_limit: int | None = None
    phone_type: str | None = None
    phone_number: str | None = None
    persistent_connection: bool | None = None
    voice_enhancement_mode: str | None = None


T = TypeVar("T")


def _pick(new: T | None, old: T) -> T:
    return old if new is None else new


def _check_acw(field: str, seconds: int | None) -> None:
    if seconds is not None and not 0 <= seconds <= MAX_ACW_SECONDS:
        raise InvalidArgumentError(
            field, f"must be between 0 and {MAX_ACW_SECONDS} seconds, got {seconds}"
        )


def apply_phone_config(phone: PhoneConfig, update: PhoneConfigUpdate) -> PhoneConfig:
    """The VOICE phone settings after a PhoneConfig request."""
    _check_acw("PhoneConfig.AfterContactWorkTimeLimit", update.after_contact_work_time_limit)
    return PhoneConfig(
        phone_type=_pick(update.phone_type, phone.phone_type),
        auto_accept=_pick(update.auto_accept, phone.auto_accept),
        after_contact_work_time_limit=_pick(
            update.after_contact_work_time_limit, phone.after_contact_work_time_limit
        ),
        desk_phone_number=_pick(update.desk_phone_number, phone.desk_phone_number),
        persistent_connection=_pick(update.persistent_connection, phone.persistent_connection),
    )


def apply_channel_configs(
    phone: PhoneConfig,
    settings: Sequence[ChannelSettings],
    updates: Iterable[ChannelConfigUpdate],
) -> tuple[PhoneConfig, tuple[ChannelSettings, ...]]:
    """Phone config and per-channel settings after the per-channel lists of a request.

    Only channels named in `updates` change, and within them only the members given. VOICE
    auto-accept, ACW limit, phone type/number and persistent connection go to `phone`.
    """
    by_channel = {s.channel: s for s in settings}
    for upd in updates:
        _check_acw(
            f"{upd.channel.value} AfterContactWorkTimeLimit", upd.after_contact_work_time_limit
        )
        _check_acw(
            f"{upd.channel.value} AgentFirstCallbackAfterContactWorkConfig",
            upd.agent_first_callback_acw_time_limit,
        )
        current = by_channel.get(upd.channel, ChannelSettings(upd.channel))
        if upd.channel is Channel.VOICE:
            phone = apply_phone_config(
                phone,
                PhoneConfigUpdate(
                    phone_type=upd.phone_type,
                    auto_accept=upd.auto_accept,
                    after_contact_work_time_limit=upd.after_contact_work_time_limit,
                    desk_phone_number=upd.phone_number,
                    persistent_connection=upd.persistent_connection,
                ),
            )
            merged = replace(
                current,
                agent_first_callback_auto_accept=_pick(
                    upd.agent_first_callback_auto_accept, current.agent_first_callback_auto_accept
                ),
                agent_first_callback_acw_time_limit=_pick(
                    upd.agent_first_callback_acw_time_limit,
                    current.agent_first_callback_acw_time_limit,
                ),
                voice_enhancement_mode=_pick(
                    upd.voice_enhancement_mode, current.voice_enhancement_mode
                ),
            )
        else:
            merged = replace(
                current,
                auto_accept=_pick(upd.auto_accept, current.auto_accept),
                agent_first_callback_auto_accept=_pick(
                    upd.agent_first_callback_auto_accept, current.agent_first_callback_auto_accept
                ),
                after_contact_work_time_limit=_pick(
                    upd.after_contact_work_time_limit, current.after_contact_work_time_limit
                ),
                agent_first_callback_acw_time_limit=_pick(
                    upd.agent_first_callback_acw_time_limit,
                    current.agent_first_callback_acw_time_limit,
                ),
                phone_type=_pick(upd.phone_type, current.phone_type),
                phone_number=_pick(upd.phone_number, current.phone_number),
                persistent_connection=_pick(
                    upd.persistent_connection, current.persistent_connection
                ),
                voice_enhancement_mode=_pick(
                    upd.voice_enhancement_mode, current.voice_enhancement_mode
                ),
            )
        by_channel[upd.channel] = merged
    ordered = tuple(sorted(by_channel.values(), key=lambda s: _CHANNEL_ORDER[s.channel]))
    return phone, ordered


def _check_desk_phones(phone: PhoneConfig, settings: Iterable[ChannelSettings]) -> None:
    """A desk phone needs a number to ring (UserPhoneConfig.DeskPhoneNumber)."""
    if phone.phone_type == DESK_PHONE and not phone.desk_phone_number:
        raise InvalidArgumentError(
            "PhoneConfig.DeskPhoneNumber", "a desk phone number is required for DESK_PHONE"
        )
    for s in settings:
        if s.phone_type == DESK_PHONE and not s.phone_number:
            raise InvalidArgumentError(
                f"PhoneNumberConfigs[{s.channel.value}].PhoneNumber",
                "a phone number is required for DESK_PHONE",
            )


def _require_references(
    uow: UnitOfWork,
    *,
    routing_profile_id: str | None = None,
    security_profile_ids: Sequence[str] | None = None,
    hierarchy_group_id: str | None = None,
) -> None:
    if routing_profile_id is not None:
        uow.require(RoutingProfile, routing_profile_id)
    for sp in security_profile_ids or ():
        uow.require(SecurityProfile, sp)
    if hierarchy_group_id is not None:
        uow.require(HierarchyGroup, hierarchy_group_id)


def _unique_ids(ids: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(plain_id(i) for i in ids))


def create_user(
    uow: UnitOfWork,
    ids: IdGenerator,
    *,
    username: str,
    routing_profile_id: str,
    security_profile_ids: Sequence[str],
    identity: IdentityInfo | None = None,
    phone: PhoneConfigUpdate | None = None,
    channel_configs: Sequence[ChannelConfigUpdate] = (),
    hierarchy_group_id: str | None = None,
    directory_user_id: str | None = None,
    tags: dict[str, str] | None = None,
) -> User:
    """Create a user and its agent queue (R1.1.1).

    Raises:
        DuplicateError: the username is taken in this instance.
        NotFoundError: the routing profile, a security profile or the hierarchy group is missing.
        InvalidArgumentError: an ACW limit is out of range, or a desk phone has no number.
        LimitExceededError: the instance already has its quota of users (MAX_USERS unless
            raised).
    """
    if uow.find(User, "username", username):
        raise DuplicateError(f"User with username '{username}' already exists")
    limit = uow.state.instance.quota("users", MAX_USERS)
    if uow.count(User) >= limit:
        raise LimitExceededError(f"An instance can have at most {limit} users")
    _require_references(
        uow,
        routing_profile_id=routing_profile_id,
        security_profile_ids=security_profile_ids,
        hierarchy_group_id=hierarchy_group_id,
    )
    phone_config = apply_phone_config(PhoneConfig(), phone or PhoneConfigUpdate())
    phone_config, settings = apply_channel_configs(phone_config, (), channel_configs)
    _check_desk_phones(phone_config, settings)
    user_tags = merged_tags({}, tags or {})
    user_id, arn = new_identity(uow, ids, User.KIND)
    queue_id, queue_arn = new_identity(uow, ids, Queue.KIND)
    region = uow.state.instance.region
    user = User(
        id=user_id,
        instance_id=uow.instance_id,
        arn=arn,
        tags=user_tags,
        last_modified_at=uow.now,
        last_modified_region=region,
        username=username,
        identity=identity or IdentityInfo(),
        phone=phone_config,
        channel_settings=settings,
        directory_user_id=directory_user_id,
        security_profile_ids=_unique_ids(security_profile_ids),
        routing_profile_id=plain_id(routing_profile_id),
        hierarchy_group_id=plain_id(hierarchy_group_id) if hierarchy_group_id else None,
        agent_queue_id=queue_id,
    )
    queue = Queue(
        id=queue_id,
        instance_id=uow.instance_id,
        arn=queue_arn,
        last_modified_at=uow.now,
        last_modified_region=region,
        name=username,
        queue_type=QueueType.AGENT,
        max_contacts=AGENT_QUEUE_MAX_CONTACTS,
        owner_user_id=user_id,
    )
    uow.put(user)
    uow.put(queue)
    uow.record("UserCreated", user_id=user_id, username=username)
    uow.record("QueueCreated", queue_id=queue_id, queue_type=QueueType.AGENT.value, user_id=user_id)
    uow.commit()
    return user


def delete_user(uow: UnitOfWork, user_id: str) -> None:
    """Delete a user and its agent queue (R1.1.1)."""
    user = uow.require(User, user_id)
    queues = [
        q for q in uow.all(Queue) if q.queue_type is QueueType.AGENT and q.owner_user_id == user.id
    ]
    for queue in queues:
        uow.delete(queue)
        uow.record("QueueDeleted", queue_id=queue.id, user_id=user.id)
    uow.delete(user)
    uow.record("UserDeleted", user_id=user.id)
    uow.commit()


def _save(uow: UnitOfWork, updated: User, event: str, **payload: object) -> User:
    updated = replace(
        updated, last_modified_at=uow.now, last_modified_region=uow.state.instance.region
    )
    uow.put(updated)
    uow.record(event, user_id=updated.id, **payload)
    uow.commit()
    return updated


def update_identity_info(uow: UnitOfWork, user_id: str, identity: IdentityInfo) -> User:
    """Replace the user's identity info with the one given (absent members are cleared)."""
    user = uow.require(User, user_id)
    return _save(uow, replace(user, identity=identity), "UserIdentityInfoUpdated")


def update_phone_config(uow: UnitOfWork, user_id: str, phone: PhoneConfigUpdate) -> User:
    user = uow.require(User, user_id)
    new_phone = apply_phone_config(user.phone, phone)
    _check_desk_phones(new_phone, user.channel_settings)
    return _save(uow, replace(user, phone=new_phone), "UserPhoneConfigUpdated")


def update_config(
    uow: UnitOfWork, user_id: str, channel_configs: Sequence[ChannelConfigUpdate]
) -> User:
    """UpdateUserConfig: change the per-channel settings named in the request."""
    user = uow.require(User, user_id)
    new_phone, settings = apply_channel_configs(user.phone, user.channel_settings, channel_configs)
    _check_desk_phones(new_phone, settings)
    return _save(
        uow, replace(user, phone=new_phone, channel_settings=settings), "UserConfigUpdated"
    )


def update_routing_profile(uow: UnitOfWork, user_id: str, routing_profile_id: str) -> User:
    user = uow.require(User, user_id)
    _require_references(uow, routing_profile_id=routing_profile_id)
    return _save(
        uow,
        replace(user, routing_profile_id=plain_id(routing_profile_id)),
        "UserRoutingProfileUpdated",
        routing_profile_id=plain_id(routing_profile_id),
    )


def update_security_profiles(
    uow: UnitOfWork, user_id: str, security_profile_ids: Sequence[str]
) -> User:
    user = uow.require(User, user_id)
    _require_references(uow, security_profile_ids=security_profile_ids)
    return _save(
        uow,
        replace(user, security_profile_ids=_unique_ids(security_profile_ids)),
        "UserSecurityProfilesUpdated",
    )


def update_hierarchy(uow: UnitOfWork, user_id: str, hierarchy_group_id: str | None) -> User:
    """Assign the user to a hierarchy group, or remove the assignment when None."""
    user = uow.require(User, user_id)
    _require_references(uow, hierarchy_group_id=hierarchy_group_id)
    group = plain_id(hierarchy_group_id) if hierarchy_group_id else None
    return _save(
        uow,
        replace(user, hierarchy_group_id=group),
        "UserHierarchyUpdated",
        hierarchy_group_id=group,
    )


def in_hierarchy_group(
    user: User, group_id: str, *, with_children: bool, groups: dict[str, HierarchyGroup]
) -> bool:
    """R6.5: EXACT = assigned to that group; WITH_CHILD_GROUPS = that group or any below it."""
    if user.hierarchy_group_id is None:
        return False
    target = plain_id(group_id)
    if user.hierarchy_group_id == target:
        return True
    if not with_children:
        return False
    own = groups.get(user.hierarchy_group_id)
    return own is not None and target in own.ancestor_ids
