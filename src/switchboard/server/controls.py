"""The control namespace `/_switchboard/...`: what Amazon Connect has no public API for.

Inbound calls from the phone network, agent actions in the CCP (accept, reject, hold, end,
clear after-contact work), customers hanging up, and the virtual clock. Plain JSON over HTTP,
no SigV4; instances are addressed by id. Documented in docs/controls.md.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route, Router

from switchboard.app import agents, contacts, instances
from switchboard.app.center.center import ContactCenter
from switchboard.app.container import App
from switchboard.domain import errors as d
from switchboard.domain.channel import Channel
from switchboard.domain.contacts.contact import Contact
from switchboard.domain.metrics.contact import contact_metrics
from switchboard.domain.routing.types import ContactPhase
from switchboard.server.clock import VirtualClock
from switchboard.server.timers import advance_all

LOG = logging.getLogger(__name__)
PREFIX = "/_switchboard"
MAX_CLOCK_STEPS = 1_000_000  # guard against a timer that is due but never fires
AGENT_ACTIONS = {"accept", "reject", "hold", "resume", "end", "clear-acw", "fail"}

_STATUS = [
    (d.ContactNotFoundError, 404),
    (d.NotFoundError, 404),
    (d.ConflictError, 409),
    (d.DuplicateError, 409),
    (d.ResourceInUseError, 409),
    (d.DomainError, 400),
]


def _json(body: Any, status: int = 200) -> Response:
    return Response(orjson.dumps(body), status_code=status, media_type="application/json")


def _error(status: int, code: str, message: str) -> Response:
    return _json({"error": code, "message": message}, status)


def contact_view(center: ContactCenter, c: Contact) -> dict[str, Any]:
    """The control plane's view of a contact: record state plus live engine facts."""
    engine = center.engine
    live = engine.contact_state(c.id) if engine.has_contact(c.id) else None
    return {
        "ContactId": c.id,
        "Status": c.status.value,
        "Channel": c.channel.value,
        "QueueId": c.queue_id,
        "AgentId": c.agent_id,
        "Phase": None if live is None else live.phase.value,
        "PositionInQueue": engine.position(c.id) if live is not None else None,
        "EnqueueTimestamp": c.enqueued_at,
        "ConnectedToAgentTimestamp": c.connected_to_agent_at,
        "DisconnectTimestamp": c.disconnected_at,
        "ConnectionAttempts": c.connection_attempts,
        "Messages": list(c.flow_messages),
        "Attributes": dict(c.attributes),
        "EstimatedWait": _estimated_wait(center, c.id, live),
    }


def _estimated_wait(center: ContactCenter, contact_id: str, live: Any) -> dict[str, float] | None:
    """The wait predictor's mean and P10/P50/P90 in seconds while the contact waits in a
    queue (GetContactMetrics returns only the rounded mean); None otherwise."""
    if live is None or live.phase is not ContactPhase.QUEUED:
        return None
    found = contact_metrics(
        center.engine, center.tracker.stats, center.estimator, contact_id, center.now()
    )
    e = found.estimate
    if e is None:
        return None
    return {"Mean": e.mean_s, "P10": e.p10_s, "P50": e.p50_s, "P90": e.p90_s}


def move_virtual_clock(app: App, clock: VirtualClock, target: int) -> None:
    """Move to `target`, stopping at every instant something is due on the way.

    Each due instant is reached on its own, so what fires there (a scheduled task starting its
    flow, a flow Wait resuming, an engine timer) happens at that instant and in due order,
    exactly as under the wall clock, however far one call jumps.
    """
    for _ in range(MAX_CLOCK_STEPS):
        dues = [due for due in (c.next_due() for c in app.all_centers()) if due is not None]
        step = min(dues, default=None)
        if step is None or step > target:
            break
        if step > clock.now():
            clock.set(step)
        if not advance_all(app):
            break
    if target > clock.now():
        clock.set(target)
    advance_all(app)


def build_controls(app: App, on_change: Callable[[], None]) -> Router:
    """The Starlette router for `/_switchboard`; `on_change` wakes the timer pump."""

    def center(request: Request) -> ContactCenter:
        state = app.instances.get(request.path_params["instance_id"])
        center = app.centers.get(request.path_params["instance_id"])
        if state is None or center is None:
            raise d.NotFoundError("Instance", request.path_params["instance_id"])
        return center

    async def body(request: Request) -> dict[str, Any]:
        raw = await request.body()
        if not raw:
            return {}
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise d.InvalidArgumentError("body", "not valid JSON") from exc
        if not isinstance(data, dict):
            raise d.InvalidArgumentError("body", "expected a JSON object")
        return data

    def endpoint(fn: Callable[[Request], Any]) -> Callable[[Request], Any]:
        async def wrapped(request: Request) -> Response:
            try:
                result = await fn(request)
            except d.DomainError as err:
                status = next(code for cls, code in _STATUS if isinstance(err, cls))
                return _error(status, type(err).__name__, err.message)
            except (ValueError, KeyError) as err:
                return _error(400, "InvalidArgument", str(err))
            on_change()
            return _json(result)

        return wrapped

    @endpoint
    async def health(request: Request) -> dict[str, Any]:
        return {"status": "ok", "instances": len(app.instances)}

    @endpoint
    async def clock(request: Request) -> dict[str, Any]:
        return {"now": app.now(), "mode": getattr(app.clock, "mode", "wall")}

    @endpoint
    async def clock_move(request: Request) -> dict[str, Any]:
        if not isinstance(app.clock, VirtualClock):
            raise d.InvalidRequestError(
                "the server runs on the wall clock; start it with --clock virtual"
            )
        data = await body(request)
        if request.path_params["how"] == "advance":
            ms = int(data.get("ms", 0)) + int(float(data.get("seconds", 0)) * 1000)
            if ms < 0:
                raise d.InvalidArgumentError("ms", "advance by a positive amount")
            target = app.clock.now() + ms
        elif request.path_params["how"] == "set":
            target = int(data["now"])
            if target < app.clock.now():
                raise d.InvalidArgumentError("now", "the virtual clock cannot go back")
        else:
            raise d.InvalidArgumentError("how", "use advance or set")
        move_virtual_clock(app, app.clock, target)
        return {"now": app.now(), "mode": "virtual"}

    @endpoint
    async def place_call(request: Request) -> dict[str, Any]:
        c = center(request)
        data = await body(request)
        if not data.get("ContactFlowId") and not data.get("QueueId"):
            raise d.InvalidArgumentError("ContactFlowId", "give ContactFlowId or QueueId")
        contact = contacts.start_contact(
            c,
            app.ids.new_id(),
            channel=Channel(data.get("Channel", "VOICE")),
            initiation_method=data.get("InitiationMethod", "INBOUND"),
            contact_flow_id=data.get("ContactFlowId"),
            name=data.get("Name"),
            description=data.get("Description"),
            attributes=data.get("Attributes"),
            target_queue_id=data.get("QueueId"),
        )
        return contact_view(c, contact)

    @endpoint
    async def agent_action(request: Request) -> dict[str, Any]:
        c = center(request)
        action = request.path_params["action"]
        if action not in AGENT_ACTIONS:
            raise d.InvalidArgumentError("action", f"use one of {sorted(AGENT_ACTIONS)}")
        contact = agents.agent_action(
            c,
            request.path_params["user_id"],
            request.path_params["contact_id"],
            action.replace("-", "_"),
        )
        return contact_view(c, contact)

    @endpoint
    async def outbound(request: Request) -> dict[str, Any]:
        c = center(request)
        data = await body(request)
        uow = c.unit_of_work()
        record = contacts.new_contact(
            c,
            uow,
            app.ids.new_id(),
            channel=Channel(data.get("Channel", "VOICE")),
            initiation_method="OUTBOUND",
            name=data.get("Name"),
        )
        contact = agents.start_outbound(c, request.path_params["user_id"], record)
        return contact_view(c, contact)

    @endpoint
    async def abandon(request: Request) -> dict[str, Any]:
        c = center(request)
        contact = agents.customer_disconnects(c, request.path_params["contact_id"])
        return contact_view(c, contact)

    @endpoint
    async def set_quotas(request: Request) -> dict[str, Any]:
        data = await body(request)
        instance_id = request.path_params["instance_id"]
        inst = app.instances[instance_id].instance if instance_id in app.instances else None
        for name, value in data.items():
            inst = instances.raise_quota(app, instance_id, name, int(value))
        if inst is None:
            raise d.NotFoundError("Instance", instance_id)
        return {"InstanceId": inst.id, "Quotas": dict(inst.quotas or {})}

    @endpoint
    async def get_contact(request: Request) -> dict[str, Any]:
        c = center(request)
        return contact_view(c, c.require_contact(request.path_params["contact_id"]))

    @endpoint
    async def get_agent(request: Request) -> dict[str, Any]:
        c = center(request)
        view = c.engine.agent_state(request.path_params["user_id"])
        return {
            "UserId": view.user_id,
            "Status": view.status.name,
            "NextStatus": None if view.next_status is None else view.next_status.name,
            "Routable": view.routable,
            "Contacts": [
                {"ContactId": s.contact_id, "Channel": s.channel.value, "State": s.state.value}
                for s in view.contacts
            ],
        }

    base = "/instances/{instance_id}"
    return Router(
        routes=[
            Route("/health", health, methods=["GET"]),
            Route("/clock", clock, methods=["GET"]),
            Route("/clock/{how}", clock_move, methods=["POST"]),
            Route(f"{base}/calls", place_call, methods=["POST"]),
            Route(f"{base}/quotas", set_quotas, methods=["POST"]),
            Route(f"{base}/contacts/{{contact_id}}", get_contact, methods=["GET"]),
            Route(f"{base}/contacts/{{contact_id}}/abandon", abandon, methods=["POST"]),
            Route(f"{base}/agents/{{user_id}}", get_agent, methods=["GET"]),
            Route(f"{base}/agents/{{user_id}}/outbound", outbound, methods=["POST"]),
            Route(
                f"{base}/agents/{{user_id}}/contacts/{{contact_id}}/{{action}}",
                agent_action,
                methods=["POST"],
            ),
        ]
    )
