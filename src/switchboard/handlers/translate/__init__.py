"""Wire <-> domain conversion helpers shared by the handlers: errors, paging, tags, search."""
