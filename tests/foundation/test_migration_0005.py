"""Migration 0005 adds a flag per dated step and raw-text columns, and loses no child row.

Every table it touches has children (a review's themes, submissions and recommendations;
a return's chase log; a meeting's attendance). A batch copy on SQLite would drop the old
table and cascade-delete them: this pins that every child survives both ways.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from sgtui.store import migrations

from .old_schema import database_at

C = "created_at, updated_at, version"
ROWS = (
    f"INSERT INTO borough (id, code, name, {C}) VALUES (1, 'LAM', 'Lambeth', :t, :t, 1)",
    f"INSERT INTO person (id, key, name, active, {C}) VALUES (1, 'k', 'A B', true, :t, :t, 1)",
    f"INSERT INTO practice (id, ods_code, name, active, {C}) "
    "VALUES (1, 'G85001', 'A', true, :t, :t, 1)",
    f"INSERT INTO lesscheme (id, year, {C}) VALUES (1, '2024/25', :t, :t, 1)",
    f"INSERT INTO lesreturn (id, scheme_id, practice_id, status, chase_count, "
    f"named_gp_reviewed_undated, payment_authorised_undated, {C}) "
    "VALUES (1, 1, 1, 'return_requested', 1, true, false, :t, :t, 1)",
    f"INSERT INTO leschase (id, return_id, chased_on, {C}) VALUES (1, 1, '2025-02-24', :t, :t, 1)",
    f"INSERT INTO review (id, ref, review_type, commissioning_body, stage, "
    f"scrt_entered_undated, {C}) VALUES (1, 'LAM-SAR-2024-01', 'SAR', 'SAB', 'panel', "
    "false, :t, :t, 1)",
    f"INSERT INTO reviewtheme (id, review_id, theme, {C}) VALUES (1, 1, 'Neglect', :t, :t, 1)",
    f"INSERT INTO submission (id, review_id, kind, agency, status, {C}) "
    "VALUES (1, 1, 'imr', 'ICB', 'requested', :t, :t, 1)",
    f"INSERT INTO recommendation (id, review_id, number, text, status, {C}) "
    "VALUES (1, 1, '1', 'Train staff', 'open', :t, :t, 1)",
    f"INSERT INTO meeting (id, ref, title, meeting_date, virtual, status, minutes_status, {C}) "
    "VALUES (1, 'M1', 'Network', '2025-03-01', false, 'held', 'none', :t, :t, 1)",
    f"INSERT INTO attendance (id, meeting_id, person_id, status, {C}) "
    "VALUES (1, 1, 1, 'present', :t, :t, 1)",
    f"INSERT INTO action (id, ref, meeting_id, text, status, {C}) "
    "VALUES (1, 'A1', 1, 'Do it', 'open', :t, :t, 1)",
)
CHILDREN = {
    "leschase": "SELECT id, return_id FROM leschase",
    "reviewtheme": "SELECT id, review_id FROM reviewtheme",
    "submission": "SELECT id, review_id FROM submission",
    "recommendation": "SELECT id, review_id FROM recommendation",
    "attendance": "SELECT id, meeting_id FROM attendance",
    "action": "SELECT id, meeting_id FROM action",
}
NEW_COLUMNS = {
    "lesreturn": {
        "contract_sent_undated",
        "contract_signed_undated",
        "return_requested_undated",
        "return_received_undated",
        "validated_undated",
    },
    "meeting": {"minutes_circulated_undated", "status_text"},
    "submission": {"submitted_undated", "kind_text"},
    "action": {"completed_undated", "status_text"},
    "recommendation": {"completed_undated", "rag_text"},
    "review": {"published_undated", "stage_text"},
}


def _children(conn: sa.Connection) -> dict[str, list[tuple[int, int]]]:
    return {t: [tuple(r) for r in conn.execute(sa.text(q))] for t, q in CHILDREN.items()}


def _new_columns(conn: sa.Connection) -> dict[str, set[str]]:
    inspector = sa.inspect(conn)
    return {
        table: {c["name"] for c in inspector.get_columns(table)} & wanted
        for table, wanted in NEW_COLUMNS.items()
    }


def test_upgrade_and_downgrade_keep_every_child(db_url: str) -> None:
    raw = database_at(db_url, "0004")
    engine = raw.engine
    with engine.begin() as conn:
        for sql in ROWS:
            conn.execute(sa.text(sql), {"t": datetime(2025, 3, 1, tzinfo=UTC)})
    migrations.upgrade_to_head(raw)
    with engine.connect() as conn:
        after_up = _children(conn)
        columns_up = _new_columns(conn)
        values = conn.execute(
            sa.text(
                "SELECT r.contract_sent_undated, r.validated_undated, r.named_gp_reviewed_undated,"
                " v.published_undated, v.stage_text, s.kind_text, s.submitted_undated"
                " FROM lesreturn r, review v, submission s"
            )
        ).one()
    from alembic import command

    config = migrations.alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0004")
    with engine.connect() as conn:
        after_down = _children(conn)
        columns_down = _new_columns(conn)
        kept_flag = conn.execute(sa.text("SELECT named_gp_reviewed_undated FROM lesreturn")).one()
    engine.dispose()
    expected = {
        "leschase": [(1, 1)],
        "reviewtheme": [(1, 1)],
        "submission": [(1, 1)],
        "recommendation": [(1, 1)],
        "attendance": [(1, 1)],
        "action": [(1, 1)],
    }
    assert after_up == expected
    assert after_down == expected
    assert columns_up == NEW_COLUMNS
    assert columns_down == {t: set() for t in NEW_COLUMNS}
    assert tuple(values) == (False, False, True, False, None, None, False)
    assert bool(kept_flag[0]) is True
