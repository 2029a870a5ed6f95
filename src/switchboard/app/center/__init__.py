"""The contact center of one instance: the routing engine, live contact records, flows, timers.

One `ContactCenter` per instance is the engine owner: every command runs through it in order
(the server's event loop is the only caller), and every engine input is journaled in the same
transaction as the records it changes, so a restart replays to the identical state.
"""
