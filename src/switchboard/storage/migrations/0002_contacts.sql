-- Contact records (one row per segment) with the columns search and metrics filter on,
-- and the latest routing-engine snapshot of each instance.
CREATE TABLE contacts (
    instance_id       TEXT NOT NULL,
    id                TEXT NOT NULL,
    channel           TEXT NOT NULL,
    initiation_method TEXT NOT NULL,
    status            TEXT NOT NULL,
    initiated_at      BIGINT NOT NULL,
    enqueued_at       BIGINT,
    connected_at      BIGINT,
    disconnected_at   BIGINT,
    scheduled_at      BIGINT,
    queue_id          TEXT,
    agent_id          TEXT,
    body              TEXT NOT NULL,
    PRIMARY KEY (instance_id, id)
);
CREATE INDEX contacts_by_initiation ON contacts (instance_id, initiated_at);
CREATE INDEX contacts_by_enqueue ON contacts (instance_id, enqueued_at);
CREATE INDEX contacts_by_connect ON contacts (instance_id, connected_at);
CREATE INDEX contacts_by_disconnect ON contacts (instance_id, disconnected_at);
CREATE INDEX contacts_live ON contacts (instance_id, status);

CREATE TABLE engine_snapshots (
    instance_id TEXT PRIMARY KEY,
    seq         BIGINT NOT NULL,
    body        TEXT NOT NULL
);
