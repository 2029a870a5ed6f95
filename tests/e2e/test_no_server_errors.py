"""Every implemented operation answers a model-shaped request with a result or a modelled 4xx.

Requests are generated from botocore's input shapes (tests/protocol/samples.py) with made-up
ids, so most refer to nothing: the point is that bad or unknown input never becomes a 500.
"""

from __future__ import annotations

from typing import Any

import botocore
import pytest

from switchboard.handlers.dispatch import operation_table
from tests.conftest import ServerProcess, make_client
from tests.protocol.samples import SampleGenerator

OPERATIONS = sorted(op for op in operation_table() if op != "DeleteInstance")


@pytest.fixture(scope="module")
def raw(server: ServerProcess) -> Any:
    return make_client(server.url, validate=False)


@pytest.fixture(scope="module")
def own_instance(raw: Any) -> str:
    return str(
        raw.create_instance(
            IdentityManagementType="CONNECT_MANAGED",
            InboundCallsEnabled=True,
            OutboundCallsEnabled=True,
        )["Id"]
    )


@pytest.mark.parametrize("instance", ["own", "unknown"])
def test_no_operation_answers_5xx_when_given_generated_input(
    raw: Any, own_instance: str, instance: str
) -> None:
    generator = SampleGenerator()
    model = raw.meta.service_model
    server_errors = []
    for operation in OPERATIONS:
        shape = model.operation_model(operation).input_shape
        params = generator.value(shape) if shape is not None else {}
        if "InstanceId" in params:
            params["InstanceId"] = (
                own_instance if instance == "own" else "00000000-0000-4000-8000-000000000000"
            )
        try:
            getattr(raw, botocore.xform_name(operation))(**params)
        except botocore.exceptions.ClientError as error:
            status = error.response["ResponseMetadata"]["HTTPStatusCode"]
            if status >= 500:
                server_errors.append((operation, status, error.response["Error"]["Message"]))
    assert server_errors == []
