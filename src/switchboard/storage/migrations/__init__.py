"""Versioned schema migrations: `NNNN_name.sql` files applied in order, each exactly once."""

from __future__ import annotations

from importlib import resources


def migration_scripts() -> list[tuple[int, str, str]]:
    """(version, name, sql) for every migration shipped with the package, in order."""
    out = []
    for entry in resources.files(__name__).iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:4].isdigit():
            out.append((int(name[:4]), name, entry.read_text(encoding="utf-8")))
    out.sort()
    return out
