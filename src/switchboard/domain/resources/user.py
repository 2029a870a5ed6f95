"""Users (agents): identity, phone config, routing profile, hierarchy group, proficiencies."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from switchboard.domain.channel import Channel
from switchboard.domain.resources.base import Entity

MAX_PROFICIENCIES = 10
MAX_USERS = 500  # users per instance, default quota
MAX_ACW_SECONDS = 2_000_000


@dataclass(frozen=True, slots=True)
class IdentityInfo:
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    secondary_email: str | None = None
    mobile: str | None = None


@dataclass(frozen=True, slots=True)
class PhoneConfig:
    phone_type: str = "SOFT_PHONE"  # SOFT_PHONE | DESK_PHONE
    auto_accept: bool = False
    after_contact_work_time_limit: int = 0  # seconds; 0 = until cleared (R1.6.2)
    desk_phone_number: str | None = None
    persistent_connection: bool | None = None


@dataclass(frozen=True, slots=True)
class ChannelSettings:
    """Per-channel overrides (AutoAcceptConfigs / AfterContactWorkConfigs)."""

    channel: Channel
    auto_accept: bool | None = None
    after_contact_work_time_limit: int | None = None
    agent_first_callback_auto_accept: bool | None = None
    agent_first_callback_acw_time_limit: int | None = None
    #: PhoneNumberConfigs for channels other than VOICE (VOICE lives in `User.phone`).
    phone_type: str | None = None
    phone_number: str | None = None
    persistent_connection: bool | None = None
    voice_enhancement_mode: str | None = None


@dataclass(frozen=True, slots=True)
class Proficiency:
    attribute_name: str
    attribute_value: str
    level: int  # 1..5 (R7.4)


@dataclass(frozen=True, slots=True)
class User(Entity):
    KIND: ClassVar[str] = "user"
    LABEL: ClassVar[str] = "User"

    username: str = ""
    identity: IdentityInfo = IdentityInfo()
    phone: PhoneConfig = PhoneConfig()
    channel_settings: tuple[ChannelSettings, ...] = ()
    directory_user_id: str | None = None
    security_profile_ids: tuple[str, ...] = ()
    routing_profile_id: str = ""
    hierarchy_group_id: str | None = None
    proficiencies: tuple[Proficiency, ...] = ()
    #: The user's own agent queue (R1.1.1).
    agent_queue_id: str = ""

    def auto_accept(self, channel: Channel) -> bool:
        """Per-channel AutoAcceptConfigs win; otherwise the legacy PhoneConfig.AutoAccept.

        The API reference says UpdateUserPhoneConfig applies one ACW timeout to every channel
        and UpdateUserConfig is its per-channel successor; the emulator reads the legacy
        auto-accept flag the same way, so a user made with only PhoneConfig auto-accepts
        tasks and chats too (docs/design/resources-users.md).
        """
        for setting in self.channel_settings:
            if setting.channel == channel and setting.auto_accept is not None:
                return setting.auto_accept
        return self.phone.auto_accept

    def acw_limit_seconds(self, channel: Channel) -> int:
        for setting in self.channel_settings:
            if setting.channel == channel and setting.after_contact_work_time_limit is not None:
                return setting.after_contact_work_time_limit
        return self.phone.after_contact_work_time_limit
