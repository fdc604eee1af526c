"""Fixtures shared by the foundation tests."""

from __future__ import annotations

import pytest

from sgtui.clock import FixedClock
from sgtui.services.context import Services
from sgtui.services.reference import seed_reference_data
from sgtui.store.database import Database


@pytest.fixture
def svc(db: Database, clock: FixedClock) -> Services:
    """Services on SQLite and PostgreSQL with the reference catalogues seeded."""
    services = Services(db=db, clock=clock, actor="Test Officer")
    with services.session() as session:
        seed_reference_data(session, services)
    return services
