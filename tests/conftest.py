"""Shared fixtures: a real Switchboard server in a subprocess and boto3 clients for it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class ServerProcess:
    """A `switchboard serve` child process bound to an ephemeral port."""

    data_dir: Path
    port: int
    extra_args: tuple[str, ...] = ()
    proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
        # The log stays open while the server runs; stop() closes it.
        log_path = self.data_dir.parent / f"server-{self.port}-{uuid.uuid4().hex[:6]}.log"
        self.log = log_path.open("wb")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "switchboard.cli.main",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--data-dir",
                str(self.data_dir),
                *self.extra_args,
            ],
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited early: {self.read_log()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("server did not start in 30 s")

    def stop(self) -> int:
        assert self.proc is not None
        self.proc.terminate()
        try:
            code = self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            code = self.proc.wait()
        self.log.close()
        return code

    def restart(self) -> None:
        self.stop()
        self.start()

    def read_log(self) -> str:
        self.log.flush()
        return (self.data_dir.parent / Path(self.log.name).name).read_text(errors="replace")


def make_client(
    url: str, *, access_key: str = "test", region: str = "us-east-1", validate: bool = True
) -> Any:
    import boto3
    from botocore.config import Config

    return boto3.client(
        "connect",
        endpoint_url=url,
        region_name=region,
        aws_access_key_id=access_key,
        aws_secret_access_key="test",
        config=Config(
            retries={"max_attempts": 1},
            connect_timeout=5,
            read_timeout=30,
            parameter_validation=validate,
        ),
    )


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """One server shared by the session; every test makes its own instance in it."""
    base = tmp_path_factory.mktemp("shared-server")
    srv = ServerProcess(base / "data", free_port())
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def virtual_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """A shared server on the virtual clock (time moves only through the controls)."""
    base = tmp_path_factory.mktemp("virtual-server")
    srv = ServerProcess(base / "data", free_port(), ("--clock", "virtual"))
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture
def private_server(tmp_path: Path) -> Iterator[ServerProcess]:
    """A server of the test's own, for restarts and clock control."""
    srv = ServerProcess(tmp_path / "data", free_port())
    srv.start()
    yield srv
    if srv.proc is not None and srv.proc.poll() is None:
        srv.stop()


@pytest.fixture
def connect(server: ServerProcess) -> Any:
    return make_client(server.url)


@pytest.fixture
def instance_id(connect: Any) -> Iterator[str]:
    created = connect.create_instance(
        IdentityManagementType="CONNECT_MANAGED",
        InboundCallsEnabled=True,
        OutboundCallsEnabled=True,
    )
    yield created["Id"]


@pytest.fixture
def unique() -> Callable[[str], str]:
    return lambda prefix: f"{prefix}-{uuid.uuid4().hex[:8]}"
