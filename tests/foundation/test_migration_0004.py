"""Migration 0004 adds the "done, date not recorded" flags without touching other rows.

On SQLite a batch migration copies the table; dropping the old ``lesreturn`` would have
cascade-deleted the chase log. This pins that every chase survives.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlmodel import select

from sgtui.store import migrations
from sgtui.store.database import Database
from sgtui.store.models import LesChase, LesReturn, Review

from .old_schema import database_at


def test_flags_added_false_and_the_chase_log_kept(db_url: str) -> None:
    raw = database_at(db_url, "0003")
    engine = raw.engine
    common = "created_at, updated_at, version"
    stamp = {"t": datetime(2025, 3, 1, tzinfo=UTC)}
    with engine.begin() as conn:
        for sql in (
            f"INSERT INTO practice (id, ods_code, name, active, {common}) "
            "VALUES (1, 'G85001', 'A', true, :t, :t, 1)",
            f"INSERT INTO lesscheme (id, year, {common}) VALUES (1, '2024/25', :t, :t, 1)",
            f"INSERT INTO lesreturn (id, scheme_id, practice_id, status, chase_count, {common}) "
            "VALUES (1, 1, 1, 'return_requested', 1, :t, :t, 1)",
            f"INSERT INTO leschase (id, return_id, chased_on, {common}) "
            "VALUES (1, 1, '2025-02-24', :t, :t, 1)",
            f"INSERT INTO review (id, ref, review_type, commissioning_body, stage, {common}) "
            "VALUES (1, 'LAM-SAR-2024-01', 'SAR', 'SAB', 'notified', :t, :t, 1)",
        ):
            conn.execute(sa.text(sql), stamp)
    migrations.upgrade_to_head(raw)
    flags, chases = _read_after_upgrade(raw)
    downgraded = _chases_after_downgrade(raw)
    engine.dispose()
    assert chases == [(1, date(2025, 2, 24))]
    assert flags == (False, False, False)
    assert downgraded == ([(1, "2025-02-24")], [])


def _read_after_upgrade(raw: Database) -> tuple[tuple[bool, ...], list[tuple[int, date]]]:
    with raw.session() as session:
        chases = [(c.return_id, c.chased_on) for c in session.exec(select(LesChase))]
        ret = session.exec(select(LesReturn)).one()
        review = session.exec(select(Review)).one()
        flags = (
            ret.named_gp_reviewed_undated,
            ret.payment_authorised_undated,
            review.scrt_entered_undated,
        )
    return flags, chases


def _chases_after_downgrade(raw: Database) -> tuple[list[tuple[int, str]], list[str]]:
    """Back to 0003: the chase log is still there and the flag columns are gone."""
    from alembic import command

    config = migrations.alembic_config()
    with raw.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0003")
    with raw.engine.connect() as conn:
        chases = [
            (r[0], str(r[1]))
            for r in conn.execute(sa.text("SELECT return_id, chased_on FROM leschase"))
        ]
        columns = [c["name"] for c in sa.inspect(conn).get_columns("lesreturn")]
    return chases, [c for c in columns if c.endswith("_undated")]
