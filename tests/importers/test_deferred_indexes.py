"""Large SQLite imports drop plain indexes and build them again, inside the one transaction."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text

from sgtui.importers.pipeline import run_import
from sgtui.services import bulk
from sgtui.services.context import Services

TABLES = ("trainingrecord", "person", "auditentry")


def _indexes(svc: Services) -> set[tuple[str, str, str | None]]:
    with svc.db.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT tbl_name, name, sql FROM sqlite_master WHERE type = 'index'")
        ).all()
    return {(r[0], r[1], r[2]) for r in rows if r[0] in TABLES}


@pytest.fixture
def statements(sqlite_svc: Services, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every SQL statement sent, with the deferral threshold low enough for sample files."""
    monkeypatch.setattr(bulk, "DEFER_INDEXES_MIN", 1)
    sent: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        sent.append(statement)

    event.listen(sqlite_svc.db.engine, "before_cursor_execute", record)
    return sent


def test_indexes_rebuilt_exactly(sqlite_svc: Services, legacy: Path, statements: list[str]) -> None:
    before = _indexes(sqlite_svc)
    assert any(name == "ix_training_course_expiry" for _t, name, _s in before)
    report = run_import(sqlite_svc, [legacy / "greenwich_training.xls"], backup=False)
    assert report.committed and report.totals()["inserted"] == 2
    dropped = [s for s in statements if s.startswith("DROP INDEX")]
    assert any("ix_training_course_expiry" in s for s in dropped)
    assert not any("autoindex" in s for s in dropped)  # unique constraints stay
    assert _indexes(sqlite_svc) == before
    with sqlite_svc.db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"


def test_failure_after_drop_leaves_indexes_and_rows(
    sqlite_svc: Services,
    legacy: Path,
    statements: list[str],
    counts: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before, rows_before = _indexes(sqlite_svc), counts(sqlite_svc)
    real = bulk._insert_dicts

    def fail_on_training(conn: Any, table: Any, *args: Any) -> None:
        if table.name == "trainingrecord":
            raise RuntimeError("disk full")
        real(conn, table, *args)

    monkeypatch.setattr(bulk, "_insert_dicts", fail_on_training)
    with pytest.raises(RuntimeError, match="disk full"):
        run_import(sqlite_svc, [legacy / "greenwich_training.xls"], backup=False)
    assert any(s.startswith("DROP INDEX") for s in statements)  # the drop did happen
    assert _indexes(sqlite_svc) == before
    assert counts(sqlite_svc) == rows_before


def test_dry_run_leaves_indexes(
    sqlite_svc: Services, legacy: Path, statements: list[str], counts: Any
) -> None:
    before, rows_before = _indexes(sqlite_svc), counts(sqlite_svc)
    report = run_import(sqlite_svc, [legacy / "greenwich_training.xls"], dry_run=True)
    assert report.totals()["inserted"] == 2
    assert any(s.startswith("DROP INDEX") for s in statements)
    assert _indexes(sqlite_svc) == before
    assert counts(sqlite_svc) == rows_before


@pytest.mark.parametrize(
    ("adding", "largest_id", "dropped"), [(5, 10, False), (10, 10, True), (0, 0, False)]
)
def test_only_inserts_at_least_the_table_size_defer(
    sqlite_svc: Services,
    statements: list[str],
    monkeypatch: pytest.MonkeyPatch,
    adding: int,
    largest_id: int,
    dropped: bool,
) -> None:
    monkeypatch.setattr(bulk, "DEFER_INDEXES_MIN", 1)
    table = bulk.AuditEntry.__table__  # type: ignore[attr-defined]
    with sqlite_svc.db.engine.begin() as conn:
        conn.execute(text("DELETE FROM auditentry WHERE id < 0"))  # opens the transaction
        with bulk._indexes_deferred(conn, table, adding, largest_id):
            inside = conn.execute(
                text("SELECT count(*) FROM sqlite_master WHERE tbl_name = 'auditentry'")
            ).scalar_one()
    assert any(s.startswith("DROP INDEX") for s in statements) is dropped
    assert (inside == 1) is dropped  # only the table itself while deferred


def test_nothing_dropped_outside_a_transaction(sqlite_svc: Services, statements: list[str]) -> None:
    table = bulk.AuditEntry.__table__  # type: ignore[attr-defined]
    with sqlite_svc.db.engine.connect() as conn, bulk._indexes_deferred(conn, table, 10, 0):
        pass
    assert not any(s.startswith("DROP INDEX") for s in statements)
