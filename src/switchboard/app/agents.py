"""What agents and customers do to contacts: statuses (R1.6.4, R1.7), accept/reject/hold/end,
clear after-contact work, dismiss, and the customer hanging up.

Connect has public APIs only for PutUserStatus and DismissUserContact; the rest are the
emulator's controls (the CCP and the phone network in real life).
"""

from __future__ import annotations

from dataclasses import replace

from switchboard.app.center.center import ContactCenter
from switchboard.app.center.sync import status_ref
from switchboard.domain.contacts.contact import Contact, ContactStatus
from switchboard.domain.errors import (
    ContactNotFoundError,
    InvalidArgumentError,
    InvalidRequestError,
    NotFoundError,
)
from switchboard.domain.resources.agent_status import AgentStatus, AgentStatusState
from switchboard.domain.resources.routing_profile import RoutingProfile
from switchboard.domain.resources.user import User
from switchboard.domain.routing import DequeueReason
from switchboard.domain.routing.types import ContactPhase


def put_user_status(center: ContactCenter, user_id: str, status_id: str) -> None:
    uow = center.unit_of_work()
    user = uow.require(User, user_id)
    status = uow.require(AgentStatus, status_id)
    if status.state is AgentStatusState.DISABLED:
        raise InvalidRequestError(f"Agent status {status.name} is disabled")
    center.call(uow, "set_agent_status", user.id, status_ref(status), center.now())
    uow.commit()


def dismiss_user_contact(center: ContactCenter, user_id: str, contact_id: str) -> None:
    """DismissUserContact: clear a MISSED/REJECTED/ERROR contact, or end ACW, for the agent."""
    uow = center.unit_of_work()
    user = uow.require(User, user_id)
    view = center.engine.agent_state(user.id)
    if not any(c.contact_id == contact_id for c in view.contacts):
        raise NotFoundError("Contact", contact_id)
    center.call(uow, "clear_agent_contact", user.id, contact_id, center.now())
    uow.commit()


def agent_action(center: ContactCenter, user_id: str, contact_id: str, action: str) -> Contact:
    """accept | reject | hold | resume | end | clear_acw | fail, on behalf of an agent."""
    uow = center.unit_of_work()
    user = uow.require(User, user_id)
    contact = uow.contact(contact_id)
    if contact is None:
        raise ContactNotFoundError(contact_id)
    now = center.now()
    if action in ("accept", "reject"):
        center.call(uow, action, contact_id, user.id, now)
    elif action == "fail":
        center.call(uow, "fail_connection", contact_id, user.id, now)
    elif action in ("hold", "resume"):
        _require_agent(contact, user.id)
        center.call(uow, action, contact_id, now)
    elif action == "end":
        _require_agent(contact, user.id)
        uow.put_contact(_with_reason(contact, "AGENT_DISCONNECT"))
        center.call(uow, "end_contact", contact_id, now)
    elif action == "clear_acw":
        _require_agent(contact, user.id)
        center.call(uow, "clear_acw", contact_id, now)
    else:
        raise InvalidArgumentError("action", f"unknown agent action '{action}'")
    uow.commit()
    return center.require_contact(contact_id)


def start_outbound(center: ContactCenter, user_id: str, contact: Contact) -> Contact:
    """An agent dials out (CCP): connected at once, never waiting in a queue.

    R5.3.3 ASSUMPTION: QueueInfo.Id is the routing profile's default outbound queue (R1.2.6),
    with no EnqueueTimestamp, so the call never counts as queued.
    """
    uow = center.unit_of_work()
    user = uow.require(User, user_id)
    profile = uow.get(RoutingProfile, user.routing_profile_id)
    if profile is not None and profile.default_outbound_queue_id:
        contact = replace(contact, queue_id=profile.default_outbound_queue_id)
    uow.put_contact(contact)
    center.call(uow, "start_outbound", contact.id, user.id, contact.channel, center.now())
    uow.commit()
    return center.require_contact(contact.id)


def customer_disconnects(center: ContactCenter, contact_id: str) -> Contact:
    """The customer hangs up: abandon while queued or ringing, disconnect when connected."""
    uow = center.unit_of_work()
    contact = uow.contact(contact_id)
    if contact is None or contact.status is ContactStatus.FINISHED:
        raise ContactNotFoundError(contact_id)
    uow.put_contact(_with_reason(contact, "CUSTOMER_DISCONNECT"))
    engine = center.engine
    if engine.has_contact(contact_id):
        phase = engine.contact_state(contact_id).phase
        if phase in (ContactPhase.QUEUED, ContactPhase.OFFERED):
            center.call(uow, "dequeue", contact_id, center.now(), DequeueReason.ABANDONED)
        elif phase in (ContactPhase.CONNECTED, ContactPhase.CONNECTED_ONHOLD):
            center.call(uow, "end_contact", contact_id, center.now())
        else:
            raise InvalidRequestError(f"Contact {contact_id} has already ended")
    else:
        from switchboard.domain.contacts import recorder

        current = uow.contact(contact_id) or contact
        uow.put_contact(recorder.finish(current, uow.now, "CUSTOMER_DISCONNECT"))
    uow.commit()
    return center.require_contact(contact_id)


def _require_agent(contact: Contact, user_id: str) -> None:
    if contact.agent_id != user_id:
        raise InvalidRequestError(f"Contact {contact.id} is not with agent {user_id}")


def _with_reason(contact: Contact, reason: str) -> Contact:
    return replace(contact, disconnect_reason=contact.disconnect_reason or reason)
