"""Everything a run leaves in its output directory, and the report that explains it.

    write_outputs(result, out_dir, store) -> Outputs
      contacts.csv, contacts.jsonl   every contact record (records.py)
      interval_metrics.csv           per interval and queue, GetMetricDataV2's metrics
                                     answered through `store` (metrics.py)
      summary.json                   headline numbers (also the CLI's last line)
      report.md, report.html         the report, with PNG figures (plots.py):
        queue length over time, service level per interval, wait distribution,
        abandonment, agent occupancy, predicted (GetContactMetrics) vs realised wait, and
        for a replayed trace the simulated against the recorded waits.
Must not import: server, handlers, storage.
"""

from __future__ import annotations

import html
import json
import math
import statistics
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from switchboard.app.ports import Store
from switchboard.sim import plots
from switchboard.sim.metrics import IntervalRow, SimMetrics, interval_metrics, queue_length_series
from switchboard.sim.records import SimRecord, write_csv, write_jsonl, write_table
from switchboard.sim.runner import SimResult


@dataclass(frozen=True, slots=True)
class Outputs:
    directory: Path
    files: tuple[str, ...]
    summary: dict[str, Any]


def write_outputs(
    result: SimResult, out_dir: str | Path, store: Store, elapsed_s: float | None = None
) -> Outputs:
    """Write records, metrics, summary and report into `out_dir` (created if needed); the
    metrics are answered through `store`, an empty store the records are loaded into."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    write_csv(result.records, out / "contacts.csv")
    write_jsonl(result.records, out / "contacts.jsonl")
    metrics = interval_metrics(result, store)
    write_table([r.as_dict() for r in metrics.intervals], out / "interval_metrics.csv")
    summary = summarize(result, metrics, elapsed_s)
    (out / "summary.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    sections = _sections(result, metrics.intervals, summary, out)
    (out / "report.md").write_text(_markdown(result, sections), encoding="utf-8")
    (out / "report.html").write_text(_html(result, sections), encoding="utf-8")
    files = tuple(sorted(p.name for p in out.iterdir()))
    return Outputs(out, files, summary)


# ------------------------------------------------------------------ numbers


def summarize(
    result: SimResult, metrics: SimMetrics, elapsed_s: float | None = None
) -> dict[str, Any]:
    """Headline numbers: the runner's counters, the run's SERVICE_LEVEL, ABANDONMENT_RATE and
    AVG_QUEUE_ANSWER_TIME as GetMetricDataV2 totals, wait quantiles, prediction errors."""
    s = result.summary
    total = metrics.total
    waits = sorted(s.answered_waits_ms)
    records = [r for r in result.records if not r.warmup]
    pairs = _prediction_pairs(records)
    errors = [p - r for p, r in pairs]
    summary: dict[str, Any] = {
        "scenario": result.scenario.name,
        "seed": result.seed,
        "simulated_hours": round(result.end_ms / 3_600_000, 3),
        "arrivals": s.arrivals,
        "queued": s.queued,
        "answered": s.answered,
        "abandoned": s.abandoned,
        "blocked_at_capacity": s.blocked,
        "ended_in_flow": s.flow_ended,
        "abandonment_pct": _round(total["ABANDONMENT_RATE"]),
        "mean_wait_answered_s": _round(total["AVG_QUEUE_ANSWER_TIME"]),
        "p90_wait_answered_s": _round(waits[int(0.9 * (len(waits) - 1))] / 1000 if waits else None),
        "share_answered_without_wait": _round(
            sum(1 for w in waits if w == 0) / len(waits) if waits else None
        ),
        "service_level_pct": _round(total["SERVICE_LEVEL"]),
        "agent_occupancy_pct": _round(total["AGENT_OCCUPANCY"]),
        "prediction_pairs": len(pairs),
        "prediction_mean_error_s": _round(statistics.fmean(errors) if errors else None),
        "prediction_rmse_s": _round(
            math.sqrt(statistics.fmean(e * e for e in errors)) if errors else None
        ),
        "engine_calls": s.engine_calls,
        "kernel_events": s.kernel_events,
    }
    if elapsed_s is not None:
        summary["wall_seconds"] = round(elapsed_s, 3)
        summary["contacts_per_second"] = round(s.arrivals / elapsed_s) if elapsed_s > 0 else None
    return summary


def _prediction_pairs(records: list[SimRecord]) -> list[tuple[float, float]]:
    """(predicted, realised) waits in seconds of answered contacts that had a prediction."""
    return [
        (r.predicted_wait_ms / 1000, r.wait_ms / 1000)
        for r in records
        if r.predicted_wait_ms is not None and r.wait_ms is not None and r.answered
    ]


def _prediction_band(records: list[SimRecord]) -> list[tuple[float, float]]:
    """(P10, P90) in seconds, aligned with `_prediction_pairs`; [] when any is missing."""
    band = [
        (r.predicted_p10_ms / 1000, r.predicted_p90_ms / 1000)
        for r in records
        if r.predicted_wait_ms is not None
        and r.wait_ms is not None
        and r.answered
        and r.predicted_p10_ms is not None
        and r.predicted_p90_ms is not None
    ]
    return band if len(band) == len(_prediction_pairs(records)) else []


def _round(value: float | None, digits: int = 3) -> float | None:
    return None if value is None else round(value, digits)


# ------------------------------------------------------------------ sections


Section = tuple[str, str, list[list[str]], list[str]]  # title, text, table rows, images


def _sections(
    result: SimResult, rows: list[IntervalRow], summary: dict[str, Any], out: Path
) -> list[Section]:
    scenario = result.scenario
    step_h = scenario.interval_seconds / 3600
    queues = [q.name for q in scenario.queues]
    n = max(1, math.ceil(result.end_ms / (scenario.interval_seconds * 1000)))
    x = [i * step_h for i in range(n)]
    by_queue: dict[str, list[IntervalRow]] = defaultdict(list)
    for row in rows:
        by_queue[row.queue].append(row)
    sections: list[Section] = []
    headline = [["metric", "value"]] + [[k, _fmt(v)] for k, v in summary.items()]
    sections.append(("Summary", _describe(result), headline, []))

    fine = max(60_000, round(scenario.interval_seconds * 1000) // 6)
    kept = [r for r in result.records if not r.warmup]
    fine_x = [i * fine / 3_600_000 for i in range(math.ceil(result.end_ms / fine))]
    plots.line_chart(
        out / "queue_length.png",
        "Contacts waiting (time average)",
        fine_x,
        {q: queue_length_series(kept, 0, result.end_ms, fine, q) for q in ["", *queues]},
        "contacts in queue",
        steps=True,
    )
    sections.append(("Queue length over time", "", [], ["queue_length.png"]))

    plots.line_chart(
        out / "service_level.png",
        f"Service level ({scenario.service_level_seconds:g} s) per interval",
        x,
        {q: [r.metrics["SERVICE_LEVEL"] for r in by_queue[q]] for q in ["", *queues]},
        "% removed from queue within threshold",
    )
    text = (
        "Every per-interval number of this report and of interval_metrics.csv (columns named "
        "as the API names them) is what GetMetricDataV2 answers for the run's contacts: the "
        "records and agent activity are loaded into a store and asked through the server's own "
        "historical-metrics code. SERVICE_LEVEL counts contacts that left the queue within "
        f"{scenario.service_level_seconds:g} s among those that left it in the interval."
    )
    sections.append(("Service level per interval", text, [], ["service_level.png"]))

    answered = [r.wait_ms / 1000 for r in kept if r.answered and r.wait_ms is not None]
    abandoned = [r.wait_ms / 1000 for r in kept if r.contact.abandoned and r.wait_ms is not None]
    plots.wait_histogram(
        out / "wait_distribution.png",
        "Time in queue",
        {"answered": answered, "abandoned (time to abandon)": abandoned},
    )
    sections.append(("Wait distribution", "", [], ["wait_distribution.png"]))

    plots.bars(
        out / "abandonment.png",
        "Abandoned contacts per interval",
        x,
        step_h,
        {q: [r.metrics["CONTACTS_ABANDONED"] or 0.0 for r in by_queue[q]] for q in queues},
        "contacts",
    )
    table = [["interval start (h)", "queued", "abandoned", "abandonment %"]] + [
        [_fmt(r.interval_start_s / 3600), _fmt(r.metrics["CONTACTS_QUEUED"]),
         _fmt(r.metrics["CONTACTS_ABANDONED"]), _fmt(r.metrics["ABANDONMENT_RATE"])]
        for r in by_queue[""]
    ]  # fmt: skip
    sections.append(("Abandonment", "", table, ["abandonment.png"]))

    plots.line_chart(
        out / "occupancy.png",
        "Agent occupancy per interval",
        x,
        {"": [r.metrics["AGENT_OCCUPANCY"] for r in by_queue[""]]},
        "% of Available time on contacts",
    )
    sections.append(("Agent occupancy", "", [], ["occupancy.png"]))

    pairs = _prediction_pairs(kept)
    text = (
        "Each answered contact's wait as predicted when it joined the queue (what "
        "GetContactMetrics' ESTIMATED_WAIT_TIME said at that instant) against the wait it then "
        f"had. {len(pairs)} contacts; mean error {_fmt(summary['prediction_mean_error_s'])} s, "
        f"RMSE {_fmt(summary['prediction_rmse_s'])} s."
    )
    band = _prediction_band(kept)
    if band:
        inside = sum(1 for (_, r), (_, hi) in zip(pairs, band, strict=True) if r <= hi)
        text += (
            f" The realised wait was at or below the predicted P90 for {inside / len(band):.1%}."
        )
    if pairs:
        plots.predicted_vs_realised(
            out / "predicted_vs_realised.png", [p for p, _ in pairs], [r for _, r in pairs],
            band or None,
        )  # fmt: skip
    sections.append(
        ("Predicted vs realised wait", text, [], ["predicted_vs_realised.png"] if pairs else [])
    )
    trace = _trace_comparison(result, kept, out)
    if trace is not None:
        sections.append(trace)
    return sections


def _trace_comparison(result: SimResult, kept: list[SimRecord], out: Path) -> Section | None:
    """Simulated against recorded waits for replayed trace arrivals (per label)."""
    replayed = [r for r in kept if r.recorded_outcome is not None]
    if not replayed:
        return None
    groups: dict[str, list[SimRecord]] = defaultdict(list)
    for r in replayed:
        groups[r.label or "all"].append(r)
        if r.label:
            groups["all"].append(r)
    table = [[
        "label", "contacts", "recorded mean wait served (s)", "simulated mean wait served (s)",
        "recorded abandon %", "simulated abandon %", "recorded P(wait>0) served",
        "simulated P(wait>0) served",
    ]]  # fmt: skip
    for label in sorted(groups, key=lambda k: (k != "all", k)):
        rs = groups[label]
        rec_served = [
            r.recorded_wait_ms / 1000
            for r in rs
            if r.recorded_outcome == "AGENT" and r.recorded_wait_ms is not None
        ]
        sim_served = [r.wait_ms / 1000 for r in rs if r.answered and r.wait_ms is not None]
        rec_ab = sum(1 for r in rs if r.recorded_outcome == "HANG")
        sim_ab = sum(1 for r in rs if r.contact.abandoned)
        table.append([
            label, str(len(rs)), _fmt(_mean(rec_served)), _fmt(_mean(sim_served)),
            _fmt(100 * rec_ab / len(rs)), _fmt(100 * sim_ab / len(rs)),
            _fmt(_share_positive(rec_served)), _fmt(_share_positive(sim_served)),
        ])  # fmt: skip
    everyone = groups["all"]
    plots.wait_histogram(
        out / "trace_waits.png",
        "Served callers' waits: recorded vs simulated",
        {
            "recorded": [r.recorded_wait_ms / 1000 for r in everyone if r.recorded_outcome == "AGENT" and r.recorded_wait_ms is not None],
            "simulated": [r.wait_ms / 1000 for r in everyone if r.answered and r.wait_ms is not None],
        },
    )  # fmt: skip
    hour = 3_600_000
    n = math.ceil(result.end_ms / hour)
    rec_h: list[list[float]] = [[] for _ in range(n)]
    sim_h: list[list[float]] = [[] for _ in range(n)]
    for r in everyone:
        i = min(n - 1, r.contact.initiated_at // hour)
        if r.recorded_outcome == "AGENT" and r.recorded_wait_ms is not None:
            rec_h[i].append(r.recorded_wait_ms / 1000)
        if r.answered and r.wait_ms is not None:
            sim_h[i].append(r.wait_ms / 1000)
    plots.line_chart(
        out / "trace_hourly_wait.png",
        "Mean wait of served callers per hour",
        [float(i) for i in range(n)],
        {"recorded": [_mean(v) for v in rec_h], "simulated": [_mean(v) for v in sim_h]},
        "seconds",
    )
    text = (
        "The trace's calls replayed through the engine: arrival at queue entry, recorded "
        "service time, recorded time-to-abandon as patience for callers who hung up in queue, "
        "recorded wait plus an exponential residual for callers who were served; agents "
        "present over their estimated shifts (spans of activity). Recorded waits are the "
        "trace's q_time. Agents' presence is inferred, not recorded, so differences in level "
        "say as much about the staffing estimate as about the routing."
    )
    return (
        "Replay against the recorded trace",
        text,
        table,
        ["trace_waits.png", "trace_hourly_wait.png"],
    )


def _mean(values: list[float]) -> float | None:
    return statistics.fmean(values) if values else None


def _share_positive(values: list[float]) -> float | None:
    return sum(1 for v in values if v > 0) / len(values) if values else None


def _describe(result: SimResult) -> str:
    s = result.scenario
    return (
        f"{s.description or s.name}. {len(s.queues)} queue(s), {len(s.routing_profiles)} "
        f"routing profile(s), {s.agent_count()} agent(s), {len(s.arrivals)} arrival stream(s); "
        f"{s.duration_seconds / 3600:g} h simulated (warm-up {s.warmup_seconds:g} s), seed "
        f"{result.seed}. Run in-process through Switchboard's routing engine (the server's "
        "RoutingEngine) and contact recorder on virtual time."
    )


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 1000 else f"{value:.0f}"
    return str(value)


# ------------------------------------------------------------------ rendering


def _markdown(result: SimResult, sections: list[Section]) -> str:
    lines = [f"# Simulation report: {result.scenario.name}", ""]
    for title, text, table, images in sections:
        lines += [f"## {title}", ""]
        if text:
            lines += [text, ""]
        if table:
            lines.append("| " + " | ".join(table[0]) + " |")
            lines.append("|" + "---|" * len(table[0]))
            lines += ["| " + " | ".join(row) + " |" for row in table[1:]]
            lines.append("")
        lines += [f"![{title}]({image})" for image in images]
        if images:
            lines.append("")
    return "\n".join(lines)


def _html(result: SimResult, sections: list[Section]) -> str:
    e = html.escape
    parts = [
        "<!doctype html><html><head><meta charset='utf-8'>",
        f"<title>Simulation report: {e(result.scenario.name)}</title>",
        (
            "<style>body{font-family:sans-serif;max-width:1000px;margin:auto}"
            "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px}</style>"
        ),
        f"</head><body><h1>Simulation report: {e(result.scenario.name)}</h1>",
    ]
    for title, text, table, images in sections:
        parts.append(f"<h2>{e(title)}</h2>")
        if text:
            parts.append(f"<p>{e(text)}</p>")
        if table:
            parts.append("<table><tr>" + "".join(f"<th>{e(c)}</th>" for c in table[0]) + "</tr>")
            parts += [
                "<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in table[1:]
            ]
            parts.append("</table>")
        parts += [f"<p><img src='{e(image)}' alt='{e(title)}'></p>" for image in images]
    parts.append("</body></html>")
    return "\n".join(parts)
