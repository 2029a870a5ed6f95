"""Fixtures for real-time metric scenarios: the routing `Center` builder plus metric readers."""

from __future__ import annotations

from typing import Any

import pytest

from switchboard.testing import Controls
from tests.conftest import ServerProcess, make_client
from tests.e2e.routing.conftest import Center


class MetricsCenter(Center):
    """`Center` with shortcuts for the three real-time metric APIs."""

    def call(self, queue_id: str, channel: str = "VOICE") -> str:
        made = self.controls.place_call(self.instance_id, queue_id=queue_id, channel=channel)
        return str(made["ContactId"])

    def contact_metrics(self, contact_id: str, *names: str) -> dict[str, float]:
        names = names or ("POSITION_IN_QUEUE", "ESTIMATED_WAIT_TIME")
        got = self.connect.get_contact_metrics(
            InstanceId=self.instance_id,
            ContactId=contact_id,
            Metrics=[{"Name": n} for n in names],
        )
        return {r["Name"]: r["Value"]["Number"] for r in got["MetricResults"]}

    def current(self, metrics: list[str], **kwargs: Any) -> dict[str, Any]:
        units = {"OLDEST_CONTACT_AGE": "SECONDS", "ESTIMATED_WAIT_TIME": "SECONDS"}
        result: dict[str, Any] = self.connect.get_current_metric_data(
            InstanceId=self.instance_id,
            CurrentMetrics=[{"Name": m, "Unit": units.get(m, "COUNT")} for m in metrics],
            **kwargs,
        )
        return result

    def current_rows(self, metrics: list[str], **kwargs: Any) -> list[dict[str, Any]]:
        """Each row as {"dims": Dimensions, metric name: value (None when absent)}."""
        rows = []
        for row in self.current(metrics, **kwargs)["MetricResults"]:
            values = {c["Metric"]["Name"]: c.get("Value") for c in row["Collections"]}
            rows.append({"dims": row["Dimensions"], **values})
        return rows

    def user_data(self, **filters: Any) -> list[dict[str, Any]]:
        got = self.connect.get_current_user_data(InstanceId=self.instance_id, Filters=filters)
        return list(got["UserDataList"])


def make_center(url: str) -> MetricsCenter:
    """A fresh instance on the server at `url` (same setup as routing's `center`)."""
    connect = make_client(url)
    iid = connect.create_instance(
        IdentityManagementType="CONNECT_MANAGED",
        InboundCallsEnabled=True,
        OutboundCallsEnabled=True,
    )["Id"]
    statuses = {
        s["Name"]: s["Id"]
        for s in connect.list_agent_statuses(InstanceId=iid)["AgentStatusSummaryList"]
    }
    profiles = connect.list_security_profiles(InstanceId=iid)["SecurityProfileSummaryList"]
    hours = connect.list_hours_of_operations(InstanceId=iid)["HoursOfOperationSummaryList"]
    return MetricsCenter(
        connect,
        Controls(url),
        iid,
        statuses,
        next(p["Id"] for p in profiles if p["Name"] == "Agent"),
        hours[0]["Id"],
    )


@pytest.fixture
def center(virtual_server: ServerProcess) -> MetricsCenter:
    return make_center(virtual_server.url)
