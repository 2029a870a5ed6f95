"""GetContactMetrics end to end: position and estimated wait against hand-computed values."""

from __future__ import annotations

from pathlib import Path

import pytest
from botocore.exceptions import ClientError

from tests.conftest import ServerProcess, free_port
from tests.e2e.metrics.conftest import MetricsCenter, make_center
from tests.e2e.routing.test_flows_routing import (
    _action,
    _compare,
    _errors,
    _flow,
    _set_queue,
    _transfer,
)

PRIOR_S = 180  # docs/design/metrics.md: mean handle time before any contact has finished


def test_position_and_wait_follow_line_when_one_agent_is_busy(center: MetricsCenter) -> None:
    qid, _ = center.queue("Support")
    profile = center.profile("support", [(qid, "VOICE", 1, 0)])
    agent = center.agent("ada", profile)
    first, second, third = center.call(qid), center.call(qid), center.call(qid)
    center.controls.accept(center.instance_id, agent, first)
    # One busy slot, no history: each contact ahead costs one prior handle time.
    assert center.contact_metrics(second) == {
        "POSITION_IN_QUEUE": 1.0,
        "ESTIMATED_WAIT_TIME": float(PRIOR_S),
    }
    assert center.contact_metrics(third) == {
        "POSITION_IN_QUEUE": 2.0,
        "ESTIMATED_WAIT_TIME": float(2 * PRIOR_S),
    }


def test_wait_uses_learned_handle_time_when_contacts_have_finished(center: MetricsCenter) -> None:
    qid, _ = center.queue("Billing")
    profile = center.profile("billing", [(qid, "VOICE", 1, 0)])
    agent = center.agent("bea", profile)
    first, second = center.call(qid), center.call(qid)
    center.controls.accept(center.instance_id, agent, first)
    center.controls.advance(seconds=40)
    center.controls.end(center.instance_id, agent, first)
    center.controls.advance(seconds=20)
    center.controls.clear_acw(center.instance_id, agent, first)  # handle time 60 s
    center.controls.accept(center.instance_id, agent, second)
    third = center.call(qid)
    # The prior counts as one sample: (180 + 60) / 2 = 120 s per contact ahead.
    assert center.contact_metrics(third)["ESTIMATED_WAIT_TIME"] == 120.0


def test_position_counts_priority_before_age_when_routing_data_changes(
    center: MetricsCenter,
) -> None:
    qid, _ = center.queue("Sales")
    ids = [center.call(qid) for _ in range(3)]
    center.connect.update_contact_routing_data(
        InstanceId=center.instance_id, ContactId=ids[2], QueuePriority=1
    )
    positions = [center.contact_metrics(c, "POSITION_IN_QUEUE")["POSITION_IN_QUEUE"] for c in ids]
    assert positions == [2.0, 3.0, 1.0]


def test_position_is_per_channel_when_queue_holds_several_channels(center: MetricsCenter) -> None:
    qid, _ = center.queue("Mixed")
    voice = center.call(qid, "VOICE")
    chat = center.call(qid, "CHAT")
    assert center.contact_metrics(voice, "POSITION_IN_QUEUE")["POSITION_IN_QUEUE"] == 1.0
    assert center.contact_metrics(chat, "POSITION_IN_QUEUE")["POSITION_IN_QUEUE"] == 1.0


def test_wait_is_omitted_when_no_staffed_agent_serves_queue(center: MetricsCenter) -> None:
    qid, _ = center.queue("Empty")
    profile = center.profile("empty", [(qid, "VOICE", 1, 0)])
    center.agent("cy", profile, available=False)
    contact = center.call(qid)
    assert center.contact_metrics(contact) == {"POSITION_IN_QUEUE": 1.0}


def test_delay_shifts_wait_when_agents_join_after_profile_delay(center: MetricsCenter) -> None:
    qid, _ = center.queue("Overflow")
    profile = center.profile("overflow", [(qid, "VOICE", 1, 30)])
    center.agent("dee", profile)
    contact = center.call(qid)
    # The free agent may take it once it has waited 30 s.
    assert center.contact_metrics(contact)["ESTIMATED_WAIT_TIME"] == 30.0
    center.controls.advance(seconds=10)
    assert center.contact_metrics(contact)["ESTIMATED_WAIT_TIME"] == 20.0


def test_abandonments_shorten_wait_when_customers_hang_up(center: MetricsCenter) -> None:
    qid, _ = center.queue("Patience")
    profile = center.profile("patience", [(qid, "VOICE", 1, 0)])
    agent = center.agent("eve", profile)
    busy, gone = center.call(qid), center.call(qid)
    center.controls.accept(center.instance_id, agent, busy)
    center.controls.advance(seconds=100)
    center.controls.abandon(center.instance_id, gone)  # 1 abandonment in 100 s of waiting
    waiting = [center.call(qid) for _ in range(3)]
    # theta = 1/100 per s (busy's 0 s wait adds no exposure), mu = 1/180. The state-aware
    # predictor (domain/prediction/stages.py) gives the wait of a contact that is served: 3
    # departures at rate mu + j*theta for j = 2, 1, 0 ahead, each + theta (own patience tilt).
    mu, theta = 1 / 180, 1 / 100
    expected = sum(1 / (mu + (j + 1) * theta) for j in range(3))
    assert expected < 3 * 180  # much shorter than without abandonment
    assert center.contact_metrics(waiting[2])["ESTIMATED_WAIT_TIME"] == float(round(expected))


def test_invalid_request_when_contact_is_not_in_queue(center: MetricsCenter) -> None:
    qid, _ = center.queue("Gone")
    profile = center.profile("gone", [(qid, "VOICE", 1, 0)])
    center.agent("fay", profile)
    offered = center.call(qid)
    with pytest.raises(ClientError) as err:
        center.contact_metrics(offered)
    assert err.value.response["Error"]["Code"] == "InvalidRequestException"


def test_not_found_when_contact_is_unknown(center: MetricsCenter) -> None:
    with pytest.raises(ClientError) as err:
        center.contact_metrics("12345678-1234-1234-1234-123456789012")
    assert err.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_invalid_parameter_when_metric_is_repeated(center: MetricsCenter) -> None:
    qid, _ = center.queue("Dup")
    contact = center.call(qid)
    with pytest.raises(ClientError) as err:
        center.contact_metrics(contact, "POSITION_IN_QUEUE", "POSITION_IN_QUEUE")
    assert err.value.response["Error"]["Code"] == "InvalidParameterException"


def test_instance_arn_is_accepted_when_given_for_instance_id(center: MetricsCenter) -> None:
    qid, _ = center.queue("Arns")
    contact = center.call(qid)
    arn = center.describe(contact)["Arn"]
    instance_arn = center.connect.describe_instance(InstanceId=center.instance_id)["Instance"][
        "Arn"
    ]
    got = center.connect.get_contact_metrics(
        InstanceId=instance_arn, ContactId=contact, Metrics=[{"Name": "POSITION_IN_QUEUE"}]
    )
    assert got["Id"] == contact
    assert got["Arn"] == arn
    assert got["MetricResults"] == [{"Name": "POSITION_IN_QUEUE", "Value": {"Number": 1.0}}]


def test_learned_figures_survive_restart_when_replayed_or_snapshotted(tmp_path: Path) -> None:
    server = ServerProcess(tmp_path / "data", free_port(), ("--clock", "virtual"))
    server.start()
    try:
        center = make_center(server.url)
        qid, _ = center.queue("Durable")
        profile = center.profile("durable", [(qid, "VOICE", 1, 0)])
        agent = center.agent("gil", profile)
        first, second = center.call(qid), center.call(qid)
        center.controls.accept(center.instance_id, agent, first)
        center.controls.advance(seconds=60)
        center.controls.end(center.instance_id, agent, first)
        center.controls.clear_acw(center.instance_id, agent, first)  # learned: 120 s
        center.controls.accept(center.instance_id, agent, second)
        third = center.call(qid)
        before = center.contact_metrics(third)
        assert before == {"POSITION_IN_QUEUE": 1.0, "ESTIMATED_WAIT_TIME": 120.0}
        assert server.proc is not None
        server.proc.kill()  # no snapshot: the journal replay must rebuild what was learned
        server.proc.wait()
        server.log.close()
        server.start()
        assert center.contact_metrics(third) == before
        server.restart()  # graceful: the snapshot carries it
        assert center.contact_metrics(third) == before
    finally:
        server.stop()


def test_get_metrics_block_routes_on_queue_wait_when_one_channel_chosen(
    center: MetricsCenter,
) -> None:
    main_id, main_arn = center.queue("Main")
    over_id, over_arn = center.queue("Spill")
    profile = center.profile("main", [(main_id, "CHAT", 1, 0)], CHAT=1)
    agent = center.agent("hugo", profile)
    flow = center.flow(
        _flow(
            "q",
            _set_queue("q", main_arn, "metrics"),
            _action("metrics", "GetMetricData", {"QueueChannel": "Chat"}, "cmp",
                    Errors=_errors(("NoMatchingError", "t"))),
            _compare("cmp", "$.Metrics.Queue.EstimatedWaitTime",
                     [("NumberGreaterOrEqualTo", "300", "over")], "t"),
            _set_queue("over", over_arn, "t"),
            _transfer("t"),
        ),
        "wait-aware",
    )  # fmt: skip

    def chat(name: str) -> str:
        return str(
            center.connect.start_chat_contact(
                InstanceId=center.instance_id,
                ContactFlowId=flow,
                ParticipantDetails={"DisplayName": name},
            )["ContactId"]
        )

    first = chat("first")  # agent free: wait 0
    center.controls.accept(center.instance_id, agent, first)
    second = chat("second")  # one busy slot, nobody ahead: 180 s
    third = chat("third")  # one ahead: 360 s >= 300 -> overflow
    queues = [center.describe(c)["QueueInfo"]["Id"] for c in (first, second, third)]
    assert queues == [main_id, main_id, over_id]
