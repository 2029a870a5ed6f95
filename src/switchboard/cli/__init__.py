"""The `switchboard` command: serve, demo, coverage (and later simulate)."""
