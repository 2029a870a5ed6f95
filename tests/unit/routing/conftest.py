"""Fixtures for the routing unit tests."""

from __future__ import annotations

import pytest

from tests.unit.routing.routing_world import World, create_world


@pytest.fixture
def world() -> World:
    return create_world()
