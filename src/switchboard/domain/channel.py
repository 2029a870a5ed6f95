"""Contact channels, spelled as Connect spells them."""

from __future__ import annotations

from enum import StrEnum


class Channel(StrEnum):
    VOICE = "VOICE"
    CHAT = "CHAT"
    TASK = "TASK"
    EMAIL = "EMAIL"
