-- Grouped historical metrics: covering indexes led by (queue, channel), so a GROUP BY queue and
-- channel with `queue_id IN (...) AND channel IN (...)` reads each group's time range in index
-- order and never sorts (measured: 3x faster than sorting the basis index's rows).
CREATE INDEX contacts_metrics_by_queue_disconnect ON contacts (
    instance_id, queue_id, channel, disconnected_at, agent_id, initiation_method, connected_at,
    enqueued_at, queue_ms, interaction_ms, hold_ms, abandoned, transferred_at, missed_count,
    disconnect_reason, pre_disconnect_state
);
CREATE INDEX contacts_metrics_by_queue_enqueue ON contacts (
    instance_id, queue_id, channel, enqueued_at, agent_id
);
CREATE INDEX contacts_metrics_by_queue_finish ON contacts (
    instance_id, queue_id, channel, finished_at, agent_id, connected_at, interaction_ms, hold_ms,
    acw_ms
);
