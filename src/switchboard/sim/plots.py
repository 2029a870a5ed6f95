"""The report's figures (matplotlib, Agg backend, PNG files); one function per figure.

Each function takes plain sequences and a path and writes one PNG; none reads the run itself,
so `report.py` decides what goes in. matplotlib is imported lazily (it is slow to import and a
throughput run never draws).
Must not import: server, handlers, storage.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _save(fig: Any, path: Path) -> None:
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    _pyplot().close(fig)


def line_chart(
    path: Path,
    title: str,
    x_hours: Sequence[float],
    series: Mapping[str, Sequence[float | None]],
    ylabel: str,
    steps: bool = False,
) -> None:
    """Several named series over time (hours)."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(9, 3.6))
    for name, values in series.items():
        ys = [float("nan") if v is None else v for v in values]
        if steps:
            ax.step(x_hours[: len(ys)], ys, where="post", label=name or "all queues")
        else:
            ax.plot(x_hours[: len(ys)], ys, marker=".", label=name or "all queues")
    ax.set_title(title)
    ax.set_xlabel("hours since start")
    ax.set_ylabel(ylabel)
    ax.grid(alpha=0.3)
    if len(series) > 1:
        ax.legend(fontsize="small")
    _save(fig, path)


def bars(
    path: Path,
    title: str,
    x_hours: Sequence[float],
    width_hours: float,
    series: Mapping[str, Sequence[float]],
    ylabel: str,
) -> None:
    """Stacked bars per interval (for example abandoned contacts per queue)."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(9, 3.6))
    bottom = [0.0] * len(x_hours)
    for name, values in series.items():
        ax.bar(x_hours, values, width=width_hours, bottom=bottom, align="edge", label=name)
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    ax.set_title(title)
    ax.set_xlabel("hours since start")
    ax.set_ylabel(ylabel)
    ax.grid(alpha=0.3, axis="y")
    if len(series) > 1:
        ax.legend(fontsize="small")
    _save(fig, path)


def wait_histogram(
    path: Path, title: str, waits: Mapping[str, Sequence[float]], xlabel: str = "wait (s)"
) -> None:
    """Histogram (density) and empirical CDF of several wait samples, side by side."""
    plt = _pyplot()
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.6))
    top = max((max(v) for v in waits.values() if v), default=1.0)
    edges = [top * i / 40 for i in range(41)] if top > 0 else [0.0, 1.0]
    for name, values in waits.items():
        if not values:
            continue
        left.hist(values, bins=edges, alpha=0.5, density=True, label=f"{name} (n={len(values)})")
        ordered = sorted(values)
        n = len(ordered)
        right.step(ordered, [(i + 1) / n for i in range(n)], where="post", label=name)
    left.set_title(title)
    left.set_xlabel(xlabel)
    left.set_ylabel("density")
    right.set_title("cumulative share")
    right.set_xlabel(xlabel)
    right.set_ylim(0, 1)
    for ax in (left, right):
        ax.grid(alpha=0.3)
        ax.legend(fontsize="small")
    _save(fig, path)


def predicted_vs_realised(
    path: Path,
    predicted_s: Sequence[float],
    realised_s: Sequence[float],
    band_s: Sequence[tuple[float, float]] | None = None,
) -> None:
    """Scatter of predicted against realised waits, the identity line, binned means and (when
    given) the mean predicted P10-P90 band per bin of predicted wait."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(5.5, 5.0))
    ax.scatter(predicted_s, realised_s, s=4, alpha=0.25, label="contacts")
    top = max([*predicted_s, *realised_s, 1.0])
    ax.plot([0, top], [0, top], color="black", lw=1, label="perfect prediction")
    bins = 12
    sums = [0.0] * bins
    counts = [0] * bins
    for p, r in zip(predicted_s, realised_s, strict=True):
        i = min(bins - 1, int(p / top * bins))
        sums[i] += r
        counts[i] += 1
    centers = [(i + 0.5) * top / bins for i in range(bins) if counts[i]]
    means = [sums[i] / counts[i] for i in range(bins) if counts[i]]
    if band_s is not None and len(band_s) == len(predicted_s):
        lows, highs = [0.0] * bins, [0.0] * bins
        for p, (lo, hi) in zip(predicted_s, band_s, strict=True):
            i = min(bins - 1, int(p / top * bins))
            lows[i] += lo
            highs[i] += hi
        ax.fill_between(
            centers,
            [lows[i] / counts[i] for i in range(bins) if counts[i]],
            [highs[i] / counts[i] for i in range(bins) if counts[i]],
            color="tab:orange", alpha=0.25, label="predicted P10-P90 (bin mean)",
        )  # fmt: skip
    ax.plot(centers, means, color="tab:red", marker="o", label="mean realised per bin")
    ax.set_xlabel("predicted wait at queue entry (s) - GetContactMetrics")
    ax.set_ylabel("realised wait (s)")
    ax.set_title("Predicted vs realised wait")
    ax.grid(alpha=0.3)
    ax.legend(fontsize="small")
    _save(fig, path)
