"""`switchboard demo` as a newcomer runs it: a subprocess, boto3, the printed snippet, a restart.

The traffic runs at `--rate 5` (five times the arrivals, durations five times shorter) so the
numbers move within seconds.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from switchboard.testing import Controls
from tests.conftest import ROOT, ServerProcess, free_port, make_client

DEMO_QUEUES = {"Sales", "Support", "Billing", "VIP"}


class DemoProcess(ServerProcess):
    """`switchboard demo` in a child process; `welcome` is what it printed on stdout."""

    def start(self) -> None:
        env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
        name = f"demo-{self.port}-{uuid.uuid4().hex[:6]}.log"
        self.log = open(self.data_dir.parent / name, "wb")  # noqa: SIM115 - closed by stop()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "switchboard.cli.main", "demo", "--port", str(self.port),
             "--data-dir", str(self.data_dir), "--log-level", "WARNING", *self.extra_args],
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        wait_until(self._listening, 30, lambda: f"demo did not start: {self.read_log()}")

    def _listening(self) -> bool:
        assert self.proc is not None
        if self.proc.poll() is not None:
            raise RuntimeError(f"demo exited early: {self.read_log()}")
        import socket

        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                return True
        except OSError:
            return False

    @property
    def instance_id(self) -> str:
        found = re.findall(r"Demo instance: (\S+)", self.read_log())
        assert found, self.read_log()
        return str(found[-1])

    def snippet(self) -> str:
        text = self.read_log().split("Paste this into `python`")[-1]
        return text.split("AWS CLI:")[0].split("\n", 1)[1]


def wait_until(check: Callable[[], bool], timeout_s: float, why: Callable[[], str]) -> None:
    deadline = time.monotonic() + timeout_s
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(why())
        time.sleep(0.2)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoProcess]:
    proc = DemoProcess(tmp_path_factory.mktemp("demo") / "data", free_port(), ("--rate", "5"))
    proc.start()
    yield proc
    proc.stop()


def _recent_contacts(
    client: Any, instance_id: str, since: dt.datetime | None = None
) -> dict[str, Any]:
    end = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=5)
    return client.search_contacts(  # type: ignore[no-any-return]
        InstanceId=instance_id,
        TimeRange={
            "Type": "INITIATION_TIMESTAMP",
            "StartTime": since or end - dt.timedelta(minutes=30),
            "EndTime": end,
        },
        MaxResults=100,
    )


def _agent_states(demo: DemoProcess, user_ids: list[str]) -> dict[str, tuple[Any, ...]]:
    controls = Controls(demo.url)
    states = {}
    for user_id in user_ids:
        view = controls.agent(demo.instance_id, user_id)
        states[user_id] = (
            view["Status"],
            tuple((c["ContactId"], c["State"]) for c in view["Contacts"]),
        )
    return states


def test_demo_builds_the_contact_center_when_started_on_a_fresh_data_dir(demo: DemoProcess) -> None:
    client = make_client(demo.url)
    iid = demo.instance_id
    assert [i["Id"] for i in client.list_instances()["InstanceSummaryList"]] == [iid]
    welcome = demo.read_log()
    assert demo.url in welcome
    queues = client.list_queues(InstanceId=iid, QueueTypes=["STANDARD"])["QueueSummaryList"]
    assert DEMO_QUEUES <= {q["Name"] for q in queues}
    users = client.list_users(InstanceId=iid, MaxResults=100)["UserSummaryList"]
    assert len(users) >= 20
    for user in users:
        held = client.list_user_proficiencies(InstanceId=iid, UserId=user["Id"])
        assert held["UserProficiencyList"], f"{user['Username']} has no proficiencies"
    profiles = client.list_routing_profiles(InstanceId=iid)["RoutingProfileSummaryList"]
    configs = [
        c
        for p in profiles
        for c in client.list_routing_profile_queues(InstanceId=iid, RoutingProfileId=p["Id"])[
            "RoutingProfileQueueConfigSummaryList"
        ]
    ]
    assert any(c["Delay"] > 0 for c in configs)
    assert len({c["Priority"] for c in configs}) >= 2
    flows = client.list_contact_flows(InstanceId=iid, ContactFlowTypes=["CONTACT_FLOW"])
    demo_flow = next(f for f in flows["ContactFlowSummaryList"] if f["Name"] == "Demo inbound")
    content = client.describe_contact_flow(InstanceId=iid, ContactFlowId=demo_flow["Id"])
    assert "UpdateRoutingCriteria" in content["ContactFlow"]["Content"]
    assert demo_flow["Id"] in welcome


def test_contacts_appear_and_agents_change_state_when_the_demo_runs(demo: DemoProcess) -> None:
    client = make_client(demo.url)
    iid = demo.instance_id
    users = [u["Id"] for u in client.list_users(InstanceId=iid, MaxResults=100)["UserSummaryList"]]
    wait_until(
        lambda: _recent_contacts(client, iid)["TotalCount"] >= 5,
        20,
        lambda: f"no simulated contacts: {demo.read_log()[-2000:]}",
    )
    first = _agent_states(demo, users)
    first_total = _recent_contacts(client, iid)["TotalCount"]
    time.sleep(3)
    second = _agent_states(demo, users)
    found = _recent_contacts(client, iid)
    assert found["TotalCount"] > first_total
    changed = [u for u in users if first[u] != second[u]]
    assert len(changed) >= 3, (first, second)
    assert any(status == "Available" for status, _ in second.values())
    assert any(slots for _, slots in second.values()), "no agent is handling a contact"
    assert len({c["Channel"] for c in found["Contacts"]}) >= 2
    answered = [c for c in found["Contacts"] if c.get("AgentInfo", {}).get("Id")]
    assert answered
    described = client.describe_contact(InstanceId=iid, ContactId=answered[0]["Id"])["Contact"]
    assert described["QueueInfo"]["Id"] in {
        q["Id"]
        for q in client.list_queues(InstanceId=iid, QueueTypes=["STANDARD"])["QueueSummaryList"]
    }
    attributes = client.get_contact_attributes(InstanceId=iid, InitialContactId=answered[0]["Id"])
    assert {"Intent", "Language", "Tier"} <= set(attributes["Attributes"])


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads CPU time from /proc")
def test_demo_uses_a_small_share_of_one_core_when_traffic_runs(demo: DemoProcess) -> None:
    assert demo.proc is not None
    before, started = _cpu_seconds(demo.proc.pid), time.monotonic()
    time.sleep(4)
    share = (_cpu_seconds(demo.proc.pid) - before) / (time.monotonic() - started)
    assert share < 0.25, f"the demo at --rate 5 used {share:.0%} of a core"


def test_welcome_snippet_runs_when_pasted(demo: DemoProcess, tmp_path: Path) -> None:
    script = tmp_path / "snippet.py"
    script.write_text(demo.snippet())
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=40, check=False
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert {line.split(" ", 1)[0] for line in lines} >= DEMO_QUEUES  # one live row per queue
    assert any("POSITION_IN_QUEUE" in line or "answered by agent" in line for line in lines)
    assert re.search(r"^\d+ contacts;", done.stdout, re.MULTILINE)


def _readme_snippet() -> str:
    readme = (ROOT / "README.md").read_text()
    block = readme.split("<!-- demo-snippet:begin -->")[1].split("<!-- demo-snippet:end -->")[0]
    return block.split("```python\n")[1].split("```")[0]


def _body(snippet: str) -> str:
    return snippet[snippet.index("queues = ") :].strip()


def test_readme_snippet_matches_the_printed_one_when_the_ids_are_looked_up(
    demo: DemoProcess, tmp_path: Path
) -> None:
    readme = _readme_snippet()
    assert _body(readme) == _body(demo.snippet())  # the printed one runs in the test above
    header = readme[: readme.index("queues = ")].replace("http://127.0.0.1:8585", demo.url)
    script = tmp_path / "readme_header.py"
    script.write_text(header + "print(INSTANCE, FLOW)\n")
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=30, check=False
    )
    assert done.returncode == 0, done.stderr
    instance_id, flow_id = done.stdout.split()
    assert instance_id == demo.instance_id
    assert f'FLOW = "{flow_id}"' in demo.snippet()


def test_restart_reuses_the_demo_center_when_the_data_dir_is_kept(tmp_path: Path) -> None:
    proc = DemoProcess(tmp_path / "data", free_port(), ("--rate", "5"))
    proc.start()
    try:
        client = make_client(proc.url)
        iid = proc.instance_id
        users = client.list_users(InstanceId=iid, MaxResults=100)["UserSummaryList"]
        started = dt.datetime.now(dt.UTC)
        wait_until(
            lambda: _recent_contacts(client, iid, since=started)["TotalCount"] >= 3,
            20,
            proc.read_log,
        )
        assert proc.stop() == 0
        proc.extra_args = ("--no-traffic",)
        restarted = dt.datetime.now(dt.UTC)
        proc.start()
        client = make_client(proc.url)
        assert proc.instance_id == iid
        assert [i["Id"] for i in client.list_instances()["InstanceSummaryList"]] == [iid]
        again = client.list_users(InstanceId=iid, MaxResults=100)["UserSummaryList"]
        assert sorted(u["Id"] for u in again) == sorted(u["Id"] for u in users)
        queues = client.list_queues(InstanceId=iid, QueueTypes=["STANDARD"])["QueueSummaryList"]
        assert sorted(q["Name"] for q in queues) == sorted(DEMO_QUEUES | {"BasicQueue"})
        before = _recent_contacts(client, iid)["TotalCount"]
        assert before > 0  # the first run's contacts are still there
        assert "Traffic: off" in proc.read_log()
        time.sleep(3)  # with traffic, ~8 contacts would arrive and most would show by now
        assert _recent_contacts(client, iid, since=restarted)["TotalCount"] == 0
    finally:
        if proc.proc is not None and proc.proc.poll() is None:
            proc.stop()
