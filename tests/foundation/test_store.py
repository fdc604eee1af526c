"""The schema, its constraints and its migrations, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from sgtui.store import migrations
from sgtui.store.database import Database
from sgtui.store.engine import make_engine, open_database, resolve_url
from sgtui.store.errors import DatabaseError, safe_url
from sgtui.store.models import AuditEntry, Borough, Practice, TrainingRecord


def test_fresh_database_is_at_head(db: Database) -> None:
    assert migrations.current_revision(db) == migrations.head_revision()


def test_natural_keys_are_unique(db: Database) -> None:
    with db.session() as session:
        session.add(Practice(ods_code="G83004", name="A"))
    with pytest.raises(IntegrityError), db.session() as session:
        session.add(Practice(ods_code="G83004", name="B"))


def test_foreign_keys_are_enforced(db: Database) -> None:
    with pytest.raises(IntegrityError), db.session() as session:
        session.add(TrainingRecord(person_id=999, course_id=999, completed_on=date(2025, 1, 1)))
        session.flush()


def test_timestamps_round_trip_timezone_aware(db: Database) -> None:
    stamp = datetime(2025, 6, 1, 9, 30, tzinfo=timezone(timedelta(hours=1)))
    with db.session() as session:
        session.add(AuditEntry(at=stamp, actor="x", action="create", record_type="t", record_id=1))
    with db.session() as session:
        entry = session.exec(select(AuditEntry)).one()
    assert entry.at == stamp
    assert entry.at.tzinfo is not None
    assert entry.at.astimezone(UTC).hour == 8


def test_naive_timestamps_are_refused(db: Database) -> None:
    with pytest.raises(sa.exc.StatementError, match="naive"), db.session() as session:
        session.add(
            AuditEntry(
                at=datetime(2025, 1, 1), actor="x", action="create", record_type="t", record_id=1
            )
        )
        session.flush()


def test_every_revision_upgrades_to_head_keeping_data(db_url: str) -> None:
    """Start an empty database at the first schema, store data, then upgrade to head."""
    url = resolve_url(db_url)
    engine = make_engine(url)
    raw = Database(engine=engine, url=url)
    cascade = " CASCADE" if url.get_backend_name() == "postgresql" else ""
    with engine.begin() as conn:  # the fixture migrated it: start again from nothing
        for name in sa.inspect(conn).get_table_names():
            conn.execute(sa.text(f'DROP TABLE IF EXISTS "{name}"{cascade}'))
    script = migrations.ScriptDirectory.from_config(migrations.alembic_config())
    first = list(script.walk_revisions())[-1].revision
    migrations.upgrade_to(raw, first)
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO borough (code, name, created_at, updated_at, version) VALUES ('LAM', 'Lambeth', :t, :t, 1)"
            ),
            {"t": datetime(2025, 1, 1, tzinfo=UTC)},
        )
    assert migrations.upgrade_to_head(raw) is (first != migrations.head_revision())
    assert migrations.current_revision(raw) == migrations.head_revision()
    with raw.session() as session:
        assert [b.name for b in session.exec(select(Borough))] == ["Lambeth"]
    engine.dispose()


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    open_database(path).dispose()
    with sa.create_engine(f"sqlite:///{path}").begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = 'zz99'"))
    with pytest.raises(DatabaseError, match="newer sgtui"):
        open_database(path)


def test_not_a_database_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("hello, this is not SQLite")
    with pytest.raises(DatabaseError, match="not an sgtui database"):
        open_database(path)


def test_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="is a directory"):
        open_database(tmp_path)


def test_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="does not exist"):
        open_database(tmp_path / "nowhere" / "x.db")


def test_foreign_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sa.create_engine(f"sqlite:///{path}").begin() as conn:
        conn.execute(sa.text("CREATE TABLE stuff (x INTEGER)"))
    with pytest.raises(DatabaseError, match="not an sgtui database"):
        open_database(path)


def test_unreachable_server_message_masks_password() -> None:
    url = "postgresql+psycopg://officer:s3cret-pw@127.0.0.1:1/sgtui"
    with pytest.raises(DatabaseError) as caught:
        open_database(url)
    assert "s3cret-pw" not in str(caught.value)
    assert "cannot reach the PostgreSQL server" in str(caught.value)
    assert "***" in safe_url(url)


def test_sqlite_file_is_owner_only(tmp_path: Path) -> None:
    import os
    import stat

    if os.name != "posix":
        pytest.skip("file modes are POSIX only")
    path = tmp_path / "private.db"
    open_database(path).dispose()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
