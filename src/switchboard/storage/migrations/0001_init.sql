-- Current-state rows for every configuration resource, plus the append-only journal.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE entities (
    kind        TEXT NOT NULL,
    instance_id TEXT NOT NULL,
    id          TEXT NOT NULL,
    body        TEXT NOT NULL,
    PRIMARY KEY (kind, instance_id, id)
);

CREATE TABLE journal (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    instance_id TEXT NOT NULL,
    at          INTEGER NOT NULL,
    type        TEXT NOT NULL,
    payload     TEXT NOT NULL
);
CREATE INDEX journal_by_instance ON journal (instance_id, seq);
