"""The demo contact center: one instance that `switchboard demo` creates on first start."""

from __future__ import annotations

from switchboard.app.container import App, Caller
from switchboard.app.instances import create_instance
from switchboard.domain.resources.instance import IdentityManagementType

DEMO_ALIAS = "switchboard-demo"
DEMO_CALLER = Caller(account_id="123456789012", region="us-east-1")


def ensure_demo_instance(app: App) -> str:
    """The demo instance's id, creating it (with its defaults) if the data dir has none."""
    for state in app.instances.values():
        if state.instance.alias == DEMO_ALIAS:
            return state.instance_id
    inst = create_instance(
        app,
        DEMO_CALLER,
        identity_management_type=IdentityManagementType.CONNECT_MANAGED,
        inbound_calls_enabled=True,
        outbound_calls_enabled=True,
        alias=DEMO_ALIAS,
        tags={"purpose": "demo"},
    )
    return inst.id


def print_welcome(host: str, port: int, instance_id: str) -> None:
    url = f"http://{host}:{port}"
    print(
        f"""
Switchboard demo is starting on {url}
Demo instance: {instance_id}  (account 123456789012, region us-east-1)

Try it from Python:

    import boto3
    connect = boto3.client("connect", endpoint_url="{url}", region_name="us-east-1",
                           aws_access_key_id="test", aws_secret_access_key="test")
    print(connect.list_queues(InstanceId="{instance_id}")["QueueSummaryList"])

or the AWS CLI:

    AWS_ENDPOINT_URL={url} AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test \\
        aws connect list-queues --region us-east-1 --instance-id {instance_id}

Stop with Ctrl-C.
""",
        flush=True,
    )
