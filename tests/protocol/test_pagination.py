"""Pagination tokens are opaque, signed and bound to the request parameters."""

from __future__ import annotations

import base64

import pytest

from switchboard.aws import InvalidTokenError, TokenCodec, paginator_config, params_digest

CODEC = TokenCodec(b"secret-key")
POSITION = {"after": ["Queue A", "q-0001"], "n": 3}


def test_token_round_trips_when_digest_matches() -> None:
    digest = params_digest({"InstanceId": "i", "QueueTypes": ["STANDARD"]})
    token = CODEC.encode(POSITION, digest)
    assert CODEC.decode(token, digest) == POSITION
    assert "=" not in token


def test_digest_ignores_paging_members_when_computed() -> None:
    a = params_digest({"InstanceId": "i", "MaxResults": 10, "NextToken": "x"})
    b = params_digest({"InstanceId": "i", "MaxResults": 50})
    assert a == b
    assert a != params_digest({"InstanceId": "j"})
    assert params_digest({"b": 1, "a": 2}) == params_digest({"a": 2, "b": 1})


def test_tampered_token_is_rejected_when_payload_changes() -> None:
    digest = params_digest({"InstanceId": "i"})
    payload, mac = CODEC.encode(POSITION, digest).split(".")
    forged = base64.urlsafe_b64encode(b'{"d":"' + digest.encode() + b'","p":{"n":99}}')
    with pytest.raises(InvalidTokenError):
        CODEC.decode(forged.decode().rstrip("=") + "." + mac, digest)
    with pytest.raises(InvalidTokenError):
        CODEC.decode(payload + "." + mac[:-2] + ("AA" if mac[-2:] != "AA" else "BB"), digest)


@pytest.mark.parametrize("token", ["", "abc", "a.b.c", "!!!.###", "e30.e30", "\u00e9.x"])
def test_garbage_token_is_rejected_when_malformed(token: str) -> None:
    with pytest.raises(InvalidTokenError):
        CODEC.decode(token, "d")


def test_token_is_rejected_when_params_digest_differs() -> None:
    token = CODEC.encode(POSITION, params_digest({"InstanceId": "i"}))
    with pytest.raises(InvalidTokenError):
        CODEC.decode(token, params_digest({"InstanceId": "other"}))


def test_token_is_rejected_when_secret_differs() -> None:
    token = CODEC.encode(POSITION, "d")
    with pytest.raises(InvalidTokenError):
        TokenCodec(b"another").decode(token, "d")


def test_paginator_config_comes_from_botocore_when_operation_paginates() -> None:
    config = paginator_config("ListQueues")
    assert config is not None
    assert config.input_token == ("NextToken",)
    assert config.limit_key == "MaxResults"
    assert config.result_key == ("QueueSummaryList",)
    assert paginator_config("CreateQueue") is None
