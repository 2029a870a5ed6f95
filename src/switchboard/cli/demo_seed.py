"""The demo contact center that `switchboard demo` builds (once) in its data directory.

"Example Telecom": four standard queues (Sales, Support, Billing, VIP), two hours of operation
(24x7 and Billing's business hours), the predefined attributes Language and Product, 24 agents
with proficiencies in five routing profiles that mix priorities and delays across the queues,
three custom agent statuses (Break, Lunch, Training) and the "Demo inbound" flow
(`demo_flows.py`) that sets the working queue, priority and routing criteria and transfers.

Everything goes through the same use cases the API handlers call, so the demo is exactly what
a newcomer could build with boto3. Idempotent: each resource is looked up by name first and
reused, so a restart with the same data dir changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from switchboard.app import user_proficiencies
from switchboard.app.agent_statuses import create_agent_status
from switchboard.app.contact_flows import create_contact_flow
from switchboard.app.container import App, Caller
from switchboard.app.hours import create_hours_of_operation
from switchboard.app.instances import create_instance
from switchboard.app.predefined_attributes import create_predefined_attribute
from switchboard.app.queues import create_queue
from switchboard.app.routing_profiles import ConcurrencyRequest, create_routing_profile
from switchboard.app.state import InstanceState
from switchboard.app.user_proficiencies import ProficiencyRequest
from switchboard.app.users import PhoneConfigUpdate, create_user
from switchboard.cli.demo_flows import LANGUAGES, inbound_flow
from switchboard.domain.channel import Channel
from switchboard.domain.flows.language import FlowType
from switchboard.domain.resources.agent_status import AgentStatus, AgentStatusState
from switchboard.domain.resources.base import Entity
from switchboard.domain.resources.contact_flow import ContactFlow
from switchboard.domain.resources.hours import DAYS, HoursOfOperation, HoursSlot, TimeSlice
from switchboard.domain.resources.instance import IdentityManagementType
from switchboard.domain.resources.predefined_attribute import PredefinedAttribute
from switchboard.domain.resources.queue import Queue, QueueType
from switchboard.domain.resources.routing_profile import QueueConfig, RoutingProfile
from switchboard.domain.resources.security_profile import SecurityProfile
from switchboard.domain.resources.user import IdentityInfo, User

DEMO_ALIAS = "switchboard-demo"
DEMO_CALLER = Caller(account_id="123456789012", region="us-east-1")
INBOUND_FLOW = "Demo inbound"
PRODUCTS = ("Mobile", "Internet", "TV")
CUSTOM_STATUSES = ("Break", "Lunch", "Training")
V, C, T = Channel.VOICE, Channel.CHAT, Channel.TASK

E = TypeVar("E", bound=Entity)

# queue name -> (description, hours name, max contacts)
QUEUES: dict[str, tuple[str, str, int]] = {
    "Sales": ("New lines, upgrades and plans", "Example Telecom 24x7", 100),
    "Support": ("Technical support for every product", "Example Telecom 24x7", 200),
    "Billing": ("Bills, payments and refunds", "Billing hours", 100),
    "VIP": ("Priority line for VIP customers", "Example Telecom 24x7", 50),
}

# profile name -> (concurrency VOICE/CHAT/TASK, [(queue, channels, priority, delay s)])
ProfileSpec = tuple[tuple[int, int, int], list[tuple[str, tuple[Channel, ...], int, int]]]
PROFILES: dict[str, ProfileSpec] = {
    "Sales Agents": ((1, 2, 1), [("Sales", (V, C, T), 1, 0), ("Support", (V,), 2, 30)]),
    "Support Agents": ((1, 2, 2), [("Support", (V, C, T), 1, 0), ("Billing", (V, C), 2, 20)]),
    "Billing Agents": ((1, 2, 1), [("Billing", (V, C, T), 1, 0), ("Support", (V, C), 2, 45)]),
    "VIP Concierge": (
        (1, 3, 1),
        [("VIP", (V, C, T), 1, 0), ("Sales", (V,), 3, 60), ("Support", (V,), 3, 60)],
    ),
    "Blended Floaters": (
        (1, 2, 2),
        [
            ("VIP", (V,), 1, 0),
            ("Support", (V, C, T), 2, 10),
            ("Sales", (V, C, T), 2, 10),
            ("Billing", (V, C, T), 2, 10),
        ],
    ),
}

# username, first, last, profile, proficiencies "Attribute:Value:level", auto-accept, ACW limit s
AgentSpec = tuple[str, str, str, str, str, bool, int]
AGENTS: tuple[AgentSpec, ...] = (
    ("ana.garcia", "Ana", "Garcia", "Sales Agents", "English:4 Spanish:5 Mobile:5 TV:3", False, 0),
    ("ben.okafor", "Ben", "Okafor", "Sales Agents", "English:5 Mobile:4 Internet:3", False, 15),
    ("chloe.martin", "Chloe", "Martin", "Sales Agents", "English:4 French:5 TV:4", False, 0),
    ("dev.patel", "Dev", "Patel", "Sales Agents", "English:5 Internet:5 Mobile:2", False, 15),
    ("emma.lopez", "Emma", "Lopez", "Sales Agents", "English:3 Spanish:4 Mobile:3", False, 0),
    (
        "farid.haddad",
        "Farid",
        "Haddad",
        "Support Agents",
        "English:5 French:3 Internet:5",
        False,
        0,
    ),
    ("grace.kim", "Grace", "Kim", "Support Agents", "English:5 Internet:4 TV:5", False, 20),
    ("hugo.silva", "Hugo", "Silva", "Support Agents", "English:3 Spanish:5 Mobile:4", False, 0),
    ("ines.moreau", "Ines", "Moreau", "Support Agents", "English:4 French:5 Internet:3", False, 0),
    ("jack.nguyen", "Jack", "Nguyen", "Support Agents", "English:5 Mobile:5 Internet:4", False, 20),
    ("kara.jensen", "Kara", "Jensen", "Support Agents", "English:4 TV:5 Internet:2", False, 0),
    ("luis.ortega", "Luis", "Ortega", "Support Agents", "English:2 Spanish:5 TV:4", False, 0),
    ("maya.cohen", "Maya", "Cohen", "Support Agents", "English:5 Mobile:3 TV:3", False, 20),
    ("nina.rossi", "Nina", "Rossi", "Billing Agents", "English:5 Spanish:2", False, 0),
    ("omar.aziz", "Omar", "Aziz", "Billing Agents", "English:4 French:4", False, 10),
    ("paula.reyes", "Paula", "Reyes", "Billing Agents", "English:3 Spanish:5", False, 0),
    ("quinn.baker", "Quinn", "Baker", "Billing Agents", "English:5", False, 10),
    ("rosa.diaz", "Rosa", "Diaz", "Billing Agents", "English:4 Spanish:4", False, 0),
    ("sam.taylor", "Sam", "Taylor", "VIP Concierge", "English:5 Mobile:5 Internet:5 TV:5", True, 0),
    ("tara.singh", "Tara", "Singh", "VIP Concierge", "English:5 French:4 Mobile:4", True, 0),
    ("umar.khan", "Umar", "Khan", "VIP Concierge", "English:5 Spanish:4 Internet:4", True, 0),
    ("vera.ivanova", "Vera", "Ivanova", "Blended Floaters", "English:4 Mobile:3 TV:3", False, 10),
    ("will.chen", "Will", "Chen", "Blended Floaters", "English:5 Internet:3", False, 0),
    ("zoe.dubois", "Zoe", "Dubois", "Blended Floaters", "English:4 French:5 Mobile:3", False, 0),
)


@dataclass(frozen=True, slots=True)
class DemoCenter:
    """What the welcome text and the traffic driver need to know about the demo instance."""

    instance_id: str
    inbound_flow_id: str
    queue_ids: dict[str, str]


def ensure_demo_center(app: App) -> DemoCenter:
    """The demo instance, built through the app use cases on first start and reused after."""
    state = _demo_instance(app)
    hours = {
        "Example Telecom 24x7": _ensure(
            app,
            state,
            HoursOfOperation,
            "Example Telecom 24x7",
            lambda uow: _create_hours(app, uow, full_week=True),
        ),
        "Billing hours": _ensure(
            app,
            state,
            HoursOfOperation,
            "Billing hours",
            lambda uow: _create_hours(app, uow, full_week=False),
        ),
    }
    queue_ids = {
        name: _ensure_queue(app, state, name, description, hours[hours_name], max_contacts)
        for name, (description, hours_name, max_contacts) in QUEUES.items()
    }
    _ensure_attribute(app, state, "Language", LANGUAGES)
    _ensure_attribute(app, state, "Product", PRODUCTS)
    for order, name in enumerate(CUSTOM_STATUSES, start=3):
        _ensure(
            app,
            state,
            AgentStatus,
            name,
            lambda uow, n=name, o=order: (
                create_agent_status(
                    uow,
                    app.ids,
                    name=n,
                    state=AgentStatusState.ENABLED,
                    description=f"{n} (not routable)",
                    display_order=o,
                ).id
            ),
        )
    profile_ids = {
        name: _ensure(
            app,
            state,
            RoutingProfile,
            name,
            lambda uow, n=name, s=spec: _create_profile(app, uow, n, s, queue_ids),
        )
        for name, spec in PROFILES.items()
    }
    agent_sp = next(p.id for p in state.all(SecurityProfile) if p.name == "Agent")
    for spec in AGENTS:
        _ensure_agent(app, state, spec, profile_ids[spec[3]], agent_sp)
    flow_id = _ensure(
        app,
        state,
        ContactFlow,
        INBOUND_FLOW,
        lambda uow: (
            create_contact_flow(
                uow,
                app.ids,
                name=INBOUND_FLOW,
                flow_type=FlowType.CONTACT_FLOW,
                content=inbound_flow(
                    {n: state.require(Queue, q).arn for n, q in queue_ids.items()}
                ),
                description="Sets the working queue, priority and routing criteria, then transfers",
                tags={"purpose": "demo"},
            ).id
        ),
    )
    return DemoCenter(state.instance_id, flow_id, queue_ids)


def ensure_demo_instance(app: App) -> str:
    """The demo instance's id (kept for callers that only need the id)."""
    return ensure_demo_center(app).instance_id


# ------------------------------------------------------------------------------ building


def _demo_instance(app: App) -> InstanceState:
    for state in app.instances.values():
        if state.instance.alias == DEMO_ALIAS:
            return state
    inst = create_instance(
        app,
        DEMO_CALLER,
        identity_management_type=IdentityManagementType.CONNECT_MANAGED,
        inbound_calls_enabled=True,
        outbound_calls_enabled=True,
        alias=DEMO_ALIAS,
        tags={"purpose": "demo"},
    )
    return app.instances[inst.id]


def _named(state: InstanceState, cls: type[E], name: str) -> E | None:
    for entity in state.all(cls):
        named = name in (getattr(entity, "name", None), getattr(entity, "username", None))
        agent_queue = isinstance(entity, Queue) and entity.queue_type is QueueType.AGENT
        if named and not agent_queue:
            return entity
    return None


def _ensure(
    app: App, state: InstanceState, cls: type[E], name: str, create: Callable[..., str]
) -> str:
    found = _named(state, cls, name)
    if found is not None:
        return found.id
    return create(app.unit_of_work(state))


def _create_hours(app: App, uow: object, *, full_week: bool) -> str:
    if full_week:
        day = TimeSlice(0, 0)
        config = tuple(HoursSlot(d, day, day) for d in DAYS)
        name, zone, text = "Example Telecom 24x7", "UTC", "Open around the clock"
    else:
        weekdays = DAYS[1:6]
        config = (
            *(HoursSlot(d, TimeSlice(7, 0), TimeSlice(21, 0)) for d in weekdays),
            HoursSlot("SATURDAY", TimeSlice(9, 0), TimeSlice(17, 0)),
        )
        name, zone, text = "Billing hours", "America/New_York", "Mon-Fri 7-21, Sat 9-17 (New York)"
    return create_hours_of_operation(
        uow,  # type: ignore[arg-type]
        app.ids,
        name=name,
        time_zone=zone,
        config=config,
        description=text,
    ).id


def _ensure_queue(
    app: App, state: InstanceState, name: str, description: str, hours_id: str, max_contacts: int
) -> str:
    return _ensure(
        app,
        state,
        Queue,
        name,
        lambda uow: (
            create_queue(
                uow,
                app.ids,
                name=name,
                hours_of_operation_id=hours_id,
                description=description,
                max_contacts=max_contacts,
                tags={"purpose": "demo"},
            ).id
        ),
    )


def _ensure_attribute(app: App, state: InstanceState, name: str, values: tuple[str, ...]) -> None:
    if state.get(PredefinedAttribute, name) is None:
        create_predefined_attribute(app.unit_of_work(state), name=name, values=list(values))


def _create_profile(
    app: App, uow: object, name: str, spec: ProfileSpec, queue_ids: dict[str, str]
) -> str:
    (voice, chat, task), entries = spec
    configs = [
        QueueConfig(queue_ids[queue], channel, priority, delay)
        for queue, channels, priority, delay in entries
        for channel in channels
    ]
    return create_routing_profile(
        uow,  # type: ignore[arg-type]
        app.ids,
        name=name,
        description=f"{name}: "
        + ", ".join(f"{q} p{p}" + (f" after {d}s" if d else "") for q, _, p, d in entries),
        default_outbound_queue_id=queue_ids[entries[0][0]],
        media_concurrencies=[
            ConcurrencyRequest(Channel.VOICE, voice),
            ConcurrencyRequest(Channel.CHAT, chat),
            ConcurrencyRequest(Channel.TASK, task),
        ],
        queue_configs=configs,
        tags={"purpose": "demo"},
    ).id


def _ensure_agent(
    app: App, state: InstanceState, spec: AgentSpec, profile_id: str, security_profile_id: str
) -> None:
    username, first, last, _, proficiencies, auto_accept, acw_limit = spec
    user = _named(state, User, username)
    if user is None:
        user = create_user(
            app.unit_of_work(state),
            app.ids,
            username=username,
            routing_profile_id=profile_id,
            security_profile_ids=[security_profile_id],
            identity=IdentityInfo(
                first_name=first, last_name=last, email=f"{username}@example.com"
            ),
            phone=PhoneConfigUpdate(
                phone_type="SOFT_PHONE",
                auto_accept=auto_accept,
                after_contact_work_time_limit=acw_limit,
            ),
            tags={"purpose": "demo"},
        )
    if not user.proficiencies:
        user_proficiencies.associate(
            app.unit_of_work(state), user.id, _proficiency_requests(proficiencies)
        )


def _proficiency_requests(text: str) -> list[ProficiencyRequest]:
    requests = []
    for item in text.split():
        value, level = item.split(":")
        attribute = "Language" if value in LANGUAGES else "Product"
        requests.append(ProficiencyRequest(attribute, value, float(level)))
    return requests


# ------------------------------------------------------------------------------ welcome


def print_welcome(host: str, port: int, demo: DemoCenter, traffic: str) -> None:
    """Print how to connect, with a snippet that works when pasted into `python`."""
    url = f"http://{host}:{port}"
    print(welcome_text(url, demo, traffic), flush=True)


def welcome_text(url: str, demo: DemoCenter, traffic: str) -> str:
    return f"""
Switchboard demo: Amazon Connect's API on {url}
Demo instance: {demo.instance_id}  (alias {DEMO_ALIAS}, account 123456789012, region us-east-1)
Queues: {", ".join(QUEUES)}; {len(AGENTS)} agents in {len(PROFILES)} routing profiles; \
flow "{INBOUND_FLOW}" ({demo.inbound_flow_id})
Traffic: {traffic}

Paste this into `python` (pip install boto3):

{snippet(url, demo)}
AWS CLI:  AWS_ENDPOINT_URL={url} AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test \\
          aws connect list-queues --region us-east-1 --instance-id {demo.instance_id}

Stop with Ctrl-C; the state stays in the data directory.
"""


def snippet(url: str, demo: DemoCenter) -> str:
    """The copy-paste boto3 snippet: live queue metrics, a contact of your own, recent contacts."""
    return f"""import boto3, datetime, time
connect = boto3.client("connect", endpoint_url="{url}", region_name="us-east-1",
                       aws_access_key_id="test", aws_secret_access_key="test")
INSTANCE = "{demo.instance_id}"
FLOW = "{demo.inbound_flow_id}"
queues = {{q["Id"]: q["Name"] for q in connect.list_queues(
    InstanceId=INSTANCE, QueueTypes=["STANDARD"])["QueueSummaryList"]}}

# Live numbers per queue (call it again: they move)
live = connect.get_current_metric_data(
    InstanceId=INSTANCE, Filters={{"Queues": list(queues), "Channels": ["VOICE", "CHAT", "TASK"]}},
    Groupings=["QUEUE"], CurrentMetrics=[{{"Name": n, "Unit": u}} for n, u in (
        ("CONTACTS_IN_QUEUE", "COUNT"), ("AGENTS_AVAILABLE", "COUNT"),
        ("AGENTS_ON_CONTACT", "COUNT"), ("OLDEST_CONTACT_AGE", "SECONDS"))])
for row in live["MetricResults"]:
    print(queues[row["Dimensions"]["Queue"]["Id"]],
          {{c["Metric"]["Name"]: c.get("Value") for c in row["Collections"]}})

# Join the Support queue yourself (a chat) and watch your position and estimated wait
me = connect.start_chat_contact(
    InstanceId=INSTANCE, ContactFlowId=FLOW, ParticipantDetails={{"DisplayName": "Newcomer"}},
    Attributes={{"Intent": "support", "Language": "English"}})["ContactId"]
for _ in range(10):
    contact = connect.describe_contact(InstanceId=INSTANCE, ContactId=me)["Contact"]
    if contact.get("AgentInfo"):
        print("answered by agent", contact["AgentInfo"]["Id"])
        break
    try:
        m = connect.get_contact_metrics(InstanceId=INSTANCE, ContactId=me, Metrics=[
            {{"Name": "POSITION_IN_QUEUE"}}, {{"Name": "ESTIMATED_WAIT_TIME"}}])
        print({{r["Name"]: r["Value"]["Number"] for r in m["MetricResults"]}})
    except connect.exceptions.InvalidRequestException as err:  # e.g. ringing an agent
        print(err.response["Error"]["Message"])
    time.sleep(2)

# The last five minutes of contacts
end = datetime.datetime.now(datetime.timezone.utc)
found = connect.search_contacts(InstanceId=INSTANCE, TimeRange={{
    "Type": "INITIATION_TIMESTAMP", "StartTime": end - datetime.timedelta(minutes=5),
    "EndTime": end}}, MaxResults=10)
print(found["TotalCount"], "contacts;", [(c["Channel"], c.get("AgentInfo", {{}}).get("Id"))
                                      for c in found["Contacts"]])
"""
