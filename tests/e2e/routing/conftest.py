"""Fixtures for routing scenarios: a contact center on the virtual clock, built with boto3."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from switchboard.testing import Controls
from tests.conftest import ServerProcess, make_client
from tests.flow_samples import queue_flow


@dataclass
class Center:
    """One instance on the virtual-clock server, with helpers to build a contact center."""

    connect: Any
    controls: Controls
    instance_id: str
    statuses: dict[str, str] = field(default_factory=dict)
    security_profile: str = ""
    hours: str = ""

    def queue(self, name: str, **kwargs: Any) -> tuple[str, str]:
        made = self.connect.create_queue(
            InstanceId=self.instance_id, Name=name, HoursOfOperationId=self.hours, **kwargs
        )
        return made["QueueId"], made["QueueArn"]

    def flow_to(self, queue_arn: str, name: str) -> str:
        made = self.connect.create_contact_flow(
            InstanceId=self.instance_id,
            Name=name,
            Type="CONTACT_FLOW",
            Content=queue_flow(queue_arn),
        )
        return str(made["ContactFlowId"])

    def profile(
        self, name: str, configs: list[tuple[str, str, int, int]], **concurrency: int
    ) -> str:
        media = [
            {"Channel": ch, "Concurrency": n} for ch, n in (concurrency or {"VOICE": 1}).items()
        ]
        made = self.connect.create_routing_profile(
            InstanceId=self.instance_id,
            Name=name,
            Description=name,
            DefaultOutboundQueueId=configs[0][0],
            MediaConcurrencies=media,
            QueueConfigs=[
                {"QueueReference": {"QueueId": q, "Channel": ch}, "Priority": p, "Delay": d}
                for q, ch, p, d in configs
            ],
        )
        return str(made["RoutingProfileId"])

    def agent(
        self,
        name: str,
        profile_id: str,
        *,
        auto_accept: bool = False,
        acw: int = 0,
        available: bool = True,
        auto_accept_channels: tuple[str, ...] = (),
    ) -> str:
        """`auto_accept` is PhoneConfig.AutoAccept (every channel without a per-channel setting);
        `auto_accept_channels` adds AutoAcceptConfigs."""
        extra: dict[str, Any] = {}
        if auto_accept_channels:
            extra["AutoAcceptConfigs"] = [
                {"Channel": ch, "AutoAccept": True} for ch in auto_accept_channels
            ]
        made = self.connect.create_user(
            InstanceId=self.instance_id,
            Username=name,
            Password="Passw0rd!",
            IdentityInfo={"FirstName": name, "LastName": "Agent"},
            PhoneConfig={
                "PhoneType": "SOFT_PHONE",
                "AutoAccept": auto_accept,
                "AfterContactWorkTimeLimit": acw,
            },
            SecurityProfileIds=[self.security_profile],
            RoutingProfileId=profile_id,
            **extra,
        )
        if available:
            self.status(made["UserId"], "Available")
        return str(made["UserId"])

    def status(self, user_id: str, name: str) -> None:
        self.connect.put_user_status(
            InstanceId=self.instance_id, UserId=user_id, AgentStatusId=self.statuses[name]
        )

    def task(self, flow_id: str, name: str = "task", **kwargs: Any) -> str:
        made = self.connect.start_task_contact(
            InstanceId=self.instance_id, ContactFlowId=flow_id, Name=name, **kwargs
        )
        return str(made["ContactId"])

    def describe(self, contact_id: str) -> dict[str, Any]:
        result: dict[str, Any] = self.connect.describe_contact(
            InstanceId=self.instance_id, ContactId=contact_id
        )["Contact"]
        return result

    def position(self, contact_id: str) -> Any:
        return self.controls.contact(self.instance_id, contact_id)["PositionInQueue"]

    def flow(self, content: dict[str, Any], name: str, flow_type: str = "CONTACT_FLOW") -> str:
        """A published flow from flow-language JSON (a dict)."""
        made = self.connect.create_contact_flow(
            InstanceId=self.instance_id, Name=name, Type=flow_type, Content=json.dumps(content)
        )
        return str(made["ContactFlowId"])

    def agent_view(self, user_id: str) -> dict[str, Any]:
        """The control plane's view of an agent: Status, NextStatus, Routable, Contacts."""
        return self.controls.agent(self.instance_id, user_id)

    def contact_view(self, contact_id: str) -> dict[str, Any]:
        return self.controls.contact(self.instance_id, contact_id)


def open_center(srv: ServerProcess, instance_id: str | None = None) -> Center:
    """A `Center` on `srv` for `instance_id`, or for a new instance when none is given."""
    connect = make_client(srv.url)
    if instance_id is None:
        instance_id = connect.create_instance(
            IdentityManagementType="CONNECT_MANAGED",
            InboundCallsEnabled=True,
            OutboundCallsEnabled=True,
        )["Id"]
    statuses = {
        s["Name"]: s["Id"]
        for s in connect.list_agent_statuses(InstanceId=instance_id)["AgentStatusSummaryList"]
    }
    profiles = connect.list_security_profiles(InstanceId=instance_id)["SecurityProfileSummaryList"]
    hours = connect.list_hours_of_operations(InstanceId=instance_id)["HoursOfOperationSummaryList"]
    return Center(
        connect,
        Controls(srv.url),
        str(instance_id),
        statuses,
        next(p["Id"] for p in profiles if p["Name"] == "Agent"),
        hours[0]["Id"],
    )


@pytest.fixture
def center(virtual_server: ServerProcess) -> Center:
    return open_center(virtual_server)


Builder = Callable[..., Any]
