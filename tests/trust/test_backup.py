"""Backups: rotation, the daily copy, restore with checks, and `sgtui doctor`."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from sgtui import paths
from sgtui.cli.main import main
from sgtui.clock import FixedClock
from sgtui.services import records
from sgtui.services.workspace import open_workspace
from sgtui.store import backup, migrations, restore
from sgtui.store.database import Database
from sgtui.store.errors import DatabaseError
from sgtui.store.models import Practice

NOW = datetime(2025, 3, 10, 9, tzinfo=UTC)
"""The instant a copy is stamped with (the clock's, passed in)."""


def _count_practices(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM practice").fetchone()[0])
    finally:
        conn.close()


def _add_practice(path: Path, ods: str) -> None:
    svc = open_workspace(path, practices=False)
    with svc.session() as session:
        records.create(session, svc, Practice(ods_code=ods, name="Synthetic"))
    svc.db.dispose()


def test_rotation_keeps_the_newest_of_each_kind(sqlite_db: Database, clock: FixedClock) -> None:
    for _ in range(16):
        clock.advance(days=1)
        backup.backup_sqlite(sqlite_db, reason="daily", now=clock.now())
    for _ in range(12):
        clock.advance(minutes=1)
        backup.backup_sqlite(sqlite_db, reason="pre-import", now=clock.now())
    copies = backup.list_backups(paths.backup_dir(), "sgtui")
    kinds = [c.kind for c in copies]
    assert kinds.count("daily") == 14 and kinds.count("pre-import") == 10
    assert copies[0].taken_at == clock.now()  # the newest survive
    oldest_daily = min(c.taken_at for c in copies if c.kind == "daily")
    assert oldest_daily == clock.now() - timedelta(minutes=12) - timedelta(days=13)


def test_daily_copy_once_per_day_on_open(tmp_path: Path, clock: FixedClock) -> None:
    path = tmp_path / "team.db"
    open_workspace(path, clock=clock).db.dispose()
    open_workspace(path, clock=clock).db.dispose()
    assert [c.kind for c in backup.list_backups(paths.backup_dir(), "team")] == ["daily"]
    clock.advance(days=1)
    svc = open_workspace(path, clock=clock)
    assert backup.ensure_daily_backup(svc.db, clock) is None  # already taken today
    svc.db.dispose()
    assert len(backup.list_backups(paths.backup_dir(), "team")) == 2


def test_backup_restore_round_trip_keeps_the_current_database(tmp_path: Path) -> None:
    live, copy = tmp_path / "live.db", tmp_path / "copy.db"
    _add_practice(live, "G83004")
    assert main(["backup", str(copy), "--db", str(live)]) == 0
    _add_practice(live, "G83005")
    assert main(["restore", str(copy), "--db", str(live)]) == 0
    assert _count_practices(live) == 1
    kept = [c for c in backup.list_backups(paths.backup_dir(), "live") if c.kind == "pre-restore"]
    assert len(kept) == 1 and _count_practices(kept[0].path) == 2
    assert main(["doctor", "--db", str(live)]) == 0


def _corrupt(path: Path) -> None:
    with path.open("r+b") as fh:
        fh.seek(4096 * 3)
        fh.write(b"\xff" * 4096)


def _other_app(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE stuff (x)")
    conn.close()


def _newer_schema(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = 'ffffffff'")
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (_corrupt, "integrity"),
        (_other_app, "not an sgtui database"),
        (_newer_schema, "newer sgtui"),
        (lambda p: p.write_text("not a database"), "not an SQLite file"),
    ],
)
def test_restore_refuses_bad_files_and_leaves_the_database(
    tmp_path: Path, spoil: object, message: str
) -> None:
    live, bad = tmp_path / "live.db", tmp_path / "bad.db"
    _add_practice(live, "G83004")
    if spoil is _other_app:
        bad.unlink(missing_ok=True)
    else:
        backup.copy_sqlite_file(live, bad)
    spoil(bad)  # type: ignore[operator]
    with pytest.raises(DatabaseError, match=message):
        restore.restore_sqlite(live, bad, now=NOW)
    assert _count_practices(live) == 1
    left = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("live"))
    assert left == ["live.db"]  # no stray copy or journal


def test_doctor_reports_broken_links_and_loose_permissions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    live = tmp_path / "live.db"
    _add_practice(live, "G83004")
    conn = sqlite3.connect(live)  # foreign keys are off by default in a bare connection
    conn.execute("UPDATE practice SET borough_id = 999")
    conn.commit()
    conn.close()
    assert main(["doctor", "--db", str(live)]) == 1
    out = capsys.readouterr().out
    assert "broken links" in out and "practice" in out
    live.chmod(0o644)
    assert main(["doctor", "--db", str(live)]) == 1
    assert "readable by other users" in capsys.readouterr().out


def test_doctor_on_each_backend(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    open_workspace(db_url).db.dispose()
    assert main(["doctor", "--db", db_url]) == 0
    assert f"revision {migrations.HEAD_REVISION} (current)" in capsys.readouterr().out


def test_backup_of_postgresql_points_at_pg_dump(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["backup", "--db", "postgresql://u:s3cret@127.0.0.1:1/x"]) == 2
    err = capsys.readouterr().err
    assert "pg_dump" in err and "s3cret" not in err
