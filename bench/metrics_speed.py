"""Metrics speed: GetContactMetrics / GetCurrentMetricData over HTTP beside a minimal JSON
endpoint, boto3 round trips beside a canned-bytes stub and moto, position cost versus queue
length, and GetMetricData over a million contact records.

    python bench/metrics_speed.py            # about 3 minutes; `--quick` for a smoke run

Every server and client is its own process (`speed_roles.py`); loops are bounded in count and
time. Progress goes to stderr (rich); the last line of stdout is one JSON object with every
figure. The moto comparison needs `pip install 'moto[server]'` and is skipped without it.
See bench/README.md for what each figure means and the targets.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import random
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from rich.console import Console
from rich.progress import Progress

from switchboard.testing import Controls

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
ROLES = str(Path(__file__).with_name("speed_roles.py"))
ENV = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
console = Console(stderr=True)
MIN5 = 300_000


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_port(port: int, proc: subprocess.Popen[bytes], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server on port {port} exited early")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port} after {seconds} s")


@contextmanager
def process(args: list[str], port: int | None = None) -> Iterator[subprocess.Popen[bytes]]:
    proc = subprocess.Popen(args, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        if port is not None:
            wait_port(port, proc)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def switchboard(data_dir: Path, port: int) -> list[str]:
    return [sys.executable, "-m", "switchboard.cli.main", "serve", "--port", str(port),
            "--data-dir", str(data_dir)]  # fmt: skip


def client(url: str) -> Any:
    import boto3
    from botocore.config import Config

    return boto3.client(
        "connect", endpoint_url=url, region_name="us-east-1", aws_access_key_id="test",
        aws_secret_access_key="test", config=Config(retries={"max_attempts": 1}),
    )  # fmt: skip


def role(*args: Any, timeout: float = 900) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, ROLES, *map(str, args)], env=ENV, capture_output=True, text=True,
        timeout=timeout, check=True,
    )  # fmt: skip
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


# ---------------------------------------------------------------- the contact center


def build_center(url: str, agents: int, queued: int, progress: Progress) -> dict[str, Any]:
    """An instance with `agents` agents, each on a call of the queue they serve (they auto-accept
    the first `agents` calls), and `queued` more calls waiting behind them: GetContactMetrics
    then computes a real estimate over those agents, as it would in a busy center."""
    connect = client(url)
    iid = connect.create_instance(
        IdentityManagementType="CONNECT_MANAGED",
        InboundCallsEnabled=True,
        OutboundCallsEnabled=True,
    )["Id"]
    # Connect's default is 500 users per instance; raise it as Service Quotas would.
    Controls(url).set_quotas(iid, users=max(agents, 500))
    hours = connect.list_hours_of_operations(InstanceId=iid)["HoursOfOperationSummaryList"][0]["Id"]
    waiting = connect.create_queue(InstanceId=iid, Name="Waiting", HoursOfOperationId=hours)[
        "QueueId"
    ]
    other = connect.create_queue(InstanceId=iid, Name="Other", HoursOfOperationId=hours)["QueueId"]
    profile = connect.create_routing_profile(
        InstanceId=iid, Name="agents", Description="agents", DefaultOutboundQueueId=other,
        MediaConcurrencies=[{"Channel": "VOICE", "Concurrency": 1}],
        QueueConfigs=[{"QueueReference": {"QueueId": waiting, "Channel": "VOICE"}, "Priority": 1, "Delay": 0},
                      {"QueueReference": {"QueueId": other, "Channel": "VOICE"}, "Priority": 2, "Delay": 0}],
    )["RoutingProfileId"]  # fmt: skip
    security = connect.list_security_profiles(InstanceId=iid)["SecurityProfileSummaryList"][0]["Id"]
    available = next(
        s["Id"] for s in connect.list_agent_statuses(InstanceId=iid)["AgentStatusSummaryList"]
        if s["Name"] == "Available"
    )  # fmt: skip
    task = progress.add_task(f"{agents} agents", total=agents)
    for i in range(agents):
        user = connect.create_user(
            InstanceId=iid, Username=f"agent{i}", Password="Passw0rd!",
            IdentityInfo={"FirstName": "A", "LastName": str(i)},
            PhoneConfig={"PhoneType": "SOFT_PHONE", "AutoAccept": True}, SecurityProfileIds=[security],
            RoutingProfileId=profile,
        )["UserId"]  # fmt: skip
        connect.put_user_status(InstanceId=iid, UserId=user, AgentStatusId=available)
        progress.advance(task)
    task = progress.add_task(f"{agents} calls connected, {queued} queued", total=agents + queued)
    host = urlsplit(url)
    conn = http.client.HTTPConnection(host.hostname, host.port, timeout=30)
    ids = []
    for _ in range(agents + queued):
        conn.request("POST", f"/_switchboard/instances/{iid}/calls", json.dumps({"QueueId": waiting}),
                     {"Content-Type": "application/json"})  # fmt: skip
        ids.append(json.loads(conn.getresponse().read())["ContactId"])
        progress.advance(task)
    conn.close()
    return {"instance_id": iid, "queues": [waiting, other], "contact": ids[agents + queued // 2]}


def capture(url: str, op: str, **kwargs: Any) -> tuple[bytes, bytes]:
    """(raw HTTP request, raw HTTP response) of one boto3 call, for replay and the stub."""
    connect = client(url)
    seen: dict[str, Any] = {}

    def keep(request: Any, **_: Any) -> None:
        seen["request"] = request

    connect.meta.events.register("before-send.connect.*", keep)
    getattr(connect, op)(**kwargs)
    req = seen["request"]
    parts = urlsplit(req.url)
    body = req.body or b""
    body = body.encode() if isinstance(body, str) else body
    lines = [f"{req.method} {parts.path}{'?' + parts.query if parts.query else ''} HTTP/1.1",
             f"Host: {parts.netloc}"]  # fmt: skip
    for key, value in req.headers.items():
        if key.lower() not in ("host", "content-length"):
            lines.append(f"{key}: {value.decode() if isinstance(value, bytes) else value}")
    lines.append(f"Content-Length: {len(body)}")
    raw_request = ("\r\n".join(lines) + "\r\n\r\n").encode() + body
    with socket.create_connection((parts.hostname, parts.port)) as sock:
        sock.sendall(raw_request)
        data = b""
        while not (b"\r\n\r\n" in data and _complete(data)):
            data += sock.recv(65536)
    return raw_request, data


def _complete(data: bytes) -> bool:
    head, _, rest = data.partition(b"\r\n\r\n")
    lower = head.lower()
    if b"transfer-encoding: chunked" in lower:
        return rest.endswith(b"0\r\n\r\n")
    for line in lower.split(b"\r\n"):
        if line.startswith(b"content-length:"):
            return len(rest) >= int(line.split(b":", 1)[1])
    return True


# ---------------------------------------------------------------- a million contact records


def _rows(args: tuple[str, list[str], int, int, int, int]) -> list[tuple[Any, ...]]:
    from switchboard.domain.channel import Channel
    from switchboard.domain.contacts.contact import Contact, ContactStatus
    from switchboard.storage.contact_rows import contact_row

    iid, queues, first, count, start, span = args
    rng = random.Random(first)
    channels = [Channel.VOICE, Channel.CHAT, Channel.TASK]
    rows = []
    for n in range(first, first + count):
        enq = start + rng.randrange(span - 3_600_000)
        wait = rng.randrange(1_000, 600_000)
        answered = rng.random() < 0.85
        talk = rng.randrange(30_000, 900_000)
        c = Contact(
            id=f"c{n:08d}", instance_id=iid, arn=f"arn:aws:connect:us-east-1:123456789012:instance/{iid}/contact/c{n:08d}",
            channel=rng.choice(channels), initiation_method="INBOUND", initiated_at=enq - 5_000,
            status=ContactStatus.FINISHED, queue_id=rng.choice(queues), enqueued_at=enq,
            dequeued_at=enq + wait, missed_count=int(rng.random() < 0.05),
            disconnect_reason="CUSTOMER_DISCONNECT",
        )  # fmt: skip
        if answered:
            end = enq + wait + talk
            c = replace(
                c, agent_id=f"a{rng.randrange(1000)}", connected_to_agent_at=enq + wait,
                disconnected_at=end, acw_started_at=end, acw_ended_at=end + rng.randrange(60_000),
                hold_total_ms=rng.choice([0, 0, 0, 15_000]), hold_count=rng.choice([0, 1]),
                pre_disconnect_state="CONNECTED",
            )  # fmt: skip
        else:
            c = replace(
                c, disconnected_at=enq + wait, abandoned=True, pre_disconnect_state="IN_QUEUE"
            )
        rows.append(contact_row(c))
    return rows


def load_records(
    db_file: Path,
    iid: str,
    queues: list[str],
    records: int,
    start: int,
    span: int,
    progress: Progress,
) -> None:
    from switchboard.storage.contact_rows import COLUMNS

    sql = f"INSERT INTO contacts ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"
    chunk = 20_000
    jobs = [
        (iid, queues, first, min(chunk, records - first), start, span)
        for first in range(0, records, chunk)
    ]
    task = progress.add_task(f"{records:,} contact records", total=records)
    db = sqlite3.connect(db_file, timeout=60)
    workers = max(1, os.cpu_count() or 2)
    with multiprocessing.Pool(workers) as pool:
        # A few jobs at a time: rows are built faster than SQLite indexes them, and an
        # unbounded imap would hold every row in memory.
        for first in range(0, len(jobs), 2 * workers):
            for rows in pool.imap(_rows, jobs[first : first + 2 * workers]):
                with db:
                    db.executemany(sql, rows)
                progress.advance(task, len(rows))
    db.execute("ANALYZE")
    db.close()


V1_METRICS = [
    ("CONTACTS_QUEUED", "COUNT", "SUM"), ("CONTACTS_HANDLED", "COUNT", "SUM"),
    ("CONTACTS_ABANDONED", "COUNT", "SUM"), ("CONTACTS_MISSED", "COUNT", "SUM"),
    ("HANDLE_TIME", "SECONDS", "AVG"), ("AFTER_CONTACT_WORK_TIME", "SECONDS", "AVG"),
    ("QUEUED_TIME", "SECONDS", "MAX"), ("ABANDON_TIME", "SECONDS", "AVG"),
    ("QUEUE_ANSWER_TIME", "SECONDS", "AVG"), ("HOLD_TIME", "SECONDS", "AVG"),
    ("INTERACTION_TIME", "SECONDS", "AVG"), ("INTERACTION_AND_HOLD_TIME", "SECONDS", "AVG"),
]  # fmt: skip


def historical(tmp: Path, records: int, progress: Progress) -> dict[str, Any]:
    port = free_port()
    data = tmp / "historical"
    with process(switchboard(data, port), port):
        url = f"http://127.0.0.1:{port}"
        connect = client(url)
        iid = connect.create_instance(IdentityManagementType="CONNECT_MANAGED",
                                      InboundCallsEnabled=True, OutboundCallsEnabled=True)["Id"]  # fmt: skip
        hours = connect.list_hours_of_operations(InstanceId=iid)["HoursOfOperationSummaryList"][0][
            "Id"
        ]
        queues = [
            connect.create_queue(InstanceId=iid, Name=f"q{i}", HoursOfOperationId=hours)["QueueId"]
            for i in range(20)
        ]
        # Records span the 20 hours before now; the query window (just under 24 h, the
        # GetMetricData maximum) is taken when the loading is over, so it still covers them.
        loaded_at = int(time.time() * 1000)
        load_records(data / "switchboard.sqlite3", iid, queues, records,
                     loaded_at - 20 * 3_600_000, 20 * 3_600_000, progress)  # fmt: skip
        start = (int(time.time() * 1000) // MIN5) * MIN5 - 23 * 3_600_000
        end = start + 24 * 3_600_000 - MIN5
        metrics = [{"Name": n, "Unit": u, "Statistic": s} for n, u, s in V1_METRICS]
        metrics.append({"Name": "SERVICE_LEVEL", "Unit": "PERCENT", "Statistic": "AVG",
                        "Threshold": {"Comparison": "LT", "ThresholdValue": 60}})  # fmt: skip
        out: dict[str, Any] = {"records": records}
        for label, extra in (
            ("summary", {}),
            ("by_queue_channel", {"Groupings": ["QUEUE", "CHANNEL"]}),
        ):
            timings, rows = [], 0
            for _ in range(5):
                started = time.perf_counter()
                got = connect.get_metric_data(
                    InstanceId=iid, StartTime=start / 1000, EndTime=end / 1000,
                    Filters={"Channels": ["VOICE", "CHAT", "TASK"]}, HistoricalMetrics=metrics, **extra,
                )  # fmt: skip
                timings.append(time.perf_counter() - started)
                rows = len(got["MetricResults"])
            out[f"get_metric_data_{label}_ms"] = round(sorted(timings)[len(timings) // 2] * 1000, 1)
            out[f"get_metric_data_{label}_rows"] = rows
        handled = connect.get_metric_data(
            InstanceId=iid, StartTime=start / 1000, EndTime=end / 1000, Filters={},
            HistoricalMetrics=[{"Name": "CONTACTS_QUEUED", "Unit": "COUNT", "Statistic": "SUM"}],
        )["MetricResults"][0]["Collections"][0]["Value"]  # fmt: skip
        out["records_counted"] = handled
    return out


# ---------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=5.0, help="duration of each load run")
    parser.add_argument(
        "--connections", type=int, default=8, help="keep-alive connections per load run"
    )
    # The users quota (500 by default) is raised through the controls in build_center.
    parser.add_argument("--agents", type=int, default=1_000)
    parser.add_argument("--queued", type=int, default=10_000)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--position-max", type=int, default=1_000_000)
    parser.add_argument(
        "--parts", default="http,boto3,position,historical", help="comma list of parts to run"
    )
    parser.add_argument("--quick", action="store_true", help="small sizes, 1 s runs (smoke test)")
    args = parser.parse_args()
    if args.quick:
        args.seconds, args.agents, args.queued, args.records, args.position_max = (
            1.0,
            20,
            200,
            20_000,
            10_000,
        )
    results: dict[str, Any] = {"config": {k: v for k, v in vars(args).items() if k != "quick"}}
    tmp = Path(tempfile.mkdtemp(prefix="sb-bench-"))
    try:
        with Progress(console=console, transient=False) as progress:
            run(args, tmp, progress, results)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(json.dumps(results))


def run(args: argparse.Namespace, tmp: Path, progress: Progress, results: dict[str, Any]) -> None:
    parts = set(args.parts.split(","))
    if parts & {"http", "boto3"}:
        serving(args, tmp, progress, results)
    if "position" in parts:
        results["position_cost"] = position_cost(args.position_max, progress)
    if "historical" in parts:
        results["historical"] = historical(tmp, args.records, progress)


def serving(
    args: argparse.Namespace, tmp: Path, progress: Progress, results: dict[str, Any]
) -> None:
    """The HTTP and boto3 parts: one server with the queued contacts and the agents."""
    port = free_port()
    with process(switchboard(tmp / "center", port), port):
        url = f"http://127.0.0.1:{port}"
        center = build_center(url, args.agents, args.queued, progress)
        iid = center["instance_id"]
        contact_args = {"InstanceId": iid, "ContactId": center["contact"],
                        "Metrics": [{"Name": "POSITION_IN_QUEUE"}, {"Name": "ESTIMATED_WAIT_TIME"}]}  # fmt: skip
        current_args = {
            "InstanceId": iid, "Filters": {"Queues": center["queues"], "Channels": ["VOICE"]},
            "Groupings": ["QUEUE"],
            "CurrentMetrics": [{"Name": "CONTACTS_IN_QUEUE", "Unit": "COUNT"},
                               {"Name": "AGENTS_AVAILABLE", "Unit": "COUNT"},
                               {"Name": "OLDEST_CONTACT_AGE", "Unit": "SECONDS"}],
        }  # fmt: skip
        files: dict[str, Path] = {}
        for name, op, kwargs in (("contact", "get_contact_metrics", contact_args),
                                 ("current", "get_current_metric_data", current_args)):  # fmt: skip
            request, response = capture(url, op, **kwargs)
            files[name] = tmp / f"{name}.req"
            files[name].write_bytes(request)
            files[f"{name}-response"] = tmp / f"{name}.resp"
            files[f"{name}-response"].write_bytes(response)
            if name == "contact":  # the load must exercise the estimate, not only the position
                answered = json.loads(response.partition(b"\r\n\r\n")[2])
                metrics = {m["Name"]: m["Value"]["Number"] for m in answered["MetricResults"]}
                if set(metrics) != {"POSITION_IN_QUEUE", "ESTIMATED_WAIT_TIME"}:
                    raise RuntimeError(f"GetContactMetrics answered {metrics}")
                results["contact_answer"] = metrics
        minimal_port = free_port()
        with process([sys.executable, ROLES, "minimal-server", str(minimal_port)], minimal_port):
            minimal_req = (f"POST /metrics HTTP/1.1\r\nHost: 127.0.0.1:{minimal_port}\r\n"
                           "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}").encode()  # fmt: skip
            files["minimal"] = tmp / "minimal.req"
            files["minimal"].write_bytes(minimal_req)
            http_results = {}
            task = progress.add_task("HTTP load (3 targets)", total=3)
            for name, target, req in (
                ("GetContactMetrics", url, files["contact"]),
                ("GetCurrentMetricData", url, files["current"]),
                ("minimal_json_post", f"http://127.0.0.1:{minimal_port}", files["minimal"]),
            ):
                http_results[name] = role("load", target, req, args.seconds, args.connections)
                progress.advance(task)
        minimal_rps = http_results["minimal_json_post"]["rps"]
        for name in ("GetContactMetrics", "GetCurrentMetricData"):
            http_results[name]["ratio_to_minimal"] = round(
                http_results[name]["rps"] / minimal_rps, 3
            )
        results["http"] = http_results
        results["boto3"] = boto_round_trips(
            url, contact_args, files["contact-response"], args, progress
        )


def boto_round_trips(url: str, contact_args: dict[str, Any], canned: Path, args: argparse.Namespace,
                     progress: Progress) -> dict[str, Any]:  # fmt: skip
    task = progress.add_task("boto3 round trips (3 targets)", total=3)
    out: dict[str, Any] = {}
    out["switchboard_GetContactMetrics"] = role(
        "boto", url, "get_contact_metrics", args.seconds, json.dumps(contact_args)
    )
    progress.advance(task)
    stub_port = free_port()
    with process([sys.executable, ROLES, "stub-server", str(stub_port), str(canned)], stub_port):
        out["stub_ceiling"] = role("boto", f"http://127.0.0.1:{stub_port}", "get_contact_metrics",
                                   args.seconds, json.dumps(contact_args))  # fmt: skip
    progress.advance(task)
    out["ratio_to_stub"] = round(
        out["switchboard_GetContactMetrics"]["per_second"] / out["stub_ceiling"]["per_second"], 3
    )
    moto = shutil.which("moto_server")
    if moto is None:
        out["moto_DescribeInstance"] = None
        console.print("moto_server not found: pip install 'moto[server]' for the moto comparison")
    else:
        moto_port = free_port()
        with process([moto, "-p", str(moto_port)], moto_port):
            moto_url = f"http://127.0.0.1:{moto_port}"
            iid = client(moto_url).create_instance(IdentityManagementType="CONNECT_MANAGED",
                                                   InboundCallsEnabled=True, OutboundCallsEnabled=True)["Id"]  # fmt: skip
            out["moto_DescribeInstance"] = role("boto", moto_url, "describe_instance", args.seconds,
                                                json.dumps({"InstanceId": iid}))  # fmt: skip
    progress.advance(task)
    return out


def position_cost(maximum: int, progress: Progress) -> dict[str, Any]:
    """µs per position() at each size, beside the floor of finding the contact by id."""
    sizes = [n for n in (1_000, 10_000, 100_000, 1_000_000) if n <= maximum]
    task = progress.add_task("position cost", total=len(sizes))
    out: dict[str, Any] = {}
    lookup: dict[str, float] = {}
    above: dict[str, float] = {}
    for n in sizes:
        measured = role("position", n, 20_000)
        out[str(n)] = measured["us_per_call"]
        lookup[str(n)] = measured["lookup_us"]
        above[str(n)] = round(measured["us_per_call"] - measured["lookup_us"], 2)
        progress.advance(task)
    first, last = str(sizes[0]), str(sizes[-1])
    out["ratio_largest_to_smallest"] = round(out[last] / out[first], 2)
    out["lookup_floor_us"] = lookup
    out["lookup_floor_ratio_largest_to_smallest"] = round(lookup[last] / lookup[first], 2)
    out["above_lookup_us"] = above
    out["above_lookup_largest_minus_smallest_us"] = round(above[last] - above[first], 2)
    return out


if __name__ == "__main__":
    main()
