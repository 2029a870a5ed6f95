"""Predefined attributes: named value lists that agent proficiencies refer to (R7.1-R7.3)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from switchboard.domain.resources.base import Entity

MAX_PREDEFINED_ATTRIBUTES = 150
MAX_VALUES = 500
SYSTEM_ATTRIBUTE_PREFIXES = ("connect:", "aws:")


@dataclass(frozen=True, slots=True)
class PredefinedAttribute(Entity):
    """Identified by name; `id` is the name itself (the API has no separate id)."""

    KIND: ClassVar[str] = "predefined_attribute"
    LABEL: ClassVar[str] = "Predefined attribute"

    name: str = ""
    values: tuple[str, ...] = ()
    purposes: tuple[str, ...] = ()
    enable_value_validation_on_association: bool | None = None
    is_read_only: bool = False
