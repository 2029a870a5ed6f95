"""Metrics: real-time (queue and agent state now) and historical (over contact records)."""
