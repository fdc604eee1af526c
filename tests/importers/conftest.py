"""Fixtures for the importer tests: seeded services on each backend, the sample workbooks."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from sgtui.clock import FixedClock
from sgtui.services.context import Services
from sgtui.services.reference import seed_reference_data
from sgtui.store import models
from sgtui.store.database import Database
from tests.support.disks import Tmpfs

LEGACY = Path(__file__).resolve().parents[2] / "sample_data" / "legacy"
COUNTED = (
    models.Practice,
    models.Meeting,
    models.Action,
    models.Review,
    models.Submission,
    models.ReviewTheme,
    models.Recommendation,
    models.LesScheme,
    models.LesCriterion,
    models.LesReturn,
    models.LesAnswer,
    models.Person,
    models.TrainingRecord,
    models.AuditEntry,
)


def seeded(db: Database, clock: FixedClock) -> Services:
    """Services on ``db`` with the reference catalogues in place, as a workspace has."""
    svc = Services(db=db, clock=clock, actor="Test Officer")
    with svc.session() as session:
        seed_reference_data(session, svc)
    return svc


@pytest.fixture
def svc(db: Database, clock: FixedClock) -> Services:
    """Seeded services on SQLite and PostgreSQL."""
    return seeded(db, clock)


@pytest.fixture
def sqlite_svc(sqlite_db: Database, clock: FixedClock) -> Services:
    """Seeded services on SQLite only (backups, file-level behaviour)."""
    return seeded(sqlite_db, clock)


@pytest.fixture
def legacy(tmp_path: Path) -> Iterator[Path]:
    """A private copy of sample_data/legacy (imports may write rejects beside the source)."""
    target = tmp_path / "legacy"
    shutil.copytree(LEGACY, target, ignore=shutil.ignore_patterns("*.py"))
    yield target


def table_counts(svc: Services) -> dict[str, int]:
    """Row counts of every table an import writes."""
    with svc.session() as session:
        return {
            m.__tablename__: session.execute(select(func.count()).select_from(m)).scalar_one()
            for m in COUNTED
        }


@pytest.fixture
def counts() -> object:
    """The :func:`table_counts` helper, as a fixture so test modules need not import conftest."""
    return table_counts


@pytest.fixture
def small_disk(tmpfs: Tmpfs) -> Tmpfs:
    """A 1 MB disk the test can fill up or make read-only (real ENOSPC and EROFS errors)."""
    tmpfs.mount("1m")
    return tmpfs
