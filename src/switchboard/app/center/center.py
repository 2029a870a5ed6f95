"""ContactCenter: the engine owner of one instance.

Owns the routing engine, the live contact records and the flow and schedule timers. Every
change goes through a unit of work: engine inputs are journaled, touched contact records are
upserted, and both commit in one transaction. A restart loads the latest engine snapshot and
replays the engine inputs journaled after it (`inputs.py`), then reloads the live records.
"""

from __future__ import annotations

import heapq
import logging
from collections.abc import Callable
from typing import Any

from switchboard.app import codec
from switchboard.app.center import inputs, sync
from switchboard.app.center.activity import ActivityRecorder
from switchboard.app.ports import JournalEntry, Store
from switchboard.app.state import InstanceState
from switchboard.app.unit_of_work import UnitOfWork
from switchboard.domain.contacts import recorder
from switchboard.domain.contacts.contact import Contact, ContactStatus
from switchboard.domain.errors import ContactNotFoundError, DomainError
from switchboard.domain.metrics.agent_tally import AgentTallies
from switchboard.domain.metrics.ewt import WaitTimeEstimator
from switchboard.domain.metrics.tracker import MetricsTracker, TrackerState
from switchboard.domain.prediction.learner import LearnerState, PredictionLearner
from switchboard.domain.resources.hierarchy import HierarchyGroup
from switchboard.domain.resources.queue import Queue
from switchboard.domain.resources.routing_profile import RoutingProfile
from switchboard.domain.resources.user import User
from switchboard.domain.routing import EngineSettings, EngineState, RoutingEngine
from switchboard.domain.routing.events import ContactConnected, Event

LOG = logging.getLogger(__name__)

SNAPSHOT_EVERY = 2_000  # engine inputs between snapshots: bounds the replay after a crash


class ContactCenter:
    def __init__(
        self,
        state: InstanceState,
        store: Store,
        clock_now: Callable[[], int],
        new_uow: Callable[[InstanceState, ContactCenter], UnitOfWork],
        settings: EngineSettings,
    ) -> None:
        self.state = state
        self.store = store
        self._clock_now = clock_now
        self._new_uow = new_uow
        self.settings = settings
        self.engine = RoutingEngine(settings)
        #: Learned handle time/patience and state start times, fed every engine event.
        self.tracker = MetricsTracker()
        #: Agents grouped for GetCurrentMetricData, kept while the engine's state is unchanged.
        self.agent_tallies = AgentTallies()
        #: The wait predictor (issue 6) and the outcomes that recalibrate it; saved with the
        #: engine snapshot and brought up to date by the journal replay, like `tracker`.
        self.prediction = PredictionLearner()
        self.estimator: WaitTimeEstimator = self.prediction.estimator
        self.contacts: dict[str, Contact] = {}
        self._now = 0
        self._inputs_since_snapshot = 0
        # App-level timers (flow Wait blocks, scheduled tasks): (due_at, contact_id).
        self._timers: list[tuple[int, str]] = []
        #: Agent activity change points for occupancy (historical metrics).
        self.activity = ActivityRecorder()
        #: Set by the use cases: runs the due app-level timer of one contact.
        self.on_timer: Callable[[ContactCenter, UnitOfWork, Contact], None] | None = None

    # ---------------------------------------------------------------- lifecycle

    @property
    def instance_id(self) -> str:
        return self.state.instance_id

    def now(self) -> int:
        """The engine's clock: the injected clock, never running backwards."""
        self._now = max(self._now, self._clock_now())
        return self._now

    def reload(self) -> None:
        """Rebuild the engine and live records from the store (snapshot + journal replay)."""
        iid = self.instance_id
        snap = self.store.load_snapshot(iid)
        after = 0
        self.tracker = MetricsTracker()
        self.prediction = PredictionLearner()
        if snap is None:
            self.engine = RoutingEngine(self.settings)
        else:
            after, body = snap
            state: EngineState = codec.decode(EngineState, body["engine"])
            self.engine = RoutingEngine.from_state(self.settings, state)
            self._now = max(self._now, int(body.get("now", 0)))
            if "metrics" in body:
                self.tracker = MetricsTracker.restore(codec.decode(TrackerState, body["metrics"]))
            if "prediction" in body:
                self.prediction = PredictionLearner.restore(
                    codec.decode(LearnerState, body["prediction"])
                )
        self.estimator = self.prediction.estimator
        replayed = 0
        while True:
            rows = self.store.journal(iid, after_seq=after, limit=5000)
            if not rows:
                break
            for seq, entry in rows:
                after = seq
                if entry.type == inputs.JOURNAL_TYPE:
                    events = inputs.replay(self.engine, entry.payload)
                    self.tracker.observe_all(events)
                    self.prediction.observe_engine(self.engine, self.tracker.stats, events)
                    self._now = max(self._now, entry.at)
                    replayed += 1
        self._inputs_since_snapshot = replayed
        self.contacts = {c.id: c for c in self.store.live_contacts(iid)}
        self.activity.seed(self.engine, (u.id for u in self.state.all(User)))
        self._timers = []
        for contact in self.contacts.values():
            self._arm(contact)
        LOG.info(
            "instance %s: engine restored (%d inputs replayed, %d live contacts)",
            iid,
            replayed,
            len(self.contacts),
        )

    def snapshot(self) -> None:
        """Store the engine's whole state so the next start replays only what follows."""
        body: dict[str, Any] = {
            "engine": codec.encode(self.engine.export_state()),
            "now": self._now,
            "metrics": codec.encode(self.tracker.export()),
            "prediction": codec.encode(self.prediction.export()),
        }
        self.store.save_snapshot(self.instance_id, body)
        self._inputs_since_snapshot = 0

    # ---------------------------------------------------------------- transactions

    def unit_of_work(self) -> UnitOfWork:
        uow = self._new_uow(self.state, self)
        uow.now = self.now()
        return uow

    def call(self, uow: UnitOfWork, op: str, *args: Any) -> list[Event]:
        """Run one engine input inside `uow`: journal it and fold its events into records."""
        try:
            events = inputs.call(self.engine, op, args)
        except DomainError:
            if self.engine.has_unreported_events():
                self._record_refusal_time()
            raise
        uow.journal(
            JournalEntry(self.instance_id, uow.now, inputs.JOURNAL_TYPE, inputs.payload(op, args))
        )
        self._inputs_since_snapshot += 1
        self.absorb(uow, events)
        return events

    def _record_refusal_time(self) -> None:
        """A refused input may have fired timers first (they stay fired); record them now,
        as an `advance` of their own, so the records and the journal keep up with the engine."""
        flush = self.unit_of_work()
        self.call(flush, "advance", self.engine.now_ms())
        flush.commit()

    def absorb(self, uow: UnitOfWork, events: list[Event]) -> None:
        self.tracker.observe_all(events)
        self.prediction.observe_engine(self.engine, self.tracker.stats, events)
        self.activity.record(uow, self.engine, events)
        for event in events:
            cid = getattr(event, "contact_id", None)
            if cid is None:
                continue
            record = uow.contact(cid)
            if record is None:
                continue
            updated = recorder.apply(record, event)
            if isinstance(event, ContactConnected):
                updated = self._with_agent_hierarchy(updated, event.user_id)
            if updated is not record:
                uow.put_contact(updated)

    def after_commit(self, contacts: list[Contact]) -> None:
        for contact in contacts:
            if contact.status.is_live:
                self.contacts[contact.id] = contact
                self._arm(contact)
            else:
                self.contacts.pop(contact.id, None)
        if self._inputs_since_snapshot >= SNAPSHOT_EVERY:
            try:
                self.snapshot()
            except Exception:  # a failed snapshot only means a longer replay next start
                LOG.exception("instance %s: engine snapshot failed", self.instance_id)

    def find_contact(self, contact_id: str) -> Contact | None:
        """A live record from memory, else a finished one from the store."""
        live = self.contacts.get(contact_id)
        if live is not None:
            return live
        return self.store.get_contact(self.instance_id, contact_id)

    def require_contact(self, contact_id: str) -> Contact:
        found = self.find_contact(contact_id)
        if found is None:
            raise ContactNotFoundError(contact_id)
        return found

    # ---------------------------------------------------------------- resources -> engine

    def commit_failed(self) -> None:
        """The engine ran ahead of a batch the store refused: rebuild it from the store."""
        self.reload()

    def before_commit(self, uow: UnitOfWork) -> None:
        """Apply pending resource changes of `uow` to the engine, in dependency order."""
        puts = uow.pending_puts()
        deletes = uow.pending_deletes()
        now = self.now()
        for cls, put_op in (
            (Queue, "put_queue"),
            (RoutingProfile, "put_routing_profile"),
            (User, "put_agent"),
        ):
            for entity in puts:
                if isinstance(entity, cls):
                    self.call(uow, put_op, _config(entity), now)
        for kind, remove_op in (
            (User.KIND, "remove_agent"),
            (RoutingProfile.KIND, "remove_routing_profile"),
            (Queue.KIND, "remove_queue"),
        ):
            for deleted_kind, entity_id in deletes:
                if deleted_kind == kind and uow.deleted_entity(kind, entity_id) is not None:
                    self.call(uow, remove_op, entity_id, now)

    # ---------------------------------------------------------------- timers

    def next_due(self) -> int | None:
        """The earliest instant at which `advance` has work to do."""
        engine_due = self.engine.next_due()
        while self._timers and not self._timer_valid(*self._timers[0]):
            heapq.heappop(self._timers)
        app_due = self._timers[0][0] if self._timers else None
        dues = [d for d in (engine_due, app_due) if d is not None]
        return min(dues) if dues else None

    def advance(self) -> bool:
        """Fire everything due by now; True when something happened."""
        now = self.now()
        due = self.next_due()
        if due is None or due > now:
            return False
        uow = self.unit_of_work()
        engine_due = self.engine.next_due()
        if engine_due is not None and engine_due <= now:
            self.call(uow, "advance", now)
        while self._timers and self._timers[0][0] <= now:
            due_at, cid = heapq.heappop(self._timers)
            contact = uow.contact(cid)
            if contact is not None and self._timer_valid(due_at, cid) and self.on_timer:
                self.on_timer(self, uow, contact)
        uow.commit()
        return True

    def _arm(self, contact: Contact) -> None:
        due = _app_due(contact)
        if due is not None:
            heapq.heappush(self._timers, (due, contact.id))

    def _timer_valid(self, due_at: int, contact_id: str) -> bool:
        contact = self.contacts.get(contact_id)
        return contact is not None and _app_due(contact) == due_at

    # ---------------------------------------------------------------- helpers

    def _with_agent_hierarchy(self, contact: Contact, user_id: str) -> Contact:
        from dataclasses import replace

        user = self.state.get(User, user_id)
        if user is None or not user.hierarchy_group_id:
            return contact
        group = self.state.get(HierarchyGroup, user.hierarchy_group_id)
        if group is None:
            return contact
        return replace(contact, agent_hierarchy_group_ids=(*group.ancestor_ids, group.id))


def _app_due(contact: Contact) -> int | None:
    if contact.status is ContactStatus.SCHEDULED:
        return contact.scheduled_at
    if contact.status is ContactStatus.IN_FLOW:
        return contact.wait_until
    return None


def _config(entity: Any) -> Any:
    if isinstance(entity, Queue):
        return sync.queue_config(entity)
    if isinstance(entity, RoutingProfile):
        return sync.profile_config(entity)
    return sync.agent_config(entity)
