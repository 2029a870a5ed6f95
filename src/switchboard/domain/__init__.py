"""The pure core of Switchboard.

Owns entities, the routing engine, flows, metrics and wait-time prediction. Imports only the
standard library: no I/O, no wall clock, no global random state, no AWS wire shapes.
"""
