"""Contact flows (R8): a named flow-language document of one type.

`content` is the JSON text exactly as the caller sent it, so Describe returns it unchanged.
A PUBLISHED flow's content has passed `domain.flows.language.parse_flow`; a SAVED one has not
(API_CreateContactFlow: "SAVED does not initiate validation of the content").
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar

from switchboard.domain.flows.language import FlowType
from switchboard.domain.resources.base import Entity

#: Default "Flows per instance" quota (amazon-connect-service-limits), default flows included.
MAX_CONTACT_FLOWS = 100


class ContactFlowState(StrEnum):
    ACTIVE = "ACTIVE"
    ARCHIVED = "ARCHIVED"


class ContactFlowStatus(StrEnum):
    PUBLISHED = "PUBLISHED"
    SAVED = "SAVED"


@dataclass(frozen=True, slots=True)
class ContactFlow(Entity):
    KIND: ClassVar[str] = "contact_flow"
    LABEL: ClassVar[str] = "Contact flow"

    name: str = ""
    description: str | None = None
    type: FlowType = FlowType.CONTACT_FLOW
    state: ContactFlowState = ContactFlowState.ACTIVE
    status: ContactFlowStatus = ContactFlowStatus.PUBLISHED
    content: str = ""
    is_default: bool = False

    @property
    def content_sha256(self) -> str:
        return hashlib.sha256(self.content.encode()).hexdigest()
