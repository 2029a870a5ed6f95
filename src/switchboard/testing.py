"""A small client for Switchboard's control namespace (`/_switchboard`), for tests and scripts.

    from switchboard.testing import Controls

    controls = Controls("http://127.0.0.1:8585")
    call = controls.place_call(instance_id, contact_flow_id=flow_id)
    controls.accept(instance_id, user_id, call["ContactId"])
    controls.advance(seconds=30)          # only with `switchboard serve --clock virtual`

Standard library only, so it can be copied into any test environment.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

__all__ = ["ControlError", "Controls"]


class ControlError(Exception):
    """A control call failed; `status`, `code` and `message` come from the server."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message


class Controls:
    def __init__(self, endpoint_url: str, timeout: float = 30.0) -> None:
        self.base = endpoint_url.rstrip("/") + "/_switchboard"
        self.timeout = timeout

    # -- clock
    def now(self) -> int:
        """The server clock in epoch milliseconds."""
        return int(self._call("GET", "/clock")["now"])

    def advance(self, seconds: float = 0, ms: int = 0) -> int:
        """Move the virtual clock forward and fire every timer due; returns the new now (ms)."""
        return int(self._call("POST", "/clock/advance", {"seconds": seconds, "ms": ms})["now"])

    def set_clock(self, now_ms: int) -> int:
        return int(self._call("POST", "/clock/set", {"now": now_ms})["now"])

    # -- quotas
    def set_quotas(self, instance_id: str, **quotas: int) -> dict[str, Any]:
        """Raise adjustable quotas of an instance, e.g. `set_quotas(iid, users=1000)`."""
        return self._call("POST", f"/instances/{instance_id}/quotas", dict(quotas))

    # -- customers
    def place_call(
        self,
        instance_id: str,
        *,
        contact_flow_id: str | None = None,
        queue_id: str | None = None,
        attributes: dict[str, str] | None = None,
        name: str | None = None,
        channel: str = "VOICE",
    ) -> dict[str, Any]:
        """An inbound contact from the phone network: runs the flow, or queues directly."""
        body: dict[str, Any] = {"Channel": channel}
        if contact_flow_id:
            body["ContactFlowId"] = contact_flow_id
        if queue_id:
            body["QueueId"] = queue_id
        if attributes:
            body["Attributes"] = attributes
        if name:
            body["Name"] = name
        return self._call("POST", f"/instances/{instance_id}/calls", body)

    def abandon(self, instance_id: str, contact_id: str) -> dict[str, Any]:
        """The customer hangs up (abandons while queued or ringing)."""
        return self._call("POST", f"/instances/{instance_id}/contacts/{contact_id}/abandon")

    def contact(self, instance_id: str, contact_id: str) -> dict[str, Any]:
        return self._call("GET", f"/instances/{instance_id}/contacts/{contact_id}")

    # -- agents
    def agent(self, instance_id: str, user_id: str) -> dict[str, Any]:
        return self._call("GET", f"/instances/{instance_id}/agents/{user_id}")

    def accept(self, instance_id: str, user_id: str, contact_id: str) -> dict[str, Any]:
        return self._agent(instance_id, user_id, contact_id, "accept")

    def reject(self, instance_id: str, user_id: str, contact_id: str) -> dict[str, Any]:
        return self._agent(instance_id, user_id, contact_id, "reject")

    def hold(self, instance_id: str, user_id: str, contact_id: str) -> dict[str, Any]:
        return self._agent(instance_id, user_id, contact_id, "hold")

    def resume(self, instance_id: str, user_id: str, contact_id: str) -> dict[str, Any]:
        return self._agent(instance_id, user_id, contact_id, "resume")

    def end(self, instance_id: str, user_id: str, contact_id: str) -> dict[str, Any]:
        """The agent hangs up: the contact ends and the agent goes into after contact work."""
        return self._agent(instance_id, user_id, contact_id, "end")

    def clear_acw(self, instance_id: str, user_id: str, contact_id: str) -> dict[str, Any]:
        return self._agent(instance_id, user_id, contact_id, "clear-acw")

    def outbound(self, instance_id: str, user_id: str, channel: str = "VOICE") -> dict[str, Any]:
        """The agent places an outbound call from the CCP."""
        return self._call(
            "POST", f"/instances/{instance_id}/agents/{user_id}/outbound", {"Channel": channel}
        )

    def _agent(
        self, instance_id: str, user_id: str, contact_id: str, action: str
    ) -> dict[str, Any]:
        path = f"/instances/{instance_id}/agents/{user_id}/contacts/{contact_id}/{action}"
        return self._call("POST", path)

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.base + path, data=data, method=method, headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                result: dict[str, Any] = json.loads(response.read() or b"{}")
                return result
        except urllib.error.HTTPError as err:
            payload = json.loads(err.read() or b"{}")
            raise ControlError(
                err.code, payload.get("error", ""), payload.get("message", "")
            ) from err
