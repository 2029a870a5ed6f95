"""Switchboard: a local, real implementation of Amazon Connect's contact-queueing system.

Start a server with `switchboard serve` (or `switchboard demo`) and point any AWS SDK at it;
drive what Connect has no public API for with `switchboard.testing.Controls`; run what-if
studies with `switchboard simulate`. The layers are described in README.md.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("switchboard")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"

__all__ = ["__version__"]
