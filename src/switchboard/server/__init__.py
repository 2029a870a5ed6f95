"""The HTTP edge: an ASGI app that feeds requests to the protocol gateway, and its runner."""
