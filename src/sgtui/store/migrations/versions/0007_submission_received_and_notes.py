"""a submission's received / quality-checked date and its notes

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01

Officers record when the partnership confirmed it received an agency's chronology or
IMR, and keep a note on each request ("extension agreed to 14/03"). Both were in the
legacy workbooks' request sheets; neither had a column. Existing rows get NULL.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

COLUMNS = (("quality_checked_on", sa.Date()), ("notes", sa.String()))


def upgrade() -> None:
    """Plain ADD COLUMN (as 0004 and 0005): no table copy, so no child row is lost."""
    for name, kind in COLUMNS:
        op.add_column("submission", sa.Column(name, kind, nullable=True))


def downgrade() -> None:
    """SQLite's own DROP COLUMN (3.35+), again without a table copy."""
    sqlite = op.get_bind().dialect.name == "sqlite"
    for name, _kind in COLUMNS:
        if sqlite:
            op.execute(f'ALTER TABLE "submission" DROP COLUMN "{name}"')
        else:
            op.drop_column("submission", name)
