"""Adjustable quotas: Connect raises them through Service Quotas, Switchboard through controls."""

from __future__ import annotations

from typing import Any

import pytest

from switchboard.testing import ControlError, Controls
from tests.conftest import ServerProcess, make_client


def _user(connect: Any, iid: str, name: str) -> None:
    profile = connect.list_routing_profiles(InstanceId=iid)["RoutingProfileSummaryList"][0]["Id"]
    security = connect.list_security_profiles(InstanceId=iid)["SecurityProfileSummaryList"][0]
    connect.create_user(
        InstanceId=iid, Username=name, Password="Passw0rd!1",
        PhoneConfig={"PhoneType": "SOFT_PHONE"}, SecurityProfileIds=[security["Id"]],
        RoutingProfileId=profile,
    )  # fmt: skip


def test_user_quota_limits_creation_when_set_and_raised(
    server: ServerProcess, connect: Any, instance_id: str
) -> None:
    controls = Controls(server.url)
    assert controls.set_quotas(instance_id, users=2)["Quotas"] == {"users": 2}
    _user(connect, instance_id, "one")
    _user(connect, instance_id, "two")
    with pytest.raises(connect.exceptions.LimitExceededException):
        _user(connect, instance_id, "three")
    controls.set_quotas(instance_id, users=3)
    _user(connect, instance_id, "three")


def test_unknown_quota_is_refused_when_set(server: ServerProcess, instance_id: str) -> None:
    with pytest.raises(ControlError) as info:
        Controls(server.url).set_quotas(instance_id, queues_per_flow=5)
    assert info.value.status == 400
    with pytest.raises(ControlError) as info:
        Controls(server.url).set_quotas("00000000-0000-4000-8000-000000000000", users=5)
    assert info.value.status == 404


def test_raised_quota_survives_when_server_restarts(private_server: ServerProcess) -> None:
    connect = make_client(private_server.url)
    iid = connect.create_instance(
        IdentityManagementType="CONNECT_MANAGED",
        InboundCallsEnabled=True,
        OutboundCallsEnabled=True,
    )["Id"]
    Controls(private_server.url).set_quotas(iid, users=1)
    _user(connect, iid, "only")
    private_server.restart()
    connect = make_client(private_server.url)
    with pytest.raises(connect.exceptions.LimitExceededException):
        _user(connect, iid, "second")
