"""The only place where wire shapes meet the domain.

Each module exports `OPERATIONS: dict[str, Handler]` for the operations it implements; a
handler takes the whole parsed request (wire names) and returns the whole response dict.
"""
