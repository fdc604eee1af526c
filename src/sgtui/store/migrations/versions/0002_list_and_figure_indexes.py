"""indexes for the Today figures and scoped lists

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28

Measured on the benchmark database (100k training records, 25k people), SQLite CPU time:
- ix_training_person_course_expiry (person_id, course_id, expires_on, completed_on):
  training compliance's "who holds an in-date completion" scan becomes index-only,
  167 ms -> 34 ms; the latest-completion probe of "expiring within 30 days" is covered.
- ix_person_borough_name (borough_id, name): the People list scoped to a borough, sorted
  by name, reads the index in order instead of sorting 4k rows (1.8 ms -> <0.1 ms).
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("trainingrecord", schema=None) as batch_op:
        batch_op.create_index(
            "ix_training_person_course_expiry",
            ["person_id", "course_id", "expires_on", "completed_on"],
            unique=False,
        )
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.create_index("ix_person_borough_name", ["borough_id", "name"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_index("ix_person_borough_name")
    with op.batch_alter_table("trainingrecord", schema=None) as batch_op:
        batch_op.drop_index("ix_training_person_course_expiry")
