"""No lost updates across processes, and a busy database reports itself instead of crashing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlmodel import select

from sgtui.services import records
from sgtui.services.context import Services
from sgtui.store import database
from sgtui.store.database import Database
from sgtui.store.engine import open_database
from sgtui.store.errors import DatabaseBusy
from sgtui.store.models import AuditEntry, Practice


def _practice(db: Database) -> int:
    svc = Services(db=db)
    with svc.session() as session:
        practice = records.create(session, svc, Practice(ods_code="Y00001", name="Original"))
    assert practice.id is not None
    return practice.id


def test_two_processes_saving_one_record_conflict_instead_of_overwriting(
    db: Database, db_url: str, spawn: Callable[..., Any]
) -> None:
    record_id = _practice(db)
    racers = [spawn("racer", db_url, str(record_id), name) for name in ("First", "Second")]
    for racer in racers:
        racer.expect("ready")  # both have opened version 1
    for racer in racers:
        racer.send("go")
    outcomes = sorted(racer.read() for racer in racers)
    assert outcomes == ["conflict", "saved"]
    with Services(db=db).session() as session:
        practice = session.get(Practice, record_id)
        updates = session.exec(select(AuditEntry).where(AuditEntry.action == "update")).all()
    assert practice is not None and practice.version == 2
    assert len(updates) == 1 and practice.name in ("First", "Second")


def test_stale_expected_version_in_one_process_is_a_conflict(db: Database) -> None:
    record_id = _practice(db)
    svc = Services(db=db)
    with svc.session() as session:
        records.update(session, svc, Practice, record_id, {"name": "Theirs"}, expected_version=1)
    with pytest.raises(records.ConflictError) as caught, svc.session() as session:
        records.update(session, svc, Practice, record_id, {"name": "Mine"}, expected_version=1)
    assert caught.value.current["name"] == "Theirs"


def test_busy_database_says_so_and_the_save_can_be_retried(
    sqlite_db: Database, spawn: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    record_id = _practice(sqlite_db)
    assert sqlite_db.sqlite_path is not None
    monkeypatch.setattr(database, "SQLITE_BUSY_TIMEOUT_MS", 200)
    svc = Services(db=open_database(sqlite_db.sqlite_path))

    def save() -> None:
        with svc.session() as session:
            records.update(
                session, svc, Practice, record_id, {"name": "Edited"}, expected_version=1
            )

    holder = spawn("holder", str(sqlite_db.sqlite_path))
    holder.expect("locked")
    with pytest.raises(DatabaseBusy, match="is busy"):
        save()
    holder.send("release")
    holder.expect("released")
    save()  # the same edit, retried, now goes through
    with svc.session() as session:
        assert records.get(session, Practice, record_id).name == "Edited"
    svc.db.dispose()
