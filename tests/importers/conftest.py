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


class SmallDisk:
    """A 1 MB tmpfs the test can fill up or make read-only."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fill(self) -> None:
        """Write a filler file until the disk is full (unbuffered: nothing left to flush)."""
        with (self.path / "filler").open("wb", buffering=0) as handle:
            try:
                while True:
                    handle.write(b"\0" * 4096)
            except OSError:
                pass

    def read_only(self) -> None:
        """Remount the disk read-only."""
        import subprocess

        subprocess.run(["mount", "-o", "remount,ro", str(self.path)], check=True)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[SmallDisk]:
    """A 1 MB tmpfs mounted under tmp_path (Linux, as root, as in CI); skipped elsewhere.

    Real ENOSPC and EROFS errors, rather than a monkeypatched one, for the paths that
    must survive a full or read-only disk.
    """
    import os
    import subprocess
    import sys

    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs Linux and root")
    where = tmp_path / "disk"
    where.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", str(where)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({mounted.stderr.decode().strip()})")
    try:
        yield SmallDisk(where)
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True, check=False)
