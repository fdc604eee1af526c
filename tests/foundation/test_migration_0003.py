"""Migration 0003 keeps every chase date: a return's last chase becomes its first log entry."""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlmodel import select

from sgtui.store import migrations
from sgtui.store.models import LesChase

from .old_schema import database_at


def test_last_chase_date_moves_into_the_log(db_url: str) -> None:
    raw = database_at(db_url, "0002")
    engine = raw.engine
    stamp = {"t": datetime(2025, 3, 1, tzinfo=UTC)}
    with engine.begin() as conn:
        common = "created_at, updated_at, version"
        conn.execute(
            sa.text(
                f"INSERT INTO practice (id, ods_code, name, active, {common}) VALUES (1, 'G85001', 'A', true, :t, :t, 1)"
            ),
            stamp,
        )
        conn.execute(
            sa.text(f"INSERT INTO lesscheme (id, year, {common}) VALUES (1, '2024/25', :t, :t, 1)"),
            stamp,
        )
        for rid, practice_chased in ((1, "'2025-02-24'"), (2, "NULL")):
            if rid == 2:
                conn.execute(
                    sa.text(
                        f"INSERT INTO practice (id, ods_code, name, active, {common}) VALUES (2, 'G85002', 'B', true, :t, :t, 1)"
                    ),
                    stamp,
                )
            conn.execute(
                sa.text(
                    f"INSERT INTO lesreturn (id, scheme_id, practice_id, status, chase_count, last_chased_on, {common}) "
                    f"VALUES ({rid}, 1, {rid}, 'contract_sent', {1 if rid == 1 else 0}, {practice_chased}, :t, :t, 1)"
                ),
                stamp,
            )
    migrations.upgrade_to_head(raw)
    with raw.session() as session:
        log = [(c.return_id, c.chased_on) for c in session.exec(select(LesChase))]
    engine.dispose()
    assert log == [(1, date(2025, 2, 24))]
