"""Adapters behind the app's `Store` port: memory, SQLite (default), PostgreSQL.

All mapping between entities and rows lives here; entities never inherit an ORM base.
"""
