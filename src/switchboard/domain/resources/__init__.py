"""Connect's configuration resources as immutable entities, and the rules that guard them.

Each entity is a frozen dataclass with a `KIND` naming its store table; an update builds a new
value with `dataclasses.replace`. Nothing here knows wire shapes or storage.
"""
