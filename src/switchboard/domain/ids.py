"""Identifiers and ARNs, built the way Amazon Connect builds them.

Ids are UUID-shaped strings drawn from an injected generator, never from `uuid4()`, so a seeded
run names every resource the same way twice.
"""

from __future__ import annotations

import random
from typing import Protocol


class IdGenerator(Protocol):
    def new_id(self) -> str: ...


class RandomIds:
    """UUID4-shaped ids from a `random.Random`; seed it for reproducible names."""

    __slots__ = ("_rng",)

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng

    def new_id(self) -> str:
        bits = self._rng.getrandbits(128)
        # Set the version (4) and variant (10xx) bits like uuid4 does.
        bits &= ~(0xF000 << 64)
        bits |= 0x4000 << 64
        bits &= ~(0xC000 << 48)
        bits |= 0x8000 << 48
        h = f"{bits:032x}"
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


# The ARN path segment Connect uses for each resource kind inside an instance.
ARN_SEGMENTS: dict[str, str] = {
    "queue": "queue",
    "routing_profile": "routing-profile",
    "user": "agent",
    "hours_of_operation": "operating-hours",
    "security_profile": "security-profile",
    "agent_status": "agent-state",
    "hierarchy_group": "agent-group",
    "quick_connect": "transfer-destination",
    "contact_flow": "contact-flow",
    "contact": "contact",
    "predefined_attribute": "predefined-attribute",
}


def instance_arn(partition_region_account: tuple[str, str], instance_id: str) -> str:
    """`arn:aws:connect:<region>:<account>:instance/<id>` from (region, account)."""
    region, account = partition_region_account
    return f"arn:aws:connect:{region}:{account}:instance/{instance_id}"


def resource_arn(instance_arn_value: str, kind: str, resource_id: str) -> str:
    """ARN of a resource inside an instance, e.g. `.../instance/<iid>/queue/<qid>`."""
    return f"{instance_arn_value}/{ARN_SEGMENTS[kind]}/{resource_id}"
