"""Migration 0006 adds review aliases and a review's former type, and loses no child row.

``review`` has children (themes, submissions, recommendations): a batch copy of it on
SQLite would drop the old table and cascade-delete them, so this pins that every child
survives the upgrade and the downgrade, and that an alias goes with its review.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from sgtui.store import migrations

from .old_schema import database_at

C = "created_at, updated_at, version"
ROWS = (
    f"INSERT INTO review (id, ref, review_type, commissioning_body, stage, "
    f"scrt_entered_undated, published_undated, {C}) "
    "VALUES (1, 'LAM-RR-2025-03', 'RR', 'SCP', 'rapid_review', false, false, :t, :t, 1)",
    f"INSERT INTO reviewtheme (id, review_id, theme, {C}) VALUES (1, 1, 'Neglect', :t, :t, 1)",
    f"INSERT INTO submission (id, review_id, kind, agency, status, submitted_undated, {C}) "
    "VALUES (1, 1, 'chronology', 'ICB', 'requested', false, :t, :t, 1)",
    f"INSERT INTO recommendation (id, review_id, number, text, status, completed_undated, {C}) "
    "VALUES (1, 1, '1', 'Train staff', 'open', false, :t, :t, 1)",
)
CHILDREN = {
    "reviewtheme": "SELECT id, review_id FROM reviewtheme",
    "submission": "SELECT id, review_id FROM submission",
    "recommendation": "SELECT id, review_id FROM recommendation",
}
EXPECTED = {"reviewtheme": [(1, 1)], "submission": [(1, 1)], "recommendation": [(1, 1)]}


def _children(conn: sa.Connection) -> dict[str, list[tuple[int, int]]]:
    return {t: [tuple(r) for r in conn.execute(sa.text(q))] for t, q in CHILDREN.items()}


def _schema(conn: sa.Connection) -> tuple[bool, bool]:
    """(review has former_type, the reviewalias table exists)."""
    inspector = sa.inspect(conn)
    columns = {c["name"] for c in inspector.get_columns("review")}
    return "former_type" in columns, "reviewalias" in inspector.get_table_names()


def test_upgrade_and_downgrade_keep_every_child(db_url: str) -> None:
    raw = database_at(db_url, "0005")
    engine = raw.engine
    stamp = {"t": datetime(2025, 3, 1, tzinfo=UTC)}
    with engine.begin() as conn:
        for sql in ROWS:
            conn.execute(sa.text(sql), stamp)
    migrations.upgrade_to_head(raw)
    with engine.begin() as conn:
        after_up, schema_up = _children(conn), _schema(conn)
        former = conn.execute(sa.text("SELECT former_type FROM review")).scalar_one()
        conn.execute(
            sa.text(
                f"INSERT INTO reviewalias (id, review_id, ref, {C}) "
                "VALUES (1, 1, 'LAM-RR-2025-02', :t, :t, 1)"
            ),
            stamp,
        )
    from alembic import command

    config = migrations.alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0005")
    with engine.connect() as conn:
        after_down, schema_down = _children(conn), _schema(conn)
        ref = conn.execute(sa.text("SELECT ref FROM review")).scalar_one()
    engine.dispose()
    assert after_up == EXPECTED and after_down == EXPECTED
    assert schema_up == (True, True)
    assert schema_down == (False, False)
    assert former is None
    assert ref == "LAM-RR-2025-03"


def test_an_alias_goes_with_its_review(db_url: str) -> None:
    raw = database_at(db_url, "0006")
    engine = raw.engine
    stamp = {"t": datetime(2025, 3, 1, tzinfo=UTC)}
    with engine.begin() as conn:  # make_engine turns SQLite's foreign keys on
        conn.execute(sa.text(ROWS[0]), stamp)
        conn.execute(
            sa.text(
                f"INSERT INTO reviewalias (id, review_id, ref, {C}) "
                "VALUES (1, 1, 'LAM-RR-2025-02', :t, :t, 1)"
            ),
            stamp,
        )
        conn.execute(sa.text("DELETE FROM review WHERE id = 1"))
        left = conn.execute(sa.text("SELECT count(*) FROM reviewalias")).scalar_one()
    engine.dispose()
    assert left == 0
