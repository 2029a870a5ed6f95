"""Smoke tests with clients other than boto3: the AWS CLI and the JavaScript SDK v3."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ServerProcess

JS_DIR = Path(__file__).resolve().parents[1] / "js"


def test_aws_cli_lists_instances_when_pointed_with_env_endpoint(server: ServerProcess) -> None:
    env = dict(
        os.environ,
        AWS_ENDPOINT_URL=server.url,
        AWS_ACCESS_KEY_ID="777788889999",
        AWS_SECRET_ACCESS_KEY="test",
        AWS_DEFAULT_REGION="us-west-2",
    )
    cli = [sys.executable, "-m", "awscli", "connect"]
    created = json.loads(
        subprocess.run(
            [
                *cli,
                "create-instance",
                "--identity-management-type",
                "CONNECT_MANAGED",
                "--inbound-calls-enabled",
                "--outbound-calls-enabled",
            ],
            env=env,
            check=True,
            capture_output=True,
            text=True,
            timeout=120,
        ).stdout
    )
    listed = json.loads(
        subprocess.run(
            [*cli, "list-instances"],
            env=env,
            check=True,
            capture_output=True,
            text=True,
            timeout=120,
        ).stdout
    )
    assert created["Id"] in [i["Id"] for i in listed["InstanceSummaryList"]]
    assert created["Arn"].startswith("arn:aws:connect:us-west-2:777788889999:")
    failed = subprocess.run(
        [*cli, "describe-instance", "--instance-id", "00000000-0000-4000-8000-000000000000"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert failed.returncode != 0
    assert "ResourceNotFoundException" in failed.stderr


def test_javascript_sdk_v3_works_when_pointed_at_server(server: ServerProcess) -> None:
    node, npm = shutil.which("node"), shutil.which("npm")
    assert node and npm, "Node.js and npm are needed for the JavaScript SDK smoke test"
    if not (JS_DIR / "node_modules" / "@aws-sdk" / "client-connect").exists():
        subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--silent"], cwd=JS_DIR, check=True, timeout=600
        )
    out = subprocess.run(
        [node, "smoke.mjs", server.url],
        cwd=JS_DIR,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["statuses"] == ["Available", "Offline"]
    assert result["notFound"] is True
    assert len(result["id"]) == 36


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
