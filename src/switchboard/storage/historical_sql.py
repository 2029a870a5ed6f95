"""SQL for historical metrics: a `HistoricalQuery` becomes one GROUP BY over `contacts` (or,
for agent occupancy, one window-function query over `agent_activity`).

Each `Fact` is a SQL expression over the per-segment fact columns of migration 0003
(`contact_rows.metric_facts` fills them). The WHERE clause is a range on the basis column,
which leads a covering index, so the database never reads a row's JSON body::

    SELECT bucket, <group keys>, SUM(CASE WHEN <fact condition> THEN 1 ELSE 0 END), ...
    FROM contacts WHERE instance_id = ? AND <basis> >= ? AND <basis> < ? [AND <filters>]
    GROUP BY <group keys>, bucket

Two dialects: `?` + MIN/MAX (SQLite) and `%s` + LEAST/GREATEST (PostgreSQL).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from switchboard.app.ports import HistoricalQuery, HistoricalRow
from switchboard.domain.metrics.historical import Aggregate, Basis, Fact

GROUP_COLUMNS = ("queue_id", "channel", "agent_id")
_INCOMING = "('INBOUND', 'TRANSFER', 'QUEUE_TRANSFER')"
_C = "connected_at IS NOT NULL"

# fact -> (condition, value); value None means "count 1".
_FACTS: dict[Fact, tuple[str, str | None]] = {
    Fact.QUEUED: ("1 = 1", None),
    Fact.CREATED: ("1 = 1", None),
    Fact.HANDLED: (_C, None),
    Fact.HANDLED_INCOMING: (f"{_C} AND initiation_method IN {_INCOMING}", None),
    Fact.HANDLED_OUTBOUND: (f"{_C} AND initiation_method = 'OUTBOUND'", None),
    Fact.HANDLED_CALLBACK: (f"{_C} AND initiation_method = 'CALLBACK'", None),
    Fact.HANDLED_API: (f"{_C} AND initiation_method = 'API'", None),
    Fact.ABANDONED: ("abandoned = 1", None),
    Fact.AGENT_HUNG_UP_FIRST: (f"{_C} AND disconnect_reason = 'AGENT_DISCONNECT'", None),
    Fact.HOLD_ABANDONS: (
        (
            f"{_C} AND pre_disconnect_state = 'CONNECTED_ONHOLD' "
            "AND disconnect_reason = 'CUSTOMER_DISCONNECT'"
        ),
        None,
    ),
    Fact.TRANSFERRED_IN: ("initiation_method = 'TRANSFER'", None),
    Fact.TRANSFERRED_IN_FROM_QUEUE: ("initiation_method = 'QUEUE_TRANSFER'", None),
    Fact.TRANSFERRED_OUT: ("transferred_at IS NOT NULL", None),
    Fact.TRANSFERRED_OUT_FROM_QUEUE: (
        "transferred_at IS NOT NULL AND pre_disconnect_state = 'IN_QUEUE'",
        None,
    ),
    Fact.MISSED: ("missed_count > 0", "missed_count"),
    Fact.DEQUEUED: ("queue_ms IS NOT NULL", None),
    Fact.ABANDON_QUEUE_MS: ("abandoned = 1", "COALESCE(queue_ms, 0)"),
    Fact.ANSWERED: (f"{_C} AND queue_ms IS NOT NULL", None),
    Fact.ANSWER_QUEUE_MS: (f"{_C} AND queue_ms IS NOT NULL", "queue_ms"),
    Fact.HELD: (f"{_C} AND hold_ms IS NOT NULL", None),
    Fact.HOLD_MS: (f"{_C} AND hold_ms IS NOT NULL", "hold_ms"),
    Fact.INTERACTION_MS: (_C, "COALESCE(interaction_ms, 0)"),
    Fact.INTERACTION_HOLD_MS: (_C, "COALESCE(interaction_ms, 0) + COALESCE(hold_ms, 0)"),
    Fact.FINISHED_HANDLED: (_C, None),
    Fact.HANDLE_MS: (
        _C,
        "COALESCE(interaction_ms, 0) + COALESCE(hold_ms, 0) + COALESCE(acw_ms, 0)",
    ),
    Fact.ACW_MS: (_C, "COALESCE(acw_ms, 0)"),
    Fact.REMOVED_IN_X: (f"({_C} OR abandoned = 1) AND queue_ms {{cmp}} {{mark}}", None),
    Fact.ANSWERED_IN_X: (f"{_C} AND queue_ms {{cmp}} {{mark}}", None),
    Fact.ABANDONED_IN_X: ("abandoned = 1 AND queue_ms {cmp} {mark}", None),
}


@dataclass(frozen=True, slots=True)
class Dialect:
    mark: str
    least: str
    greatest: str
    #: SQLite sums a condition directly (true is 1): half the bytecode of CASE per row.
    sums_booleans: bool


SQLITE = Dialect("?", "MIN", "MAX", sums_booleans=True)
POSTGRES = Dialect("%s", "LEAST", "GREATEST", sums_booleans=False)


def build(
    query: HistoricalQuery, dialect: Dialect, part: tuple[int, int] | None = None
) -> tuple[str, list[Any]]:
    """The SQL text and parameters for `query`; `part` narrows the basis range to a slice of
    [start, end) (buckets stay relative to `start`), for scans split across connections."""
    if query.basis is Basis.AGENT:
        return _agent_sql(query, dialect)
    return _contact_sql(query, dialect, part or (query.start, query.end))


def splittable(query: HistoricalQuery) -> bool:
    """Contact queries are additive over disjoint time slices (sums add, maxima take the max)."""
    return query.basis is not Basis.AGENT


def merge(query: HistoricalQuery, parts: list[list[HistoricalRow]]) -> list[HistoricalRow]:
    """Combine the rows of slice queries of `query` into the rows of `query`."""
    is_max = [a.fact is Fact.MAX_QUEUE_MS for a in query.aggregates]
    merged: dict[tuple[int, tuple[str | None, ...]], list[int | None]] = {}
    for rows in parts:
        for row in rows:
            into = merged.get((row.bucket, row.keys))
            if into is None:
                merged[(row.bucket, row.keys)] = list(row.values)
                continue
            for i, value in enumerate(row.values):
                if value is None:
                    continue
                before = into[i]
                if before is None:
                    into[i] = value
                else:
                    into[i] = max(before, value) if is_max[i] else before + value
    return [HistoricalRow(b, k, tuple(v)) for (b, k), v in merged.items()]


def to_rows(query: HistoricalQuery, rows: list[tuple[Any, ...]]) -> list[HistoricalRow]:
    """Decode result tuples: (bucket, *group keys, *aggregates)."""
    width = len(query.group_by)
    out = []
    for row in rows:
        values = tuple(None if v is None else int(v) for v in row[1 + width :])
        out.append(HistoricalRow(int(row[0]), tuple(row[1 : 1 + width]), values))
    return out


def _contact_sql(
    query: HistoricalQuery, d: Dialect, part: tuple[int, int]
) -> tuple[str, list[Any]]:
    for column in query.group_by:
        if column not in GROUP_COLUMNS:
            raise ValueError(f"cannot group contacts by {column}")
    basis = query.basis.value
    select_params: list[Any] = []
    if query.bucket_ms:
        bucket = f"({basis} - {d.mark}) / {d.mark}"
        select_params += [query.start, query.bucket_ms]
    else:
        bucket = "0"
    columns = [_aggregate_sql(a, d, select_params) for a in query.aggregates]
    where = [f"instance_id = {d.mark}", f"{basis} >= {d.mark}", f"{basis} < {d.mark}"]
    where_params: list[Any] = [query.instance_id, *part]
    for column, values in (
        ("queue_id", query.queue_ids),
        ("channel", query.channels),
        ("agent_id", query.agent_ids),
    ):
        if values:
            where.append(f"{column} IN ({', '.join([d.mark] * len(values))})")
            where_params.extend(values)
        elif column in query.group_by:
            where.append(f"{column} IS NOT NULL")  # R4.1.6: no queue -> summary rows only
    select = ", ".join([f"{bucket} AS bucket", *query.group_by, *columns])
    sql = f"SELECT {select} FROM contacts WHERE {' AND '.join(where)}"
    # Group keys first, bucket last: with queue and channel IN lists the rows of each group
    # come in basis order from the queue-led index (migration 0004), so there is no sort.
    # No GROUP BY at all for one summary row; HAVING drops the row of an empty window.
    keys = list(query.group_by) + (["bucket"] if query.bucket_ms else [])
    sql += f" GROUP BY {', '.join(keys)}" if keys else " HAVING COUNT(*) > 0"
    return sql, select_params + where_params


def _aggregate_sql(agg: Aggregate, d: Dialect, params: list[Any]) -> str:
    if agg.fact is Fact.MAX_QUEUE_MS:
        return "MAX(queue_ms)"
    if agg.fact not in _FACTS:
        raise ValueError(f"{agg.fact} is not a contact fact")
    condition, value = _FACTS[agg.fact]
    if agg.fact.thresholded:
        condition = condition.format(cmp="<=" if agg.inclusive else "<", mark=d.mark)
        params.append(agg.threshold_ms)
    for column, values, negate in (
        ("initiation_method", agg.initiation_methods, agg.negate_initiation),
        ("COALESCE(disconnect_reason, '')", agg.disconnect_reasons, agg.negate_disconnect),
    ):
        if values:
            marks = ", ".join([d.mark] * len(values))
            condition += f" AND {column} {'NOT IN' if negate else 'IN'} ({marks})"
            params.extend(values)
    if value is None:
        if d.sums_booleans:
            return f"COALESCE(SUM({condition}), 0)"
        return f"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END)"
    return f"SUM(CASE WHEN {condition} THEN {value} ELSE 0 END)"


def _agent_sql(query: HistoricalQuery, d: Dialect) -> tuple[str, list[Any]]:
    """Occupancy time: change points -> intervals (LEAD), clipped to the window and buckets."""
    if query.group_by not in ((), ("agent_id",)):
        raise ValueError("agent activity groups by agent_id only")
    wanted = {a.fact for a in query.aggregates}
    if not wanted <= {Fact.ON_CONTACT_MS, Fact.IDLE_MS}:
        raise ValueError("agent activity serves ON_CONTACT_MS and IDLE_MS only")
    m, lo, hi = d.mark, d.least, d.greatest
    params: list[Any] = [query.now, query.instance_id, query.end]
    user_filter = ""
    if query.agent_ids:
        user_filter = f" AND user_id IN ({', '.join([m] * len(query.agent_ids))})"
        params.extend(query.agent_ids)
    width = query.bucket_ms or max(1, query.end - query.start)
    count = -(-(query.end - query.start) // width)
    params += [count, query.start, query.start, width, query.start, width, query.end]
    group = ", agent_id" if query.group_by else ""
    sums = {
        Fact.ON_CONTACT_MS: "SUM(CASE WHEN activity = 'ON_CONTACT' THEN e - s ELSE 0 END)",
        Fact.IDLE_MS: "SUM(CASE WHEN activity = 'IDLE' THEN e - s ELSE 0 END)",
    }
    columns = ", ".join(sums[a.fact] for a in query.aggregates)
    sql = f"""
        WITH RECURSIVE points AS (
            SELECT user_id, activity, at,
                   COALESCE(LEAD(at) OVER (PARTITION BY user_id ORDER BY at, seq), {m}) AS until
            FROM agent_activity
            WHERE instance_id = {m} AND at < {m}{user_filter}
        ),
        numbers(n) AS (
            SELECT 0 UNION ALL SELECT n + 1 FROM numbers WHERE n + 1 < {m}
        ),
        spans AS (
            SELECT numbers.n AS bucket, points.user_id AS agent_id, points.activity,
                   {hi}(points.at, {m}, {m} + numbers.n * {m}) AS s,
                   {lo}(points.until, {m} + (numbers.n + 1) * {m}, {m}) AS e
            FROM points JOIN numbers ON 1 = 1
            WHERE points.activity IN ('ON_CONTACT', 'IDLE')
        )
        SELECT bucket{group}, {columns}
        FROM spans WHERE e > s
        GROUP BY bucket{group}
    """
    return sql, params
