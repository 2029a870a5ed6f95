"""Contact-level metrics (GetContactMetrics, R2.1-R2.3): position in queue and estimated wait.

* POSITION_IN_QUEUE = `RoutingEngine.position` (R2.2.2: 1 + the contacts the engine would
  route before this one now: same queue and channel, priority, routing age, and the same
  active routing-step expression). O(log n).
* ESTIMATED_WAIT_TIME = the estimator's mean for a context with `position - 1` contacts
  ahead and the time already waited (O(agents serving the queue)), rounded to whole seconds
  (R2.3.1).
Both exist only while the contact waits in a queue (R2.1.2); otherwise `ContactNotInQueueError`
(R2.1.3 ASSUMPTION: InvalidRequestException).
Must not import: anything outside the standard library and `domain.*`.
"""

from __future__ import annotations

from enum import StrEnum

from switchboard.domain.errors import InvalidRequestError
from switchboard.domain.metrics.ewt import Estimate, WaitTimeEstimator
from switchboard.domain.metrics.learning import OnlineStats
from switchboard.domain.metrics.wait_context import wait_context
from switchboard.domain.routing.engine import RoutingEngine
from switchboard.domain.values import hot_value


class ContactMetricName(StrEnum):
    POSITION_IN_QUEUE = "POSITION_IN_QUEUE"
    ESTIMATED_WAIT_TIME = "ESTIMATED_WAIT_TIME"


class ContactNotInQueueError(InvalidRequestError):
    def __init__(self, contact_id: str) -> None:
        super().__init__(
            f"Contact {contact_id} is not in queue: contact metrics exist only while the "
            "contact waits in a queue"
        )
        self.contact_id = contact_id


@hot_value
class ContactMetrics:
    position: int
    estimate: Estimate | None

    @property
    def estimated_wait_s(self) -> int | None:
        return None if self.estimate is None else round(self.estimate.mean_s)


def contact_metrics(
    engine: RoutingEngine,
    stats: OnlineStats,
    estimator: WaitTimeEstimator,
    contact_id: str,
    now: int,
    with_estimate: bool = True,
) -> ContactMetrics:
    """Position and (when asked) wait estimate of a contact waiting in a queue.

    Raises: ContactNotInQueueError when the engine does not hold it as QUEUED (an offered
    contact has left the line, R2.1.2); the caller checks that the contact exists first.
    """
    if not engine.has_contact(contact_id):
        raise ContactNotInQueueError(contact_id)
    place = engine.queue_place(contact_id)
    if place is None:
        raise ContactNotInQueueError(contact_id)
    position = place.position
    estimate = None
    if with_estimate:
        context = wait_context(
            engine, stats, place.queue_id, place.channel, position - 1, now - place.enqueued_at,
            now=now, priority=place.queue_priority, contact_id=contact_id,
        )  # fmt: skip
        estimate = estimator.estimate(context)
    return ContactMetrics(position, estimate)
