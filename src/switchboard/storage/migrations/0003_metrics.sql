-- Historical metrics (R4.1, R4.2): per-segment facts on `contacts` so SQL can aggregate them
-- without decoding bodies, covering indexes per attribution basis (R4.1.6), and the agent
-- activity change points that occupancy is computed from. One ADD COLUMN per statement.
ALTER TABLE contacts ADD COLUMN queue_ms BIGINT;
ALTER TABLE contacts ADD COLUMN interaction_ms BIGINT;
ALTER TABLE contacts ADD COLUMN hold_ms BIGINT;
ALTER TABLE contacts ADD COLUMN acw_ms BIGINT;
ALTER TABLE contacts ADD COLUMN finished_at BIGINT;
ALTER TABLE contacts ADD COLUMN transferred_at BIGINT;
ALTER TABLE contacts ADD COLUMN abandoned INTEGER;
ALTER TABLE contacts ADD COLUMN missed_count INTEGER;
ALTER TABLE contacts ADD COLUMN disconnect_reason TEXT;
ALTER TABLE contacts ADD COLUMN pre_disconnect_state TEXT;

-- Covering: a metric query reads the index only, never the (large) row with its JSON body.
CREATE INDEX contacts_metrics_by_disconnect ON contacts (
    instance_id, disconnected_at, queue_id, channel, agent_id, initiation_method, connected_at,
    enqueued_at, queue_ms, interaction_ms, hold_ms, abandoned, transferred_at, missed_count,
    disconnect_reason, pre_disconnect_state
);
CREATE INDEX contacts_metrics_by_enqueue ON contacts (
    instance_id, enqueued_at, queue_id, channel, agent_id
);
CREATE INDEX contacts_metrics_by_finish ON contacts (
    instance_id, finished_at, queue_id, channel, agent_id, connected_at, interaction_ms,
    hold_ms, acw_ms
);
CREATE INDEX contacts_metrics_by_initiation ON contacts (
    instance_id, initiated_at, queue_id, channel, agent_id, initiation_method
);

CREATE TABLE agent_activity (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    instance_id TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    at          BIGINT NOT NULL,
    activity    TEXT NOT NULL
);
CREATE INDEX agent_activity_by_time ON agent_activity (instance_id, at, user_id, activity);
