"""Idempotency answers: what a request sent with an `Idempotency-Key` answered, kept so that its
retry is answered the same instead of running twice. One row per company, user and key, written
in the transaction of the change it reports; expired rows are deleted by `gefest idempotency
prune` and by the server's own timer.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 06:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "idempotency_answers",
        sa.Column("company_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("fingerprint", sa.Text(), nullable=False),
        sa.Column("status", sa.SmallInteger(), nullable=False),
        sa.Column("headers", postgresql.JSON(), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_idempotency_answers_company_id_companies"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id", "user_id"],
            ["users.company_id", "users.id"],
            name=op.f("fk_idempotency_answers_company_id_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "company_id", "user_id", "key", name=op.f("pk_idempotency_answers")
        ),
    )
    op.create_index(
        op.f("ix_idempotency_answers_recorded_at"), "idempotency_answers", ["recorded_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_idempotency_answers_recorded_at", table_name="idempotency_answers")
    op.drop_table("idempotency_answers")
