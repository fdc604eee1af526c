"""Imports against real second processes: a colleague's save during an import is never
lost, and two imports at once both finish (the second waits) instead of one crashing."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import select

from sgtui.clock import FixedClock
from sgtui.importers.pipeline import run_import
from sgtui.importers.write_lock import ADVISORY_KEY
from sgtui.services.context import Services
from sgtui.services.reference import seed_reference_data
from sgtui.store.database import Database
from sgtui.store.models import AuditEntry, Practice

HEADER = "ODS code,Practice name,Borough,Postcode,List size,Practice manager,Email\n"
FIRST = HEADER + (
    "G99001,Hill Surgery,Lambeth,SW2 1AA,9000,Sam Manager,hill@nhs.example\n"
    "G99002,Park Surgery,Lambeth,SW4 8BB,8000,Jo Office,park@nhs.example\n"
)
SECOND = HEADER + (
    "G99001,Hill Surgery,Lambeth,SW2 9ZZ,9000,Sam Manager,\n"
    "G99002,Park Surgery,Lambeth,SW4 8BB,8100,,\n"
)


@pytest.fixture
def svc(db: Database, clock: FixedClock) -> Services:
    """Services on a database with the reference catalogues (boroughs) seeded."""
    services = Services(db=db, clock=clock, actor="Test Officer")
    with services.session() as session:
        seed_reference_data(session, services)
    return services


def _csv(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def _practice(svc: Services, ods_code: str) -> tuple[Any, ...]:
    with svc.session() as s:
        p = s.exec(select(Practice).where(Practice.ods_code == ods_code)).one()
        return p.postcode, p.list_size, p.version


def _updates(svc: Services) -> list[tuple[str | None, str, dict[str, Any]]]:
    with svc.session() as s:
        entries = s.exec(select(AuditEntry).where(AuditEntry.action == "update")).all()
        return sorted((e.record_key, e.actor, json.loads(e.changes)) for e in entries)


def wait_for_lock_waiter(svc: Services, timeout: float = 30.0) -> None:
    """Poll ``pg_locks`` until a session waits for the import's advisory lock.

    A one-number advisory lock shows its key split in two: the high 32 bits as
    ``classid``, the low as ``objid``.
    """
    key = ADVISORY_KEY
    waiting = sa.text(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
        " AND classid::bigint = :high AND objid::bigint = :low"
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with svc.db.engine.connect() as conn:
            if conn.execute(waiting, {"high": key >> 32, "low": key & 0xFFFF_FFFF}).scalar_one():
                return
        time.sleep(0.05)
    raise AssertionError("no second import is waiting for the import lock")


def test_a_colleague_saving_during_an_import_loses_nothing(
    svc: Services, db_url: str, tmp_path: Path, spawn: Callable[..., Any]
) -> None:
    assert run_import(svc, [Path(_csv(tmp_path, "first.csv", FIRST))], backup=False).committed
    importer = spawn("import_paused", db_url, _csv(tmp_path, "second.csv", SECOND))
    importer.expect("read")  # the import has read G99001 at version 1 (and holds its lock)
    colleague = spawn("colleague", db_url, "G99001", "postcode", "SW2 7CC")
    colleague.expect("ready")
    colleague.send("go")
    if svc.db.is_sqlite:
        # The import holds the write lock since before its read: the colleague's save waits,
        # then finds the version the import wrote and is told of the conflict in the form.
        importer.send("go")
        report = json.loads(importer.read())
        assert colleague.read() == "conflict"
        assert report["committed"] and report["conflicts"] == []
        assert _practice(svc, "G99001") == ("SW2 9ZZ", 9000, 2)
    else:
        # PostgreSQL: the colleague's save lands between the import's read and its write;
        # the import leaves it as saved and reports it.
        assert colleague.read() == "saved"
        importer.send("go")
        report = json.loads(importer.read())
        assert report["committed"]
        assert report["conflicts"] == [
            {
                "record": "practice G99001",
                "field": "Postcode",
                "theirs": "SW2 7CC",
                "workbook": "SW2 9ZZ",
            }
        ]
        assert _practice(svc, "G99001") == ("SW2 7CC", 9000, 2)
    assert _practice(svc, "G99002") == ("SW4 8BB", 8100, 2)
    changed = {key: (actor, sorted(fields)) for key, actor, fields in _updates(svc)}
    g99001 = (
        ("importer", ["postcode", "source"]) if svc.db.is_sqlite else ("colleague", ["postcode"])
    )
    assert changed == {"G99001": g99001, "G99002": ("importer", ["list_size", "source"])}


def test_two_imports_at_once_both_finish_and_write_once(
    svc: Services, db_url: str, tmp_path: Path, spawn: Callable[..., Any]
) -> None:
    workbook = _csv(tmp_path, "first.csv", FIRST)
    first = spawn("import_paused", db_url, workbook)
    first.expect("read")  # holding the import lock, with both practices still to insert
    second = spawn("import_announced", db_url, workbook)
    second.expect("locking")  # the second import has reached the lock the first holds
    if not svc.db.is_sqlite:
        wait_for_lock_waiter(svc)  # ... and PostgreSQL shows it waiting for it
    first.send("go")
    one = json.loads(first.read())
    two = json.loads(second.read())
    assert (one["committed"], one.get("fatal")) == (True, None)
    assert (two["committed"], two["fatal"], two["errors"]) == (True, None, 0)
    assert [s["inserted"] for s in one["sheets"]] == [2]
    with svc.session() as s:
        assert sorted(p.ods_code for p in s.exec(select(Practice))) == ["G99001", "G99002"]
