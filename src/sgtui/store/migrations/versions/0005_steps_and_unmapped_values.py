"""a "done, date not recorded" flag for every dated step; raw text beside unmapped codes

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01

0004 gave three steps a flag for a legacy workbook's bare "Y". Every other dated step
(contract sent, signed, return requested, received, validated, minutes circulated, date
submitted, completed, published) is answered the same way in real workbooks, so each
gets its flag too. A coded value (stage, status, request kind, RAG) that matches no
catalogue entry is now kept: the code column holds "unmapped:<words>" and the new
``*_text`` column the text as written. Existing rows get False and NULL.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

FLAGS = {
    "lesreturn": (
        "contract_sent_undated",
        "contract_signed_undated",
        "return_requested_undated",
        "return_received_undated",
        "validated_undated",
    ),
    "meeting": ("minutes_circulated_undated",),
    "submission": ("submitted_undated",),
    "action": ("completed_undated",),
    "recommendation": ("completed_undated",),
    "review": ("published_undated",),
}
TEXTS = {
    "meeting": ("status_text",),
    "action": ("status_text",),
    "review": ("stage_text",),
    "submission": ("kind_text",),
    "recommendation": ("rag_text",),
}


def upgrade() -> None:
    """Plain ADD COLUMN, as 0004: a batch copy of ``review`` or ``lesreturn`` on SQLite
    would drop the old table and cascade-delete its children (themes, submissions,
    recommendations, answers, the chase log)."""
    for table, columns in FLAGS.items():
        for column in columns:
            op.add_column(
                table, sa.Column(column, sa.Boolean(), nullable=False, server_default=sa.false())
            )
    for table, columns in TEXTS.items():
        for column in columns:
            op.add_column(table, sa.Column(column, sa.String(), nullable=True))


def downgrade() -> None:
    """SQLite's own DROP COLUMN (3.35+), for the same reason: no table copy.

    Unmapped codes ("unmapped:<words>") stay in the code columns; 0004's sgtui shows
    them as they are.
    """
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, columns in (*FLAGS.items(), *TEXTS.items()):
        for column in columns:
            if sqlite:
                op.execute(f'ALTER TABLE "{table}" DROP COLUMN "{column}"')
            else:
                op.drop_column(table, column)
